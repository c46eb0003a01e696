"""Distinct id values that start with a prefix: the data behind shell completion.

Only whitelisted id columns of the session table can be asked for, and the read goes through
the db object's read-only connection, so completing a word never changes the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kern_core.errors import BadInputError

if TYPE_CHECKING:
    from kern_core.db import SessionDb

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
        p = t.param
        sql = (
            f"SELECT DISTINCT {column} FROM {t.sessions} "
            f"WHERE {column} IS NOT NULL AND {column} LIKE {p} ESCAPE '{_ESCAPE}' "
            f"ORDER BY {column}"
        )
        params: list[Any] = [like_prefix(prefix)]
        if limit is not None:
            sql += f" LIMIT {p}"
            params.append(limit)
        rows = t.execute(sql, params).fetchall()
    return [str(r[0]) for r in rows if isinstance(r[0], str) and r[0].startswith(prefix)]
