"""Backup: a consistent copy of a SQLite file; PostgreSQL gets the pg_dump command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from opshelpers import dump, make_session

from kern_core import BadInputError, PostgresDb, SqliteDb, backup_db, pg_dump_command

from conftest import FIXTURES


def test_sqlite_backup_is_a_full_copy(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "agno3.sqlite", tmp_path / "live.db")
    db = SqliteDb(db_file=tmp_path / "live.db")
    db.upsert_sessions([make_session(1)])  # something only in the WAL, maybe
    report = backup_db(db, tmp_path / "b.db")
    assert report.bytes > 0 and Path(report.path).exists()
    assert dump(SqliteDb(db_file=tmp_path / "b.db")) == dump(db)
    with pytest.raises(BadInputError, match="already exists"):
        backup_db(db, tmp_path / "b.db")
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


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
