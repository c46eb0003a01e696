"""``kern demo``: realistic sample sessions in the default database or any target."""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from kern_cli.config import default_db_path
from kern_cli.demo_data import DEMO_PREFIX, SPAN_DAYS, build_demo_sessions, written_by_demo
from kern_core import Session, SessionDb, SessionFilter, open_db

Kern = Callable[..., Result]


def _demo(kern: Kern, *args: str) -> Result:
    result = kern("demo", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def test_builder_is_deterministic_and_shaped_like_agno() -> None:
    now = 1_800_000_000
    first = build_demo_sessions(40, seed=3, now=now)
    assert [s.to_dict() for s in first] == [
        s.to_dict() for s in build_demo_sessions(40, seed=3, now=now)
    ]
    assert all(s.session_id.startswith(DEMO_PREFIX) for s in first)
    assert all(written_by_demo(s) for s in first)
    changed = Session.from_dict({**first[0].to_dict(), "user_id": "someone"})
    assert not written_by_demo(changed)
    assert {s.session_type for s in first} == {"agent", "team", "workflow"}
    assert None in {s.user_id for s in first} and len({s.user_id for s in first}) >= 4
    assert all(now - SPAN_DAYS * 86400 <= s.created_at <= now for s in first)
    for session in first:
        assert Session.from_dict(session.to_dict()).to_dict() == session.to_dict()
    statuses = [r.status for s in first for r in s.runs]
    assert statuses.count("ERROR") >= 1 and statuses.count("CANCELLED") == 1
    assert any(len(r.tool_calls) > 1 for s in first for r in s.runs)  # parallel tool calls
    assert any(r.get("reasoning_content") for s in first for r in s.runs)
    assert any(s.summary for s in first) and any(s.metadata for s in first)
    assert any(s.session_name and not s.session_name.isascii() for s in first)


def test_team_sessions_store_members_before_the_team_run() -> None:
    teams = [s for s in build_demo_sessions(30, now=1_800_000_000) if s.session_type == "team"]
    assert teams
    for session in teams:
        for index, run in enumerate(session.runs):
            if run.parent_run_id:
                parent = next(r for r in session.runs if r.run_id == run.parent_run_id)
                assert session.runs.index(parent) > index
                assert run.run_id in [m.run_id for m in parent.member_runs]
                assert parent.created_at is not None and run.created_at is not None
                assert parent.created_at < run.created_at


def test_workflow_sessions_have_steps_and_executor_runs() -> None:
    flows = [s for s in build_demo_sessions(60, now=1_800_000_000) if s.session_type == "workflow"]
    blog = [s for s in flows if s.workflow_id == "blog-workflow"]
    etl = [s for s in flows if s.workflow_id == "etl-workflow"]
    assert blog and etl
    run = blog[0].runs[0]
    assert [step["step_name"] for step in run.steps] == ["research", "draft", "edit"]
    assert set(run.metrics["steps"]) == {"research", "draft", "edit"}
    assert len(run["step_executor_runs"]) == 3 and run.tokens["total_tokens"] > 0
    groups = [step for s in etl for step in s.runs[0].steps if step["step_type"] == "Parallel"]
    assert groups and all(len(group["steps"]) == 2 for group in groups)
    assert all(isinstance(step, dict) for s in etl for step in s.runs[0]["step_results"])
    assert any(r.status == "ERROR" for s in etl for r in s.runs)
    assert all(s.workflow_data and s.workflow_data["steps"][1]["type"] == "Parallel" for s in etl)


def test_demo_fills_the_default_database(kern: Kern) -> None:
    result = _demo(kern)
    assert "kern demo into" not in result.stderr  # a fresh database: no plan, no question
    path = default_db_path()
    assert path.exists()
    assert str(path) in result.stderr and "kern sessions show demo-" in result.stderr
    rows = json.loads(kern("sessions", "list", "--all", "--format", "json").stdout)
    assert len(rows) == 60
    again = _demo(kern)
    assert "replaced 60 earlier demo sessions" in again.stderr
    sid = rows[0]["session_id"]
    assert kern("sessions", "show", sid).exit_code == 0


def test_demo_is_idempotent_on_both_backends(
    kern: Kern, db_url: tuple[str, str], make_db: Callable[..., SessionDb]
) -> None:
    url, schema = db_url
    _demo(kern, "--db", url, "--schema", schema, "--sessions", "25")
    again = _demo(kern, "--db", url, "--schema", schema, "--sessions", "20")
    assert "replaced 25 earlier demo sessions" in again.stderr
    db = make_db()
    assert db.count_sessions() == 20
    assert db.count_sessions(SessionFilter(session_type="team")) > 0
    assert db.layout().kind == "column"


def test_demo_keeps_other_sessions_and_can_use_the_table_layout(
    kern: Kern, db_url: tuple[str, str], make_db: Callable[..., SessionDb]
) -> None:
    url, schema = db_url
    args = ("--db", url, "--schema", schema, "--table", "my_sessions")
    _demo(kern, *args, "--layout", "table", "--sessions", "12")
    db = make_db(table="my_sessions")
    db.upsert_sessions([Session("mine", "agent", agent_id="a", created_at=1)])
    _demo(kern, *args, "--sessions", "12", "--yes")
    assert db.layout(refresh=True).kind == "table"
    assert db.count_sessions() == 13
    assert db.get_session("mine") is not None


def _stored(db: SessionDb) -> list[dict[str, object]]:
    return [s.to_dict() for s in db.iter_sessions()]


def test_a_database_with_other_sessions_is_confirmed_first(
    kern: Kern, db_url: tuple[str, str], make_db: Callable[..., SessionDb]
) -> None:
    url, schema = db_url
    target = ("--db", url, "--schema", schema)
    db = make_db()
    mine = [
        Session("mine", "agent", agent_id="a", created_at=1),
        Session("demo-my-own-naming", "agent", agent_id="a", created_at=2),
    ]
    db.upsert_sessions(mine)
    before = _stored(db)
    refused = kern("demo", *target, "--sessions", "5")
    assert refused.exit_code == 2, refused.stderr
    assert "without --yes" in refused.stderr and "nothing was changed" in refused.stderr
    assert "keep: 2 sessions not written by kern demo" in refused.stderr
    assert _stored(db) == before
    assert kern("demo", *target, "--sessions", "5", "--dry-run").exit_code == 0
    assert _stored(db) == before
    _demo(kern, *target, "--sessions", "5", "--yes")
    assert db.count_sessions() == 7
    assert db.get_session("demo-my-own-naming") is not None and db.get_session("mine")
    again = _demo(kern, *target, "--sessions", "3", "--yes")
    assert "replaced 5 earlier demo sessions" in again.stderr
    assert db.count_sessions() == 5


def test_a_demo_session_changed_since_is_not_replaced_without_confirmation(
    kern: Kern, db_url: tuple[str, str], make_db: Callable[..., SessionDb]
) -> None:
    url, schema = db_url
    target = ("--db", url, "--schema", schema)
    _demo(kern, *target, "--sessions", "12")
    db = make_db()
    edited = sorted(s.session_id for s in db.iter_sessions())[0]
    assert kern("sessions", "rename", edited, "keep this one", *target).exit_code == 0
    before = _stored(db)
    refused = kern("demo", *target, "--sessions", "10")
    assert refused.exit_code == 2 and _stored(db) == before
    _demo(kern, *target, "--sessions", "10", "--yes")
    kept = db.get_session(edited)
    assert kept is not None and kept.session_name == "keep this one"
    assert db.count_sessions() == 11


def test_a_user_session_with_an_id_the_demo_writes_is_confirmed(
    kern: Kern, db_url: tuple[str, str], make_db: Callable[..., SessionDb]
) -> None:
    url, schema = db_url
    target = ("--db", url, "--schema", schema)
    taken = build_demo_sessions(4)[0].session_id
    db = make_db()
    db.upsert_sessions([Session(taken, "agent", agent_id="mine", created_at=5)])
    before = _stored(db)
    refused = kern("demo", *target, "--sessions", "4")
    assert refused.exit_code == 2 and _stored(db) == before
    assert "overwrite: 1 session with a demo id" in refused.stderr and taken in refused.stderr


def test_the_suggested_commands_are_shell_quoted(kern: Kern, tmp_path: Path) -> None:
    path = tmp_path / "it's $(touch pwned) `x`.db"
    result = _demo(kern, "--db", str(path), "--sessions", "2")
    hints = [line.strip() for line in result.stderr.splitlines() if line.startswith("  kern ")]
    assert len(hints) == 3
    for hint in hints:
        words = shlex.split(hint)
        assert words[:2] == ["kern", "sessions"] and words[-2:] == ["--db", str(path)]


def test_every_read_command_works_on_the_demo(
    kern: Kern, db_url: tuple[str, str], make_db: Callable[..., SessionDb]
) -> None:
    url, schema = db_url
    target = ("--db", url, "--schema", schema)
    _demo(kern, *target, "--sessions", "30")
    ids = [s.session_id for s in make_db().iter_sessions()]
    assert len(ids) == 30
    for fmt in ("table", "tsv", "csv", "json", "jsonl"):
        listed = kern("sessions", "list", "--all", "--format", fmt, *target)
        assert listed.exit_code == 0, listed.stderr
    exported = kern("sessions", "export", *target)
    assert exported.exit_code == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == 30
    for command in (("sessions", "stats"), ("db", "status")):
        ran = kern(*command, *target)
        assert ran.exit_code == 0, (command, ran.stderr)
    for sid in ids:
        for fmt in ("pretty", "markdown", "json"):
            shown = kern("sessions", "show", sid, "--format", fmt, *target)
            assert shown.exit_code == 0, shown.stderr
            assert "\x1b" not in shown.stdout


def test_demo_rejects_a_bad_layout(kern: Kern, tmp_path: Path) -> None:
    result = kern("demo", "--db", str(tmp_path / "x.db"), "--layout", "sideways")
    assert result.exit_code == 2
    assert not (tmp_path / "x.db").exists()


def test_demo_dates_are_recent(kern: Kern, tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    _demo(kern, "--db", str(path), "--sessions", "10")
    with open_db(str(path)) as db:
        created = [s.created_at for s in db.iter_sessions()]
    now = time.time()
    assert all(now - SPAN_DAYS * 86400 - 60 <= c <= now for c in created)


@pytest.mark.parametrize("count", ["0", "-1"])
def test_demo_needs_at_least_one_session(kern: Kern, tmp_path: Path, count: str) -> None:
    assert kern("demo", "--db", str(tmp_path / "d.db"), "--sessions", count).exit_code == 2


def test_demo_never_writes_to_kern_db_from_the_environment(
    kern: Kern, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "production.db"
    monkeypatch.setenv("KERN_DB", str(elsewhere))
    result = _demo(kern, "--sessions", "3")
    assert not elsewhere.exists() and default_db_path().exists()
    assert f"--db {shlex.quote(str(default_db_path()))}" in result.stderr
