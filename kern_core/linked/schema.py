"""agno 3.1's session-linked tables, defined with SQLAlchemy Core as agno 3.1.10 creates them.

Same columns, types, nullability, primary keys, unique constraints and index names, so the DDL
kern runs is the DDL agno runs: ``agno_compactions``, ``agno_tool_results`` and
``agno_transcripts`` in the session table's schema (stamped ``3.0.0`` in
``agno_schema_versions``, as agno stamps them), and the payload table ``agno_fs`` (never
stamped; on PostgreSQL in schema ``fs``, one per database). Imported only when rows are written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from kern_core import schema
from kern_core.dialect import Dialect
from kern_core.layout import PAYLOAD_TABLE, VERSIONS_TABLE


def compactions(metadata: MetaData) -> Table:
    table = Table(
        "agno_compactions",
        metadata,
        Column("compaction_id", String, nullable=False),
        Column("session_id", String, nullable=False),
        Column("run_id", String),
        Column("user_id", String),
        Column("first_kept_message_id", String),
        Column("summary", String),
        Column("archived_messages", String),
        Column("messages_compacted", BigInteger),
        Column("tokens_before", BigInteger),
        Column("tokens_after", BigInteger),
        Column("created_at", BigInteger, nullable=False),
        PrimaryKeyConstraint("compaction_id"),
    )
    Index("idx_agno_compactions_session_id_created_at", table.c.session_id, table.c.created_at)
    return table


def tool_results(metadata: MetaData, dialect: Dialect) -> Table:
    table = Table(
        "agno_tool_results",
        metadata,
        Column("result_id", String, nullable=False),
        Column("namespace", String, nullable=False),
        Column("path", String, nullable=False),
        Column("session_id", String, nullable=False),
        Column("run_id", String, nullable=False),
        Column("tool_call_id", String, nullable=False),
        Column("tool_name", String, nullable=False),
        Column("args_hash", String, nullable=False),
        Column("content_type", String, nullable=False),
        Column("size_bytes", BigInteger, nullable=False),
        Column("line_count", BigInteger, nullable=False),
        Column("preview", dialect.sa_type("long_text"), nullable=False),
        Column("user_id", String),
        Column("created_at", BigInteger, nullable=False),
        Column("expires_at", BigInteger),
        PrimaryKeyConstraint("result_id"),
        UniqueConstraint(
            "namespace", "path", name="agno_tool_results_uq_tool_results_namespace_path"
        ),
    )
    Index("idx_agno_tool_results_expires_at", table.c.expires_at)
    Index("idx_agno_tool_results_session_id_created_at", table.c.session_id, table.c.created_at)
    return table


def transcripts(metadata: MetaData) -> Table:
    table = Table(
        "agno_transcripts",
        metadata,
        Column("framework", String, nullable=False),
        Column("project_key", String, nullable=False),
        Column("session_id", String, nullable=False),
        Column("subpath", String, nullable=False),
        Column("position", BigInteger, nullable=False),
        Column("entry_uuid", String),
        Column("entry", String, nullable=False),
        Column("agno_session_id", String, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        PrimaryKeyConstraint("framework", "project_key", "session_id", "subpath", "position"),
        UniqueConstraint(
            "framework",
            "project_key",
            "session_id",
            "subpath",
            "entry_uuid",
            name="agno_transcripts_uq_entry_uuid",
        ),
    )
    Index("idx_agno_transcripts_agno_session_id", table.c.agno_session_id)
    return table


def payloads(metadata: MetaData) -> Table:
    return Table(
        PAYLOAD_TABLE,
        metadata,
        Column("namespace", String, nullable=False),
        Column("path", String, nullable=False),
        Column("content", Text, nullable=False),
        Column("size_bytes", BigInteger, nullable=False),
        Column("version", BigInteger, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger),
        Column("user_id", String, nullable=False, server_default=text("''")),
        PrimaryKeyConstraint("namespace", "user_id", "path", name="pk_agno_fs"),
    )


def statements(dialect: Dialect, names: set[str], existing: set[str]) -> list[str]:
    """DDL for the tables among ``names`` that do not exist (``existing``: the session schema's
    tables, plus ``agno_fs`` when the payload table exists)."""
    own = MetaData(schema=dialect.schema)
    tables = {
        "agno_compactions": compactions(own),
        "agno_tool_results": tool_results(own, dialect),
        "agno_transcripts": transcripts(own),
    }
    out: list[str] = []
    for name, table in tables.items():
        if name in names and name not in existing:
            out += schema.ddl(table, dialect)
    if PAYLOAD_TABLE in names and PAYLOAD_TABLE not in existing:
        fs = MetaData(schema=dialect.payload_schema)
        out += schema.ddl(payloads(fs), dialect)
    return out


def create_missing(dialect: Dialect, conn: Any, names: set[str]) -> list[str]:
    """Create the linked tables among ``names`` that are missing (in the caller's transaction)
    and stamp them as agno does; returns the statements run."""
    existing = set(dialect.list_tables(conn))
    if PAYLOAD_TABLE in names and _payload_exists(dialect, conn, existing):
        existing.add(PAYLOAD_TABLE)
    else:
        existing.discard(PAYLOAD_TABLE)
    todo = statements(dialect, names, existing)
    if not todo:
        return []
    if dialect.payload_schema and PAYLOAD_TABLE in names and PAYLOAD_TABLE not in existing:
        dialect.ensure_schema(conn, dialect.payload_schema)
    for sql in todo:
        conn.execute(sql)
    stamped = [n for n in names if n != PAYLOAD_TABLE and n not in existing]
    if stamped and VERSIONS_TABLE in existing:
        now = schema.now_iso()
        p = dialect.param
        for name in stamped:
            there = conn.execute(
                f"SELECT 1 FROM {dialect.table(VERSIONS_TABLE)} WHERE table_name = {p}", [name]
            ).fetchone()
            if there is None:
                conn.execute(
                    schema.stamp_statement(dialect), [name, schema.TABLE_LAYOUT_VERSION, now, now]
                )
    return todo


def _payload_exists(dialect: Dialect, conn: Any, existing: set[str]) -> bool:
    if dialect.payload_schema is None:
        return PAYLOAD_TABLE in existing
    return dialect.has_table(conn, PAYLOAD_TABLE, dialect.payload_schema)
