"""``kern sessions export`` through the CLI: formats, round trip, files, agno fixtures."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.db import VARIANTS, expected, variant_args
from tests.support.reading import run_in_terminal, seed


@pytest.fixture(params=["column", "table"])
def seeded(request: pytest.FixtureRequest, make_db: Callable[..., Any], db_url: tuple[str, str]):
    db = make_db(layout=request.param)
    sessions = seed(db, hostile=True)
    url, schema = db_url
    return ["--db", url, "--schema", schema], sessions, db


def test_jsonl_round_trips(kern: Callable[..., Any], seeded: Any) -> None:
    db, sessions, core = seeded
    result = kern("sessions", "export", *db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(sessions)
    for line in lines:
        record = json.loads(line)
        assert record == core.get_session(record["session_id"]).to_dict()
    for bad in ("\x1b", "\x9b", "\u202e"):
        assert bad not in result.stdout
    assert result.stderr == ""


def test_filters_and_json_array(kern: Callable[..., Any], seeded: Any) -> None:
    db, sessions, _ = seeded
    rows = json.loads(kern("sessions", "export", *db, "-f", "json", "-u", "u1").stdout)
    assert [r["session_id"] for r in rows] == sorted(
        (s.session_id for s in sessions if s.user_id == "u1"),
        key=lambda sid: next(s.created_at for s in sessions if s.session_id == sid),
    )
    empty = kern("sessions", "export", *db, "-f", "json", "-u", "nobody")
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []


def test_csv(kern: Callable[..., Any], seeded: Any) -> None:
    db, sessions, _ = seeded
    out = kern("sessions", "export", *db, "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    by_id = {s.session_id: s for s in sessions}
    assert len(rows) == len(sessions)
    for row in rows:
        s = by_id[row["session_id"]]
        assert int(row["runs"]) == len(s.runs)
        assert json.loads(row["session_data"]) == s.session_data
        assert row["metadata"] == ""
    assert "\x1b" not in out and "\x9b" not in out


def test_markdown(kern: Callable[..., Any], seeded: Any) -> None:
    db, _, _ = seeded
    result = kern("sessions", "export", *db, "-f", "markdown", "-u", "u1")
    assert result.exit_code == 0, result.stderr
    assert "s001" in result.stdout and "question 1.0" in result.stdout
    assert "\x1b" not in result.stdout


def test_output_file_is_atomic_and_not_overwritten(
    kern: Callable[..., Any], seeded: Any, tmp_path: Path
) -> None:
    db, sessions, _ = seeded
    target = tmp_path / "out" / "sessions.jsonl"
    target.parent.mkdir()
    assert kern("sessions", "export", *db, "-o", str(target)).exit_code == 0
    assert len(target.read_text().splitlines()) == len(sessions)
    before = target.read_bytes()
    refused = kern("sessions", "export", *db, "-o", str(target), "-u", "u1")
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_bytes() == before
    failed = kern("sessions", "export", *db, "-o", str(target), "--force", "--table", "missing")
    assert failed.exit_code == 5
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["sessions.jsonl"]
    assert kern("sessions", "export", *db, "-o", str(target), "--force", "-u", "u1").exit_code == 0
    assert len(target.read_text().splitlines()) < len(sessions)


def test_skips_unreadable_sessions(kern: Callable[..., Any], tmp_path: Path) -> None:
    import sqlite3

    from kern_core import SqliteDb

    path = tmp_path / "bad.db"
    seed(SqliteDb(db_file=path), n=3)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE agno_sessions SET session_data = '{broken' WHERE session_id = 's001'")
    for fmt in ("jsonl", "csv"):
        result = kern("sessions", "export", "--db", str(path), "-f", fmt)
        assert result.exit_code == 1
        assert "skipped session s001" in result.stderr and "skipped 1" in result.stderr
        assert "s000" in result.stdout and "s001" not in result.stdout


def test_progress_and_summary_on_a_terminal(seeded: Any, tmp_path: Path) -> None:
    db, sessions, _ = seeded
    target = tmp_path / "x.jsonl"
    code, screen = run_in_terminal("sessions", "export", *db, "-o", str(target))
    assert code == 0, screen
    assert f"exported {len(sessions)} sessions" in screen
    assert len(target.read_text().splitlines()) == len(sessions)


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures_equal_expected(
    kern: Callable[..., Any], variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    info = expected()[variant]
    args = variant_args(variant, tmp_path, request)
    result = kern("sessions", "export", *args)
    assert result.exit_code == 0, result.stderr
    got = sorted(
        (json.loads(line) for line in result.stdout.splitlines()), key=lambda r: r["session_id"]
    )
    want = info["sessions"]
    assert [r["session_id"] for r in got] == [s["session_id"] for s in want]
    for record, agno in zip(got, want, strict=True):
        assert [r.get("run_id") for r in record["runs"]] == info["run_ids"].get(
            record["session_id"], []
        )
        for key in (
            "session_type",
            "user_id",
            "agent_id",
            "team_id",
            "workflow_id",
            "session_data",
            "metadata",
            "summary",
            "created_at",
            "updated_at",
        ):
            assert record[key] == agno.get(key), key
    assert hashlib.sha256(result.stdout.encode()).hexdigest()  # streamed text is valid UTF-8
