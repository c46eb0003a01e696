"""``import`` and ``migrate`` into PostgreSQL and MySQL with values they cannot store: named
before anything is written, skipped by id with exit 1, or (PostgreSQL) stored as agno stores
them with ``--strip-nul``."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import MySQLDb, PostgresDb, SessionDb, SqliteDb, TableMissingError
from kern_core.storable import strip_nul

from tests.support.changes import db_args, export, parsed
from tests.support.db import FIXTURES
from tests.support.reading import make_session

LAYOUTS = pytest.mark.parametrize("layout", ["column", "table"])
NUL_SESSION = "31000000-0000-4000-8000-000000000007"
AGNO_READS = r"""
import json, sys
from agno.db.postgres import PostgresDb
from agno.db.base import SessionType
url, schema, sid = sys.argv[1:4]
db = PostgresDb(db_url=url, db_schema=schema)
session = db.get_session(sid, session_type=SessionType.AGENT)
_, total = db.get_sessions(deserialize=False)
print(json.dumps({"state": session.session_data["session_state"], "total": total,
                  "runs": [r.run_id for r in session.runs]}))
"""


def _records() -> list[dict[str, Any]]:
    """s001: NUL in a run and in session_state; s003: a lone surrogate; the rest clean."""
    out = [make_session(i).to_dict() for i in range(5)]
    out[1]["runs"][0]["content"] = "nul \x00 here"
    out[1]["session_data"] = {"session_state": {"note": "a\x00b"}}
    out[3]["session_data"] = {"session_name": "lone \ud800 surrogate"}
    return out


def _file(tmp_path: Path, records: list[dict[str, Any]]) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


@pytest.fixture
def pg_db(pg_url: str, pg_schema: str) -> Callable[..., SessionDb]:
    def make(layout: str = "column", name: str = "agno_sessions") -> SessionDb:
        return PostgresDb(pg_url, session_table=name, db_schema=pg_schema, new_layout=layout)

    return make


def _count(db: SessionDb) -> int:
    try:
        return db.count_sessions()
    except TableMissingError:
        return 0


def _to(db: SessionDb) -> list[str]:
    args = db_args(db)
    return ["--to", args[1], "--to-table", db.session_table, "--to-schema", args[5]]


# -- import -------------------------------------------------------------------------------------


@LAYOUTS
def test_import_refuses_and_names_them_before_writing(
    kern: Callable[..., Any], pg_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    dst = pg_db(layout)
    path = _file(tmp_path, _records())
    dry = kern("sessions", "import", path, *db_args(dst), "--layout", layout, "--dry-run")
    assert dry.exit_code == 1
    assert "cannot store 2 sessions: s001, s003" in dry.stderr
    result = kern(
        "sessions", "import", path, *db_args(dst), "--layout", layout, "--batch-size", "1"
    )
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert "cannot store 2 sessions: s001, s003" in result.stderr
    assert "line 2: session s001: 2 string values hold a NUL" in result.stderr
    assert "--strip-nul" in result.stderr
    assert _count(dst) == 0


@LAYOUTS
def test_import_skip_invalid_lands_the_good_ones_and_exits_1(
    kern: Callable[..., Any], pg_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    dst = pg_db(layout)
    records = _records()
    path = _file(tmp_path, records)
    result = kern(
        "sessions", "import", path, *db_args(dst), "--layout", layout, "--skip-invalid", "--json"
    )
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert [u["session_id"] for u in report["unstorable"]] == ["s001", "s003"]
    assert report["inserted"] == 3
    assert "cannot store 2 sessions; the others were imported" in result.stderr
    got = parsed(export(kern, db_args(dst)))
    assert got == {r["session_id"]: r for i, r in enumerate(records) if i in (0, 2, 4)}


@LAYOUTS
def test_import_strip_nul_stores_them_and_says_so(
    kern: Callable[..., Any], pg_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    dst = pg_db(layout)
    records = [r for i, r in enumerate(_records()) if i != 3]
    path = _file(tmp_path, records)
    dry = kern("sessions", "import", path, *db_args(dst), "--strip-nul", "--dry-run")
    assert dry.exit_code == 0 and "would strip NUL from 2 values in session s001" in dry.stderr
    assert _count(dst) == 0
    result = kern(
        "sessions", "import", path, *db_args(dst), "--layout", layout, "--strip-nul", "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert "stripped NUL from 2 values in session s001" in result.stderr
    assert json.loads(result.stdout)["stripped"] == [{"session_id": "s001", "values": 2}]
    got = parsed(export(kern, db_args(dst)))
    assert got == {r["session_id"]: strip_nul(r) for r in records}


# -- migrate ------------------------------------------------------------------------------------


def _sqlite_source(tmp_path: Path, layout: str, records: list[dict[str, Any]]) -> SqliteDb:
    from kern_core import Session

    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    src.upsert_sessions([Session.from_dict(r) for r in records])
    return src


@LAYOUTS
def test_migrate_plan_names_them_then_skips_them(
    kern: Callable[..., Any], pg_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    src, dst = _sqlite_source(tmp_path, layout, _records()), pg_db(layout)
    dry = kern("sessions", "migrate", *db_args(src), *_to(dst), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "cannot store: 2 sessions: s001, s003" in dry.stderr
    assert "will not copy session s001: 2 string values hold a NUL" in dry.stderr
    assert "will not copy session s003: session_data.session_name holds a lone" in dry.stderr
    as_json = kern("sessions", "migrate", *db_args(src), *_to(dst), "--dry-run", "-f", "json")
    plan = json.loads(as_json.stdout)
    assert [u["session_id"] for u in plan["unstorable"]] == ["s001", "s003"]
    assert _count(dst) == 0
    result = kern("sessions", "migrate", *db_args(src), *_to(dst), "--layout", layout)
    assert result.exit_code == 1
    assert "could not store 2 sessions (s001, s003)" in result.stderr
    assert sorted(parsed(export(kern, db_args(dst)))) == ["s000", "s002", "s004"]


@LAYOUTS
def test_migrate_strip_nul_copies_verifies_and_deletes(
    kern: Callable[..., Any], pg_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    records = [r for i, r in enumerate(_records()) if i != 3]
    src, dst = _sqlite_source(tmp_path, layout, records), pg_db(layout)
    source_export = parsed(export(kern, db_args(src)))
    dry = kern("sessions", "migrate", *db_args(src), *_to(dst), "--strip-nul", "--dry-run")
    assert "NUL to strip: 1 session: s001" in dry.stderr
    assert "would strip NUL from 2 values in session s001" in dry.stderr
    result = kern(
        "sessions",
        "migrate",
        *db_args(src),
        *_to(dst),
        "--layout",
        layout,
        "--strip-nul",
        "--delete-source",
        "--yes",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["verified"] and report["copied"] == 4 and report["deleted_from_source"] == 4
    assert report["stripped"] == [{"session_id": "s001", "values": 2}]
    assert "stripped NUL from 2 values in session s001" in result.stderr
    assert parsed(export(kern, db_args(dst))) == {
        sid: strip_nul(r) for sid, r in source_export.items()
    }


@pytest.mark.agno
def _sessions_only(records: dict[str, Any]) -> dict[str, Any]:
    """The records without agno 3.1's linked rows: their payload namespaces are rewritten for
    the target (tested with the linked copy), the session rows are what this test compares."""
    linked = ("compactions", "tool_results", "transcripts")
    return {sid: {k: v for k, v in r.items() if k not in linked} for sid, r in records.items()}


def test_agno31_fixture_migrated_with_strip_nul_reads_back_in_agno(
    kern: Callable[..., Any], pg_db: Callable[..., SessionDb], agno_py: str, tmp_path: Path
) -> None:
    copy = tmp_path / "agno31.sqlite"
    shutil.copy(FIXTURES / "agno31.sqlite", copy)
    src, dst = SqliteDb(db_file=copy), pg_db("table")
    source_export = parsed(export(kern, db_args(src)))
    plain = kern("sessions", "migrate", *db_args(src), *_to(dst), "--dry-run")
    assert f"will not copy session {NUL_SESSION}" in plain.stderr
    result = kern(
        "sessions", "migrate", *db_args(src), *_to(dst), "--layout", "table", "--strip-nul"
    )
    assert result.exit_code == 0, result.stderr
    assert f"in session {NUL_SESSION}" in result.stderr and "verified: 13 sessions" in result.stderr
    assert _sessions_only(parsed(export(kern, db_args(dst)))) == {
        sid: strip_nul(r) for sid, r in _sessions_only(source_export).items()
    }
    url = str(dst.dialect.location.conninfo).replace("postgresql://", "postgresql+psycopg://")
    done = subprocess.run(
        [agno_py, "-c", AGNO_READS, url, str(dst.dialect.schema), NUL_SESSION],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout)
    assert got["state"]["note"] == "nulinside"
    assert got["runs"] == [r["run_id"] for r in source_export[NUL_SESSION]["runs"]]
    assert got["total"] == 13


# -- MySQL ---------------------------------------------------------------------------------------


@pytest.fixture
def mysql_db(mysql_url: str, mysql_schema: str) -> Callable[..., SessionDb]:
    def make(layout: str = "column") -> SessionDb:
        return MySQLDb(mysql_url, db_schema=mysql_schema, new_layout=layout)

    return make


def _mysql_records() -> list[dict[str, Any]]:
    """s001: JSON 40 levels deep; s002: NUL characters (MySQL stores them); s003: a user_id
    of 300 characters; the rest clean."""
    deep: dict[str, Any] = {}
    for _ in range(39):
        deep = {"d": deep}
    out = [make_session(i).to_dict() for i in range(5)]
    out[1]["metadata"] = deep
    out[2]["runs"][0]["content"] = "nul \x00 here"
    out[2]["user_id"] = "u\x00ser"
    out[3]["user_id"] = "u" * 300
    return out


MYSQL_DEEP = "session s001: metadata is nested 40 levels deep; MariaDB's JSON holds at most 31"
MYSQL_LONG = "session s003: user_id is 300 characters; MariaDB's column holds 128"


@LAYOUTS
def test_import_into_mysql_names_them_before_writing(
    kern: Callable[..., Any], mysql_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    dst = mysql_db(layout)
    records = _mysql_records()
    path = _file(tmp_path, records)
    dry = kern("sessions", "import", path, *db_args(dst), "--layout", layout, "--dry-run")
    assert dry.exit_code == 1
    assert "cannot store 2 sessions: s001, s003" in dry.stderr
    result = kern("sessions", "import", path, *db_args(dst), "--layout", layout)
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert f"line 2: {MYSQL_DEEP}" in result.stderr
    assert f"line 4: {MYSQL_LONG}" in result.stderr
    assert "--strip-nul" not in result.stderr
    assert _count(dst) == 0
    landed = kern(
        "sessions", "import", path, *db_args(dst), "--layout", layout, "--skip-invalid", "--json"
    )
    assert landed.exit_code == 1, landed.stderr
    report = json.loads(landed.stdout)
    assert [u["session_id"] for u in report["unstorable"]] == ["s001", "s003"]
    assert report["inserted"] == 3
    assert "cannot store 2 sessions; the others were imported" in landed.stderr
    got = parsed(export(kern, db_args(dst)))
    assert got == {r["session_id"]: r for i, r in enumerate(records) if i in (0, 2, 4)}


@LAYOUTS
def test_migrate_into_mysql_plan_names_them_then_skips_them(
    kern: Callable[..., Any], mysql_db: Callable[..., SessionDb], layout: str, tmp_path: Path
) -> None:
    records = _mysql_records()
    src, dst = _sqlite_source(tmp_path, layout, records), mysql_db(layout)
    dry = kern("sessions", "migrate", *db_args(src), *_to(dst), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "cannot store: 2 sessions: s001, s003" in dry.stderr
    assert f"will not copy {MYSQL_DEEP}" in dry.stderr
    assert f"will not copy {MYSQL_LONG}" in dry.stderr
    assert _count(dst) == 0
    result = kern("sessions", "migrate", *db_args(src), *_to(dst), "--layout", layout)
    assert result.exit_code == 1
    assert "could not store 2 sessions (s001, s003)" in result.stderr
    got = parsed(export(kern, db_args(dst)))
    assert got == {r["session_id"]: r for i, r in enumerate(records) if i in (0, 2, 4)}
