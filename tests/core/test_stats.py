"""kern_core.stats on SQLite and PostgreSQL, both layouts, and on the agno-written databases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kern_core import Session, SessionFilter

from tests.support.db import VARIANTS, DbFactory, expected, open_variant


def sample(i: int) -> Session:
    stype = ("agent", "team", "workflow")[i % 3]
    owner = {"agent": "agent_id", "team": "team_id", "workflow": "workflow_id"}[stype]
    runs = [
        {"run_id": f"r{i}-{k}", owner: f"{stype}-x", "status": ("COMPLETED", "ERROR")[k % 2]}
        for k in range(i % 4)
    ]
    data: dict[str, Any] = {
        "session_metrics": {"input_tokens": i, "output_tokens": 2 * i, "total_tokens": 3 * i}
    }
    if i % 5 == 0:
        data = {"session_metrics": {"input_tokens": "lots"}}
    return Session(
        session_id=f"s{i:02d}",
        session_type=stype,
        user_id=f"u{i % 2}",
        session_data=data,
        runs=runs,
        created_at=1_700_000_000 + i * 86400 // 2,
        **{owner: f"{stype}-x"},
    )


@pytest.mark.parametrize("layout", ["column", "table"])
def test_counts_tokens_and_sizes(make_db: DbFactory, layout: str) -> None:
    db = make_db(layout=layout)
    sessions = [sample(i) for i in range(12)]
    db.upsert_sessions(sessions)
    stats = db.stats(top=3)
    assert stats.sessions == 12 and stats.runs == sum(len(s.runs) for s in sessions)
    assert stats.sessions_by_type == dict(Counter(s.session_type for s in sessions))
    statuses = Counter(r["status"] for s in sessions for r in s.runs)
    assert stats.runs_by_status == dict(statuses)
    by_user = {g.key: (g.sessions, g.runs) for g in stats.by_user}
    for user in ("u0", "u1"):
        mine = [s for s in sessions if s.user_id == user]
        assert by_user[user] == (len(mine), sum(len(s.runs) for s in mine))
    counted = [
        s
        for s in sessions
        if isinstance(s.session_data["session_metrics"].get("output_tokens"), int)
    ]
    assert stats.tokens["output_tokens"] == sum(2 * int(s.session_id[1:]) for s in counted)
    assert stats.sessions_with_metrics == len(counted)
    assert sum(g.sessions for g in stats.by_day) == 12
    assert len(stats.largest) == 3 and stats.largest[0].bytes >= stats.largest[-1].bytes > 0
    filtered = db.stats(SessionFilter(user_id="u1", session_type="team"))
    assert filtered.sessions == len(
        [s for s in sessions if s.user_id == "u1" and s.session_type == "team"]
    )
    assert db.stats(SessionFilter(user_id="nobody")).sessions == 0


def test_malformed_json_does_not_abort(tmp_path: Path) -> None:
    import sqlite3

    from kern_core import SqliteDb

    db = SqliteDb(db_file=tmp_path / "x.db")
    db.upsert_sessions([sample(i) for i in range(6)])
    db.close()
    with sqlite3.connect(tmp_path / "x.db") as conn:
        conn.execute(
            "UPDATE agno_sessions SET session_data = '{bad', runs = '[{' WHERE session_id = 's01'"
        )
        conn.execute(
            'UPDATE agno_sessions SET runs = \'[1, "x", {"status": "OK"}]\' '
            "WHERE session_id = 's02'"
        )
    stats = SqliteDb(db_file=tmp_path / "x.db").stats()
    assert stats.sessions == 6
    assert stats.runs_by_status.get("OK") == 1


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    counts = expected()[variant]["counts"]
    with open_variant(variant, tmp_path, request) as db:
        stats = db.stats(top=100)
        sessions = {s.session_id: s for s in db.iter_sessions()}
    assert stats.sessions == counts["sessions"] and stats.runs == counts["runs"]
    assert stats.sessions_by_type == counts["sessions_by_type"]
    assert stats.runs_by_status == counts["runs_by_status"]
    assert stats.runs_by_run_type == counts["runs_by_type"]
    assert {str(g.key): g.sessions for g in stats.by_user} == counts["sessions_by_user"]
    with_metrics = [
        s
        for s in sessions.values()
        if any(k in (s.session_data or {}).get("session_metrics", {}) for k in stats.tokens)
    ]
    assert stats.sessions_with_metrics == len(with_metrics)
    assert stats.tokens == {k: sum(s.token_totals()[k] for s in with_metrics) for k in stats.tokens}
