"""The exceptions kern_core raises: one base class, a subclass per kind of failure.

The CLI maps each subclass to an exit code; the library itself never prints or exits.
Messages are one line and never contain a password.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: A hint names what the caller can change as ``{option:NAME}``: :attr:`KernError.hint` says
#: it in the library's terms (these), a command line in its own (:meth:`KernError.hint_as`).
LIBRARY_TERMS = {
    "database": "a database URL or SQLite path",
    "table": "session_table",
    "schema": "db_schema",
    "runs-table": "runs_table",
    "runs-table-name": "runs_table=NAME",
    "force": "overwrite=True",
    "skip-invalid": "skip_invalid=True",
    "delete-source": "delete_source=True",
    "targets": "another target database, session_table or db_schema",
    "target-table": "a target session_table",
    "location": "db_file / db_url",
    "creating": "imports and copies (writes that create their tables)",
    "prune-filters": "a time bound, user_id, no_user, agent_id, team_id, workflow_id, "
    "session_type or a run filter (run_status, run_tool, run_tool_error, run_model, "
    "run_min_tokens)",
}
_OPTION = re.compile(r"\{option:([\w-]+)\}")


class KernError(Exception):
    """Base class of every error kern_core raises on purpose."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint_template = hint

    @property
    def hint(self) -> str | None:
        """What to do about it, in the library's terms."""
        return self.hint_as(LIBRARY_TERMS)

    def hint_as(self, terms: Mapping[str, str]) -> str | None:
        """The hint with each ``{option:NAME}`` said as ``terms[NAME]`` (else the library's)."""
        if self.hint_template is None:
            return None
        return _OPTION.sub(
            lambda m: terms.get(m[1], LIBRARY_TERMS.get(m[1], m[1])), self.hint_template
        )

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> str | tuple[Any, ...]:
        """Pickled whole (message and hint), as a worker process hands it back; a subclass
        with arguments of its own pickles as it defines."""
        if type(self).__init__ is KernError.__init__:
            return (type(self), (self.message, self.hint_template))
        return super().__reduce__()


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
