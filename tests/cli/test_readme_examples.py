"""Every example of the README's "Reading sessions" finds something on ``kern demo``'s data
(users named alice, an invoice session, an error since yesterday, dates relative to now), so a
newcomer who copies one sees what it does. SESSION_ID is alice's recent team session (three
team runs), RUN_ID its first run."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import REPO_ROOT


def _reading_examples() -> list[str]:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Reading sessions", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands = [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines()]
    return [c for c in commands if c.startswith("kern ")]


EXAMPLES = _reading_examples()


def test_the_readme_has_reading_examples() -> None:
    assert len(EXAMPLES) >= 10 and any("-u alice" in c for c in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_reading_example_finds_something_on_the_demo_data(
    kern: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert kern("demo").exit_code == 0
    teams = kern("sessions", "list", "-u", "alice", "--type", "team", "--since", "7d", "-f", "json")
    session_id = json.loads(teams.stdout)[0]["session_id"]  # three team runs, for --run 3
    record = json.loads(kern("sessions", "show", session_id, "-f", "json").stdout)
    given = {"SESSION_ID": session_id, "RUN_ID": record["runs"][0]["run_id"]}
    command, _, redirect = example.partition(" > ")
    args = [given.get(word, word) for word in shlex.split(command)[1:]]
    result = kern(*args)
    assert result.exit_code == 0, (example, result.stderr)
    written = result.stdout
    if "-o" in args and not redirect:
        written = Path(args[args.index("-o") + 1]).read_text(encoding="utf-8")
    assert written.strip(), example
