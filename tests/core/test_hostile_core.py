"""Hostile and broken rows: every read either returns the row or skips it with a reason."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from kern_core import SessionDb, SessionFilter

from hostile_data import (
    QUOTED_ID,
    clean_base,
    hostile_sessions,
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
