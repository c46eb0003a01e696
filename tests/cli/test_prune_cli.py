"""``kern sessions prune``: exactly the sessions before the cut go, with their runs."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import SessionFilter

from tests.support.changes import db_args, orphan_runs, parsed, table_rows
from tests.support.db import DbFactory, open_variant
from tests.support.reading import BASE, make_session, seed


@pytest.fixture(params=["column", "table"])
def seeded(request: pytest.FixtureRequest, make_db: DbFactory) -> Any:
    db = make_db(layout=request.param)
    seed(db, n=9)
    return db


def _ids(db: Any) -> list[str]:
    return sorted(s.session_id for s in db.iter_sessions())


def test_before_is_exact_at_the_boundary(kern: Callable[..., Any], seeded: Any) -> None:
    """s00i is created at BASE + i hours: the cut at s004's second keeps s004."""
    cut = BASE + 4 * 3600
    args = db_args(seeded)
    result = kern("sessions", "prune", "--before", f"@{cut}", *args, "--yes", "-f", "json")
    assert result.exit_code == 0, result.stderr
    runs = sum(len(make_session(i).runs) for i in range(4))
    assert json.loads(result.stdout) == {
        "deleted": True,
        "sessions": 4,
        "runs": runs,
        "linked": {},
        "batches": 1,
    }
    assert f"deleted 4 sessions and {runs} runs" in result.stderr
    assert _ids(seeded) == [f"s{i:03d}" for i in range(4, 9)]
    assert orphan_runs(seeded) == 0
    again = kern("sessions", "prune", "--before", f"@{cut}", *args, "--yes")
    assert again.exit_code == 0 and "nothing to prune" in again.stderr
    unconfirmed = kern("sessions", "prune", "--before", f"@{cut}", *args)
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.stderr


def test_older_than_is_exact(kern: Callable[..., Any], make_db: DbFactory) -> None:
    db = make_db(layout="table")
    cut = int(time.time()) - 90 * 86_400
    ages = {"old": cut - 120, "edge-old": cut - 30, "young": cut + 120, "new": cut + 86_400}
    db.upsert_sessions(
        [make_session(i, session_id=sid, created_at=ts) for i, (sid, ts) in enumerate(ages.items())]
    )
    result = kern("sessions", "prune", "--older-than", "90d", *db_args(db), "--yes")
    assert result.exit_code == 0, result.stderr
    assert _ids(db) == ["new", "young"]


def test_by_updated_at_and_list_filters(kern: Callable[..., Any], seeded: Any) -> None:
    """Odd sessions were updated 100,000 s after creation; the cut falls between."""
    args = db_args(seeded)
    cut = BASE + 5 * 3600 + 50_000
    result = kern(
        "sessions", "prune", "--before", f"@{cut}", "--by", "updated_at", "-u", "u0", *args, "-y"
    )
    assert result.exit_code == 0, result.stderr
    gone = {
        f"s{i:03d}"
        for i in range(9)
        if i % 3 == 0 and BASE + i * 3600 + (100_000 if i % 2 else 0) < cut
    }
    assert gone == {"s000", "s006"}
    assert set(_ids(seeded)) == {f"s{i:03d}" for i in range(9)} - gone


def test_type_filter_alone_is_enough(kern: Callable[..., Any], seeded: Any) -> None:
    result = kern("sessions", "prune", "--type", "team", *db_args(seeded), "--yes")
    assert result.exit_code == 0, result.stderr
    assert seeded.count_sessions(SessionFilter(session_type="team")) == 0
    assert seeded.count_sessions() == 6


def test_no_filter_is_refused(kern: Callable[..., Any], seeded: Any) -> None:
    before = table_rows(seeded)
    result = kern("sessions", "prune", *db_args(seeded), "--yes")
    assert result.exit_code == 2 and "at least one filter" in result.stderr
    both = kern("sessions", "prune", "--older-than", "1d", "--before", "2020-01-01", "--yes")
    assert both.exit_code == 2
    months = kern("sessions", "prune", "--older-than", "3M", *db_args(seeded), "--yes")
    assert months.exit_code == 2
    assert table_rows(seeded) == before


def test_dry_run_lists_every_id_and_deletes_nothing(kern: Callable[..., Any], seeded: Any) -> None:
    args = db_args(seeded)
    before = table_rows(seeded)
    cut = BASE + 7 * 3600
    result = kern("sessions", "prune", "--before", f"@{cut}", "--dry-run", "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["session_ids"] == [f"s{i:03d}" for i in range(7)]
    assert plan["sessions"] == 7
    assert plan["runs"] == sum(len(make_session(i).runs) for i in range(7))
    text = kern("sessions", "prune", "--before", f"@{cut}", "--dry-run", *args)
    assert text.exit_code == 0 and "would delete 7 sessions" in text.stderr
    assert text.stdout == ""
    empty = kern("sessions", "prune", "-u", "nobody", "--dry-run", "-f", "json", *args)
    assert json.loads(empty.stdout)["session_ids"] == []
    assert table_rows(seeded) == before


def test_refusal_in_a_pipe_changes_nothing(kern_process: Callable[..., Any], seeded: Any) -> None:
    before = table_rows(seeded)
    proc = kern_process("sessions", "prune", "--older-than", "1d", *db_args(seeded), input="y\n")
    assert proc.returncode == 2
    assert "refusing to delete 9 sessions" in proc.stderr and "--yes" in proc.stderr
    assert table_rows(seeded) == before
    done = kern_process("sessions", "prune", "--older-than", "1d", *db_args(seeded), "--yes")
    assert done.returncode == 0, done.stderr
    assert seeded.count_sessions() == 0


def test_small_batches_finish_the_job(kern: Callable[..., Any], seeded: Any) -> None:
    args = db_args(seeded)
    result = kern(
        "sessions", "prune", "--before", f"@{BASE + 8 * 3600}", "--batch-size", "3", *args
    )
    assert result.exit_code == 2  # not on a terminal, no --yes
    result = kern(
        "sessions", "prune", "--before", f"@{BASE + 8 * 3600}", "--batch-size", "3", *args, "-y"
    )
    assert result.exit_code == 0, result.stderr
    assert _ids(seeded) == ["s008"] and orphan_runs(seeded) == 0


@pytest.mark.parametrize(
    "variant",
    [
        "agno2.sqlite",
        "agno3.sqlite",
        "agno3_migrated.sqlite",
        "agno3_postgres.sql:ai.agno_sessions",
        "agno2.sqlite->mysql",
        "agno3_postgres.sql:ai.agno_sessions->mysql",
        "agno2_mysql_ai.sql:agno_sessions",
        "agno3_mysql_ai.sql:agno_sessions",
    ],
)
def test_prune_agno_databases(
    kern: Callable[..., Any], tmp_path: Path, request: pytest.FixtureRequest, variant: str
) -> None:
    """agno's databases as they are (a MySQL dump loaded privately), or migrated into MySQL
    (``->mysql``) in both layouts."""
    variant, _, into = variant.partition("->")
    db = open_variant(variant, tmp_path, request, private=True)
    if into or "postgres" in variant:  # the shared restored dump: prune a private copy instead
        db = _private_copy(kern, db, request, into or "postgres")
    args = db_args(db)
    records = parsed(kern("sessions", "export", *args).stdout)
    times = sorted({r["created_at"] for r in records.values()})
    cut = times[len(times) // 2]
    old = {k for k, r in records.items() if r["created_at"] < cut}
    runs = sum(len(records[k]["runs"]) for k in old)
    result = kern("sessions", "prune", "--before", f"@{cut}", *args, "--yes")
    assert result.exit_code == 0, result.stderr
    assert f"deleted {len(old)} sessions and {runs} runs" in result.stderr
    left = parsed(kern("sessions", "export", *args).stdout)
    assert left == {k: v for k, v in records.items() if k not in old}
    assert orphan_runs(db) == 0


def _private_copy(
    kern: Callable[..., Any], db: Any, request: pytest.FixtureRequest, kind: str
) -> Any:
    from tests.support.db import server_db, server_target

    url, schema = server_target(kind, request)
    copy = server_db(kind, str(url), str(schema), new_layout="table")
    to = ["--to", str(url), "--to-schema", str(schema), "--layout", "table"]
    result = kern("sessions", "migrate", *db_args(db), *to)
    assert result.exit_code == 0, result.stderr
    return copy


def test_a_session_that_cannot_be_addressed_is_reported_and_the_rest_go(
    kern: Callable[..., Any], tmp_path: Path
) -> None:
    """SQLite only (PostgreSQL cannot store such an id): an id that is not valid UTF-8 cannot
    be named by any statement; prune deletes the others, warns with the id, and ends."""
    import sqlite3

    from kern_core import SqliteDb

    path = tmp_path / "odd.db"
    db = SqliteDb(db_file=path, new_layout="table")
    seed(db, n=3)
    with sqlite3.connect(path) as raw:
        raw.execute(
            "INSERT INTO agno_sessions (session_id, session_type, user_id, created_at) "
            "VALUES (CAST(X'61ff62' AS TEXT), 'agent', 'u0', 1)"
        )
    result = kern("sessions", "prune", "-u", "u0", *db_args(db), "--yes", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "kern: warning: kept 1 session(s)" in result.stderr and "a\ufffdb" in result.stderr
    assert json.loads(result.stdout)["sessions"] == 1
    assert db.count_sessions() == 3 and db.get_session("s000") is None
