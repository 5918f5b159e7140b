"""Thai news question-answering bot: a pure answer engine plus a thin Telegram layer."""

__version__ = "0.1.0"
