"""agno 3.1's session-linked tables, defined with SQLAlchemy Core as agno 3.1.10 creates them.

Same columns, types, nullability, primary keys, unique constraints and index names, so the DDL
kern runs is the DDL agno runs: ``agno_compactions``, ``agno_tool_results`` and
``agno_transcripts`` in the session table's schema (stamped ``3.0.0`` in
``agno_schema_versions``, as agno stamps them), and the payload table ``agno_fs`` (never
stamped; on PostgreSQL in schema ``fs``, one per database). Imported only when rows are written.

agno 3.1.10's MySQLDb has none of these tables; on MySQL kern creates them with the same names,
columns, keys and indexes, in the session table's database (``agno_fs`` too), so that the rows
of a session migrated there are kept and a migration onwards restores them. Two things differ,
because MySQL needs them: a column in a key or index is a ``VARCHAR`` of the length in
:data:`~kern_core.linked.transfer.MYSQL_KEY_CHARS` (InnoDB indexes no unbounded text; the
lengths fit its 3,072-byte key limit in utf8mb4, and a longer value is refused before anything
is written), compared byte for byte without trailing-space padding as on the other backends;
every other text column is ``LONGTEXT``.
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
from kern_core.linked.transfer import MYSQL_KEY_CHARS


def _key(dialect: Dialect, table: str, column: str) -> String:
    """A text column in a key or index: agno's unbounded ``String``, or on MySQL a
    ``VARCHAR`` of kern's length in the dialect's exact collation."""
    if not dialect.string_lengths:
        return String()
    return String(MYSQL_KEY_CHARS[table][column], collation=dialect.exact_collation)


def _text(dialect: Dialect, agno_type: Any = None) -> Any:
    """A text column in no key: agno's type (``String`` unless given), ``LONGTEXT`` on MySQL."""
    if dialect.string_lengths:
        from sqlalchemy.dialects.mysql import LONGTEXT

        return LONGTEXT(collation=dialect.exact_collation)
    return String() if agno_type is None else agno_type


def compactions(metadata: MetaData, dialect: Dialect) -> Table:
    name = "agno_compactions"
    table = Table(
        name,
        metadata,
        Column("compaction_id", _key(dialect, name, "compaction_id"), nullable=False),
        Column("session_id", _key(dialect, name, "session_id"), nullable=False),
        Column("run_id", _text(dialect)),
        Column("user_id", _text(dialect)),
        Column("first_kept_message_id", _text(dialect)),
        Column("summary", _text(dialect)),
        Column("archived_messages", _text(dialect)),
        Column("messages_compacted", BigInteger),
        Column("tokens_before", BigInteger),
        Column("tokens_after", BigInteger),
        Column("created_at", BigInteger, nullable=False),
        PrimaryKeyConstraint("compaction_id"),
        **dialect.sa_table_options(),
    )
    Index("idx_agno_compactions_session_id_created_at", table.c.session_id, table.c.created_at)
    return table


def tool_results(metadata: MetaData, dialect: Dialect) -> Table:
    name = "agno_tool_results"
    table = Table(
        name,
        metadata,
        Column("result_id", _key(dialect, name, "result_id"), nullable=False),
        Column("namespace", _key(dialect, name, "namespace"), nullable=False),
        Column("path", _key(dialect, name, "path"), nullable=False),
        Column("session_id", _key(dialect, name, "session_id"), nullable=False),
        Column("run_id", _text(dialect), nullable=False),
        Column("tool_call_id", _text(dialect), nullable=False),
        Column("tool_name", _text(dialect), nullable=False),
        Column("args_hash", _text(dialect), nullable=False),
        Column("content_type", _text(dialect), nullable=False),
        Column("size_bytes", BigInteger, nullable=False),
        Column("line_count", BigInteger, nullable=False),
        Column("preview", _text(dialect, dialect.sa_type("long_text")), nullable=False),
        Column("user_id", _text(dialect)),
        Column("created_at", BigInteger, nullable=False),
        Column("expires_at", BigInteger),
        PrimaryKeyConstraint("result_id"),
        UniqueConstraint(
            "namespace", "path", name="agno_tool_results_uq_tool_results_namespace_path"
        ),
        **dialect.sa_table_options(),
    )
    Index("idx_agno_tool_results_expires_at", table.c.expires_at)
    Index("idx_agno_tool_results_session_id_created_at", table.c.session_id, table.c.created_at)
    return table


def transcripts(metadata: MetaData, dialect: Dialect) -> Table:
    name = "agno_transcripts"
    table = Table(
        name,
        metadata,
        Column("framework", _key(dialect, name, "framework"), nullable=False),
        Column("project_key", _key(dialect, name, "project_key"), nullable=False),
        Column("session_id", _key(dialect, name, "session_id"), nullable=False),
        Column("subpath", _key(dialect, name, "subpath"), nullable=False),
        Column("position", BigInteger, nullable=False),
        Column("entry_uuid", _key(dialect, name, "entry_uuid")),
        Column("entry", _text(dialect), nullable=False),
        Column("agno_session_id", _key(dialect, name, "agno_session_id"), nullable=False),
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
        **dialect.sa_table_options(),
    )
    Index("idx_agno_transcripts_agno_session_id", table.c.agno_session_id)
    return table


def payloads(metadata: MetaData, dialect: Dialect) -> Table:
    name = PAYLOAD_TABLE
    return Table(
        name,
        metadata,
        Column("namespace", _key(dialect, name, "namespace"), nullable=False),
        Column("path", _key(dialect, name, "path"), nullable=False),
        Column("content", _text(dialect, Text()), nullable=False),
        Column("size_bytes", BigInteger, nullable=False),
        Column("version", BigInteger, nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger),
        Column(
            "user_id", _key(dialect, name, "user_id"), nullable=False, server_default=text("''")
        ),
        PrimaryKeyConstraint("namespace", "user_id", "path", name="pk_agno_fs"),
        **dialect.sa_table_options(),
    )


def statements(dialect: Dialect, names: set[str], existing: set[str]) -> list[str]:
    """DDL for the tables among ``names`` that do not exist (``existing``: the session schema's
    tables, plus ``agno_fs`` when the payload table exists)."""
    own = MetaData(schema=dialect.schema)
    tables = {
        "agno_compactions": compactions(own, dialect),
        "agno_tool_results": tool_results(own, dialect),
        "agno_transcripts": transcripts(own, dialect),
    }
    out: list[str] = []
    for name, table in tables.items():
        if name in names and name not in existing:
            out += schema.ddl(table, dialect)
    if PAYLOAD_TABLE in names and PAYLOAD_TABLE not in existing:
        fs = MetaData(schema=dialect.payload_schema or dialect.schema)
        out += schema.ddl(payloads(fs, dialect), dialect)
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
    dialect.tables_created += 1
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
