"""Tell whether two session tables are the same storage, whatever names reach them.

A URL or a path is only a way to reach a database: ``localhost`` and ``127.0.0.1:5432``,
another user, a named target, a SQLite hard link, symlink or relative path all reach the same
one. So databases are identified by what they are: a SQLite file by its device and inode, a
PostgreSQL database by its cluster's system identifier and its name (or, where
``pg_control_system()`` may not be called, by an advisory lock the source holds and the target
cannot take). Within one database, tables are compared by name as the database resolves it
(SQLite names are case-insensitive, quoted PostgreSQL names are not); a copy between two
tables of one database is allowed unless they share a table (the session or runs table) or,
on PostgreSQL, one inherits from the other (a parent's reads and deletes reach its children).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kern_core.backend import Backend, SqliteBackend
from kern_core.errors import BadInputError
from kern_core.layout import default_runs_table

if TYPE_CHECKING:
    from kern_core.db import SessionDb

_BASE_KINDS = {"sqlite": ("table",), "postgresql": ("r", "p")}


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


def separation(source: SessionDb, target: SessionDb) -> Separation:
    """Compare the two tables as stored; raise :class:`SameTableError` when they are the same
    table, share one (the session or runs table) or share rows through inheritance."""
    a, b = source.backend, target.backend
    if a.kind != b.kind:
        return Separation(same_database=False, proven=True)
    if isinstance(a, SqliteBackend) and isinstance(b, SqliteBackend):
        if _sqlite_file_id(a.path) != _sqlite_file_id(b.path):
            return Separation(same_database=False, proven=True)
        _refuse_shared(source, target)
        if not os.path.exists(b.path):
            return Separation(same_database=True, proven=True)
        with b.open_conn(read_only=True) as conn:
            kind = _relation_kind(b, conn, target.session_table)
    else:
        with a.open_conn(read_only=True) as conn_a, b.open_conn(read_only=True) as conn_b:
            if not _same_postgres_database(conn_a, conn_b):
                return Separation(same_database=False, proven=True)
            _refuse_shared(source, target)
            _refuse_inherited(source, target, conn_b)
            kind = _relation_kind(b, conn_b, target.session_table)
    return Separation(same_database=True, proven=kind is None or kind in _BASE_KINDS[b.kind])


def _sqlite_file_id(path: str) -> tuple[Any, ...]:
    """Device and inode of the file (links followed); an absent file by its resolved path."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ("absent", os.path.realpath(path))
    return ("file", st.st_dev, st.st_ino)


def _same_postgres_database(conn_a: Any, conn_b: Any) -> bool:
    id_a, id_b = _postgres_database_id(conn_a), _postgres_database_id(conn_b)
    if id_a is not None and id_b is not None:
        return id_a == id_b
    return advisory_probe(conn_a, conn_b)


def _postgres_database_id(conn: Any) -> tuple[str, str] | None:
    """The cluster's system identifier and the database name; None where the server does not
    let this user read them."""
    import psycopg

    try:
        row = conn.execute(
            "SELECT system_identifier::text, current_database() FROM pg_control_system()"
        ).fetchone()
    except psycopg.Error:
        return None
    finally:
        conn.rollback()
    return (str(row[0]), str(row[1]))


def advisory_probe(source_conn: Any, target_conn: Any) -> bool:
    """True when two PostgreSQL connections reach the same database: a random advisory lock
    the source holds cannot be taken by the target (advisory locks are per database)."""
    key = secrets.randbits(63)
    try:
        source_conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,)).fetchone()
        row = target_conn.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", (key,))
        return not bool(row.fetchone()[0])
    finally:
        target_conn.rollback()
        source_conn.rollback()


def _tables(db: SessionDb) -> dict[str, str]:
    """The tables a session table's sessions live in (session and runs table), keyed as the
    database compares names, with their display names."""
    names = [db.session_table, db.runs_table or default_runs_table(db.session_table)]
    if db.backend.kind == "sqlite":
        return {n.lower(): n for n in names}
    return {f"{db.backend.schema}.{n}": n for n in names}


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
        f"source and target are {what} in {source.backend.display}",
        hint="give {option:targets}",
    )


_ANCESTORS = (
    "WITH RECURSIVE up(oid) AS ("
    "SELECT c.oid FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = %s AND c.relname = %s "
    "UNION SELECT i.inhparent FROM pg_catalog.pg_inherits i JOIN up ON i.inhrelid = up.oid) "
    "SELECT EXISTS (SELECT 1 FROM up JOIN pg_catalog.pg_class c ON c.oid = up.oid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = %s AND c.relname = %s)"
)


def _refuse_inherited(source: SessionDb, target: SessionDb, conn: Any) -> None:
    """Raise when one PostgreSQL table inherits from (or is a partition of) the other: a
    parent's reads and deletes reach its children's rows."""
    a = (str(source.backend.schema), source.session_table)
    b = (str(target.backend.schema), target.session_table)
    try:
        linked = any(
            conn.execute(_ANCESTORS, (*child, *parent)).fetchone()[0]
            for child, parent in ((a, b), (b, a))
        )
    finally:
        conn.rollback()
    if linked:
        raise SameTableError(
            f"source and target share rows: {a[0]}.{a[1]} and {b[0]}.{b[1]} in "
            f"{source.backend.display} inherit one from the other",
            hint="give {option:target-table} that is not a parent, child or partition of the "
            "source",
        )


def _relation_kind(backend: Backend, conn: Any, table: str) -> str | None:
    """What kind of relation the name is (SQLite: table or view; PostgreSQL: its relkind);
    None when it does not exist yet."""
    try:
        if backend.kind == "sqlite":
            row = conn.execute(
                "SELECT type FROM sqlite_master WHERE lower(name) = lower(?)", (table,)
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT c.relkind FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = %s",
                (backend.schema, table),
            ).fetchone()
    finally:
        conn.rollback()
    return None if row is None else str(row[0])
