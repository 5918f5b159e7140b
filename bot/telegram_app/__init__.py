"""The thin Telegram layer: handlers parse updates, call the core, render replies."""
