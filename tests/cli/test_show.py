"""``kern sessions show``: transcripts in every format, on both backends and agno's own files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kern_core import Session, SessionDb

from tests.support.cli import strip_styles
from tests.support.db import FIXTURES, VARIANTS, expected, variant_args

Kern = Callable[..., Result]

HOSTILE = "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m \x1b[2J [bold]x[/bold] [bold red]y[/bold red]"
ESCAPES_REMOVED = ("\x1b", "\x07", "\x9b")


def _normal(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "runs": record.get("runs") or []}


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _input_text(run: dict[str, Any]) -> str | None:
    value = run.get("input")
    if isinstance(value, dict):
        value = value.get("input_content")
    return value if isinstance(value, str) else None


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_agno_session_shows_in_json_and_markdown(
    kern: Kern, variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = variant_args(variant, tmp_path, request)
    for want in expected()[variant]["sessions"]:
        sid = want["session_id"]
        got = json.loads(_ok(kern("sessions", "show", sid, "--format", "json", *args)))
        assert got == _normal(want)
        text = _ok(kern("sessions", "show", sid, "--format", "markdown", *args))
        _check_markdown(text, want)


def _check_markdown(text: str, session: dict[str, Any]) -> None:
    runs = session.get("runs") or []
    for run in runs:
        first_line = (_input_text(run) or "").splitlines()[:1]
        for line in first_line:
            assert line.strip() in text
        for tool in run.get("tools") or []:
            assert tool["tool_name"] in text
        for step in run.get("step_results") or []:
            for item in step if isinstance(step, list) else [step]:
                assert f"**{item['step_name']}**" in text
        if run.get("parent_run_id") and any(r.get("run_id") == run["parent_run_id"] for r in runs):
            assert "### Member" in text and run.get("agent_name", "") in text
        if run.get("status") in ("ERROR", "CANCELLED"):
            assert f"**{run['status']}**" in text
    assert "\x1b" not in text


def test_team_members_nest_under_their_run_once(
    kern: Kern, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = variant_args("agno3.sqlite", tmp_path, request)
    teams = [s for s in expected()["agno3.sqlite"]["sessions"] if s["session_type"] == "team"]
    for session in teams:
        text = _ok(kern("sessions", "show", session["session_id"], "-f", "markdown", *args))
        for run in session["runs"]:
            assert text.count(f"`{run['run_id']}`") == 1, run["run_id"]
            level = "###" if run.get("parent_run_id") else "##"
            heading = [line for line in text.splitlines() if run["run_id"] in line]
            assert heading
            before = text[: text.index(f"`{run['run_id']}`")].rstrip().splitlines()
            assert any(line.startswith(level + " ") for line in before[-2:])


def _team_session(sid: str, *, stored_members: bool) -> Session:
    member = {
        "run_id": f"{sid}-m",
        "agent_id": "researcher",
        "agent_name": "Researcher",
        "parent_run_id": f"{sid}-t",
        "status": "COMPLETED",
        "input": {"input_content": "member task"},
        "content": "member answer",
        "created_at": 1_700_000_002,
    }
    team = {
        "run_id": f"{sid}-t",
        "team_id": "team",
        "team_name": "The Team",
        "status": "COMPLETED",
        "input": {"input_content": "team question"},
        "content": "team answer",
        "member_responses": [member],
        "created_at": 1_700_000_001,
    }
    runs = [member, team] if stored_members else [team]
    return Session(sid, "team", team_id="team", user_id="u1", runs=runs, created_at=1_700_000_000)


@pytest.mark.parametrize("stored", [True, False])
def test_member_runs_from_rows_or_member_responses(
    kern: Kern, make_db: Callable[..., SessionDb], db_url: tuple[str, str], stored: bool
) -> None:
    url, schema = db_url
    make_db().upsert_sessions([_team_session("t1", stored_members=stored)])
    text = _ok(kern("sessions", "show", "t1", "-f", "markdown", "--db", url, "--schema", schema))
    assert text.count("member answer") == 1
    assert text.index("## Run 1 · team The Team") < text.index("### Member 1 · agent Researcher")
    pretty = _ok(kern("sessions", "show", "t1", "-f", "pretty", "--db", url, "--schema", schema))
    assert pretty.count("Member 1 · agent Researcher") == 1


def _hostile_session(with_nul: bool) -> Session:
    text = HOSTILE + (" nul\x00byte" if with_nul else "")
    run = {
        "run_id": "h-r1",
        "agent_id": "agent",
        "agent_name": text,
        "status": "ERROR",
        "input": {"input_content": text},
        "content": text,
        "reasoning_content": text,
        "tools": [{"tool_name": text, "tool_args": {"q": text}, "result": text}],
        "created_at": 1_700_000_001,
    }
    ok = {
        "run_id": "h-r2",
        "agent_id": "agent",
        "status": "COMPLETED",
        "input": {"input_content": "hello"},
        "content": f"**markdown** {text}",
        "created_at": 1_700_000_002,
    }
    return Session(
        "hostile",
        "agent",
        agent_id="agent",
        user_id=text,
        session_data={"session_name": text},
        summary={"summary": text, "topics": [text]},
        metadata={"k": text},
        runs=[run, ok],
        created_at=1_700_000_000,
    )


@pytest.mark.parametrize("fmt", ["markdown", "pretty", "json"])
def test_hostile_text_is_inert_when_piped(
    kern: Kern,
    make_db: Callable[..., SessionDb],
    db_url: tuple[str, str],
    kind: str,
    fmt: str,
) -> None:
    url, schema = db_url
    make_db().upsert_sessions([_hostile_session(with_nul=kind == "sqlite")])
    out = _ok(kern("sessions", "show", "hostile", "-f", fmt, "--db", url, "--schema", schema))
    for raw in (*ESCAPES_REMOVED, "\x00"):
        assert raw not in out
    assert "[bold]x[/bold]" in out
    assert "[bold red]y[/bold red]" in out
    if fmt == "json":
        assert json.loads(out)["runs"][0]["content"].startswith(HOSTILE)
    elif kind == "sqlite":
        assert "\\x00" in out


def test_hostile_text_is_inert_on_a_terminal(
    kern: Kern, make_db: Callable[..., SessionDb], db_url: tuple[str, str], forced_tty: None
) -> None:
    url, schema = db_url
    make_db().upsert_sessions([_hostile_session(with_nul=False)])
    out = _ok(kern("sessions", "show", "hostile", "--no-pager", "--db", url, "--schema", schema))
    assert "\x1b[" in out  # styled: this really is the terminal rendering
    for raw in ("\x1b]", "\x07", "\x1b[2J", "\x9b", "\x1b[31mred"):
        assert raw not in out
    plain = strip_styles(out)
    assert "[bold]x[/bold]" in plain and "[bold red]y[/bold red]" in plain
    assert "ERROR" in plain


@pytest.mark.parametrize("variant", ["agno3.sqlite", "agno2.sqlite"])
def test_pretty_makes_errors_and_cancellations_stand_out(
    kern: Kern, variant: str, tmp_path: Path, request: pytest.FixtureRequest, forced_tty: None
) -> None:
    args = variant_args(variant, tmp_path, request)
    seen = set()
    for session in expected()[variant]["sessions"]:
        statuses = {r["status"] for r in session.get("runs") or []} & {"ERROR", "CANCELLED"}
        if not statuses:
            continue
        out = _ok(kern("sessions", "show", session["session_id"], "--no-pager", *args))
        for status in statuses:
            colour = "31" if status == "ERROR" else "33"
            assert any(
                status in line and f";{colour}m" in line or f"[{colour}m" in line
                for line in out.splitlines()
            )
            assert status in strip_styles(out)
            seen.add(status)
    assert seen == {"ERROR", "CANCELLED"}


def test_default_format_is_markdown_when_piped(
    kern: Kern, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = variant_args("agno3.sqlite", tmp_path, request)
    sid = expected()["agno3.sqlite"]["sessions"][0]["session_id"]
    assert _ok(kern("sessions", "show", sid, *args)).startswith("# Session ")


def test_runs_keeps_the_last_top_level_runs_with_members(
    kern: Kern, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = variant_args("agno3.sqlite", tmp_path, request)
    sessions = expected()["agno3.sqlite"]["sessions"]
    team = next(
        s
        for s in sessions
        if s["session_type"] == "team" and sum(not r.get("parent_run_id") for r in s["runs"]) > 1
    )
    tops = [r for r in team["runs"] if not r.get("parent_run_id")]
    last = tops[-1]
    got = json.loads(
        _ok(kern("sessions", "show", team["session_id"], "-f", "json", "-n", "1", *args))
    )
    kept = [
        r
        for r in team["runs"]
        if r["run_id"] == last["run_id"] or r.get("parent_run_id") == last["run_id"]
    ]
    assert got["runs"] == kept
    text = _ok(kern("sessions", "show", team["session_id"], "-f", "markdown", "--runs", "1", *args))
    assert f"## Run {len(tops)} ·" in text and "## Run 1 ·" not in text
    assert "showing the last 1" in text
    none = _ok(kern("sessions", "show", team["session_id"], "-f", "markdown", "--runs", "0", *args))
    assert "## Run" not in none and "# Session" in none


def test_trimming_and_full(
    kern: Kern, make_db: Callable[..., SessionDb], db_url: tuple[str, str]
) -> None:
    url, schema = db_url
    long_result = "\n".join(f"line {i}" for i in range(100))
    run = {
        "run_id": "r1",
        "agent_id": "a",
        "status": "COMPLETED",
        "tools": [{"tool_name": "dump", "tool_args": {}, "result": long_result}],
        "created_at": 1_700_000_001,
    }
    make_db().upsert_sessions([Session("long", "agent", agent_id="a", runs=[run], created_at=1)])
    base = ("sessions", "show", "long", "-f", "markdown", "--db", url, "--schema", schema)
    short = _ok(kern(*base))
    assert "line 99" not in short and "--full shows all" in short
    assert "line 99" in _ok(kern(*base, "--full"))


def test_missing_session_exits_3_with_a_hint(
    kern: Kern, make_db: Callable[..., SessionDb], db_url: tuple[str, str]
) -> None:
    url, schema = db_url
    make_db().upsert_sessions([_team_session("t1", stored_members=True)])
    result = kern("sessions", "show", "nope", "--db", url, "--schema", schema)
    assert result.exit_code == 3
    assert "session nope not found in" in result.stderr and "(table agno_sessions)" in result.stderr
    assert "hint: " in result.stderr and result.stdout == ""


def test_missing_database_file_exits_4_and_creates_nothing(kern: Kern, tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    result = kern("sessions", "show", "x", "--db", str(path))
    assert result.exit_code == 4
    assert not path.exists()
    default = kern("sessions", "show", "x")
    assert default.exit_code == 4 and "kern demo" in default.stderr


def test_missing_table_exits_5(
    kern: Kern, make_db: Callable[..., SessionDb], db_url: tuple[str, str]
) -> None:
    url, schema = db_url
    make_db().upsert_sessions([_team_session("t1", stored_members=True)])
    result = kern("sessions", "show", "t1", "--db", url, "--schema", schema, "--table", "nope")
    assert result.exit_code == 5


def test_show_in_a_real_process_pipes_markdown(
    kern_process: Callable[..., Any], tmp_path: Path
) -> None:
    copy = tmp_path / "agno3.sqlite"
    shutil.copy(FIXTURES / "agno3.sqlite", copy)
    sid = expected()["agno3.sqlite"]["sessions"][0]["session_id"]
    result = kern_process("sessions", "show", sid, "--db", str(copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Session ") and "\x1b" not in result.stdout
