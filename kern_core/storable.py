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

MySQL and MariaDB take NUL characters but no lone surrogate, NaN or Infinity in JSON, nest
JSON only so deep (:attr:`StorageRules.json_max_depth`), keep ids to their columns' lengths
and drop the connection on a row larger than ``max_allowed_packet``: what each target holds
is its dialect's :class:`~kern_core.dialect.StorageRules`, and the limits on what is written
(depth, bytes) are measured on the encoded rows (:func:`written_problems`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kern_core.dialect.base import StorageRules, TextLimit
from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter, where_clause
from kern_core.model import DOC_FIELDS, ID_FIELDS, JSON_FIELDS, RUN_COLUMNS, Run, Session
from kern_core.table import SessionTable

if TYPE_CHECKING:
    from kern_core.db import SessionDb

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
    rules: StorageRules,
    *,
    strip_nul: bool = False,
    runs_in_table: bool = False,
) -> list[str]:
    """Why a target with these rules cannot store the session as sent, one line each; empty
    when it can. With ``strip_nul``, a NUL in a JSON string value is no problem
    (:func:`strip_session_nul` removes it); ``runs_in_table`` says the runs go to a runs
    table, whose text columns take the run ids and owner ids. The limits on the encoded rows
    are :func:`written_problems`'."""
    found = _scan(session, runs_in_table, with_json=rules.checks_json)
    problems: list[str] = []
    if found.surrogate_ident:
        problems.append(f"{found.surrogate_ident} {_SURROGATE_IN_TEXT}")
    problems += length_problems(session, rules, runs_in_table)
    if not rules.json_holds_nul:
        problems += _nul_problems(found, rules, strip_nul)
    if found.surrogate and not found.surrogate_ident and not rules.json_holds_surrogates:
        problems.append(
            f"{found.surrogate} holds a lone UTF-16 surrogate, which {rules.json_name} cannot store"
        )
    if found.non_finite and not rules.json_holds_non_finite:
        problems.append(
            f"{found.non_finite} is NaN or Infinity, which {rules.json_name} cannot store"
        )
    return problems


def _nul_problems(found: _Found, rules: StorageRules, strip_nul: bool) -> list[str]:
    problems: list[str] = []
    if found.nul_ident:
        problems.append(
            f"{found.nul_ident} holds a NUL character (U+0000), which {rules.name} cannot store "
            "in an identifier (it is never stripped)"
        )
    if found.nul_key:
        problems.append(
            f"the object key {found.nul_key} holds a NUL character (U+0000), which {rules.name} "
            "cannot store (keys are never stripped, as agno does not strip them)"
        )
    if found.nul_values and not strip_nul:
        problems.append(
            f"{_values(found.nul_values)} a NUL character (U+0000), which {rules.json_name} "
            f"cannot store (first: {found.first_nul_value})"
        )
    return problems


def length_problems(session: Session, rules: StorageRules, runs_in_table: bool) -> list[str]:
    """Text too long for its column, one line each (a strict server refuses it, and kern's
    connections are strict: nothing is truncated)."""
    if not rules.session_lengths and not rules.run_lengths:
        return []
    checks: list[tuple[str, Any, TextLimit | None]] = [
        (name, getattr(session, name), rules.session_lengths.get(name)) for name in ID_FIELDS
    ]
    if runs_in_table:
        for i, run in enumerate(session.runs):
            where = f"runs[{i}]"
            values = {
                "run_id": run.get("run_id"),
                "session_id": session.session_id,
                "run_type": run.run_type,
                "parent_run_id": run.get("parent_run_id"),
                "status": run.get("status"),
                **{k: run.get(k) for k in ("agent_id", "team_id", "workflow_id", "user_id")},
            }
            if not isinstance(values["user_id"], str):
                values["user_id"] = session.user_id
            checks += [(f"{where}.{k}", v, rules.run_lengths.get(k)) for k, v in values.items()]
    problems: list[str] = []
    for name, value, limit in checks:
        if limit is None or not isinstance(value, str) or len(value) <= limit.size // 4:
            continue
        size = len(value) if limit.unit == "characters" else len(value.encode("utf-8", "replace"))
        if size > limit.size:
            problems.append(
                f"{name} is {size:,} {limit.unit}; {rules.name}'s column holds {limit.size:,}"
            )
    return problems


def written_problems(
    rules: StorageRules,
    row: Mapping[str, Any],
    runs: Iterable[Mapping[str, Any]] = (),
) -> list[str]:
    """Why the target cannot take the encoded rows of one session: its session row and its
    runs-table rows, each by column name. A JSON value nested deeper than the server allows,
    a row larger than ``max_allowed_packet`` (the server would drop the connection, taking
    the rest of the batch with it)."""
    if rules.json_max_depth is None and rules.max_row_bytes is None:
        return []
    problems = _row_problems(rules, row, "the session row", "")
    for run in runs:
        run_id = run.get("run_id")
        problems += _row_problems(rules, run, f"run {run_id}", f"run {run_id}'s ")
    return problems


def _row_problems(rules: StorageRules, row: Mapping[str, Any], what: str, prefix: str) -> list[str]:
    problems: list[str] = []
    limit = rules.json_max_depth
    if limit is not None:
        for name, value in row.items():
            if name in JSON_FIELDS or name == "run_data":
                depth = json_depth(value, limit) if isinstance(value, str) else 0
                if depth > limit:
                    shown = "run_data" if name == "run_data" else name
                    problems.append(
                        f"{prefix}{shown} is nested {depth:,} levels deep; "
                        f"{rules.json_name} holds at most {limit}"
                    )
    most = rules.max_row_bytes
    if most is not None:
        size = row_bytes(row.values(), most)
        if size > most:
            packet = rules.max_packet if rules.max_packet is not None else most
            problems.append(
                f"{what} is {_mib(size)}; the server's max_allowed_packet is {_mib(packet)}"
            )
    return problems


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
#: Characters PyMySQL escapes with a backslash in a statement.
_ESCAPED = ("\\", "'", '"', "\n", "\r", "\x00", "\x1a")


def json_depth(text: str, limit: int) -> int:
    """How deeply arrays and objects nest in JSON ``text`` (as MySQL and MariaDB count: ``[]``
    is 1); any result not above ``limit`` means "within it", found without a close look."""
    opened = text.count("[") + text.count("{")
    if opened <= limit:
        return opened
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", _STRING.sub("", text)):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def row_bytes(values: Iterable[Any], most: int) -> int:
    """The bytes a row's values take in an INSERT statement (quoted and escaped as PyMySQL
    does), measured closely only when a rough bound exceeds ``most``."""
    texts = [v for v in values if isinstance(v, str)]
    rough = sum(len(v) for v in texts) * 14 + 32 * (len(texts) + 16)
    if rough <= most:
        return rough
    total = 0
    for v in texts:
        total += (len(v) if v.isascii() else len(v.encode("utf-8", "replace"))) + 2
        total += sum(v.count(c) for c in _ESCAPED)
    return total + 32 * 16


def _mib(size: int) -> str:
    mib = size / (1 << 20)
    return f"{mib:.0f} MiB" if size % (1 << 20) == 0 else f"{mib:,.1f} MiB"


def rules_for(t: SessionTable) -> StorageRules:
    """What the handle's tables can store."""
    return t.dialect.storage_rules(t.conn, t.layout.session_table, t.layout.runs_table)


def rules_of(db: SessionDb) -> StorageRules:
    """What the db's tables can store: the existing tables' own rules, else those of the
    tables a write would create."""
    runs_table = db.runs_table
    if db.dialect.storage_missing():
        return db.dialect.storage_rules(None, db.session_table, runs_table)
    with db.connection() as conn:
        exists = db.dialect.has_table(conn, db.session_table)
        return db.dialect.storage_rules(conn if exists else None, db.session_table, runs_table)


def refuse_linked_nul(session_id: str, linked: Mapping[str, Any], rules: StorageRules) -> None:
    """Refuse a session whose linked rows (:mod:`kern_core.linked.transfer`) hold a NUL character
    where the target's text cannot (PostgreSQL): linked rows are never stripped."""
    if rules.json_holds_nul:
        return
    for key, rows in linked.items():
        found = _Found()
        _walk(rows, key, found)
        if found.nul_values or found.nul_key:
            raise BadInputError(
                f"session {session_id!r}: a row of its {key} contains a NUL character, "
                f"which {rules.name} cannot store"
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
    rules: StorageRules,
    *,
    strip_nul: bool = False,
    runs_in_table: bool = False,
) -> list[Unstorable]:
    """The matching source sessions a target with these ``rules`` cannot store, by id.

    Rule by rule, only what the source can hold is looked for: SQL picks the candidates
    (``instr`` on the raw JSON text, ``char(0)`` in the id columns, ids longer than the
    target's columns, JSON text with more brackets than the target's depth or longer than its
    packet could take), and each candidate is decoded and scanned (an escaped backslash before
    ``u0000`` is text, not a NUL). A NUL, a lone surrogate or NaN lives only in a SQLite
    source (PostgreSQL's jsonb holds none of them) or, a NUL, in a MySQL one."""
    source = t.dialect.storage_rules(None, t.layout.session_table, t.layout.runs_table)
    tokens = _tokens(source, rules)
    conds = _candidate_conditions(t, rules, tokens)
    if not conds:
        return []
    ids = _candidate_ids(t, flt, conds)
    return list(_confirm(t, ids, rules, strip_nul, runs_in_table))


def _tokens(source: StorageRules, target: StorageRules) -> tuple[str, ...]:
    """The text of the values the source may hold and the target cannot."""
    tokens: list[str] = []
    if not target.json_holds_nul and source.json_holds_nul:
        tokens += ["\\u0000", NUL]
    if not target.json_holds_surrogates and source.json_holds_surrogates:
        tokens += ["\\ud", "\\uD"]
    if not target.json_holds_non_finite and source.json_holds_non_finite:
        tokens += ["NaN", "Infinity"]
    return tuple(tokens)


def _candidate_conditions(
    t: SessionTable, rules: StorageRules, tokens: tuple[str, ...]
) -> list[str]:
    d = t.dialect
    json_cols = [*DOC_FIELDS, "runs"] if t.layout.has_runs_column else list(DOC_FIELDS)
    json_cols = [f's."{c}"' for c in json_cols if t.layout.has(c)]
    run_json = ["r.run_data"] if t.layout.runs_table else []
    conds: list[str] = []
    if NUL in tokens:
        conds += [f"instr(s.{c}, char(0)) > 0" for c in ID_FIELDS if t.layout.has(c)]
    text_tokens = [tok for tok in tokens if tok != NUL]

    def any_of(column: str) -> list[str]:
        """Conditions that hold when the stored JSON ``column`` may break a rule."""
        text = d.json_text(column)
        out = [f"instr({text}, '{tok}') > 0" for tok in text_tokens]
        if rules.json_max_depth is not None:
            brackets = f"length({text}) - length(replace(replace({text}, '[', ''), '{{', ''))"
            out.append(f"{brackets} > {rules.json_max_depth}")
        if rules.max_row_bytes is not None:
            out.append(f"length({text}) > {rules.max_row_bytes // 14}")
        return out

    for column in json_cols:
        conds += any_of(column)
    for column in run_json:
        found = any_of(column)
        if found:
            conds.append(
                f"EXISTS (SELECT 1 FROM {t.runs} r WHERE r.session_id = s.session_id "
                f"AND ({' OR '.join(found)}))"
            )
    for column, limit in rules.session_lengths.items():
        if column in ID_FIELDS and t.layout.has(column):
            conds.append(f"length(s.{column}) > {_chars(limit)}")
    if t.layout.runs_table:
        long_runs = [
            f"length(r.{column}) > {_chars(limit)}"
            for column, limit in rules.run_lengths.items()
            if column in _RUN_TEXT_FIELDS and column in t.layout.runs_columns
        ]
        if long_runs:
            conds.append(
                f"EXISTS (SELECT 1 FROM {t.runs} r WHERE r.session_id = s.session_id "
                f"AND ({' OR '.join(long_runs)}))"
            )
    return conds


def _chars(limit: TextLimit) -> int:
    """Characters (or, on MySQL, bytes) above which a value may not fit ``limit``."""
    return limit.size if limit.unit == "characters" else limit.size // 4


def _candidate_ids(t: SessionTable, flt: SessionFilter, conds: list[str]) -> list[str]:
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
    rules: StorageRules,
    strip_nul: bool,
    runs_in_table: bool,
) -> Iterator[Unstorable]:
    from kern_core.reading import read_sessions

    order = {sid: i for i, sid in enumerate(ids)}
    out: list[Unstorable] = []
    for session in read_sessions(t, ids).values():
        if session.warnings:
            continue
        problems = target_problems(session, rules, strip_nul=strip_nul, runs_in_table=runs_in_table)
        problems += encoded_problems(session, rules, runs_in_table)
        count = nul_count(session) if not rules.json_holds_nul else 0
        if problems or count:
            out.append(Unstorable(session.session_id, tuple(problems), count))
    out.sort(key=lambda u: order.get(u.session_id, 0))
    yield from out


def encoded_problems(session: Session, rules: StorageRules, runs_in_table: bool) -> list[str]:
    """:func:`written_problems` of the rows kern would write for the session (encoded here;
    nothing to do for a target without limits on its rows)."""
    if rules.json_max_depth is None and rules.max_row_bytes is None:
        return []
    from kern_core import jsoncodec

    row: dict[str, Any] = {name: getattr(session, name) for name in ID_FIELDS}
    for name in DOC_FIELDS:
        row[name] = jsoncodec.encode(getattr(session, name))
    runs: list[dict[str, Any]] = []
    if runs_in_table:
        for run in session.runs:
            text = jsoncodec.dumps(dict(run))
            runs.append({"run_id": run.run_id, "run_data": text, "session_id": session.session_id})
    elif session.runs:
        row["runs"] = jsoncodec.encode([dict(r) for r in session.runs])
    return written_problems(rules, row, runs)
