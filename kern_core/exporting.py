"""Stream sessions out as JSON lines, passing stored JSON text through without re-encoding it.

Decoding and re-encoding gigabytes of run payloads is what makes a naive export slow. Where the
database can (SQLite, PostgreSQL: :func:`line_sql`), it builds each line from the stored text
itself and the bytes go to the output untouched; PostgreSQL streams all of them in one COPY.
A session whose values need Python's reading (double encoding, an id that is not plain ASCII,
invalid text, runs sharing a place) is assembled in Python from its stored values, with the
same bytes, in the same snapshot. A session with any unreadable value is skipped and reported,
never written half-right. Migrated tables holding both layouts take the decoding path, which
merges runs the way agno does; MySQL assembles every line in Python.
"""

from __future__ import annotations

import codecs
import json
import queue
import re
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kern_core import jsoncodec
from kern_core.dialect import Dialect
from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter, where_clause
from kern_core.jsoncodec import InvalidText, MalformedJSON
from kern_core.layout import Layout
from kern_core.linked.transfer import LinkedExport
from kern_core.model import (
    DICT_FIELDS,
    FIELDS,
    ID_FIELDS,
    JSON_FIELDS,
    SESSION_TYPES,
    Session,
    decode_stored,
    run_problem,
)
from kern_core.reading import (
    SkipHandler,
    build_session,
    fetch_table_runs,
    run_order,
    session_batches,
)
from kern_core.table import SessionTable, column_sql

_KEYS = {name: json.dumps(name) + ": " for name in FIELDS}


@dataclass
class ExportReport:
    sessions: int = 0
    runs: int = 0
    skipped: int = 0


class _Unreadable(Exception):
    pass


def export_parts(
    t: SessionTable,
    flt: SessionFilter,
    report: ExportReport,
    batch_size: int = 500,
    on_skip: SkipHandler | None = None,
) -> Generator[LineParts, None, None]:
    """One JSON document per matching session, oldest first, as UTF-8 bytes in parts to be
    written one after the other (so that nothing copies a line only to join it): always a
    single line, with no raw control, C1 or bidi characters (escaped in JSON's own way, so the
    meaning is unchanged).

    Where the database can (:func:`line_sql`), it builds each line itself and the bytes pass
    through untouched; a session whose values need Python's reading (double encoding, odd
    types, invalid text) is assembled here instead, with the same bytes. The next batch is
    fetched in a background thread while this one is written: the database works while Python
    moves bytes.
    """
    linked = LinkedExport(t)
    built = line_sql(t)
    with _Side(t) as side:
        if built is None:
            source = linked.tap(_batches(t, flt, batch_size), t)
        elif t.dialect.streams_results:
            source = linked.tap(_streamed_batches(t, flt, batch_size, built, side), side.table)
        else:
            source = linked.tap(_built_batches(t, flt, batch_size, built), t)
        batches = prefetch(source)
        try:
            for batch in batches:
                for sid, line in _lines(t, batch, report, on_skip):
                    yield linked.complete(sid, line)
                linked.forget(batch.ids)
        finally:
            batches.close()


def export_records(
    t: SessionTable,
    flt: SessionFilter,
    report: ExportReport,
    batch_size: int = 500,
    on_skip: SkipHandler | None = None,
) -> Iterator[bytes]:
    """:func:`export_parts`, each line joined."""
    for parts in export_parts(t, flt, report, batch_size, on_skip):
        first = parts[0]
        yield first if len(parts) == 1 and isinstance(first, bytes) else b"".join(parts)


def export_lines(
    t: SessionTable,
    flt: SessionFilter,
    report: ExportReport,
    batch_size: int = 500,
    on_skip: SkipHandler | None = None,
) -> Iterator[str]:
    """:func:`export_records` as text lines."""
    for line in export_records(t, flt, report, batch_size, on_skip):
        yield line.decode("utf-8")


@dataclass
class _Batch:
    """One page of sessions: their ids in export order, the lines the database built, and the
    stored values of the rest (assembled in Python)."""

    ids: list[str]
    #: The parts of each line the database built.
    built: dict[str, LineParts]
    built_runs: int
    rows: list[Sequence[Any]]
    runs: dict[str, list[Any]]
    #: Sessions that cannot be read again by their id, and why.
    unreadable: dict[str, str] = field(default_factory=dict)


T = TypeVar("T")
Pieces = tuple[bytes, memoryview, bytes]
#: A line as the parts it is written in.
LineParts = tuple[bytes | memoryview, ...]


def _batches(t: SessionTable, flt: SessionFilter, batch_size: int) -> Iterator[_Batch]:
    """Raw batches: session rows, and each session's stored run values in stored order."""
    select = _select_list(t.dialect, t.layout)
    for rows in session_batches(t, flt, select, batch_size):
        ids = [str(r[0]) for r in rows]
        yield _Batch(ids, {}, 0, rows, _stored_runs(t, ids))


def _stored_runs(t: SessionTable, ids: Sequence[str]) -> dict[str, list[Any]]:
    if t.layout.kind == "both":
        return fetch_table_runs(t, ids)
    if t.layout.kind == "table":
        return _runs_rows(t, ids)
    return {}


def _built_batches(
    t: SessionTable, flt: SessionFilter, batch_size: int, line: LineSql
) -> Iterator[_Batch]:
    """Batches whose lines the database built, page by page; the sessions it left to Python
    are read the Python way on the same connection."""
    d = t.dialect
    pieces = ", ".join(d.as_bytes(p) for p in (line.head, line.runs, line.tail))
    select = f"session_id, created_at, {pieces}"
    for rows in session_batches(t, flt, select, batch_size, created_at=1, binary=True):
        yield _batch(t, [(r[0], r[2], r[3], r[4]) for r in rows])


def _text(value: Any) -> str:
    """An id as text, an :class:`InvalidText` kept as one."""
    return value if isinstance(value, str) else str(value)


def _unaddressable(sid: Any) -> str | None:
    """Why a session cannot be read again by its id (as the Python assembly says it), or
    None: a NULL id, or one that is not valid UTF-8."""
    if sid is None:
        return "session_id is empty"
    if isinstance(sid, InvalidText):
        return "session_id: not valid UTF-8"
    return None


def _streamed_batches(
    t: SessionTable, flt: SessionFilter, batch_size: int, line: LineSql, side: _Side
) -> Iterator[_Batch]:
    """Batches cut from one stream of every matching session's line (PostgreSQL's COPY: the
    server never waits for the client between pages); the sessions left to Python, and the
    linked rows, are read on a second connection in the same snapshot."""
    d = t.dialect
    where, params = where_clause(d, t.layout, flt)
    sql = (
        f"SELECT {d.json_string('session_id')}, {line.head}, {line.runs}, {line.tail} "
        f"FROM {t.sessions} {where} ORDER BY created_at, session_id"
    )
    side.prepare()
    pending: list[tuple[str | None, bytes | None, bytes | None, bytes | None]] = []
    for sid, head, runs, tail in d.stream_fields(t.conn, sql, params):
        pending.append((json.loads(sid or b"null"), head, runs, tail))
        if len(pending) == batch_size:
            yield _batch(side.table, pending)
            pending = []
    if pending:
        yield _batch(side.table, pending)


def _batch(
    t: SessionTable | Callable[[], SessionTable],
    pieces: Sequence[tuple[Any, Any, Any, Any]],
) -> _Batch:
    """A batch from each session's (id as fetched, head, runs, tail); the rest read from
    ``t`` by id."""
    ids = [_text(sid) for sid, *_ in pieces]
    built: dict[str, LineParts] = {}
    unreadable: dict[str, str] = {}
    runs = 0
    for (sid, head, joined, tail), key in zip(pieces, ids, strict=True):
        why = _unaddressable(sid)
        if why is not None:
            unreadable[key] = why
            continue
        if head is None or joined is None:
            continue
        colon = joined.index(b":")
        line = (head, memoryview(joined)[colon + 1 :], tail)
        if (joined.isascii() and head.isascii() and tail.isascii()) or _utf8(line):
            built[key] = _finished(line, (head, joined, tail))
            runs += int(joined[:colon])
    rest = [sid for sid in ids if sid not in built and sid not in unreadable]
    return _Batch(ids, built, runs, *_stored(t, rest), unreadable)


def _stored(
    source: SessionTable | Callable[[], SessionTable], ids: list[str]
) -> tuple[list[Sequence[Any]], dict[str, list[Any]]]:
    """The stored values of the sessions ``ids``, in that order, with their runs."""
    if not ids:
        return [], {}
    t = source if isinstance(source, SessionTable) else source()
    cond, params = t.dialect.in_clause("session_id", ids)
    select = _select_list(t.dialect, t.layout)
    rows = t.dialect.fetch_bulk(t.conn, f"SELECT {select} FROM {t.sessions} WHERE {cond}", params)
    order = {sid: i for i, sid in enumerate(ids)}
    rows.sort(key=lambda r: order.get(str(r[0]), len(order)))
    return rows, _stored_runs(t, ids)


class _Side:
    """A second connection in the snapshot of ``t``'s, opened when first needed: reads that
    cannot wait while ``t``'s connection streams (sessions Python must assemble, linked
    rows)."""

    def __init__(self, t: SessionTable) -> None:
        self.t = t
        self.snapshot: str | None = None
        self.conn: Any = None
        self._table: SessionTable | None = None

    def __enter__(self) -> _Side:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            self.t.dialect.end_read(conn)
            conn.close()

    def prepare(self) -> None:
        """Name the snapshot (before the stream starts: nothing else runs on it then)."""
        self.snapshot = self.t.dialect.export_snapshot(self.t.conn)

    def table(self) -> SessionTable:
        if self._table is None:
            d = self.t.dialect
            self.conn = d.connect(read_only=True)
            d.join_snapshot(self.conn, str(self.snapshot))
            self._table = SessionTable(d, self.conn, self.t.layout)
        return self._table


#: :data:`_CONTROLS` in UTF-8, in two patterns that each start with one lead byte: a line is
#: searched for one only when it holds that byte (a memchr-fast test), so the escape costs
#: nothing on the many non-ASCII lines that hold none.
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_WIDE_BYTES = re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")


def _utf8(pieces: Pieces) -> bool:
    """Whether every piece is UTF-8 (SQLite text may not be)."""
    try:
        for piece in pieces:
            codecs.utf_8_decode(piece, "strict", True)
    except UnicodeDecodeError:
        return False
    return True


def _finished(line: Pieces, whole: tuple[bytes, bytes, bytes]) -> LineParts:
    """A line the database built, made what :func:`_one_safe_line` makes of it (its ids are
    plain ASCII, so the whole line can be treated as one value). ``whole`` holds the same
    bytes with the run count still before the payloads, for the byte tests; the parts are
    joined, and made safe the one way, only where something must change."""
    if not any(_needs_change(piece) for piece in whole):
        return line
    return (_one_safe_line(b"".join(line).decode("utf-8")).encode("utf-8"),)


def _needs_change(piece: bytes) -> bool:
    """Whether ``piece`` may hold what :func:`_one_safe_line` changes (memchr-fast tests)."""
    return (
        (b"\xc2" in piece and _C1_BYTES.search(piece) is not None)
        or (b"\xe2" in piece and _WIDE_BYTES.search(piece) is not None)
        or b"\n" in piece
        or b"\r" in piece
        or b"\x7f" in piece
    )


@dataclass(frozen=True)
class LineSql:
    """A session's export line as the database builds it, in three pieces that Python joins
    (so the server never copies the runs, nearly all of a line, into a longer string): ``head``
    up to ``"runs": [``, ``runs`` as ``<count>:<payloads>``, ``tail`` from ``]`` on. ``head``
    is NULL where a value needs Python's reading (an id that is not printable ASCII, a JSON
    value stored double-encoded, invalid or of the wrong kind, a timestamp that is not an
    integer), ``runs`` where a run does."""

    head: str
    runs: str
    tail: str


def line_sql(t: SessionTable) -> LineSql | None:
    """The SQL of :class:`LineSql`, whose bytes are those :func:`_line` writes; None where the
    database cannot build lines, or the layout needs runs merged the way agno merges them."""
    d, layout = t.dialect, t.layout
    required = ("session_id", "session_type", "created_at")
    if not d.builds_record_lines or layout.kind != "table" or not all(map(layout.has, required)):
        return None
    checks: list[str] = []
    parts: dict[str, str] = {}
    for name in FIELDS:
        col = column_sql(name)
        if name == "runs":
            continue
        if not layout.has(name):
            parts[name] = "'null'"
        elif name in ID_FIELDS:
            parts[name] = f"coalesce({d.json_string(col)}, 'null')"
            plain = d.is_plain_text(col)
            if name == "session_id":
                checks.append(f"{plain} AND {col} <> ''")
            elif name == "session_type":
                checks.append(f"{col} IN ({', '.join(repr(k) for k in SESSION_TYPES)})")
            else:
                checks.append(f"({col} IS NULL OR {plain})")
        elif name in JSON_FIELDS:
            parts[name] = f"coalesce({d.json_text(col)}, 'null')"
            first = d.json_first_char(col)
            allowed = "IN ('{', 'n')" if name in DICT_FIELDS else "<> '\"'"
            checks.append(f"({col} IS NULL OR {first} {allowed})")
        else:
            is_int, text = d.integer_text(col)
            if name == "created_at":
                parts[name] = text
                checks.append(is_int)
            else:
                parts[name] = f"coalesce({text}, 'null')"
                checks.append(f"({col} IS NULL OR {is_int})")
    at = FIELDS.index("runs")
    head = " || ', ' || ".join(f"'{_KEYS[n]}' || {parts[n]}" for n in FIELDS[:at])
    tail = " || ', ' || ".join(f"'{_KEYS[n]}' || {parts[n]}" for n in FIELDS[at + 1 :])
    return LineSql(
        f"CASE WHEN {' AND '.join(checks)} THEN '{{' || {head} || ', {_KEYS['runs']}[' END",
        _joined_runs(t),
        f"'], ' || {tail} || '}}'",
    )


def _joined_runs(t: SessionTable) -> str:
    if not t.runs:
        return "'0:'"
    return t.dialect.joined_runs(t.runs, f"{t.sessions}.session_id", run_order(t.layout))


def prefetch(items: Iterator[T], depth: int = 2) -> Generator[T, None, None]:
    """Iterate ``items`` in a worker thread, ``depth`` batches ahead of the consumer."""
    buffer: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = threading.Event()

    def offer(entry: tuple[str, Any]) -> bool:
        """Hand ``entry`` over unless the consumer has stopped (then nobody takes it)."""
        while not stop.is_set():
            try:
                buffer.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not offer(("item", item)):
                    return
            offer(("end", None))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the consumer
            offer(("error", exc))
        finally:
            done.set()

    worker = threading.Thread(target=work, name="kern-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = buffer.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        _wait_out(done)


def _wait_out(done: threading.Event) -> None:
    """Wait until the worker has ended, however often Ctrl-C comes meanwhile (then raised
    once): the caller closes the connection the worker reads from. Not ``Thread.join``: on
    Python 3.11 a Ctrl-C inside it marks the thread ended while it still runs."""
    interrupted = False
    while not done.is_set():
        try:
            done.wait()
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt


def _select_list(dialect: Dialect, layout: Layout) -> str:
    cols = []
    for name in FIELDS:
        column = column_sql(name)
        if not layout.has(name) or (name == "runs" and not layout.has_runs_column):
            cols.append("NULL")
        elif name in JSON_FIELDS:
            cols.append(dialect.json_text(column))
        else:
            cols.append(column)
    if dialect.stores_invalid_json:
        for name in JSON_FIELDS:
            column = column_sql(name)
            valid = dialect.json_valid(column, layout.session_table)
            cols.append(valid if layout.has(name) else "1")
    return ", ".join(cols)


def _lines(
    t: SessionTable, batch: _Batch, report: ExportReport, on_skip: SkipHandler | None
) -> Iterator[tuple[str, LineParts]]:
    """The batch's lines in export order (those that cannot be read are reported and left
    out)."""
    assembled = dict(_assembled(t.dialect, t.layout, batch.rows, batch.runs, report, on_skip))
    for sid, why in batch.unreadable.items():
        report.skipped += 1
        if on_skip is not None:
            on_skip(sid, why)
    report.sessions += len(batch.built)
    report.runs += batch.built_runs
    for sid in batch.ids:
        parts = batch.built.get(sid)
        if parts is not None:
            yield sid, parts
        elif sid in assembled:
            yield sid, (assembled[sid].encode("utf-8"),)


def _assembled(
    dialect: Dialect,
    layout: Layout,
    rows: Sequence[Sequence[Any]],
    runs: dict[str, list[Any]],
    report: ExportReport,
    on_skip: SkipHandler | None,
) -> Iterator[tuple[str, str]]:
    """(session id, line) of each readable row, assembled from its stored values."""
    if layout.kind == "both":
        for row in rows:
            yield from _decoded_line(row[: len(FIELDS)], runs.get(str(row[0]), []), report, on_skip)
        return
    for row in rows:
        sid = str(row[0])
        try:
            texts = _runs_texts(runs[sid]) if sid in runs else None
            if texts is None and layout.kind == "table":
                texts = []
            line, count = _line(dialect, row, texts)
        except _Unreadable as exc:
            report.skipped += 1
            if on_skip is not None:
                on_skip(sid, str(exc))
            continue
        report.sessions += 1
        report.runs += count
        yield sid, line


def _runs_rows(t: SessionTable, ids: Sequence[str]) -> dict[str, list[Any]]:
    """(text, json_valid) of each stored run payload, per session, in stored order."""
    if not t.layout.runs_table:
        return {}
    cond, params = t.dialect.in_clause("session_id", ids)
    order = ", ".join(run_order(t.layout))
    valid = f", {t.dialect.json_valid('run_data', t.layout.runs_table)}"
    sql = (
        f"SELECT session_id, {t.dialect.json_text('run_data')}{valid} "
        f"FROM {t.runs} WHERE {cond} ORDER BY session_id, {order}"
    )
    out: dict[str, list[Any]] = {}
    for sid, text, ok in t.dialect.fetch_bulk(t.conn, sql, params):
        out.setdefault(sid, []).append((text, ok))
    return out


def _runs_texts(rows: list[tuple[Any, Any]]) -> list[str]:
    """Run payload texts, each a JSON object (or :class:`_Unreadable`)."""
    texts = []
    for text, ok in rows:
        out = _value_text(text, ok) if text is not None else "null"
        if out is None:
            raise _Unreadable("a run payload is malformed JSON")
        if out.lstrip()[:1] != "{":
            raise _Unreadable("a run payload is not a JSON object")
        texts.append(out)
    return texts


def _value_text(text: Any, ok: Any) -> str | None:
    """The JSON text of a stored value as agno reads it, or None when it cannot be read."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(text, InvalidText) or not ok:
        return None
    if isinstance(text, str) and text[:1] == '"':
        try:
            return _one_safe_line(jsoncodec.dumps(decode_stored(text)))
        except MalformedJSON:
            return None
    if not isinstance(text, str):
        return jsoncodec.dumps(text)
    return _one_safe_line(text)


_CONTROLS = re.compile("[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape_controls(text: str) -> str:
    """Escape C1 controls, line separators and bidi overrides that jsonb text leaves raw.

    They are legal in JSON but a terminal may act on them; escaped, the JSON means the same.
    """
    return _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _one_safe_line(text: str) -> str:
    """Stored JSON text made safe for a JSON-lines stream, with the same meaning.

    Raw newlines can only sit between tokens in valid JSON (they become spaces); DEL is escaped;
    non-ASCII controls go through :func:`_escape_controls`. The checks are C-speed scans, so
    clean ASCII text (nearly all of it) passes untouched.
    """
    if not text.isascii():
        text = _escape_controls(text)
    if "\n" in text or "\r" in text:
        text = text.replace("\r", " ").replace("\n", " ")
    if "\x7f" in text:
        text = text.replace("\x7f", "\\u007f")
    return text


def _line(dialect: Dialect, row: Sequence[Any], runs: list[str] | None) -> tuple[str, int]:
    n = len(FIELDS)
    valid = dict(zip(JSON_FIELDS, row[n:], strict=True)) if dialect.stores_invalid_json else {}
    parts = ["{"]
    run_count = 0
    for i, name in enumerate(FIELDS):
        value = row[i]
        if i:
            parts.append(", ")
        parts.append(_KEYS[name])
        if name in ID_FIELDS:
            if isinstance(value, InvalidText):
                raise _Unreadable(f"{name}: not valid UTF-8")
            _check_id(name, value)
            parts.append(
                json.dumps(value if value is None or isinstance(value, str) else str(value))
            )
        elif name == "runs":
            text, run_count = _runs_value(value, valid.get("runs", 1), runs)
            parts.append(text)
        elif name in JSON_FIELDS:
            if value is None:
                parts.append("null")
                continue
            doc = _value_text(value, valid.get(name, 1))
            if doc is None:
                raise _Unreadable(f"{name}: malformed JSON")
            if name in DICT_FIELDS and doc.lstrip()[:1] not in ("{", "n"):
                raise _Unreadable(f"{name} is neither a JSON object nor null")
            parts.append(doc)
        else:
            parts.append(_int_text(name, value))
    parts.append("}")
    return "".join(parts), run_count


def _runs_value(column: Any, ok: Any, table_runs: list[str] | None) -> tuple[str, int]:
    if table_runs is not None or column is None:
        texts = table_runs or []
        return "[" + ", ".join(texts) + "]", len(texts)
    if isinstance(column, InvalidText) or not ok or not isinstance(column, str):
        raise _Unreadable("runs: malformed JSON")
    try:
        runs = decode_stored(column)
    except MalformedJSON:
        raise _Unreadable("runs: malformed JSON") from None
    if runs is None:
        return "[]", 0
    problem = run_problem(runs)
    if problem:
        raise _Unreadable(problem)
    if column[:1] == '"':
        return jsoncodec.dumps(runs), len(runs)
    return _one_safe_line(column), len(runs)


def _int_text(name: str, value: Any) -> str:
    if value is None:
        if name == "created_at":
            raise _Unreadable("created_at is NULL")
        return "null"
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            return str(int(float(value)))
        except (TypeError, ValueError, OverflowError):
            raise _Unreadable(f"{name}: not a finite number") from None
    return str(value)


def _check_id(name: str, value: Any) -> None:
    """The id columns an import accepts: a non-empty session_id and a known session_type."""
    if name == "session_id" and (value is None or value == ""):
        raise _Unreadable("session_id is empty")
    if name == "session_type" and value not in SESSION_TYPES:
        raise _Unreadable(f"session_type {value!r} is not agent, team or workflow")


def _decoded_line(
    row: Sequence[Any], table_runs: list[Any], report: ExportReport, on_skip: SkipHandler | None
) -> Iterator[tuple[str, str]]:
    session = build_session(row, table_runs)
    warnings = list(session.warnings) or _record_problems(session)
    line = ""
    if not warnings:
        try:
            line = _one_safe_line(jsoncodec.dumps(session.to_dict()))
        except MalformedJSON as exc:
            warnings.append(str(exc))
    if warnings:
        report.skipped += 1
        if on_skip is not None:
            on_skip(session.session_id, "; ".join(warnings))
        return
    report.sessions += 1
    report.runs += len(session.runs)
    yield session.session_id, line


def _record_problems(session: Session) -> list[str]:
    """Why an import would refuse this record (empty when it would accept it)."""
    try:
        Session.from_dict(session.to_dict())
    except BadInputError as exc:
        return [exc.message]
    return []


def write_jsonl(
    lines: Iterable[LineParts | bytes], write: Callable[[bytes], Any], buffer_bytes: int = 1 << 20
) -> int:
    """Write lines (bytes, or a line's parts) with newlines through ``write`` in ~1 MB
    chunks; returns bytes written."""
    total = 0
    chunk: list[bytes | memoryview] = []
    size = 0
    for line in lines:
        parts = (line,) if isinstance(line, bytes) else line
        for part in parts:
            chunk.append(part)
            size += len(part)
        chunk.append(b"\n")
        size += 1
        if size >= buffer_bytes:
            data = b"".join(chunk)
            write(data)
            total += len(data)
            chunk, size = [], 0
    if chunk:
        data = b"".join(chunk)
        write(data)
        total += len(data)
    return total
