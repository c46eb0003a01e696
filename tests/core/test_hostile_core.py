"""Hostile and broken rows: every read either returns the row or skips it with a reason."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import (
    InvalidRecordsError,
    PostgresDb,
    Session,
    SessionDb,
    SessionFilter,
    SqliteDb,
    copy_sessions,
    import_sessions,
)
from kern_core.importing import parse_records
from kern_core.jsoncodec import dumps

from tests.support.hostile_data import (
    BAD_UTF8_ID,
    NAN_ID,
    QUOTED_ID,
    SURROGATE_ID,
    clean_base,
    hostile_sessions,
    odd_number_sessions,
    write_sqlite_odd_rows,
    write_sqlite_raw_rows,
)

UNREADABLE = {
    "h-malformed-session_data",
    "h-malformed-agent_data",
    "h-malformed-metadata",
    "h-malformed-summary",
    "h-text-time",
    "h-badutf8",
    "h-badutf8-json",
    "h-deep",
    "h-raw-control",
    "h-bad-run",
    "h-deep-run",
    "h-runs-not-list",
    "h-bad-runs",
}
#: Readable, but not a record an import accepts (so export skips it and names it).
NOT_IMPORTABLE = {"h-unknown-type"}


@pytest.fixture(params=["column", "table"])
def hostile_db(
    request: pytest.FixtureRequest, make_db: Callable[..., SessionDb], kind: str
) -> tuple[SessionDb, set[str]]:
    db = make_db(layout=request.param)
    sessions = clean_base() + hostile_sessions(big=request.param == "table")
    db.upsert_sessions(sessions)
    ids = {s.session_id for s in sessions}
    if kind == "sqlite":
        ids |= set(write_sqlite_raw_rows(db))
    return db, ids


def test_listing_and_counting_see_every_row(hostile_db: tuple[SessionDb, set[str]]) -> None:
    db, ids = hostile_db
    rows = db.list_sessions(limit=None).rows
    assert {r.session_id for r in rows} == ids
    assert db.count_sessions() == len(ids)
    seen = []
    page = db.list_sessions(limit=4)
    seen += [r.session_id for r in page.rows]
    while page.next_cursor:
        page = db.list_sessions(limit=4, cursor=page.next_cursor)
        seen += [r.session_id for r in page.rows]
    assert sorted(seen) == sorted(ids)
    assert db.count_sessions(SessionFilter(user_id="u 'x'")) == 1
    assert db.first_inputs(sorted(ids))


def test_every_row_opens_with_warnings_where_broken(
    hostile_db: tuple[SessionDb, set[str]],
) -> None:
    db, ids = hostile_db
    for sid in ids:
        session = db.get_session(sid)
        assert session is not None, sid
        assert bool(session.warnings) == (sid in UNREADABLE), (sid, session.warnings)
        session.token_totals()
        session.first_user_message()
        for run in session.runs:
            accessed = (run.messages, run.tool_calls, run.metrics, run.member_runs, run.steps)
            assert all(isinstance(value, (list, dict)) for value in accessed)
            assert isinstance(run.tokens, dict)
    assert db.get_session(QUOTED_ID) is not None


def test_streams_skip_exactly_the_unreadable_rows(hostile_db: tuple[SessionDb, set[str]]) -> None:
    db, ids = hostile_db
    skipped: list[str] = []
    lines = list(db.export_lines(batch_size=3, on_skip=lambda sid, why: skipped.append(sid)))
    exported = {json.loads(line)["session_id"] for line in lines}
    assert exported | set(skipped) == ids
    assert set(skipped) == ids & (UNREADABLE | NOT_IMPORTABLE)
    skipped_iter: list[str] = []
    streamed = {s.session_id for s in db.iter_sessions(on_skip=lambda s, w: skipped_iter.append(s))}
    assert streamed == exported | (ids & NOT_IMPORTABLE)
    assert set(skipped_iter) == set(skipped) - NOT_IMPORTABLE
    for line in lines:
        assert "\x1b" not in line and "\x9b" not in line


@pytest.fixture(params=["column", "table"])
def odd_db(
    request: pytest.FixtureRequest, make_db: Callable[..., SessionDb], kind: str
) -> tuple[SessionDb, set[str]]:
    """Odd numbers and times on every backend; on SQLite also a lone surrogate, NaN tokens and a
    non-UTF-8 id. Returns the db and the ids every read must deliver."""
    db = make_db(layout=request.param)
    sessions = clean_base() + odd_number_sessions()
    db.upsert_sessions(sessions)
    good = {s.session_id for s in sessions}
    if kind == "sqlite":
        good |= set(write_sqlite_odd_rows(db)) - {NAN_ID}
        db._write_conn().commit()  # noqa: SLF001
    return db, good


def _strict(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"non-JSON {name}")

    return json.loads(text, parse_constant=refuse, parse_float=str, parse_int=str)


def test_odd_rows_are_read_or_skipped_by_id(odd_db: tuple[SessionDb, set[str]], kind: str) -> None:
    db, good = odd_db
    bad = {NAN_ID, BAD_UTF8_ID.decode("utf-8", "replace")} if kind == "sqlite" else set()
    listed = {r.session_id for r in db.list_sessions(limit=None).rows}
    assert listed == good | bad
    for sid in good:
        session = db.get_session(sid)
        assert session is not None and not session.warnings, (sid, session)
        session.token_totals()
        assert _strict(dumps(session.to_dict()))["session_id"] == sid
    if kind == "sqlite":
        nan = db.get_session(NAN_ID)
        assert nan is not None and any("NaN is not a JSON number" in w for w in nan.warnings)
        surrogate = db.get_session(SURROGATE_ID)
        assert surrogate is not None and surrogate.session_name == "a\ud800b"
    skipped: list[str] = []
    lines = list(db.export_lines(batch_size=2, on_skip=lambda sid, why: skipped.append(sid)))
    assert {_strict(line)["session_id"] for line in lines} == good
    assert set(skipped) == bad
    streamed = {s.session_id for s in db.iter_sessions(on_skip=lambda s, w: None)}
    assert streamed == good


def test_import_refuses_lone_surrogates_in_text_columns(
    make_db: Callable[..., SessionDb], kind: str
) -> None:
    """A text column cannot hold a lone surrogate: that record is invalid, named, the rest go
    in. Inside a JSON value SQLite keeps it as an escape and gives it back exactly; PostgreSQL
    jsonb cannot hold it, so there that record is invalid too."""
    records = [
        '{"session_id": "s\\ud800", "session_type": "agent", "created_at": 1}',
        '{"session_id": "u", "session_type": "agent", "user_id": "\\udc00", "created_at": 2}',
        '{"session_id": "fine", "session_type": "agent", "created_at": 3}',
    ]
    records.append(
        '{"session_id": "in-json", "session_type": "agent", '
        '"session_data": {"session_name": "a\\ud800b"}, "created_at": 4}'
    )
    db = make_db()
    parsed = list(parse_records(io.StringIO("\n".join(records) + "\n")))
    errors = [p.error for p in parsed if p.error]
    assert (
        len(errors) == 2
        and "session s\\ud800: session_id holds a lone UTF-16 surrogate" in errors[0]
    )
    assert "user_id holds a lone UTF-16 surrogate" in errors[1]
    with pytest.raises(InvalidRecordsError):
        import_sessions(db, parsed)
    report = import_sessions(db, parsed, skip_invalid=True)
    if kind == "postgres":
        assert report.inserted == 1 and "in-json" in str(report.invalid)
        return
    assert report.inserted == 2
    if kind == "sqlite":
        line = next(x for x in db.export_lines() if '"in-json"' in x)
        assert '"session_name": "a\\ud800b"' in line


@pytest.mark.parametrize("layout", ["column", "table"])
def test_copy_to_postgres_names_a_lone_surrogate_it_cannot_store(
    layout: str, tmp_path: Path, pg_url: str, pg_schema: str
) -> None:
    """SQLite keeps a lone surrogate escape in JSON; PostgreSQL jsonb cannot. The copy skips
    that session, naming it, and copies the others, instead of a database error naming the
    wrong database."""
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    src.upsert_sessions(odd_number_sessions())
    src.upsert_sessions(
        [Session("sur", "agent", session_data={"session_name": "a\ud800"}, created_at=1)]
    )
    target = PostgresDb(pg_url, db_schema=pg_schema, new_layout=layout)
    try:
        report = copy_sessions(src, target)
        assert [sid for sid, _ in report.refused] == ["sur"]
        assert "lone UTF-16 surrogate" in report.refused[0][1]
        assert report.copied == len(odd_number_sessions())
        copied = {json.loads(line)["session_id"] for line in target.export_lines()}
        assert copied == {s.session_id for s in odd_number_sessions()}
        numbers = target.get_session("h-numbers")
        assert numbers is not None and numbers.metadata == {
            "inf": int("1" + "0" * 400),
            "e5": 100000,
            "zero": 0,
            "huge": int("1" + "0" * 400),
        }
    finally:
        src.close()
        target.close()
