"""``kern sessions migrate``: copy sessions to another database or table, verify, optionally
delete them from the source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.commands.filters import ByOpt, FilterOptions, with_filters
from kern_cli.errors import EXIT_ERROR, handle_errors, interrupt_says
from kern_cli.options import (
    ANY_TARGET,
    BatchOpt,
    DryRunOpt,
    ReportFormatOpt,
    TargetOptions,
    YesOpt,
    choice_option,
    complete_target_names,
    with_target,
)
from kern_core.vocab import NEW_LAYOUTS, NewLayout

if TYPE_CHECKING:
    from kern_core import CopyReport, SessionDb, SessionFilter

DEFAULT_BATCH = 500  # kern_core.copying.sessions.DEFAULT_BATCH_SIZE

HELP = """Copy the sessions matching the filters, with all their runs, to another database.

The source is the usual --db/--target/--table/--schema. --to is a target NAME from the config
file, else a URL or a SQLite path; --to-table defaults to the named target's table, else the
source table; --to-schema to the named target's schema, else ai. A missing target table is
created (--layout column: runs in the session row, read by agno 2.x and 3.x; table: a runs
table as agno 3.x creates; an existing table keeps its layout) and stamped like agno's own.

Each batch is written in one transaction and only sessions the target lacks are inserted, so
a rerun (after a crash too) copies nothing twice. A session the target holds with the same
content counts as already present; with different content it is a conflict, left untouched.
At the end every copied session is read back from the target and compared with the source:
session and run counts and a content checksum. Exit 1 if verification fails, sessions
conflict or some could not be read.

Source and target are compared as stored (SQLite file identity; PostgreSQL cluster and
database), so the same table under another name is refused (exit 2). A session the target
cannot store (for PostgreSQL: a NUL character, a lone surrogate, NaN or Infinity; for MySQL
and MariaDB: a lone surrogate, NaN or Infinity, JSON nested deeper than the server takes, an
id longer than its column, a row larger than max_allowed_packet) is skipped and named, the
others are copied (exit 1); the plan (--dry-run, --delete-source) names them
before anything is written. --strip-nul copies a session whose only problem is NUL characters
in string values with them removed, as agno's own PostgresDb does (verification then compares
the target with the stripped sessions).

--delete-source then deletes the copied sessions from the source, only after verification
passed, and keeps any session changed since it was copied. It is destructive: it shows the
plan and asks first, and needs --yes when not on a terminal.

Examples:

  kern sessions migrate --db agent.db --to postgresql://me@db/prod --dry-run

  kern sessions migrate --db agent.db --to prod --layout table --since 365d
"""


@handle_errors
@with_filters()
@with_target
def migrate_command(
    *,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="TARGET|URL",
            help="Where to copy: a target name, a URL or a SQLite path.",
            autocompletion=complete_target_names,
            show_default=False,
        ),
    ],
    to_table: Annotated[
        str | None,
        typer.Option("--to-table", metavar="NAME", help="Session table in the target."),
    ] = None,
    to_schema: Annotated[
        str | None,
        typer.Option(
            "--to-schema", metavar="NAME", help="PostgreSQL schema or MySQL database in the target."
        ),
    ] = None,
    layout: Annotated[
        NewLayout,
        choice_option("--layout", NEW_LAYOUTS, "Layout of the target table when kern creates it."),
    ] = "column",
    filters: FilterOptions,
    by: ByOpt = "created_at",
    delete_source: Annotated[
        bool,
        typer.Option("--delete-source", help="After verification, delete them from the source."),
    ] = False,
    strip_nul: Annotated[
        bool,
        typer.Option(
            "--strip-nul",
            help="PostgreSQL target: remove NUL characters from string values, as agno does.",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    fmt: ReportFormatOpt = "text",
    batch_size: BatchOpt = DEFAULT_BATCH,
    yes: YesOpt = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_cli.context import open_resolved

    flt = filters.session_filter(time_field=by)
    resolved = database.resolve()
    with (
        open_resolved(resolved) as src,
        _open_to(to, to_table, to_schema, src, layout) as dst,
    ):
        if dry_run or delete_source:
            _plan(src, dst, flt, dry_run, fmt, yes, strip_nul)
            if dry_run:
                return
        report = _copy(src, dst, flt, batch_size, delete_source, fmt, strip_nul)
    _finish(report, dst)


def _open_to(
    to: str, table: str | None, schema: str | None, src: SessionDb, layout: str
) -> SessionDb:
    """The target db: a configured target name, else a URL or path."""
    from kern_cli.config import load_config
    from kern_core import open_db

    entry = load_config().targets.get(to)
    url = entry.url if entry else to
    return open_db(
        url,
        session_table=table or (entry and entry.table) or src.session_table,
        db_schema=schema or (entry and entry.schema) or "ai",
        new_layout=layout,
    )


def _plan(
    src: SessionDb,
    dst: SessionDb,
    flt: SessionFilter,
    dry_run: bool,
    fmt: str,
    yes: bool,
    strip_nul: bool,
) -> None:
    from kern_cli.render import reports
    from kern_core import plan_copy

    plan = plan_copy(src, dst, flt, strip_nul=strip_nul)
    refused = [u for u in plan.unstorable if not u.stripped]
    stripped = [u for u in plan.unstorable if u.stripped]
    if dry_run and fmt == "json":
        data = reports.copy_plan_json(plan, reports.where(src), reports.where(dst))
        data["unstorable"] = [
            {"session_id": u.session_id, "reason": "; ".join(u.problems)} for u in refused
        ]
        data["strip_nul"] = [{"session_id": u.session_id, "values": u.nul_values} for u in stripped]
        reports.write_json(data)
        return
    verb = "would copy" if dry_run else "copy"
    then = " and then delete them from the source" if not dry_run else ""
    details = reports.copy_plan_details(plan, reports.where(src), reports.where(dst))
    if refused:
        ids = ", ".join(u.session_id for u in refused)
        details.append(("cannot store", f"{reports.plural(len(refused), 'session')}: {ids}"))
    if stripped:
        ids = ", ".join(u.session_id for u in stripped)
        details.append(("NUL to strip", f"{reports.plural(len(stripped), 'session')}: {ids}"))
    reports.show_plan(
        f"{verb} {reports.sessions_and_runs(plan.to_copy, plan.runs_to_copy)}{then}", details
    )
    for u in refused:
        output.warn(f"will not copy session {u.session_id}: {'; '.join(u.problems)}")
    if refused and not strip_nul and any(_only_nul(u.problems) for u in refused):
        output.warn("--strip-nul copies the sessions whose only problem is NUL in string values")
    verb_strip = "would strip" if dry_run else "will strip"
    for u in stripped:
        output.warn(
            f"{verb_strip} NUL from {reports.plural(u.nul_values, 'value')} "
            f"in session {u.session_id}"
        )
    if not dry_run:
        reports.confirm(
            f"copy {reports.plural(plan.sessions, 'session')} and delete them from the source "
            "once verified",
            yes=yes,
        )


def _only_nul(problems: tuple[str, ...]) -> bool:
    return len(problems) == 1 and "string value" in problems[0] and "NUL" in problems[0]


def _copy(
    src: SessionDb,
    dst: SessionDb,
    flt: SessionFilter,
    batch_size: int,
    delete_source: bool,
    fmt: str,
    strip_nul: bool,
) -> CopyReport:
    from kern_cli.render.reports import interrupted_progress
    from kern_core import CopyVerificationError, copy_sessions

    total = src.count_sessions(flt) if output.is_stderr_tty() else None
    seen, copied = [0], [0]

    def so_far() -> str:
        return interrupted_progress(copied[0], total, "copied")

    with interrupt_says(so_far), output.progress("copying", total) as bar:

        def tick(report: CopyReport) -> None:
            now = report.copied + report.already_present + len(report.conflicts)
            bar.advance(now - seen[0])
            seen[0] = now
            copied[0] = report.copied + report.already_present

        try:
            report = copy_sessions(
                src,
                dst,
                flt,
                batch_size=batch_size,
                on_progress=tick,
                delete_source=delete_source,
                strip_nul=strip_nul,
            )
        except CopyVerificationError as exc:
            _render(exc.report, fmt)
            raise
    _render(report, fmt)
    return report


def _render(report: CopyReport, fmt: str) -> None:
    from kern_cli.render import reports

    for line in reports.copy_summary(report):
        output.info(line)
    for problem in reports.copy_problems(report):
        output.warn(problem)
    for sid, count in report.stripped:
        output.warn(f"stripped NUL from {reports.plural(count, 'value')} in session {sid}")
    for sid, reason in report.refused[: reports.INVALID_SHOWN]:
        output.warn(f"not copied: session {sid}: the target refused it: {reason}")
    if report.kept_present:
        ids = report.kept_present
        output.warn(
            f"{reports.plural(len(ids), 'session')} the target already held were kept in the "
            "source (the target is not provably another table): "
            + reports.sample_text(ids, len(ids))
        )
    if fmt == "json":
        data = reports.copy_json(report)
        data["refused"] = [{"session_id": sid, "reason": why} for sid, why in report.refused]
        data["kept_present"] = report.kept_present
        data["stripped"] = [{"session_id": sid, "values": n} for sid, n in report.stripped]
        reports.write_json(data)


def _finish(report: CopyReport, dst: SessionDb) -> None:
    """Exit 1 when something matching was not copied (conflicts, unreadable sessions, sessions
    the target refused) or was kept in the source although --delete-source asked."""
    from kern_cli.errors import fail
    from kern_cli.render import reports

    if report.refused:
        shown = ", ".join(sid for sid, _ in report.refused[:5])
        fail(
            f"not copied: the target {reports.where(dst)} could not store "
            f"{reports.plural(len(report.refused), 'session')} ({shown}); the others were copied",
            hint="the source keeps them; see the warnings above for each reason",
            code=EXIT_ERROR,
        )
    if report.kept_present:
        fail(
            "kept in the source: the target is not provably another table, so "
            f"{reports.plural(len(report.kept_present), 'session')} it already showed stay",
            hint="check what --to and --to-table name; copy to an ordinary table to move them",
            code=EXIT_ERROR,
        )
    if report.conflicts or report.skipped_unreadable:
        fail(
            f"{len(report.conflicts):,} conflicting and {len(report.skipped_unreadable):,} "
            "unreadable session(s) were not copied; the target keeps its own versions",
            hint="inspect them with 'kern sessions show ID' on both sides",
            code=EXIT_ERROR,
        )
