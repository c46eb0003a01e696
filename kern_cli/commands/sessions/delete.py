"""``kern sessions delete``: delete given sessions with their runs, after a plan."""

from __future__ import annotations

from typing import Annotated

import typer

from kern_cli import output
from kern_cli.completion_values import complete_session_ids
from kern_cli.errors import handle_errors
from kern_cli.options import (
    ANY_TARGET,
    DryRunOpt,
    TargetOptions,
    YesOpt,
    with_target,
)

HELP = """Delete sessions with all their runs.

Shows what will go and asks first; needs --yes when not on a terminal. Ids that do not exist
are reported: exit 3 if none of them exists, else the others are deleted and the missing
ones listed in a warning. Runs are deleted with their session in the same transaction, in
both layouts, whatever SQLite's foreign-key setting, and so is what agno 3.1 keeps of a
session elsewhere (compactions, offloaded tool results and their payloads, transcripts), as
agno's own delete does; the plan and the report count them per table.

Examples:

  kern sessions delete 6f1c0a2e-... --yes

  kern sessions list -u bob --all --fields session_id | xargs kern sessions delete --dry-run
"""


@handle_errors
@with_target
def delete_command(
    session_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="SESSION_ID...",
            help="The sessions to delete.",
            autocompletion=complete_session_ids,
            show_default=False,
        ),
    ],
    dry_run: DryRunOpt = False,
    yes: YesOpt = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_cli.render import reports
    from kern_core import NotFoundError, SessionFilter, plan_prune

    ids = list(dict.fromkeys(session_ids))
    with database.open() as sessions:
        plan = plan_prune(sessions, SessionFilter(session_ids=tuple(ids)), sample=None)
        found = set(plan.sample_ids)
        missing = [i for i in ids if i not in found]
        where = reports.where(sessions)
        if not found:
            shown = reports.sample_text(missing, len(missing))
            raise NotFoundError(
                f"session {shown} not found in {where}"
                if len(ids) == 1
                else f"none of the {len(ids):,} sessions exist in {where}: {shown}",
                hint="list sessions with 'kern sessions list'; check --db, --table and --schema",
            )
        what = reports.sessions_and_runs(plan.sessions, plan.runs)
        reports.show_plan(
            f"{'would delete' if dry_run else 'delete'} {what} from {where}",
            [("sessions", reports.sample_text(plan.sample_ids, plan.sessions))]
            + reports.linked_details(plan.linked),
        )
        if missing:
            output.warn(f"not found: {reports.sample_text(missing, len(missing))}")
        if dry_run:
            return
        reports.confirm(f"delete {what}", yes=yes)
        report = sessions.delete_sessions([i for i in ids if i in found])
    output.info(reports.delete_summary(report))
