"""The committed completion scripts match what Typer generates for ``kern``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kern_cli.completions import SHELLS, completion_script, default_directory, write_all


@pytest.mark.parametrize("shell", SHELLS)
def test_committed_script_is_current(shell: str) -> None:
    path = default_directory() / f"kern.{shell}"
    assert path.read_text(encoding="utf-8") == completion_script(shell), (
        f"{path} is stale: run python -m kern_cli.completions"
    )


@pytest.mark.parametrize("shell", SHELLS)
def test_script_calls_back_into_kern(shell: str) -> None:
    script = completion_script(shell)
    assert "_KERN_COMPLETE=complete_" in script
    assert "kern" in script.split()[-1] or shell == "fish"


def test_write_all(tmp_path: Path) -> None:
    paths = write_all(tmp_path)
    assert sorted(p.name for p in paths) == ["kern.bash", "kern.fish", "kern.zsh"]


def test_completion_protocol_lists_commands(kern_process) -> None:  # type: ignore[no-untyped-def]
    env = {"_KERN_COMPLETE": "complete_bash", "COMP_WORDS": "kern targets l", "COMP_CWORD": "2"}
    result = kern_process(env=env)
    assert result.returncode == 0
    assert result.stdout.split() == ["list"]
