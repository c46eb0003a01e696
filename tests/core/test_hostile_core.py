"""Hostile and broken rows: every read either returns the row or skips it with a reason."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import (
    BadInputError,
    InvalidRecordsError,
    MySQLDb,
    PostgresDb,
    Session,
    SessionDb,
    SessionFilter,
    SqliteDb,
    copy_sessions,
    import_sessions,
)
from kern_core.copying.sessions import plan_copy
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
#: What MariaDB refuses of the hostile sessions, by id, as the refusal says it: JSON nested
#: deeper than its json_valid takes, a run larger than max_allowed_packet (16 MiB here).
MYSQL_REFUSED = {
    "h-deep-ok": "session 'h-deep-ok': metadata is nested 201 levels deep; MariaDB's JSON "
    "holds at most 31",
    "h-big": "session 'h-big': run big-r is 50.0 MiB; the server's max_allowed_packet is 16 MiB",
}


def refused_deep_runs(layout: str) -> str:
    """How MariaDB's refusal names h-deep-ok's runs: the runs column, or the run's row."""
    if layout == "column":
        return "; runs is nested 202 levels deep; MariaDB's JSON holds at most 31$"
    return "; run deep-ok-r's run_data is nested 201 levels deep; MariaDB's JSON holds at most 31$"


@pytest.fixture(params=["column", "table"])
def hostile_db(
    request: pytest.FixtureRequest, make_db: Callable[..., SessionDb], kind: str
) -> tuple[SessionDb, set[str]]:
    db = make_db(layout=request.param)
    sessions = clean_base() + hostile_sessions(big=request.param == "table")
    if kind == "mysql":
        for s in [s for s in sessions if s.session_id in MYSQL_REFUSED]:
            with pytest.raises(BadInputError) as refused:
                db.upsert_sessions([*clean_base(), s])
            assert refused.value.message.startswith(MYSQL_REFUSED[s.session_id])
            assert db.count_sessions() == 0
        deep = refused_deep_runs(request.param)
        with pytest.raises(BadInputError, match=deep):
            db.upsert_sessions([s for s in sessions if s.session_id == "h-deep-ok"])
        sessions = [s for s in sessions if s.session_id not in MYSQL_REFUSED]
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
    jsonb and MariaDB's JSON cannot hold it, so there that record is invalid too, named."""
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
    if kind != "sqlite":
        json_name = "PostgreSQL jsonb" if kind == "postgres" else "MariaDB's JSON"
        assert report.inserted == 1
        assert report.unstorable == [
            (
                "in-json",
                "session_data.session_name holds a lone UTF-16 surrogate, "
                f"which {json_name} cannot store",
            )
        ]
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


def _mysql_hostile(layout: str) -> list[Session]:
    """Sessions a SQLite file holds and MariaDB cannot: a lone surrogate and NaN in JSON,
    JSON 39 levels deep, an id longer than its column and (table layout) a 20 MiB run."""
    deep: Any = "bottom"
    for _ in range(39):
        deep = {"d": deep}
    out = [
        Session("sur", "agent", session_data={"session_name": "a\ud800"}, created_at=1),
        Session("deep", "agent", metadata=deep, created_at=2),
        Session("u" * 300, "agent", created_at=3),
        Session("long-user", "agent", user_id="x" * 129, created_at=4),
    ]
    if layout == "table":
        run = {"run_id": "big-r", "agent_id": "a", "content": "x" * (20 << 20)}
        out.append(Session("big", "agent", runs=[run], created_at=5))
    return out


MYSQL_COPY_REFUSED = {
    "sur": "session_data.session_name holds a lone UTF-16 surrogate, which MariaDB's JSON "
    "cannot store",
    "deep": "metadata is nested 39 levels deep; MariaDB's JSON holds at most 31",
    "u" * 300: "session_id is 300 characters; MariaDB's column holds 128",
    "long-user": "user_id is 129 characters; MariaDB's column holds 128",
    "big": "run big-r is 20.0 MiB; the server's max_allowed_packet is 16 MiB",
}


@pytest.mark.parametrize("layout", ["column", "table"])
def test_copy_to_mysql_names_what_it_cannot_store(
    layout: str, tmp_path: Path, mysql_url: str, mysql_schema: str
) -> None:
    """A SQLite file holds what MariaDB refuses; the plan names those sessions, the copy
    skips each by id with the same reason (no server error, no dropped connection) and
    copies the rest."""
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    src.upsert_sessions(odd_number_sessions() + _mysql_hostile(layout))
    target = MySQLDb(mysql_url, db_schema=mysql_schema, new_layout=layout)
    expected = {
        sid: why for sid, why in MYSQL_COPY_REFUSED.items() if layout == "table" or sid != "big"
    }
    try:
        plan = plan_copy(src, target)
        assert {u.session_id: "; ".join(u.problems) for u in plan.unstorable} == expected
        report = copy_sessions(src, target)
        assert dict(report.refused) == expected
        assert report.copied == len(odd_number_sessions())
        copied = {json.loads(line)["session_id"] for line in target.export_lines()}
        assert copied == {s.session_id for s in odd_number_sessions()}
    finally:
        src.close()
        target.close()


@pytest.mark.parametrize("layout", ["column", "table"])
def test_mysql_limits_are_the_servers_own(layout: str, mysql_url: str, mysql_schema: str) -> None:
    """What kern lets through MariaDB stores (31 levels of JSON, 128-character ids, a NUL in
    an id); one step beyond, kern refuses it by id before the server sees it."""

    def nest(depth: int) -> Any:
        value: Any = {}
        for _ in range(depth - 1):
            value = {"d": value}
        return value

    db = MySQLDb(mysql_url, db_schema=mysql_schema, new_layout=layout)
    try:
        run_depth = 31 if layout == "table" else 30
        fits = Session(
            "i" * 128,
            "agent",
            user_id="n\x00ul",
            metadata=nest(31),
            runs=[{"run_id": "r" * 128, "agent_id": "a", "content": nest(run_depth - 1)}],
            created_at=1,
        )
        db.upsert_sessions([fits])
        assert db.get_session("i" * 128) == fits
        with pytest.raises(BadInputError, match="metadata is nested 32 levels deep"):
            db.upsert_sessions([Session("over", "agent", metadata=nest(32), created_at=2)])
        deeper = Session(
            "over-run",
            "agent",
            runs=[{"run_id": "o", "agent_id": "a", "content": nest(run_depth)}],
            created_at=3,
        )
        with pytest.raises(BadInputError, match="nested 32 levels deep"):
            db.upsert_sessions([deeper])
        assert db.count_sessions() == 1
    finally:
        db.close()


@pytest.mark.parametrize("layout", ["column", "table"])
def test_copy_between_servers_decides_rule_by_rule(
    layout: str, pg_url: str, pg_schema: str, mysql_url: str, mysql_schema: str
) -> None:
    """PostgreSQL holds deep JSON and long ids, which MariaDB refuses; MariaDB holds NUL,
    which PostgreSQL refuses. Each plan names what its source holds and its target cannot,
    and each copy skips exactly those, by id."""
    deep: Any = {}
    for _ in range(39):
        deep = {"d": deep}
    pg = PostgresDb(pg_url, db_schema=pg_schema, new_layout=layout)
    my = MySQLDb(mysql_url, db_schema=mysql_schema, new_layout=layout)
    back = PostgresDb(pg_url, db_schema=pg_schema, session_table="back", new_layout=layout)
    long_run = [{"run_id": "r" * 130, "agent_id": "a"}]
    try:
        pg.upsert_sessions(
            [
                Session("deep", "agent", metadata=deep, created_at=1),
                Session("x" * 200, "agent", created_at=2),
                Session("long-run", "agent", runs=long_run, created_at=3),
                Session("fine", "agent", created_at=4),
            ]
        )
        refused = {
            "deep": "metadata is nested 40 levels deep; MariaDB's JSON holds at most 31",
            "x" * 200: "session_id is 200 characters; MariaDB's column holds 128",
        }
        if layout == "table":
            refused["long-run"] = "runs[0].run_id is 130 characters; MariaDB's column holds 128"
        plan = plan_copy(pg, my)
        assert {u.session_id: "; ".join(u.problems) for u in plan.unstorable} == refused
        assert dict(copy_sessions(pg, my).refused) == refused
        my.upsert_sessions([Session("nul", "agent", metadata={"a": "b\x00"}, created_at=5)])
        nul = "1 string value holds a NUL character (U+0000), which PostgreSQL jsonb cannot store"
        plan = plan_copy(my, back)
        assert [(u.session_id, u.problems) for u in plan.unstorable] == [
            ("nul", (f"{nul} (first: metadata.a)",))
        ]
        report = copy_sessions(my, back)
        assert [sid for sid, _ in report.refused] == ["nul"]
        assert report.copied == (1 if layout == "table" else 2)
    finally:
        for db in (pg, my, back):
            db.close()
