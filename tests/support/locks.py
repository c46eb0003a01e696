"""Raw server connections for the reliability tests (never through kern), and who waits for
whose lock: PostgreSQL ``pg_blocking_pids``; MariaDB ``information_schema.innodb_lock_waits``,
MySQL 8 ``performance_schema.data_lock_waits``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kern_core import SessionDb
from kern_core.dialect.mysql import MysqlConnection

#: The sql_mode a raw MySQL connection adds, so that SQL written with ``"`` quotes and ``||``
#: (as the tests write it for every backend) means the same on MySQL.
MYSQL_MODES = "ANSI_QUOTES,PIPES_AS_CONCAT,STRICT_ALL_TABLES"


class MysqlConn(MysqlConnection):
    """kern's PyMySQL wrapper (the ``execute`` of sqlite3 and psycopg 3, so one test body
    serves every backend), opened by the test itself and usable in a ``with``."""

    def __enter__(self) -> MysqlConn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def mysql_conn(url: str, *, autocommit: bool = True, database: str | None = None) -> MysqlConn:
    """A raw PyMySQL connection to ``url``, in UTC, with ANSI quoting; the server's default
    isolation level (REPEATABLE READ), as an agno writer's."""
    from tests.support.db import mysql_connect

    raw = mysql_connect(url, database)
    raw.autocommit(autocommit)
    conn = MysqlConn(raw, read_only=False)
    conn.execute(
        f"SET SESSION sql_mode = CONCAT_WS(',', @@sql_mode, '{MYSQL_MODES}'), time_zone = '+00:00'"
    )
    return conn


@contextmanager
def raw_conn(db: SessionDb) -> Iterator[Any]:
    """An autocommit connection of the test's own to ``db``'s database, not through kern."""
    backend = db.dialect
    conn: Any
    if backend.kind == "sqlite":
        conn = sqlite3.connect(str(backend.location.path), isolation_level=None)
    elif backend.kind == "mysql":
        conn = mysql_conn(str(backend.location.conninfo))
    else:
        import psycopg

        conn = psycopg.connect(str(backend.location.conninfo), autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


def holder_id(conn: Any) -> int:
    """The server id of a connection: PostgreSQL backend pid, MySQL connection id (a raw one
    or kern's)."""
    thread = getattr(conn, "thread_id", None)
    return int(thread) if thread is not None else int(conn.info.backend_pid)


#: InnoDB refreshes its lock views only when nobody read them for 0.1 s, so a watcher that
#: polls faster reads the same stale picture forever: MySQL watchers poll this often.
INNODB_VIEW_IDLE = 0.15


def poll_pause(watcher: Any) -> float:
    """How long a watcher loop sleeps between two :func:`waiters` calls."""
    return INNODB_VIEW_IDLE if isinstance(watcher, MysqlConn) else 0.01


_MARIADB_WAITERS = (
    "SELECT count(*) FROM information_schema.innodb_lock_waits w "
    "JOIN information_schema.innodb_trx b ON b.trx_id = w.blocking_trx_id "
    "WHERE b.trx_mysql_thread_id = %s"
)
_MYSQL8_WAITERS = (
    "SELECT count(*) FROM performance_schema.data_lock_waits w "
    "JOIN performance_schema.threads t ON t.thread_id = w.blocking_thread_id "
    "WHERE t.processlist_id = %s"
)


def waiters(watcher: Any, holder: int) -> int:
    """How many transactions wait for a lock the connection ``holder`` holds, seen from the
    raw autocommit connection ``watcher``."""
    if not isinstance(watcher, MysqlConn):
        row = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
            [holder],
        ).fetchone()
        return int(row[0])
    import pymysql

    try:
        return int(watcher.execute(_MARIADB_WAITERS, [holder]).fetchone()[0])
    except pymysql.err.ProgrammingError:  # MySQL 8 dropped the information_schema views
        return int(watcher.execute(_MYSQL8_WAITERS, [holder]).fetchone()[0])
