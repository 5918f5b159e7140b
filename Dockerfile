# The bot in a container: python -m bot run as a non-root user, knowledge and state as
# volumes. One container is the one-machine bot (polling, SQLite in /data); several with
# WEBHOOK_URL and DATABASE_URL are replicas (see docker-compose.yml).
FROM python:3.11-slim

# the search loops are compiled at the first question and kept in the state volume
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    KNOWLEDGE_DIR=/knowledge \
    DATA_DIR=/data \
    HEALTH_LISTEN=0.0.0.0:8080 \
    WEBHOOK_LISTEN=0.0.0.0:8080 \
    NUMBA_CACHE_DIR=/data/numba-cache

RUN useradd --create-home --uid 10001 newsbot
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install . && python -c "import bot.telegram_app.app"
COPY --chown=newsbot:newsbot knowledge /knowledge
RUN mkdir -p /data && chown newsbot:newsbot /data

USER newsbot
VOLUME ["/knowledge", "/data"]
EXPOSE 8080
# /healthz is 200 once the index serves (HEALTH_LISTEN when polling, the webhook listener
# otherwise); a first build over a large folder takes minutes: hence the start period
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)"
CMD ["python", "-m", "bot", "run"]
