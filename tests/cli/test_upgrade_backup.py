"""``kern db upgrade`` (read back by agno 3.x) and ``kern db backup``."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kern_core import PostgresDb, SessionDb, SqliteDb
from kern_core.model import RUN_COLUMNS

from tests.support.changes import db_args, export, parsed, table_rows
from tests.support.db import FIXTURES, _admin_execute, expected, restore_dump
from tests.support.reading import seed

AGNO_READ = """
import json, sys
from agno.db.sqlite import SqliteDb
db = SqliteDb(db_file=sys.argv[1], session_table=sys.argv[2])
rows, total = db.get_sessions(deserialize=False)
print(json.dumps({
    "version": db.get_latest_schema_version(sys.argv[2]),
    "runs": {r["session_id"]: [x["run_id"] for x in (r.get("runs") or [])] for r in rows},
}))
"""


@pytest.fixture
def agno2_pg(pg_url: str) -> Iterator[str]:
    """A private restore of the agno 2.x pg_dump (the upgrade writes to it)."""
    url = restore_dump(pg_url, FIXTURES / "agno2_postgres.sql")
    yield url
    _admin_execute(
        pg_url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)'
    )


def _sqlite_copy(tmp_path: Path, variant: str) -> SessionDb:
    path = tmp_path / variant
    shutil.copy(FIXTURES / variant, path)
    return SqliteDb(db_file=path, session_table=expected()[variant]["session_table"])


def _check_upgrade(
    kern: Callable[..., Any], kern_process: Callable[..., Any], db: SessionDb
) -> None:
    args = db_args(db)
    records = parsed(export(kern, args))
    before = table_rows(db)
    dry = kern("db", "upgrade", *args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    keep = db.dialect.upsert_clause(RUN_COLUMNS, ["run_id"], [])
    assert "CREATE TABLE" in dry.stdout and f"({keep}: a run id already there is kept" in dry.stdout
    assert "32 sessions and 70 runs" in dry.stdout
    assert table_rows(db) == before
    refused = kern_process("db", "upgrade", *args, input="y\n")
    assert refused.returncode == 2 and "refusing to upgrade" in refused.stderr
    assert table_rows(db) == before
    done = kern("db", "upgrade", *args, "--yes", "--batch-size", "7")
    assert done.exit_code == 0, done.stderr
    assert "copied 70 runs of 32 sessions" in done.stderr
    layout = db.layout(refresh=True)
    assert layout.kind == "both" and layout.version == "3.0.0"
    assert parsed(export(kern, args)) == records
    again = kern("db", "upgrade", *args, "--yes")
    assert again.exit_code == 0 and "nothing to do" in again.stderr
    assert kern("db", "upgrade", *args, "--dry-run").stdout == ""


@pytest.mark.parametrize("variant", ["agno2.sqlite", "agno2_custom_table.sqlite"])
def test_upgrade_sqlite(
    kern: Callable[..., Any], kern_process: Callable[..., Any], tmp_path: Path, variant: str
) -> None:
    _check_upgrade(kern, kern_process, _sqlite_copy(tmp_path, variant))


@pytest.mark.parametrize(
    ("schema", "table"), [("ai", "agno_sessions"), ("app", "my_agent_sessions")]
)
def test_upgrade_postgres(
    kern: Callable[..., Any],
    kern_process: Callable[..., Any],
    agno2_pg: str,
    schema: str,
    table: str,
) -> None:
    _check_upgrade(kern, kern_process, PostgresDb(agno2_pg, session_table=table, db_schema=schema))


def test_upgrade_json_plan_and_table_layout(kern: Callable[..., Any], make_db: Any) -> None:
    db = make_db(layout="table")
    seed(db, n=2)
    result = kern("db", "upgrade", *db_args(db), "--dry-run", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["needed"] is False
    column = make_db(layout="column", table="old")
    seed(column, n=3)
    plan = json.loads(kern("db", "upgrade", *db_args(column), "--dry-run", "-f", "json").stdout)
    assert plan["needed"] and plan["runs_table"] == "old_runs" and plan["sessions"] == 3


@pytest.mark.agno
@pytest.mark.parametrize("variant", ["agno2.sqlite", "agno2_custom_table.sqlite"])
def test_agno_reads_the_upgraded_table(
    kern: Callable[..., Any], tmp_path: Path, variant: str, agno_py: str
) -> None:
    db = _sqlite_copy(tmp_path, variant)
    result = kern("db", "upgrade", *db_args(db), "--yes")
    assert result.exit_code == 0, result.stderr
    want = {
        sid: [r["run_id"] for r in rec["runs"]]
        for sid, rec in parsed(export(kern, db_args(db))).items()
    }
    proc = subprocess.run(
        [agno_py, "-c", AGNO_READ, str(db.dialect.path), db.session_table],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["version"] == "3.0.0"
    assert got["runs"] == want and sum(len(v) for v in want.values()) == 70


def test_backup_sqlite(kern: Callable[..., Any], tmp_path: Path) -> None:
    db = _sqlite_copy(tmp_path, "agno3_migrated.sqlite")
    dest = tmp_path / "backup.db"
    result = kern("db", "backup", str(dest), *db_args(db))
    assert result.exit_code == 0, result.stderr
    assert "backed up" in result.stderr and result.stdout == ""
    copy = SqliteDb(db_file=dest, session_table=db.session_table)
    assert parsed(export(kern, db_args(copy))) == parsed(export(kern, db_args(db)))
    size = dest.stat().st_size
    again = kern("db", "backup", str(dest), *db_args(db))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert dest.stat().st_size == size
    missing = kern("db", "backup", str(tmp_path / "x.db"), "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 4 and not (tmp_path / "x.db").exists()


def test_backup_postgres_prints_pg_dump(kern: Callable[..., Any], pg_url: str) -> None:
    parts = urlsplit(pg_url)
    with_password = parts._replace(netloc=f"{parts.username}:s3cret@{parts.hostname}:{parts.port}")
    result = kern("db", "backup", "out.dump", "--db", with_password.geturl(), "--schema", "app")
    assert result.exit_code == 1
    assert "pg_dump" in result.stderr and '"app"."agno_sessions"' in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


def test_upgrade_refuses_a_file_that_fails_quick_check(
    kern: Callable[..., Any], tmp_path: Path
) -> None:
    import sqlite3

    from kern_core import Session

    path = tmp_path / "damaged.db"
    db = SqliteDb(db_file=path)
    db.upsert_sessions(
        [
            Session(f"s{i:03d}", "agent", agent_id="a", created_at=i, runs=[{"run_id": f"r{i}"}])
            for i in range(300)
        ]
    )
    db.close()
    with sqlite3.connect(path) as conn:
        try:
            leaf = conn.execute(
                "SELECT max(pageno) FROM dbstat WHERE name = 'agno_sessions' AND pagetype = 'leaf'"
            ).fetchone()[0]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    offset = (leaf - 1) * page_size
    data[offset + 1 : offset + 3] = (page_size - 8).to_bytes(2, "big")  # a bad freeblock
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    for extra in ((), ("--dry-run",)):
        result = kern("db", "upgrade", "--db", str(path), "--yes", *extra)
        assert result.exit_code == 1, result.stderr
        assert (
            "fails SQLite's integrity check" in result.stderr and "Traceback" not in result.stderr
        )
    assert path.read_bytes() == before
