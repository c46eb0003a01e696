"""``kern sessions migrate``: every direction between SQLite, PostgreSQL and MySQL in either
layout, reruns, --delete-source."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import SessionDb, SqliteDb

from tests.support.changes import db_args, export, parsed, table_rows
from tests.support.db import open_variant
from tests.support.reading import make_session, seed


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Callable[..., SessionDb]:
    def make(name: str = "kern", layout: str = "column") -> SessionDb:
        return SqliteDb(db_file=tmp_path / f"{name}.db", new_layout=layout)

    return make


#: Every direction between the backends: each server to itself is two schemas (MySQL:
#: databases) on the one server.
DIRECTIONS = [
    "sqlite->postgres",
    "postgres->sqlite",
    "sqlite->mysql",
    "mysql->sqlite",
    "postgres->mysql",
    "mysql->postgres",
    "mysql->mysql",
    "postgres->postgres",
]


def _pair(
    backend_db: Callable[..., SessionDb], direction: str, src_layout: str, dst_layout: str
) -> tuple[SessionDb, SessionDb]:
    """The source and target db objects of ``direction`` (a target on the source's backend
    is another schema or file)."""
    src_kind, dst_kind = direction.split("->")
    return backend_db(src_kind, layout=src_layout), backend_db(dst_kind, layout=dst_layout, place=1)


def _to(db: SessionDb) -> list[str]:
    """``--to URL --to-table T [--to-schema S]`` for a target db object."""
    args = db_args(db)
    out = ["--to", args[1], "--to-table", db.session_table]
    return out + (["--to-schema", args[5]] if len(args) > 4 else [])


def _migrate(kern: Callable[..., Any], src: SessionDb, dst: SessionDb, *extra: str) -> Any:
    return kern("sessions", "migrate", *db_args(src), *_to(dst), *extra)


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("src_layout", ["column", "table"])
@pytest.mark.parametrize("dst_layout", ["column", "table"])
def test_migrate_every_way_and_rerun_copies_nothing(
    kern: Callable[..., Any],
    backend_db: Callable[..., SessionDb],
    direction: str,
    src_layout: str,
    dst_layout: str,
) -> None:
    src, dst = _pair(backend_db, direction, src_layout, dst_layout)
    seed(src, hostile=True)
    before = table_rows(src)
    dry = _migrate(kern, src, dst, "--layout", dst_layout, "--dry-run", "-f", "json")
    assert dry.exit_code == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert (plan["sessions"], plan["target_exists"], plan["target_layout"]) == (
        11,
        False,
        dst_layout,
    )
    if dst.dialect.kind == "sqlite":
        assert not Path(dst.dialect.path).exists()
    first = _migrate(kern, src, dst, "--layout", dst_layout, "-f", "json")
    assert first.exit_code == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["copied"], report["already_present"], report["verified"]) == (11, 0, True)
    assert report["source_checksum"] == report["target_checksum"]
    assert "verified: 11 sessions" in first.stderr
    assert dst.layout(refresh=True).kind == dst_layout
    assert parsed(export(kern, db_args(dst))) == parsed(export(kern, db_args(src)))
    again = json.loads(_migrate(kern, src, dst, "-f", "json").stdout)
    assert (again["copied"], again["already_present"], again["verified"]) == (0, 11, True)
    assert table_rows(src) == before


@pytest.mark.parametrize(
    "direction", ["sqlite->postgres", "sqlite->mysql", "mysql->sqlite", "mysql->mysql"]
)
def test_filters_delete_source_and_refusal(
    kern: Callable[..., Any],
    kern_process: Callable[..., Any],
    backend_db: Callable[..., SessionDb],
    direction: str,
) -> None:
    src, dst = _pair(backend_db, direction, "table", "table")
    seed(src, n=9)
    src_before = table_rows(src)
    proc = kern_process(
        "sessions", "migrate", *db_args(src), *_to(dst), "-u", "u1", "--delete-source"
    )
    assert proc.returncode == 2 and "--yes" in proc.stderr and "nothing was changed" in proc.stderr
    assert "3 sessions" in proc.stderr
    assert table_rows(src) == src_before
    assert (
        json.loads(_migrate(kern, src, dst, "--dry-run", "-f", "json").stdout)["target_exists"]
        is False
    )  # the refusal created nothing in the target either
    done = _migrate(kern, src, dst, "-u", "u1", "--delete-source", "--yes")
    assert done.exit_code == 0, done.stderr
    assert "deleted from the source: 3 sessions" in done.stderr
    assert sorted(s.session_id for s in dst.iter_sessions()) == ["s001", "s004", "s007"]
    assert sorted(s.session_id for s in src.iter_sessions()) == [
        f"s00{i}" for i in (0, 2, 3, 5, 6, 8)
    ]


@pytest.mark.parametrize("direction", ["sqlite->postgres", "postgres->mysql", "mysql->sqlite"])
@pytest.mark.parametrize("dst_layout", ["column", "table"])
def test_dry_run_after_a_partial_copy_counts_only_the_rest(
    kern: Callable[..., Any], backend_db: Callable[..., SessionDb], direction: str, dst_layout: str
) -> None:
    """The plan says what a real run would still copy: the sessions already present at the
    target (identical, from the first copy) are not counted again, nor their runs."""
    src, dst = _pair(backend_db, direction, "table", dst_layout)
    sessions = seed(src, n=9)
    half = _migrate(kern, src, dst, "-u", "u1", "--layout", dst_layout)
    assert half.exit_code == 0, half.stderr
    copied = [s for s in sessions if s.user_id == "u1"]
    rest = [s for s in sessions if s.user_id != "u1"]
    rest_runs = sum(len(s.runs) for s in rest)
    plan = json.loads(_migrate(kern, src, dst, "--dry-run", "-f", "json").stdout)
    assert (plan["sessions"], plan["already_present"]) == (9, len(copied))
    assert (plan["to_copy"], plan["runs_to_copy"]) == (len(rest), rest_runs)
    text = _migrate(kern, src, dst, "--dry-run")
    expected = f"would copy {len(rest)} sessions and {rest_runs} runs"
    assert text.stderr.splitlines()[0] == expected, text.stderr
    done = json.loads(_migrate(kern, src, dst, "-f", "json").stdout)
    assert (done["copied"], done["runs_copied"]) == (plan["to_copy"], plan["runs_to_copy"])
    nothing = json.loads(_migrate(kern, src, dst, "--dry-run", "-f", "json").stdout)
    assert (nothing["to_copy"], nothing["runs_to_copy"]) == (0, 0)


def test_conflicts_exit_1_and_leave_both_sides(
    kern: Callable[..., Any], sqlite_db: Callable[..., SessionDb]
) -> None:
    src, dst = sqlite_db("a"), sqlite_db("b", layout="table")
    seed(src, n=4)
    seed(dst, n=2)
    dst.rename_session("s001", "changed in the target")
    dst.close()
    dst_before = table_rows(dst)
    result = _migrate(kern, src, dst, "--delete-source", "--yes")
    assert result.exit_code == 1
    assert "differ in the target" in result.stderr and "s001" in result.stderr
    assert src.count_sessions() == 4  # the source is never deleted with a conflict
    assert dst.get_session("s001").session_name == "changed in the target"
    assert dst.count_sessions() == 4
    after = table_rows(dst)
    for name, rows in dst_before.items():
        assert set(rows) <= set(after[name])  # nothing in the target was changed


@pytest.mark.parametrize("server", ["postgres", "mysql"])
@pytest.mark.parametrize("layout", ["column", "table"])
def test_sessions_the_target_cannot_store_are_reported_and_the_rest_moved(
    kern: Callable[..., Any],
    backend_db: Callable[..., SessionDb],
    server: str,
    layout: str,
) -> None:
    src, dst = _pair(backend_db, f"sqlite->{server}", layout, layout)
    sessions = [make_session(i) for i in range(5)]
    sessions[1].runs[0]["content"] = "nul \x00 here"
    sessions[3].session_data = {"session_name": "lone \ud800 surrogate"}
    src.upsert_sessions(sessions)
    src.close()
    holds_nul = dst.dialect.json_holds_nul
    refused = ["s003"] if holds_nul else ["s001", "s003"]
    result = _migrate(kern, src, dst, "--layout", layout, "--delete-source", "--yes", "-f", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert [r["session_id"] for r in report["refused"]] == refused
    copied = 5 - len(refused)
    assert (report["copied"], report["verified"], report["deleted_from_source"]) == (
        copied,
        True,
        copied,
    )
    if not holds_nul:
        assert "not copied: session s001" in result.stderr and "NUL" in result.stderr
    assert "not copied: session s003" in result.stderr
    error = result.stderr.split("kern: error:")[1]
    scheme = "mysql" if server == "mysql" else "postgresql"
    assert f"the target {scheme}://" in error
    assert f"could not store {len(refused)} session" in error
    place = "database" if server == "mysql" else "schema"
    assert f"{place} {dst.dialect.schema}" in error
    moved = sorted(s.session_id for s in dst.iter_sessions())
    dst.close()
    assert moved == sorted({f"s00{i}" for i in range(5)} - set(refused))
    assert sorted(s.session_id for s in src.iter_sessions()) == refused


def test_same_table_is_refused(kern: Callable[..., Any], sqlite_db: Callable[..., Any]) -> None:
    src = sqlite_db()
    seed(src, n=1)
    path = str(src.dialect.path)
    result = kern("sessions", "migrate", "--db", path, "--to", f"sqlite:///{path}")
    assert result.exit_code == 2 and "same session table" in result.stderr
    other = kern("sessions", "migrate", "--db", path, "--to", path, "--to-table", "copy")
    assert other.exit_code == 0, other.stderr


@pytest.mark.parametrize("server", ["postgres", "mysql"])
def test_same_table_on_a_server_is_refused(
    kern: Callable[..., Any], backend_db: Callable[..., SessionDb], server: str
) -> None:
    src = backend_db(server)
    seed(src, n=1)
    args = db_args(src)
    url, schema = args[1], args[5]
    same = kern("sessions", "migrate", *args, "--to", url, "--to-schema", schema)
    assert same.exit_code == 2 and "same session table" in same.stderr, same.stderr
    assert "Traceback" not in same.stderr and len(same.stderr.strip().splitlines()) <= 2
    other = backend_db(server, place=1)
    moved = kern("sessions", "migrate", *args, *_to(other))
    assert moved.exit_code == 0, moved.stderr
    assert other.count_sessions() == 1 and src.count_sessions() == 1


def test_named_target(
    kern: Callable[..., Any], sqlite_db: Callable[..., SessionDb], tmp_path: Path
) -> None:
    src = sqlite_db()
    seed(src, n=3)
    added = kern("targets", "add", "archive", str(tmp_path / "archive.db"), "--table", "old")
    assert added.exit_code == 0, added.stderr
    result = kern("sessions", "migrate", *db_args(src), "--to", "archive")
    assert result.exit_code == 0, result.stderr
    archive = SqliteDb(db_file=tmp_path / "archive.db", session_table="old")
    assert archive.count_sessions() == 3


@pytest.mark.agno
@pytest.mark.parametrize("layout", ["column", "table"])
def test_agno_reads_what_migrate_wrote(
    kern: Callable[..., Any],
    tmp_path: Path,
    request: pytest.FixtureRequest,
    layout: str,
    agno_py: str,
) -> None:
    src = open_variant("agno2_postgres.sql:ai.agno_sessions", tmp_path, request)
    dst = SqliteDb(db_file=tmp_path / "moved.db")
    result = _migrate(kern, src, dst, "--layout", layout)
    assert result.exit_code == 0, result.stderr
    want = {
        sid: [r["run_id"] for r in rec["runs"]]
        for sid, rec in parsed(export(kern, db_args(dst))).items()
    }
    script = (
        "import json, sys\n"
        "from agno.db.sqlite import SqliteDb\n"
        "db = SqliteDb(db_file=sys.argv[1])\n"
        "rows, total = db.get_sessions(deserialize=False)\n"
        "print(json.dumps({r['session_id']: [x['run_id'] for x in (r.get('runs') or [])]"
        " for r in rows}))\n"
    )
    proc = subprocess.run(
        [agno_py, "-c", script, str(dst.dialect.path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got == want and sum(len(v) for v in got.values()) == 70
