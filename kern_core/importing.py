"""Import session records written by ``kern sessions export`` (JSON lines or one JSON array).

An import validates every record before it writes anything, then upserts the valid ones in
batches, one transaction per batch. Input that can only be read once (a pipe, a FIFO) is read
once and spooled to a temporary file on disk during validation, so memory stays bounded by the
batch size whatever the input's size; a JSON array is streamed element by element with the
standard library's ``raw_decode``, no whole-document parse.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from kern_core import jsoncodec
from kern_core.db import SessionDb
from kern_core.dialect import chunked
from kern_core.errors import BadInputError, ConflictError
from kern_core.linked.tables import unread_note
from kern_core.model import Session
from kern_core.storable import (
    encoded_problems,
    length_problems,
    nul_count,
    refuse_text_surrogates,
    rules_of,
    strip_session_nul,
    suspect_text,
    target_problems,
)
from kern_core.writing import ON_CONFLICT, WriteReport, clash_reasons, existing_ids

FORMATS = ("jsonl", "json")
_CHUNK = 1 << 16
_ID_CHUNK = 1000
#: A decode error this close to the buffer's end may be a token cut by the chunk boundary.
_LOOKAHEAD = 64


@dataclass(frozen=True)
class ParsedRecord:
    """One input record: where it starts (1-based line), and the session or why it is invalid."""

    line: int
    session: Session | None = None
    error: str | None = None
    #: False when the record's text certainly holds no value a target might refuse
    #: (:func:`kern_core.storable.suspect_text`); True when it might, or is not known.
    suspect: bool = True
    #: The brackets in the record's text (a bound on how deeply its JSON nests), and a bound
    #: on the bytes any row written for it takes; None when not known.
    brackets: int | None = None
    max_bytes: int | None = None


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    inserted: int = 0
    replaced: int = 0
    skipped: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)
    runs_written: int = 0
    dry_run: bool = False
    #: Sessions the target cannot store (also in ``invalid``, by line): id, why.
    unstorable: list[tuple[str, str]] = field(default_factory=list)
    #: Sessions written (or, dry, to write) with NUL characters removed: id, values changed.
    stripped: list[tuple[str, int]] = field(default_factory=list)
    #: Said when records carried session-linked rows to a target whose agno does not read
    #: them (MySQL).
    linked_note: str = ""
    #: Sessions not written because the target's collation (MySQL, MariaDB) takes their id,
    #: or one of their run ids, for another session's: id, why (``WriteReport.clashed``).
    clashed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.inserted + self.replaced + self.skipped


class InvalidRecordsError(BadInputError):
    """Some records are invalid and ``skip_invalid`` was not given: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        first_line, first_msg = report.invalid[0]
        super().__init__(
            f"{len(report.invalid)} invalid record(s); nothing was written "
            f"(first: line {first_line}: {first_msg})",
            hint="fix the input, or pass {option:skip-invalid} to import the valid records",
        )
        self.report = report


ProgressHandler = Callable[[ImportReport], None]


# -- parsing ----------------------------------------------------------------------------------


class RecordSource:
    """The records of one input stream, iterable more than once (validate, then write).

    A seekable stream is re-read from where it started; any other is copied to a temporary
    file on disk as it is read the first time.
    """

    def __init__(self, stream: IO[str], fmt: str | None = None) -> None:
        if fmt is not None and fmt not in FORMATS:
            raise BadInputError(f"format must be jsonl or json, not {fmt!r}")
        self._fmt = fmt
        self._stream = stream
        self._start: int | None = _tell(stream)
        self._spool: IO[str] | None = None
        self._read_once = False

    def __iter__(self) -> Iterator[ParsedRecord]:
        if not self._read_once:
            self._read_once = True
            if self._start is None:
                self._spool = tempfile.TemporaryFile(  # noqa: SIM115 - closed in close()
                    mode="w+", encoding="utf-8", newline=""
                )
                return parse_records(_Tee(self._stream, self._spool), self._fmt)
            return parse_records(self._stream, self._fmt)
        source = self._spool if self._spool is not None else self._stream
        source.seek(self._start or 0)
        return parse_records(source, self._fmt)

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()


class _Tee:
    """Reads from a stream and keeps a copy of everything read."""

    def __init__(self, stream: IO[str], copy: IO[str]) -> None:
        self._stream = stream
        self._copy = copy

    def read(self, size: int = -1) -> str:
        text = self._stream.read(size)
        self._copy.write(text)
        return text


def _tell(stream: IO[str]) -> int | None:
    try:
        if stream.seekable():
            return stream.tell()
    except (OSError, ValueError):
        pass
    return None


def parse_records(stream: Any, fmt: str | None = None) -> Iterator[ParsedRecord]:
    """Parse and validate records one by one; ``fmt`` None detects it from the first character
    (``[`` means a JSON array, anything else JSON lines)."""
    reader = _Reader(stream)
    if fmt is None:
        fmt = "json" if reader.peek_nonspace() == "[" else "jsonl"
    if fmt == "json":
        return _parse_array(reader)
    return _parse_lines(reader)


def _validate(line: int, value: Any, where: str, text: str) -> ParsedRecord:
    try:
        session = Session.from_dict(value)
        refuse_text_surrogates(session)
    except BadInputError as exc:
        return ParsedRecord(line, error=f"{where}{exc.message}")
    return ParsedRecord(
        line,
        session=session,
        suspect=suspect_text(text),
        brackets=text.count("[") + text.count("{"),
        max_bytes=len(text) * (2 if text.isascii() else 14) + 4096,
    )


def _parse_lines(reader: _Reader) -> Iterator[ParsedRecord]:
    for number, text in reader.lines():
        if not text.strip():
            continue
        try:
            value = jsoncodec.loads(text)
        except ValueError as exc:
            yield ParsedRecord(number, error=f"malformed JSON: {exc}")
            continue
        yield _validate(number, value, "", text)


def _parse_array(reader: _Reader) -> Iterator[ParsedRecord]:
    if reader.next_nonspace() != "[":
        raise BadInputError("a JSON input must be an array of session records")
    index = 0
    while True:
        ch = reader.peek_nonspace()
        if ch == "]" and index == 0:
            reader.next_nonspace()
            break
        line, value, text = reader.decode_value(f"item {index}")
        yield _validate(line, value, f"item {index}: ", text)
        index += 1
        sep = reader.next_nonspace()
        if sep == "]":
            break
        if sep != ",":
            raise BadInputError(
                f"line {reader.line}: malformed JSON array after item {index - 1} "
                f"(expected ',' or ']', found {sep or 'end of input'!r})"
            )
    if reader.peek_nonspace() != "":
        raise BadInputError(f"line {reader.line}: unexpected text after the JSON array")


def _maybe_truncated(exc: json.JSONDecodeError, size: int) -> bool:
    """Whether a decode error may only mean that the value goes on past the buffer."""
    return exc.pos + _LOOKAHEAD >= size or exc.msg.startswith("Unterminated string")


class _Reader:
    """A character buffer over a text stream that tracks line numbers."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._buf = ""
        self._pos = 0
        self._eof = False
        self.line = 1

    def _fill(self, at_least: int = _CHUNK) -> bool:
        if self._eof:
            return False
        try:
            chunk = self._stream.read(max(at_least, _CHUNK))
        except UnicodeDecodeError:
            raise BadInputError(
                "the input is not valid UTF-8",
                hint="an export is UTF-8 text; check the file's encoding",
            ) from None
        if not chunk:
            self._eof = True
            return False
        self._buf = self._buf[self._pos :] + chunk
        self._pos = 0
        return True

    def peek_nonspace(self) -> str:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in " \t\r\n":
                if self._buf[self._pos] == "\n":
                    self.line += 1
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def next_nonspace(self) -> str:
        ch = self.peek_nonspace()
        if ch:
            self._pos += 1
        return ch

    def decode_value(self, what: str) -> tuple[int, Any, str]:
        """Decode the JSON value that starts here, reading more input until it is complete;
        returns its first line, the value and its text."""
        self.peek_nonspace()
        start_line = self.line
        while True:
            try:
                value, end = jsoncodec.raw_decode(self._buf, self._pos)
            except jsoncodec.MalformedJSON as exc:
                raise BadInputError(f"line {start_line}: {what} is malformed JSON: {exc}") from None
            except json.JSONDecodeError as exc:
                # Incomplete or malformed: read more (doubling, so a big value costs O(n)).
                if _maybe_truncated(exc, len(self._buf)) and self._fill(len(self._buf) - self._pos):
                    continue
                raise BadInputError(f"line {start_line}: {what} is malformed JSON: {exc}") from None
            if end == len(self._buf) and not self._eof and self._fill():
                continue  # a number at the buffer's end may go on in the next chunk
            self.line += self._buf.count("\n", self._pos, end)
            text = self._buf[self._pos : end]
            self._pos = end
            return start_line, value, text

    def lines(self) -> Iterator[tuple[int, str]]:
        number = self.line - 1
        for text in iter(lambda: self._readline(), None):
            number += 1
            yield number, text

    def _readline(self) -> str | None:
        while True:
            end = self._buf.find("\n", self._pos)
            if end >= 0:
                text = self._buf[self._pos : end]
                self._pos = end + 1
                return text
            if not self._fill():
                if self._pos < len(self._buf):
                    text = self._buf[self._pos :]
                    self._pos = len(self._buf)
                    return text
                return None


# -- importing --------------------------------------------------------------------------------


def import_sessions(
    db: SessionDb,
    records: Iterable[ParsedRecord],
    *,
    on_conflict: str = "skip",
    dry_run: bool = False,
    skip_invalid: bool = False,
    batch_size: int = 500,
    on_progress: ProgressHandler | None = None,
    strip_nul: bool = False,
) -> ImportReport:
    """Validate every record, then upsert the valid ones in batches (one transaction each).

    ``records`` is iterated twice (a :class:`RecordSource` or a list; a one-shot iterator is
    materialised). Invalid records raise :class:`InvalidRecordsError` before anything is written
    unless ``skip_invalid``; ``on_conflict="fail"`` checks every id first and raises
    :class:`ConflictError` before anything is written, then writes every batch in one
    transaction, so a session another writer adds meanwhile also leaves nothing written. A dry
    run computes the same report from the ids already stored and writes nothing (it does not
    even create the table). A session the target cannot store (:mod:`kern_core.storable`: a
    NUL character or a lone surrogate for PostgreSQL) is invalid like a malformed record and
    listed in ``report.unstorable``; with ``strip_nul`` one whose only problem is NUL
    characters in string values is written with them removed, as agno's PostgresDb does
    (``report.stripped``). A session whose id (or a run id) MySQL's collation takes for
    another session's is a conflict with it: ``fail`` raises, ``skip`` and ``replace`` write
    the others and list it in ``report.clashed``. A crash leaves every batch either fully
    written or untouched;
    rerunning with ``skip`` finishes.
    """
    if on_conflict not in ON_CONFLICT:
        raise BadInputError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}")
    if isinstance(records, Iterator):
        records = list(records)
    report = ImportReport(dry_run=dry_run)
    strip = _Storable(db, strip_nul)
    ids, bad = _validate_all(records, report, strip)
    if report.invalid and not skip_invalid:
        raise InvalidRecordsError(report)
    if dry_run or on_conflict == "fail":
        found, clashes = _stored_ids(db, ids)
        if on_conflict == "fail" and (found or clashes):
            parts = list(clashes.values())[:5]
            if found:
                shown = ", ".join(sorted(found)[:5])
                parts.insert(0, f"{len(found)} session(s) already exist: {shown}")
            raise ConflictError(f"{'; '.join(parts)}; nothing written")
        if dry_run:
            report.clashed = list(clashes.items())
            sessions = (
                s for s in _valid_sessions(records, bad, strip) if s.session_id not in clashes
            )
            kept = [i for i in ids if i not in clashes]
            return _dry_report(report, kept, found, on_conflict, sessions, strip)
    if not ids:
        return report

    def on_batch(part: WriteReport) -> None:
        report.stripped += strip.written(part.inserted + part.replaced)
        report.inserted += len(part.inserted)
        report.replaced += len(part.replaced)
        report.skipped += len(part.skipped)
        report.clashed += part.clashed
        report.runs_written += part.runs_written
        if on_progress is not None:
            on_progress(report)

    try:
        db.upsert_sessions(
            _valid_sessions(records, bad, strip),
            on_conflict=on_conflict,
            batch_size=batch_size,
            on_batch=on_batch,
            atomic=on_conflict == "fail",
        )
    except ConflictError as exc:
        if on_conflict != "fail":
            raise
        raise ConflictError(f"{exc.message}; nothing written", hint=exc.hint_template) from None
    return report


class _Storable:
    """The target's storage rule for one import: which sessions it refuses, which get their NUL
    characters stripped (by input position), and how many values each changes."""

    def __init__(self, db: SessionDb, strip_nul: bool) -> None:
        self.dialect = db.dialect
        self.kind = db.dialect.kind
        self.runs_in_table = _target_layout(db) != "column"
        self.rules = rules_of(db)
        self.strip_nul = strip_nul and not self.rules.json_holds_nul
        self.counts: dict[int, tuple[str, int]] = {}
        self._ids: dict[str, int] = {}

    def check(self, position: int, rec: ParsedRecord) -> list[str]:
        """Why the target cannot store the record's session: the scans its text may fail
        (values by :func:`~kern_core.storable.suspect_text`, nesting by its brackets, size by
        its length), and the column lengths, which cost nothing."""
        session = rec.session
        assert session is not None
        rules = self.rules
        if rec.suspect:
            why = self.problems(position, session)
        else:
            why = length_problems(session, rules, self.runs_in_table)
        deep = rules.json_max_depth is not None and (
            rec.brackets is None or rec.brackets > rules.json_max_depth
        )
        big = rules.max_row_bytes is not None and (
            rec.max_bytes is None or rec.max_bytes > rules.max_row_bytes
        )
        if not why and (deep or big):
            why = encoded_problems(session, rules, self.runs_in_table)
        return why

    def problems(self, position: int, session: Session) -> list[str]:
        """Why the target cannot store the session; notes the ones to strip."""
        why = target_problems(
            session, self.rules, strip_nul=self.strip_nul, runs_in_table=self.runs_in_table
        )
        if not why and self.strip_nul:
            count = nul_count(session)
            if count:
                self.counts[position] = (session.session_id, count)
                self._ids[session.session_id] = count
        return why

    def linked_problems(self, session: Session) -> list[str]:
        """Why the target cannot hold the session's linked rows (a key longer than MySQL's
        column for it), found before anything is written."""
        if not session.linked or not self.dialect.string_lengths:
            return []
        from kern_core.linked.transfer import refuse_too_long, retarget, scope_of

        sid = session.session_id
        try:
            refuse_too_long(
                sid, retarget(session.linked, sid, scope_of(self.dialect)), self.dialect
            )
        except BadInputError as exc:
            return [exc.message.removeprefix(f"session {sid!r}: ")]
        return []

    def apply(self, position: int, session: Session) -> Session:
        return strip_session_nul(session)[0] if position in self.counts else session

    def written(self, ids: Iterable[str]) -> list[tuple[str, int]]:
        return [(sid, self._ids[sid]) for sid in ids if sid in self._ids]


def _target_layout(db: SessionDb) -> str:
    """The layout kind writes will meet: the existing table's, else the one kern creates."""
    layout = db.existing_layout()
    return db.new_layout if layout is None else layout.kind


def _validate_all(
    records: Iterable[ParsedRecord], report: ImportReport, storable: _Storable
) -> tuple[list[str], set[int]]:
    """Collect errors (a repeated session id and a session the target cannot store included):
    the valid ids in input order, and the positions of the records to leave out."""
    first_line: dict[str, int] = {}
    seen: dict[str, int] = {}
    bad: set[int] = set()
    for position, rec in enumerate(records):
        if rec.session is None:
            report.invalid.append((rec.line, rec.error or "invalid record"))
            bad.add(position)
            continue
        sid = rec.session.session_id
        if sid in seen:
            report.invalid.append(
                (rec.line, f"session {sid} appears twice (first on line {seen[sid]})")
            )
            bad.add(position)
            continue
        seen[sid] = rec.line
        why = storable.check(position, rec)
        why += storable.linked_problems(rec.session)
        if rec.session.linked:
            report.linked_note = unread_note(storable.dialect, {"linked": 1})
        if why:
            report.invalid.append((rec.line, f"session {sid}: {'; '.join(why)}"))
            report.unstorable.append((sid, "; ".join(why)))
            bad.add(position)
            continue
        first_line[sid] = rec.line
    return list(first_line), bad


def _valid_sessions(
    records: Iterable[ParsedRecord], bad: set[int], storable: _Storable
) -> Iterator[Session]:
    for position, rec in enumerate(records):
        if rec.session is not None and position not in bad:
            yield storable.apply(position, rec.session)


def _stored_ids(db: SessionDb, ids: list[str]) -> tuple[set[str], dict[str, str]]:
    """The ids among ``ids`` already stored, and why the target's collation cannot store
    others (:func:`~kern_core.writing.clash_reasons`, within each chunk of ids); nothing when
    the table does not exist."""
    if db.existing_layout() is None:
        return set(), {}
    found: set[str] = set()
    clashes: dict[str, str] = {}
    with db.reading() as t:
        for part in chunked(ids, _ID_CHUNK):
            found |= existing_ids(t, part)
            reasons = clash_reasons(t.dialect, t.conn, t.layout.session_table, part)
            clashes.update((i, f"session {i!r}: {why}") for i, why in reasons.items())
    return found, clashes


def _dry_report(
    report: ImportReport,
    ids: list[str],
    found: set[str],
    on_conflict: str,
    sessions: Iterable[Session],
    storable: _Storable,
) -> ImportReport:
    present = sum(1 for i in ids if i in found)
    report.stripped = storable.written(i for i in ids if on_conflict == "replace" or i not in found)
    report.inserted = len(ids) - present
    if on_conflict == "replace":
        report.replaced = present
    else:
        report.skipped = present
    report.runs_written = sum(
        len(s.runs) for s in sessions if on_conflict == "replace" or s.session_id not in found
    )
    return report
