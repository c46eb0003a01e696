"""Copy between backends and layouts: identical content, idempotent, verified, conflicts kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kern_core import (
    CopyVerificationError,
    KernError,
    SessionDb,
    SessionFilter,
    SqliteDb,
    copy_sessions,
)

from tests.support.db import open_variant, server_db, server_target
from tests.support.ops import dump, make_session


def _target(kind: str, layout: str, tmp_path: Path, request: pytest.FixtureRequest) -> SessionDb:
    if kind == "sqlite":
        return SqliteDb(db_file=tmp_path / f"target_{layout}.db", new_layout=layout)
    url, schema = server_target(kind, request)
    return server_db(kind, str(url), str(schema), f"t_{layout}", new_layout=layout)


@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize(
    ("variant", "target_kind"),
    [
        ("agno2.sqlite", "postgres"),
        ("agno3.sqlite", "postgres"),
        ("agno2.sqlite", "mysql"),
        ("agno3.sqlite", "mysql"),
        ("agno3_postgres.sql:app.my_agent_sessions", "mysql"),
        ("agno3_migrated.sqlite", "sqlite"),
        ("agno3_postgres.sql:app.my_agent_sessions", "sqlite"),
        ("agno2_postgres.sql:ai.agno_sessions", "sqlite"),
    ],
)
def test_copy_is_identical_and_idempotent(
    variant: str, target_kind: str, layout: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with open_variant(variant, tmp_path, request) as src:
        target = _target(target_kind, layout, tmp_path, request)
        progress: list[int] = []
        report = copy_sessions(
            src, target, batch_size=10, on_progress=lambda r: progress.append(r.copied)
        )
        want = dump(src)
        assert report.verified and report.copied == len(want) and not report.conflicts
        assert progress[-1] == len(want) and len(progress) == (len(want) + 9) // 10
        assert report.runs_source == report.runs_target == sum(len(r["runs"]) for r in want)
        assert report.source_checksum == report.target_checksum
        assert target.layout(refresh=True).kind == layout
        assert dump(target) == want
        again = copy_sessions(src, target, batch_size=10)
        assert (again.copied, again.already_present, again.verified) == (0, len(want), True)
        assert dump(target) == want
        target.close()


def test_conflict_is_reported_not_overwritten(tmp_path: Path) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="table")
    src.upsert_sessions([make_session(i) for i in range(5)])
    target = SqliteDb(db_file=tmp_path / "dst.db", new_layout="column")
    other = make_session(2, runs=1)
    target.upsert_sessions([other])
    report = copy_sessions(src, target, batch_size=2)
    assert report.conflicts == ["s0002"] and report.copied == 4 and not report.verified
    assert target.get_session("s0002") == other
    with pytest.raises(CopyVerificationError, match="conflicting"):
        copy_sessions(src, target, delete_source=True)
    assert len(dump(src)) == 5  # nothing deleted


def test_verification_catches_a_tampered_target(tmp_path: Path) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="table")
    src.upsert_sessions([make_session(i) for i in range(6)])
    target = SqliteDb(db_file=tmp_path / "dst.db", new_layout="table")

    def tamper(_: object) -> None:
        with target.dialect.open_conn(read_only=False) as conn:
            conn.execute(
                "UPDATE agno_runs SET run_data = json_set(run_data, '$.content', 'x') "
                "WHERE run_id = 's0000-r0'"
            )

    with pytest.raises(CopyVerificationError) as err:
        copy_sessions(src, target, batch_size=3, on_progress=tamper, delete_source=True)
    assert err.value.report.mismatched == ["s0000"]
    assert err.value.report.source_checksum != err.value.report.target_checksum
    assert len(dump(src)) == 6  # the source was not deleted


def test_delete_source_after_verification(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="column")
    src.upsert_sessions([make_session(i, user="u1" if i < 4 else "u2") for i in range(7)])
    target = _target(kind, "table", tmp_path, request)
    report = copy_sessions(src, target, SessionFilter(user_id="u1"), delete_source=True)
    assert report.verified and report.deleted_from_source == 4
    assert report.runs_deleted_from_source == 8
    assert [r["user_id"] for r in dump(src)] == ["u2"] * 3
    assert [r["session_id"] for r in dump(target)] == ["s0000", "s0001", "s0002", "s0003"]
    target.close()


def test_resume_after_a_partial_copy(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="table")
    src.upsert_sessions([make_session(i, runs=3) for i in range(9)])
    target = _target(kind, "table", tmp_path, request)
    target.upsert_sessions([make_session(i, runs=3) for i in (1, 4, 5)])
    report = copy_sessions(src, target, batch_size=4)
    assert (report.copied, report.already_present, report.runs_copied) == (6, 3, 18)
    assert report.verified and report.runs_source == report.runs_target == 27
    assert dump(target) == dump(src)
    target.close()


def test_a_session_the_target_refuses_is_skipped_and_the_rest_copied(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="table")
    src.upsert_sessions([make_session(i) for i in range(5)])
    thief = make_session(7)
    thief.runs[0]["run_id"] = "s0001-r0"
    with _target(kind, "table", tmp_path, request) as target:
        target.upsert_sessions([thief])
        report = copy_sessions(src, target, batch_size=3, delete_source=True)
        copied = [r["session_id"] for r in dump(target)]
    assert [sid for sid, _ in report.refused] == ["s0001"]
    assert "run_id" in report.refused[0][1]
    assert report.copied == 4 and report.verified and report.deleted_from_source == 4
    assert copied == ["s0000", "s0002", "s0003", "s0004", "s0007"]
    assert [r["session_id"] for r in dump(src)] == ["s0001"]  # never deleted: not copied


@pytest.mark.parametrize("server", ["postgres", "mysql"])
@pytest.mark.parametrize("layout", ["column", "table"])
def test_sessions_a_server_cannot_store_are_skipped_by_id(
    server: str, layout: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout=layout)
    sessions = [make_session(i) for i in range(6)]
    sessions[1].runs[0]["content"] = "a\x00b"  # refused before writing
    sessions[4].runs[1]["content"] = "a\ud800b"  # refused by the server (a lone surrogate)
    src.upsert_sessions(sessions)
    with _target(server, layout, tmp_path, request) as target:
        holds_nul = target.dialect.json_holds_nul
        report = copy_sessions(src, target, batch_size=6, delete_source=True)
        copied = [r["session_id"] for r in dump(target)]
    refused = ["s0004"] if holds_nul else ["s0001", "s0004"]
    assert [sid for sid, _ in report.refused] == refused
    if not holds_nul:
        assert "NUL" in report.refused[0][1]
    assert "json" in report.refused[-1][1].lower()
    kept = 6 - len(refused)
    assert report.copied == kept and report.verified and report.deleted_from_source == kept
    assert copied == sorted({f"s000{i}" for i in range(6)} - set(refused))
    assert [r["session_id"] for r in dump(src)] == refused


def test_a_target_that_fails_is_the_one_named(tmp_path: Path) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db")
    src.upsert_sessions([make_session(i) for i in range(8)])
    target = SqliteDb(db_file=tmp_path / "dst.db", busy_timeout=0.05)
    holder = sqlite3.connect(tmp_path / "dst.db", isolation_level=None, check_same_thread=False)

    def lock_target(_: object) -> None:
        if not holder.in_transaction:
            holder.execute("BEGIN IMMEDIATE")

    try:
        with pytest.raises(KernError) as err:
            copy_sessions(src, target, batch_size=1, on_progress=lock_target)
    finally:
        holder.rollback()
        holder.close()
    assert "locked" in err.value.message and "dst.db" in err.value.message
    assert "src.db" not in err.value.message
    assert len(dump(src)) == 8


def test_same_content_in_other_text_is_already_present(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="table")
    src.upsert_sessions([make_session(i) for i in range(4)])
    target = _target(kind, "table", tmp_path, request)
    assert copy_sessions(src, target, batch_size=3).copied == 4
    with src.dialect.open_conn(read_only=False) as conn:
        conn.execute("UPDATE agno_runs SET run_data = '  ' || run_data || ' '")
    again = copy_sessions(src, target, batch_size=3)
    assert (again.already_present, again.conflicts, again.verified) == (4, [], True)
    assert again.source_checksum == again.target_checksum
    target.close()


def test_a_session_changed_after_its_copy_is_not_deleted(tmp_path: Path) -> None:
    src = SqliteDb(db_file=tmp_path / "src.db", new_layout="table")
    src.upsert_sessions([make_session(i) for i in range(4)])
    target = SqliteDb(db_file=tmp_path / "dst.db", new_layout="table")
    edits: list[int] = []

    def edit(_: object) -> None:
        if edits:
            return
        edits.append(1)
        with src.dialect.open_conn(read_only=False) as conn:
            conn.execute(
                "UPDATE agno_runs SET run_data = ' ' || run_data WHERE run_id = 's0000-r0'"
            )

    report = copy_sessions(src, target, batch_size=2, on_progress=edit, delete_source=True)
    assert report.verified and report.changed_since_copy == ["s0000"]
    assert report.deleted_from_source == 3
    assert [r["session_id"] for r in dump(src)] == ["s0000"]
