"""resolve_session_id(s): an exact id wins, else a unique prefix of at least 4 characters,
compared code point for code point on every backend: LIKE's wildcards are plain characters,
case and accents count and trailing spaces too, whatever MySQL's collation says."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kern_core import MIN_ID_PREFIX, IdMatch, SessionDb, resolve_session_id, resolve_session_ids

from tests.support.sessions import session

IDS = [
    "abcd",
    "abcd-2",
    "50%_off-1",
    "50xyoff-2",
    "x_yz-1",
    "xayz-2",
    "a!b%c-1",
    "MIXED-upper",
    "café-1",
    "日本語-1",
    *(f"amb-{i}" for i in range(7)),
]


@pytest.fixture
def db(kind: str, backend_db: Callable[..., SessionDb]) -> SessionDb:
    target = backend_db(kind)
    target.upsert_sessions([session(sid, 1_700_000_000 + n) for n, sid in enumerate(IDS)])
    return target


def named(db: SessionDb, text: str) -> str | None:
    return resolve_session_id(db, text).session_id


def test_exact_id_wins_over_longer_ids_it_starts(db: SessionDb) -> None:
    match = resolve_session_id(db, "abcd")
    assert match == IdMatch("abcd", "abcd") and match.exact and not match.ambiguous
    assert named(db, "abcd-") == "abcd-2"
    assert not resolve_session_id(db, "abcd-").exact


def test_unique_prefix_names_its_session(db: SessionDb) -> None:
    assert resolve_session_id(db, "amb-3") == IdMatch("amb-3", "amb-3")
    assert resolve_session_id(db, "MIXE") == IdMatch("MIXE", "MIXED-upper", count=1)
    assert named(db, "日本語-") == "日本語-1"
    assert named(db, "café") == "café-1"


def test_like_wildcards_are_plain_characters(db: SessionDb) -> None:
    assert named(db, "50%_") == "50%_off-1"
    assert named(db, "50xy") == "50xyoff-2"
    assert named(db, "x_yz") == "x_yz-1"
    assert named(db, "xayz") == "xayz-2"
    assert named(db, "a!b%") == "a!b%c-1"
    assert named(db, "50%x") is None and named(db, "x%yz") is None


def test_case_accents_and_spaces_count_on_every_backend(db: SessionDb) -> None:
    for text in ("mixe", "MIXED-UPPER", "mixed-upper", "cafe", "CAFÉ", "abcd ", "ABCD"):
        match = resolve_session_id(db, text)
        assert match == IdMatch(text, None), text


def test_ambiguous_prefix_lists_candidates_and_counts_them(db: SessionDb) -> None:
    match = resolve_session_id(db, "amb-")
    assert match.ambiguous and match.session_id is None
    assert match.count == 7
    assert match.candidates == tuple(f"amb-{i}" for i in range(7))
    few = resolve_session_id(db, "amb-", candidates=2)
    assert few.count == 7 and few.candidates == ("amb-0", "amb-1")


def test_short_text_is_only_an_exact_id(db: SessionDb) -> None:
    assert MIN_ID_PREFIX == 4
    assert resolve_session_id(db, "abc") == IdMatch("abc", None)
    assert resolve_session_id(db, "am") == IdMatch("am", None)
    assert named(db, "") is None
    assert named(db, "ab") is None
    assert resolve_session_id(db, "ab", min_prefix=2).count == 2


def test_many_texts_in_order(db: SessionDb) -> None:
    matches = resolve_session_ids(db, ["amb-3", "nope", "abcd", "amb-", "abcd-"])
    assert [m.session_id for m in matches] == ["amb-3", None, "abcd", None, "abcd-2"]
    assert [m.count for m in matches] == [0, 0, 0, 7, 1]
    assert resolve_session_ids(db, []) == []
