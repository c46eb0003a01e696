"""Lists of records in every format: a rich table for people; tsv, csv, json and jsonl for
programs. The ``--fields`` selection and the default format live here too."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from kern_cli.errors import UsageError
from kern_cli.output.cells import csv_cell, json_dumps, to_text, tsv_field
from kern_cli.output.terminal import file_console, is_stdout_tty, stdout_console
from kern_cli.safe_text import inert
from kern_core.vocab import RECORD_FORMATS, RecordFormat

FORMATS = RECORD_FORMATS

_Records = Iterator[Mapping[str, Any]]
_Columns = Sequence["Column"] | None


@dataclass(frozen=True)
class Column:
    """One column of a records table.

    ``formatter`` turns a raw value into display text, in the ``table`` format only;
    the machine formats (tsv, csv, json, jsonl) always carry the raw value. ``width`` fixes
    the table column's width (a table printed in chunks keeps its columns); a ``no_wrap``
    column cuts longer text with an ellipsis, any other folds it onto more lines.
    """

    key: str
    header: str | None = None
    formatter: Callable[[Any], str] | None = None
    justify: Literal["left", "right", "center"] = "left"
    max_width: int | None = None
    no_wrap: bool = True
    width: int | None = None

    @property
    def title(self) -> str:
        return self.header if self.header is not None else self.key.upper()


def default_format() -> RecordFormat:
    """``table`` when stdout is a terminal, ``tsv`` when it is piped or redirected."""
    return "table" if is_stdout_tty() else "tsv"


def select_fields(available: Sequence[str], spec: str | None) -> list[str]:
    """Parse ``--fields a,b,c`` against the fields a command offers.

    ``None`` or an empty spec selects every field. An unknown field is a usage error
    that lists the available ones.
    """
    if spec is None or not spec.strip():
        return list(available)
    chosen: list[str] = []
    for name in (part.strip() for part in spec.split(",")):
        if not name:
            continue
        if name not in available:
            raise UsageError(
                f"unknown field '{name}'", hint=f"available fields: {', '.join(available)}"
            )
        if name not in chosen:
            chosen.append(name)
    return chosen


def columns_for(fields: Sequence[str], catalogue: Sequence[Column]) -> list[Column]:
    """The columns of ``catalogue`` named by ``fields``, in the order of ``fields``."""
    by_key = {column.key: column for column in catalogue}
    return [by_key.get(name, Column(name)) for name in fields]


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[Column] | None = None,
    *,
    file: TextIO | None = None,
    show_header: bool = True,
    width: int | None = None,
) -> int:
    """Write records to stdout (or ``file``) in one of :data:`FORMATS`; return the count.

    ``columns`` chooses and orders the fields for every format; without it, every key
    of each record is written (for table, tsv and csv: the keys of the first record).
    ``table`` is a rich table for people (``show_header=False`` continues one printed in
    chunks; ``width`` renders it that wide even past the terminal's width, which then wraps
    the lines); tsv (no header), csv (with a header), json
    (one array, written element by element) and jsonl (one object per line) are
    for programs and hold full, unformatted values.
    """
    writers: dict[str, Callable[..., int]] = {
        "table": _write_table,
        "tsv": _write_tsv,
        "csv": _write_csv,
        "json": _write_json,
        "jsonl": _write_jsonl,
    }
    if fmt not in writers:
        raise UsageError(f"unknown format '{fmt}'", hint=f"choose one of: {', '.join(FORMATS)}")
    if fmt == "table":
        return _write_table(
            iter(records), columns, file or sys.stdout, show_header=show_header, width=width
        )
    return writers[fmt](iter(records), columns, file or sys.stdout)


def _pick(record: Mapping[str, Any], columns: Sequence[Column] | None) -> dict[str, Any]:
    if columns is None:
        return dict(record)
    return {column.key: record.get(column.key) for column in columns}


def _with_columns(
    records: Iterator[Mapping[str, Any]], columns: Sequence[Column] | None
) -> tuple[Iterator[Mapping[str, Any]], Sequence[Column]]:
    if columns is not None:
        return records, columns
    first = next(records, None)
    if first is None:
        return iter(()), []
    return _chain(first, records), [Column(key) for key in first]


def _chain(first: Mapping[str, Any], rest: _Records) -> _Records:
    yield first
    yield from rest


def _write_json(records: _Records, columns: _Columns, out: TextIO) -> int:
    count = 0
    for record in records:
        out.write("[\n  " if count == 0 else ",\n  ")
        out.write(json_dumps(_pick(record, columns)))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def _write_jsonl(records: _Records, columns: _Columns, out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json_dumps(_pick(record, columns)) + "\n")
        count += 1
    return count


def _write_tsv(records: _Records, columns: _Columns, out: TextIO) -> int:
    records, cols = _with_columns(records, columns)
    count = 0
    for record in records:
        out.write("\t".join(tsv_field(record.get(c.key)) for c in cols) + "\n")
        count += 1
    return count


def _write_csv(records: _Records, columns: _Columns, out: TextIO) -> int:
    import csv

    records, cols = _with_columns(records, columns)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(c.key) for c in cols])
    count = 0
    for record in records:
        writer.writerow([csv_cell(record.get(c.key)) for c in cols])
        count += 1
    return count


def _write_table(
    records: _Records,
    columns: _Columns,
    out: TextIO,
    *,
    show_header: bool = True,
    width: int | None = None,
) -> int:
    from rich.table import Table
    from rich.text import Text

    records, cols = _with_columns(records, columns)
    table = Table(
        box=None, pad_edge=False, header_style="bold", show_edge=False, show_header=show_header
    )
    for c in cols:
        table.add_column(
            Text(inert(c.title)),
            justify=c.justify,
            max_width=c.max_width,
            width=c.width,
            no_wrap=c.no_wrap,
            overflow="ellipsis" if c.no_wrap else "fold",
        )
    count = 0
    for record in records:
        table.add_row(*(Text(cell_text(c, record)) for c in cols))
        count += 1
    if count:
        console = stdout_console(width) if out is sys.stdout else file_console(out, width)
        console.print(table, crop=width is None)
    return count


def cell_text(column: Column, record: Mapping[str, Any]) -> str:
    """The text a table cell shows for ``record`` (formatted, made inert)."""
    value = record.get(column.key)
    return inert(column.formatter(value) if column.formatter else to_text(value))
