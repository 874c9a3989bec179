"""Domain errors whose message is fit to show a cashier."""

from __future__ import annotations


class PosError(Exception):
    """A user-facing error: the message is translated and says what to do. Nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(PosError):
    """The thing asked for does not exist."""


class InvalidInput(PosError):
    """Input that cannot be accepted (malformed number, out of range, ...)."""


class ConflictError(PosError):
    """Someone else changed the same record; reload and try again."""
