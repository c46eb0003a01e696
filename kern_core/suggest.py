"""Distinct id values that start with a prefix: the data behind shell completion.

Only whitelisted id columns of the session table can be asked for, and the read goes through
the db object's read-only connection, so completing a word never changes the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kern_core.errors import BadInputError

if TYPE_CHECKING:
    from kern_core.db import SessionDb
    from kern_core.table import SessionTable

#: The session-table columns whose values can be suggested.
SUGGEST_COLUMNS = ("session_id", "user_id", "agent_id", "team_id", "workflow_id", "session_type")
#: The LIKE escape character: not a backslash, which MySQL string literals would take as theirs.
_ESCAPE = "!"


def like_prefix(prefix: str) -> str:
    """A LIKE pattern matching values that start with ``prefix`` (wildcards escaped)."""
    escaped = (
        prefix.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )
    return escaped + "%"


def suggest_values(
    db: SessionDb, column: str, prefix: str = "", limit: int | None = 50
) -> list[str]:
    """Distinct non-null values of ``column`` starting with ``prefix``, sorted, at most ``limit``.

    Raises :class:`BadInputError` for a column outside :data:`SUGGEST_COLUMNS`. A column the
    table lacks gives an empty list.
    """
    if column not in SUGGEST_COLUMNS:
        raise BadInputError(
            f"cannot suggest values of {column!r}", hint=f"one of: {', '.join(SUGGEST_COLUMNS)}"
        )
    if limit is not None and limit < 1:
        return []

    with db.reading() as t:
        if not t.layout.has(column):
            return []
        exact = t.dialect.bytewise(column)
        where, params = prefix_where(t, column, prefix)
        sql = f"SELECT DISTINCT {exact} FROM {t.sessions} WHERE {column} IS NOT NULL AND {where}"
        sql += " ORDER BY 1"
        if limit is not None:
            sql += f" LIMIT {t.param}"
            params.append(limit)
        rows = t.execute(sql, params).fetchall()
    values = (text_value(r[0]) for r in rows)
    return [v for v in values if v is not None and v.startswith(prefix)]


def prefix_where(t: SessionTable, column: str, prefix: str) -> tuple[str, list[Any]]:
    """SQL that is true when the text ``column`` starts with ``prefix`` code point for code
    point, and its parameters. The LIKE is what MySQL's collation can serve from an index
    (it folds case on SQLite and MySQL); the byte-wise bounds make the match exact."""
    p = t.param
    exact = t.dialect.bytewise(column)
    parts = [f"{column} LIKE {p} ESCAPE '{_ESCAPE}'"]
    params: list[Any] = [like_prefix(prefix)]
    if prefix:
        parts.append(f"{exact} >= {p}")
        params.append(prefix)
    after = successor(prefix)
    if after is not None:
        parts.append(f"{exact} < {p}")
        params.append(after)
    return " AND ".join(parts), params


def successor(prefix: str) -> str | None:
    """The least string above every string that starts with ``prefix`` (None: no bound), so
    that ``prefix <= value < successor`` selects exactly those, in code point order. The
    LIKE alone cannot: it folds case on SQLite and MySQL."""
    chars = list(prefix)
    while chars:
        code = ord(chars.pop()) + 1
        if code == 0xD800:
            code = 0xE000
        if code <= 0x10FFFF:
            return "".join(chars) + chr(code)
    return None


def text_value(value: Any) -> str | None:
    """A suggested value as text (:meth:`Dialect.bytewise` may give UTF-8 bytes)."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return value if isinstance(value, str) else None
