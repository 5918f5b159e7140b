"""Commands apart from the bot: eval, bench, train."""


class QuestionFileError(ValueError):
    """A question file that cannot be read: the message names the file, the line and why,
    in one line (the CLI prints it instead of a traceback)."""
