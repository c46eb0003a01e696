"""Session ids as people type them: the exact id, else a unique prefix of one.

An exact id always wins, even when it also starts other ids. Otherwise a text of at least
:data:`MIN_PREFIX` characters that starts exactly one stored id names that session; one that
starts several is ambiguous. Ids compare code point for code point on every database (case
sensitive, ``%`` and ``_`` plain characters, no padding), whatever MySQL's collation says, as
:meth:`~kern_core.db.SessionDb.get_session` compares them. The prefix lookup is a range scan
of the primary key: the LIKE lets MySQL's collation use its index, the byte-wise bounds make
the match exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kern_core.dialect import chunked
from kern_core.suggest import prefix_where, text_value

if TYPE_CHECKING:
    from kern_core.db import SessionDb
    from kern_core.table import SessionTable

#: The shortest text taken as a prefix (git's shortest abbreviation): a shorter one names only
#: the session of exactly that id, so a slip of one or two characters cannot pick a session.
MIN_PREFIX = 4
#: Candidates an ambiguous prefix reports (all are counted).
CANDIDATES = 10
_EXACT_CHUNK = 500


@dataclass(frozen=True)
class IdMatch:
    """What a typed id names.

    ``session_id``: the session (the text itself when it is an id, else the one id it starts);
    None when it names none. ``count``: how many ids the text starts when it is no id itself
    (0 for a text shorter than :data:`MIN_PREFIX`). ``candidates``: for an ambiguous prefix,
    the first of those ids in code point order.
    """

    text: str
    session_id: str | None
    count: int = 0
    candidates: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return self.session_id is not None and self.session_id == self.text

    @property
    def ambiguous(self) -> bool:
        return self.session_id is None and self.count > 1


def resolve_session_ids(
    db: SessionDb,
    texts: Sequence[str],
    *,
    min_prefix: int = MIN_PREFIX,
    candidates: int = CANDIDATES,
) -> list[IdMatch]:
    """What each of ``texts`` names, in order: one query for the exact ids, then one prefix
    lookup (at most ``candidates + 1`` ids read, and a count when there are more) for each
    text that is no id."""
    with db.reading() as t:
        present = existing_ids(t, texts)
        return [
            IdMatch(text, text)
            if text in present
            else _by_prefix(t, text, min_prefix, max(1, candidates))
            for text in texts
        ]


def resolve_session_id(
    db: SessionDb, text: str, *, min_prefix: int = MIN_PREFIX, candidates: int = CANDIDATES
) -> IdMatch:
    """What ``text`` names: the session of exactly that id, else the one id it starts."""
    return resolve_session_ids(db, [text], min_prefix=min_prefix, candidates=candidates)[0]


def existing_ids(t: SessionTable, ids: Sequence[str]) -> set[str]:
    """Those of ``ids`` that are stored session ids, exactly: the writers' lookup, asked
    :data:`_EXACT_CHUNK` ids at a time so a long list from stdin stays under every database's
    limit on bound parameters."""
    from kern_core.writing import existing_ids as stored

    found: set[str] = set()
    for part in chunked(list(dict.fromkeys(ids)), _EXACT_CHUNK):
        found |= stored(t, part)
    return found


def _by_prefix(t: SessionTable, text: str, min_prefix: int, candidates: int) -> IdMatch:
    if len(text) < max(1, min_prefix):
        return IdMatch(text, None)
    where, params = prefix_where(t, "session_id", text)
    sql = (
        f"SELECT session_id FROM {t.sessions} WHERE {where} "
        f"ORDER BY {t.dialect.bytewise('session_id')} LIMIT {t.param}"
    )
    rows = t.execute(sql, [*params, candidates + 1]).fetchall()
    ids = [v for v in (text_value(r[0]) for r in rows) if v is not None and v.startswith(text)]
    if len(ids) == 1:
        return IdMatch(text, ids[0], count=1)
    count = len(ids)
    if count > candidates:
        row = t.execute(f"SELECT COUNT(*) FROM {t.sessions} WHERE {where}", params).fetchone()
        count = int(row[0])
    return IdMatch(text, None, count=count, candidates=tuple(ids[:candidates]))
