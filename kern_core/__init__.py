"""kern_core: read and manage agent sessions stored by agno in SQLite and PostgreSQL.

Both storage layouts are supported: runs as a JSON list column on the session table (agno 2.x)
and runs in a separate runs table (agno 3.x), and a migrated table holding both.
"""

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

__all__ = [
    "FIELDS",
    "SESSION_TYPES",
    "BadInputError",
    "ConflictError",
    "ConnectError",
    "DeleteReport",
    "ExportReport",
    "KernError",
    "Layout",
    "NotFoundError",
    "Page",
    "PostgresDb",
    "Run",
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
