"""Values a target cannot store (PostgreSQL: NUL, lone surrogates, NaN): named before anything is
written, skipped by id, or with ``strip_nul`` stored as agno's PostgresDb stores them."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kern_core import (
    BadInputError,
    InvalidRecordsError,
    PostgresDb,
    RecordSource,
    Session,
    SessionDb,
    SqliteDb,
    TableMissingError,
    copy_sessions,
    import_sessions,
)
from kern_core.copying.sessions import plan_copy
from kern_core.dialect import StorageRules
from kern_core.dialect.postgres import STORAGE as POSTGRES
from kern_core.storable import strip_nul, strip_session_nul, target_problems

from tests.support.db import FIXTURES
from tests.support.ops import dump, make_session

LAYOUTS = pytest.mark.parametrize("layout", ["column", "table"])


def _records() -> list[dict[str, Any]]:
    """Six sessions: 1 has NUL in a run and in session_state, 2 a lone surrogate, 4 the text
    backslash-u0000 (six characters, no NUL), 5 a NUL in a string that holds a NUL-free key."""
    out = [make_session(i).to_dict() for i in range(6)]
    out[1]["runs"][0]["content"] = "a\x00b"
    out[1]["session_data"]["session_state"] = {"note": "x\x00y\x00", "n": 1}
    out[2]["session_data"]["session_name"] = "lone \ud800 surrogate"
    out[4]["runs"][1]["content"] = "the escape \\u0000 is text"
    out[5]["metadata"] = {"k": ["\x00"]}
    return out


def _stripped(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [strip_nul(r) for r in records]


def _source(records: list[dict[str, Any]]) -> RecordSource:
    return RecordSource(io.StringIO("".join(json.dumps(r) + "\n" for r in records)))


@pytest.fixture
def pg(pg_url: str, pg_schema: str) -> Iterator[Any]:
    opened: list[SessionDb] = []

    def make(layout: str = "column", table: str = "agno_sessions") -> SessionDb:
        db = PostgresDb(pg_url, db_schema=pg_schema, session_table=table, new_layout=layout)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


def _count(db: SessionDb) -> int:
    """Sessions stored; 0 when nothing was ever written (not even the table)."""
    try:
        return db.count_sessions()
    except TableMissingError:
        return 0


def _ids(pairs: list[tuple[str, Any]]) -> list[str]:
    return [sid for sid, _ in pairs]


# -- the rule -----------------------------------------------------------------------------------


def test_the_rule_names_what_postgresql_cannot_store() -> None:
    records = _records()
    sessions = [make_session(0)] + [Session.from_dict(r) for r in records[1:]]
    assert [bool(target_problems(s, POSTGRES)) for s in sessions] == [
        False,
        True,
        True,
        False,
        False,
        True,
    ]
    assert "2 string values hold a NUL" in target_problems(sessions[1], POSTGRES)[0]
    assert "surrogate" in target_problems(sessions[2], POSTGRES)[0]
    assert not any(target_problems(s, StorageRules()) for s in sessions)
    assert target_problems(sessions[1], POSTGRES, strip_nul=True) == []
    assert target_problems(sessions[2], POSTGRES, strip_nul=True) != []
    nan = make_session(7)
    nan.runs[0]["metrics"] = {"cost": float("nan")}
    assert "NaN" in target_problems(nan, POSTGRES)[0]
    key = make_session(8)
    key.metadata = {"a\x00b": 1}
    assert "key" in target_problems(key, POSTGRES, strip_nul=True)[0]
    ident = make_session(9)
    ident.user_id = "u\x00"
    assert "user_id" in target_problems(ident, POSTGRES, strip_nul=True)[0]
    lone_id = make_session(10)
    lone_id.user_id = "u\udc00"
    assert "user_id" in target_problems(lone_id, StorageRules())[0]


def test_strip_removes_nul_from_values_and_keeps_keys_as_agno_does() -> None:
    """agno's sanitize_postgres_strings: ``{key: sanitize(value)}`` over dicts and lists."""
    session = make_session(1)
    session.metadata = {"k\x00": "v\x00", "list": ["\x00a", 1, None, {"x": "b\x00"}]}
    session.runs[0]["content"] = "a\x00b"
    clean, count = strip_session_nul(session)
    assert count == 4
    assert clean.metadata == {"k\x00": "v", "list": ["a", 1, None, {"x": "b"}]}
    assert clean.runs[0]["content"] == "ab" and clean.session_id == session.session_id
    assert session.runs[0]["content"] == "a\x00b"  # the original is left alone


# -- import -------------------------------------------------------------------------------------


@LAYOUTS
def test_import_names_every_unstorable_session_before_writing(pg: Any, layout: str) -> None:
    """Before: the first batches committed and a later one failed on the NUL."""
    db = pg(layout)
    records = _records()
    with pytest.raises(InvalidRecordsError) as err:
        import_sessions(db, _source(records), batch_size=1)
    assert _ids(err.value.report.unstorable) == ["s0001", "s0002", "s0005"]
    assert [line for line, _ in err.value.report.invalid] == [2, 3, 6]
    assert _count(db) == 0
    dry = import_sessions(db, _source(records), dry_run=True, skip_invalid=True)
    assert _ids(dry.unstorable) == ["s0001", "s0002", "s0005"] and dry.inserted == 3


@LAYOUTS
def test_import_skip_invalid_writes_the_storable_ones(pg: Any, layout: str) -> None:
    db = pg(layout)
    records = _records()
    report = import_sessions(db, _source(records), skip_invalid=True, batch_size=2)
    assert report.inserted == 3 and _ids(report.unstorable) == ["s0001", "s0002", "s0005"]
    assert dump(db) == [records[i] for i in (0, 3, 4)]


@LAYOUTS
def test_import_strip_nul_stores_them_as_agno_does(pg: Any, layout: str) -> None:
    db = pg(layout)
    records = _records()
    dry = import_sessions(db, _source(records), skip_invalid=True, strip_nul=True, dry_run=True)
    assert dry.stripped == [("s0001", 2), ("s0005", 1)] and _count(db) == 0
    report = import_sessions(db, _source(records), skip_invalid=True, strip_nul=True)
    assert report.stripped == [("s0001", 2), ("s0005", 1)]
    assert _ids(report.unstorable) == ["s0002"] and report.inserted == 5
    want = _stripped([r for i, r in enumerate(records) if i != 2])
    assert dump(db) == want
    again = import_sessions(db, _source(records), skip_invalid=True, strip_nul=True)
    assert again.skipped == 5 and again.stripped == []


def test_import_into_sqlite_keeps_nul_and_strip_nul_changes_nothing(tmp_path: Path) -> None:
    db = SqliteDb(db_file=tmp_path / "kern.db")
    records = [r for i, r in enumerate(_records()) if i != 2]
    report = import_sessions(db, _source(records), strip_nul=True)
    assert report.inserted == 5 and report.stripped == [] and report.unstorable == []
    assert dump(db) == records


def test_upsert_refuses_before_writing_and_takes_an_escaped_backslash(pg: Any) -> None:
    db = pg()
    ok = make_session(4)
    ok.runs[0]["content"] = "the escape \\u0000 is text"
    db.upsert_sessions([ok])  # before: refused, the encoded text holds "\\u0000"
    bad = make_session(1)
    bad.metadata = {"text": "a\x00b"}
    with pytest.raises(BadInputError, match="NUL"):
        db.upsert_sessions([bad])
    assert dump(db) == [ok.to_dict()]


# -- copy ---------------------------------------------------------------------------------------


@LAYOUTS
def test_copy_plan_names_them_and_strip_nul_copies_everything(
    pg: Any, layout: str, tmp_path: Path
) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    records = _records()
    src.upsert_sessions([make_session(0)])  # NUL-free, then the rest through import
    import_sessions(src, _source(records[1:]))
    dst = pg(layout)
    plan = plan_copy(src, dst)
    assert [(u.session_id, u.stripped) for u in plan.unstorable] == [
        ("s0001", False),
        ("s0002", False),
        ("s0005", False),
    ]
    assert "s0004" not in [u.session_id for u in plan.unstorable]  # the escaped backslash
    planned = plan_copy(src, dst, strip_nul=True)
    assert [(u.session_id, u.stripped, u.nul_values) for u in planned.unstorable] == [
        ("s0001", True, 2),
        ("s0002", False, 0),
        ("s0005", True, 1),
    ]
    assert _count(dst) == 0
    report = copy_sessions(src, dst, strip_nul=True, batch_size=2, delete_source=True)
    assert report.stripped == [("s0001", 2), ("s0005", 1)]
    assert _ids(report.refused) == ["s0002"] and report.verified and report.copied == 5
    assert dump(dst) == _stripped([r for i, r in enumerate(records) if i != 2])
    assert [r["session_id"] for r in dump(src)] == ["s0002"]


@LAYOUTS
def test_copy_without_strip_skips_them_by_id(pg: Any, layout: str, tmp_path: Path) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    records = _records()
    import_sessions(src, _source(records))
    dst = pg(layout)
    report = copy_sessions(src, dst)
    assert _ids(report.refused) == ["s0001", "s0002", "s0005"] and report.verified
    assert "NUL" in report.refused[0][1] and report.stripped == []
    assert dump(dst) == [records[i] for i in (0, 3, 4)]


def test_postgres_to_sqlite_is_unaffected(pg: Any, tmp_path: Path) -> None:
    src = pg("table")
    records = _stripped([r for i, r in enumerate(_records()) if i != 2])
    import_sessions(src, _source(records))
    dst = SqliteDb(db_file=tmp_path / "dst.db")
    assert plan_copy(src, dst, strip_nul=True).unstorable == ()
    report = copy_sessions(src, dst, strip_nul=True)
    assert report.copied == 5 and report.verified and report.stripped == report.refused == []
    assert dump(dst) == records
    nul = SqliteDb(db_file=tmp_path / "nul.db")
    import_sessions(nul, _source([_records()[1]]))
    again = copy_sessions(nul, SqliteDb(db_file=tmp_path / "nul2.db"), strip_nul=True)
    assert again.stripped == [] and again.copied == 1  # SQLite stores NUL: nothing to strip


# -- the agno-written fixture -------------------------------------------------------------------

NUL_SESSION = "31000000-0000-4000-8000-000000000007"


def _agno31(tmp_path: Path) -> SqliteDb:
    copy = tmp_path / "agno31.sqlite"
    shutil.copy(FIXTURES / "agno31.sqlite", copy)
    return SqliteDb(db_file=copy)


def _expected31(variant: str) -> dict[str, Any]:
    data = json.loads((FIXTURES / "EXPECTED31.json").read_text())["variants"][variant]
    return {s["session_id"]: s for s in data["sessions"]}


@pytest.mark.agno
@LAYOUTS
def test_agno31_nul_session_stored_as_agno_postgresdb_stores_it(
    agno_py: str, pg: Any, layout: str, tmp_path: Path
) -> None:
    """agno reads back from kern's table exactly what it reads from the table its own
    PostgresDb wrote (where U+0000 was stripped)."""
    from tests.core.test_agno_readback import read_with_agno

    src = _agno31(tmp_path)
    dst = pg(layout)
    plan = plan_copy(src, dst, strip_nul=True)
    assert [(u.session_id, u.stripped) for u in plan.unstorable] == [(NUL_SESSION, True)]
    report = copy_sessions(src, dst, strip_nul=True)
    assert _ids(report.stripped) == [NUL_SESSION] and report.verified and not report.refused
    got = read_with_agno(agno_py, dst, tmp_path)
    want = _expected31("agno31_postgres.sql:ai.agno_sessions")
    assert got["total"] == len(want)
    by_id = {r["session_id"]: r for r in got["raw"]}
    for sid, reference in want.items():
        for key, value in reference.items():
            if key == "runs":
                assert (by_id[sid]["runs"] or []) == (value or []), sid
            else:
                assert by_id[sid][key] == value, (sid, key)
    source = {r["session_id"]: r for r in dump(src)}
    assert dump(dst) == [strip_nul(source[sid]) for sid in sorted(source)]
    assert strip_nul(source[NUL_SESSION]) != source[NUL_SESSION]


@LAYOUTS
def test_nul_in_a_key_or_an_id_is_never_stripped(pg: Any, layout: str, tmp_path: Path) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    key, ident = make_session(1), make_session(2, user="u\x00x")
    key.runs[1]["metrics"] = {"to\x00kens": 1}
    src.upsert_sessions([make_session(0), key, ident])
    dst = pg(layout)
    plan = plan_copy(src, dst, strip_nul=True)
    assert [(u.session_id, u.stripped) for u in plan.unstorable] == [
        ("s0001", False),
        ("s0002", False),
    ]
    assert "key" in plan.unstorable[0].problems[0]
    assert "user_id" in plan.unstorable[1].problems[0]
    report = copy_sessions(src, dst, strip_nul=True)
    assert _ids(report.refused) == ["s0001", "s0002"] and report.stripped == []
    assert [r["session_id"] for r in dump(dst)] == ["s0000"] and report.verified


@pytest.mark.parametrize("layout", ["column", "table"])
def test_mysql_statements_stay_within_the_packet(
    layout: str, mysql_url: str, mysql_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against a server whose max_allowed_packet were 300 KB: a larger session row is refused
    by id before anything is sent, and the multi-row INSERTs of a batch (PyMySQL joins rows
    up to about 1 MB) are each kept under the packet."""
    import pymysql.cursors

    from kern_core import MySQLDb

    sizes: list[int] = []
    execute = pymysql.cursors.Cursor.execute

    def measured(self: Any, query: Any, args: Any = None) -> Any:
        if isinstance(query, (bytes, bytearray)) and query[:6].upper() == b"INSERT":
            sizes.append(len(query))
        return execute(self, query, args)

    monkeypatch.setattr(pymysql.cursors.Cursor, "execute", measured)
    db = MySQLDb(mysql_url, db_schema=mysql_schema, new_layout=layout)
    packet = 300_000
    db.dialect.max_packet = packet  # type: ignore[attr-defined]
    try:
        big = make_session(0)
        big.metadata = {"blob": "\"'\\" * 90_000}
        with pytest.raises(BadInputError) as refused:
            db.upsert_sessions([big])
        assert refused.value.message == (
            "session 's0000': the session row is 0.9 MiB; "
            "the server's max_allowed_packet is 0.3 MiB"
        )
        sessions = [make_session(i) for i in range(1, 41)]
        for s in sessions:
            s.metadata = {"blob": "y" * 20_000}
        db.upsert_sessions(sessions)
        db.upsert_sessions(sessions, on_conflict="replace")
        assert db.count_sessions() == 40
        assert sizes and max(sizes) < packet
        assert any(size > 100_000 for size in sizes)
    finally:
        db.close()
