"""Prune deletes precisely the matching sessions with all their runs, in batches."""

from __future__ import annotations

import base64
import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from kern_core import (
    BadInputError,
    Session,
    SessionDb,
    SessionFilter,
    SqliteDb,
    plan_delete,
    plan_prune,
)
from kern_core import prune_sessions as prune
from kern_core.layout import detect
from kern_core.prune import PruneReport

from tests.support.db import DbFactory, expected, open_variant
from tests.support.ops import BASE_TIME, DAY, dump, make_session


def _runs_table_rows(db: SessionDb) -> list[str]:
    with db.dialect.open_conn(read_only=True) as conn:
        layout = detect(db.dialect, conn, db.session_table, db.runs_table)
        if not layout.runs_table:
            return []
        sql = f"SELECT session_id FROM {db.dialect.table(layout.runs_table)}"
        return sorted(str(r[0]) for r in conn.execute(sql).fetchall())


@pytest.mark.parametrize("layout", ["column", "table"])
def test_prune_older_than_is_exact(layout: str, make_db: DbFactory) -> None:
    db = make_db(layout=layout)
    db.upsert_sessions([make_session(i, runs=i % 4) for i in range(30)])
    cut = BASE_TIME + 11 * DAY  # sessions 0..11 are at or before the cut
    flt = SessionFilter(created_until=cut)
    before = dump(db)
    plan = plan_prune(db, flt, sample=3)
    assert (plan.sessions, plan.runs) == (12, sum(i % 4 for i in range(12)))
    assert plan.sample_ids == ["s0000", "s0001", "s0002"]
    assert dump(db) == before  # the plan is read-only
    batches: list[int] = []
    report = prune(db, flt, batch_size=5, on_batch=lambda r: batches.append(r.sessions))
    assert (report.sessions, report.runs) == (plan.sessions, plan.runs)
    assert batches == [5, 5, 2]
    assert dump(db) == [r for r in before if r["created_at"] > cut]
    kept = {r["session_id"] for r in before if r["created_at"] > cut}
    assert set(_runs_table_rows(db)) <= kept  # no orphan runs
    assert prune(db, flt).sessions == 0  # a rerun has nothing left to do


@pytest.mark.parametrize("layout", ["column", "table"])
def test_plan_delete_counts_any_number_of_ids(layout: str, make_db: DbFactory) -> None:
    """More ids than one statement binds (missing ones among them) count as one plan."""
    db = make_db(layout=layout)
    db.upsert_sessions([make_session(i, runs=i % 3) for i in range(8)])
    asked = [f"gone{i}" for i in range(1200)]
    asked[3], asked[700], asked[1199] = "s0005", "s0001", "s0007"
    before = dump(db)
    plan = plan_delete(db, [*asked, "s0005"])
    assert (plan.sessions, plan.runs) == (3, 5 % 3 + 1 % 3 + 7 % 3)
    assert plan.sample_ids == ["s0005", "s0001", "s0007"]  # oldest first within each chunk
    assert plan_delete(db, []).sessions == 0
    assert dump(db) == before


def test_prune_by_updated_and_other_filters(make_db: DbFactory) -> None:
    db = make_db(layout="table")
    sessions = [make_session(i, user="u1" if i % 2 else "u2") for i in range(10)]
    sessions[0].updated_at = None  # falls back to created_at
    db.upsert_sessions(sessions)
    flt = SessionFilter(updated_until=BASE_TIME + 4 * DAY + 100, user_id="u2")
    assert plan_prune(db, flt).sample_ids == ["s0000", "s0002", "s0004"]
    assert prune(db, flt).sessions == 3
    assert [r["session_id"] for r in dump(db)] == [
        "s0001",
        "s0003",
        "s0005",
        "s0006",
        "s0007",
        "s0008",
        "s0009",
    ]


def test_empty_filter_is_refused(make_db: DbFactory) -> None:
    db = make_db()
    db.upsert_sessions([make_session(1)])
    for flt in (SessionFilter(), None):
        with pytest.raises(BadInputError):
            prune(db, flt)  # type: ignore[arg-type]
        with pytest.raises(BadInputError):
            plan_prune(db, flt)  # type: ignore[arg-type]
    assert len(dump(db)) == 1


@pytest.mark.parametrize(
    "variant",
    [
        "agno2.sqlite",
        "agno3.sqlite",
        "agno3_migrated.sqlite",
        "agno3_custom_table.sqlite",
        "agno2_mysql_app.sql:my_agent_sessions",
        "agno3_migrated_mysql.sql:agno_sessions",
        "agno3_mysql_app.sql:my_agent_sessions",
    ],
)
def test_prune_agno_fixtures(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    info = expected()[variant]
    sessions = sorted(info["sessions"], key=lambda s: (s["created_at"], s["session_id"]))
    cut = sessions[15]["created_at"]
    gone = [s for s in sessions if s["created_at"] <= cut]
    want_runs = sum(len(info["run_ids"][s["session_id"]]) for s in gone)
    with open_variant(variant, tmp_path, request, private=True) as db:
        flt = SessionFilter(created_until=cut)
        before = dump(db)
        copy = tmp_path / variant
        digest = hashlib.sha256(copy.read_bytes()).hexdigest() if copy.exists() else None
        plan = plan_prune(db, flt, sample=None)
        if digest is not None:
            assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
        assert dump(db) == before
        assert (plan.sessions, plan.runs) == (len(gone), want_runs)
        assert plan.sample_ids == [s["session_id"] for s in gone]
        report = prune(db, flt, batch_size=4, secure_delete="fast")
        assert (report.sessions, report.runs) == (len(gone), want_runs)
        left = {r["session_id"] for r in dump(db)}
        assert left == {s["session_id"] for s in sessions} - {s["session_id"] for s in gone}
        assert set(_runs_table_rows(db)) <= left


def _sized_session(i: int, payload: int) -> Session:
    """A session with one run holding ``payload`` incompressible characters."""
    text = base64.b64encode(random.Random(i).randbytes(payload * 3 // 4)).decode()
    session = make_session(i, runs=1)
    record = session.to_dict()
    record["runs"][0]["content"] = text
    return Session.from_dict(record)


@pytest.mark.parametrize("layout", ["column", "table"])
def test_each_transaction_stays_within_the_byte_budget(layout: str, make_db: DbFactory) -> None:
    """Sessions of ~100 kB and one of ~300 kB under a 250 kB budget: two per transaction at
    most, the large one alone, and every batch within the budget unless it holds one session."""
    db = make_db(layout=layout)
    sizes = [100_000, 100_000, 100_000, 300_000, 100_000, 100_000, 100_000, 100_000]
    db.upsert_sessions([_sized_session(i, n) for i, n in enumerate(sizes)])
    batches: list[PruneReport] = []
    flt = SessionFilter(user_id="u1")
    report = prune(db, flt, max_batch_bytes=250_000, on_batch=batches.append)
    assert [b.sessions for b in batches] == [2, 1, 1, 2, 2]
    assert report.batches == 5 and report.sessions == 8 and report.runs == 8
    assert all(b.bytes <= 250_000 for b in batches if b.sessions > 1)
    assert batches[2].bytes > 250_000 and report.bytes == sum(b.bytes for b in batches)
    assert report.bytes >= sum(sizes)
    assert db.count_sessions() == 0 and _runs_table_rows(db) == []


@pytest.mark.parametrize("layout", ["column", "table"])
def test_a_writer_commits_between_batches(layout: str, make_db: DbFactory, kind: str) -> None:
    """After each batch's commit no lock is held: an agent on a second connection that would
    fail at once on a held SQLite write lock (busy timeout 0) writes a session every time."""
    db = make_db(layout=layout)
    db.upsert_sessions([_sized_session(i, 20_000) for i in range(9)])
    agent = make_db(layout=layout)
    if isinstance(agent, SqliteDb):
        agent.dialect.busy_timeout = 0  # type: ignore[attr-defined]
    written: list[str] = []

    def agent_writes(batch: PruneReport) -> None:
        new = make_session(100 + len(written), user="agent-user")
        agent.upsert_session(new)
        written.append(new.session_id)

    report = prune(db, SessionFilter(user_id="u1"), max_batch_bytes=50_000, on_batch=agent_writes)
    assert report.batches == 5 and len(written) == 5
    assert sorted(s.session_id for s in db.iter_sessions()) == written


def test_a_slow_batch_shrinks_the_next_ones(make_db: DbFactory) -> None:
    """max_batch_seconds=0: every batch is "too slow", so after the first (bounded by
    batch_size) the batches hold one session each; with no time bound batch_size rules."""
    db = make_db(layout="table")
    db.upsert_sessions([make_session(i) for i in range(10)])
    sizes: list[int] = []
    prune(
        db,
        SessionFilter(user_id="u1"),
        batch_size=4,
        max_batch_seconds=0,
        on_batch=lambda b: sizes.append(b.sessions),
    )
    assert sizes == [4, 1, 1, 1, 1, 1, 1]
    db.upsert_sessions([make_session(i) for i in range(10)])
    sizes.clear()
    prune(
        db,
        SessionFilter(user_id="u1"),
        batch_size=4,
        max_batch_seconds=1e9,
        on_batch=lambda b: sizes.append(b.sessions),
    )
    assert sizes == [4, 4, 2]


def test_an_id_that_cannot_be_addressed_does_not_stop_the_prune(tmp_path: Path) -> None:
    """SQLite only (PostgreSQL cannot store it): a session id that is not valid UTF-8 reads
    back with replacement characters, so no statement can name it; prune passes over it once
    and reports it instead of selecting it forever."""
    db = SqliteDb(db_file=tmp_path / "odd.db", new_layout="table")
    db.upsert_sessions([make_session(i) for i in range(3)])
    with sqlite3.connect(tmp_path / "odd.db") as raw:
        raw.execute(
            "INSERT INTO agno_sessions (session_id, session_type, user_id, created_at) "
            "VALUES (CAST(X'61ff62' AS TEXT), 'agent', 'u1', 1)"
        )
    report = prune(db, SessionFilter(user_id="u1"), batch_size=2)
    assert report.sessions == 3 and report.skipped == ["a\ufffdb"]
    assert db.count_sessions() == 1
    db.close()
