"""The terminal environment: ``TERM=dumb`` keeps the real width, ``FORCE_COLOR`` colours a
pipe, ``NO_COLOR`` wins over both, and piped pretty output carries no padding."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import REPO_ROOT

ESC = "\x1b["


@pytest.fixture
def demo_session(kern: Callable[..., Any], tmp_path: Path) -> tuple[str, str]:
    """A demo database and the id of its newest session."""
    db = str(tmp_path / "demo.db")
    assert kern("demo", "--db", db, "--sessions", "5").exit_code == 0
    newest = kern("sessions", "list", "--db", db, "-f", "tsv").stdout.split("\t", 1)[0]
    return db, newest


def test_piped_pretty_output_has_no_padding(
    kern: Callable[..., Any], demo_session: tuple[str, str]
) -> None:
    db, sid = demo_session
    result = kern("sessions", "show", sid, "--db", db, "-f", "pretty")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0].startswith("╭") and lines[0].endswith("╮")
    assert [line for line in lines if line != line.rstrip()] == []
    assert ESC not in result.stdout


def test_force_color_colours_a_pipe_and_no_color_wins(
    kern: Callable[..., Any], demo_session: tuple[str, str]
) -> None:
    db, sid = demo_session
    forced = kern("sessions", "show", sid, "--db", db, "-f", "pretty", env={"FORCE_COLOR": "1"})
    assert ESC in forced.stdout
    assert [line for line in forced.stdout.split("\n") if line.endswith(" ")] == []
    both = {"FORCE_COLOR": "1", "NO_COLOR": "1"}
    plain = kern("sessions", "show", sid, "--db", db, "-f", "pretty", env=both)
    assert ESC not in plain.stdout
    assert plain.stdout == kern("sessions", "show", sid, "--db", db, "-f", "pretty").stdout


def _on_a_terminal(args: list[str], env: dict[str, str], columns: int) -> str:
    """Run kern with stdout and stderr on a pseudo-terminal ``columns`` wide; its output."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    full_env.update(env, PYTHONPATH=str(REPO_ROOT), KERN_PAGER="cat")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kern_cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=full_env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [60, 132])
def test_term_dumb_keeps_the_terminals_width_and_drops_colour(
    kern: Callable[..., Any], demo_session: tuple[str, str], columns: int
) -> None:
    db, sid = demo_session
    text = _on_a_terminal(["sessions", "show", sid, "--db", db], {"TERM": "dumb"}, columns)
    assert ESC not in text
    top = next(line for line in text.split("\n") if line.startswith("╭"))
    assert len(top) == columns
    coloured = _on_a_terminal(
        ["sessions", "show", sid, "--db", db], {"TERM": "dumb", "FORCE_COLOR": "1"}, columns
    )
    assert ESC in coloured


def test_term_dumb_honours_columns(kern: Callable[..., Any], demo_session: tuple[str, str]) -> None:
    db, sid = demo_session
    text = _on_a_terminal(
        ["sessions", "show", sid, "--db", db], {"TERM": "dumb", "COLUMNS": "100"}, 132
    )
    top = next(line for line in text.split("\n") if line.startswith("╭"))
    assert len(top) == 100
