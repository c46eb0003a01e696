"""Session and run ids MySQL's collation takes for other ones (MariaDB's default
utf8mb4_general_ci: case- and accent-insensitive, trailing spaces ignored): every write
reports them by id and writes the others, reads and deletes act on exactly the given id.
SQLite and PostgreSQL keep such ids apart, and the same calls simply write them."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from kern_core import ConflictError, RecordSource, SessionDb, import_sessions
from kern_core.copying.sessions import copy_sessions, plan_copy

from tests.support.sessions import session

COLLATION = "MariaDB's collation (utf8mb4_general_ci)"


def _s(sid: str, *runs: str) -> Any:
    return session(sid, 1_700_000_000, runs=[{"run_id": r, "status": "COMPLETED"} for r in runs])


def _clash(sid: str, other: str, stored: bool = True) -> str:
    what = (
        f"the stored session {other!r}" if stored else f"the session {other!r} earlier in the input"
    )
    return f"session {sid!r}: {COLLATION} takes it for {what}"


@pytest.fixture
def db(kind: str, backend_db: Callable[..., SessionDb]) -> SessionDb:
    target = backend_db(kind, layout="table")
    target.upsert_sessions([_s("abc", "r1")])
    return target


def _folds(db: SessionDb) -> bool:
    return db.dialect.kind == "mysql"


def _ids(db: SessionDb) -> list[str]:
    with db.reading() as t:
        rows = t.conn.execute(f"SELECT session_id FROM {t.sessions}").fetchall()
    return sorted(str(r[0]) for r in rows)


@pytest.mark.parametrize("on_conflict", ["skip", "replace"])
def test_upsert_reports_clashes_by_id_and_writes_the_others(
    db: SessionDb, on_conflict: str
) -> None:
    report = db.upsert_sessions(
        [_s("ABC"), _s("abc "), _s("good"), _s("àbc"), _s("Good")], on_conflict=on_conflict
    )
    if not _folds(db):
        assert report.inserted == ["ABC", "abc ", "good", "àbc", "Good"] and not report.clashed
        return
    assert report.inserted == ["good"]
    assert report.replaced == []
    assert report.clashed == [
        ("ABC", _clash("ABC", "abc")),
        ("abc ", _clash("abc ", "abc")),
        ("àbc", _clash("àbc", "abc")),
        ("Good", _clash("Good", "good", stored=False)),
    ]
    assert _ids(db) == ["abc", "good"]
    stored = db.get_session("abc")
    assert stored is not None and [r.run_id for r in stored.runs] == ["r1"]


def test_upsert_fail_names_the_stored_session(db: SessionDb) -> None:
    if not _folds(db):
        assert db.upsert_sessions([_s("ABC")], on_conflict="fail").inserted == ["ABC"]
        return
    with pytest.raises(ConflictError) as exc:
        db.upsert_sessions([_s("ABC"), _s("new")], on_conflict="fail")
    assert exc.value.message == _clash("ABC", "abc")
    assert _ids(db) == ["abc"]


def test_a_run_id_another_session_holds_under_the_collation(db: SessionDb) -> None:
    report = db.upsert_sessions([_s("s2", "R1"), _s("s3", "r3")], on_conflict="skip")
    if not _folds(db):
        assert report.inserted == ["s2", "s3"]
        return
    assert report.inserted == ["s3"]
    assert report.clashed == [
        (
            "s2",
            f"session 's2': {COLLATION} takes its run 'R1' for the run 'r1' of the stored "
            "session 'abc' (run ids are unique across the runs table)",
        )
    ]
    again = db.upsert_sessions([_s("abc", "R1")], on_conflict="replace")
    assert again.replaced == ["abc"] and not again.clashed


def test_reads_renames_and_deletes_act_on_exactly_the_given_id(db: SessionDb) -> None:
    assert db.get_session("ABC") is None
    assert db.get_session("abc ") is None
    assert db.rename_session("ABC", "renamed") is False
    report = db.delete_sessions(["ABC", "abc "])
    assert report.sessions == 0 and report.missing == ["ABC", "abc "]
    kept = db.get_session("abc")
    assert kept is not None and kept.session_id == "abc" and len(kept.runs) == 1
    assert kept.session_data is None or "session_name" not in kept.session_data


def _records(*ids: str) -> RecordSource:
    text = "\n".join(json.dumps(_s(i).to_dict()) for i in ids)
    return RecordSource(io.StringIO(text + "\n"))


@pytest.mark.parametrize("dry_run", [False, True])
def test_import_skip_and_replace_list_the_clashes(db: SessionDb, dry_run: bool) -> None:
    for on_conflict in ("skip", "replace"):
        report = import_sessions(
            db, _records("ABC", "fresh"), on_conflict=on_conflict, dry_run=dry_run
        )
        if not _folds(db):
            assert not report.clashed
            continue
        assert report.clashed == [("ABC", _clash("ABC", "abc"))]
        again = on_conflict == "replace" and not dry_run
        assert report.skipped == 0
        assert (report.inserted, report.replaced) == ((0, 1) if again else (1, 0))
    if _folds(db):
        assert _ids(db) == (["abc"] if dry_run else ["abc", "fresh"])


def test_import_fail_writes_nothing(db: SessionDb) -> None:
    if not _folds(db):
        return
    with pytest.raises(ConflictError) as exc:
        import_sessions(db, _records("fresh", "abc "), on_conflict="fail")
    assert exc.value.message == _clash("abc ", "abc") + "; nothing written"
    assert _ids(db) == ["abc"]


def test_copy_to_mysql_copies_the_first_and_refuses_the_second(
    kind: str, backend_db: Callable[..., SessionDb]
) -> None:
    source = backend_db("sqlite", layout="table", place=2)
    source.upsert_sessions([_s("abc", "r1"), _s("ABC", "r2"), _s("ok", "r9"), _s("zz", "R9")])
    target = backend_db(kind, layout="table", place=1)
    plan = plan_copy(source, target)
    report = copy_sessions(source, target)
    if kind != "mysql":
        assert not plan.unstorable and not report.refused and report.copied == 4
        return
    reason = f"{COLLATION} takes it for the session 'ABC' earlier in the input"
    assert [(u.session_id, u.problems) for u in plan.unstorable] == [("abc", (reason,))]
    assert report.refused == [
        ("abc", reason),
        (
            "zz",
            f"{COLLATION} takes its run 'R9' for the run 'r9' of the session 'ok' earlier in "
            "the input (run ids are unique across the runs table)",
        ),
    ]
    assert report.copied == 2 and report.verified and not report.mismatched
    assert _ids(target) == ["ABC", "ok"]
    rerun = copy_sessions(source, target)
    assert dict(rerun.refused)["abc"] == f"{COLLATION} takes it for the stored session 'ABC'"
    assert dict(rerun.refused)["zz"].endswith(
        "of the stored session 'ok' (run ids are unique across the runs table)"
    )
    assert rerun.already_present == 2 and rerun.verified
    assert [u.session_id for u in plan_copy(source, target).unstorable] == ["abc"]


def test_a_clash_another_writer_makes_meanwhile_is_reported_not_retried(
    db: SessionDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id that clashes only once the batch's first look is past (another writer stored
    'abc' meanwhile: here the first look is made to miss it) is a clash, never the 'kept
    being inserted and deleted' retry failure."""
    if not _folds(db):
        return
    from kern_core import writing

    real = writing.clash_reasons
    calls: list[int] = []

    def first_misses(*args: Any) -> dict[str, str]:
        calls.append(1)
        return {} if len(calls) == 1 else real(*args)

    monkeypatch.setattr(writing, "clash_reasons", first_misses)
    report = db.upsert_sessions([_s("ABC"), _s("new")], on_conflict="skip")
    assert report.inserted == ["new"]
    assert report.clashed == [("ABC", _clash("ABC", "abc"))]
