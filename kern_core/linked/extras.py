"""Read what agno 3.1 keeps of one session outside its session and runs rows, for display.

- Compactions (``agno_compactions``): each fold's summary, counts and the folded conversation
  verbatim (``archived_messages``, Markdown ``## role`` blocks as agno renders them).
- Offloaded tool results (``agno_tool_results`` index rows): a run keeps only an envelope
  ``<result id="res_…" …>`` and a preview; the payload is resolved as agno's ``ResultStore``
  resolves it: the index row by ``result_id``, then the ``agno_fs`` row at the row's namespace
  and path in the shared partition (``user_id = ''``), both canonicalised the way agno's
  ``FileSystem`` does before it reads.

Payloads can be large, so they are read only as far as asked: not at all, their first
``payload_chars`` characters (cut in SQL), or whole. Everything here only reads, through the
tables :attr:`Layout.linked` found; nothing is created.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from kern_core.dialect import quote
from kern_core.linked.transfer import COMPACTION_COLUMNS as ALL_COMPACTION_COLUMNS
from kern_core.linked.transfer import INT_COLUMNS, TOOL_RESULT_COLUMNS
from kern_core.table import SessionTable

#: Compaction columns read for every compaction: the folded conversation is read on request.
COMPACTION_COLUMNS = tuple(c for c in ALL_COMPACTION_COLUMNS if c != "archived_messages")
#: The partition agno writes tool-result payloads to (and reads them from).
SHARED_PARTITION = ""
#: agno's stored-result envelope, as ``render_stored_envelope`` writes it.
ENVELOPE = re.compile(
    r'\A\s*<result id="([^"<>]+)" tool="([^"<>]*)" lines="([^"<>]*)" size="([^"<>]*)">'
)
_BLOCK_HEADING = re.compile(r"^## ([a-z_]+)(?: \((.*)\))?$")
_NAMESPACE_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_/@+")


@dataclass(frozen=True)
class ArchivedMessage:
    """One message of a fold, decoded from its ``## role`` / ``## tool (name)`` block."""

    role: str
    text: str
    tool_name: str | None = None


@dataclass(frozen=True)
class Compaction:
    """One fold of a session's history. ``archived_messages`` is None when it was not read
    (or agno stored none); ``archived_chars`` is its length either way."""

    compaction_id: str
    session_id: str
    run_id: str | None
    user_id: str | None
    first_kept_message_id: str | None
    summary: str | None
    messages_compacted: int | None
    tokens_before: int | None
    tokens_after: int | None
    created_at: int | None
    archived_chars: int = 0
    archived_messages: str | None = None

    def archived(self) -> list[ArchivedMessage]:
        """The archived messages as agno rendered them, one per ``## role`` block."""
        return decode_archived(self.archived_messages or "")

    def to_dict(self, with_archived: bool = True) -> dict[str, Any]:
        """The stored row's columns (``archived_messages`` only when read and wanted)."""
        out: dict[str, Any] = {c: getattr(self, c) for c in COMPACTION_COLUMNS}
        if with_archived and self.archived_messages is not None:
            out["archived_messages"] = self.archived_messages
        return out


@dataclass(frozen=True)
class Payload:
    """A resolved payload: its stored size, and its text as far as it was read
    (``complete`` says whether that is all of it)."""

    size_bytes: int | None
    content: str | None = None
    complete: bool = False


@dataclass(frozen=True)
class ToolResult:
    """An offloaded tool result: its index row, and its payload (None when agno would find
    none: no ``agno_fs`` row in the shared partition at that namespace and path)."""

    row: dict[str, Any]
    payload: Payload | None

    @property
    def result_id(self) -> str:
        return str(self.row["result_id"])

    def to_dict(self) -> dict[str, Any]:
        """The index row, plus ``payload`` (``{"size_bytes", "content"?}``, null if missing)."""
        out = dict(self.row)
        if self.payload is None:
            out["payload"] = None
        else:
            out["payload"] = {"size_bytes": self.payload.size_bytes}
            if self.payload.content is not None:
                out["payload"]["content"] = self.payload.content
                out["payload"]["complete"] = self.payload.complete
        return out


@dataclass
class SessionExtras:
    """A session's compactions (oldest first) and offloaded tool results (by result id)."""

    compactions: list[Compaction] = field(default_factory=list)
    tool_results: dict[str, ToolResult] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.compactions or self.tool_results)


def envelope_id(text: str) -> str | None:
    """The result id of an agno stored-result envelope at the start of ``text``, else None."""
    match = ENVELOPE.match(text)
    return match.group(1) if match else None


def decode_archived(text: str) -> list[ArchivedMessage]:
    """Split agno's archived Markdown into messages: a block starts at a ``## role`` line at
    the start of the text or after a blank line (how ``render_messages`` joins them)."""
    if not text:
        return []
    out: list[ArchivedMessage] = []
    role: str | None = None
    tool: str | None = None
    body: list[str] = []
    previous_blank = True
    for line in text.split("\n"):
        heading = _BLOCK_HEADING.match(line) if previous_blank else None
        if heading:
            if role is not None:
                out.append(ArchivedMessage(role, "\n".join(body).strip("\n"), tool))
            role, tool, body = heading.group(1), heading.group(2), []
        elif role is None:
            role, tool, body = "?", None, [line]
        else:
            body.append(line)
        previous_blank = line == ""
    if role is not None:
        out.append(ArchivedMessage(role, "\n".join(body).strip("\n"), tool))
    return out


def get_session_extras(
    t: SessionTable,
    session_id: str,
    payload_chars: int | None = 0,
    archived: bool = True,
) -> SessionExtras:
    """The session's compactions and offloaded tool results.

    ``payload_chars``: 0 reads no payload text (only whether it exists and its size), N its
    first N characters, None all of it. ``archived``: read the folded messages too.
    """
    extras = SessionExtras()
    if not t.layout.linked:
        return extras
    extras.compactions = _compactions(t, session_id, archived)
    for result in _tool_results(t, session_id, payload_chars):
        extras.tool_results[result.result_id] = result
    return extras


def read_payload(t: SessionTable, session_id: str, result_id: str) -> str | None:
    """The whole payload of one of this session's offloaded results (None when agno would
    find none, or the result belongs to another session)."""
    results = _tool_results(t, session_id, None, result_id)
    if not results or results[0].payload is None:
        return None
    return results[0].payload.content


def _compactions(t: SessionTable, session_id: str, archived: bool) -> list[Compaction]:
    table = t.linked("compactions")
    if table is None:
        return []
    names = ", ".join(quote(c) for c in COMPACTION_COLUMNS)
    text = "archived_messages" if archived else "NULL"
    sql = (
        f"SELECT {names}, length(archived_messages), {text} FROM {table} "
        f"WHERE session_id = {t.param} ORDER BY created_at, compaction_id"
    )
    out = []
    for row in t.conn.execute(sql, [session_id]).fetchall():
        values = {c: _plain(c, v) for c, v in zip(COMPACTION_COLUMNS, row, strict=False)}
        values["compaction_id"] = values["compaction_id"] or ""
        values["session_id"] = values["session_id"] or session_id
        chars = _as_int(row[len(COMPACTION_COLUMNS)]) or 0
        stored = row[len(COMPACTION_COLUMNS) + 1]
        out.append(
            Compaction(
                **values,
                archived_chars=chars,
                archived_messages=None if stored is None else _text(stored),
            )
        )
    return out


def _tool_results(
    t: SessionTable,
    session_id: str,
    payload_chars: int | None,
    result_id: str | None = None,
) -> list[ToolResult]:
    table = t.linked("tool_results")
    if table is None:
        return []
    p = t.param
    names = ", ".join(quote(c) for c in TOOL_RESULT_COLUMNS)
    sql = f"SELECT {names} FROM {table} WHERE session_id = {p}"
    params: list[Any] = [session_id]
    if result_id is not None:
        sql += f" AND result_id = {p}"
        params.append(result_id)
    sql += " ORDER BY created_at, result_id"
    rows = [
        {c: _plain(c, v) for c, v in zip(TOOL_RESULT_COLUMNS, row, strict=True)}
        for row in t.conn.execute(sql, params).fetchall()
    ]
    return [ToolResult(row, _payload(t, row, payload_chars)) for row in rows]


def _payload(t: SessionTable, row: dict[str, Any], chars: int | None) -> Payload | None:
    """The payload agno's ``FileSystem(namespace=row.namespace).read(row.path)`` returns."""
    payloads = t.linked("payloads")
    namespace = _agno_namespace(row.get("namespace"))
    path = _agno_path(row.get("path"))
    if payloads is None or namespace is None or path is None:
        return None
    p = t.param
    if chars is None:
        text = "content"
    elif chars > 0:
        text = f"substr(content, 1, {int(chars) + 1})"
    else:
        text = "NULL"
    sql = (
        f"SELECT size_bytes, {text} FROM {payloads} "
        f"WHERE namespace = {p} AND user_id = {p} AND path = {p}"
    )
    found = t.conn.execute(sql, [namespace, SHARED_PARTITION, path]).fetchone()
    if found is None:
        return None
    size = _as_int(found[0])
    if found[1] is None:
        return Payload(size)
    content = _text(found[1])
    if chars is None or len(content) <= chars:
        return Payload(size, content, True)
    return Payload(size, content[:chars], False)


def _agno_path(path: Any) -> str | None:
    """agno's ``normalize_path``: the canonical path, or None where agno refuses it."""
    if not isinstance(path, str):
        return None
    value = unicodedata.normalize("NFC", path)
    if "\\" in value or any(unicodedata.category(ch) == "Cc" for ch in value):
        return None
    while "//" in value:
        value = value.replace("//", "/")
    value = value.removeprefix("/")
    if not value or value.endswith("/") or len(value) > 512:
        return None
    segments = value.split("/")
    if len(segments) > 16 or any(s in (".", "..") or len(s) > 128 for s in segments):
        return None
    return value


def _agno_namespace(namespace: Any) -> str | None:
    """agno's ``normalize_namespace`` for a namespace without placeholders (one with ``{…}``
    cannot be read without a run's context: None)."""
    if not isinstance(namespace, str) or "{" in namespace or "}" in namespace:
        return None
    value = _agno_path(namespace)
    if value is None:
        return None
    lowered = unicodedata.normalize("NFC", value).lower()
    return "".join(
        chr(b) if chr(b) in _NAMESPACE_SAFE else f"%{b:02x}" for b in lowered.encode("utf-8")
    )


def _as_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def _plain(column: str, value: Any) -> Any:
    """A stored value as plain data: the BIGINT columns as int, the rest as text."""
    if value is None:
        return None
    if column in INT_COLUMNS:
        return _as_int(value)
    return _text(value)
