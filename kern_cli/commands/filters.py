"""The session filter options (``--user`` ... ``--until``, ``--by``, the run filters
``--status`` ... ``--min-tokens``) and the one helper that turns them into a
:class:`~kern_core.SessionFilter`.

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
from kern_core.vocab import RUN_STATUSES, SESSION_TYPES, TIME_FIELDS, SessionType, TimeField

if TYPE_CHECKING:
    from datetime import tzinfo

    from kern_core import SessionFilter

FILTER_PANEL = "Filters"
RUN_PANEL = "Run filters (one run of the session meets them all)"
TIME_HELP = (
    "a duration (12h, 7d, 2w, 3mo), today, yesterday, or an ISO date/time (in the --tz zone "
    "unless an offset is given)"
)
#: The largest token count --min-tokens takes (stored counts are 64-bit at most).
MAX_TOKENS = 2**63 - 1

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
NoUserOpt = Annotated[
    bool,
    typer.Option(
        "--no-user",
        help="Only sessions without a user (user_id NULL or empty).",
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
OnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="That whole day (YYYY-MM-DD, today or yesterday) in the --tz zone.",
        rich_help_panel=FILTER_PANEL,
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option(
        "--tz",
        metavar="ZONE",
        help="Zone of dates, today/yesterday, --on and times without an offset: UTC "
        "(default), local, an offset such as +02:00, or a name such as Europe/Berlin.",
        rich_help_panel=FILTER_PANEL,
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=f"A run with this status ({', '.join(RUN_STATUSES)}; any case). Repeat it or "
        "give a comma list for any of several.",
        rich_help_panel=RUN_PANEL,
        show_default=False,
    ),
]
ToolOpt = Annotated[
    str | None,
    typer.Option(
        "--tool",
        metavar="NAME",
        help="A run that called the tool NAME.",
        rich_help_panel=RUN_PANEL,
    ),
]
ToolErrorOpt = Annotated[
    bool,
    typer.Option(
        "--tool-error",
        help="A run with a failed tool call (tool_call_error).",
        rich_help_panel=RUN_PANEL,
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="ID",
        help="A run on the model ID (its model, or a model id in its metrics).",
        rich_help_panel=RUN_PANEL,
    ),
]
MinTokensOpt = Annotated[
    int | None,
    typer.Option(
        "--min-tokens",
        metavar="N",
        min=0,
        help="A run that used at least N tokens (metrics.total_tokens).",
        rich_help_panel=RUN_PANEL,
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
    """The filter options as given on the command line (None or False: not given)."""

    user: str | None = None
    no_user: bool | None = False
    agent: str | None = None
    team: str | None = None
    workflow: str | None = None
    session_type: SessionType | None = None
    name: str | None = None
    since: str | None = None
    until: str | None = None
    on: str | None = None
    tz: str | None = None
    status: list[str] | None = None
    tool: str | None = None
    tool_error: bool | None = False
    model: str | None = None
    min_tokens: int | None = None
    grep: str | None = None

    def session_filter(self, time_field: TimeField = "created_at") -> SessionFilter:
        """The :class:`SessionFilter`; --since/--until/--on bound ``time_field``."""
        from dataclasses import replace

        from kern_cli.errors import UsageError
        from kern_core import SessionFilter

        if self.user is not None and self.no_user:
            raise UsageError("--user and --no-user cannot be used together")
        if self.min_tokens is not None and self.min_tokens > MAX_TOKENS:
            raise UsageError(f"invalid --min-tokens {self.min_tokens}: at most {MAX_TOKENS}")
        flt = SessionFilter(
            user_id=self.user,
            no_user=bool(self.no_user),
            agent_id=self.agent,
            team_id=self.team,
            workflow_id=self.workflow,
            session_type=self.session_type,
            name=self.name,
            run_status=_statuses(self.status),
            run_tool=self.tool,
            run_tool_error=bool(self.tool_error),
            run_model=self.model,
            run_min_tokens=self.min_tokens,
        )
        start, end = self.time_bounds()
        if self.grep is not None:
            flt = replace(flt, grep=_text_query(self.grep))
        if time_field == "created_at":
            return replace(flt, created_since=start, created_until=end)
        return replace(flt, updated_since=start, updated_until=end)

    def zone(self) -> tzinfo | None:
        """The --tz zone (None: not given, so UTC)."""
        from kern_cli.timeparse import parse_zone

        return parse_zone(self.tz) if self.tz is not None else None

    def time_bounds(self) -> tuple[int | None, int | None]:
        """The inclusive (since, until) of --since/--until/--on in Unix seconds; a reversed
        range is a usage error, not an empty result."""
        from kern_cli.errors import UsageError
        from kern_cli.timeparse import parse_time, whole_day

        zone = self.zone()
        if self.on is not None:
            if self.since is not None or self.until is not None:
                raise UsageError("--on cannot be used with --since or --until")
            return whole_day(self.on, option="--on", tz=zone)
        start = end = None
        if self.since is not None:
            start = parse_time(self.since, option="--since", tz=zone)
        if self.until is not None:
            end = parse_time(self.until, option="--until", tz=zone)
        if start is not None and end is not None and start > end:
            raise UsageError(
                f"--since '{self.since}' is after --until '{self.until}': the range is empty"
            )
        return start, end


def _statuses(values: list[str] | None) -> tuple[str, ...] | None:
    """The --status values, split at commas and upper-cased; an unknown one is a usage error."""
    if not values:
        return None
    from kern_cli.errors import UsageError

    found: list[str] = []
    for value in values:
        for part in value.split(","):
            status = part.strip().upper()
            if status not in RUN_STATUSES:
                raise UsageError(
                    f"invalid --status '{part.strip()[:40]}'",
                    hint=f"use one of {', '.join(RUN_STATUSES)} (any case, comma-separated)",
                )
            if status not in found:
                found.append(status)
    return tuple(found)


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
    "no_user": NoUserOpt,
    "agent": AgentOpt,
    "team": TeamOpt,
    "workflow": WorkflowOpt,
    "session_type": TypeOpt,
    "name": NameOpt,
    "since": SinceOpt,
    "until": UntilOpt,
    "on": OnOpt,
    "tz": TzOpt,
    "status": StatusOpt,
    "tool": ToolOpt,
    "tool_error": ToolErrorOpt,
    "model": ModelOpt,
    "min_tokens": MinTokensOpt,
    "grep": GrepOpt,
}
#: The filters a command gets by default: all but --grep, which a command offers by name
#: (its reads must confirm the content search: see kern_core.search).
DEFAULT_FILTERS = tuple(name for name in ALL_FILTERS if name != "grep")
#: The filters on who owns a session and its type (no name or time options).
OWNER_FILTERS = ("user", "no_user", "agent", "team", "workflow", "session_type")
#: The run-level filters: a session matches when one of its runs meets them all.
RUN_FILTERS = ("status", "tool", "tool_error", "model", "min_tokens")


def with_filters(*names: str) -> Callable[[CommandT], CommandT]:
    """Replace the command's ``filters`` parameter by the filter options ``names`` (default:
    all but --grep) and call the command with them gathered in one :class:`FilterOptions`."""
    chosen = names or DEFAULT_FILTERS
    unknown = set(chosen) - set(ALL_FILTERS)
    if unknown:
        raise TypeError(f"no filter option named {', '.join(sorted(unknown))}")
    return gathered("filters", {name: ALL_FILTERS[name] for name in chosen}, FilterOptions)
