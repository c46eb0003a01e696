"""Print the reliability figures (crash landings, writer transactions, examples) at the end."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from . import figures


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = figures.summary_lines()
    if not lines:
        return
    terminalreporter.section("kern reliability figures")
    for line in lines:
        terminalreporter.write_line(line)
    path = os.environ.get("KERN_RELIABILITY_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(figures.FIGURES, fh, indent=2, default=str)


@pytest.fixture
def record_figure() -> Any:
    return figures.record
