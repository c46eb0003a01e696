"""Carry agno 3.1's session-linked rows along when sessions are copied, exported or imported.

A session's compactions, offloaded tool results (index rows and their ``agno_fs`` payloads) and
transcripts are read per session into one plain structure, :data:`SessionLinked`, which is
also what an export record holds under the keys :data:`RECORD_KEYS`::

    {"compactions": [{column: value, ...}],
     "tool_results": [{column: value, ..., "payloads": [{payload column: value, ...}]}],
     "transcripts": [{column: value, ...}]}

Written to a target (in the caller's transaction), each table is created first if missing,
exactly as agno creates it (:mod:`kern_core.linked.schema`). A payload's namespace holds a hash
of the session id and, on PostgreSQL, of the schema (agno's ``namespace_for``); a namespace of
that form is rewritten for the target, so agno there keeps one namespace per session and two
schemas of one database never share payload rows. agno resolves a result through its index
row's namespace, so the rewritten rows resolve as the source's did. Sandbox bindings name a
live sandbox of the source and are not carried.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from kern_core.dialect import Dialect, chunked, quote
from kern_core.errors import BadInputError
from kern_core.layout import PAYLOAD_TABLE, Layout
from kern_core.storable import refuse_linked_nul, rules_for
from kern_core.table import SessionTable

SessionLinked = dict[str, list[dict[str, Any]]]

COMPACTION_COLUMNS = (
    "compaction_id",
    "session_id",
    "run_id",
    "user_id",
    "first_kept_message_id",
    "summary",
    "archived_messages",
    "messages_compacted",
    "tokens_before",
    "tokens_after",
    "created_at",
)
TOOL_RESULT_COLUMNS = (
    "result_id",
    "namespace",
    "path",
    "session_id",
    "run_id",
    "tool_call_id",
    "tool_name",
    "args_hash",
    "content_type",
    "size_bytes",
    "line_count",
    "preview",
    "user_id",
    "created_at",
    "expires_at",
)
PAYLOAD_COLUMNS = (
    "namespace",
    "path",
    "content",
    "size_bytes",
    "version",
    "created_at",
    "updated_at",
    "user_id",
)
TRANSCRIPT_COLUMNS = (
    "framework",
    "project_key",
    "session_id",
    "subpath",
    "position",
    "entry_uuid",
    "entry",
    "agno_session_id",
    "created_at",
)
#: Export record key -> (table, column holding the agno session id, columns).
TABLES = {
    "compactions": ("agno_compactions", "session_id", COMPACTION_COLUMNS),
    "tool_results": ("agno_tool_results", "session_id", TOOL_RESULT_COLUMNS),
    "transcripts": ("agno_transcripts", "agno_session_id", TRANSCRIPT_COLUMNS),
}
RECORD_KEYS = tuple(TABLES)
PAYLOADS = "payloads"
#: Payload fields in a record (namespace and path are the tool result's).
PAYLOAD_FIELDS = tuple(c for c in PAYLOAD_COLUMNS if c not in ("namespace", "path"))
#: The linked tables' BIGINT columns.
INT_COLUMNS = {
    "messages_compacted",
    "tokens_before",
    "tokens_after",
    "created_at",
    "size_bytes",
    "line_count",
    "expires_at",
    "position",
    "version",
    "updated_at",
}
_REQUIRED = {
    "compactions": {"compaction_id", "session_id", "created_at"},
    "tool_results": set(TOOL_RESULT_COLUMNS) - {"user_id", "expires_at"},
    "transcripts": set(TRANSCRIPT_COLUMNS) - {"entry_uuid"},
    PAYLOADS: {"content", "size_bytes", "version", "created_at", "user_id"},
}
#: On MySQL, the characters of each text column in a key or index of the linked tables
#: (InnoDB cannot index unbounded text). Each key's columns fit InnoDB's 3,072-byte limit in
#: utf8mb4, with room to spare over what agno 3.1 writes (namespaces of at most 141
#: characters, paths of 155, session and user ids as long as the session table's 128).
MYSQL_KEY_CHARS = {
    "agno_compactions": {"compaction_id": 255, "session_id": 255},
    "agno_tool_results": {"result_id": 255, "namespace": 191, "path": 448, "session_id": 255},
    "agno_transcripts": {
        "framework": 32,
        "project_key": 255,
        "session_id": 128,
        "subpath": 255,
        "entry_uuid": 96,
        "agno_session_id": 255,
    },
    PAYLOAD_TABLE: {"namespace": 191, "path": 448, "user_id": 128},
}
_NAMESPACE_UNSAFE = re.compile(r"[^a-z0-9._@+-]")
_SEGMENT_CHARS = 128
_HASH_CHARS = 8


def namespace_for(session_id: str, scope: str = "") -> str:
    """agno's ``agno.offload.store.namespace_for``: a session's payload namespace (``scope``
    is the PostgreSQL schema of the index table, empty on SQLite)."""
    readable = _readable(session_id)
    text = f"{scope}:{session_id}" if scope else session_id
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"tool-results/{readable}-{digest[:_HASH_CHARS]}"


def _readable(session_id: str) -> str:
    limit = _SEGMENT_CHARS - _HASH_CHARS - 1
    return _NAMESPACE_UNSAFE.sub("_", session_id.lower())[:limit] or "_"


def scope_of(dialect: Dialect) -> str:
    """The namespace scope agno uses for a database: its schema on PostgreSQL."""
    return str(dialect.schema or "")


def retarget_namespace(namespace: str, session_id: str, scope: str) -> str:
    """The namespace agno would use for this session's payloads in a database of ``scope``,
    when ``namespace`` is one agno made for this session (under any scope); else unchanged."""
    prefix = f"tool-results/{_readable(session_id)}-"
    tail = namespace[len(prefix) :]
    if namespace.startswith(prefix) and re.fullmatch(f"[0-9a-f]{{{_HASH_CHARS}}}", tail):
        return namespace_for(session_id, scope)
    return namespace


def retarget(linked: SessionLinked, session_id: str, scope: str) -> SessionLinked:
    """``linked`` with each tool result's namespace rewritten for a target of ``scope``."""
    if not linked.get("tool_results"):
        return linked
    results = [
        {**r, "namespace": retarget_namespace(str(r["namespace"]), session_id, scope)}
        for r in linked["tool_results"]
    ]
    return {**linked, "tool_results": results}


# -- reading ------------------------------------------------------------------------------------


def read_linked(t: SessionTable, session_ids: Sequence[str]) -> dict[str, SessionLinked]:
    """The linked rows of these sessions, by session id (sessions without any are left out)."""
    out: dict[str, SessionLinked] = {}
    ids = list(dict.fromkeys(session_ids))
    if not ids or not t.layout.linked:
        return out
    for part in chunked(ids, 500):
        _read_part(t, list(part), out)
    return out


def _read_part(t: SessionTable, ids: list[str], out: dict[str, SessionLinked]) -> None:
    for key, (_, sid_column, columns) in TABLES.items():
        table = t.layout.linked_table(key)
        if table is None:
            continue
        cond, params = t.dialect.in_clause(sid_column, ids)
        names = ", ".join(quote(c) for c in columns)
        sql = f"SELECT {names} FROM {table.sql(t.dialect)} WHERE {cond}"
        index = columns.index(sid_column)
        for row in t.dialect.fetch_bulk(t.conn, sql, params):
            record = {c: _plain(c, v) for c, v in zip(columns, row, strict=True)}
            if key == "tool_results":
                record[PAYLOADS] = []
            out.setdefault(str(row[index]), {}).setdefault(key, []).append(record)
    payloads = t.linked("payloads")
    results = t.linked("tool_results")
    if payloads is None or results is None:
        return
    cond, params = t.dialect.in_clause("r.session_id", ids)
    names = ", ".join(f"p.{quote(c)}" for c in PAYLOAD_COLUMNS)
    sql = (
        f"SELECT r.session_id, r.result_id, {names} FROM {payloads} p "
        f"JOIN {results} r ON r.namespace = p.namespace AND r.path = p.path "
        f"WHERE {cond}"
    )
    by_result = {
        str(r["result_id"]): r for linked in out.values() for r in linked.get("tool_results", [])
    }
    for row in t.dialect.fetch_bulk(t.conn, sql, params):
        values = dict(zip(PAYLOAD_COLUMNS, row[2:], strict=True))
        payload = {c: _plain(c, values[c]) for c in PAYLOAD_FIELDS}
        by_result[str(row[1])][PAYLOADS].append(payload)


def _plain(column: str, value: Any) -> Any:
    """A stored value as JSON-able plain data (BIGINT columns as int, text as str)."""
    if value is None:
        return None
    if column in INT_COLUMNS:
        return int(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="surrogateescape")
    return str(value)


def counts(linked: Iterable[SessionLinked]) -> dict[str, int]:
    """Rows per table (``agno_fs`` for the payloads) in these sessions' linked rows."""
    out: dict[str, int] = {}
    for one in linked:
        for key, (table, _, _) in TABLES.items():
            if one.get(key):
                out[table] = out.get(table, 0) + len(one[key])
        n = sum(len(r.get(PAYLOADS, [])) for r in one.get("tool_results", []))
        if n:
            out[PAYLOAD_TABLE] = out.get(PAYLOAD_TABLE, 0) + n
    return out


def linked_digest(linked: SessionLinked | None) -> bytes:
    """A 16-byte digest of one session's linked rows, independent of row order and dialect."""
    parts: list[str] = []
    for key in RECORD_KEYS:
        for record in (linked or {}).get(key, []):
            row = dict(record)
            if key == "tool_results":
                row[PAYLOADS] = sorted(json.dumps(p, sort_keys=True) for p in row[PAYLOADS])
            parts.append(key + json.dumps(row, sort_keys=True))
    return hashlib.sha256("\n".join(sorted(parts)).encode("utf-8", "surrogatepass")).digest()[:16]


def refuse_too_long(session_id: str, linked: Mapping[str, Any], dialect: Dialect) -> None:
    """Refuse a session whose linked rows hold a key value longer than MySQL's column for it
    (:data:`MYSQL_KEY_CHARS`): a value is never cut short."""
    if not dialect.string_lengths:
        return
    for key, (table, _, _) in TABLES.items():
        limits = MYSQL_KEY_CHARS[table]
        for row in linked.get(key, []):
            checks = [(table, limits, row)]
            if key == "tool_results":
                fs = MYSQL_KEY_CHARS[PAYLOAD_TABLE]
                checks += [(PAYLOAD_TABLE, fs, {**p, **_where(row)}) for p in row[PAYLOADS]]
            for name, lengths, values in checks:
                for column, most in lengths.items():
                    value = values.get(column)
                    if isinstance(value, str) and len(value) > most:
                        raise BadInputError(
                            f"session {session_id!r}: {name}.{column} holds {len(value):,} "
                            f"characters, more than the {most} kern's MySQL table keeps"
                        )


def _where(result: Mapping[str, Any]) -> dict[str, Any]:
    return {"namespace": result["namespace"], "path": result["path"]}


# -- writing ------------------------------------------------------------------------------------


def write_linked(dialect: Dialect, conn: Any, rows: Mapping[str, SessionLinked]) -> dict[str, int]:
    """Insert these sessions' linked rows into the target, inside the caller's transaction,
    creating agno's tables first where missing; a row whose key the target already holds is
    left as it is (verification then finds the difference). Returns rows sent per table."""
    if not any(rows.values()):
        return {}
    from kern_core.linked import schema as linked_schema

    present = counts(rows.values())
    linked_schema.create_missing(dialect, conn, set(present))
    for key, (table, _, columns) in TABLES.items():
        records = [r for one in rows.values() for r in one.get(key, [])]
        if records:
            values = [[r.get(c) for c in columns] for r in records]
            _insert(dialect, conn, dialect.table(table), columns, values)
    payloads = [
        [r["namespace"], r["path"], *[p.get(c) for c in PAYLOAD_FIELDS]]
        for one in rows.values()
        for r in one.get("tool_results", [])
        for p in r.get(PAYLOADS, [])
    ]
    if payloads:
        _insert(
            dialect, conn, payload_sql(dialect), ("namespace", "path", *PAYLOAD_FIELDS), payloads
        )
    return present


def payload_sql(dialect: Dialect) -> str:
    """Where agno keeps payloads: ``agno_fs`` in the file, or ``fs.agno_fs`` on PostgreSQL."""
    return dialect.qualified(PAYLOAD_TABLE, dialect.payload_schema)


def _insert(
    dialect: Dialect, conn: Any, table: str, columns: Sequence[str], rows: list[list[Any]]
) -> None:
    names = ", ".join(quote(c) for c in columns)
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({dialect.params(len(columns))}) "
        + dialect.upsert_clause(columns, [], [])
    )
    dialect.executemany(conn, sql, rows)


# -- records (export / import) ------------------------------------------------------------------


def record_text(linked: SessionLinked | None) -> str:
    """The extra keys of an export record, as ``, "key": [...]`` JSON text ('' when none)."""
    if not linked:
        return ""
    return "".join(
        f", {json.dumps(key)}: {json.dumps(linked[key])}" for key in RECORD_KEYS if linked.get(key)
    )


def split_record(data: Mapping[str, Any]) -> tuple[dict[str, Any], SessionLinked | None]:
    """A record's session fields, and its linked rows validated (None when it has none)."""
    keys = [k for k in RECORD_KEYS if k in data]
    if not keys:
        return dict(data), None
    plain = {k: v for k, v in data.items() if k not in RECORD_KEYS}
    sid = plain.get("session_id")
    if not isinstance(sid, str) or not sid:
        return plain, None
    linked: SessionLinked = {}
    for key in keys:
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise BadInputError(f"session {sid}: {key} must be a list of objects")
        linked[key] = [_check_row(sid, key, r) for r in value]
    return plain, linked


def _check_row(sid: str, key: str, row: Mapping[str, Any]) -> dict[str, Any]:
    _, sid_column, columns = TABLES[key]
    allowed = set(columns) | ({PAYLOADS} if key == "tool_results" else set())
    out = _check_fields(sid, key, row, allowed, _REQUIRED[key])
    if out.get(sid_column) != sid:
        raise BadInputError(f"session {sid}: {key} row with {sid_column} {out.get(sid_column)!r}")
    if key == "tool_results":
        payloads = row.get(PAYLOADS, [])
        if not isinstance(payloads, list) or not all(isinstance(p, dict) for p in payloads):
            raise BadInputError(f"session {sid}: tool_results payloads must be a list of objects")
        out[PAYLOADS] = [
            _check_fields(sid, PAYLOADS, p, set(PAYLOAD_FIELDS), _REQUIRED[PAYLOADS])
            for p in payloads
        ]
    return out


def _check_fields(
    sid: str, key: str, row: Mapping[str, Any], allowed: set[str], required: set[str]
) -> dict[str, Any]:
    unknown = sorted(set(row) - allowed)
    if unknown:
        raise BadInputError(f"session {sid}: unknown field(s) in {key}: {', '.join(unknown)}")
    missing = sorted(c for c in required if row.get(c) is None)
    if missing:
        raise BadInputError(f"session {sid}: {key} row without {', '.join(missing)}")
    out: dict[str, Any] = {}
    for name in sorted(allowed - {PAYLOADS}):
        value = row.get(name)
        ok = value is None or (
            isinstance(value, int) and not isinstance(value, bool)
            if name in INT_COLUMNS
            else isinstance(value, str)
        )
        if not ok:
            kind = "an integer" if name in INT_COLUMNS else "a string"
            raise BadInputError(f"session {sid}: {key}.{name} must be {kind} or null")
        out[name] = value
    return out


def write_record_linked(t: SessionTable, sessions: Sequence[Any], replaced: Sequence[str]) -> None:
    """Write the linked rows import records carried (in the batch's transaction), each rewritten
    for this database's namespace scope; a replaced session's linked rows are replaced."""
    scope = scope_of(t.dialect)
    rules = rules_for(t)
    for s in sessions:
        refuse_linked_nul(s.session_id, s.linked, rules)
    rows = {s.session_id: retarget(s.linked, s.session_id, scope) for s in sessions}
    for sid, linked in rows.items():
        refuse_too_long(sid, linked, t.dialect)
    again = set(replaced) & set(rows)
    if again:
        from kern_core.linked.tables import delete_linked

        delete_linked(t.refreshed(), sorted(again))
    write_linked(t.dialect, t.conn, rows)


class _Batch(Protocol):
    @property
    def ids(self) -> Sequence[str]: ...


B = TypeVar("B", bound=_Batch)


class LinkedExport:
    """Adds each exported session's linked rows to its record: read per batch in the export's
    fetching thread (on its connection), appended as the record's last keys."""

    def __init__(self, t: SessionTable) -> None:
        self.t = t
        self.rows: dict[str, SessionLinked] = {}

    def tap(
        self, batches: Iterator[B], source: SessionTable | Callable[[], SessionTable]
    ) -> Iterator[B]:
        """Pass ``batches`` (each with the ``ids`` of its sessions) on, reading their rows
        from ``source`` (or the table it gives: a connection opened when first needed)."""
        for batch in batches:
            if self.t.layout.linked:
                t = source if isinstance(source, SessionTable) else source()
                self.rows.update(read_linked(t, batch.ids))
            yield batch

    def complete(
        self, session_id: str, parts: tuple[bytes | memoryview, ...]
    ) -> tuple[bytes | memoryview, ...]:
        """The session's export line (its parts, the last ending in ``}``) with its linked
        rows as the last keys (ASCII JSON)."""
        extra = record_text(self.rows.pop(session_id, None)) if self.rows else ""
        if not extra:
            return parts
        return (*parts[:-1], bytes(parts[-1][:-1]), extra.encode("ascii") + b"}")

    def forget(self, ids: Iterable[str]) -> None:
        """Drop what is left of a written batch (its unreadable sessions' rows)."""
        for sid in ids:
            self.rows.pop(sid, None)


# -- a copy's share -----------------------------------------------------------------------------


@dataclass
class LinkedCopy:
    """One copy's linked rows: read per batch from the source snapshot, written with the batch's
    sessions, verified after the commit, re-checked before the source is deleted."""

    source: Dialect
    target: Dialect
    shared: bool = False
    #: Whether the source has linked tables at all (else there is nothing to verify).
    source_linked: bool = True
    #: Linked tables committed batches wrote to in the target (the verifier reads them too).
    created: set[str] = field(default_factory=set)
    source_prints: dict[str, bytes] = field(default_factory=dict)
    expected: dict[str, bytes] = field(default_factory=dict)
    got: dict[str, bytes] = field(default_factory=dict)
    sent: dict[str, int] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, source: SessionTable, target: Dialect) -> LinkedCopy:
        """For copying between two databases; ``shared`` when both use the same linked tables
        (one SQLite file, or one PostgreSQL schema): nothing to write, and the source's delete
        must leave them."""
        src = source.dialect
        shared = src.location == target.location and src.schema == target.schema
        return cls(src, target, shared, bool(source.layout.linked))

    def read(self, s: SessionTable, ids: Sequence[str]) -> dict[str, SessionLinked]:
        """The batch's rows as the target is to hold them; keeps the source's prints."""
        rows = read_linked(s, ids)
        scope = scope_of(self.target)
        rules = self.target.storage_rules(None, s.layout.session_table, None)
        out = {}
        for sid in ids:
            self.source_prints[sid] = linked_digest(rows.get(sid))
            if sid in rows:
                refuse_linked_nul(sid, rows[sid], rules)
                out[sid] = rows[sid] if self.shared else retarget(rows[sid], sid, scope)
                refuse_too_long(sid, out[sid], self.target)
        return out

    def write(
        self, t: SessionTable, rows: Mapping[str, SessionLinked], result: Any, shape: Any
    ) -> None:
        """Write the rows of the sessions the batch inserted, in its transaction, and fill in
        what is missing for sessions the target already held identically (a copy made before
        linked rows were carried); never touch a session the target holds differently."""
        if self.shared:
            return
        ids = {i.session_id for i in result.inserted}
        present = [i for i in result.present if i.session_id in rows]
        if present:
            from kern_core.copying.digest import sent_digests, stored_digests

            sent = sent_digests(self.target, t.conn, shape, present)
            found = stored_digests(t, shape, [i.session_id for i in present])
            ids |= {s for s, (digest, _) in found.items() if digest == sent.get(s)}
        tables = write_linked(t.dialect, t.conn, {s: r for s, r in rows.items() if s in ids})
        result.linked_tables = set(tables)

    def verify(
        self,
        t: SessionTable,
        rows: Mapping[str, SessionLinked],
        ids: Sequence[str],
        written: Iterable[str] = (),
    ) -> None:
        """Compare what the target holds for these sessions (after the commit) with what was
        sent; read on the verifying connection. Its layout learns of the tables the batch
        wrote to (``written``, created where missing and now committed), so nothing is
        detected per batch, and a table a later batch is creating is not looked at before it
        is committed. A source without linked tables has nothing to compare."""
        self.created |= set(written)
        if not ids or not self.source_linked:
            return
        there_t = t.with_layout(t.layout.with_linked(self.created, self.target.payload_schema))
        try:
            there = read_linked(there_t, ids)
        finally:
            t.conn.rollback()
        for sid in ids:
            self.expected[sid] = linked_digest(rows.get(sid))
            self.got[sid] = linked_digest(there.get(sid))
        _add(self.sent, counts(rows[s] for s in ids if s in rows))
        _add(self.found, counts(there.values()))

    def mismatched(self) -> list[str]:
        return sorted(s for s, d in self.expected.items() if self.got.get(s) != d)

    def summary(self) -> dict[str, Any]:
        """Rows per table sent and found, and the checksums, for the copy report."""
        from kern_core.copying.sessions import combine

        return {
            "source": dict(self.sent),
            "target": dict(self.found),
            "source_checksum": combine(self.expected.values()),
            "target_checksum": combine(self.got.values()),
        }

    def unchanged(self, s: SessionTable, ids: Sequence[str]) -> list[str]:
        """The ids whose linked rows in the source are still what was copied (read inside the
        delete's transaction): the others are kept."""
        now = read_linked(s, ids)
        return [i for i in ids if self.source_prints.get(i) == linked_digest(now.get(i))]

    def delete_layout(self, layout: Layout) -> Layout:
        """The source layout to delete with: without the linked tables when they are shared."""
        return replace(layout, linked=()) if self.shared else layout


def _add(total: dict[str, int], part: dict[str, int]) -> None:
    for table, n in part.items():
        total[table] = total.get(table, 0) + n
