"""Turn source rows into target rows for a copy, passing stored JSON text through.

Each source session is decoded once (for its content digest, and to skip unreadable sessions);
the text written to the target is the stored text itself when it is single-encoded JSON, so
the hot path never re-encodes run payloads. Double-encoded (agno 2.x) text is unwrapped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kern_core import jsoncodec
from kern_core.dialect import StorageRules
from kern_core.filters import SessionFilter
from kern_core.jsoncodec import InvalidText
from kern_core.model import DOC_FIELDS, FIELDS, JSON_FIELDS, Session
from kern_core.reading import SkipHandler, build_session, iter_session_rows
from kern_core.storable import (
    length_problems,
    rules_for,
    strip_session_nul,
    suspect_values,
    target_problems,
    written_problems,
)
from kern_core.table import SessionTable
from kern_core.writing import run_columns, run_rows, scalar_values, session_columns


def session_digest(session: Session) -> bytes:
    """SHA-256 (first 16 bytes) of the session's canonical JSON: sorted keys, no spaces.

    Covers the whole record as kern reads it (ids, type, timestamps, every JSON field and every
    run payload in order), decoded, so jsonb's key order and whitespace do not matter.
    """
    text = jsoncodec.dumps(
        session.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


def value_digest(values: Iterable[Any]) -> bytes:
    """SHA-256 (16 bytes) of values as stored, each length-prefixed (None is distinct from '')."""
    h = hashlib.sha256()
    for value in values:
        if value is None:
            h.update(b"N;")
            continue
        text = str(value).encode("utf-8", "surrogatepass")
        h.update(b"%d:" % len(text))
        h.update(text)
    return h.digest()[:16]


def source_print(row: Sequence[Any], runs: Sequence[Any]) -> bytes:
    """A source row and its runs-table texts as read, hashed undecoded (to tell, before deleting
    it, whether a session changed since it was copied)."""
    return value_digest([*row, "|", *runs])


@dataclass
class CopyItem:
    """One source session ready to write: target row values, run rows, and the print of its
    source row."""

    session_id: str
    row: list[Any]
    runs: list[list[Any]]
    run_count: int
    print: bytes
    #: String values whose NUL characters were removed before writing (``strip_nul``).
    stripped: int = 0

    def decoded(self, shape: TargetShape) -> Session:
        """The session as kern reads what this item writes (for the rare content re-check)."""
        values = dict(zip(shape.session_columns, self.row, strict=True))
        at = shape.run_columns.index("run_data") if shape.runs_in_table else 0
        texts = [r[at] for r in self.runs] if shape.runs_in_table else []
        return build_session([values.get(f) for f in FIELDS], texts)


@dataclass(frozen=True)
class TargetShape:
    """The target's write columns (sessions and runs), where runs go, and what it can store."""

    session_columns: list[str]
    run_columns: list[str]
    runs_in_table: bool
    rules: StorageRules

    @classmethod
    def of(cls, t: SessionTable) -> TargetShape:
        return cls(
            session_columns(t.layout),
            run_columns(t.layout),
            t.layout.runs_in_table,
            rules_for(t),
        )

    def refusal(self, item: CopyItem) -> list[str]:
        """Why the target cannot take the item's rows as encoded (nesting, size)."""
        return written_problems(
            self.rules,
            dict(zip(self.session_columns, item.row, strict=True)),
            [dict(zip(self.run_columns, r, strict=True)) for r in item.runs],
        )


def iter_items(
    t: SessionTable,
    flt: SessionFilter,
    shape: TargetShape,
    batch_size: int,
    on_skip: SkipHandler,
    on_refuse: SkipHandler,
    strip_nul: bool = False,
) -> Iterator[list[CopyItem]]:
    """Batches of readable source sessions as target rows, oldest first; ``on_refuse`` gets
    the sessions the target is known not to be able to store (:mod:`kern_core.storable`);
    with ``strip_nul`` a PostgreSQL target gets NUL characters removed from string values."""
    pass_runs = t.layout.kind == "table"
    rules = shape.rules
    strip_nul = strip_nul and not rules.json_holds_nul
    for rows, table_runs in iter_session_rows(t, flt, batch_size):
        batch = []
        for row in rows:
            raw_runs = table_runs.get(str(row[0]), [])
            session = build_session(row, raw_runs)
            if session.warnings:
                on_skip(session.session_id, "; ".join(session.warnings))
                continue
            texts = raw_runs if pass_runs else None
            item = _item(session, row, texts, shape, source_print(row, raw_runs))
            if rules.checks_json and suspect_values([*row, *raw_runs]):
                why = target_problems(
                    session, rules, strip_nul=strip_nul, runs_in_table=shape.runs_in_table
                )
                if why:
                    on_refuse(session.session_id, "; ".join(why))
                    continue
                if strip_nul:
                    item = _stripped_item(session, row, shape, item.print) or item
            else:
                why = length_problems(session, rules, shape.runs_in_table)
                if why:
                    on_refuse(session.session_id, "; ".join(why))
                    continue
            why = shape.refusal(item)
            if why:
                on_refuse(session.session_id, "; ".join(why))
                continue
            batch.append(item)
        if batch:
            yield batch


def _item(
    session: Session,
    row: Sequence[Any],
    raw_runs: list[Any] | None,
    shape: TargetShape,
    fingerprint: bytes,
) -> CopyItem:
    stored = dict(zip(FIELDS, row, strict=True))
    run_texts = _run_texts(session, raw_runs)
    values = scalar_values(session)
    for name in DOC_FIELDS:
        values[name] = _text(stored[name], getattr(session, name))
    if shape.runs_in_table or not session.runs:
        values["runs"] = None
    else:
        values["runs"] = _runs_column(stored["runs"], session, run_texts)
    row_out = [values[c] for c in shape.session_columns]
    runs_out = run_rows(session, run_texts, shape.run_columns) if shape.runs_in_table else []
    return CopyItem(session.session_id, row_out, runs_out, len(session.runs), fingerprint)


def _text(raw: Any, decoded: Any) -> str | None:
    """The JSON text to store: the stored text when it is single-encoded, else re-encoded."""
    if decoded is None:
        return None
    if isinstance(raw, str) and not isinstance(raw, InvalidText) and raw.lstrip()[:1] != '"':
        return raw
    return jsoncodec.encode(decoded)


def _run_texts(session: Session, raw_runs: list[Any] | None) -> list[str]:
    if raw_runs is not None and len(raw_runs) == len(session.runs):
        return [
            t if isinstance(t, str) and t.lstrip()[:1] == "{" else jsoncodec.dumps(dict(r))
            for t, r in zip(raw_runs, session.runs, strict=True)
        ]
    return [jsoncodec.dumps(dict(r)) for r in session.runs]


def _runs_column(raw: Any, session: Session, run_texts: list[str]) -> str:
    if isinstance(raw, str) and not isinstance(raw, InvalidText) and raw.lstrip()[:1] == "[":
        return raw
    return "[" + ", ".join(run_texts) + "]"


def _stripped_item(
    session: Session, row: Sequence[Any], shape: TargetShape, fingerprint: bytes
) -> CopyItem | None:
    """The item for the session with its NUL characters stripped, its JSON re-encoded (None
    when it holds none)."""
    clean, count = strip_session_nul(session)
    if not count:
        return None
    bare = [None if f in JSON_FIELDS else v for f, v in zip(FIELDS, row, strict=True)]
    item = _item(clean, bare, None, shape, fingerprint)
    item.stripped = count
    return item
