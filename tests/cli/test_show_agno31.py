"""``kern sessions show`` on sessions written by real agno 3.1.10 runs (agno_fixtures/agno31*).

What agno stores beyond text (media, what a paused run waits for, calls agno never ran, the
session state, fork and regenerate provenance) must appear in the Markdown and the terminal
transcript, described, never dumped: no base64 payload reaches the output.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import Result

from kern_core import Session, SessionDb

from tests.support.db import FIXTURES, _admin_execute, restore_dump

Kern = Callable[..., Result]

EXPECTED = json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))
DUMP = "agno31_postgres.sql"
SQLITE = "agno31.sqlite"
PG = f"{DUMP}:ai.agno_sessions"
MYSQL = "agno31_mysql_ai.sql:agno_sessions"
SID = "31000000-0000-4000-8000-0000000000{}".format
HOSTILE = "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m [bold]x[/bold]"
PNG = base64.b64encode(b"\x89PNG" + bytes(range(256)) * 8).decode()
PNG_OBJECT = {"id": "pic", "mime_type": "image/png", "content": PNG}


@pytest.fixture(scope="module")
def agno31_pg(pg_url: str) -> Iterator[str]:
    """The agno 3.1 dump restored once for this module (read only)."""
    url = restore_dump(pg_url, FIXTURES / DUMP)
    yield url
    dbname = urlsplit(url).path.lstrip("/")
    _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(params=[SQLITE, PG, MYSQL])
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def target(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    """``--db/--table/--schema`` for the default-table variant (the SQLite file copied first)."""
    if variant == SQLITE:
        copy = tmp_path / SQLITE
        shutil.copy(FIXTURES / SQLITE, copy)
        return ["--db", str(copy), "--table", "agno_sessions"]
    if variant == MYSQL:
        database = request.getfixturevalue("agno_mysql_dbs")[MYSQL.split(":", 1)[0]]
        url = request.getfixturevalue("mysql_url")
        return ["--db", url, "--table", "agno_sessions", "--schema", database]
    url = request.getfixturevalue("agno31_pg")
    return ["--db", url, "--table", "agno_sessions", "--schema", "ai"]


def _session(variant: str, sid: str) -> dict[str, Any]:
    for session in EXPECTED["variants"][variant]["sessions"]:
        if session["session_id"] == sid:
            return dict(session)
    raise AssertionError(sid)


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _both(kern: Kern, sid: str, target: list[str], *extra: str) -> dict[str, str]:
    """The session as Markdown and as the pretty transcript (piped, wide COLUMNS)."""
    return {
        fmt: _ok(kern("sessions", "show", sid, "-f", fmt, *extra, *target))
        for fmt in ("markdown", "pretty")
    }


def _blobs(value: Any) -> Iterator[str]:
    """Every ``content`` string stored on a media object anywhere in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "content" and isinstance(item, str) and {"mime_type", "format"} & set(value):
                yield item
            else:
                yield from _blobs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _blobs(item)


def test_media_are_described_with_their_size_and_never_dumped(
    kern: Kern, variant: str, target: list[str]
) -> None:
    sid = SID("05")
    stored = _session(variant, sid)
    run = stored["runs"][0]
    blobs = set(_blobs(run))
    assert blobs, "the fixture stores inline media"
    for fmt, out in _both(kern, sid, target).items():
        for item in run["input"]["images"] + run["input"]["files"]:
            if "url" in item:
                assert item["url"] in out, fmt
        for kind, item in [
            *(("image", i) for i in run["input"]["images"]),
            *(("audio", a) for a in run["input"]["audios"]),
            *(("file", f) for f in run["input"]["files"]),
            *(("image", i) for i in run["images"]),
            ("audio", run["response_audio"]),
        ]:
            if "content" not in item:
                continue
            name = item.get("filename") or item["id"]
            mime = item.get("mime_type") or item["format"]
            size = len(base64.b64decode(item["content"]))
            assert f"{kind} {name} · {mime}, {size} B inline" in out, (fmt, item["id"])
        for blob in blobs:
            assert blob[:16] not in out, fmt
        assert out.count("aud-out-1") == 1, "the reply's audio is listed once, not per message"


def test_every_agno31_session_shows_without_payloads(
    kern: Kern, variant: str, target: list[str]
) -> None:
    sessions = EXPECTED["variants"][variant]["sessions"]
    blobs = {blob[:16] for session in sessions for blob in _blobs(session)}
    assert blobs
    for session in sessions:
        for fmt, out in _both(kern, session["session_id"], target, "--full").items():
            assert not {blob for blob in blobs if blob in out}, (fmt, session["session_id"])


def test_paused_runs_show_what_they_wait_for(kern: Kern, target: list[str]) -> None:
    ops = _both(kern, SID("03"), target)
    billing = _both(kern, SID("04"), target)
    gated = _both(kern, SID("0b"), target)
    for fmt in ("markdown", "pretty"):
        out = ops[fmt]
        assert "confirmation · " in out and "— confirmed" in out, fmt
        assert 'delete_records(table="sessions", older_than_days=30)' in out, fmt
        assert "waiting for confirmation" in out, fmt
        out = billing[fmt]
        assert 'send_invoice(invoice_id="INV-7")' in out and "waiting for input" in out, fmt
        assert 'invoice_id (str) = "INV-7"' in out and "recipient (str) — missing" in out, fmt
        out = gated[fmt]
        assert "paused at step 1 · publish (step)" in out, fmt
        assert "step 1 · publish" in out and "Publish the post?" in out, fmt
    for out in (ops["markdown"], billing["markdown"], gated["markdown"]):
        assert "· **PAUSED**" in out
        assert "**Waiting for:**" in out


def test_paused_status_stands_out_on_a_terminal(
    kern: Kern, target: list[str], forced_tty: None
) -> None:
    out = _ok(kern("sessions", "show", SID("04"), "--no-pager", *target))
    styled = [line for line in out.splitlines() if "PAUSED" in line]
    assert styled and any(re.search(r"\x1b\[1;35mPAUSED", line) for line in styled)
    assert any("Waiting for:" in re.sub(r"\x1b\[[0-9;]*m", "", line) for line in out.splitlines())


def test_a_call_to_a_missing_tool_shows_with_its_error(kern: Kern, target: list[str]) -> None:
    for fmt, out in _both(kern, SID("06"), target).items():
        assert 'get_stock_price(ticker="ACME")' in out, fmt
        assert "Error: The requested tool does not exist or is not available." in out, fmt
        line = next(line for line in out.splitlines() if "get_stock_price" in line)
        assert "error" in line and "not run" in line, fmt
        assert 'get_weather(city="Berlin")' in out, fmt
        assert out.index("get_stock_price") < out.index("get_weather"), "in the order called"


def test_session_state_is_in_the_header(kern: Kern, variant: str, target: list[str]) -> None:
    state = _session(variant, SID("07"))["session_data"]["session_state"]
    for fmt, out in _both(kern, SID("07"), target).items():
        line = next(line for line in out.splitlines() if "State" in line)
        assert '"cart":["grinder","espresso beans"]' in line, fmt
        assert '"currency":"EUR"' in line, fmt
        note = json.dumps(state["note"])  # SQLite keeps the NUL (escaped), PostgreSQL strips it
        assert note[1:-1] in line, fmt
        assert "\x00" not in out


def test_regenerate_and_fork_provenance(kern: Kern, variant: str, target: list[str]) -> None:
    facts = EXPECTED["variants"][variant]["facts"]
    source = SID("08")
    for fmt, out in _both(kern, source, target).items():
        assert "REGENERATED" in out, fmt
        assert "regenerated from run run-31-070" in out, fmt
        assert f"regenerated as run {facts['regenerated_run_id']}" in out, fmt
        assert "forked from run run-31-070 · at message 1" in out, fmt
    for fmt, out in _both(kern, facts["fork_session_id"], target).items():
        header = next(line for line in out.splitlines() if "Forked from" in line)
        assert source in header, fmt
        assert f"from session {source}" in out, fmt


def _hostile_runs() -> list[dict[str, Any]]:
    base = {"agent_id": "a", "created_at": 1_700_000_001}
    return [
        {
            **base,
            "run_id": "h1",
            "status": "PAUSED",
            "input": {"input_content": "hi", "images": 5, "files": "Zm9v" * 500},
            "requirements": "approve everything " + HOSTILE,
            "images": [7, None, True, ["x"], {"url": 3, "content": 9, "size": "big"}],
            "response_audio": "UklGRiQ" * 300,
            "videos": {"id": HOSTILE, "url": "data:video/mp4;base64," + "AAAA" * 400},
            "files": [{"filename": HOSTILE, "media_reference": "s3://nowhere"}],
            "messages": [
                {"role": "assistant", "tool_calls": "not a list", "images": 4},
                {"role": "assistant", "tool_calls": [5, {"id": ["x"]}, {"function": 3}]},
                {"role": "tool", "tool_call_id": {"x": 1}, "content": "?"},
            ],
            "tools": [{"tool_name": "t", "tool_call_id": ["unhashable"]}],
            "regenerated_from": {"run": 1},
            "forked_from_message_index": "one",
        },
        {
            **base,
            "run_id": "h2",
            "status": "PAUSED",
            "requirements": [
                3,
                "x",
                {"tool_execution": [1, 2]},
                {"tool_execution": {"tool_name": HOSTILE, "tool_args": HOSTILE}},
                {"user_input_schema": "recipient", "tool_execution": {"requires_user_input": 1}},
                {"user_input_schema": [4, {"name": HOSTILE, "value": {"a": HOSTILE}}]},
                {"user_feedback_schema": [{"question": HOSTILE, "options": [1, {"label": 2}]}]},
                {"tool_execution": {"external_execution_required": True}},
            ],
            "step_requirements": 12,
            "input": {
                "input_content": [
                    {"role": "user", "content": "look at this", "images": [PNG_OBJECT, 3]},
                    {"role": "user", "content": "and this", "audio_output": PNG_OBJECT},
                ]
            },
            "content": {"answer": "structured", "images": [PNG_OBJECT]},
            "error_requirements": [
                {"error_message": HOSTILE, "step_index": "two"},
                {
                    "step_name": "draft",
                    "requires_executor_input": True,
                    "executor_type": "agent",
                    "executor_name": "writer",
                    "executor_requirements": [
                        {
                            "tool_execution": {
                                "tool_name": "publish",
                                "requires_confirmation": True,
                                "approval_type": "required",
                                "approval_id": "ap-1",
                            }
                        }
                    ],
                },
                {"requires_executor_input": True, "executor_requirements": "bad"},
            ],
            "step_results": [{"step_name": "review", "is_paused": True}],
            "paused_step_index": "one",
            "paused_step_name": ["publish"],
            "pause_kind": HOSTILE,
        },
    ]


@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize("full", [False, True])
def test_malformed_media_requirements_and_state_do_not_crash(
    kern: Kern,
    make_db: Callable[..., SessionDb],
    db_url: tuple[str, str],
    layout: str,
    full: bool,
) -> None:
    url, schema = db_url
    state = {"notes": "Q" * 5000, "esc": HOSTILE}
    session = Session(
        "hostile31",
        "agent",
        agent_id="a",
        session_data={"session_state": state, "forked_from_session_id": {"id": HOSTILE}},
        runs=_hostile_runs(),
        created_at=1_700_000_000,
    )
    make_db(layout=layout).upsert_sessions([session])
    extra = ["--full"] if full else []
    args = ["--db", url, "--schema", schema, *extra]
    for fmt in ("markdown", "pretty", "json"):
        out = _ok(kern("sessions", "show", "hostile31", "-f", fmt, *args))
        if fmt == "json":
            assert json.loads(out)["runs"][1]["requirements"][0] == 3
            continue
        assert "\x1b" not in out and "\x07" not in out, fmt
        assert "Zm9vZm9v" not in out and "UklGRiQUklGRiQ" not in out and "AAAAAAAA" not in out
        assert "image: 5 (not a media object)" in out, fmt
        assert "file: a string of 2000 characters, not a media object" in out, fmt
        assert "data URL of" in out, fmt
        assert "approve everything" in out and "unreadable" in out, fmt
        assert "waiting for the result" in out and "waiting for retry or skip" in out, fmt
        assert "**PAUSED**" in out if fmt == "markdown" else "PAUSED" in out
        assert (out.count("Q") >= 5000) == full, fmt
        assert ("--full shows all" in out) != full, fmt
        assert "image: null (not a media object)" in out, fmt
        step = next(line for line in out.splitlines() if "review" in line)
        assert ("**paused**" if fmt == "markdown" else "PAUSED") in step, fmt
        assert "agent writer input" in out and "confirmation · publish() — waiting" in out, fmt
        assert "approval required (ap-1)" in out, fmt
        assert PNG[:16] not in out, fmt
        assert "look at this" in out and '"content":"[2.1 kB inline]"' in out, fmt
        assert "structured" in out and '"content": "[2.1 kB inline]"' in out, fmt
