"""Figures the reliability tests collect, printed in a closing summary (and written as JSON to
KERN_RELIABILITY_REPORT when set)."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

FIGURES: dict[str, dict[str, Any]] = {}


def record(section: str, key: str, value: Any) -> None:
    FIGURES.setdefault(section, {})[key] = value


def summary_lines() -> list[str]:
    lines = []
    for section, values in FIGURES.items():
        lines.append(f"{section}:")
        for key, value in values.items():
            lines.append(f"  {key}: {value}")
    return lines


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands its figures to the controller, which prints the summary."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["kern_figures"] = json.dumps(FIGURES, default=str)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """The controller merges each worker's figures as the worker ends."""
    data = getattr(node, "workeroutput", {}).get("kern_figures")
    for section, values in json.loads(data or "{}").items():
        FIGURES.setdefault(section, {}).update(values)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = summary_lines()
    if not lines:
        return
    terminalreporter.section("kern reliability figures")
    for line in lines:
        terminalreporter.write_line(line)
    path = os.environ.get("KERN_RELIABILITY_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(FIGURES, fh, indent=2, default=str)


@pytest.fixture
def record_figure() -> Any:
    return record
