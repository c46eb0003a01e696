"""The terminal environment: ``TERM=dumb`` keeps the real width, ``FORCE_COLOR`` colours a
pipe, ``NO_COLOR`` wins over both, and piped pretty output carries no padding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.reading import run_in_terminal

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
    code, text = run_in_terminal(*args, env={"KERN_PAGER": "cat", **env}, columns=columns)
    assert code == 0
    return text.replace("\r\n", "\n")


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


@pytest.mark.parametrize("columns", [80, 132])
def test_help_on_a_dumb_terminal_keeps_the_terminals_width(columns: int) -> None:
    """Typer's help makes its own rich console, which ``TERM=dumb`` alone would size 80 wide."""
    text = _on_a_terminal(["sessions", "search", "--help"], {"TERM": "dumb"}, columns)
    widths = [len(line) for line in text.split("\n")]
    assert ESC not in text
    assert max(widths) <= columns
    if columns > 80:
        assert max(widths) > 80
