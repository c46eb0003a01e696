"""``kern sessions delete`` and ``rename``: runs go with their session, missing ids, --yes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.changes import db_args, orphan_runs, parsed, table_rows
from tests.support.db import DbFactory, open_variant
from tests.support.reading import seed


@pytest.fixture(params=["column", "table"])
def seeded(request: pytest.FixtureRequest, make_db: DbFactory) -> Any:
    db = make_db(layout=request.param)
    seed(db, n=6)
    return db


def test_delete_removes_sessions_with_their_runs(kern: Callable[..., Any], seeded: Any) -> None:
    args = db_args(seeded)
    result = kern("sessions", "delete", "s001", "s002", *args, "--yes")
    assert result.exit_code == 0, result.stderr
    assert "deleted 2 sessions and 5 runs" in result.stderr  # s001 is a team: 3 runs
    assert seeded.get_session("s001") is None and seeded.get_session("s002") is None
    assert seeded.count_sessions() == 4
    assert orphan_runs(seeded) == 0
    assert len(seeded.get_session("s003").runs) == 2


def test_missing_ids(kern: Callable[..., Any], seeded: Any) -> None:
    args = db_args(seeded)
    none = kern("sessions", "delete", "nope", "nada", *args, "--yes")
    assert none.exit_code == 3 and "nope" in none.stderr
    some = kern("sessions", "delete", "s000", "nope", *args, "--yes")
    assert some.exit_code == 0, some.stderr
    assert "warning: not found: nope" in some.stderr
    assert seeded.count_sessions() == 5


def test_dry_run_and_refusal_change_nothing(
    kern: Callable[..., Any], kern_process: Callable[..., Any], seeded: Any
) -> None:
    args = db_args(seeded)
    before = table_rows(seeded)
    dry = kern("sessions", "delete", "s000", *args, "--dry-run")
    assert dry.exit_code == 0 and "would delete 1 session and 2 runs" in dry.stderr
    piped = kern_process("sessions", "delete", "s000", "s001", *args, input="y\n")
    assert piped.returncode == 2
    assert "refusing to delete 2 sessions and 5 runs without --yes" in piped.stderr
    assert "nothing was changed" in piped.stderr and piped.stdout == ""
    assert table_rows(seeded) == before


def test_no_orphans_whatever_the_foreign_key_pragma(
    kern: Callable[..., Any], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db = open_variant("agno3.sqlite", tmp_path, request)
    ids = list(parsed(_export(kern, db)))[:5]
    with sqlite3.connect(db.dialect.path) as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 0
    result = kern("sessions", "delete", *ids, *db_args(db), "--yes")
    assert result.exit_code == 0, result.stderr
    assert orphan_runs(db) == 0 and db.count_sessions() == 27


@pytest.mark.parametrize(
    "variant",
    [
        "agno3_migrated.sqlite",
        "agno2.sqlite",
        "agno3_migrated_mysql.sql:agno_sessions",
        "agno2_mysql_ai.sql:agno_sessions",
        "agno3_mysql_app.sql:my_agent_sessions",
    ],
)
def test_delete_on_agno_databases(
    kern: Callable[..., Any], tmp_path: Path, request: pytest.FixtureRequest, variant: str
) -> None:
    db = open_variant(variant, tmp_path, request, private=True)
    records = parsed(_export(kern, db))
    victim = next(sid for sid, r in records.items() if len(r["runs"]) >= 2)
    result = kern("sessions", "delete", victim, *db_args(db), "--yes")
    assert result.exit_code == 0, result.stderr
    runs = len(records[victim]["runs"])
    assert f"deleted 1 session and {runs} runs" in result.stderr
    rest = parsed(_export(kern, db))
    assert rest == {k: v for k, v in records.items() if k != victim}
    assert orphan_runs(db) == 0


def _export(kern: Callable[..., Any], db: Any) -> str:
    result = kern("sessions", "export", *db_args(db))
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_rename(kern: Callable[..., Any], seeded: Any) -> None:
    args = db_args(seeded)
    before = seeded.get_session("s001")
    result = kern("sessions", "rename", "s001", "Quarterly \u2603 review", *args)
    assert result.exit_code == 0, result.stderr
    after = seeded.get_session("s001")
    assert after.session_name == "Quarterly \u2603 review"
    assert after.session_data["session_state"] == before.session_data["session_state"]
    assert after.runs == before.runs
    listed = kern("sessions", "list", *args, "--name", "quarterly", "--fields", "session_id")
    assert listed.stdout.split() == ["s001"]


def test_rename_errors(kern: Callable[..., Any], seeded: Any) -> None:
    args = db_args(seeded)
    missing = kern("sessions", "rename", "nope", "x", *args)
    assert missing.exit_code == 3 and "nope" in missing.stderr
    empty = kern("sessions", "rename", "s001", "  ", *args)
    assert empty.exit_code == 2


def _answer_in_terminal(answer: str, *args: str) -> tuple[int, str]:
    """Run kern with stdin, stdout and stderr on a pseudo-terminal and type ``answer``."""
    import os
    import pty
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, COLUMNS="200", TERM="dumb")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kern_cli", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    os.write(leader, answer.encode() + b"\n")
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_terminal_prompt(seeded: Any) -> None:
    args = db_args(seeded)
    code, text = _answer_in_terminal("n", "sessions", "delete", "s000", *args)
    assert code == 1 and "Delete 1 session and 2 runs?" in text and "nothing was changed" in text
    assert seeded.get_session("s000") is not None
    code, text = _answer_in_terminal("y", "sessions", "delete", "s000", *args)
    assert code == 0 and "deleted 1 session and 2 runs" in text
    assert seeded.get_session("s000") is None
