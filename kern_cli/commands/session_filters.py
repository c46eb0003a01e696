"""The session filter options shared by ``list``, ``export`` and ``stats``, and their parsing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli.completion_values import (
    complete_agent_ids,
    complete_team_ids,
    complete_user_ids,
    complete_workflow_ids,
)
from kern_cli.timeparse import parse_time

if TYPE_CHECKING:
    from kern_core import SessionFilter

FILTER_PANEL = "Filters"
SESSION_TYPES = ("agent", "team", "workflow")
SORT_KEYS = ("created_at", "updated_at")
TIME_HELP = "a duration (12h, 7d, 2w) or an ISO date/time (UTC unless an offset is given)"


def _check_choice(choices: tuple[str, ...]) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"'{value}' is not one of: {', '.join(choices)}")
        return value

    return check


UserOpt = Annotated[
    str | None,
    typer.Option(
        "--user",
        "-u",
        metavar="ID",
        help="Only this user_id.",
        autocompletion=complete_user_ids,
        rich_help_panel=FILTER_PANEL,
    ),
]
AgentOpt = Annotated[
    str | None,
    typer.Option(
        "--agent",
        metavar="ID",
        help="Only this agent_id.",
        autocompletion=complete_agent_ids,
        rich_help_panel=FILTER_PANEL,
    ),
]
TeamOpt = Annotated[
    str | None,
    typer.Option(
        "--team",
        metavar="ID",
        help="Only this team_id.",
        autocompletion=complete_team_ids,
        rich_help_panel=FILTER_PANEL,
    ),
]
WorkflowOpt = Annotated[
    str | None,
    typer.Option(
        "--workflow",
        metavar="ID",
        help="Only this workflow_id.",
        autocompletion=complete_workflow_ids,
        rich_help_panel=FILTER_PANEL,
    ),
]
TypeOpt = Annotated[
    str | None,
    typer.Option(
        "--type",
        metavar="agent|team|workflow",
        help="Only sessions of this type.",
        callback=_check_choice(SESSION_TYPES),
        autocompletion=lambda incomplete: [t for t in SESSION_TYPES if t.startswith(incomplete)],
        rich_help_panel=FILTER_PANEL,
    ),
]
NameOpt = Annotated[
    str | None,
    typer.Option(
        "--name",
        metavar="TEXT",
        help="Session name contains TEXT (case-insensitive).",
        rich_help_panel=FILTER_PANEL,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help=f"At or after WHEN: {TIME_HELP}.",
        rich_help_panel=FILTER_PANEL,
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="WHEN",
        help=f"At or before WHEN: {TIME_HELP}.",
        rich_help_panel=FILTER_PANEL,
    ),
]
ByOpt = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="created_at|updated_at",
        help="The timestamp --since/--until compare with.",
        callback=_check_choice(SORT_KEYS),
        rich_help_panel=FILTER_PANEL,
    ),
]


def build_filter(
    *,
    user: str | None = None,
    agent: str | None = None,
    team: str | None = None,
    workflow: str | None = None,
    session_type: str | None = None,
    name: str | None = None,
    since: str | None = None,
    until: str | None = None,
    time_field: str = "created_at",
) -> SessionFilter:
    """A :class:`SessionFilter` from the options; --since/--until bound ``time_field``."""
    from kern_core import SessionFilter

    start = parse_time(since, option="--since") if since is not None else None
    end = parse_time(until, option="--until") if until is not None else None
    prefix = "created" if time_field == "created_at" else "updated"
    return SessionFilter(
        user_id=user,
        agent_id=agent,
        team_id=team,
        workflow_id=workflow,
        session_type=session_type,
        name=name,
        **{f"{prefix}_since": start, f"{prefix}_until": end},
    )
