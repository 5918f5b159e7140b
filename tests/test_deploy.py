"""The deployment files say what the code does: the compose file's replicas start with
valid settings and keep apart what must be apart, the image runs as a non-root user with
a health check, and `.env.example` names every setting the bot reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


def substituted(value: str) -> str:
    """Compose's ${NAME}, ${NAME:?message} and ${NAME:-default}, from a sample .env."""
    sample = {
        "POSTGRES_PASSWORD": "pw-1234",
        "BOT_DOMAIN": "bot.example.org",
        "WEBHOOK_SECRET": "w" * 32,
    }
    return re.sub(r"\$\{(\w+)(?:[:?-][^}]*)?\}", lambda m: sample[m.group(1)], value)


def test_the_compose_replicas_start_with_valid_settings_and_their_own_data(tmp_path: Path) -> None:
    compose: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "bot1", "bot2", "proxy"} <= set(services)
    replicas = [services["bot1"], services["bot2"]]
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    seen_ids, seen_data = set(), set()
    for replica in replicas:
        env = {k: substituted(str(v)) for k, v in replica["environment"].items()}
        env["KNOWLEDGE_DIR"] = str(knowledge)  # the volume, here
        settings = load_settings({"TELEGRAM_BOT_TOKEN": "1:x", **env}, dotenv=None)
        assert settings.database_url.startswith("postgresql://newsbot:pw-1234@postgres")
        assert settings.webhook_url == "https://bot.example.org/telegram"
        assert settings.webhook_listen[1] == 8080
        seen_ids.add(settings.replica_id)
        volumes = replica["volumes"]
        assert "./knowledge:/knowledge" in volumes  # one knowledge folder for all
        seen_data.update(v for v in volumes if v.endswith(":/data"))
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert len(seen_ids) == 2 and len(seen_data) == 2  # apart: claims and index files
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "handle /telegram" in caddy and "health_uri /healthz" in caddy
    assert "bot1:8080" in caddy and "bot2:8080" in caddy


def test_the_image_runs_unprivileged_with_a_health_check_and_volumes() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    user = re.search(r"^USER (\S+)", dockerfile, re.M)
    assert user is not None and user.group(1) not in ("root", "0")
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", dockerfile, re.M)
    assert 'VOLUME ["/knowledge", "/data"]' in dockerfile
    assert "HEALTH_LISTEN=0.0.0.0:8080" in dockerfile and "EXPOSE 8080" in dockerfile
    assert 'CMD ["python", "-m", "bot", "run"]' in dockerfile


def test_env_example_names_every_setting_the_bot_reads() -> None:
    source = (ROOT / "bot" / "settings.py").read_text()
    read = set(re.findall(r'get\("([A-Z_]+)"', source))
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z_]+)=", example, re.M))
    assert read - named == set()
    assert named - read == set()


def test_docker_run_with_the_example_env_file_keeps_the_image_paths_and_health() -> None:
    """`docker run --env-file .env` puts every uncommented line of .env over the image's
    ENV: the folders and the health listener the image sets must survive a .env copied
    from .env.example."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    env_block = re.search(r"^ENV (.*?)(?:\n\n|\nRUN)", dockerfile, re.S | re.M)
    assert env_block is not None
    image = dict(re.findall(r"(\w+)=(\S+)", env_block.group(1)))
    example = (ROOT / ".env.example").read_text()
    from_file = dict(re.findall(r"^([A-Z_]+)=(.*)$", example, re.M))
    settings = load_settings(
        {**image, **from_file, "TELEGRAM_BOT_TOKEN": "1:x"}, dotenv=None, require_knowledge=False
    )
    assert settings.knowledge_dir == Path("/knowledge") and settings.data_dir == Path("/data")
    assert settings.health_listen == ("0.0.0.0", 8080)  # what HEALTHCHECK asks
    assert settings.webhook_url == "" and settings.database_url == ""  # polling, SQLite
