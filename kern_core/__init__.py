"""kern_core: read and manage agent sessions stored by agno in SQLite, PostgreSQL and MySQL.

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
    "MySQLDb": "kern_core.db",
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
    "FIELDS": "kern_core.vocab",
    "SESSION_TYPES": "kern_core.vocab",
    "Run": "kern_core.model",
    "Session": "kern_core.model",
    "SessionRow": "kern_core.model",
    "SessionTable": "kern_core.table",
    "Page": "kern_core.reading",
    "Stats": "kern_core.stats",
    "Usage": "kern_core.usage",
    "UsageGroup": "kern_core.usage",
    "USAGE_GROUPINGS": "kern_core.usage:GROUPINGS",
    "USAGE_TOKENS": "kern_core.usage",
    "parse_usage_groupings": "kern_core.usage:parse_groupings",
    "Status": "kern_core.status",
    "mask_url": "kern_core.url",
    "parse_location": "kern_core.url",
    "DeleteReport": "kern_core.writing",
    "WriteReport": "kern_core.writing",
    "BackupReport": "kern_core.backup",
    "backup_db": "kern_core.backup",
    "backup_sqlite": "kern_core.backup",
    "pg_dump_command": "kern_core.backup",
    "CopyReport": "kern_core.copying.sessions",
    "CopyVerificationError": "kern_core.copying.sessions",
    "copy_sessions": "kern_core.copying.sessions",
    "suggest_values": "kern_core.suggest",
    "ImportReport": "kern_core.importing",
    "InvalidRecordsError": "kern_core.importing",
    "ParsedRecord": "kern_core.importing",
    "RecordSource": "kern_core.importing",
    "import_sessions": "kern_core.importing",
    "parse_records": "kern_core.importing",
    "PrunePlan": "kern_core.prune",
    "plan_prune": "kern_core.prune",
    "plan_delete": "kern_core.prune",
    "prune_sessions": "kern_core.prune",
    "IndexPlan": "kern_core.indexing",
    "add_indexes": "kern_core.indexing",
    "plan_indexes": "kern_core.indexing",
    "UpgradePlan": "kern_core.upgrade",
    "UpgradeReport": "kern_core.upgrade",
    "plan_upgrade": "kern_core.upgrade",
    "upgrade_table": "kern_core.upgrade",
    "CopyPlan": "kern_core.copying.sessions",
    "plan_copy": "kern_core.copying.sessions",
    "SameTableError": "kern_core.copying.identity",
    "decode_cursor": "kern_core.filters",
    "write_jsonl": "kern_core.exporting",
    "iter_matching_ids": "kern_core.prune",
    "check_prune_filter": "kern_core.prune:check_filter",
    "EmptyFilterError": "kern_core.prune",
    "Compaction": "kern_core.linked.extras",
    "SessionExtras": "kern_core.linked.extras",
    "envelope_id": "kern_core.linked.extras",
    "is_disk_full": "kern_core.tempfiles",
    "temp_for": "kern_core.tempfiles",
    "Location": "kern_core.url",
    "json_dumps": "kern_core.jsoncodec:dumps",
    "json_loads": "kern_core.jsoncodec:loads",
    "IdMatch": "kern_core.ids",
    "MIN_ID_PREFIX": "kern_core.ids:MIN_PREFIX",
    "resolve_session_id": "kern_core.ids",
    "resolve_session_ids": "kern_core.ids",
    "SEARCH_FIELDS": "kern_core.search",
    "SearchHit": "kern_core.search",
    "TextQuery": "kern_core.search",
}

__all__ = [
    "BackupReport",
    "Compaction",
    "EmptyFilterError",
    "CopyPlan",
    "Location",
    "SameTableError",
    "SessionExtras",
    "USAGE_GROUPINGS",
    "USAGE_TOKENS",
    "Usage",
    "UsageGroup",
    "check_prune_filter",
    "decode_cursor",
    "envelope_id",
    "is_disk_full",
    "iter_matching_ids",
    "json_dumps",
    "json_loads",
    "parse_usage_groupings",
    "plan_copy",
    "temp_for",
    "write_jsonl",
    "IdMatch",
    "MIN_ID_PREFIX",
    "resolve_session_id",
    "resolve_session_ids",
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
    "MySQLDb",
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
    "SessionTable",
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
    "plan_delete",
    "plan_upgrade",
    "plan_indexes",
    "add_indexes",
    "IndexPlan",
    "prune_sessions",
    "upgrade_table",
    "suggest_values",
    "SEARCH_FIELDS",
    "SearchHit",
    "TextQuery",
]


def __getattr__(name: str) -> Any:
    spec = _EXPORTS.get(name)
    if spec is None:
        raise AttributeError(f"module 'kern_core' has no attribute {name!r}")
    module, _, attr = spec.partition(":")  # "module:attr" exports attr under another name
    value = getattr(import_module(module), attr or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from kern_core.backup import BackupReport, backup_db, backup_sqlite, pg_dump_command
    from kern_core.copying.identity import SameTableError
    from kern_core.copying.sessions import (
        CopyPlan,
        CopyReport,
        CopyVerificationError,
        copy_sessions,
        plan_copy,
    )
    from kern_core.db import MySQLDb, PostgresDb, SessionDb, SqliteDb, open_db
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
    from kern_core.exporting import ExportReport, write_jsonl
    from kern_core.filters import SessionFilter, decode_cursor
    from kern_core.ids import MIN_PREFIX as MIN_ID_PREFIX
    from kern_core.ids import IdMatch, resolve_session_id, resolve_session_ids
    from kern_core.importing import (
        ImportReport,
        InvalidRecordsError,
        ParsedRecord,
        RecordSource,
        import_sessions,
        parse_records,
    )
    from kern_core.indexing import IndexPlan, add_indexes, plan_indexes
    from kern_core.jsoncodec import dumps as json_dumps
    from kern_core.jsoncodec import loads as json_loads
    from kern_core.layout import Layout
    from kern_core.linked.extras import Compaction, SessionExtras, envelope_id
    from kern_core.model import Run, Session, SessionRow
    from kern_core.prune import (
        EmptyFilterError,
        PrunePlan,
        iter_matching_ids,
        plan_prune,
        prune_sessions,
    )
    from kern_core.prune import check_filter as check_prune_filter
    from kern_core.reading import Page
    from kern_core.search import SEARCH_FIELDS, SearchHit, TextQuery
    from kern_core.stats import Stats
    from kern_core.status import Status
    from kern_core.suggest import suggest_values
    from kern_core.table import SessionTable
    from kern_core.tempfiles import is_disk_full, temp_for
    from kern_core.upgrade import UpgradePlan, UpgradeReport, plan_upgrade, upgrade_table
    from kern_core.url import Location, mask_url, parse_location
    from kern_core.usage import GROUPINGS as USAGE_GROUPINGS
    from kern_core.usage import USAGE_TOKENS, Usage, UsageGroup
    from kern_core.usage import parse_groupings as parse_usage_groupings
    from kern_core.vocab import FIELDS, SESSION_TYPES
    from kern_core.writing import DeleteReport, WriteReport
