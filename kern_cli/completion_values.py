"""Shell completion of ids (sessions, users, agents...) read from the command's current target.

Use as ``typer.Argument(autocompletion=complete_session_ids)``. The target comes from the
options already typed on the command line (``--db``, ``--target``, ``--table``, ``--schema``),
then the usual environment and config fallbacks. Completion only reads, never creates the
default database, and returns an empty list on any error: a shell must never see a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kern_core import SessionDb

COMPLETION_LIMIT = 50


def complete_session_ids(ctx: Any, incomplete: str) -> list[str]:
    """Session ids starting with what was typed."""
    return complete_values(ctx, "session_id", incomplete)


def complete_user_ids(ctx: Any, incomplete: str) -> list[str]:
    """User ids starting with what was typed."""
    return complete_values(ctx, "user_id", incomplete)


def complete_agent_ids(ctx: Any, incomplete: str) -> list[str]:
    """Agent ids starting with what was typed."""
    return complete_values(ctx, "agent_id", incomplete)


def complete_team_ids(ctx: Any, incomplete: str) -> list[str]:
    """Team ids starting with what was typed."""
    return complete_values(ctx, "team_id", incomplete)


def complete_workflow_ids(ctx: Any, incomplete: str) -> list[str]:
    """Workflow ids starting with what was typed."""
    return complete_values(ctx, "workflow_id", incomplete)


def complete_values(ctx: Any, column: str, incomplete: str) -> list[str]:
    """Distinct values of ``column`` in the current target that start with ``incomplete``."""
    try:
        return _values(_params(ctx), column, incomplete or "")
    except Exception:  # completion must never fail loudly
        return []


def _params(ctx: Any) -> dict[str, Any]:
    params = dict(getattr(ctx, "params", None) or {})
    return {key: params.get(key) for key in ("db", "target", "table", "schema")}


def complete_run_ids(ctx: Any, incomplete: str) -> list[str]:
    """Run ids (members and workflow step runs too) of the session already on the command
    line that start with what was typed, in transcript order."""
    try:
        session_id = dict(getattr(ctx, "params", None) or {}).get("session_id")
        if not session_id:  # while an option's value is completed, the argument is left over
            session_id = next(iter(getattr(ctx, "args", None) or ()), None)
        if not isinstance(session_id, str) or not session_id:
            return []
        return _run_ids(_params(ctx), session_id, incomplete or "")
    except Exception:  # completion must never fail loudly
        return []


def _values(params: dict[str, Any], column: str, incomplete: str) -> list[str]:
    from kern_core import suggest_values

    with _open(params) as db:
        return [] if db is None else suggest_values(db, column, incomplete, COMPLETION_LIMIT)


def _run_ids(params: dict[str, Any], session_id: str, incomplete: str) -> list[str]:
    from kern_cli.render.runs import run_ids

    with _open(params) as db:
        session = None if db is None else db.get_session(session_id)
    if session is None:
        return []
    return [rid for rid in run_ids(session) if rid.startswith(incomplete)][:COMPLETION_LIMIT]


@contextmanager
def _open(params: dict[str, Any]) -> Iterator[SessionDb | None]:
    """The current target's database, or None when it is the default one and absent."""
    from pathlib import Path

    from kern_cli.target import resolve_target
    from kern_core import open_db

    resolved = resolve_target(params["db"], params["target"], params["table"], params["schema"])
    if resolved.source == "default" and not Path(resolved.url).exists():
        yield None
        return
    with open_db(resolved.url, session_table=resolved.table, db_schema=resolved.schema) as db:
        yield db
