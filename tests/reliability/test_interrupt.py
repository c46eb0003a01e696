"""Ctrl-C while kern is blocked inside a statement: ``kern: interrupted``, exit 130, no
traceback, and the interrupted batch rolled back, on PostgreSQL, MySQL and SQLite.

A second connection makes the block certain: on PostgreSQL and MySQL it holds an uncommitted
row with an id kern is about to write (kern's INSERT waits on it; the test polls
``pg_blocking_pids``, or InnoDB's lock views, until it does), on SQLite it holds the write lock
(kern busy-waits in ``BEGIN IMMEDIATE``; the test waits until kern sleeps in the busy handler,
the lock still held).
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kern_core import PostgresDb, SessionDb, SqliteDb

from tests.support.ops import jsonl, make_session
from tests.support.procs import REPO_ROOT, kern_argv, kern_env

BLOCKED_ID = "s0003"
IDS = [f"s{i:04d}" for i in range(1, 7)]


def _records() -> list[dict[str, Any]]:
    return [make_session(i, runs=2).to_dict() for i in range(1, 7)]


def _spawn(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        kern_argv(*args),
        env=env,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _dump(tmp_path: Path) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(_records()), encoding="utf-8")
    return str(path)


def _app(pg_schema: str) -> str:
    """The application_name (PGAPPNAME) of the kern processes of the test using ``pg_schema``:
    tests running beside it have kern processes of their own."""
    return f"kern-{pg_schema}"


def _wait_blocked_pg(admin: Any, proc: subprocess.Popen[str], pg_schema: str) -> None:
    """Until kern's connection waits on a lock held by another backend."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
            "AND cardinality(pg_blocking_pids(pid)) > 0",
            [_app(pg_schema)],
        ).fetchone()
        if row[0]:
            return
        time.sleep(0.05)
    raise AssertionError("kern never blocked")


def _interrupt(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err


def _assert_clean(code: int, err: str) -> None:
    assert code == 130, err
    assert "kern: interrupted" in err, err
    assert "Traceback" not in err and "another command" not in err, err
    assert "AssertionError" not in err, err


@pytest.fixture
def pg_target(pg_url: str, pg_schema: str, request: pytest.FixtureRequest) -> Iterator[SessionDb]:
    layout = request.param
    db = PostgresDb(pg_url, db_schema=pg_schema, new_layout=layout)
    db.ensure_tables()
    yield db
    db.close()


@pytest.fixture
def blocker(pg_url: str, pg_schema: str) -> Iterator[Any]:
    """An admin connection that inserts BLOCKED_ID without committing."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as admin, psycopg.connect(pg_url) as hold:
        hold.execute(
            f'INSERT INTO "{pg_schema}".agno_sessions (session_id, session_type, created_at) '
            "VALUES (%s, 'agent', 1)",
            (BLOCKED_ID,),
        )
        yield admin, hold
        hold.rollback()


def _ids(db: SessionDb) -> set[str]:
    return {r.session_id for r in db.list_sessions(limit=None).rows}


@pytest.mark.parametrize("pg_target", ["table"], indirect=True)
def test_pg_import_interrupted_while_writing_runs(
    pg_target: SessionDb, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    """Blocked in the runs insert (a pipelined executemany), after the batch's session rows."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as admin, psycopg.connect(pg_url) as hold:
        hold.execute(
            f'INSERT INTO "{pg_schema}".agno_sessions (session_id, session_type, created_at) '
            "VALUES ('holder', 'agent', 1)"
        )
        hold.execute(
            f'INSERT INTO "{pg_schema}".agno_runs '
            "(run_id, session_id, run_type, run_index, run_data, created_at) "
            f"VALUES ('{BLOCKED_ID}-r0', 'holder', 'agent', 0, '{{}}', 1)"
        )
        env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", PGAPPNAME=_app(pg_schema))
        proc = _spawn(
            env, "sessions", "import", _dump(tmp_path), "--db", pg_url, "--schema", pg_schema
        )  # fmt: skip
        _wait_blocked_pg(admin, proc, pg_schema)
        code, err = _interrupt(proc)
        _assert_clean(code, err)
        pg_target.close()
        _assert_no_kern_backend(admin, pg_schema)
        hold.rollback()
    assert _ids(pg_target) == set()


@pytest.mark.parametrize("pg_target", ["column", "table"], indirect=True)
def test_pg_import_interrupted_while_blocked(
    pg_target: SessionDb, blocker: Any, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    admin, hold = blocker
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", PGAPPNAME=_app(pg_schema))
    proc = _spawn(
        env, "sessions", "import", _dump(tmp_path), "--db", pg_url, "--schema", pg_schema
    )  # fmt: skip
    _wait_blocked_pg(admin, proc, pg_schema)
    code, err = _interrupt(proc)
    _assert_clean(code, err)
    pg_target.close()
    _assert_no_kern_backend(admin, pg_schema)
    hold.rollback()
    assert _ids(pg_target) == set()


def _assert_no_kern_backend(admin: Any, pg_schema: str) -> None:
    """kern's server sessions end with it (none is left waiting on the lock)."""
    deadline = time.monotonic() + 30
    app = [_app(pg_schema)]
    while admin.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", app
    ).fetchone() != (0,):
        assert time.monotonic() < deadline, admin.execute(
            "SELECT pid, state, wait_event_type, wait_event, backend_type, query, "
            "backend_start, now() FROM pg_stat_activity WHERE application_name = %s",
            app,
        ).fetchall()
        time.sleep(0.05)


@pytest.mark.parametrize("pg_target", ["column", "table"], indirect=True)
def test_pg_migrate_interrupted_while_blocked(
    pg_target: SessionDb, blocker: Any, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    admin, hold = blocker
    source = tmp_path / "source.db"
    with SqliteDb(db_file=source) as src:
        src.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", PGAPPNAME=_app(pg_schema))
    proc = _spawn(
        env, "sessions", "migrate", "--db", str(source), "--to", pg_url,
        "--to-schema", pg_schema,
    )  # fmt: skip
    _wait_blocked_pg(admin, proc, pg_schema)
    code, err = _interrupt(proc)
    _assert_clean(code, err)
    pg_target.close()
    _assert_no_kern_backend(admin, pg_schema)
    hold.rollback()
    assert _ids(pg_target) == set()
    with SqliteDb(db_file=source) as src:
        assert _ids(src) == set(IDS)


@pytest.mark.parametrize("pg_target", ["column", "table"], indirect=True)
def test_pg_prune_interrupted_while_blocked(
    pg_target: SessionDb, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    """A prune blocked on a row another transaction has locked deletes nothing of its batch."""
    import psycopg

    pg_target.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    pg_target.close()
    with psycopg.connect(pg_url, autocommit=True) as admin, psycopg.connect(pg_url) as hold:
        hold.execute(
            f'SELECT 1 FROM "{pg_schema}".agno_sessions WHERE session_id = %s FOR UPDATE',
            (BLOCKED_ID,),
        )
        env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", PGAPPNAME=_app(pg_schema))
        proc = _spawn(
            env, "sessions", "prune", "--before", "2100-01-01", "--yes",
            "--db", pg_url, "--schema", pg_schema,
        )  # fmt: skip
        _wait_blocked_pg(admin, proc, pg_schema)
        code, err = _interrupt(proc)
        _assert_clean(code, err)
        _assert_no_kern_backend(admin, pg_schema)
        hold.rollback()
    assert _ids(pg_target) == set(IDS)
    assert sum(len(s.runs) for s in pg_target.iter_sessions()) == 12


@pytest.mark.parametrize("pg_target", ["table"], indirect=True)
def test_pg_prune_interrupted_after_batches_says_how_far_it_got(
    pg_target: SessionDb, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    """Batches of at most two, oldest first: the two sessions before the locked one are
    deleted and committed before kern blocks, and the interrupt line says so."""
    import psycopg

    pg_target.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    pg_target.close()
    with psycopg.connect(pg_url, autocommit=True) as admin, psycopg.connect(pg_url) as hold:
        hold.execute(
            f'SELECT 1 FROM "{pg_schema}".agno_sessions WHERE session_id = %s FOR UPDATE',
            (BLOCKED_ID,),
        )
        env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", PGAPPNAME=_app(pg_schema))
        proc = _spawn(
            env, "sessions", "prune", "--before", "2100-01-01", "--yes", "--batch-size", "2",
            "--db", pg_url, "--schema", pg_schema,
        )  # fmt: skip
        _wait_blocked_pg(admin, proc, pg_schema)
        code, err = _interrupt(proc)
        _assert_clean(code, err)
        hold.rollback()
    line = "kern: interrupted; 2 of 6 sessions deleted (committed); rerun to continue"
    assert line in err.splitlines(), err
    assert _ids(pg_target) == set(IDS[2:])
    again = subprocess.run(
        kern_argv("sessions", "prune", "--before", "2100-01-01", "--yes",
                  "--db", pg_url, "--schema", pg_schema),
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert again.returncode == 0 and "deleted 4 sessions" in again.stderr, again.stderr
    assert _ids(pg_target) == set()


@pytest.mark.parametrize("pg_target", ["column"], indirect=True)
def test_pg_migrate_interrupted_after_batches_says_how_far_it_got(
    pg_target: SessionDb, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    """The target holds s0005 uncommitted: batches [s0001, s0002] and [s0003, s0004] commit,
    the third blocks. The line counts what the copy had accounted for, never more than what
    was committed; a rerun copies the rest."""
    import psycopg

    source = tmp_path / "source.db"
    with SqliteDb(db_file=source) as src:
        src.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    argv = ["sessions", "migrate", "--db", str(source), "--to", pg_url, "--to-schema", pg_schema]
    with psycopg.connect(pg_url, autocommit=True) as admin, psycopg.connect(pg_url) as hold:
        hold.execute(
            f'INSERT INTO "{pg_schema}".agno_sessions (session_id, session_type, created_at) '
            "VALUES ('s0005', 'agent', 1)"
        )
        env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0", PGAPPNAME=_app(pg_schema))
        proc = _spawn(env, *argv, "--batch-size", "2")
        _wait_blocked_pg(admin, proc, pg_schema)
        code, err = _interrupt(proc)
        _assert_clean(code, err)
        hold.rollback()
    said = re.search(r"^kern: interrupted; (\d) sessions? copied \(committed\); rerun to continue$",
                     err, re.M)  # fmt: skip
    assert said is not None, err
    assert int(said.group(1)) in (0, 2, 4)
    assert _ids(pg_target) == set(IDS[:4])
    again = subprocess.run(
        kern_argv(*argv, "-f", "json"), env=env, capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 0, again.stderr
    assert '"copied": 2' in again.stdout and '"already_present": 4' in again.stdout


def _sqlite_command(command: str, path: Path, tmp_path: Path) -> list[str]:
    if command == "import":
        return ["sessions", "import", _dump(tmp_path), "--db", str(path)]
    if command == "migrate":
        source = tmp_path / "source.db"
        with SqliteDb(db_file=source) as src:
            src.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
        return ["sessions", "migrate", "--db", str(source), "--to", str(path)]
    return ["sessions", "prune", "--before", "2100-01-01", "--yes", "--db", str(path)]


@pytest.mark.parametrize("command", ["import", "migrate", "prune"])
@pytest.mark.parametrize("layout", ["column", "table"])
def test_sqlite_interrupted_while_busy(command: str, layout: str, tmp_path: Path) -> None:
    """SQLite's busy wait does not return to Python on its own: kern still ends at once."""
    path = tmp_path / "target.db"
    with SqliteDb(db_file=path, new_layout=layout) as db:
        db.ensure_tables()
        if command == "prune":
            db.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    argv = _sqlite_command(command, path, tmp_path)
    hold = sqlite3.connect(path, isolation_level=None)
    hold.execute("BEGIN IMMEDIATE")
    proc = _spawn(kern_env(tmp_path, KERN_BUSY_TIMEOUT="60", PYTHONFAULTHANDLER="1"), *argv)
    _wait_busy_sqlite(proc)
    code, err = _interrupt(proc)
    _assert_clean(code, err)
    hold.rollback()
    hold.close()
    with SqliteDb(db_file=path) as db:
        assert _ids(db) == (set(IDS) if command == "prune" else set())


def _wait_busy_sqlite(proc: subprocess.Popen[str]) -> None:
    """Until the process sleeps in SQLite's busy handler (its only sleep), the holder still
    holding the write lock."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if _sleeping(proc.pid):
            return
        time.sleep(0.01)
    raise AssertionError("kern never waited for the lock")


def _sleeping(pid: int) -> bool:
    """True when a thread of the process is in nanosleep / clock_nanosleep (x86-64 35, 230)."""
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            call = (task / "syscall").read_text().split()[0]
        except (OSError, IndexError):
            continue
        if call in ("35", "230"):
            return True
    return False


# -- MySQL / MariaDB ---------------------------------------------------------------------------
#
# kern is pointed at a URL whose database is the test's own (its tables live there too), so
# ``information_schema.processlist`` tells kern's connections from the test's and from any other
# client of the server; the test's connections use the server's test database.


def _mysql_kern_url(mysql_url: str, schema: str) -> str:
    from tests.support.db import database_url

    return database_url(mysql_url, schema)


@pytest.fixture
def mysql_target(
    mysql_url: str, mysql_schema: str, request: pytest.FixtureRequest
) -> Iterator[SessionDb]:
    from kern_core import MySQLDb

    db = MySQLDb(mysql_url, db_schema=mysql_schema, new_layout=request.param)
    db.ensure_tables()
    yield db
    db.close()


@pytest.fixture
def mysql_blocker(mysql_url: str, mysql_schema: str) -> Iterator[tuple[Any, Any]]:
    """A watcher connection and one that inserts BLOCKED_ID without committing."""
    from tests.support.locks import mysql_conn

    with mysql_conn(mysql_url) as admin, mysql_conn(mysql_url, autocommit=False) as hold:
        hold.execute(
            f'INSERT INTO "{mysql_schema}".agno_sessions (session_id, session_type, created_at) '
            "VALUES (%s, 'agent', 1)",
            (BLOCKED_ID,),
        )
        yield admin, hold
        hold.rollback()


def _wait_blocked_mysql(admin: Any, hold: Any, proc: subprocess.Popen[str]) -> None:
    """Until a transaction waits for a lock ``hold`` holds (kern's: nothing else touches the
    test's database)."""
    from tests.support.locks import INNODB_VIEW_IDLE, waiters

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if waiters(admin, hold.thread_id):
            return
        time.sleep(INNODB_VIEW_IDLE)
    raise AssertionError("kern never blocked")


def _kern_threads(admin: Any, schema: str) -> list[Any]:
    return list(
        admin.execute(
            "SELECT id, command, state, info FROM information_schema.processlist WHERE db = %s",
            [schema],
        ).fetchall()
    )


def _assert_no_kern_thread(admin: Any, schema: str) -> None:
    """kern's server connections end with it (none is left waiting on the lock)."""
    deadline = time.monotonic() + 30
    while _kern_threads(admin, schema):
        assert time.monotonic() < deadline, _kern_threads(admin, schema)
        time.sleep(0.05)


@pytest.mark.parametrize("mysql_target", ["table"], indirect=True)
def test_mysql_import_interrupted_while_writing_runs(
    mysql_target: SessionDb, mysql_url: str, mysql_schema: str, tmp_path: Path
) -> None:
    """Blocked in the runs insert, after the batch's session rows."""
    from tests.support.locks import mysql_conn

    with mysql_conn(mysql_url) as admin, mysql_conn(mysql_url, autocommit=False) as hold:
        hold.execute(
            f'INSERT INTO "{mysql_schema}".agno_sessions (session_id, session_type, created_at) '
            "VALUES ('holder', 'agent', 1)"
        )
        hold.execute(
            f'INSERT INTO "{mysql_schema}".agno_runs '
            "(run_id, session_id, run_type, run_index, run_data, created_at) "
            f"VALUES ('{BLOCKED_ID}-r0', 'holder', 'agent', 0, '{{}}', 1)"
        )
        env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0")
        url = _mysql_kern_url(mysql_url, mysql_schema)
        proc = _spawn(
            env, "sessions", "import", _dump(tmp_path), "--db", url, "--schema", mysql_schema
        )  # fmt: skip
        _wait_blocked_mysql(admin, hold, proc)
        code, err = _interrupt(proc)
        _assert_clean(code, err)
        mysql_target.close()
        _assert_no_kern_thread(admin, mysql_schema)
        hold.rollback()
    assert _ids(mysql_target) == set()


@pytest.mark.parametrize("mysql_target", ["column", "table"], indirect=True)
def test_mysql_import_interrupted_while_blocked(
    mysql_target: SessionDb,
    mysql_blocker: tuple[Any, Any],
    mysql_url: str,
    mysql_schema: str,
    tmp_path: Path,
) -> None:
    admin, hold = mysql_blocker
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0")
    url = _mysql_kern_url(mysql_url, mysql_schema)
    proc = _spawn(
        env, "sessions", "import", _dump(tmp_path), "--db", url, "--schema", mysql_schema
    )  # fmt: skip
    _wait_blocked_mysql(admin, hold, proc)
    code, err = _interrupt(proc)
    _assert_clean(code, err)
    mysql_target.close()
    _assert_no_kern_thread(admin, mysql_schema)
    hold.rollback()
    assert _ids(mysql_target) == set()


@pytest.mark.parametrize("mysql_target", ["column", "table"], indirect=True)
def test_mysql_migrate_interrupted_while_blocked(
    mysql_target: SessionDb,
    mysql_blocker: tuple[Any, Any],
    mysql_url: str,
    mysql_schema: str,
    tmp_path: Path,
) -> None:
    admin, hold = mysql_blocker
    source = tmp_path / "source.db"
    with SqliteDb(db_file=source) as src:
        src.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0")
    url = _mysql_kern_url(mysql_url, mysql_schema)
    proc = _spawn(
        env, "sessions", "migrate", "--db", str(source), "--to", url,
        "--to-schema", mysql_schema,
    )  # fmt: skip
    _wait_blocked_mysql(admin, hold, proc)
    code, err = _interrupt(proc)
    _assert_clean(code, err)
    mysql_target.close()
    _assert_no_kern_thread(admin, mysql_schema)
    hold.rollback()
    assert _ids(mysql_target) == set()
    with SqliteDb(db_file=source) as src:
        assert _ids(src) == set(IDS)


@pytest.mark.parametrize("mysql_target", ["column", "table"], indirect=True)
def test_mysql_prune_interrupted_while_blocked(
    mysql_target: SessionDb, mysql_url: str, mysql_schema: str, tmp_path: Path
) -> None:
    """A prune blocked on a row another transaction has locked deletes nothing of its batch."""
    from tests.support.locks import mysql_conn

    mysql_target.upsert_sessions([make_session(i, runs=2) for i in range(1, 7)])
    mysql_target.close()
    with mysql_conn(mysql_url) as admin, mysql_conn(mysql_url, autocommit=False) as hold:
        hold.execute(
            f'SELECT 1 FROM "{mysql_schema}".agno_sessions WHERE session_id = %s FOR UPDATE',
            (BLOCKED_ID,),
        )
        env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0")
        url = _mysql_kern_url(mysql_url, mysql_schema)
        proc = _spawn(
            env, "sessions", "prune", "--before", "2100-01-01", "--yes",
            "--db", url, "--schema", mysql_schema,
        )  # fmt: skip
        _wait_blocked_mysql(admin, hold, proc)
        code, err = _interrupt(proc)
        _assert_clean(code, err)
        _assert_no_kern_thread(admin, mysql_schema)
        hold.rollback()
    assert _ids(mysql_target) == set(IDS)
    assert sum(len(s.runs) for s in mysql_target.iter_sessions()) == 12


def _waiting_thread(admin: Any, hold: Any) -> int:
    """The connection id of the transaction that waits for ``hold``'s lock."""
    from tests.support.locks import INNODB_VIEW_IDLE

    time.sleep(INNODB_VIEW_IDLE)  # a fresh picture of the lock views, not the last poll's
    row = admin.execute(
        "SELECT r.trx_mysql_thread_id FROM information_schema.innodb_lock_waits w "
        "JOIN information_schema.innodb_trx r ON r.trx_id = w.requesting_trx_id "
        "JOIN information_schema.innodb_trx b ON b.trx_id = w.blocking_trx_id "
        "WHERE b.trx_mysql_thread_id = %s",
        [hold.thread_id],
    ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("mysql_target", ["table"], indirect=True)
def test_mysql_import_killed_from_outside_while_blocked(
    mysql_target: SessionDb,
    mysql_blocker: tuple[Any, Any],
    mysql_url: str,
    mysql_schema: str,
    tmp_path: Path,
) -> None:
    """The server ends kern's connection mid-statement (``KILL``, as an operator or a failover
    would): one line, "lost the connection", exit 4, and the batch rolled back."""
    admin, hold = mysql_blocker
    env = kern_env(tmp_path, KERN_LOCK_TIMEOUT="0")
    url = _mysql_kern_url(mysql_url, mysql_schema)
    proc = _spawn(
        env, "sessions", "import", _dump(tmp_path), "--db", url, "--schema", mysql_schema
    )  # fmt: skip
    _wait_blocked_mysql(admin, hold, proc)
    admin.execute(f"KILL {_waiting_thread(admin, hold)}")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 4, err
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("kern: error: ")]
    assert len(errors) == 1 and errors[0].startswith("kern: error: lost the connection"), err
    mysql_target.close()
    _assert_no_kern_thread(admin, mysql_schema)
    hold.rollback()
    assert _ids(mysql_target) == set()
