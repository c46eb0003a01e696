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
    "Stats": "kern_core.stats",
    "Status": "kern_core.status",
    "mask_url": "kern_core.url",
    "parse_location": "kern_core.url",
    "DeleteReport": "kern_core.writing",
    "WriteReport": "kern_core.writing",
    "BackupReport": "kern_core.backup",
    "backup_db": "kern_core.backup",
    "backup_sqlite": "kern_core.backup",
    "pg_dump_command": "kern_core.backup",
    "CopyReport": "kern_core.copying",
    "CopyVerificationError": "kern_core.copying",
    "copy_sessions": "kern_core.copying",
    "suggest_values": "kern_core.suggest",
    "ImportReport": "kern_core.importing",
    "InvalidRecordsError": "kern_core.importing",
    "ParsedRecord": "kern_core.importing",
    "RecordSource": "kern_core.importing",
    "import_sessions": "kern_core.importing",
    "parse_records": "kern_core.importing",
    "PrunePlan": "kern_core.prune",
    "plan_prune": "kern_core.prune",
    "prune_sessions": "kern_core.prune",
    "UpgradePlan": "kern_core.upgrade",
    "UpgradeReport": "kern_core.upgrade",
    "plan_upgrade": "kern_core.upgrade",
    "upgrade_table": "kern_core.upgrade",
}

__all__ = [
    "BackupReport",
    "BadInputError",
    "ConflictError",
    "ConnectError",
    "CopyReport",
    "CopyVerificationError",
    "DeleteReport",
    "ExportReport",
    "FIELDS",
    "ImportReport",
    "InvalidRecordsError",
    "KernError",
    "Layout",
    "NotFoundError",
    "Page",
    "ParsedRecord",
    "PostgresDb",
    "PrunePlan",
    "RecordSource",
    "Run",
    "SESSION_TYPES",
    "Session",
    "SessionDb",
    "SessionFilter",
    "SessionRow",
    "SqliteDb",
    "Stats",
    "Status",
    "TableMissingError",
    "UnrecognisedTableError",
    "UpgradePlan",
    "UpgradeReport",
    "VerificationError",
    "WriteReport",
    "backup_db",
    "backup_sqlite",
    "copy_sessions",
    "import_sessions",
    "mask_url",
    "open_db",
    "parse_location",
    "parse_records",
    "pg_dump_command",
    "plan_prune",
    "plan_upgrade",
    "prune_sessions",
    "upgrade_table",
    "suggest_values",
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
    from kern_core.backup import BackupReport, backup_db, backup_sqlite, pg_dump_command
    from kern_core.copying import CopyReport, CopyVerificationError, copy_sessions
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
    from kern_core.importing import (
        ImportReport,
        InvalidRecordsError,
        ParsedRecord,
        RecordSource,
        import_sessions,
        parse_records,
    )
    from kern_core.layout import Layout
    from kern_core.model import FIELDS, SESSION_TYPES, Run, Session, SessionRow
    from kern_core.prune import PrunePlan, plan_prune, prune_sessions
    from kern_core.reading import Page
    from kern_core.stats import Stats
    from kern_core.status import Status
    from kern_core.upgrade import UpgradePlan, UpgradeReport, plan_upgrade, upgrade_table
    from kern_core.url import mask_url, parse_location
    from kern_core.writing import DeleteReport, WriteReport
