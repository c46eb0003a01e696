"""Columns of the ``kern sessions list`` table: relative times, one-line titles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kern_cli.output import Column
from kern_cli.timeparse import humanize_ago

TITLE_WIDTH = 48


def ago(value: Any) -> str:
    return humanize_ago(value) if isinstance(value, int) else ""


def one_line(value: Any) -> str:
    """Text folded onto one line (the table truncates it to the column width)."""
    return " ".join(str(value).split()) if value is not None else ""


def title_of(record: Mapping[str, Any], first_inputs: Mapping[str, str]) -> str:
    """The session name, else its first user message in quotes, else nothing."""
    if record.get("session_name"):
        return str(record["session_name"])
    first = first_inputs.get(record["session_id"])
    return f"“{first}”" if first else ""


DEFAULT = (
    Column("session_id", "ID"),
    Column("title", "NAME", one_line, max_width=TITLE_WIDTH),
    Column("session_type", "TYPE"),
    Column("owner_id", "OWNER", max_width=24),
    Column("user_id", "USER", max_width=20),
    Column("runs", "RUNS", justify="right"),
    Column("created_at", "CREATED", ago),
    Column("updated_at", "UPDATED", ago),
)
CATALOGUE = (
    Column("session_id", "ID"),
    Column("session_name", "NAME", one_line, max_width=TITLE_WIDTH),
    Column("session_type", "TYPE"),
    Column("owner_id", "OWNER"),
    Column("agent_id", "AGENT"),
    Column("team_id", "TEAM"),
    Column("workflow_id", "WORKFLOW"),
    Column("user_id", "USER"),
    Column("runs", "RUNS", justify="right"),
    Column("created_at", "CREATED", ago),
    Column("updated_at", "UPDATED", ago),
)


def session_columns(fields: list[str] | None) -> list[Column]:
    """The default table columns, or the catalogue's columns for ``--fields``."""
    if fields is None:
        return list(DEFAULT)
    by_key = {column.key: column for column in CATALOGUE}
    return [by_key[name] for name in fields]
