"""``kern db upgrade`` (read back by agno 3.x) and ``kern db backup``."""

from __future__ import annotations

import json
import os
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
from tests.support.db import (
    FIXTURES,
    _admin_execute,
    expected,
    mysql_execute,
    restore_dump,
    server_db,
)
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


def test_upgrade_a_column_table_on_every_backend(
    kern: Callable[..., Any], kern_process: Callable[..., Any], make_db: Any
) -> None:
    """The same plan, refusal, copy and rerun on SQLite, PostgreSQL and MySQL."""
    db = make_db(layout="column")
    sessions = seed(db, n=6, hostile=True)
    runs = sum(len(s.runs) for s in sessions)
    args = db_args(db)
    records = parsed(export(kern, args))
    before = table_rows(db)
    dry = kern("db", "upgrade", *args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    keep = db.dialect.upsert_clause(RUN_COLUMNS, ["run_id"], [])
    assert "CREATE TABLE" in dry.stdout and keep in dry.stdout
    assert f"{len(sessions)} sessions and {runs} runs" in dry.stdout
    refused = kern_process("db", "upgrade", *args, input="y\n")
    assert refused.returncode == 2 and "refusing to upgrade" in refused.stderr
    assert table_rows(db) == before
    done = kern("db", "upgrade", *args, "--yes", "--batch-size", "3")
    assert done.exit_code == 0, done.stderr
    assert f"copied {runs} runs of {len(sessions)} sessions" in done.stderr
    layout = db.layout(refresh=True)
    assert (layout.kind, layout.version, layout.runs_version) == ("both", "3.0.0", "3.0.0")
    assert parsed(export(kern, args)) == records
    again = kern("db", "upgrade", *args, "--yes")
    assert again.exit_code == 0 and "nothing to do" in again.stderr


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


@pytest.mark.parametrize("layout", ["column", "table"])
def test_backup_mysql_prints_a_mysqldump_command_that_restores(
    kern: Callable[..., Any], mysql_url: str, mysql_schema: str, tmp_path: Path, layout: str
) -> None:
    """The printed command, run as printed (no password asked: MYSQL_PWD empty), dumps the
    tables that are there; the dump loads into another database and reads back the same."""
    if shutil.which("mysqldump") is None or shutil.which("mysql") is None:
        pytest.skip("no mysqldump and mysql clients here")
    db = server_db("mysql", mysql_url, mysql_schema, new_layout=layout)
    seed(db, n=5, hostile=True)
    records = parsed(export(kern, db_args(db)))
    dest = tmp_path / "out.sql"
    result = kern("db", "backup", str(dest), *db_args(db))
    assert result.exit_code == 1 and result.stdout == ""
    assert "back up MySQL with mysqldump" in result.stderr, result.stderr
    command = result.stderr.split("hint: ", 1)[1].strip()
    assert command.startswith("mysqldump ") and "--single-transaction" in command
    assert not dest.exists()
    env = {**os.environ, "MYSQL_PWD": ""}
    ran = subprocess.run(command, shell=True, env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    restored = f"{mysql_schema}_restored"
    mysql_execute(f"CREATE DATABASE `{restored}` CHARACTER SET utf8mb4")
    try:
        server = urlsplit(mysql_url)
        client = ["mysql", f"--host={server.hostname}", f"--port={server.port or 3306}"]
        client += [f"--user={server.username}", restored]
        with dest.open("rb") as dump_file:
            loaded = subprocess.run(
                client, stdin=dump_file, env=env, capture_output=True, timeout=120
            )
        assert loaded.returncode == 0, loaded.stderr
        copy = server_db("mysql", mysql_url, restored)
        assert parsed(export(kern, db_args(copy))) == records
        assert copy.layout().kind == db.layout(refresh=True).kind
        copy.close()
    finally:
        mysql_execute(f"DROP DATABASE IF EXISTS `{restored}`")


def test_backup_mysql_never_prints_the_password(kern: Callable[..., Any], mysql_url: str) -> None:
    parts = urlsplit(mysql_url)
    with_password = parts._replace(
        netloc=f"{parts.username}:s3cr%40t@{parts.hostname}:{parts.port}"
    )
    result = kern("db", "backup", "out.sql", "--db", with_password.geturl(), "--schema", "app")
    assert result.exit_code == 1
    assert "mysqldump" in result.stderr and " --password " in result.stderr
    assert "s3cr" not in result.stderr + result.stdout


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
