"""One session table bound to one open connection: what every operation works on.

A :class:`SessionTable` carries the dialect, the connection and the detected layout together,
with the quoted names a statement needs (``t.sessions``, ``t.runs``, ``t.linked(role)``), so an
operation takes one handle instead of the three things that always travel together. Handles
come from the db object (:meth:`kern_core.db.SessionDb.reading`, ``writing``, ``snapshot``),
which alone connects and detects; a handle never opens or closes anything.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Any

from kern_core.dialect import Dialect
from kern_core.layout import Layout


def column_sql(name: str) -> str:
    """A session-table column as written in SQL (``metadata`` is a reserved word: quoted)."""
    return '"metadata"' if name == "metadata" else name


@dataclass(frozen=True)
class SessionTable:
    """A session table (and its runs and linked tables) on one connection."""

    dialect: Dialect
    conn: Any
    layout: Layout

    @property
    def sessions(self) -> str:
        """The quoted, qualified session table."""
        return self.dialect.table(self.layout.session_table)

    @property
    def runs(self) -> str | None:
        """The quoted, qualified runs table (None when there is none)."""
        name = self.layout.runs_table
        return self.dialect.table(name) if name else None

    @property
    def param(self) -> str:
        return self.dialect.param

    @staticmethod
    def col(name: str) -> str:
        """A session-table column as written in SQL (see :func:`column_sql`)."""
        return column_sql(name)

    def linked(self, role: str) -> str | None:
        """The quoted name of the linked table of ``role`` (None when there is none)."""
        table = self.layout.linked_table(role)
        return table.sql(self.dialect) if table is not None else None

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction on the handle's connection (:meth:`Dialect.transaction`)."""
        return self.dialect.transaction(self.conn)

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql, params)

    def with_layout(self, layout: Layout) -> SessionTable:
        """The same connection with another view of the tables (a fresh or trimmed layout)."""
        return replace(self, layout=layout)

    def refreshed(self) -> SessionTable:
        """The handle with its layout detected again on its connection, for a write that must
        see tables created since (by itself in an earlier batch, or by anyone)."""
        from kern_core.layout import detect

        layout = self.layout
        return self.with_layout(
            detect(self.dialect, self.conn, layout.session_table, layout.runs_table)
        )
