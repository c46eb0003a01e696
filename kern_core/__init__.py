"""kern_core: read and manage agent sessions stored by agno in SQLite and PostgreSQL.

Both storage layouts are supported: runs as a JSON list column on the session table (agno 2.x)
and runs in a separate runs table (agno 3.x), and a migrated table holding both.

Names are imported on first use, so ``import kern_core`` costs nothing a command does not need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "SessionDb": "kern_core.db",
    "SqliteDb": "kern_core.db",
    "PostgresDb": "kern_core.db",
    "open_db": "kern_core.db",
    "KernError": "kern_core.errors",
    "NotFoundError": "kern_core.errors",
    "ConnectError": "kern_core.errors",
    "TableMissingError": "kern_core.errors",
    "UnrecognisedTableError": "kern_core.errors",
    "BadInputError": "kern_core.errors",
    "ConflictError": "kern_core.errors",
    "VerificationError": "kern_core.errors",
    "ExportReport": "kern_core.exporting",
    "SessionFilter": "kern_core.filters",
    "Layout": "kern_core.layout",
    "FIELDS": "kern_core.model",
    "SESSION_TYPES": "kern_core.model",
    "Run": "kern_core.model",
    "Session": "kern_core.model",
    "SessionRow": "kern_core.model",
    "Page": "kern_core.reading",
    "mask_url": "kern_core.url",
    "parse_location": "kern_core.url",
    "DeleteReport": "kern_core.writing",
    "WriteReport": "kern_core.writing",
}

__all__ = [
    "BadInputError",
    "ConflictError",
    "ConnectError",
    "DeleteReport",
    "ExportReport",
    "FIELDS",
    "KernError",
    "Layout",
    "NotFoundError",
    "Page",
    "PostgresDb",
    "Run",
    "SESSION_TYPES",
    "Session",
    "SessionDb",
    "SessionFilter",
    "SessionRow",
    "SqliteDb",
    "TableMissingError",
    "UnrecognisedTableError",
    "VerificationError",
    "WriteReport",
    "mask_url",
    "open_db",
    "parse_location",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kern_core' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from kern_core.db import PostgresDb, SessionDb, SqliteDb, open_db
    from kern_core.errors import (
        BadInputError,
        ConflictError,
        ConnectError,
        KernError,
        NotFoundError,
        TableMissingError,
        UnrecognisedTableError,
        VerificationError,
    )
    from kern_core.exporting import ExportReport
    from kern_core.filters import SessionFilter
    from kern_core.layout import Layout
    from kern_core.model import FIELDS, SESSION_TYPES, Run, Session, SessionRow
    from kern_core.reading import Page
    from kern_core.url import mask_url, parse_location
    from kern_core.writing import DeleteReport, WriteReport
