"""Session ids as typed on the command line: the exact id, else a unique prefix of one
(:mod:`kern_core.ids`). An ambiguous prefix is a usage error naming a few candidates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kern_cli.errors import UsageError

if TYPE_CHECKING:
    from kern_core import IdMatch, NotFoundError, SessionDb

LIST_HINT = "list sessions with 'kern sessions list'; check --db, --table and --schema"


def full_id(sessions: SessionDb, text: str) -> str:
    """The session ``text`` names; not found (exit 3) or ambiguous (exit 2) otherwise."""
    from kern_core import resolve_session_id

    match = resolve_session_id(sessions, text, candidates=_shown())
    if match.session_id is None:
        if match.ambiguous:
            raise ambiguous(match)
        raise not_found(sessions, text)
    return match.session_id


def full_ids(sessions: SessionDb, texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """The sessions ``texts`` name (in order, each once) and the texts that name none; any
    ambiguous prefix is a usage error (exit 2) before anything is done."""
    from kern_core import resolve_session_ids

    matches = resolve_session_ids(sessions, list(dict.fromkeys(texts)), candidates=_shown())
    for match in matches:
        if match.ambiguous:
            raise ambiguous(match)
    found = [m.session_id for m in matches if m.session_id is not None]
    missing = [m.text for m in matches if m.session_id is None]
    return list(dict.fromkeys(found)), missing


def ambiguous(match: IdMatch) -> UsageError:
    from kern_cli.render.reports import sample_text

    return UsageError(
        f"session id prefix {match.text} is ambiguous: {match.count:,} sessions start with it: "
        + sample_text(list(match.candidates), match.count),
        hint="give more characters of the id, or the whole id",
    )


def not_found(sessions: SessionDb, text: str) -> NotFoundError:
    """Session ``text`` not found, naming where kern looked."""
    from kern_cli.render.reports import where
    from kern_core import MIN_ID_PREFIX, NotFoundError

    hint = LIST_HINT
    if 0 < len(text) < MIN_ID_PREFIX:
        hint += f"; a prefix of an id needs at least {MIN_ID_PREFIX} characters"
    return NotFoundError(f"session {text} not found in {where(sessions)}", hint=hint)


def _shown() -> int:
    from kern_cli.render.reports import SAMPLE

    return SAMPLE
