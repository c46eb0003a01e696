"""``SessionFilter(name=...)``: a substring match under full Unicode case folding, the same on
SQLite and PostgreSQL, on the decoded name whatever the stored encoding, with the user's text
taken literally (no LIKE wildcards), and through every command that filters."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kern_core import SessionDb, SessionFilter, SqliteDb
from kern_core.copying.sessions import copy_sessions
from kern_core.prune import plan_prune, prune

from tests.support.db import FIXTURES, VARIANTS, DbFactory, expected, open_variant
from tests.support.ops import make_session

NAMES = {
    "s0001": "ZÜRICH office",
    "s0002": "σοφία notes",
    "s0003": "Straße plan",
    "s0004": "GROSS total",
    "s0005": "κόσμος report",
    "s0006": "100% done",
    "s0007": "a_b c",
    "s0008": "back\\slash",
    "s0009": "plain",
    "s0010": None,
}

CASES = [
    ("zürich", {"s0001"}),
    ("ZÜRICH OFFICE", {"s0001"}),
    ("ΣΟΦΊΑ", {"s0002"}),
    ("STRASSE", {"s0003"}),
    ("strasse", {"s0003"}),
    ("groß", {"s0004"}),
    ("ss", {"s0003", "s0004"}),
    ("ΚΌΣΜΟΣ", {"s0005"}),  # the stored final ς folds as σ
    ("ΚΌΣ", {"s0005"}),  # a needle ending in Σ is not read as a final sigma
    ("%", {"s0006"}),
    ("0% d", {"s0006"}),
    ("_", {"s0007"}),
    ("a_b", {"s0007"}),
    ("\\", {"s0008"}),
    ("k\\s", {"s0008"}),
    ("%%", set()),
    ("a%b", set()),
    ("PLAIN", {"s0009"}),
    ("nowhere", set()),
    ("", set(NAMES)),
]


def _named_db(make_db: DbFactory, layout: str) -> SessionDb:
    db = make_db(layout=layout)
    sessions = []
    for i, (sid, name) in enumerate(NAMES.items(), start=1):
        record = make_session(i, runs=1).to_dict()
        assert record["session_id"] == sid
        record["session_data"] = {"session_name": name} if name is not None else {"n": i}
        sessions.append(type(make_session(0)).from_dict(record))
    db.upsert_sessions(sessions)
    return db


@pytest.mark.parametrize("layout", ["column", "table"])
def test_name_matches_under_unicode_case_folding(make_db: DbFactory, layout: str) -> None:
    db = _named_db(make_db, layout)
    for needle, want in CASES:
        flt = SessionFilter(name=needle)
        got = {r.session_id for r in db.list_sessions(flt, limit=None).rows}
        assert got == want, needle
        assert db.count_sessions(flt) == len(want), needle
        exported = {json.loads(line)["session_id"] for line in db.export_lines(flt)}
        assert exported == want, needle
        assert db.stats(flt).sessions == len(want), needle


@pytest.mark.parametrize("layout", ["column", "table"])
def test_prune_and_copy_take_the_same_names(
    make_db: DbFactory, layout: str, tmp_path: Path
) -> None:
    db = _named_db(make_db, layout)
    flt = SessionFilter(name="SS")
    assert set(plan_prune(db, flt, sample=None).sample_ids) == {"s0003", "s0004"}
    target = SqliteDb(db_file=tmp_path / "copy.db")
    copy_sessions(db, target, SessionFilter(name="ΣΟΦΊΑ"))
    assert [s.session_id for s in target.iter_sessions()] == ["s0002"]
    target.close()
    assert prune(db, SessionFilter(name="%")).sessions == 1
    assert {r.session_id for r in db.list_sessions(limit=None).rows} == set(NAMES) - {"s0006"}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("needle", ["ZÜRICH", "café zürich ☕", "CAFÉ", "QUARTERLY REVENUE"])
def test_agno_written_names_match_decoded(
    variant: str, needle: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """agno stores ``\\u00fc`` escapes, on 2.x inside a double-encoded JSON string."""
    info = expected()[variant]
    want = {
        s["session_id"]
        for s in info["sessions"]
        if needle.casefold() in ((s.get("session_data") or {}).get("session_name") or "").casefold()
    }
    assert want
    with open_variant(variant, tmp_path, request) as db:
        got = {r.session_id for r in db.list_sessions(SessionFilter(name=needle), limit=None).rows}
    assert got == want


def _sqlite_raw_row(conn: sqlite3.Connection, sid: str, session_data: str) -> None:
    conn.execute(
        "UPDATE agno_sessions SET session_data = ? WHERE session_id = ?", (session_data, sid)
    )


def test_sqlite_raw_encodings_and_bad_bytes(tmp_path: Path) -> None:
    """Escaped single and double encodings are matched decoded; a name holding invalid UTF-8
    neither fails the query nor matches, and the filter writes nothing."""
    path = tmp_path / "agno2.sqlite"
    shutil.copy(FIXTURES / "agno2.sqlite", path)
    ids = [sid for (sid,) in sqlite3.connect(path).execute("SELECT session_id FROM agno_sessions")]
    with sqlite3.connect(path) as conn:
        _sqlite_raw_row(conn, ids[0], json.dumps({"session_name": "ΣΟΦΙΑ 100%_x\\"}))
        _sqlite_raw_row(conn, ids[1], json.dumps(json.dumps({"session_name": "Groß σοφια"})))
        conn.execute(
            "UPDATE agno_sessions SET session_data = CAST(? AS TEXT) WHERE session_id = ?",
            (b'{"session_name": "bad \xff\xfe gross"}', ids[2]),
        )
    assert (
        "\\u03a3"
        in sqlite3.connect(path)
        .execute("SELECT session_data FROM agno_sessions WHERE session_id = ?", (ids[0],))
        .fetchone()[0]
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    def names(needle: str) -> set[str]:
        with SqliteDb(db_file=path) as db:
            page = db.list_sessions(SessionFilter(name=needle), limit=None)
        return {r.session_id for r in page.rows}

    assert names("σοφια") == {ids[0], ids[1]}
    assert names("0%_X\\") == {ids[0]}
    assert names("GROSS") == {ids[1], ids[2]}
    assert names("bad") == {ids[2]}
    assert names("%_") == {ids[0]}
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
