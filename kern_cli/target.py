"""Decide which database, table and schema a command works on.

Database, first match wins:

1. ``--db URL|PATH`` or ``--target NAME`` (giving both is a usage error);
2. ``KERN_DB``, then ``KERN_TARGET`` (when both are set, ``KERN_DB`` wins);
3. the config file's ``default_target``;
4. kern's own SQLite database (see :func:`kern_cli.config.default_db_path`).

Table: ``--table``, ``KERN_TABLE``, the target's ``table``, then ``agno_sessions``.
Schema: ``--schema``, ``KERN_SCHEMA``, the target's ``schema``, then ``ai`` (agno's
PostgreSQL schema and MySQL database default; SQLite ignores it).
Runs table: ``--runs-table``, ``KERN_RUNS_TABLE``, the target's ``runs_table``, else None
(kern finds it: see :mod:`kern_core.layout`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kern_cli.config import Config, TargetConfig, bad_input, default_db_path, load_config
from kern_cli.errors import UsageError

if TYPE_CHECKING:
    from kern_core import Location

DEFAULT_TABLE = "agno_sessions"
DEFAULT_SCHEMA = "ai"

Source = Literal["flag", "env", "config", "default"]


@dataclass(frozen=True)
class ResolvedTarget:
    """Where a command reads and writes sessions, and which setting chose it."""

    url: str
    table: str
    schema: str
    name: str | None
    source: Source
    runs_table: str | None = None

    @property
    def display(self) -> str:
        """The URL with any password masked, for messages."""
        from kern_core import mask_url

        return mask_url(self.url)

    def location(self) -> Location:
        """The parsed URL or path (raises ``BadInputError`` when malformed)."""
        from kern_core import parse_location

        return parse_location(self.url)


def resolve_target(
    db: str | None,
    target: str | None,
    table: str | None,
    schema: str | None,
    *,
    config: Config | None = None,
    environ: Mapping[str, str] | None = None,
    runs_table: str | None = None,
) -> ResolvedTarget:
    """Apply the precedence rules of this module to the command's flags.

    ``config`` and ``environ`` default to the config file and ``os.environ``.
    An unknown target name raises ``BadInputError`` listing the known targets.
    """
    env = os.environ if environ is None else environ
    flags = {
        "--db": db,
        "--target": target,
        "--table": table,
        "--schema": schema,
        "--runs-table": runs_table,
    }
    for flag, value in flags.items():
        if value is not None and not value.strip():
            raise UsageError(f"{flag} was given an empty value")
    if db and target:
        raise UsageError("--db and --target cannot be used together", hint="give one of them")
    url, entry, source = _pick_database(db, target, env, config)
    return ResolvedTarget(
        url=url,
        table=_first(table, env.get("KERN_TABLE"), entry.table if entry else None, DEFAULT_TABLE),
        schema=_first(
            schema, env.get("KERN_SCHEMA"), entry.schema if entry else None, DEFAULT_SCHEMA
        ),
        name=entry.name if entry else None,
        source=source,
        runs_table=_first_or_none(
            runs_table, env.get("KERN_RUNS_TABLE"), entry.runs_table if entry else None
        ),
    )


def _pick_database(
    db: str | None, target: str | None, env: Mapping[str, str], config: Config | None
) -> tuple[str, TargetConfig | None, Source]:
    if db:
        return db, None, "flag"
    if target:
        entry = _lookup(target, config or load_config())
        return entry.url, entry, "flag"
    if env.get("KERN_DB"):
        return env["KERN_DB"], None, "env"
    if env.get("KERN_TARGET"):
        entry = _lookup(env["KERN_TARGET"], config or load_config(), via="KERN_TARGET")
        return entry.url, entry, "env"
    config = config or load_config()
    if config.default_target:
        entry = _lookup(config.default_target, config, via=f"default_target in {config.path}")
        return entry.url, entry, "config"
    return str(default_db_path()), None, "default"


def _lookup(name: str, config: Config, via: str | None = None) -> TargetConfig:
    entry = config.targets.get(name)
    if entry is not None:
        return entry
    known = ", ".join(sorted(config.targets)) or "none"
    origin = f" (from {via})" if via else ""
    raise bad_input(
        f"unknown target '{name}'{origin}",
        hint=f"known targets: {known}; add one with: kern targets add NAME URL",
    )


def _first_or_none(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def _first(*values: str | None) -> str:
    return next(value for value in values if value)
