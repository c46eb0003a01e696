"""Every CLI test runs isolated: ``cli_env`` (tests/support/cli.py) gives it a private config
file and data dir, no KERN_* settings and a wide terminal."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated(cli_env: Path) -> None:
    """Switch ``cli_env`` on for this directory."""
