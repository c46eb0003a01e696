"""The session filter options (``--user`` ... ``--until``, ``--by``) and the one helper that
turns them into a :class:`~kern_core.SessionFilter`.

A command asks for the filters with :func:`with_filters` and a ``filters: FilterOptions``
parameter; the decorator puts the options in that parameter's place, so Typer shows them
where they always were, and hands the command the parsed values in one object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kern_cli.completion_values import (
    complete_agent_ids,
    complete_team_ids,
    complete_user_ids,
    complete_workflow_ids,
)
from kern_cli.options import CommandT, choice_option, gathered
from kern_core.vocab import SESSION_TYPES, TIME_FIELDS, SessionType, TimeField

if TYPE_CHECKING:
    from kern_core import SessionFilter

FILTER_PANEL = "Filters"
TIME_HELP = "a duration (12h, 7d, 2w) or an ISO date/time (UTC unless an offset is given)"

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
    SessionType | None,
    choice_option(
        "--type", SESSION_TYPES, "Only sessions of this type.", rich_help_panel=FILTER_PANEL
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
GrepOpt = Annotated[
    str | None,
    typer.Option(
        "--grep",
        metavar="TEXT",
        help="Only sessions whose content holds TEXT (case-insensitive; as `sessions search`).",
        rich_help_panel=FILTER_PANEL,
    ),
]
ByOpt = Annotated[
    TimeField,
    choice_option(
        "--by",
        TIME_FIELDS,
        "The timestamp --since/--until compare with.",
        rich_help_panel=FILTER_PANEL,
    ),
]


@dataclass(frozen=True)
class FilterOptions:
    """The filter options as given on the command line (None: not given)."""

    user: str | None = None
    agent: str | None = None
    team: str | None = None
    workflow: str | None = None
    session_type: SessionType | None = None
    name: str | None = None
    since: str | None = None
    until: str | None = None
    grep: str | None = None

    def session_filter(self, time_field: TimeField = "created_at") -> SessionFilter:
        """The :class:`SessionFilter`; --since/--until bound ``time_field``."""
        from dataclasses import replace

        from kern_cli.timeparse import parse_time
        from kern_core import SessionFilter

        flt = SessionFilter(
            user_id=self.user,
            agent_id=self.agent,
            team_id=self.team,
            workflow_id=self.workflow,
            session_type=self.session_type,
            name=self.name,
        )
        if self.grep is not None:
            flt = replace(flt, grep=_text_query(self.grep))
        start = parse_time(self.since, option="--since") if self.since is not None else None
        end = parse_time(self.until, option="--until") if self.until is not None else None
        if time_field == "created_at":
            return replace(flt, created_since=start, created_until=end)
        return replace(flt, updated_since=start, updated_until=end)


def _text_query(text: str) -> Any:
    from kern_cli.errors import UsageError
    from kern_core import BadInputError, TextQuery

    try:
        return TextQuery(text)
    except BadInputError as exc:
        raise UsageError(f"--grep: {exc.message}") from None


#: Every filter option, in the order the help lists them.
ALL_FILTERS: dict[str, Any] = {
    "user": UserOpt,
    "agent": AgentOpt,
    "team": TeamOpt,
    "workflow": WorkflowOpt,
    "session_type": TypeOpt,
    "name": NameOpt,
    "since": SinceOpt,
    "until": UntilOpt,
    "grep": GrepOpt,
}
#: The filters a command gets by default: all but --grep, which a command offers by name
#: (its reads must confirm the content search: see kern_core.search).
DEFAULT_FILTERS = tuple(name for name in ALL_FILTERS if name != "grep")
#: The filters on who owns a session and its type (no name or time options).
OWNER_FILTERS = ("user", "agent", "team", "workflow", "session_type")


def with_filters(*names: str) -> Callable[[CommandT], CommandT]:
    """Replace the command's ``filters`` parameter by the filter options ``names`` (default:
    all but --grep) and call the command with them gathered in one :class:`FilterOptions`."""
    chosen = names or DEFAULT_FILTERS
    unknown = set(chosen) - set(ALL_FILTERS)
    if unknown:
        raise TypeError(f"no filter option named {', '.join(sorted(unknown))}")
    return gathered("filters", {name: ALL_FILTERS[name] for name in chosen}, FilterOptions)
