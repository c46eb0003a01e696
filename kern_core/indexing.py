"""The indexes kern's filters need and agno does not create, and adding them (``kern db index``).

agno creates no index that leads with ``user_id`` on the session table, so ``--user`` filters,
usage by user and prunes scan every session; an old runs table may lack the ``session_id``
index every read of a session's runs goes through. :func:`missing_indexes` is the one rule
(``db status`` hints with it); :func:`add_indexes` runs the statements it shows, online where
the database can build an index without blocking the agents' writes (PostgreSQL
``CONCURRENTLY``, MySQL ``ALGORITHM=INPLACE LOCK=NONE``; SQLite holds its write lock for the
build, which takes about a second per 100,000 sessions).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kern_core.dialect import Dialect, IndexInfo
from kern_core.layout import Layout

if TYPE_CHECKING:
    from kern_core.db import SessionDb


@dataclass(frozen=True)
class IndexPlan:
    """One index to add: on ``columns`` of ``table``, why, and the statement that adds it
    (for a person to run as printed in the database's own client, and what kern runs)."""

    table: str
    columns: tuple[str, ...]
    reason: str
    statement: str


def missing_indexes(
    dialect: Dialect,
    layout: Layout,
    session_indexes: Sequence[IndexInfo],
    runs_indexes: Sequence[IndexInfo],
) -> list[IndexPlan]:
    """The indexes kern's reads need that the tables lack (an index counts when it leads
    with the column)."""
    out: list[IndexPlan] = []
    if layout.has("user_id") and not _leading(session_indexes, "user_id"):
        columns = ("user_id", "created_at") if layout.has("created_at") else ("user_id",)
        out.append(
            IndexPlan(
                layout.session_table,
                columns,
                "no index on user_id: --user filters and prunes scan the whole table",
                dialect.index_statement(layout.session_table, columns),
            )
        )
    if layout.runs_table and not _leading(runs_indexes, "session_id"):
        out.append(
            IndexPlan(
                layout.runs_table,
                ("session_id",),
                f"no index on {layout.runs_table}.session_id: reading a session's runs scans "
                "the runs table",
                dialect.index_statement(layout.runs_table, ("session_id",)),
            )
        )
    return out


def _leading(indexes: Sequence[IndexInfo], column: str) -> bool:
    return any(index.columns[:1] == (column,) for index in indexes)


def plan_indexes(db: SessionDb) -> list[IndexPlan]:
    """What :func:`add_indexes` would add to ``db``'s tables (read-only)."""
    with db.reading(refresh=True) as t:
        session = t.dialect.indexes(t.conn, t.layout.session_table)
        runs = t.dialect.indexes(t.conn, t.layout.runs_table) if t.layout.runs_table else []
        return missing_indexes(t.dialect, t.layout, session, runs)


def add_indexes(
    db: SessionDb,
    plans: Sequence[IndexPlan] | None = None,
    *,
    on_start: Callable[[IndexPlan], None] | None = None,
) -> list[IndexPlan]:
    """Add the indexes ``plans`` names (by default those :func:`plan_indexes` finds), one
    statement each, on a write connection of its own; returns those added. An index another
    process added meanwhile is left as it is. A build that fails or is interrupted leaves no
    half-built index behind (PostgreSQL's invalid one is dropped)."""
    todo = list(plan_indexes(db) if plans is None else plans)
    done: list[IndexPlan] = []
    with db.dialect.open_conn(read_only=False) as conn:
        for plan in todo:
            if on_start is not None:
                on_start(plan)
            db.dialect.add_index(conn, plan.table, plan.columns, plan.statement)
            done.append(plan)
    return done
