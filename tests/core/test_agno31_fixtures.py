"""kern on databases written by real agno 3.1.10 runs (tests/agno_fixtures/agno31*).

EXPECTED31.json holds what agno itself read back from each variant, and which rows of every
table agno's own ``delete_sessions`` left behind on a copy. Where kern does not yet handle part
of an agno 3.1 session.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from kern_core import MySQLDb, PostgresDb, SessionDb, SqliteDb

from tests.support.db import (
    FIXTURES,
    MYSQL_URL,
    _admin_execute,
    load_dump,
    mysql_connect,
    mysql_execute,
    restore_dump,
)

EXPECTED = json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))
VARIANTS: dict[str, Any] = EXPECTED["variants"]
DUMP = "agno31_postgres.sql"
MYSQL_DEFAULT = "agno31_mysql_ai.sql:agno_sessions"
MYSQL_CUSTOM = "agno31_mysql_app.sql:my_sessions"
DEFAULT = ["agno31.sqlite", f"{DUMP}:ai.agno_sessions", MYSQL_DEFAULT]
CUSTOM = ["agno31_custom.sqlite", f"{DUMP}:app.my_sessions", MYSQL_CUSTOM]


def _normal(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    out["runs"] = out.get("runs") or []
    return out


def _restored(pg_url: str) -> Iterator[str]:
    """The agno 3.1 dump restored into a database of its own, the way the suite restores dumps."""
    url = restore_dump(pg_url, FIXTURES / DUMP)
    yield url
    dbname = urlsplit(url).path.lstrip("/")
    _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(scope="module")
def agno31_pg(pg_url: str) -> Iterator[str]:
    """One restore shared by the tests that only read."""
    yield from _restored(pg_url)


@pytest.fixture
def fresh_pg(pg_url: str) -> Iterator[str]:
    """A restore of its own, for tests that delete."""
    yield from _restored(pg_url)


def _mysql_database(variant: str, request: pytest.FixtureRequest, fresh: bool) -> str:
    """The database a MySQL variant's dump is loaded in: the suite's shared one for reads, a
    load of its own (dropped after the test) for tests that delete."""
    dump = variant.split(":", 1)[0]
    if not fresh:
        return str(request.getfixturevalue("agno_mysql_dbs")[dump])
    database = getattr(request.node, "_fresh_mysql", None)
    if database is None:
        url = request.getfixturevalue("mysql_url")
        database = load_dump(url, FIXTURES / dump)
        request.node._fresh_mysql = database
        request.addfinalizer(lambda: mysql_execute(f"DROP DATABASE IF EXISTS `{database}`", url))
    return str(database)


def _open(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest, *, runs: bool, fresh: bool = False
) -> SessionDb:
    """Open a variant; ``runs`` passes its runs table explicitly (kern does not detect
    a custom ``runs_table`` name yet)."""
    info = VARIANTS[variant]
    runs_table = info["runs_table"] if runs else None
    if ":" not in variant:
        copy = tmp_path / variant
        shutil.copy(FIXTURES / variant, copy)
        return SqliteDb(db_file=copy, session_table=info["session_table"], runs_table=runs_table)
    if info["backend"] == "mysql":
        database = _mysql_database(variant, request, fresh)
        return MySQLDb(
            MYSQL_URL,
            session_table=info["session_table"],
            db_schema=database,
            runs_table=runs_table,
        )
    url = request.getfixturevalue("fresh_pg" if fresh else "agno31_pg")
    return PostgresDb(
        url, session_table=info["session_table"], db_schema=info["db_schema"], runs_table=runs_table
    )


def _assert_reads_as_agno(db: SessionDb, info: dict[str, Any]) -> None:
    for want in info["sessions"]:
        got = db.get_session(want["session_id"])
        assert got is not None, want["session_id"]
        assert not got.warnings
        assert got.to_dict() == _normal(want)
        assert [r.run_id for r in got.runs] == info["run_ids"][want["session_id"]]
    assert db.count_sessions() == info["counts"]["sessions"]


def test_fixtures_cover_what_agno_31_keeps_beyond_sessions() -> None:
    """The files hold every table the fixtures are for, as agno read them back."""
    for name in ("agno31.sqlite", "agno31_custom.sqlite"):
        con = sqlite3.connect(f"file:{FIXTURES / name}?mode=ro&immutable=1", uri=True)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        con.close()
        assert tables == set(VARIANTS[name]["tables"])
        assert {"agno_compactions", "agno_tool_results", "agno_fs", "agno_transcripts"} <= tables
    assert "my_custom_runs" in VARIANTS["agno31_custom.sqlite"]["tables"]
    info = VARIANTS["agno31.sqlite"]
    statuses = info["counts"]["runs_by_status"]
    assert statuses["PAUSED"] == 3 and statuses["REGENERATED"] >= 1
    linked = info["linked"]
    assert any("compactions" in e for e in linked.values())
    assert any("fs" in e and "tool_results" in e for e in linked.values())
    assert any("transcripts" in e for e in linked.values())


@pytest.mark.parametrize("variant", [MYSQL_DEFAULT, MYSQL_CUSTOM])
def test_mysql_dumps_hold_only_sessions_and_runs(
    variant: str, agno_mysql_dbs: dict[str, str]
) -> None:
    """agno's MySQLDb keeps no linked tables, so the dumps have the sessions, runs and
    version tables only, and every session of the agno 3.1 run otherwise."""
    info = VARIANTS[variant]
    con = mysql_connect(database=agno_mysql_dbs[variant.split(":", 1)[0]])
    try:
        cur = con.cursor()
        cur.execute("SHOW TABLES")
        tables = {r[0] for r in cur.fetchall()}
    finally:
        con.close()
    assert tables == set(info["tables"])
    assert info["linked"] == {} and set(info["not_stored_on_mysql"]) == {
        "compaction",
        "filesystem",
        "offload_tool_results",
        "transcripts",
    }
    assert info["counts"]["runs_by_status"] == {"COMPLETED": 17, "PAUSED": 3, "REGENERATED": 2}


@pytest.mark.parametrize("variant", DEFAULT)
def test_default_tables_read_as_agno_reads_them(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with _open(variant, tmp_path, request, runs=False) as db:
        assert db.layout().runs_table == VARIANTS[variant]["runs_table"]
        _assert_reads_as_agno(db, VARIANTS[variant])


@pytest.mark.parametrize("variant", CUSTOM)
def test_custom_runs_table_named_explicitly_reads_as_agno(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with _open(variant, tmp_path, request, runs=True) as db:
        _assert_reads_as_agno(db, VARIANTS[variant])


@pytest.mark.parametrize("variant", CUSTOM)
def test_custom_runs_table_is_detected(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with _open(variant, tmp_path, request, runs=False) as db:
        assert db.layout().runs_table == VARIANTS[variant]["runs_table"]
        _assert_reads_as_agno(db, VARIANTS[variant])


@pytest.mark.postgres  # requests PostgreSQL and MySQL at run time, not as a parameter
@pytest.mark.mysql
def test_nul_kept_by_sqlite_and_mysql_and_stripped_by_postgres(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """agno's SqliteDb and MySQLDb store U+0000 (MySQL as a ``\\u0000`` escape in the JSON
    text), its PostgresDb strips it; kern reads each as stored, in the run and in the state."""
    sid = "31000000-0000-4000-8000-000000000007"
    texts = {}
    states = {}
    for variant in DEFAULT:
        with _open(variant, tmp_path, request, runs=False) as db:
            session = db.get_session(sid)
            assert session is not None
            record = session.to_dict()
            texts[variant] = record["runs"][0]["input"]["input_content"]
            states[variant] = record["session_data"]["session_state"]["note"]
    assert texts[DEFAULT[0]] == texts[MYSQL_DEFAULT] == "Add espresso\x00beans to my cart."
    assert texts[DEFAULT[1]] == "Add espressobeans to my cart."
    assert states[MYSQL_DEFAULT] == VARIANTS[MYSQL_DEFAULT]["nul"]["json_value_note"]
    assert states[DEFAULT[0]] == states[MYSQL_DEFAULT] == "nul\x00inside"


def _remaining(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Rows left in every table agno's delete touches, in EXPECTED31.json's shape."""
    info = VARIANTS[variant]
    if ":" not in variant:
        con = sqlite3.connect(tmp_path / variant)
        try:
            rows = _sqlite_rows(con, info["session_table"], info["runs_table"])
        finally:
            con.close()
    elif info["backend"] == "mysql":
        con = mysql_connect(database=_mysql_database(variant, request, fresh=True))
        try:
            rows = _mysql_rows(con, info["session_table"], info["runs_table"])
        finally:
            con.close()
    else:
        with psycopg.connect(request.getfixturevalue("fresh_pg")) as pg:
            rows = _pg_rows(pg, info["db_schema"], info["session_table"], info["runs_table"])
    return {table: rows[table] for table in info["delete_sessions"]["remaining"]}


_LINKED_SQL = {
    "agno_compactions": "SELECT session_id, compaction_id FROM {t}",
    "agno_tool_results": "SELECT session_id, result_id FROM {t}",
    "agno_transcripts": (
        "SELECT agno_session_id, framework, project_key, session_id, subpath, position FROM {t}"
    ),
}


def _sqlite_rows(con: sqlite3.Connection, table: str, runs: str) -> dict[str, list[Any]]:
    out = {
        table: sorted(r[0] for r in con.execute(f'SELECT session_id FROM "{table}"')),
        runs: sorted(list(r) for r in con.execute(f'SELECT session_id, run_id FROM "{runs}"')),
        "agno_fs": sorted(
            list(r) for r in con.execute("SELECT namespace, user_id, path FROM agno_fs")
        ),
    }
    for name, sql in _LINKED_SQL.items():
        out[name] = sorted(list(r) for r in con.execute(sql.format(t=f'"{name}"')))
    return out


def _mysql_rows(con: Any, table: str, runs: str) -> dict[str, list[Any]]:
    """The sessions and runs tables: agno's MySQLDb keeps no linked tables."""

    def q(sql: str) -> list[Any]:
        cur = con.cursor()
        try:
            cur.execute(sql)
            return sorted(list(r) for r in cur.fetchall())
        finally:
            cur.close()

    return {
        table: sorted(r[0] for r in q(f"SELECT session_id FROM `{table}`")),
        runs: q(f"SELECT session_id, run_id FROM `{runs}`"),
    }


def _pg_rows(
    con: psycopg.Connection[Any], schema: str, table: str, runs: str
) -> dict[str, list[Any]]:
    def q(sql: str) -> list[Any]:
        return sorted(list(r) for r in con.execute(sql.encode()).fetchall())

    out = {
        table: sorted(r[0] for r in q(f'SELECT session_id FROM "{schema}"."{table}"')),
        runs: q(f'SELECT session_id, run_id FROM "{schema}"."{runs}"'),
        "fs.agno_fs": q("SELECT namespace, user_id, path FROM fs.agno_fs"),
    }
    for name, sql in _LINKED_SQL.items():
        out[name] = q(sql.format(t=f'"{schema}"."{name}"'))
    return out


def _kern_delete(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    with _open(variant, tmp_path, request, runs=True, fresh=True) as db:
        db.delete_sessions(EXPECTED["delete_ids"])
    return _remaining(variant, tmp_path, request)


@pytest.mark.parametrize("variant", DEFAULT + CUSTOM)
def test_delete_leaves_the_sessions_and_runs_agno_leaves(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    info = VARIANTS[variant]
    want = info["delete_sessions"]["remaining"]
    got = _kern_delete(variant, tmp_path, request)
    for table in (info["session_table"], info["runs_table"]):
        assert got[table] == want[table], table


@pytest.mark.parametrize("variant", DEFAULT + CUSTOM)
def test_delete_leaves_exactly_the_rows_agno_leaves(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    want = VARIANTS[variant]["delete_sessions"]["remaining"]
    assert _kern_delete(variant, tmp_path, request) == want
