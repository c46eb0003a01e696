"""``kern sessions show`` navigation: ``--run``, ``--errors``, ``--tools``, run ids in every
heading and the header's problem counts, on agno's own files and on sessions built here,
on every backend and both layouts."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from kern_core import SessionDb

from tests.support.cli import strip_styles
from tests.support.db import FIXTURES, expected, variant_args
from tests.support.sessions import session

Kern = Callable[..., Result]

AGNO3 = "agno3.sqlite"
#: agno 3.x sessions: a team with two top-level runs and stored members, a workflow whose
#: second run failed (its first has a step run), an agent session with a CANCELLED run.
TEAM = "1415915b-1a8e-4ce2-97b0-49a773fa1951"
WORKFLOW = "87c66ad0-046c-4ac2-877c-70ae0fb36bfc"
CANCELLED = "56227fbc-91c2-4a1c-b846-9eebcac24c25"
AGNO31 = "agno31.sqlite"
SID31 = "31000000-0000-4000-8000-0000000000{}".format
LONG = "\n".join(f"row {i:03d}" for i in range(60))


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _stored(variant: str, sid: str) -> dict[str, Any]:
    return next(s for s in expected()[variant]["sessions"] if s["session_id"] == sid)


def _headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("#")]


def _runs_line(text: str) -> str:
    return next(line for line in text.splitlines() if "Runs" in line)


def _agno31(tmp_path: Path) -> list[str]:
    """The agno 3.1 SQLite file (a copy) as ``--db/--table``."""
    copy = tmp_path / AGNO31
    shutil.copy(FIXTURES / AGNO31, copy)
    return ["--db", str(copy), "--table", "agno_sessions"]


@pytest.fixture
def agno3(tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    return variant_args(AGNO3, tmp_path, request)


#: agno 3.x's sessions as agno wrote them on each backend.
AGNO3_ON = [AGNO3, "agno3_postgres.sql:ai.agno_sessions", "agno3_mysql_ai.sql:agno_sessions"]


@pytest.fixture(params=AGNO3_ON)
def on(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, list[str]]:
    """(variant, ``--db/--table[/--schema]``) of agno 3.x's sessions on each backend."""
    variant = str(request.param)
    return variant, variant_args(variant, tmp_path, request)


# -- --run on agno's files --------------------------------------------------------------------


def test_run_by_position_id_or_prefix_shows_that_run_with_its_members(
    kern: Kern, on: tuple[str, list[str]]
) -> None:
    variant, agno3 = on
    stored = _stored(variant, TEAM)
    tops = [r for r in stored["runs"] if not r.get("parent_run_id")]
    second = tops[1]
    members = [r for r in stored["runs"] if r.get("parent_run_id") == second["run_id"]]
    assert members, "the fixture's second team run has members"
    base = ("sessions", "show", TEAM, *agno3)
    outputs = {
        value: _ok(kern(*base, "-f", "markdown", "--run", value))
        for value in ("2", second["run_id"], second["run_id"][:8])
    }
    assert len(set(outputs.values())) == 1
    text = outputs["2"]
    headings = _headings(text)
    assert headings[1].startswith("## Run 2 · team ")
    assert [h for h in headings if h.startswith("## ")] == [headings[1]]
    assert sum(h.startswith("### Member ") for h in headings) == len(members)
    assert "showing Run 2" in _runs_line(text)
    assert f"`{tops[0]['run_id']}`" not in text
    record = json.loads(_ok(kern(*base, "-f", "json", "--run", "2")))
    wanted = {second["run_id"], *(m["run_id"] for m in members)}
    assert record["runs"] == [r for r in stored["runs"] if r["run_id"] in wanted]


def test_a_member_run_by_id_is_shown_with_its_team_runs_context(
    kern: Kern, on: tuple[str, list[str]]
) -> None:
    variant, agno3 = on
    stored = _stored(variant, TEAM)
    member = next(r for r in stored["runs"] if r.get("parent_run_id"))
    parent = next(r for r in stored["runs"] if r["run_id"] == member["parent_run_id"])
    base = ("sessions", "show", TEAM, *agno3, "--run", member["run_id"])
    text = _ok(kern(*base, "-f", "markdown"))
    heading = _headings(text)[1]
    match = re.match(r"## Run (\d) › Member 1 · agent ", heading)
    assert match, heading
    context = next(line for line in text.splitlines() if line.startswith("*in Run"))
    assert parent["run_id"] in context and "team " in context
    pretty = _ok(kern(*base, "-f", "pretty"))
    assert f"in Run {match[1]} · team" in pretty and parent["run_id"] in pretty
    record = json.loads(_ok(kern(*base, "-f", "json")))
    assert record["runs"] == [member]


def test_a_workflow_step_run_by_id(kern: Kern, agno3: list[str]) -> None:
    step = _stored(AGNO3, WORKFLOW)["runs"][0]["step_executor_runs"][0]
    text = _ok(
        kern("sessions", "show", WORKFLOW, *agno3, "-f", "markdown", "--run", step["run_id"])
    )
    assert _headings(text)[1].startswith("## Run 1 › Step run 1 · agent ")
    assert f"`{step['run_id']}`" in text
    record = json.loads(
        _ok(kern("sessions", "show", WORKFLOW, *agno3, "-f", "json", "--run", step["run_id"]))
    )
    assert record["runs"] == [step]


def test_repeated_runs_in_transcript_order_and_runs_keeps_the_last_of_them(
    kern: Kern, agno3: list[str]
) -> None:
    base = ("sessions", "show", TEAM, *agno3, "-f", "markdown")
    both = _headings(_ok(kern(*base, "--run", "2", "--run", "1", "--run", "2")))
    tops = [h for h in both if h.startswith("## ")]
    assert [h.split(" · ")[0] for h in tops] == ["## Run 1", "## Run 2"]
    last = _ok(kern(*base, "--run", "1", "--run", "2", "-n", "1"))
    assert [h.split(" · ")[0] for h in _headings(last) if h.startswith("## ")] == ["## Run 2"]


@pytest.mark.parametrize("value", ["0", "3", "99999999999999999999999", "nope", "14"])
def test_an_unknown_run_is_a_usage_error(kern: Kern, agno3: list[str], value: str) -> None:
    result = kern("sessions", "show", TEAM, *agno3, "--run", value)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"kern: error: no run {value} in session {TEAM}"
    assert lines[1].startswith("hint: --run takes a position from 1 to 2, a run id")
    assert len(lines) == 2


def test_an_empty_run_is_a_usage_error(kern: Kern, agno3: list[str]) -> None:
    result = kern("sessions", "show", TEAM, *agno3, "--run", " ")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "kern: error: --run needs a position, a run id or a prefix of one\n"


def test_an_ambiguous_prefix_is_a_usage_error(
    kern: Kern, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = _agno31(tmp_path)
    result = kern("sessions", "show", SID31("01"), *args, "--run", "run-31-00")
    assert result.exit_code == 2 and result.stdout == ""
    assert "run run-31-00 is ambiguous" in result.stderr and "4 run ids" in result.stderr
    text = _ok(
        kern("sessions", "show", SID31("01"), *args, "-f", "markdown", "--run", "run-31-003")
    )
    assert _headings(text)[1].startswith("## Run 3 · ")


# -- --errors and the header on agno's files ---------------------------------------------------


def test_errors_keeps_the_failed_runs_of_agno_sessions(
    kern: Kern, on: tuple[str, list[str]]
) -> None:
    variant, agno3 = on
    stored = _stored(variant, WORKFLOW)
    failed = stored["runs"][1]
    assert failed["status"] == "ERROR"
    text = _ok(kern("sessions", "show", WORKFLOW, *agno3, "-f", "markdown", "--errors"))
    assert [h for h in _headings(text) if h.startswith("## ")] == [
        h for h in _headings(text) if h.startswith("## Run 2 · workflow ")
    ]
    assert f"`{failed['run_id']}`" in text and "showing failed runs: Run 2" in text
    record = json.loads(_ok(kern("sessions", "show", WORKFLOW, *agno3, "-f", "json", "--errors")))
    assert record["runs"] == [failed]


def test_errors_leaves_out_cancelled_runs_which_the_header_counts(
    kern: Kern, agno3: list[str]
) -> None:
    text = _ok(kern("sessions", "show", CANCELLED, *agno3, "-f", "markdown", "--errors"))
    assert not [h for h in _headings(text) if h.startswith("## ")]
    assert _runs_line(text) == "- **Runs:** 3 · **1 cancelled**; no failed runs"
    record = json.loads(_ok(kern("sessions", "show", CANCELLED, *agno3, "-f", "json", "--errors")))
    assert record["runs"] == []


@pytest.mark.parametrize("variant", [AGNO3, "agno2.sqlite"])
def test_the_header_counts_errors_and_cancellations_of_every_agno_session(
    kern: Kern, variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = variant_args(variant, tmp_path, request)
    for stored in expected()[variant]["sessions"]:
        runs = stored.get("runs") or []
        statuses = [r.get("status") for r in runs]
        tops = sum(not r.get("parent_run_id") for r in runs)
        want = f"- **Runs:** {tops}"
        if len(runs) > tops:
            want += f" (+{len(runs) - tops} member runs)"
        errors, cancelled = statuses.count("ERROR"), statuses.count("CANCELLED")
        if errors:
            want += f" · **{errors} error{'s' if errors > 1 else ''}**"
        if cancelled:
            want += f" · **{cancelled} cancelled**"
        text = _ok(kern("sessions", "show", stored["session_id"], "-f", "markdown", *args))
        assert _runs_line(text) == want, stored["session_id"]


def test_a_call_agno_never_ran_counts_as_a_tool_error(
    kern: Kern, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = _agno31(tmp_path)
    text = _ok(kern("sessions", "show", SID31("06"), *args, "-f", "markdown"))
    assert _runs_line(text) == "- **Runs:** 1 · **1 tool error**"
    errors = _ok(kern("sessions", "show", SID31("06"), *args, "-f", "markdown", "--errors"))
    assert "## Run 1 · " in errors and "get_stock_price" in errors


# -- run ids in the pretty transcript ----------------------------------------------------------


@pytest.mark.parametrize("sid", [TEAM, WORKFLOW])
def test_every_heading_shows_its_full_run_id_on_a_narrow_terminal(
    kern: Kern, agno3: list[str], forced_tty: None, sid: str
) -> None:
    stored = _stored(AGNO3, sid)
    out = _ok(kern("sessions", "show", sid, "--no-pager", "--full", *agno3, env={"COLUMNS": "80"}))
    lines = strip_styles(out).splitlines()
    ids = [r["run_id"] for r in stored["runs"]]
    ids += [s["run_id"] for r in stored["runs"] for s in r.get("step_executor_runs") or []]
    for run_id in ids:
        assert any(line.strip() == f"run id {run_id}" for line in lines), run_id
        shown = _ok(
            kern("sessions", "show", sid, *agno3, "-f", "json", "--run", run_id, "--no-pager")
        )
        assert run_id in {r["run_id"] for r in json.loads(strip_styles(shown))["runs"]}
    assert max(len(line) for line in lines) <= 80


# -- --tools -----------------------------------------------------------------------------------


def test_tools_none_short_full_on_an_offloaded_agno_result(
    kern: Kern, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = _agno31(tmp_path)
    base = ("sessions", "show", SID31("02"), *args)
    for fmt in ("markdown", "pretty"):
        short = _ok(kern(*base, "-f", fmt))
        assert short == _ok(kern(*base, "-f", fmt, "--tools", "short"))
        assert "north-00007" in short and "north-00200" not in short, fmt
        full = _ok(kern(*base, "-f", fmt, "--tools", "full"))
        assert "north-00200, 400 EUR,paid" in full, fmt
        none = _ok(kern(*base, "-f", fmt, "--tools", "none"))
        assert "north-00007" not in none and "offloaded result" not in none, fmt
        assert "2 tool calls hidden" in none and "1 tool call hidden" in none, fmt
        assert "--tools short" in none and "shows them" in none, fmt
        # --full untrims everything, --tools still decides for the tool calls
        assert "north-00200" not in _ok(kern(*base, "-f", fmt, "--full", "--tools", "short"))
        assert "north-00200" in _ok(kern(*base, "-f", fmt, "--full")), fmt
    record = json.loads(_ok(kern(*base, "-f", "json", "--tools", "none")))
    assert all("tools" in run for run in record["runs"])


def test_tools_takes_only_its_choices(kern: Kern, agno3: list[str]) -> None:
    result = kern("sessions", "show", TEAM, *agno3, "--tools", "some")
    assert result.exit_code == 2
    assert "'some' is not one of 'none', 'short', 'full'" in result.stderr


# -- every option on every backend and layout ---------------------------------------------------

_ERR = "bbbb2222-0000-4000-8000-000000000002"
_CAN = "bbbb3333-0000-4000-8000-000000000003"
_TOOLS = "aaaa1111-0000-4000-8000-000000000001"
_TEAM = "cccc4444-0000-4000-8000-000000000004"
_MEMBER_BAD = "dddd5555-0000-4000-8000-000000000005"
_MEMBER_OK = "eeee6666-0000-4000-8000-000000000006"


def _team_run(run_id: str, created: int, status: str, **fields: Any) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "team_id": "desk",
        "team_name": "Help Desk",
        "status": status,
        "input": {"input_content": f"question {created}"},
        "content": f"answer {created}",
        "created_at": 1_700_000_000 + created,
        **fields,
    }


def _member(run_id: str, created: int, status: str) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "agent_id": "researcher",
        "agent_name": "Researcher",
        "parent_run_id": _TEAM,
        "status": status,
        "input": {"input_content": f"member task {created}"},
        "content": f"member says {created}",
        "created_at": 1_700_000_000 + created,
    }


def _navigation_session() -> Any:
    tools = [
        {"tool_call_id": "c1", "tool_name": "lookup", "tool_args": {"q": "x"}, "result": LONG},
        {
            "tool_call_id": "c2",
            "tool_name": "fetch_page",
            "tool_args": {"url": "https://example.test"},
            "result": "timed out",
            "tool_call_error": True,
        },
    ]
    runs = [
        _team_run(_TOOLS, 1, "COMPLETED", tools=tools),
        _team_run(_ERR, 2, "ERROR", content="the model provider failed"),
        _team_run(_CAN, 3, "CANCELLED"),
        _member(_MEMBER_BAD, 5, "ERROR"),
        _member(_MEMBER_OK, 6, "COMPLETED"),
        _team_run(_TEAM, 4, "COMPLETED"),
    ]
    return session("nav", 1_700_000_000, runs=runs, session_type="team", team_id="desk")


@pytest.mark.parametrize("layout", ["column", "table"])
def test_every_navigation_option_on_every_backend(
    kern: Kern,
    make_db: Callable[..., SessionDb],
    db_url: tuple[str, str],
    layout: str,
    forced_tty: None,
) -> None:
    url, schema = db_url
    make_db(layout=layout).upsert_sessions([_navigation_session()])
    base = ("sessions", "show", "nav", "--db", url, "--schema", schema, "--no-pager")

    def md(*extra: str) -> str:
        return _ok(kern(*base, "-f", "markdown", *extra))

    def tops(text: str) -> list[str]:
        return [h.split(" · ")[0] for h in _headings(text) if h.startswith("## ")]

    whole = md()
    counts = "4 (+2 member runs) · **2 errors** · **1 cancelled** · **1 tool error**"
    assert _runs_line(whole) == f"- **Runs:** {counts}"
    for run_id in (_TOOLS, _ERR, _CAN, _TEAM, _MEMBER_BAD, _MEMBER_OK):
        assert whole.count(f"`{run_id}`") == 1

    # --run: position, id, prefix; an ambiguous prefix and an unknown run are usage errors
    assert tops(md("--run", "2")) == tops(md("--run", _ERR)) == tops(md("--run", "bbbb2"))
    assert tops(md("--run", "2")) == ["## Run 2"]
    assert md("--run", "4").count("### Member ") == 2
    for value, message in (("bbbb", "is ambiguous"), ("5", "no run 5"), ("zzzz", "no run zzzz")):
        result = kern(*base, "--run", value)
        assert result.exit_code == 2 and message in result.stderr and result.stdout == ""

    # --errors: the tool error, the ERROR run, the failed member with its team run's context
    errors = md("--errors")
    assert tops(errors) == ["## Run 1", "## Run 2", "## Run 4 › Member 1"]
    assert f"*in Run 4 · team Help Desk · COMPLETED · {_TEAM}*" in errors
    assert _MEMBER_OK not in errors and _CAN not in errors
    assert "showing failed runs: Run 1, Run 2, Run 4 › Member 1" in errors
    assert tops(md("--errors", "-n", "1")) == ["## Run 4 › Member 1"]
    assert tops(md("--errors", "--run", "4")) == ["## Run 4 › Member 1"]
    full = json.loads(_ok(kern(*base, "-f", "json")))
    picked = json.loads(_ok(kern(*base, "-f", "json", "--errors")))
    want = {_TOOLS, _ERR, _MEMBER_BAD}
    assert picked["runs"] == [r for r in full["runs"] if r["run_id"] in want]
    team = json.loads(_ok(kern(*base, "-f", "json", "--run", _TEAM[:6])))
    assert {r["run_id"] for r in team["runs"]} == {_TEAM, _MEMBER_BAD, _MEMBER_OK}

    # --tools
    assert "row 059" not in whole and "--full shows all" in whole and "timed out" in whole
    assert "row 059" in md("--tools", "full") and "row 059" in md("--full")
    hidden = md("--tools", "none")
    assert "row 000" not in hidden and "timed out" not in hidden
    assert "*2 tool calls hidden* · **1 error** (`--tools short` shows them)" in hidden
    assert md("--tools", "short") == whole

    # the pretty transcript: run ids, counts with errors in red, the hidden-tools line
    pretty = _ok(kern(*base, "--tools", "none", env={"COLUMNS": "80"}))
    plain = strip_styles(pretty)
    for run_id in (_TOOLS, _ERR, _CAN, _TEAM, _MEMBER_BAD, _MEMBER_OK):
        assert f"run id {run_id}" in plain
    assert "4 (+2 member runs) · 2 errors · 1 cancelled · 1 tool error" in plain
    assert "\x1b[1;31m2 errors" in pretty and "\x1b[1;31m1 tool error" in pretty
    assert "→ 2 tool calls hidden · 1 error (--tools short shows them)" in plain
    alone = strip_styles(_ok(kern(*base, "--run", _MEMBER_BAD, env={"COLUMNS": "80"})))
    assert f"in Run 4 · team Help Desk · COMPLETED · {_TEAM}" in alone
    assert "Run 4 › Member 1 · agent Researcher · ERROR" in alone


HOSTILE_ID = "run-\x1b]0;pwned\x07-\x1b[31mred"


def test_hostile_run_ids_stay_inert_in_headings_context_lines_and_errors(
    kern: Kern,
    make_db: Callable[..., SessionDb],
    db_url: tuple[str, str],
    forced_tty: None,
) -> None:
    url, schema = db_url
    team = _team_run(HOSTILE_ID, 1, "COMPLETED", team_name="\x1b[2J[bold]Team[/bold]")
    member = {**_member("m-1", 2, "ERROR"), "parent_run_id": HOSTILE_ID}
    make_db().upsert_sessions(
        [session("hostile-nav", 1_700_000_000, runs=[member, team], session_type="team")]
    )
    base = ("sessions", "show", "hostile-nav", "--db", url, "--schema", schema, "--no-pager")
    for extra in (("--errors",), ("--run", "m-1"), ("--run", HOSTILE_ID[:6]), ("-f", "markdown")):
        out = _ok(kern(*base, *extra))
        for raw in ("\x1b]", "\x07", "\x1b[2J", "\x1b[31mred"):
            assert raw not in out, extra
        assert "[bold]Team[/bold]" in strip_styles(out), extra
    result = kern(*base, "--run", "\x1b[31mnope")
    assert result.exit_code == 2 and "\x1b" not in result.stderr


def test_run_ids_complete_from_the_session_on_the_command_line(
    kern_process: Callable[..., Any], agno3: list[str]
) -> None:
    stored = _stored(AGNO3, TEAM)
    words = ["kern", "sessions", "show", TEAM, *agno3, "--run"]

    def complete(incomplete: str, sid: str = TEAM) -> list[str]:
        line = [*words[:3], sid, *words[4:], incomplete]
        env = {
            "_KERN_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(line),
            "COMP_CWORD": str(len(line) - 1),
        }
        result = kern_process(env=env)
        assert result.returncode == 0 and result.stderr == ""
        return result.stdout.split()

    tops = [r["run_id"] for r in stored["runs"] if not r.get("parent_run_id")]
    every = complete("")
    assert sorted(every) == sorted(r["run_id"] for r in stored["runs"])
    assert every.index(tops[0]) < every.index(tops[1])
    member = next(r["run_id"] for r in stored["runs"] if r.get("parent_run_id"))
    assert complete(member[:5]) == [member]
    assert complete("", sid="no-such-session") == []
