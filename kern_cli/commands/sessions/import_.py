"""``kern sessions import``: read an export back, validated first, in batches."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.errors import UsageError, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    BatchOpt,
    DryRunOpt,
    LayoutOpt,
    TargetOptions,
    YesOpt,
    choice_option,
    with_target,
)
from kern_core.vocab import INPUT_FORMATS, ON_CONFLICT, InputFormat, OnConflict

if TYPE_CHECKING:
    from kern_core import ImportReport, SessionDb

DEFAULT_IMPORT_BATCH = 500


HELP = """Import sessions from FILE ('-': stdin), as `kern sessions export` writes them.

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
Infinity; for MySQL and MariaDB a lone surrogate, NaN or Infinity, JSON nested deeper than the
server takes (MariaDB: 31 levels), an id longer than its column (128 characters) or a row
larger than the server's max_allowed_packet. --strip-nul stores a session whose only problem
is NUL characters in string values with them removed, as agno's own PostgresDb does, and says
so per session.

A missing session table is created (--layout). The report (inserted / replaced / skipped /
invalid) goes to stderr; --json also prints it on stdout as one JSON object.

Examples:

  kern sessions export --db old.db | kern sessions import - --db new.db

  kern sessions import sessions.jsonl --dry-run
"""


@handle_errors
@with_target
def import_command(
    file: Annotated[str, typer.Argument(metavar="FILE|-", help="The export to read ('-': stdin).")],
    fmt: Annotated[
        InputFormat, choice_option("--format", INPUT_FORMATS, "Input format.", "-f")
    ] = "auto",
    on_conflict: Annotated[
        OnConflict,
        choice_option(
            "--on-conflict", ON_CONFLICT, "What to do with a session that already exists."
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
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_cli.render import reports
    from kern_core import InvalidRecordsError, RecordSource

    with (
        _input(file) as stream,
        database.open(new_layout=layout) as dst,
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
    verb = "would skip" if report.dry_run else "skipped"
    for _, why in report.clashed:
        output.warn(f"{verb} {why}")
    verb = "would strip" if report.dry_run else "stripped"
    for sid, count in report.stripped:
        output.warn(f"{verb} NUL from {reports.plural(count, 'value')} in session {sid}")
    output.info(reports.import_summary(report))
    if report.linked_note:
        output.info(f"note: {report.linked_note}")
    if as_json:
        reports.write_json(_report_json(report))
    if report.unstorable and not report.dry_run:
        from kern_cli.errors import fail

        fail(
            f"not imported: {dst.display} cannot store "
            f"{reports.plural(len(report.unstorable), 'session')}; the others were imported",
            hint=_strip_hint(report),
        )
    if report.clashed and not report.dry_run:
        from kern_cli.errors import fail

        fail(
            f"not imported: {reports.plural(len(report.clashed), 'session')} whose id "
            f"{dst.display} takes for another session's; the others were imported",
            hint="rename those sessions in the input: the target's key collation "
            "ignores case, some accents and trailing spaces",
        )


def _strip_hint(report: ImportReport) -> str:
    if any("string value" in why and "NUL" in why for _, why in report.unstorable):
        return "--strip-nul stores NUL-only sessions with NUL removed, as agno's PostgresDb does"
    return "see the reasons above; fix those sessions in the input"


def _warn_unstorable(report: ImportReport, dst: SessionDb, what: str) -> None:
    """Name the sessions the target cannot store (their reasons are in the invalid lines)."""
    from kern_cli.render import reports

    ids = [sid for sid, _ in report.unstorable]
    if ids:
        output.warn(
            f"{what}: {dst.display} cannot store "
            f"{reports.plural(len(ids), 'session')}: {', '.join(ids)}"
        )


def _report_json(report: ImportReport) -> dict[str, object]:
    from kern_cli.render import reports

    data = reports.import_json(report)
    data["unstorable"] = [{"session_id": sid, "reason": why} for sid, why in report.unstorable]
    data["stripped"] = [{"session_id": sid, "values": n} for sid, n in report.stripped]
    data["clashed"] = [{"session_id": sid, "reason": why} for sid, why in report.clashed]
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
    from kern_cli.render import reports
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
                f"import into {reports.where(dst)}",
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
