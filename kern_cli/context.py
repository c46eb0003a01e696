"""Open the session database a command works on, from its --db/--target/--table/--schema
(and --runs-table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kern_cli.target import ResolvedTarget, resolve_target

if TYPE_CHECKING:
    from kern_core import SessionDb


def open_target(
    db: str | None,
    target: str | None,
    table: str | None,
    schema: str | None,
    *,
    new_layout: str = "column",
    runs_table: str | None = None,
) -> SessionDb:
    """Resolve the options (flags, env, config, default) and open the database lazily.

    Nothing connects until the first read or write, so a read command never creates a file.
    """
    resolved = resolve_target(db, target, table, schema, runs_table=runs_table)
    return open_resolved(resolved, new_layout=new_layout)


def open_resolved(resolved: ResolvedTarget, *, new_layout: str = "column") -> SessionDb:
    from kern_cli.output.messages import set_log_target
    from kern_core import ConnectError, open_db

    set_log_target(resolved.name or resolved.display)

    if resolved.source == "default":
        from pathlib import Path

        if not Path(resolved.url).exists():
            raise ConnectError(
                f"no session database yet at {resolved.url}",
                hint="run 'kern demo' to create one with sample sessions, or pass --db/--target",
            )
    return open_db(
        resolved.url,
        session_table=resolved.table,
        db_schema=resolved.schema,
        runs_table=resolved.runs_table,
        new_layout=new_layout,
    )
