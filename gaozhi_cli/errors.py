"""Errors a user can act on. Their text is Simplified Chinese and is shown as is."""


class GaozhiError(Exception):
    """A failure caused by the user's input or environment, not by a bug in gaozhi."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(GaozhiError):
    """Wrong options, missing files, bad configuration: the CLI exits with code 2."""
