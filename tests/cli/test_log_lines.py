"""``2>>kern.log``: when stderr is a file, each line kern writes there starts with the time
and the database, so a cron log says when and where; a pipe or terminal gets plain lines."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tests.support.cli import REPO_ROOT

STAMP = r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) "


def _logged(args: list[str], log: Path, env: dict[str, str] | None = None) -> int:
    """Run kern with stderr appended to ``log``, as cron's ``2>>`` does; the exit code."""
    import os

    full_env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), **(env or {}))
    with log.open("a") as err:
        return subprocess.run(
            [sys.executable, "-m", "kern_cli", *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=full_env,
            timeout=60,
        ).returncode


def test_a_log_file_gets_time_and_target_on_every_line(
    kern: Callable[..., Any], tmp_path: Path
) -> None:
    db = str(tmp_path / "agent.db")
    assert kern("demo", "--db", db, "--sessions", "6").exit_code == 0
    assert kern("targets", "add", "prod", db).exit_code == 0
    log = tmp_path / "kern.log"
    before = datetime.now(timezone.utc).replace(microsecond=0)
    prune = ["sessions", "prune", "--target", "prod", "--older-than", "0d", "--yes"]
    assert _logged(prune, log) == 0
    assert _logged(["sessions", "show", "no-such", "--target", "prod"], log) == 3
    lines = log.read_text().splitlines()
    assert lines and all(re.match(STAMP + "prod: ", line) for line in lines), lines
    assert any(re.search(r"prod: deleted 6 sessions and \d+ runs$", line) for line in lines)
    assert any("prod: kern: error: session no-such not found" in line for line in lines)
    first = re.match(STAMP, lines[0])
    assert first is not None
    stamp = datetime.fromisoformat(first.group(1).replace("Z", "+00:00"))
    assert before <= stamp <= datetime.now(timezone.utc)


def test_a_url_target_is_named_with_its_password_masked(tmp_path: Path, pg_url: str) -> None:
    url = pg_url.replace("://postgres@", "://postgres:hunter2@", 1)
    log = tmp_path / "kern.log"
    code = _logged(["sessions", "prune", "--db", url, "--schema", "kt_absent", "-u", "x"], log)
    assert code == 5
    text = log.read_text()
    assert "hunter2" not in text
    masked = url.replace("hunter2", "***")
    assert all(line.startswith(f"{line[:20]} {masked}: ") for line in text.splitlines()), text


def test_a_pipe_gets_plain_lines(kern_process: Callable[..., Any], tmp_path: Path) -> None:
    db = str(tmp_path / "agent.db")
    proc = kern_process("sessions", "prune", "--db", db, "-u", "x", "--yes")
    assert proc.stderr.startswith("kern: error: SQLite database not found")
