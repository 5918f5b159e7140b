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
