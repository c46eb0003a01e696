"""``kern demo``: fill a database with sample sessions so every command can be tried at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.options import (
    DbOpt,
    DryRunOpt,
    SchemaOpt,
    TableOpt,
    TargetOpt,
    YesOpt,
    choice_option,
)
from kern_core.vocab import NEW_LAYOUTS, NewLayout

if TYPE_CHECKING:
    from kern_cli.target import ResolvedTarget
    from kern_core import SessionDb


@handle_errors
def demo_command(
    sessions: Annotated[
        int, typer.Option("--sessions", metavar="N", min=1, max=5000, help="How many sessions.")
    ] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 7,
    layout: Annotated[
        NewLayout,
        choice_option(
            "--layout",
            NEW_LAYOUTS,
            "Layout of new tables: runs in a JSON column (agno 2.x) or a runs table (3.x).",
        ),
    ] = "column",
    dry_run: DryRunOpt = False,
    yes: YesOpt = False,
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
) -> None:
    """Write sample agent, team and workflow sessions (ids starting 'demo-') to try kern on.

    Writes to --db or --target, else to kern's own SQLite database (not KERN_DB or a target).

    Running it again replaces the sessions an earlier kern demo wrote, and only those that are
    unchanged since (each carries a kern_demo marker in its metadata). A database holding any
    other session is treated like a destructive command: the plan is shown and confirmed
    (--yes off a terminal); an empty or demo-only database needs no confirmation. --dry-run
    shows the plan and writes nothing.
    """
    from kern_cli.demo_data import build_demo_sessions
    from kern_cli.render import reports

    resolved = _demo_target(db, target, table, schema)
    data = build_demo_sessions(sessions, seed=seed)
    new_ids = {s.session_id for s in data}
    with _open(resolved, layout) as store:
        where = reports.where(store)
        survey = _survey(store, resolved, new_ids)
        if survey.others or dry_run:
            _show_plan(survey, len(data), where)
        if dry_run:
            return
        if survey.others:
            reports.confirm(f"write the demo sessions into {where}", yes=yes)
        store.ensure_tables()
        stale = [i for i in survey.ours if i not in new_ids]
        if stale:
            store.delete_sessions(stale)
        store.upsert_sessions(data)
    runs = sum(len(s.runs) for s in data)
    old = len(survey.ours)
    verb = f"replaced {old} earlier demo sessions with" if old else "wrote"
    output.success(f"kern demo: {verb} {len(data)} sessions ({runs} runs) in {where}")
    _next_steps(resolved, data[-1].session_id)


@dataclass(frozen=True)
class _Survey:
    """What the target holds: sessions an earlier demo wrote (unchanged), the number of other
    sessions, and those of them whose id the demo is about to write."""

    ours: list[str]
    others: int
    collisions: list[str]


def _survey(store: SessionDb, resolved: ResolvedTarget, new_ids: set[str]) -> _Survey:
    from kern_cli.demo_data import DEMO_PREFIX, written_by_demo
    from kern_core import KernError, TableMissingError, UnrecognisedTableError, suggest_values

    location = resolved.location()
    if location.path is not None and not Path(location.path).exists():
        return _Survey([], 0, [])
    try:
        total = store.count_sessions()
    except TableMissingError as exc:
        if isinstance(exc, UnrecognisedTableError):
            raise
        return _Survey([], 0, [])
    ours: list[str] = []
    theirs: list[str] = []
    for sid in suggest_values(store, "session_id", DEMO_PREFIX, limit=None):
        try:
            session = store.get_session(sid)
        except KernError:
            session = None
        (ours if session is not None and written_by_demo(session) else theirs).append(sid)
    return _Survey(ours, total - len(ours), sorted(i for i in theirs if i in new_ids))


def _show_plan(survey: _Survey, count: int, where: str) -> None:
    from kern_cli.render import reports

    details = [
        ("write", reports.plural(count, "demo session")),
        (
            "keep",
            reports.plural(survey.others - len(survey.collisions), "session") + " not "
            "written by kern demo",
        ),
    ]
    if survey.ours:
        details.append(("replace", reports.plural(len(survey.ours), "earlier demo session")))
    if survey.collisions:
        ids = reports.sample_text(survey.collisions, len(survey.collisions))
        details.append(
            (
                "overwrite",
                f"{reports.plural(len(survey.collisions), 'session')} with a demo id "
                f"that kern demo did not write or that changed since: {ids}",
            )
        )
    heading = f"kern demo into {where}"
    if survey.others:
        heading += ", which holds sessions kern demo did not write"
    reports.show_plan(heading, details)


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
    flags: list[str] = []
    if not same:
        flags += ["--db", resolved.display]
        if resolved.table != "agno_sessions":
            flags += ["--table", resolved.table]
        if resolved.location().path is None and resolved.schema != "ai":
            flags += ["--schema", resolved.schema]
    import shlex

    from kern_cli.demo_data import RECENT_USER

    output.info("try:")
    for words in (["list"], ["show", session_id], ["list", "--user", RECENT_USER]):
        output.info("  " + shlex.join(["kern", "sessions", *words, *flags]))
