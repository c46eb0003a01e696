"""Values a target cannot store, found before anything is written, and the NUL stripping agno
applies when it writes to PostgreSQL.

PostgreSQL rejects a NUL character (U+0000) in text and jsonb, a lone UTF-16 surrogate
(``\\ud800``) anywhere, and the JSON numbers NaN and Infinity in jsonb; SQLite takes all of
them in JSON (kern writes ASCII-escaped JSON) but, like PostgreSQL, cannot encode a lone
surrogate in a plain text column. agno 3.1's ``PostgresDb`` passes every JSON document it
writes through ``sanitize_postgres_strings``: string values lose U+0000 (and a few other
control characters that PostgreSQL could store, which kern keeps), object keys are left as
they are. :func:`strip_nul` does the NUL part of that; a NUL in a key or an identifier, a lone
surrogate or a non-finite number cannot be stripped meaningfully and stays a problem.

Scanning every string of every session would cost as much as decoding it again, so callers
first test the stored or input text with :func:`suspect_text` (plain substring searches) and
scan only the sessions it flags.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter, where_clause
from kern_core.model import DOC_FIELDS, ID_FIELDS, RUN_COLUMNS, Run, Session
from kern_core.table import SessionTable

NUL = "\x00"
#: Text that may encode a problem value: JSON escapes of NUL and surrogates, the tokens of
#: non-finite numbers, a raw NUL. Anything else cannot decode to one.
_SUSPECT = ("\\u0000", "\\ud", "\\uD", "NaN", "Infinity", NUL)
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The string fields of a run that a runs table stores in text columns of their own (the
#: rest of its columns are the session's id, derived, numbers or the JSON payload).
_RUN_TEXT_FIELDS = tuple(
    c
    for c in RUN_COLUMNS
    if c not in ("session_id", "run_type", "run_index", "run_data", "created_at", "updated_at")
)
_SURROGATE_IN_TEXT = "holds a lone UTF-16 surrogate, which no database text column can store"


def suspect_text(text: str) -> bool:
    """Whether JSON or column text might hold a value some target cannot store (False: it
    certainly holds none)."""
    if any(s in text for s in _SUSPECT):
        return True
    return not text.isascii() and _SURROGATE.search(text) is not None


def suspect_values(values: Iterable[Any]) -> bool:
    """:func:`suspect_text` over stored values (only text can encode a problem value)."""
    return any(isinstance(v, str) and suspect_text(v) for v in values)


@dataclass
class _Found:
    """What one walk over a session found: the first path of each kind, and NUL value counts."""

    nul_values: int = 0
    first_nul_value: str = ""
    nul_ident: str = ""
    nul_key: str = ""
    surrogate: str = ""
    surrogate_ident: str = ""
    non_finite: str = ""


def _walk(root: Any, where: str, found: _Found) -> None:
    stack: list[tuple[Any, str]] = [(root, where)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                found.nul_values += 1
                found.first_nul_value = found.first_nul_value or path
            if not found.surrogate and _SURROGATE.search(value):
                found.surrogate = path
        elif isinstance(value, dict):
            for key, item in value.items():
                sub = f"{path}.{key}" if _plain(key) else f"{path}[{json.dumps(key)}]"
                if isinstance(key, str):
                    if NUL in key and not found.nul_key:
                        found.nul_key = sub
                    if not found.surrogate and _SURROGATE.search(key):
                        found.surrogate = sub
                stack.append((item, sub))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            found.non_finite = found.non_finite or path


def _plain(key: Any) -> bool:
    return isinstance(key, str) and key.isascii() and key.replace("_", "a").isalnum()


def _text_columns(session: Session, runs_in_table: bool) -> list[tuple[str, Any]]:
    """The values bound for text columns (ids; with a runs table the runs' own columns too)."""
    idents: list[tuple[str, Any]] = [(name, getattr(session, name)) for name in ID_FIELDS]
    for i, run in enumerate(session.runs):
        idents.append((f"runs[{i}].run_id", run.get("run_id")))
        if runs_in_table:
            idents += [(f"runs[{i}].{k}", run.get(k)) for k in _RUN_TEXT_FIELDS if k != "run_id"]
    return idents


def refuse_text_surrogates(session: Session) -> None:
    """Refuse a session whose text-column values (with its runs in a runs table, the most
    there can be) hold a lone surrogate, from a ``"\\ud800"`` escape: no database can store
    it, whatever the target. Inside JSON values it is a target's question
    (:func:`target_problems`)."""
    for name, value in _text_columns(session, runs_in_table=True):
        if isinstance(value, str) and not value.isascii() and _SURROGATE.search(value):
            sid = session.session_id.encode("utf-8", "backslashreplace").decode()
            raise BadInputError(f"session {sid}: {name} {_SURROGATE_IN_TEXT}")


def _scan(session: Session, runs_in_table: bool, with_json: bool = True) -> _Found:
    found = _Found()
    for name, value in _text_columns(session, runs_in_table):
        if isinstance(value, str):
            if NUL in value and not found.nul_ident:
                found.nul_ident = name
            if _SURROGATE.search(value) and not found.surrogate_ident:
                found.surrogate_ident = name
    if not with_json:
        return found
    for name in DOC_FIELDS:
        _walk(getattr(session, name), name, found)
    for i, run in enumerate(session.runs):
        _walk(dict(run), f"runs[{i}]", found)
    return found


def target_problems(
    session: Session,
    holds_nul: bool,
    *,
    strip_nul: bool = False,
    runs_in_table: bool = False,
) -> list[str]:
    """Why a target of this kind (``sqlite`` or ``postgresql``) cannot store the session as
    sent, one line each; empty when it can. With ``strip_nul``, a NUL in a JSON string value is
    no problem (:func:`strip_session_nul` removes it); ``runs_in_table`` says the runs go to a
    runs table, whose text columns take the run ids and owner ids."""
    found = _scan(session, runs_in_table, with_json=not holds_nul)
    problems: list[str] = []
    if found.surrogate_ident:
        problems.append(f"{found.surrogate_ident} {_SURROGATE_IN_TEXT}")
    if holds_nul:
        return problems
    if found.nul_ident:
        problems.append(
            f"{found.nul_ident} holds a NUL character (U+0000), which PostgreSQL cannot store "
            "in an identifier (it is never stripped)"
        )
    if found.nul_key:
        problems.append(
            f"the object key {found.nul_key} holds a NUL character (U+0000), which PostgreSQL "
            "cannot store (keys are never stripped, as agno does not strip them)"
        )
    if found.nul_values and not strip_nul:
        problems.append(
            f"{_values(found.nul_values)} a NUL character (U+0000), which PostgreSQL "
            f"jsonb cannot store (first: {found.first_nul_value})"
        )
    if found.surrogate and not found.surrogate_ident:
        problems.append(
            f"{found.surrogate} holds a lone UTF-16 surrogate, which PostgreSQL jsonb cannot store"
        )
    if found.non_finite:
        problems.append(
            f"{found.non_finite} is NaN or Infinity, which PostgreSQL jsonb cannot store"
        )
    return problems


def refuse_linked_nul(session_id: str, linked: Mapping[str, Any], holds_nul: bool) -> None:
    """Refuse a session whose linked rows (:mod:`kern_core.linked.transfer`) hold a NUL character
    where the target's text cannot (PostgreSQL): linked rows are never stripped."""
    if holds_nul:
        return
    for key, rows in linked.items():
        found = _Found()
        _walk(rows, key, found)
        if found.nul_values or found.nul_key:
            raise BadInputError(
                f"session {session_id!r}: a row of its {key} contains a NUL character, "
                "which PostgreSQL cannot store"
            )


def _values(n: int) -> str:
    return f"{n:,} string value{'s hold' if n != 1 else ' holds'}"


def strip_nul(value: Any) -> Any:
    """``value`` with U+0000 removed from every string value, object keys left as they are:
    the NUL part of agno's ``sanitize_postgres_strings``."""
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, dict):
        out = {k: strip_nul(v) for k, v in value.items()}
        return Run(out) if isinstance(value, Run) else out
    if isinstance(value, list):
        return [strip_nul(v) for v in value]
    return value


def nul_count(session: Session) -> int:
    """How many string values of the session's JSON documents and runs hold U+0000."""
    found = _Found()
    for name in DOC_FIELDS:
        _walk(getattr(session, name), name, found)
    for i, run in enumerate(session.runs):
        _walk(dict(run), f"runs[{i}]", found)
    return found.nul_values


def strip_session_nul(session: Session) -> tuple[Session, int]:
    """The session as agno's PostgresDb would store it (NUL removed from every string value of
    its JSON documents and runs; ids untouched), and how many values changed."""
    count = nul_count(session)
    if not count:
        return session, 0
    changes: dict[str, Any] = {name: strip_nul(getattr(session, name)) for name in DOC_FIELDS}
    changes["runs"] = [strip_nul(r) for r in session.runs]
    stripped = replace(session, **changes)
    stripped.warnings = list(session.warnings)
    return stripped, count


# -- scanning a source before a copy ----------------------------------------------------------


@dataclass(frozen=True)
class Unstorable:
    """A source session a target cannot store as it is: its id, why (empty when ``strip_nul``
    makes it storable), and how many string values hold a NUL."""

    session_id: str
    problems: tuple[str, ...]
    nul_values: int = 0

    @property
    def stripped(self) -> bool:
        """True when the copy stores it with its NUL characters removed."""
        return not self.problems


def scan_source(
    t: SessionTable,
    flt: SessionFilter,
    target_holds_nul: bool,
    *,
    strip_nul: bool = False,
    runs_in_table: bool = False,
) -> list[Unstorable]:
    """The matching source sessions a ``target_kind`` target cannot store, by id.

    Only a SQLite source can hold such values: SQL picks the candidates (``instr`` on the raw
    JSON text, ``char(0)`` in the id columns), and each candidate is decoded and scanned (an
    escaped backslash before ``u0000`` is text, not a NUL). A PostgreSQL source holds jsonb and
    UTF-8 text, which cannot hold any of them."""
    if target_holds_nul or not t.dialect.json_holds_nul:
        return []
    ids = _candidate_ids(t, flt)
    return list(_confirm(t, ids, strip_nul, runs_in_table))


def _candidate_ids(t: SessionTable, flt: SessionFilter) -> list[str]:
    def suspicious(column: str) -> str:
        return "(" + " OR ".join(f"instr({column}, '{s}') > 0" for s in _SUSPECT[:-1]) + ")"

    conds = [f"instr(s.{c}, char(0)) > 0" for c in ID_FIELDS if t.layout.has(c)]
    json_cols = [*DOC_FIELDS, "runs"] if t.layout.has_runs_column else list(DOC_FIELDS)
    conds += [suspicious(f's."{c}"') for c in json_cols if t.layout.has(c)]
    if t.layout.runs_table:
        runs = t.runs
        conds.append(
            f"EXISTS (SELECT 1 FROM {runs} r WHERE r.session_id = s.session_id "
            f"AND {suspicious('r.run_data')})"
        )
    where, params = where_clause(t.dialect, t.layout, flt, alias="s.")
    glue = " AND " if where else "WHERE "
    sql = (
        f"SELECT s.session_id FROM {t.sessions} s {where}"
        f"{glue}({' OR '.join(conds)}) ORDER BY s.created_at, s.session_id"
    )
    return [str(r[0]) for r in t.conn.execute(sql, params).fetchall()]


def _confirm(
    t: SessionTable,
    ids: list[str],
    strip_nul: bool,
    runs_in_table: bool,
) -> Iterator[Unstorable]:
    from kern_core.reading import read_sessions

    order = {sid: i for i, sid in enumerate(ids)}
    out: list[Unstorable] = []
    for session in read_sessions(t, ids).values():
        if session.warnings:
            continue
        problems = target_problems(session, False, strip_nul=strip_nul, runs_in_table=runs_in_table)
        count = nul_count(session)
        if problems or count:
            out.append(Unstorable(session.session_id, tuple(problems), count))
    out.sort(key=lambda u: order.get(u.session_id, 0))
    yield from out
