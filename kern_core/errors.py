"""The exceptions kern_core raises: one base class, a subclass per kind of failure.

The CLI maps each subclass to an exit code; the library itself never prints or exits.
Messages are one line and never contain a password.
"""

from __future__ import annotations


class KernError(Exception):
    """Base class of every error kern_core raises on purpose."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class NotFoundError(KernError):
    """A session (or another named object) does not exist."""


class ConnectError(KernError):
    """The database cannot be reached, opened or authenticated against."""


class TableMissingError(KernError):
    """The session table does not exist where it was looked for."""


class UnrecognisedTableError(TableMissingError):
    """A table exists under the session table's name but is not a session table."""


class BadInputError(KernError):
    """Input (a URL, a name, a record, a file) is malformed or not acceptable."""


class ConflictError(KernError):
    """A write would overwrite existing sessions and the caller asked it not to."""


class VerificationError(KernError):
    """A copy did not verify: counts or checksums differ between source and target."""
