"""Prune deletes precisely the matching sessions with all their runs, in batches."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from opshelpers import BASE_TIME, DAY, dump, make_session

from kern_core import BadInputError, SessionDb, SessionFilter, plan_prune
from kern_core import prune_sessions as prune
from kern_core.layout import detect

from conftest import DbFactory, expected, open_variant


def _runs_table_rows(db: SessionDb) -> list[str]:
    with db.backend.open_conn(read_only=True) as conn:
        layout = detect(db.backend, conn, db.session_table, db.runs_table)
        if not layout.runs_table:
            return []
        sql = f"SELECT session_id FROM {db.backend.table(layout.runs_table)}"
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
    ["agno2.sqlite", "agno3.sqlite", "agno3_migrated.sqlite", "agno3_custom_table.sqlite"],
)
def test_prune_agno_fixtures(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    info = expected()[variant]
    sessions = sorted(info["sessions"], key=lambda s: (s["created_at"], s["session_id"]))
    cut = sessions[15]["created_at"]
    gone = [s for s in sessions if s["created_at"] <= cut]
    want_runs = sum(len(info["run_ids"][s["session_id"]]) for s in gone)
    with open_variant(variant, tmp_path, request) as db:
        flt = SessionFilter(created_until=cut)
        copy = tmp_path / variant
        digest = hashlib.sha256(copy.read_bytes()).hexdigest()
        plan = plan_prune(db, flt, sample=None)
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest
        assert (plan.sessions, plan.runs) == (len(gone), want_runs)
        assert plan.sample_ids == [s["session_id"] for s in gone]
        report = prune(db, flt, batch_size=4, secure_delete="fast")
        assert (report.sessions, report.runs) == (len(gone), want_runs)
        left = {r["session_id"] for r in dump(db)}
        assert left == {s["session_id"] for s in sessions} - {s["session_id"] for s in gone}
        assert set(_runs_table_rows(db)) <= left
