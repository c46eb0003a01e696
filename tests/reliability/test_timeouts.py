"""No command waits forever: a lock another session holds (a table lock for reads, a row lock
for delete, rename, prune and upgrade) ends in exit 4 and one line, "database is locked", on
PostgreSQL and MySQL as on SQLite; a statement past KERN_STATEMENT_TIMEOUT ends the same way
("timed out"); and every server connection carries its lock, statement and idle timeouts and
TCP keepalives. The lock is held by a connection of the test's own for the whole command, and the
timeouts are short settings of the test, so the outcome never depends on timing."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from kern_core import ConnectError, MySQLDb, PostgresDb, Session, SessionDb, SqliteDb

from tests.support.db import database_url, mysql_execute
from tests.support.locks import INNODB_VIEW_IDLE, mysql_conn, raw_conn
from tests.support.procs import assert_no_traceback, kern_env, run_kern
from tests.support.sessions import session

BASE = 1_750_000_000


def _sessions(n: int) -> list[Session]:
    return [
        session(
            f"s{i:03d}",
            BASE + i,
            agent_id="agent-a",
            user_id="u1",
            session_data={"session_name": f"chat {i}"},
            runs=[{"run_id": f"s{i:03d}-r0", "agent_id": "agent-a", "content": "hi"}],
        )
        for i in range(n)
    ]


def _seeded(db: SessionDb) -> SessionDb:
    db.upsert_sessions(_sessions(5))
    return db


def _cli(db: SessionDb) -> list[str]:
    backend = db.dialect
    if backend.kind == "sqlite":
        return ["--db", str(backend.location.path)]
    return ["--db", str(backend.location.conninfo), "--schema", str(backend.schema)]


COMMANDS = {
    "list": ["sessions", "list"],
    "delete": ["sessions", "delete", "s001", "--yes"],
    "rename": ["sessions", "rename", "s001", "new name"],
    "prune": ["sessions", "prune", "--user", "u1", "--yes"],
}


def _assert_exit_4(proc: subprocess.CompletedProcess[str], text: str) -> None:
    assert_no_traceback(proc)
    assert proc.returncode == 4, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("kern: error: ")]
    assert len(errors) == 1 and lines[errors[0]].startswith(f"kern: error: {text}"), proc.stderr
    assert all(line.startswith("hint: ") for line in lines[errors[0] + 1 :]), proc.stderr


# -- PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture
def pg_db(pg_url: str, pg_schema: str) -> Iterator[SessionDb]:
    db = PostgresDb(pg_url, db_schema=pg_schema, new_layout="table")
    yield _seeded(db)
    db.close()


@contextmanager
def _pg_holding(db: SessionDb, statement: str) -> Iterator[None]:
    """A second session that runs ``statement`` in a transaction kept open for the block."""
    import psycopg

    with psycopg.connect(str(db.dialect.location.conninfo)) as conn:
        conn.execute(statement.format(table=db.dialect.table(db.session_table)))
        try:
            yield
        finally:
            conn.rollback()


ROW_LOCK = "UPDATE {table} SET updated_at = updated_at WHERE session_id = 's001'"
TABLE_LOCK = "LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_postgres_lock_wait_ends_in_exit_4(command: str, pg_db: SessionDb, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0.2")
    held = TABLE_LOCK if command == "list" else ROW_LOCK
    with _pg_holding(pg_db, held):
        proc = run_kern(env, *COMMANDS[command], *_cli(pg_db), timeout=60)
    _assert_exit_4(proc, "database is locked")
    assert "KERN_LOCK_TIMEOUT" in proc.stderr
    assert pg_db.count_sessions() == 5
    session = pg_db.get_session("s001")
    assert session is not None and session.session_name == "chat 1"


def test_postgres_upgrade_behind_a_row_lock_ends_in_exit_4(
    pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    db = _seeded(PostgresDb(pg_url, db_schema=pg_schema, new_layout="column"))
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0.2")
    with _pg_holding(db, ROW_LOCK):
        proc = run_kern(env, "db", "upgrade", "--yes", *_cli(db), timeout=60)
    _assert_exit_4(proc, "database is locked")
    assert db.layout(refresh=True).kind == "column"
    db.close()


def test_postgres_statement_timeout_ends_in_exit_4(pg_db: SessionDb, tmp_path: Path) -> None:
    """With lock waits unbounded (0), the statement timeout still ends the wait."""
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", KERN_STATEMENT_TIMEOUT="0.2")
    with _pg_holding(pg_db, TABLE_LOCK):
        proc = run_kern(env, "sessions", "list", *_cli(pg_db), timeout=60)
    _assert_exit_4(proc, "database timed out")


def _settings(conn: Any) -> dict[str, str]:
    names = ("lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout")
    return {n: str(conn.execute(f"SHOW {n}").fetchone()[0]) for n in names}


def test_postgres_connections_carry_timeouts_and_keepalives(
    pg_url: str, pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KERN_LOCK_TIMEOUT", raising=False)
    monkeypatch.delenv("KERN_STATEMENT_TIMEOUT", raising=False)
    backend = PostgresDb(pg_url, db_schema=pg_schema).dialect
    conn = backend.connect(read_only=False)
    try:
        assert _settings(conn) == {
            "lock_timeout": "10s",
            "statement_timeout": "0",
            "idle_in_transaction_session_timeout": "1min",
        }
        params = conn.info.get_parameters()
        assert (params["keepalives"], params["keepalives_idle"]) == ("1", "30")
    finally:
        conn.close()
    url = pg_url + ("&" if "?" in pg_url else "?") + "options=-c%20work_mem%3D7MB"
    db = PostgresDb(url, db_schema=pg_schema, lock_timeout=2.5, statement_timeout=300)
    conn = db.dialect.connect(read_only=True)
    try:
        assert _settings(conn)["lock_timeout"] == "2500ms"
        assert _settings(conn)["statement_timeout"] == "5min"
        assert str(conn.execute("SHOW work_mem").fetchone()[0]) == "7MB"  # the URL's own
    finally:
        conn.close()
    monkeypatch.setenv("KERN_LOCK_TIMEOUT", "0.5")
    conn = PostgresDb(pg_url, db_schema=pg_schema).dialect.connect(read_only=True)
    try:
        assert _settings(conn)["lock_timeout"] == "500ms"
    finally:
        conn.close()


def test_a_bad_timeout_setting_is_one_line(pg_db: SessionDb, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="soon")
    proc = run_kern(env, "sessions", "list", *_cli(pg_db), timeout=60)
    assert_no_traceback(proc)
    assert proc.returncode == 1 and "KERN_LOCK_TIMEOUT must be a number" in proc.stderr


# -- SQLite ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_sqlite_locked_database_ends_in_exit_4(command: str, tmp_path: Path) -> None:
    db = _seeded(SqliteDb(db_file=tmp_path / "agent.db", new_layout="table"))
    db.close()
    env = kern_env(tmp_path, KERN_BUSY_TIMEOUT="0.2")
    holder = sqlite3.connect(tmp_path / "agent.db", isolation_level=None)
    try:
        assert holder.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
        holder.execute("BEGIN EXCLUSIVE")
        proc = run_kern(env, *COMMANDS[command], *_cli(db), timeout=60)
    finally:
        holder.close()
    _assert_exit_4(proc, "database is locked")
    assert db.count_sessions() == 5


def test_postgres_reads_after_a_write_leave_no_idle_transaction(
    pg_url: str, pg_schema: str
) -> None:
    """Write connections carry the idle-in-transaction timeout, so a db object must not leave
    one inside a transaction after a read (a long-lived agent process would lose it)."""
    import psycopg

    db = PostgresDb(pg_url, db_schema=pg_schema, new_layout="table")
    db.upsert_sessions(_sessions(2))
    assert db.get_session("s001") is not None
    assert db.count_sessions() == 2
    with psycopg.connect(pg_url, autocommit=True) as watcher:
        idle = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
            "AND application_name = 'kern' AND query LIKE %s",
            [f"%{pg_schema}%"],
        ).fetchone()
    db.close()
    assert idle == (0,)


def test_postgres_connection_lost_after_login_is_a_connect_error(
    pg_url: str, pg_schema: str
) -> None:
    """The server ends kern's session after login (as a failover or an idle cut-off would):
    the next statement fails with one line and ConnectError (exit 4), not a driver trace."""
    import psycopg

    backend = PostgresDb(pg_url, db_schema=pg_schema).dialect
    conn = backend.connect(read_only=True)
    try:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            ended = admin.execute(
                "SELECT pg_terminate_backend(%s)", [conn.info.backend_pid]
            ).fetchone()
        assert ended == (True,)
        with pytest.raises(ConnectError) as caught, backend.translating_errors():
            conn.execute("SELECT 1").fetchone()
        assert str(caught.value).startswith("lost the connection to ")
        assert "\n" not in str(caught.value)
    finally:
        conn.close()


# -- MySQL / MariaDB ---------------------------------------------------------------------------


@pytest.fixture
def mysql_db(mysql_url: str, mysql_schema: str) -> Iterator[SessionDb]:

    db = MySQLDb(mysql_url, db_schema=mysql_schema, new_layout="table")
    yield _seeded(db)
    db.close()


@contextmanager
def _mysql_holding(db: SessionDb, statement: str) -> Iterator[None]:
    """A second session that runs ``statement`` in a transaction kept open for the block
    (``LOCK TABLES`` ends with the session)."""

    with mysql_conn(str(db.dialect.location.conninfo), autocommit=False) as conn:
        conn.execute(statement.format(table=db.dialect.table(db.session_table)))
        try:
            yield
        finally:
            conn.rollback()
            conn.execute("UNLOCK TABLES")


MYSQL_TABLE_LOCK = "LOCK TABLES {table} WRITE"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_mysql_lock_wait_ends_in_exit_4(command: str, mysql_db: SessionDb, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0.2")
    held = MYSQL_TABLE_LOCK if command == "list" else ROW_LOCK
    with _mysql_holding(mysql_db, held):
        proc = run_kern(env, *COMMANDS[command], *_cli(mysql_db), timeout=60)
    _assert_exit_4(proc, "database is locked")
    assert "KERN_LOCK_TIMEOUT" in proc.stderr
    assert mysql_db.count_sessions() == 5
    session = mysql_db.get_session("s001")
    assert session is not None and session.session_name == "chat 1"


def test_mysql_upgrade_behind_a_row_lock_ends_in_exit_4(
    mysql_url: str, mysql_schema: str, tmp_path: Path
) -> None:
    """MySQL's CREATE TABLE commits at once, so the runs table may be left behind, but
    unstamped and empty: the table still reads as before, and a rerun finishes the upgrade."""

    db = _seeded(MySQLDb(mysql_url, db_schema=mysql_schema, new_layout="column"))
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0.2")
    with _mysql_holding(db, ROW_LOCK):
        proc = run_kern(env, "db", "upgrade", "--yes", *_cli(db), timeout=60)
    _assert_exit_4(proc, "database is locked")
    layout = db.layout(refresh=True)
    assert layout.kind in ("column", "both") and layout.version != "3.0.0", layout
    if layout.runs_table is not None:
        with raw_conn(db) as conn:
            runs = conn.execute(f"SELECT count(*) FROM {db.dialect.table(layout.runs_table)}")
            assert runs.fetchone()[0] == 0
    assert [len(s.runs) for s in db.iter_sessions()] == [1] * 5
    rerun = run_kern(env, "db", "upgrade", "--yes", *_cli(db), timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert db.layout(refresh=True).version == "3.0.0"
    db.close()


def test_mysql_statement_timeout_ends_in_exit_4(mysql_db: SessionDb, tmp_path: Path) -> None:
    """With lock waits unbounded (0), the statement timeout still ends the wait."""
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", KERN_STATEMENT_TIMEOUT="0.2")
    with _mysql_holding(mysql_db, MYSQL_TABLE_LOCK):
        proc = run_kern(env, "sessions", "list", *_cli(mysql_db), timeout=60)
    _assert_exit_4(proc, "database timed out")


def _mysql_settings(conn: Any) -> dict[str, Any]:
    names = [
        "innodb_lock_wait_timeout", "lock_wait_timeout", "max_statement_time",
        "wait_timeout", "sql_mode", "time_zone",
    ]  # fmt: skip
    row = conn.execute("SELECT " + ", ".join(f"@@{n}" for n in names)).fetchone()
    return dict(zip(names, row, strict=True))


def _keepalive_on(conn: Any) -> bool:
    import socket

    sock = conn.raw._sock
    return bool(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))


def test_mysql_connections_carry_timeouts_and_keepalives(
    mysql_url: str, mysql_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.delenv("KERN_LOCK_TIMEOUT", raising=False)
    monkeypatch.delenv("KERN_STATEMENT_TIMEOUT", raising=False)
    monkeypatch.delenv("KERN_IDLE_TIMEOUT", raising=False)
    with mysql_conn(mysql_url) as raw:
        server = _mysql_settings(raw)
    conn = MySQLDb(mysql_url, db_schema=mysql_schema).dialect.connect(read_only=False)
    try:
        settings = _mysql_settings(conn)
        assert _keepalive_on(conn)
    finally:
        conn.close()
    modes = set(str(settings.pop("sql_mode")).split(","))
    assert {"ANSI_QUOTES", "PIPES_AS_CONCAT", "STRICT_ALL_TABLES"} <= modes
    assert settings == {
        "innodb_lock_wait_timeout": 10,
        "lock_wait_timeout": 10,
        "max_statement_time": server["max_statement_time"],  # the server's own
        "wait_timeout": 60,
        "time_zone": "+00:00",
    }
    db = MySQLDb(mysql_url, db_schema=mysql_schema, lock_timeout=3.4, statement_timeout=300)
    conn = db.dialect.connect(read_only=True)
    try:
        settings = _mysql_settings(conn)
        assert _keepalive_on(conn)
    finally:
        conn.close()
    assert settings["innodb_lock_wait_timeout"] == settings["lock_wait_timeout"] == 3
    assert settings["max_statement_time"] == 300
    assert settings["wait_timeout"] == server["wait_timeout"]  # reads are never idle in a write
    monkeypatch.setenv("KERN_LOCK_TIMEOUT", "0.5")
    conn = MySQLDb(mysql_url, db_schema=mysql_schema).dialect.connect(read_only=True)
    try:
        assert _mysql_settings(conn)["innodb_lock_wait_timeout"] == 1
    finally:
        conn.close()


def test_a_bad_timeout_setting_is_one_line_on_mysql(mysql_db: SessionDb, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="soon")
    proc = run_kern(env, "sessions", "list", *_cli(mysql_db), timeout=60)
    assert_no_traceback(proc)
    assert proc.returncode == 1 and "KERN_LOCK_TIMEOUT must be a number" in proc.stderr


def _open_transactions(watcher: Any, schema: str) -> int:
    """InnoDB transactions of the connections whose default database is ``schema``."""

    time.sleep(INNODB_VIEW_IDLE)  # the view's picture is then taken after the caller's work
    row = watcher.execute(
        "SELECT count(*) FROM information_schema.innodb_trx t "
        "JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id "
        "WHERE p.db = %s",
        [schema],
    ).fetchone()
    return int(row[0])


def test_mysql_reads_after_a_write_leave_no_open_transaction(
    mysql_url: str, mysql_schema: str
) -> None:
    """Write connections carry the idle timeout (wait_timeout), so a db object must not leave
    one inside a transaction after a read (it would hold its snapshot and locks meanwhile)."""

    mysql_execute(f"CREATE DATABASE `{mysql_schema}`", mysql_url)
    db = MySQLDb(database_url(mysql_url, mysql_schema), db_schema=mysql_schema)
    db.upsert_sessions(_sessions(2))
    assert db.get_session("s001") is not None
    assert db.count_sessions() == 2
    with mysql_conn(mysql_url) as watcher, mysql_conn(mysql_url, autocommit=False) as probe:
        probe.execute(f'USE "{mysql_schema}"')
        probe.execute('SELECT count(*) FROM "agno_sessions" FOR UPDATE').fetchone()
        assert _open_transactions(watcher, mysql_schema) == 1  # the view sees an open one
        probe.rollback()
        probe.execute("USE test")
        idle = _open_transactions(watcher, mysql_schema)
    db.close()
    assert idle == 0


def test_mysql_connection_lost_after_login_is_a_connect_error(
    mysql_url: str, mysql_schema: str
) -> None:
    """The server ends kern's session after login (``KILL``, as a failover or wait_timeout
    would): the next statement fails with one line and ConnectError (exit 4)."""

    backend = MySQLDb(mysql_url, db_schema=mysql_schema).dialect
    conn = backend.connect(read_only=True)
    try:
        with mysql_conn(mysql_url) as admin:
            admin.execute(f"KILL {int(conn.thread_id)}")
        with pytest.raises(ConnectError) as caught, backend.translating_errors():
            conn.execute("SELECT 1").fetchone()
        assert str(caught.value).startswith("lost the connection to ")
        assert "\n" not in str(caught.value)
    finally:
        with suppress(Exception):
            conn.close()
