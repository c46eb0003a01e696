"""Tell whether two session tables are the same storage, whatever names reach them.

A URL or a path is only a way to reach a database: ``localhost`` and ``127.0.0.1:5432``,
another user, a named target, a SQLite hard link, symlink or relative path all reach the same
one. So databases are identified by what they are: a SQLite file by its device and inode, a
PostgreSQL database by its cluster's system identifier and its name (or, where
the server does not tell, by an advisory lock the source holds and the target
cannot take). Within one database, tables are compared by name as the database resolves it
(SQLite names are case-insensitive, quoted PostgreSQL names are not); a copy between two
tables of one database is allowed unless they share a table (the session or runs table) or,
on PostgreSQL, one inherits from the other (a parent's reads and deletes reach its children).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kern_core.errors import BadInputError
from kern_core.layout import default_runs_table

if TYPE_CHECKING:
    from kern_core.db import SessionDb


class SameTableError(BadInputError):
    """Source and target are (or share) the same table, however each was named."""


@dataclass(frozen=True)
class Separation:
    """How a copy's target stands to its source (once they are known not to be the same table).

    ``proven``: the target is provably other storage (another database, or another ordinary
    table of the same database), so a session it already holds is a real copy and may be
    deleted from the source. Otherwise (the target is a view, say) only sessions this copy
    inserted and verified may be.
    """

    same_database: bool
    proven: bool


def separation(source: SessionDb, target: SessionDb, conn: Any = None) -> Separation:
    """Compare the two tables as stored; raise :class:`SameTableError` when they are the same
    table, share one (the session or runs table) or share rows through inheritance.

    Tables of one database are compared on ``conn``, a connection to it the caller holds
    already (a copy's source snapshot), else on the target's read connection."""
    a, b = source.dialect, target.dialect
    if type(a) is not type(b) or not a.same_database(b):
        return Separation(same_database=False, proven=True)
    _refuse_shared(source, target)
    if b.storage_missing():
        return Separation(same_database=True, proven=True)
    with nullcontext(conn) if conn is not None else target.connection() as there:
        if b.shares_rows(there, target.session_table, a.schema, source.session_table):
            raise SameTableError(
                f"source and target share rows: {_name(source)} and {_name(target)} in "
                f"{a.display} inherit one from the other",
                hint="give {option:target-table} that is not a parent, child or partition of the "
                "source",
            )
        kind = b.relation_kind(there, target.session_table)
    return Separation(same_database=True, proven=kind is None or kind in b.base_relations)


def _name(db: SessionDb) -> str:
    return f"{db.dialect.schema}.{db.session_table}" if db.dialect.schema else db.session_table


def _tables(db: SessionDb) -> dict[str, str]:
    """The tables a session table's sessions live in (session and runs table), keyed as the
    database compares names, with their display names."""
    names = [db.session_table, db.runs_table or default_runs_table(db.session_table)]
    return {db.dialect.table_key(n): n for n in names}


def _refuse_shared(source: SessionDb, target: SessionDb) -> None:
    """Raise when two tables of one database are, or share, the same table."""
    mine, theirs = _tables(source), _tables(target)
    shared = [mine[k] for k in mine if k in theirs]
    if not shared:
        return
    if next(iter(mine)) == next(iter(theirs)):
        what = f"the same session table: {shared[0]}"
    else:
        what = f"sharing a table: {', '.join(shared)}"
    raise SameTableError(
        f"source and target are {what} in {source.dialect.display}",
        hint="give {option:targets}",
    )
