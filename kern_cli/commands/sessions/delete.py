"""``kern sessions delete``: delete given sessions with their runs, after a plan."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kern_cli import output
from kern_cli.completion_values import complete_session_ids
from kern_cli.errors import UsageError, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    DryRunOpt,
    TargetOptions,
    YesOpt,
    with_target,
)

HELP = """Delete sessions with all their runs.

Shows what will go and asks first; needs --yes when not on a terminal. A SESSION_ID may be a
unique prefix of an id (at least 4 characters; an exact id always wins, an ambiguous prefix
is an error, exit 2, naming candidates). Ids that do not exist are reported: exit 3 if none
of them exists, else the others are deleted and the missing ones listed in a warning. Runs
are deleted with their session in the same transaction, in both layouts, whatever SQLite's
foreign-key setting, and so is what agno 3.1 keeps of a session elsewhere (compactions,
offloaded tool results and their payloads, transcripts), as agno's own delete does; the
plan and the report count them per table.

"-" reads exact ids from stdin, one per line as 'kern sessions list -f tsv' writes them
(blank lines ignored). Stdin then cannot answer the question, so nothing is deleted without
--yes, on a terminal too; --dry-run shows the plan.

Examples:

  kern sessions delete 6f1c0a2e --yes

  kern sessions list -u bob --all -f tsv | cut -f1 | kern sessions delete - --yes
"""


@handle_errors
@with_target
def delete_command(
    session_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="SESSION_ID...",
            help="The sessions to delete: ids, unique id prefixes, or - for ids on stdin.",
            autocompletion=complete_session_ids,
            show_default=False,
        ),
    ],
    dry_run: DryRunOpt = False,
    yes: YesOpt = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_cli.render import reports
    from kern_cli.session_ids import full_ids, not_found
    from kern_core import plan_delete

    from_stdin = "-" in session_ids
    typed = [i for i in session_ids if i != "-"]
    piped = _stdin_ids() if from_stdin else []
    with database.open() as sessions:
        named, missing = full_ids(sessions, typed) if typed else ([], [])
        ids = list(dict.fromkeys(named + piped))
        plan = plan_delete(sessions, ids)
        found = set(plan.sample_ids)
        missing += [i for i in piped if i not in found]
        where = reports.where(sessions)
        if not ids and not missing:
            if not dry_run:
                _refuse_stdin(f"delete sessions listed on stdin from {where}", yes=yes)
            output.info("no session ids on stdin; nothing to delete")
            return
        if not found:
            if len(missing) == 1:
                raise not_found(sessions, missing[0])
            shown = reports.sample_text(missing, len(missing))
            raise _none_exist(len(missing), where, shown)
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
        if from_stdin:
            _refuse_stdin(f"delete {what}", yes=yes)
        reports.confirm(f"delete {what}", yes=yes)
        report = sessions.delete_sessions([i for i in ids if i in found])
    output.info(reports.delete_summary(report))


def _stdin_ids() -> list[str]:
    """The ids on stdin: one per line, TSV-escaped as ``list -f tsv`` writes them. Text that
    is not UTF-8 (which no id is) is a usage error."""
    try:
        lines = sys.stdin.read().split("\n")
    except UnicodeDecodeError:
        raise UsageError("stdin is not UTF-8 text") from None
    ids: dict[str, None] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        text = output.tsv_unescape(line.removesuffix("\r"))
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"line {number:,} of stdin is not UTF-8 text") from None
        ids[text] = None
    return list(ids)


def _none_exist(count: int, where: str, shown: str) -> Exception:
    from kern_cli.session_ids import LIST_HINT
    from kern_core import NotFoundError

    return NotFoundError(f"none of the {count:,} sessions exist in {where}: {shown}", LIST_HINT)


def _refuse_stdin(action: str, *, yes: bool) -> None:
    """Ids read from stdin leave nobody to answer a question: --yes or nothing."""
    if not yes:
        raise UsageError(
            f"refusing to {action} without --yes (the ids come from stdin, which cannot "
            "answer); nothing was changed",
            hint="re-run with --yes to confirm, or with --dry-run to preview",
        )
