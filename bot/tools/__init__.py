"""Commands apart from the bot: eval, bench, train."""
