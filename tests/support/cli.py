"""CLI fixtures: isolation (a private config file and data dir, no KERN_* settings, a wide
terminal; switched on for tests/cli by its conftest), in-process and real-process runners,
and a forced terminal (``forced_tty``) for the styled renderings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kern_cli import errors, output
from kern_cli.app import app
from kern_cli.output import terminal

REPO_ROOT = Path(__file__).resolve().parents[2]
_CLEARED = (
    "KERN_DB",
    "KERN_TARGET",
    "KERN_TABLE",
    "KERN_SCHEMA",
    "KERN_RUNS_TABLE",
    "KERN_DEBUG",
    "KERN_PAGER",
    "NO_COLOR",
    "FORCE_COLOR",
)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point config and data at tmp paths and drop settings that would leak in."""
    monkeypatch.setenv("KERN_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("KERN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    output.reset_consoles()
    errors.set_debug(False)
    yield tmp_path / "config" / "config.toml"
    output.reset_consoles()
    errors.set_debug(False)


@pytest.fixture
def config_file(cli_env: Path) -> Path:
    """The config file path the CLI uses in this test."""
    return cli_env


@pytest.fixture
def kern() -> Callable[..., Result]:
    """Invoke the app in-process: ``kern("targets", "list")``."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        output.reset_consoles()
        return runner.invoke(app, list(args), env=env, prog_name="kern")

    return invoke


@pytest.fixture
def kern_process() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m kern_cli`` as a real process (exit codes, pipes, signals)."""

    def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        env.update(kwargs.pop("env", None) or {})  # type: ignore[call-overload]
        return subprocess.run(
            [sys.executable, "-m", "kern_cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            **kwargs,  # type: ignore[arg-type]
        )

    return run


@pytest.fixture
def forced_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make kern believe stdout and stderr are terminals, and rich render colour anyway."""
    monkeypatch.setattr(terminal, "is_tty", lambda stream: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    output.reset_consoles()


def strip_styles(text: str) -> str:
    """``text`` without its SGR escape sequences (colour, bold)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
