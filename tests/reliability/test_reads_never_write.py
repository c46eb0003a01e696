"""Read commands (and every --dry-run) leave agno's SQLite files byte-identical with no new
files beside them, and create nothing on PostgreSQL (no relation, schema or version row) or
MySQL (no database, table, column, index, version row or changed row)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.db import FIXTURES, expected
from tests.support.procs import assert_no_traceback, kern_env, run_kern
from tests.support.stores import Store, drop_store, make_sessions, new_store, structure, write

SQLITE_VARIANTS = sorted(expected(backends=("sqlite",)))
PG_VARIANTS = sorted(expected(backends=("postgres",)))
MYSQL_VARIANTS = sorted(expected(backends=("mysql",)))


def read_commands(first_id: str, tmp: Path) -> list[list[str]]:
    dump = tmp / "in.jsonl"
    dump.write_text("")
    cmds = [
        ["sessions", "list", "--all", "-f", f] for f in ("table", "tsv", "csv", "json", "jsonl")
    ]
    cmds += [
        ["sessions", "show", first_id, "-f", f, "--no-pager"]
        for f in ("pretty", "markdown", "json")
    ]
    cmds += [["sessions", "export", "-f", f] for f in ("jsonl", "json", "csv", "markdown")]
    cmds += [["sessions", "stats", "-f", f] for f in ("table", "json")]
    cmds += [["sessions", "usage", "--by", "user,model", "-f", f] for f in ("table", "json")]
    cmds += [["db", "status", "-f", f] for f in ("table", "json")]
    cmds += [
        ["sessions", "prune", "--older-than", "1d", "--dry-run"],
        ["sessions", "delete", first_id, "--dry-run"],
        ["sessions", "import", str(dump), "--dry-run"],
        ["db", "upgrade", "--dry-run"],
        ["sessions", "migrate", "--to", str(tmp / "never.db"), "--dry-run"],
    ]
    return cmds


def snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("variant", SQLITE_VARIANTS)
def test_sqlite_reads_leave_files_identical(variant: str, tmp_path: Path) -> None:
    info = expected()[variant]
    home = tmp_path / "home"
    data = tmp_path / "db"
    data.mkdir()
    shutil.copy(FIXTURES / variant, data / variant)
    before = snapshot(data)
    env = kern_env(home)
    db = ["--db", str(data / variant), "--table", info["session_table"]]
    first = _first_id(env, db)
    for args in read_commands(first, tmp_path):
        proc = run_kern(env, *args, *db, timeout=60)
        assert_no_traceback(proc)
        assert proc.returncode == 0, (args, proc.stderr)
        assert snapshot(data) == before, f"{args} changed {variant}"
    assert not (tmp_path / "never.db").exists()


def _first_id(env: dict[str, str], db: list[str]) -> str:
    proc = run_kern(env, "sessions", "list", "--all", "-f", "jsonl", *db)
    import json

    return str(json.loads(proc.stdout.splitlines()[0])["session_id"])


def _pg_catalog(url: str) -> tuple[set[tuple[str, str]], list[tuple[str, ...]]]:
    import psycopg

    with psycopg.connect(url) as conn:
        rels = conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg_%' "
            "AND n.nspname <> 'information_schema'"
        ).fetchall()
        schemas = conn.execute("SELECT nspname FROM pg_namespace").fetchall()
        versions: list[tuple[str, ...]] = []
        for (schema,) in conn.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'agno_schema_versions'"
        ).fetchall():
            versions += [
                tuple(map(str, r))
                for r in conn.execute(f'SELECT * FROM "{schema}".agno_schema_versions ORDER BY 1')
            ]
    return {(a, b) for a, b in rels} | {("schema", s[0]) for s in schemas}, versions


@pytest.mark.parametrize("variant", PG_VARIANTS)
def test_postgres_reads_create_nothing(
    variant: str, tmp_path: Path, agno_pg_dbs: dict[str, str]
) -> None:
    dump, qualified = variant.split(":", 1)
    schema, table = qualified.split(".", 1)
    url = agno_pg_dbs[dump]
    env = kern_env(tmp_path / "home")
    db = ["--db", url, "--schema", schema, "--table", table]
    before = _pg_catalog(url)
    for args in read_commands(_first_id(env, db), tmp_path):
        proc = run_kern(env, *args, *db, timeout=60)
        assert_no_traceback(proc)
        assert proc.returncode == 0, (args, proc.stderr)
    assert _pg_catalog(url) == before


def _mysql_snapshot(database: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The database's tables with their row counts and checksums, its indexes, and every
    version row."""
    from tests.support.db import mysql_connect

    conn = mysql_connect(database=database)
    try:
        cur = conn.cursor()
        cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1",
            (database,),
        )
        tables = [str(r[0]) for r in cur.fetchall()]
        rows: list[tuple[str, ...]] = []
        for table in tables:
            cur.execute(f"SELECT count(*) FROM `{table}`")
            count = cur.fetchone()[0]
            cur.execute(f"CHECKSUM TABLE `{table}` EXTENDED")
            rows.append((table, str(count), str(cur.fetchone()[1])))
        cur.execute(
            "SELECT DISTINCT table_name, index_name FROM information_schema.statistics "
            "WHERE table_schema = %s ORDER BY 1, 2",
            (database,),
        )
        rows += [("index", str(t), str(i)) for t, i in cur.fetchall()]
        cur.execute("SELECT * FROM agno_schema_versions ORDER BY 1")
        versions = [tuple(map(str, r)) for r in cur.fetchall()]
    finally:
        conn.close()
    return rows, versions


@pytest.mark.parametrize("variant", MYSQL_VARIANTS)
def test_mysql_reads_change_nothing(
    variant: str, tmp_path: Path, agno_mysql_dbs: dict[str, str]
) -> None:
    """Every read command and dry run on agno's MySQL tables leaves them as they were: no
    table, index or version row added, no row changed (CHECKSUM TABLE)."""
    from tests.support.db import MYSQL_URL

    dump, table = variant.split(":", 1)
    database = agno_mysql_dbs[dump]
    env = kern_env(tmp_path / "home")
    db = ["--db", MYSQL_URL, "--schema", database, "--table", table]
    before = _mysql_snapshot(database)
    for args in read_commands(_first_id(env, db), tmp_path):
        proc = run_kern(env, *args, *db, timeout=60)
        assert_no_traceback(proc)
        assert proc.returncode == 0, (args, proc.stderr)
    assert _mysql_snapshot(database) == before
    assert not (tmp_path / "never.db").exists()


def _mysql_catalog(store: Store) -> tuple[Any, ...]:
    """The store's database as the server describes it: tables, columns, indexes, version rows
    and a checksum of every table's rows (the server is shared, so only this database)."""
    with store.conn() as conn:
        tables = conn.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = %s ORDER BY 1",
            [store.schema],
        ).fetchall()
        columns = conn.execute(
            "SELECT table_name, column_name, column_type FROM information_schema.columns "
            "WHERE table_schema = %s ORDER BY 1, 2",
            [store.schema],
        ).fetchall()
        names = ", ".join(store.q(t[0]) for t in tables)
        sums = conn.execute(f"CHECKSUM TABLE {names}").fetchall() if names else []
        versions = conn.execute(f"SELECT * FROM {store.q('agno_schema_versions')}").fetchall()
    return tables, columns, sums, versions, structure(store)


@pytest.mark.parametrize("layout", ["column", "table"])
def test_mysql_reads_create_nothing(layout: str, tmp_path: Path, mysql_url: str) -> None:
    store = new_store("mysql", tmp_path, mysql_url, "reads")
    try:
        write(store, make_sessions(20, seed=5), layout)
        env = kern_env(tmp_path / "home")
        db = store.cli()
        before = _mysql_catalog(store)
        for args in read_commands(_first_id(env, db), tmp_path):
            proc = run_kern(env, *args, *db, timeout=60)
            assert_no_traceback(proc)
            assert proc.returncode == 0, (args, proc.stderr)
        assert _mysql_catalog(store) == before
        assert not (tmp_path / "never.db").exists()
        missing = new_store("mysql", tmp_path, mysql_url, "missing")
        for args in (["sessions", "list"], ["db", "status"], ["sessions", "stats"]):
            run_kern(env, *args, *missing.cli(), timeout=60)
        with store.conn() as conn:
            found = conn.execute(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s",
                [missing.schema],
            ).fetchone()[0]
        assert found == 0, "a read created the database it was pointed at"
    finally:
        drop_store(store)
