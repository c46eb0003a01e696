"""Stream sessions out as JSON lines, passing stored JSON text through without re-encoding it.

Decoding and re-encoding gigabytes of run payloads is what makes a naive export slow, so each
line is assembled from the stored JSON text. SQLite text is validated in SQL (``json_valid``)
and double-encoded values are unwrapped; PostgreSQL jsonb is valid by construction. A session
with any unreadable value is skipped and reported, never written half-right. Migrated tables
holding both layouts take the decoding path, which merges runs the way agno does.
"""

from __future__ import annotations

import json
import queue
import re
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from kern_core import jsoncodec
from kern_core.dialect import Dialect
from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter
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
    RUN_ORDER,
    SkipHandler,
    build_session,
    fetch_table_runs,
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


def export_lines(
    t: SessionTable,
    flt: SessionFilter,
    report: ExportReport,
    batch_size: int = 500,
    on_skip: SkipHandler | None = None,
) -> Iterator[str]:
    """One JSON document per matching session, oldest first: always a single line, with no raw
    control, C1 or bidi characters (escaped in JSON's own way, so the meaning is unchanged).

    The next batch is fetched in a background thread while this one is turned into lines: the
    database (or the PostgreSQL server) works while Python builds strings.
    """
    linked = LinkedExport(t)
    batches = prefetch(linked.tap(_fetch(t, flt, batch_size)))
    try:
        for rows, runs in batches:
            yield from linked.extend(
                rows, _batch_lines(t.dialect, t.layout, rows, runs, report, on_skip)
            )
    finally:
        batches.close()


Batch = tuple[list[Sequence[Any]], dict[str, list[Any]]]
T = TypeVar("T")


def _fetch(t: SessionTable, flt: SessionFilter, batch_size: int) -> Iterator[Batch]:
    """Raw batches: session rows, and each session's stored run values in stored order."""
    select = _select_list(t.dialect, t.layout)
    for rows in session_batches(t, flt, select, batch_size):
        ids = [str(r[0]) for r in rows]
        if t.layout.kind == "both":
            yield rows, fetch_table_runs(t, ids)
        elif t.layout.kind == "table":
            yield rows, _runs_rows(t, ids)
        else:
            yield rows, {}


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


def _batch_lines(
    dialect: Dialect,
    layout: Layout,
    rows: Sequence[Sequence[Any]],
    runs: dict[str, list[Any]],
    report: ExportReport,
    on_skip: SkipHandler | None,
) -> Iterator[str]:
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
        yield line


def _runs_rows(t: SessionTable, ids: Sequence[str]) -> dict[str, list[Any]]:
    """(text, json_valid) of each stored run payload, per session, in stored order."""
    if not t.layout.runs_table:
        return {}
    cond, params = t.dialect.in_clause("session_id", ids)
    order = RUN_ORDER if "run_index" in t.layout.runs_columns else "created_at, run_id"
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
) -> Iterator[str]:
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
    yield line


def _record_problems(session: Session) -> list[str]:
    """Why an import would refuse this record (empty when it would accept it)."""
    try:
        Session.from_dict(session.to_dict())
    except BadInputError as exc:
        return [exc.message]
    return []


def write_jsonl(
    lines: Iterator[str], write: Callable[[str], Any], buffer_bytes: int = 1 << 20
) -> int:
    """Write lines with newlines through ``write`` in ~1 MB chunks; returns characters written."""
    total = 0
    chunk: list[str] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line) + 1
        if size >= buffer_bytes:
            text = "\n".join(chunk) + "\n"
            write(text)
            total += len(text)
            chunk, size = [], 0
    if chunk:
        text = "\n".join(chunk) + "\n"
        write(text)
        total += len(text)
    return total
