"""``kern sessions prune``: delete the sessions a filter matches, with their runs, in batches."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.commands.filters import OWNER_FILTERS, RUN_FILTERS, FilterOptions, with_filters
from kern_cli.errors import UsageError, handle_errors, interrupt_says
from kern_cli.options import (
    ANY_TARGET,
    BatchOpt,
    DryRunOpt,
    ReportFormatOpt,
    TargetOptions,
    YesOpt,
    choice_option,
    with_target,
)
from kern_core.vocab import TIME_FIELDS, TimeField

if TYPE_CHECKING:
    from datetime import tzinfo

    from kern_core import DeleteReport, SessionDb, SessionFilter

DEFAULT_BATCH = 2000  # kern_core.prune.DEFAULT_BATCH_SIZE, kept literal for start-up speed

HELP = """Delete the sessions matching the filters, with all their runs.

At least one filter is required. The time cut is exclusive: --older-than 90d deletes the
sessions whose created_at is strictly before now minus 90 days (a session exactly 90 days
old stays), and --before 2025-01-01 those created strictly before 2025-01-01T00:00:00Z.
--by updated_at compares the last update instead (updated_at, else created_at).

Shows the counts and asks first; needs --yes when not on a terminal (cron). --dry-run only
counts: with --format json it prints {"sessions": N, "runs": M, "linked": {table: rows},
"session_ids": [...]} (every id, oldest first, streamed). Deletes in batches of at most
--batch-size sessions and 32 MiB, each batch with its runs in one transaction that re-checks
the filters on the rows it deletes: a live agent is never blocked for long, a session it
changes meanwhile so that it no longer matches is kept, an interrupted prune leaves each batch
done or untouched, and running it again finishes the job.

When nothing matches it deletes nothing and exits 0 without asking; off a terminal it still
needs --yes (exit 2 without it), so a cron line missing --yes fails on its first run, not on
the first night with work.

Examples:

  kern sessions prune --older-than 90d --dry-run

  kern sessions prune --older-than 90d --yes          # nightly, from cron

  kern sessions prune --user bob --yes --format json

  kern sessions prune --status error --older-than 30d --dry-run
"""


@handle_errors
@with_filters(*OWNER_FILTERS, *RUN_FILTERS, "tz", "grep")
@with_target
def prune_command(
    *,
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than",
            metavar="DURATION",
            help="Sessions created more than DURATION ago (90d, 12w, 3mo, 1y).",
            rich_help_panel="Filters",
        ),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before",
            metavar="DATE",
            help="Sessions created strictly before DATE (ISO date/time, today or yesterday; in "
            "the --tz zone unless an offset is given).",
            rich_help_panel="Filters",
        ),
    ] = None,
    by: Annotated[
        TimeField,
        choice_option("--by", TIME_FIELDS, "The timestamp --older-than/--before compare with."),
    ] = "created_at",
    filters: FilterOptions,
    dry_run: DryRunOpt = False,
    fmt: ReportFormatOpt = "text",
    batch_size: BatchOpt = DEFAULT_BATCH,
    yes: YesOpt = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    cut = _cut(older_than, before, filters.zone())
    flt = filters.session_filter()
    if cut is not None:
        flt = _with_cut(flt, by, cut)
    from kern_core import check_prune_filter

    check_prune_filter(flt)

    with database.open() as sessions:
        _prune(sessions, flt, cut, by, dry_run, fmt, batch_size, yes)


def _cut(older_than: str | None, before: str | None, zone: tzinfo | None) -> int | None:
    """The exclusive time bound in unix seconds."""
    from kern_cli.timeparse import parse_ago, parse_time

    if older_than is not None and before is not None:
        raise UsageError("--older-than and --before cannot be used together")
    if older_than is not None:
        return parse_ago(older_than, option="--older-than", tz=zone)
    if before is not None:
        return parse_time(before, option="--before", tz=zone)
    return None


def _with_cut(flt: SessionFilter, by: str, cut: int) -> SessionFilter:
    """The filter bounded to ``timestamp < cut`` (SessionFilter bounds are inclusive)."""
    from dataclasses import replace

    if by == "created_at":
        return replace(flt, created_until=cut - 1)
    return replace(flt, updated_until=cut - 1)


def _prune(
    sessions: SessionDb,
    flt: SessionFilter,
    cut: int | None,
    by: str,
    dry_run: bool,
    fmt: str,
    batch_size: int,
    yes: bool,
) -> None:
    from kern_cli.render import reports
    from kern_core import plan_prune, prune_sessions

    plan = plan_prune(sessions, flt, sample=reports.SAMPLE)
    what = reports.sessions_and_runs(plan.sessions, plan.runs)
    if dry_run and fmt == "json":
        _write_ids_json(sessions, flt, plan.sessions, plan.runs, plan.linked)
        return
    if not plan.sessions and not dry_run:
        reports.require_yes("prune sessions", yes=yes)
        output.info("nothing to prune: no session matches")
        _report(fmt, 0, 0, {})
        return
    details = [("from", reports.where(sessions))]
    if cut is not None:
        from kern_cli.timeparse import iso_utc

        details.append((by, f"before {iso_utc(cut)}"))
    if plan.sessions:
        details.append(("oldest", reports.sample_text(plan.sample_ids, plan.sessions)))
    details += reports.linked_details(plan.linked)
    reports.show_plan(f"{'would delete' if dry_run else 'delete'} {what}", details)
    if dry_run:
        return
    reports.confirm(f"delete {what}", yes=yes)
    deleted = [0]

    def batch_done(batch: DeleteReport) -> None:
        deleted[0] += batch.sessions
        bar.advance(batch.sessions)

    def so_far() -> str:
        return reports.interrupted_progress(deleted[0], plan.sessions, "deleted")

    with interrupt_says(so_far), output.progress("pruning", plan.sessions) as bar:
        done = prune_sessions(sessions, flt, batch_size=batch_size, on_batch=batch_done)
    output.info(reports.delete_summary(done))
    if done.skipped:
        output.warn(
            f"kept {len(done.skipped)} session(s) that no longer matched when deleted "
            f"(changed meanwhile) or cannot be addressed: "
            f"{reports.sample_text(done.skipped, len(done.skipped))}"
        )
    _report(fmt, done.sessions, done.runs, done.linked, done.batches)


def _report(fmt: str, sessions: int, runs: int, linked: dict[str, int], batches: int = 0) -> None:
    from kern_cli.render import reports

    if fmt == "json":
        reports.write_json(
            {
                "deleted": True,
                "sessions": sessions,
                "runs": runs,
                "linked": linked,
                "batches": batches,
            }
        )


def _write_ids_json(
    sessions: SessionDb, flt: SessionFilter, count: int, runs: int, linked: dict[str, int]
) -> None:
    """``{"sessions": N, "runs": M, "linked": {...}, "session_ids": [...]}``, ids streamed."""
    from kern_core import iter_matching_ids

    out = sys.stdout
    out.write(f'{{\n  "dry_run": true,\n  "sessions": {count},\n  "runs": {runs},\n')
    out.write(f'  "linked": {output.json_dumps(linked)},\n')
    out.write('  "session_ids": [')
    written = 0
    for sid in iter_matching_ids(sessions, flt):
        out.write(("\n    " if written == 0 else ",\n    ") + output.json_dumps(sid))
        written += 1
    out.write("\n  ]\n}\n" if written else "]\n}\n")
