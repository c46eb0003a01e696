"""``kern demo``: fill a database with sample sessions so every command can be tried at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.options import DbOpt, SchemaOpt, TableOpt, TargetOpt

if TYPE_CHECKING:
    from kern_cli.target import ResolvedTarget
    from kern_core import SessionDb

LAYOUT_CHOICES = ("column", "table")


def _check_layout(value: str) -> str:
    if value not in LAYOUT_CHOICES:
        raise typer.BadParameter(f"'{value}' is not one of: {', '.join(LAYOUT_CHOICES)}")
    return value


@handle_errors
def demo(
    sessions: Annotated[
        int, typer.Option("--sessions", metavar="N", min=1, max=5000, help="How many sessions.")
    ] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 7,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            metavar="column|table",
            callback=_check_layout,
            help="Layout of new tables: runs in a JSON column (agno 2.x) or a runs table (3.x).",
        ),
    ] = "column",
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
) -> None:
    """Write sample agent, team and workflow sessions (ids starting 'demo-') to try kern on.

    Writes to --db or --target, else to kern's own SQLite database (not KERN_DB or a target).

    Running it again replaces the earlier demo sessions; other sessions are left alone.
    """
    from kern_cli.demo_data import DEMO_PREFIX, build_demo_sessions
    from kern_core.suggest import suggest_values

    resolved = _demo_target(db, target, table, schema)
    data = build_demo_sessions(sessions, seed=seed)
    with _open(resolved, layout) as store:
        store.ensure_tables()
        old = suggest_values(store, "session_id", DEMO_PREFIX, limit=None)
        if old:
            store.delete_sessions(old)
        store.upsert_sessions(data)
        where = f"{store.backend.display} (table {store.session_table})"
    runs = sum(len(s.runs) for s in data)
    verb = f"replaced {len(old)} earlier demo sessions with" if old else "wrote"
    output.success(f"kern demo: {verb} {len(data)} sessions ({runs} runs) in {where}")
    _next_steps(resolved, data[-1].session_id)


def _demo_target(
    db: str | None, target: str | None, table: str | None, schema: str | None
) -> ResolvedTarget:
    """The flags' target, else kern's own default database (never a configured default)."""
    from kern_cli.config import default_db_path
    from kern_cli.target import DEFAULT_SCHEMA, DEFAULT_TABLE, ResolvedTarget, resolve_target

    if db or target:
        return resolve_target(db, target, table, schema)
    path = default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return ResolvedTarget(
        url=str(path),
        table=table or DEFAULT_TABLE,
        schema=schema or DEFAULT_SCHEMA,
        name=None,
        source="default",
    )


def _open(resolved: ResolvedTarget, layout: str) -> SessionDb:
    from kern_core import open_db

    return open_db(
        resolved.url, session_table=resolved.table, db_schema=resolved.schema, new_layout=layout
    )


def _next_steps(resolved: ResolvedTarget, session_id: str) -> None:
    """Suggest commands; they carry --db/--table when plain ``kern`` would read elsewhere."""
    from kern_cli.target import resolve_target

    try:
        current = resolve_target(None, None, None, None)
        same = (current.url, current.table, current.schema) == (
            resolved.url,
            resolved.table,
            resolved.schema,
        )
    except Exception:
        same = False
    flags = ""
    if not same:
        flags = f" --db '{resolved.display}'"
        if resolved.table != "agno_sessions":
            flags += f" --table {resolved.table}"
        if resolved.location().kind == "postgresql" and resolved.schema != "ai":
            flags += f" --schema {resolved.schema}"
    output.info("try:")
    output.info(f"  kern sessions list{flags}")
    output.info(f"  kern sessions show {session_id}{flags}")
    output.info(f"  kern sessions list --user u1{flags}")
