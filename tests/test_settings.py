from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_API_URL, SettingsError, load_settings


def test_defaults_and_dotenv(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nTELEGRAM_BOT_TOKEN='1:abc'\nADMIN_USER_IDS=1, 2\nKNOWLEDGE_DIR="
        + str(tmp_path / "kb")
        + "\nSCAN_INTERVAL=0\n",
        encoding="utf-8",
    )
    settings = load_settings({"ADMIN_USER_IDS": "3"}, dotenv)  # the environment wins
    assert settings.token == "1:abc"
    assert settings.admin_user_ids == frozenset({3})
    assert settings.scan_interval == 0
    assert settings.api_url == DEFAULT_API_URL
    assert settings.api_file_url == "https://api.telegram.org/file/bot"
    assert "1:abc" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ADMIN_USER_IDS": "12,@alice"}, "ADMIN_USER_IDS: '@alice' is not a numeric Telegram id"),
        (
            {"KNOWLEDGE_DIR": "/no/such/folder"},
            "KNOWLEDGE_DIR: folder '/no/such/folder' does not exist",
        ),
        ({"SCAN_INTERVAL": "often"}, "SCAN_INTERVAL: 'often' is not a number"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL: 'LOUD' is not one of"),
        ({"NOTIFY_CHAT_IDS": "x"}, "NOTIFY_CHAT_IDS"),
        ({"TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL"),
        ({"ANSWER_PROCESS": "yes"}, "ANSWER_PROCESS: 'yes' is not auto, on or off"),
        ({"FEEDS": "https://ok.example/rss, ftp://x"}, "FEEDS: 'ftp://x' is not an http(s) URL"),
        ({"FEED_INTERVAL": "-1"}, "FEED_INTERVAL: must be 0 (off)"),
        ({"FEED_INTERVAL": "nan"}, "FEED_INTERVAL: must be 0 (off)"),
        ({"SCAN_INTERVAL": "inf"}, "SCAN_INTERVAL: must be 0 (off)"),
        ({"SCAN_INTERVAL": "1e309"}, "SCAN_INTERVAL: must be 0 (off)"),
        ({"FEEDS": "http://"}, "FEEDS: 'http://' is not an http(s) URL"),
        ({"FEEDS": "https://a.example:99999/rss"}, "is not an http(s) URL"),
        ({"TELEGRAM_API_URL": "https://"}, "TELEGRAM_API_URL"),
        ({"FEEDS": "https://a.example/\ud800"}, "is not an http(s) URL"),
        ({"WEBHOOK_URL": "http://bot.example/hook"}, "WEBHOOK_URL: 'http://bot.example/hook'"),
        ({"WEBHOOK_URL": "https://bot.example/hook"}, "WEBHOOK_SECRET: required with WEBHOOK_URL"),
        (
            {"WEBHOOK_URL": "https://bot.example/hook", "WEBHOOK_SECRET": "short"},
            "WEBHOOK_SECRET: required",
        ),
        ({"WEBHOOK_LISTEN": "8080"}, "WEBHOOK_LISTEN: '8080' is not host:port"),
        ({"HEALTH_LISTEN": "0.0.0.0:99999"}, "HEALTH_LISTEN"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL: only postgresql://"),
        ({"OUTBOX_LEASE": "0"}, "OUTBOX_LEASE: must be between 1 and 3600"),
    ],
)
def test_invalid_settings_name_the_setting(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    (tmp_path / "kb").mkdir()
    env = {"KNOWLEDGE_DIR": str(tmp_path / "kb"), **env}
    with pytest.raises(SettingsError) as error:
        load_settings(env, dotenv=None)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"), [("ON", "on"), ("off", "off"), ("", "auto"), ("Auto", "auto")]
)
def test_the_answering_process_setting(tmp_path: Path, value: str, expected: str) -> None:
    (tmp_path / "kb").mkdir()
    env = {"KNOWLEDGE_DIR": str(tmp_path / "kb"), "ANSWER_PROCESS": value}
    assert load_settings(env, dotenv=None).answer_process == expected


def test_replica_settings_and_secrets_kept_out_of_sight(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    env = {
        "KNOWLEDGE_DIR": str(tmp_path / "kb"),
        "TELEGRAM_BOT_TOKEN": "1:tok",
        "WEBHOOK_URL": "https://bot.example/telegram",
        "WEBHOOK_SECRET": "s" * 32,
        "WEBHOOK_LISTEN": "[::1]:9000",
        "DATABASE_URL": "postgresql://bot:pa55word@db/bot",
    }
    settings = load_settings(env, dotenv=None)
    assert settings.webhook_listen == ("::1", 9000)
    assert settings.health_listen is None
    assert sorted(settings.secrets) == sorted(["1:tok", "s" * 32, "pa55word"])
    assert "pa55word" not in repr(settings) and "s" * 32 not in repr(settings)
    default = load_settings({"KNOWLEDGE_DIR": str(tmp_path / "kb")}, dotenv=None)
    assert default.webhook_url == "" and default.database_url == ""  # polling and SQLite
    assert default.webhook_listen == ("0.0.0.0", 8080)
