"""``kern sessions export``: stream every matching session, runs included, to stdout or a file."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from kern_cli import output
from kern_cli.commands.filters import DEFAULT_FILTERS, ByOpt, FilterOptions, with_filters
from kern_cli.errors import EXIT_ERROR, UsageError, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    format_option,
    with_target,
)
from kern_core.vocab import EXPORT_FORMATS, FIELDS, ROW_FIELDS, ExportFormat

if TYPE_CHECKING:
    from kern_core import ExportReport, Session, SessionDb, SessionFilter

#: Scalar columns of the CSV export, then ``runs`` (a count), then JSON-encoded columns.
CSV_SCALARS = ROW_FIELDS
CSV_JSON = ("session_data", "agent_data", "team_data", "workflow_data", "metadata", "summary")

HELP = f"""Export sessions with all their runs, oldest first (by created_at).

jsonl (default): one session record per line with agno's column names ({", ".join(FIELDS)}),
timestamps in unix seconds: `kern sessions import` reads it back.

json: one array of the same records.

csv: one row per session: {", ".join(CSV_SCALARS)} (runs is the number of runs), then
{", ".join(CSV_JSON)} as JSON text.

markdown: a readable transcript per session.

The export streams from one snapshot, so memory stays flat. Sessions that cannot be read
(malformed JSON, invalid UTF-8) are skipped with a warning each; the export then exits 1.
With -o FILE the data goes to a temporary file renamed into place on success, so a failed
export never leaves a partial file; an existing FILE is kept unless --force is given.

Examples:

  kern sessions export --since 1d | jq -c 'select(.user_id == "alice")'

  kern sessions export -u alice -o alice.jsonl
"""


@handle_errors
@with_filters(*DEFAULT_FILTERS, "grep")
@with_target
def export_command(
    filters: FilterOptions,
    by: ByOpt = "created_at",
    fmt: Annotated[
        ExportFormat | None, format_option(EXPORT_FORMATS, help="Output format. Default: jsonl.")
    ] = None,
    out: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE ('-': stdout)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing FILE.")] = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    fmt = fmt or "jsonl"
    path = None if out in (None, "-") else Path(str(out))
    if path is not None and path.exists() and not force:
        raise UsageError(f"{path} already exists", hint="pass --force to replace it")
    flt = filters.session_filter(time_field=by)
    from kern_core import ExportReport

    report = ExportReport()
    with database.open() as sessions:
        total = sessions.count_sessions(flt) if path and output.is_stderr_tty() else None
        with _destination(path) as stream, output.progress("exporting", total) as bar:
            write = _WRITERS[fmt]
            write(sessions, flt, stream, report, bar.advance)
    _finish(report, path)


def _skip(report: ExportReport) -> Callable[[str, str], None]:
    def on_skip(session_id: str, reason: str) -> None:
        output.warn(f"skipped session {session_id}: {reason}")

    return on_skip


def _write_jsonl(
    sessions: SessionDb, flt: SessionFilter, out: TextIO, report: ExportReport, tick: Any
) -> None:
    raw = getattr(out, "buffer", None)
    if raw is None:
        write: Callable[[bytes], Any] = lambda data: out.write(data.decode("utf-8"))  # noqa: E731
    else:
        out.flush()
        write = raw.write
    sessions.export_jsonl(write, flt, on_skip=_skip(report), report=report, progress=tick)
    if raw is not None:
        raw.flush()


def _write_json(
    sessions: SessionDb, flt: SessionFilter, out: TextIO, report: ExportReport, tick: Any
) -> None:
    lines = sessions.export_lines(flt, on_skip=_skip(report), report=report)
    count = 0
    for line in _ticking(lines, tick):
        out.write("[\n" if count == 0 else ",\n")
        out.write(line)
        count += 1
    out.write("\n]\n" if count else "[]\n")


def _write_csv(
    sessions: SessionDb, flt: SessionFilter, out: TextIO, report: ExportReport, tick: Any
) -> None:
    import csv
    import io

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_SCALARS, *CSV_JSON])
    cell = io.StringIO()
    row_writer = csv.writer(cell, lineterminator="\n")

    def render(session: Session) -> str:
        row: list[Any] = [getattr(session, k) for k in CSV_SCALARS[:6]]
        row += [session.session_name, len(session.runs), session.created_at, session.updated_at]
        row += [_json_cell(getattr(session, k)) for k in CSV_JSON]
        cell.seek(0)
        cell.truncate()
        row_writer.writerow([output.csv_cell(v) for v in row])
        return cell.getvalue()

    for text in _ticking(_rendered(sessions, flt, report, render), tick):
        out.write(text)


def _json_cell(value: Any) -> str:
    return "" if value is None else output.json_dumps(value)


def _write_markdown(
    sessions: SessionDb, flt: SessionFilter, out: TextIO, report: ExportReport, tick: Any
) -> None:
    from kern_cli.render.markdown import session_markdown

    def render(session: Session) -> str:
        return output.inert(session_markdown(session)).rstrip("\n") + "\n"

    for i, text in enumerate(_ticking(_rendered(sessions, flt, report, render), tick)):
        if i:
            out.write("\n---\n\n")
        out.write(text)


def _rendered(
    sessions: SessionDb,
    flt: SessionFilter,
    report: ExportReport,
    render: Callable[[Session], str],
) -> Iterator[str]:
    """Each session rendered by ``render``; one that cannot be is skipped and reported by id,
    so a single odd session never stops the export half-way."""
    for session in _counted(sessions, flt, report):
        try:
            text = render(session)
        except Exception as exc:  # noqa: BLE001 - reported per session, the export goes on
            report.sessions -= 1
            report.runs -= len(session.runs)
            report.skipped += 1
            output.warn(
                f"skipped session {output.inert(session.session_id)}: cannot be rendered "
                f"({type(exc).__name__}: {output.inert(str(exc))[:200]})"
            )
            continue
        yield text


def _counted(sessions: SessionDb, flt: SessionFilter, report: ExportReport) -> Iterator[Any]:
    """Decoded sessions, counted into ``report`` like the pass-through path counts lines."""
    warn = _skip(report)

    def on_skip(session_id: str, reason: str) -> None:
        report.skipped += 1
        warn(session_id, reason)

    for session in sessions.iter_sessions(flt, on_skip=on_skip):
        report.sessions += 1
        report.runs += len(session.runs)
        yield session


def _ticking(items: Iterator[Any], tick: Callable[[], None]) -> Iterator[Any]:
    for item in items:
        yield item
        tick()


_WRITERS = {
    "jsonl": _write_jsonl,
    "json": _write_json,
    "csv": _write_csv,
    "markdown": _write_markdown,
}


@contextmanager
def _destination(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a temporary file next to ``path`` renamed onto it when the block succeeds."""
    if path is None:
        yield sys.stdout
        return
    from kern_core import temp_for

    directory = path.absolute().parent
    if not directory.is_dir():
        raise UsageError(f"directory does not exist: {directory}")
    with (
        temp_for(path, overwrite=True) as (fd, _tmp),
        os.fdopen(fd, "w", encoding="utf-8", newline="") as stream,
    ):
        yield stream


def _finish(report: ExportReport, path: Path | None) -> None:
    where = f" to {path}" if path else ""
    if report.skipped:
        output.warn(f"exported {report.sessions:,} sessions{where}, skipped {report.skipped:,}")
        raise typer.Exit(EXIT_ERROR)
    if output.is_stderr_tty():
        output.info(f"exported {report.sessions:,} sessions ({report.runs:,} runs){where}")
