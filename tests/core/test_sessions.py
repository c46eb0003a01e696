"""The core API on SQLite and PostgreSQL, both layouts: write, read, list, count, rename, delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import (
    BadInputError,
    ConnectError,
    Session,
    SessionDb,
    SessionFilter,
    SqliteDb,
    TableMissingError,
    UnrecognisedTableError,
    open_db,
)

from tests.support.sessions import session

LAYOUTS = ["column", "table"]


def make_session(i: int, **over: Any) -> Session:
    """A session with two runs, a member run for teams, a name for even i."""
    stype = over.pop("session_type", ("agent", "team", "workflow")[i % 3])
    owner = {"agent": "agent_id", "team": "team_id", "workflow": "workflow_id"}[stype]
    runs: list[dict[str, Any]] = [
        {
            "run_id": f"r{i}-{k}",
            owner: f"{stype}-{i % 2}",
            "status": "COMPLETED",
            "created_at": 1000 + i * 10 + k,
            "input": {"input_content": f"question {i}.{k} — ünïcode ☕"},
            "content": f"answer {i}.{k}",
            "messages": [{"role": "user", "content": f"question {i}.{k}"}],
            "extra_unknown_key": {"kept": [1, 2, 3]},
        }
        for k in range(2)
    ]
    if stype == "team":
        runs.insert(0, {"run_id": f"r{i}-m", "agent_id": "member", "parent_run_id": f"r{i}-0"})
    values: dict[str, Any] = {
        "session_id": f"s{i:03d}",
        "session_type": stype,
        owner: f"{stype}-{i % 2}",
        "user_id": f"u{i % 3}" if i % 5 else None,
        "session_data": {"session_name": f"Name {i}"} if i % 2 == 0 else {"session_state": {}},
        "metadata": {"n": i} if i % 4 == 0 else None,
        "summary": {"summary": f"s {i}"} if i % 3 == 0 else None,
        "runs": runs,
        "created_at": 1_700_000_000 + i * 3600,
        "updated_at": 1_700_000_000 + i * 3600 + (500 if i % 2 else 0),
    }
    values.update(over)
    return session(**values)


@pytest.fixture(params=LAYOUTS)
def db(request: pytest.FixtureRequest, make_db: Callable[..., SessionDb]) -> SessionDb:
    filled = make_db(layout=request.param)
    filled.upsert_sessions([make_session(i) for i in range(30)], batch_size=7)
    return filled


def test_round_trip_keeps_every_field_and_run_order(db: SessionDb) -> None:
    for i in (0, 1, 2, 5):
        want = make_session(i)
        got = db.get_session(want.session_id)
        assert got is not None
        assert got.to_dict() == want.to_dict()
        assert [r.run_id for r in got.runs] == [r.run_id for r in want.runs]
    assert db.get_session("nope") is None
    assert db.get_session("s000", session_type="team") is None


def test_layout_is_what_was_asked(db: SessionDb, request: pytest.FixtureRequest) -> None:
    want = request.node.callspec.params["db"]
    assert db.layout().kind == want
    assert db.layout().version == ("2.5.6" if want == "column" else "3.0.0")


def test_listing_filters_sort_and_cursor(db: SessionDb) -> None:
    page = db.list_sessions(limit=5)
    assert [r.session_id for r in page.rows] == ["s029", "s028", "s027", "s026", "s025"]
    seen = [r.session_id for r in page.rows]
    while page.next_cursor:
        page = db.list_sessions(limit=5, cursor=page.next_cursor)
        seen += [r.session_id for r in page.rows]
    assert seen == [f"s{i:03d}" for i in reversed(range(30))]
    u1 = db.list_sessions(SessionFilter(user_id="u1"), limit=None).rows
    assert {r.session_id for r in u1} == {f"s{i:03d}" for i in range(30) if i % 3 == 1 and i % 5}
    assert db.count_sessions(SessionFilter(user_id="u1")) == len(u1)
    teams = db.list_sessions(SessionFilter(session_type="team"), limit=3, descending=False)
    assert [r.session_id for r in teams.rows] == ["s001", "s004", "s007"]
    assert teams.rows[0].run_count == 3
    named = db.list_sessions(SessionFilter(name="NAME 1"), limit=None).rows
    assert {r.session_name for r in named} == {
        "Name 10",
        "Name 12",
        "Name 14",
        "Name 16",
        "Name 18",
    }


def test_time_filters_are_inclusive_and_updated_falls_back(db: SessionDb) -> None:
    base = 1_700_000_000
    since = SessionFilter(created_since=base + 10 * 3600, created_until=base + 12 * 3600)
    assert db.count_sessions(since) == 3
    updated = SessionFilter(updated_since=base + 29 * 3600 + 500)
    assert [r.session_id for r in db.list_sessions(updated).rows] == ["s029"]
    by_update = db.list_sessions(sort="updated_at", limit=2).rows
    assert [r.session_id for r in by_update] == ["s029", "s028"]


def test_filter_values_are_parameters_not_sql(db: SessionDb) -> None:
    hostile = "x' OR '1'='1"
    assert db.count_sessions(SessionFilter(user_id=hostile)) == 0
    assert db.count_sessions(SessionFilter(name="%")) == 0
    assert db.count_sessions(SessionFilter(name="_")) == 0


def test_replace_rewrites_runs_and_skip_leaves_alone(db: SessionDb) -> None:
    changed = make_session(3, runs=[{"run_id": "new", "agent_id": "a"}], user_id="zz")
    report = db.upsert_sessions([changed, make_session(99)], on_conflict="skip")
    assert report.skipped == ["s003"] and report.inserted == ["s099"]
    assert db.get_session("s003").to_dict() == make_session(3).to_dict()  # type: ignore[union-attr]
    report = db.upsert_sessions([changed], on_conflict="replace")
    assert report.replaced == ["s003"]
    got = db.get_session("s003")
    assert got is not None and [r.run_id for r in got.runs] == ["new"] and got.user_id == "zz"


def test_delete_removes_sessions_and_every_run(db: SessionDb) -> None:
    report = db.delete_sessions(["s001", "s002", "missing"])
    assert (report.sessions, report.runs, report.missing) == (2, 5, ["missing"])
    assert db.get_session("s001") is None
    layout = db.layout()
    if layout.runs_table:
        conn = db._read_conn()  # noqa: SLF001 - checking storage directly
        orphans = conn.execute(
            f"SELECT count(*) FROM {db.dialect.table(layout.runs_table)} r WHERE NOT EXISTS "
            f"(SELECT 1 FROM {db.dialect.table(layout.session_table)} s "
            "WHERE s.session_id = r.session_id)"
        ).fetchone()[0]
        assert orphans == 0


def test_rename_sets_name_and_updated_at(db: SessionDb) -> None:
    assert db.rename_session("s001", "Renamed ☕ 'quoted'")
    got = db.get_session("s001")
    assert got is not None and got.session_name == "Renamed ☕ 'quoted'"
    assert got.updated_at and got.updated_at > make_session(1).updated_at  # type: ignore[operator]
    assert not db.rename_session("missing", "x")


def test_rename_refuses_a_name_no_database_text_holds(db: SessionDb) -> None:
    before = db.get_session("s001")
    with pytest.raises(BadInputError, match="lone UTF-16 surrogate"):
        db.rename_session("s001", "n\udcff")
    assert db.get_session("s001") == before


def test_reads_never_create_tables(make_db: Callable[..., SessionDb], kind: str) -> None:
    db = make_db()
    if kind == "sqlite":
        with pytest.raises(ConnectError):
            db.list_sessions()
    else:
        with pytest.raises(TableMissingError) as err:
            db.get_session("x")
        assert "agno_sessions" in str(err.value)
    writer = make_db(table="other_sessions")
    writer.upsert_sessions([make_session(1)])
    reader = make_db()
    with pytest.raises(TableMissingError) as err:
        reader.count_sessions()
    assert "other_sessions" in (err.value.hint or "")


def test_a_table_that_is_not_a_session_table_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE agno_sessions (id INTEGER)")
    with pytest.raises(UnrecognisedTableError):
        SqliteDb(db_file=path).count_sessions()
    with pytest.raises(UnrecognisedTableError):
        SqliteDb(db_file=path).upsert_sessions([make_session(1)])


@pytest.mark.parametrize("name", ["x; DROP TABLE y", 'a"b', "", "1abc", "a" * 64, "ta ble"])
def test_identifiers_are_validated(name: str, tmp_path: Path) -> None:
    with pytest.raises(BadInputError):
        SqliteDb(db_file=tmp_path / "x.db", session_table=name)
    with pytest.raises(BadInputError):
        open_db("postgresql://u@127.0.0.1/db", db_schema=name)


def test_connection_failures_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConnectError, match="not a usable SQLite database"):
        SqliteDb(db_file=bad).count_sessions()
    with pytest.raises(ConnectError, match="not found"):
        SqliteDb(db_file=tmp_path / "missing.db").count_sessions()
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(ConnectError) as err:
        open_db("postgresql://kern:s3cret-pw@127.0.0.1:1/nodb").count_sessions()
    assert "s3cret-pw" not in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(BadInputError, match="unsupported"):
        open_db("oracle://u@h/db")


def test_malformed_json_is_reported_not_fatal(make_db: Callable[..., SessionDb], kind: str) -> None:
    db = make_db(layout="table")
    db.upsert_sessions([make_session(0), make_session(1)])
    if kind != "sqlite":
        pytest.skip(
            "a server JSON column (jsonb, MariaDB json_valid check) holds no malformed JSON"
        )
    conn = db._write_conn()  # noqa: SLF001 - corrupting storage on purpose
    conn.execute("UPDATE agno_sessions SET metadata = '{broken' WHERE session_id = 's000'")
    conn.execute("UPDATE agno_runs SET run_data = '[1,' WHERE run_id = 'r1-0'")
    got = db.get_session("s000")
    assert got is not None and got.warnings and got.metadata is None
    skipped: list[tuple[str, str]] = []
    exported = [json.loads(x) for x in db.export_lines(on_skip=lambda s, r: skipped.append((s, r)))]
    assert exported == [] and [s for s, _ in skipped] == ["s000", "s001"]
    assert [s.session_id for s in db.iter_sessions(on_skip=lambda s, r: None)] == []


def test_postgres_refuses_nul_rather_than_stripping(
    make_db: Callable[..., SessionDb], kind: str
) -> None:
    """PostgreSQL refuses a NUL; SQLite and MySQL store it (MySQL's JSON escapes it)."""
    db = make_db()
    bad = make_session(1, metadata={"text": "a\x00b"})
    if kind != "postgres":
        db.upsert_sessions([bad])
        assert db.get_session("s001").metadata == {"text": "a\x00b"}  # type: ignore[union-attr]
        in_id = make_session(2, user_id="u\x00ser")
        db.upsert_sessions([in_id])
        assert db.get_session("s002").user_id == "u\x00ser"  # type: ignore[union-attr]
        return
    with pytest.raises(BadInputError, match="NUL"):
        db.upsert_sessions([bad])
