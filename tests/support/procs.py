"""Run kern as a real process, isolated from the user's config."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_CLEARED = (
    "KERN_DB",
    "KERN_TARGET",
    "KERN_TABLE",
    "KERN_SCHEMA",
    "KERN_DEBUG",
    "KERN_PAGER",
    "NO_COLOR",
    "FORCE_COLOR",
)


def kern_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with a private config file and data dir, no KERN_* settings."""
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env["KERN_CONFIG"] = str(home / "config" / "config.toml")
    env["KERN_DATA_DIR"] = str(home / "data")
    env["COLUMNS"] = "200"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def kern_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "kern_cli", *args]


def run(
    argv: Sequence[str],
    env: dict[str, str],
    *,
    timeout: float = 120,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        input=stdin,
        errors="surrogateescape",
        cwd=REPO_ROOT,
    )


def run_kern(
    env: dict[str, str], *args: str, timeout: float = 120, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run(kern_argv(*args), env, timeout=timeout, stdin=stdin)


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout[:100_000], proc.stdout[-3000:]
