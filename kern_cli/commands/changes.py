"""``kern sessions import``, ``delete`` and ``rename``: the commands that change given sessions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.commands.groups import sessions_app
from kern_cli.completion_values import complete_session_ids
from kern_cli.errors import UsageError, handle_errors
from kern_cli.options import (
    BatchOpt,
    DbOpt,
    DryRunOpt,
    LayoutOpt,
    RunsTableOpt,
    SchemaOpt,
    TableOpt,
    TargetOpt,
    YesOpt,
    choice_option,
)
from kern_cli.render import reports

if TYPE_CHECKING:
    from kern_core import ImportReport, SessionDb

INPUT_FORMATS = ("auto", "jsonl", "json")
CONFLICT_MODES = ("skip", "replace", "fail")
DEFAULT_IMPORT_BATCH = 500


IMPORT_HELP = """Import sessions from FILE ('-': stdin), as `kern sessions export` writes them.

FILE may be a pipe or FIFO too, e.g. <(gunzip -c sessions.jsonl.gz).

Reads JSON lines (--format jsonl) or one JSON array (--format json); auto (the default)
looks at the first character. Every record is validated before anything is written: a
malformed record is reported with its line number and, unless --skip-invalid is given,
nothing is written (exit 1). Valid records are then upserted in batches, one transaction
per batch, so an interrupted import leaves every batch whole or untouched; rerun it (with
the default --on-conflict skip) to finish.

--on-conflict: skip (default) keeps a session that already exists; fail writes nothing if
any exists; replace overwrites existing sessions with their runs, which is destructive: it
shows the plan and asks first, and needs --yes when not on a terminal.

A session the target cannot store counts as invalid too and is named by id before anything is
written: for PostgreSQL a NUL character (U+0000) or a lone surrogate (\\ud800), or NaN or
Infinity. --strip-nul stores a session whose only problem is NUL characters in string values
with them removed, as agno's own PostgresDb does, and says so per session.

A missing session table is created (--layout). The report (inserted / replaced / skipped /
invalid) goes to stderr; --json also prints it on stdout as one JSON object.

Examples:

  kern sessions export --db old.db | kern sessions import - --db new.db

  kern sessions import sessions.jsonl --dry-run
"""


@sessions_app.command("import", help=IMPORT_HELP)
@handle_errors
def import_command(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="The export to read ('-': stdin).")],
    fmt: Annotated[str, choice_option("--format", INPUT_FORMATS, "Input format.", "-f")] = "auto",
    on_conflict: Annotated[
        str,
        choice_option(
            "--on-conflict", CONFLICT_MODES, "What to do with a session that already exists."
        ),
    ] = "skip",
    dry_run: DryRunOpt = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the valid records, report the invalid ones."),
    ] = False,
    strip_nul: Annotated[
        bool,
        typer.Option(
            "--strip-nul",
            help="PostgreSQL: remove NUL characters from string values, as agno does.",
        ),
    ] = False,
    batch_size: BatchOpt = DEFAULT_IMPORT_BATCH,
    layout: LayoutOpt = "column",
    as_json: Annotated[
        bool, typer.Option("--json", help="Also print the report on stdout as JSON.")
    ] = False,
    yes: YesOpt = False,
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
    runs_table: RunsTableOpt = None,
) -> None:
    from kern_cli.context import open_target
    from kern_core import InvalidRecordsError, RecordSource

    with (
        _input(file) as stream,
        open_target(db, target, table, schema, runs_table=runs_table, new_layout=layout) as dst,
    ):
        records = RecordSource(stream, None if fmt == "auto" else fmt)
        try:
            report = _import(
                dst, records, on_conflict, dry_run, skip_invalid, batch_size, yes, strip_nul
            )
        except InvalidRecordsError as exc:
            for line in reports.invalid_lines(exc.report.invalid):
                output.warn(line)
            _warn_unstorable(exc.report, dst, "not importing anything")
            if exc.report.unstorable:
                output.warn(f"hint: {_strip_hint(exc.report)}, or --skip-invalid skips them")
            if as_json:
                reports.write_json(_report_json(exc.report))
            raise
        finally:
            records.close()
    for line in reports.invalid_lines(report.invalid):
        output.warn(f"skipped invalid record: {line}")
    _warn_unstorable(report, dst, "skipped")
    verb = "would strip" if report.dry_run else "stripped"
    for sid, count in report.stripped:
        output.warn(f"{verb} NUL from {reports.plural(count, 'value')} in session {sid}")
    output.info(reports.import_summary(report))
    if as_json:
        reports.write_json(_report_json(report))
    if report.unstorable and not report.dry_run:
        from kern_cli.errors import fail

        fail(
            f"not imported: {dst.dialect.display} cannot store "
            f"{reports.plural(len(report.unstorable), 'session')}; the others were imported",
            hint=_strip_hint(report),
        )


def _strip_hint(report: ImportReport) -> str:
    if any("string value" in why and "NUL" in why for _, why in report.unstorable):
        return "--strip-nul stores NUL-only sessions with NUL removed, as agno's PostgresDb does"
    return "see the reasons above; fix those sessions in the input"


def _warn_unstorable(report: ImportReport, dst: SessionDb, what: str) -> None:
    """Name the sessions the target cannot store (their reasons are in the invalid lines)."""
    ids = [sid for sid, _ in report.unstorable]
    if ids:
        output.warn(
            f"{what}: {dst.dialect.display} cannot store "
            f"{reports.plural(len(ids), 'session')}: {', '.join(ids)}"
        )


def _report_json(report: ImportReport) -> dict[str, object]:
    data = reports.import_json(report)
    data["unstorable"] = [{"session_id": sid, "reason": why} for sid, why in report.unstorable]
    data["stripped"] = [{"session_id": sid, "values": n} for sid, n in report.stripped]
    return data


def _import(
    dst: SessionDb,
    records: object,
    on_conflict: str,
    dry_run: bool,
    skip_invalid: bool,
    batch_size: int,
    yes: bool,
    strip_nul: bool,
) -> ImportReport:
    """Validate and import; with ``replace``, preview the counts and confirm first."""
    from kern_core import import_sessions

    def run(dry: bool) -> ImportReport:
        return import_sessions(
            dst,
            records,  # type: ignore[arg-type]
            on_conflict=on_conflict,
            dry_run=dry,
            skip_invalid=skip_invalid,
            batch_size=batch_size,
            on_progress=tick,
            strip_nul=strip_nul,
        )

    with output.progress("importing") as bar:
        done = [0]

        def tick(report: ImportReport) -> None:
            bar.advance(report.total - done[0])
            done[0] = report.total

        if dry_run or on_conflict != "replace":
            return run(dry_run)
        plan = run(True)
        if plan.replaced:
            reports.show_plan(
                f"import into {dst.dialect.display} (table {dst.session_table})",
                [("plan", reports.import_summary(plan))],
            )
            reports.confirm(f"replace {reports.plural(plan.replaced, 'existing session')}", yes=yes)
        else:
            reports.require_yes("import with --on-conflict replace", yes=yes)
        return run(False)


@contextmanager
def _input(file: str) -> Iterator[IO[str]]:
    """stdin for '-', else the path opened as UTF-8 text: a file, or anything readable that is
    not a directory (a FIFO, ``/dev/stdin``, ``/dev/fd/N`` from ``<(gunzip -c x.gz)``)."""
    if file == "-":
        if sys.stdin.isatty():
            raise UsageError("stdin is a terminal", hint="pipe an export in, or give FILE")
        import io

        raw = getattr(sys.stdin, "buffer", None)
        yield io.TextIOWrapper(raw, encoding="utf-8", newline="") if raw else sys.stdin
        return
    path = Path(file)
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    if path.is_dir():
        raise UsageError(f"{path} is a directory, not an export file")
    try:
        stream = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    with stream:
        yield stream


DELETE_HELP = """Delete sessions with all their runs.

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


@sessions_app.command("delete", help=DELETE_HELP)
@handle_errors
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
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
    runs_table: RunsTableOpt = None,
) -> None:
    from kern_cli.context import open_target
    from kern_core import NotFoundError, SessionFilter, plan_prune

    ids = list(dict.fromkeys(session_ids))
    with open_target(db, target, table, schema, runs_table=runs_table) as sessions:
        plan = plan_prune(sessions, SessionFilter(session_ids=tuple(ids)), sample=None)
        found = set(plan.sample_ids)
        missing = [i for i in ids if i not in found]
        where = f"{sessions.dialect.display} (table {sessions.session_table})"
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


@sessions_app.command("rename")
@handle_errors
def rename_command(
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="SESSION_ID",
            help="The session to rename.",
            autocompletion=complete_session_ids,
            show_default=False,
        ),
    ],
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new name.")],
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
    runs_table: RunsTableOpt = None,
) -> None:
    """Set a session's name (session_data.session_name, as agno's rename does).

    Also sets updated_at to now. Exit 3 when the session does not exist.
    """
    from kern_cli.context import open_target
    from kern_core import NotFoundError

    if not name.strip():
        raise UsageError("the new name is empty")
    with open_target(db, target, table, schema, runs_table=runs_table) as sessions:
        if not sessions.rename_session(session_id, name):
            raise NotFoundError(
                f"session {session_id} not found in {sessions.dialect.display} "
                f"(table {sessions.session_table})",
                hint="list sessions with 'kern sessions list'",
            )
    output.info(f"renamed {session_id} to {name!r}")
