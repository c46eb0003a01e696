"""Help for newcomers: every command's help wraps to the terminal, speaks the user's words,
and the bare program and its version answer at once."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from kern_cli import __version__
from kern_cli.app import app

from tests.support.cli import REPO_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _command_paths(sub, (*path, name))


COMMANDS = list(_command_paths(get_command(app)))
#: Words of the project's own making that mean nothing to a user.
JARGON = ("mission", "the brief", "the lead", "seam")


def _description(text: str) -> list[str]:
    """The prose above the first panel of a rendered help (no usage line)."""
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if line.startswith("╭")), len(lines))
    return [line.rstrip() for line in lines[:end] if "Usage:" not in line]


def _params_help(command: Any) -> Iterator[str]:
    for param in command.params:
        yield getattr(param, "help", None) or ""
    for sub in getattr(command, "commands", {}).values():
        yield from _params_help(sub)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "kern")
def test_help_wraps_to_80_columns_without_broken_sentences(
    kern: Callable[..., Any], path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 columns no line is longer, and a prose line breaks only where the next word
    would not fit (rich wraps whole paragraphs; no newline of the source survives)."""
    monkeypatch.setenv("COLUMNS", "80")
    result = kern(*path, "--help")
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert max(len(line) for line in lines) <= 80
    prose = _description(result.stdout)
    for line, following in zip(prose, prose[1:], strict=False):
        indented = line.startswith("  ") or following.startswith("  ")
        if not line.strip() or not following.strip() or indented:
            continue
        next_word = following.split()[0]
        assert len(line) + 1 + len(next_word) > 79, (line, following)
    monkeypatch.setenv("COLUMNS", "160")
    wide = kern(*path, "--help")
    assert len([x for x in _description(wide.stdout) if x]) <= len([x for x in prose if x])


def test_option_help_has_no_hard_line_breaks() -> None:
    assert not [text for text in _params_help(get_command(app)) if "\n" in text]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "kern")
def test_help_has_no_internal_jargon(kern: Callable[..., Any], path: tuple[str, ...]) -> None:
    text = " ".join(kern(*path, "--help").stdout.lower().split())
    assert not [word for word in JARGON if re.search(rf"\b{word}\b", text)]


def test_export_help_names_agnos_columns(kern: Callable[..., Any]) -> None:
    text = " ".join(kern("sessions", "export", "--help").stdout.split())
    assert "agno's column names (session_id, session_type," in text


@pytest.mark.parametrize("group", [(), ("sessions",), ("db",), ("targets",)])
def test_a_bare_group_prints_its_help_and_exits_0(
    kern_process: Callable[..., Any], group: tuple[str, ...]
) -> None:
    proc = kern_process(*group)
    assert proc.returncode == 0, proc.stderr
    assert "Usage: kern" in proc.stdout and "Commands" in proc.stdout
    assert proc.stderr == ""


def test_version_is_pyprojects_and_v_is_its_alias(kern_process: Callable[..., Any]) -> None:
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    for args in (("--version",), ("-V",), ("--debug", "-V")):
        proc = kern_process(*args)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, f"kern {declared}\n", "")


def test_version_loads_no_command(tmp_path: Path) -> None:
    """``kern --version`` answers before Typer, rich or any command module is imported."""
    probe = (
        "import sys; sys.argv = ['kern', '--version']\n"
        "from kern_cli.entry import main; main()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'kern_core')"
        " or m.startswith('kern_cli.commands')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    assert proc.stdout == f"kern {__version__}\n[]\n"


def test_prune_help_and_behaviour_agree_when_nothing_matches(
    kern_process: Callable[..., Any], tmp_path: Path
) -> None:
    """Help and README say it: nothing to prune exits 0, but off a terminal --yes is needed."""
    text = " ".join(kern_process("sessions", "prune", "--help").stdout.split())
    assert "off a terminal it still needs --yes (exit 2 without it)" in text
    db = str(tmp_path / "empty.db")
    assert kern_process("demo", "--db", db, "--sessions", "2").returncode == 0
    refused = kern_process("sessions", "prune", "--user", "nobody", "--db", db)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = kern_process("sessions", "prune", "--user", "nobody", "--db", db, "--yes")
    assert done.returncode == 0 and "nothing to prune" in done.stderr
