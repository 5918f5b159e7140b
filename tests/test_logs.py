"""The token never reaches a log line, not even inside an exception's traceback."""

from __future__ import annotations

import io
import logging

from bot.logs import REDACTED, RedactSecrets

TOKEN = "123456:SECRET-token-value"


def test_token_in_message_args_and_traceback_is_redacted() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([TOKEN]))
    logger = logging.getLogger("test-redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/sendMessage")
        except ConnectionError:
            logger.exception("request failed")
        logger.warning("stack", stack_info=True, extra={"token": TOKEN})
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert text.count(REDACTED) >= 2
    assert "ConnectionError" in text  # the trace itself is kept, only the secret is gone


def test_outside_debug_a_failure_is_one_line_without_the_token() -> None:
    """An operator's log at INFO tells each failure in one line (what, and why), with
    no traceback; a library's record whose format string is broken is still logged."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([TOKEN], tracebacks=False))
    logger = logging.getLogger("test-one-line")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        try:
            raise ConnectionError(f"cannot reach\nhttps://api.telegram.org/bot{TOKEN}/getMe")
        except ConnectionError:
            logger.exception("polling failed")
        logger.error("bad format %s %s", "only one")
        logger.warning(  # as psycopg's pool logs a connection it could not make
            "error connecting in %r: %s",
            "pool-1",
            'connection failed: connection to server at "127.0.0.1", port 1 failed:'
            " Connection refused\n\tIs the server running on that host?",
        )
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("polling failed [ConnectionError: cannot reach https://")
    assert TOKEN not in lines[0] and REDACTED in lines[0]
    assert "bad format" in lines[1]
    assert lines[2].endswith("Connection refused Is the server running on that host?")
