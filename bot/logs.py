"""Logging set-up that never lets a secret (the bot token) reach a log line."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "<redacted>"


class RedactSecrets(logging.Filter):
    """Replace secrets in the formatted message (args included) and in exception text.
    Without `tracebacks`, an exception is told in one line, its type and message after
    the record's own, and a message over several lines (psycopg's pool: "connection
    failed: ...\n\tIs the server running...") is one line: an operator's log says what
    failed, one line per failure (at DEBUG, the whole traceback)."""

    def __init__(self, secrets: Iterable[str], tracebacks: bool = True) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self.tracebacks = tracebacks

    def _scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception as exc:  # a library's bad format string must not lose the record
            message = f"{record.msg!r} (unformattable: {type(exc).__name__})"
        if record.exc_info and record.exc_info[1] is not None and not self.tracebacks:
            error = record.exc_info[1]
            detail = " ".join(str(error).split())
            message = f"{message} [{type(error).__name__}{': ' + detail if detail else ''}]"
            record.exc_info = None
            record.exc_text = None
        if not self.tracebacks and "\n" in message:  # a library's message over lines
            message = " ".join(message.split())  # as the exception's detail above
        record.msg = self._scrub(message)
        record.args = None
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = self._scrub(formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self._scrub(record.stack_info)
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Root logging with redaction on every handler. httpx logs each request URL, which
    contains the token, so it is held at WARNING as well."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    redact = RedactSecrets(secrets, tracebacks=level.upper() == "DEBUG")
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # a page trafilatura cannot read is logged by it as an error; the entry keeps its
    # teaser, which is all that matters here
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
