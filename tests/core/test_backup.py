"""Backup: a consistent copy of a SQLite file; PostgreSQL gets the pg_dump command."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest

from kern_core import BadInputError, MySQLDb, PostgresDb, SqliteDb, backup_db, pg_dump_command

from tests.support.db import FIXTURES
from tests.support.ops import dump, make_session


def test_sqlite_backup_is_a_full_copy(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "agno3.sqlite", tmp_path / "live.db")
    db = SqliteDb(db_file=tmp_path / "live.db")
    db.upsert_sessions([make_session(1)])  # something only in the WAL, maybe
    report = backup_db(db, tmp_path / "b.db")
    assert report.bytes > 0 and Path(report.path).exists()
    assert dump(SqliteDb(db_file=tmp_path / "b.db")) == dump(db)
    with pytest.raises(BadInputError, match="already exists"):
        backup_db(db, tmp_path / "b.db")
    assert sorted(p.name for p in tmp_path.iterdir() if ".kern-" in p.name) == []


def test_postgres_backup_says_how() -> None:
    db = PostgresDb(
        "postgresql://kern:s3cret@db.example:5432/app",
        db_schema="app",
        session_table="my_agent_sessions",
    )
    with pytest.raises(BadInputError) as err:
        backup_db(db, "/tmp/out.dump")
    hint = err.value.hint or ""
    assert hint == pg_dump_command(db, "/tmp/out.dump")
    assert "s3cret" not in hint and "pg_dump" in hint
    assert '"app"."my_agent_sessions"' in hint and '"app"."my_agent_sessions_runs"' in hint


def test_mysql_backup_says_how() -> None:
    """The mysqldump command, password masked (an unreachable server: all three tables)."""
    db = MySQLDb(
        "mysql://kern:s3cret@127.0.0.1:1/app", db_schema="app", session_table="my_agent_sessions"
    )
    with pytest.raises(BadInputError, match="back up MySQL with mysqldump") as err:
        backup_db(db, "/tmp/out.sql")
    hint = err.value.hint or ""
    assert hint == pg_dump_command(db, "/tmp/out.sql")
    assert "s3cret" not in hint and hint.startswith("mysqldump ") and " --password " in hint
    assert hint.endswith(" app my_agent_sessions my_agent_sessions_runs agno_schema_versions")


def _wal_db(tmp_path: Path, sessions: int = 300) -> SqliteDb:
    path = tmp_path / "live.db"
    db = SqliteDb(db_file=path)
    db.upsert_sessions([make_session(i, runs=4) for i in range(sessions)])
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    return SqliteDb(db_file=path)


def test_backup_ends_with_a_consistent_snapshot_while_an_agent_commits(tmp_path: Path) -> None:
    """The old online backup in steps restarted on every commit between its steps; here an
    agent commits each time the copy reports progress, and the copy still ends, holding
    exactly what was there when it started."""
    db = _wal_db(tmp_path)
    before = dump(db)
    agent = SqliteDb(db_file=tmp_path / "live.db")
    commits = [0]

    def agent_commits() -> None:
        commits[0] += 1
        agent.upsert_sessions([make_session(10_000 + commits[0])])

    report = backup_db(db, tmp_path / "b.db", on_progress=agent_commits)
    assert commits[0] >= 3
    copy = SqliteDb(db_file=report.path)
    assert dump(copy) == before
    assert db.count_sessions() == 300 + commits[0]
    with sqlite3.connect(report.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    agent.close()


def test_ctrl_c_during_a_backup_stops_it_and_removes_the_partial(tmp_path: Path) -> None:
    db = _wal_db(tmp_path)
    sent = []

    def press_ctrl_c() -> None:
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        backup_db(db, tmp_path / "b.db", on_progress=press_ctrl_c)
    assert sent
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("live.db")] == []
    assert dump(db)


def test_backup_refuses_an_existing_path_unless_overwrite(tmp_path: Path) -> None:
    db = _wal_db(tmp_path, sessions=3)
    dest = tmp_path / "b.db"
    dest.write_text("keep me")
    with pytest.raises(BadInputError, match="already exists"):
        backup_db(db, dest)
    assert dest.read_text() == "keep me"
    backup_db(db, dest, overwrite=True)
    assert dump(SqliteDb(db_file=dest)) == dump(db)
    with pytest.raises(BadInputError, match="the database itself"):
        backup_db(db, tmp_path / "live.db", overwrite=True)
