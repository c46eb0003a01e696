"""The tables kern creates, defined once with SQLAlchemy Core, and their DDL per dialect.

The definitions match what agno creates (column names, types, nullability, index names, the
runs table's foreign key with ON DELETE CASCADE), so agno reads and writes kern's tables and
kern reads agno's. kern adds one index agno lacks, on ``(user_id, created_at)``: listings filter
by user and sort by time, and the pair serves a light and a heavy user alike. Imported only
by commands that may create tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)
from sqlalchemy.schema import CreateIndex, CreateTable

from kern_core.dialect import Dialect, check_identifier
from kern_core.layout import VERSIONS_TABLE
from kern_core.model import DICT_FIELDS

#: The stamps agno writes for a new table: 2.9.0 stamps 2.5.6 (runs column), 3.x stamps 3.0.0.
COLUMN_LAYOUT_VERSION = "2.5.6"
TABLE_LAYOUT_VERSION = "3.0.0"


def _text(dialect: Dialect, length: int) -> String:
    """A text column: agno's length where the dialect declares lengths (MySQL's VARCHAR(n)),
    else unbounded, as agno declares it on SQLite and PostgreSQL."""
    return String(length) if dialect.string_lengths else String()


def sessions_table(
    metadata: MetaData, name: str, dialect: Dialect, with_runs_column: bool
) -> Table:
    json_cols = list(DICT_FIELDS)
    if with_runs_column:
        json_cols.append("runs")
    json_cols.append("summary")
    table = Table(
        check_identifier(name),
        metadata,
        Column("session_id", _text(dialect, 128), nullable=False),
        Column("session_type", _text(dialect, 20), nullable=False),
        Column("agent_id", _text(dialect, 128)),
        Column("team_id", _text(dialect, 128)),
        Column("workflow_id", _text(dialect, 128)),
        Column("user_id", _text(dialect, 128)),
        *[Column(c, dialect.sa_type("json")) for c in json_cols],
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger),
        PrimaryKeyConstraint("session_id", name=f"{name}_pkey"),
        **dialect.sa_table_options(),
    )
    Index(f"idx_{name}_session_type", table.c.session_type)
    Index(f"idx_{name}_created_at", table.c.created_at)
    Index(f"idx_{name}_user_id_created_at", table.c.user_id, table.c.created_at)
    return table


def runs_table(metadata: MetaData, name: str, sessions: Table, dialect: Dialect) -> Table:
    table = Table(
        check_identifier(name),
        metadata,
        Column("run_id", _text(dialect, 128), nullable=False),
        Column(
            "session_id",
            _text(dialect, 128),
            ForeignKey(sessions.c.session_id, ondelete="CASCADE"),
            nullable=False,
        ),
        Column("run_type", _text(dialect, 20), nullable=False),
        Column("agent_id", _text(dialect, 128)),
        Column("team_id", _text(dialect, 128)),
        Column("workflow_id", _text(dialect, 128)),
        Column("user_id", _text(dialect, 128)),
        Column("parent_run_id", _text(dialect, 128)),
        Column("status", _text(dialect, 50)),
        Column("run_index", BigInteger),
        Column("run_data", dialect.sa_type("json"), nullable=False),
        Column("created_at", BigInteger, nullable=False),
        Column("updated_at", BigInteger),
        PrimaryKeyConstraint("run_id", name=f"{name}_pkey"),
        **dialect.sa_table_options(),
    )
    for col in (
        "session_id",
        "run_type",
        "agent_id",
        "team_id",
        "workflow_id",
        "user_id",
        "status",
        "created_at",
    ):
        Index(f"idx_{name}_{col}", table.c[col])
    composite = dialect.composite_index.format(table=name, columns="session_id_run_index")
    Index(composite, table.c.session_id, table.c.run_index)
    return table


def versions_table(metadata: MetaData, dialect: Dialect) -> Table:
    table = Table(
        VERSIONS_TABLE,
        metadata,
        Column("table_name", _text(dialect, 128), nullable=False),
        Column("version", _text(dialect, 10), nullable=False),
        Column("created_at", _text(dialect, 128), nullable=False),
        Column("updated_at", _text(dialect, 128)),
        PrimaryKeyConstraint("table_name", name=f"{VERSIONS_TABLE}_pkey"),
        **dialect.sa_table_options(),
    )
    Index(f"idx_{VERSIONS_TABLE}_created_at", table.c.created_at)
    return table


def ddl(table: Table, dialect: Dialect) -> list[str]:
    """CREATE TABLE and CREATE INDEX statements (IF NOT EXISTS) for one table; where each DDL
    statement commits (MySQL), one CREATE TABLE with its indexes inside, so that a kill never
    leaves the table without them (a rerun leaves an existing table as it is)."""
    sa = dialect.sa_dialect()
    create = str(CreateTable(table, if_not_exists=True).compile(dialect=sa)).strip()
    if dialect.ddl_commits:
        quote = sa.identifier_preparer.quote
        indexes = [
            f"{'UNIQUE ' if i.unique else ''}INDEX {quote(str(i.name))} "
            f"({', '.join(quote(c.name) for c in i.columns)})"
            for i in sorted(table.indexes, key=lambda i: str(i.name))
        ]
        end = create.rindex("\n)")
        return [create[:end] + "".join(f", \n\t{i}" for i in indexes) + create[end:]]
    statements = [create]
    for index in sorted(table.indexes, key=lambda i: str(i.name)):
        statements.append(str(CreateIndex(index, if_not_exists=True).compile(dialect=sa)).strip())
    return statements


def create_statements(
    dialect: Dialect,
    session_table: str,
    runs_table_name: str | None,
    with_runs_column: bool,
    existing: set[str],
) -> list[str]:
    """DDL for whatever of the session, runs and versions tables does not exist yet."""
    metadata = MetaData(schema=dialect.schema)
    sessions = sessions_table(metadata, session_table, dialect, with_runs_column)
    statements: list[str] = []
    if session_table not in existing:
        statements += ddl(sessions, dialect)
    if runs_table_name and runs_table_name not in existing:
        statements += ddl(runs_table(metadata, runs_table_name, sessions, dialect), dialect)
    if VERSIONS_TABLE not in existing:
        statements += ddl(versions_table(metadata, dialect), dialect)
    return statements


def versions_statements(dialect: Dialect) -> list[str]:
    """DDL for the versions table alone."""
    return ddl(versions_table(MetaData(schema=dialect.schema), dialect), dialect)


def stamp_statement(dialect: Dialect) -> str:
    """An upsert of one ``agno_schema_versions`` row, as agno's ``upsert_schema_version`` does."""
    p = dialect.param
    return (
        f"INSERT INTO {dialect.table(VERSIONS_TABLE)} "
        "(table_name, version, created_at, updated_at) "
        f"VALUES ({p}, {p}, {p}, {p}) "
        + dialect.upsert_clause(
            ["table_name", "version", "created_at", "updated_at"],
            ["table_name"],
            ["version", "updated_at"],
        )
    )


def stamp_unless_stamped(dialect: Dialect, conn: Any, table: str, version: str, now: str) -> None:
    """Stamp ``table`` with ``version`` where ``agno_schema_versions`` has no row for it yet
    (a stamp agno or an earlier run wrote is left as it is)."""
    p = dialect.param
    there = conn.execute(
        f"SELECT 1 FROM {dialect.table(VERSIONS_TABLE)} WHERE table_name = {p}", [table]
    ).fetchone()
    if there is None:
        conn.execute(stamp_statement(dialect), [table, version, now, now])


def now_iso() -> str:
    """agno stamps versions with naive local-time ISO strings."""
    return datetime.now().isoformat()
