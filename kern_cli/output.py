"""Everything kern writes: data on stdout, messages and progress on stderr.

Database text is untrusted: :func:`inert` strips terminal escape sequences and shows
other control characters as ``\\xNN``, and rich markup in it is never interpreted.
Colour, spinners, progress bars and the pager appear only on a terminal; ``NO_COLOR``
or ``TERM=dumb`` removes every escape sequence. rich is imported only when needed,
so that ``kern`` starts fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TextIO

from kern_cli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
DEFAULT_PAGER = "less -FRX"

_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                             # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c)  # OSC, DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]                                             # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
_UNSAFE_CHAR = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

_consoles: dict[str, Console] = {}
_Records = Iterator[Mapping[str, Any]]
_Columns = Sequence["Column"] | None


@dataclass(frozen=True)
class Column:
    """One column of a records table.

    ``formatter`` turns a raw value into display text, in the ``table`` format only;
    the machine formats (tsv, csv, json, jsonl) always carry the raw value.
    """

    key: str
    header: str | None = None
    formatter: Callable[[Any], str] | None = None
    justify: Literal["left", "right", "center"] = "left"
    max_width: int | None = None
    no_wrap: bool = True

    @property
    def title(self) -> str:
        return self.header if self.header is not None else self.key.upper()


def inert(text: str) -> str:
    """Make database text safe to show: no terminal escapes, no raw control characters.

    Complete escape sequences (CSI, OSC, DCS, ...) are removed; any other C0 control
    except newline and tab, DEL, C1 controls, carriage returns, bidi overrides and
    Unicode line separators are shown as ``\\xNN`` / ``\\uNNNN``.
    """
    return _UNSAFE_CHAR.sub(_escape_char, _ESCAPE_SEQUENCE.sub("", text))


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _env_flag(name: str) -> bool:
    return bool(os.environ.get(name))


def colour_disabled() -> bool:
    """True when ``NO_COLOR`` is set (any non-empty value) or ``TERM=dumb``."""
    return _env_flag("NO_COLOR") or os.environ.get("TERM") == "dumb"


def _is_tty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, AttributeError):
        return False


def is_stdout_tty() -> bool:
    """True when stdout is a terminal (so tables, colour and the pager are wanted)."""
    return _is_tty(sys.stdout)


def is_stderr_tty() -> bool:
    """True when stderr is a terminal (so spinners and progress bars are wanted)."""
    return _is_tty(sys.stderr)


def _make_console(stderr: bool) -> Console:
    from rich.console import Console

    plain = colour_disabled() or not _is_tty(sys.stderr if stderr else sys.stdout)
    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        no_color=plain,
        color_system=None if plain else "auto",
    )


def stdout_console() -> Console:
    """The rich Console for data (stdout), created on first use."""
    if "out" not in _consoles:
        _consoles["out"] = _make_console(stderr=False)
    return _consoles["out"]


def stderr_console() -> Console:
    """The rich Console for messages and progress (stderr), created on first use."""
    if "err" not in _consoles:
        _consoles["err"] = _make_console(stderr=True)
    return _consoles["err"]


def reset_consoles() -> None:
    """Forget the cached consoles, e.g. after the environment or the streams changed."""
    _consoles.clear()


def _message(text: str, style: str | None) -> None:
    from rich.text import Text

    stderr_console().print(Text(inert(text), style=style or ""), soft_wrap=True)


def info(text: str) -> None:
    """A progress or result note on stderr (never mixed with the data on stdout)."""
    _message(text, None)


def warn(text: str) -> None:
    """``kern: warning: ...`` on stderr."""
    _message(f"kern: warning: {text}", "yellow")


def success(text: str) -> None:
    """A confirmation on stderr, in green on a terminal."""
    _message(text, "green")


def default_format() -> str:
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


def to_text(value: Any) -> str:
    """Plain text for a raw value: ``""`` for None, JSON for lists and dicts."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        from kern_core.jsoncodec import dumps

        return dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return str(value)


def json_dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text with non-ASCII kept but DEL, C1 controls, bidi overrides and lone surrogates
    escaped; stored numbers keep their exact text, and NaN or infinity is never written."""
    from kern_core.jsoncodec import dumps

    text = dumps(value, ensure_ascii=False, default=str, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile("[\\\\\t\n\r\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_TSV_ESCAPED = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|(.))", re.DOTALL)
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_field(value: Any) -> str:
    """One TSV cell, reversibly escaped (:func:`tsv_unescape` gives the text back).

    Backslash, tab, newline and CR become ``\\\\ \\t \\n \\r``; every other control
    character (escape sequences included), DEL, C1 controls, bidi overrides and Unicode line
    separators become ``\\xNN`` or ``\\uNNNN``. Nothing else is changed.
    """
    return _TSV_SPECIAL.sub(_tsv_escape, to_text(value))


def _tsv_escape(match: re.Match[str]) -> str:
    return _TSV_ESCAPES.get(match.group()) or _escape_char(match)


def tsv_unescape(cell: str) -> str:
    """The text a :func:`tsv_field` cell was made from."""
    return _TSV_ESCAPED.sub(_tsv_unescape, cell)


def _tsv_unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return _TSV_UNESCAPES.get(match.group(3), match.group())


#: Leading characters that make a spreadsheet read a CSV cell as a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: text made inert, and a ``'`` put before text a spreadsheet would run as
    a formula (starting with ``= + - @``, tab or CR). Numbers are written as they are."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_text(value)
    text = inert(to_text(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[Column] | None = None,
    *,
    file: TextIO | None = None,
    show_header: bool = True,
) -> int:
    """Write records to stdout (or ``file``) in one of :data:`FORMATS`; return the count.

    ``columns`` chooses and orders the fields for every format; without it, every key
    of each record is written (for table, tsv and csv: the keys of the first record).
    ``table`` is a rich table for people (``show_header=False`` continues one printed in
    chunks); tsv (no header), csv (with a header), json
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
        return _write_table(iter(records), columns, file or sys.stdout, show_header=show_header)
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
    records: _Records, columns: _Columns, out: TextIO, *, show_header: bool = True
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
            no_wrap=c.no_wrap,
            overflow="ellipsis" if c.no_wrap else "fold",
        )
    count = 0
    for record in records:
        table.add_row(*(Text(inert(_display(c, record.get(c.key)))) for c in cols))
        count += 1
    if count:
        console = stdout_console()
        if out is not sys.stdout:
            console = _console_for(out)
        console.print(table)
    return count


def _display(column: Column, value: Any) -> str:
    return column.formatter(value) if column.formatter else to_text(value)


def _console_for(out: TextIO) -> Console:
    from rich.console import Console

    return Console(file=out, highlight=False, emoji=False, markup=False, color_system=None)


def pager_command() -> str | None:
    """The pager to use: ``KERN_PAGER``, then ``PAGER``, then ``less -FRX``.

    An empty value or ``cat`` turns paging off.
    """
    for name in ("KERN_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    return DEFAULT_PAGER


def pager_context(enabled: bool = True) -> AbstractContextManager[Any]:
    """A context manager that pages what is printed on the stdout console inside it.

    Paging happens only when ``enabled`` and stdout is a terminal and a pager is set;
    otherwise output goes straight to stdout.
    """
    command = pager_command()
    if not enabled or command is None or not is_stdout_tty():
        return nullcontext()
    return stdout_console().pager(pager=_make_pager(command), styles=not colour_disabled())


def _make_pager(command: str) -> Any:
    from rich.pager import Pager

    class CommandPager(Pager):
        """Pipes the rendered text into the user's pager command."""

        def show(self, content: str) -> None:
            import shlex
            import subprocess

            env = dict(os.environ)
            env.setdefault("LESS", "FRX")
            try:
                subprocess.run(shlex.split(command), input=content, text=True, env=env, check=False)
            except OSError:
                sys.stdout.write(content)

    return CommandPager()


@dataclass
class ProgressTask:
    """A handle on one progress bar; a no-op when stderr is not a terminal."""

    progress: Progress | None
    task_id: Any = None

    def advance(self, amount: float = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task_id, amount)

    def update(self, *, total: float | None = None, description: str | None = None) -> None:
        if self.progress is not None:
            self.progress.update(self.task_id, total=total, description=description)


@contextmanager
def progress(description: str, total: float | None = None) -> Iterator[ProgressTask]:
    """A transient progress bar on stderr, shown only when stderr is a terminal."""
    if not is_stderr_tty():
        yield ProgressTask(None)
        return
    from rich.progress import Progress

    with Progress(console=stderr_console(), transient=True) as bar:
        yield ProgressTask(bar, bar.add_task(inert(description), total=total))


@contextmanager
def spinner(message: str) -> Iterator[None]:
    """A spinner on stderr while a slow step runs, only when stderr is a terminal."""
    if not is_stderr_tty():
        yield
        return
    with stderr_console().status(inert(message)):
        yield


def require_yes(*, yes: bool) -> None:
    """Off a terminal a destructive command needs --yes, even when this run has nothing to do:
    a cron line missing it fails on its first run, not on the first day with work."""
    if yes or (_is_tty(sys.stdin) and is_stderr_tty()):
        return
    raise UsageError(
        "refusing to continue without --yes when not running interactively",
        hint="re-run with --yes (or -y) to confirm",
    )


def confirm(question: str, *, yes: bool) -> None:
    """Ask before a destructive step unless ``--yes`` was given.

    Without a terminal there is nobody to ask: that is a usage error (exit 2) telling
    the caller to pass ``--yes``. Answering no exits 1 with nothing changed.
    """
    if yes:
        return
    require_yes(yes=yes)
    import typer

    if not typer.confirm(inert(question), default=False, err=True):
        from kern_cli.errors import fail

        fail("aborted; nothing was changed")
