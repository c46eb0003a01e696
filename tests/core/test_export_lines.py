"""Export lines the database builds are the bytes Python assembles, on every backend and layout:
hostile and odd values, text that must be escaped, runs that share a place, agno's own files.

Python's assembly is the reference (it is what every export wrote before the database built
lines); the database's lines are switched off through the dialect's trait to compare.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from kern_core import ExportReport, Session, SessionDb, SessionFilter, SqliteDb
from kern_core.exporting import line_sql

from tests.core.test_agno31_fixtures import CUSTOM, DEFAULT, _open
from tests.core.test_agno31_fixtures import agno31_pg as agno31_pg  # the fixture _open uses
from tests.support.hostile_data import (
    clean_base,
    hostile_sessions,
    odd_number_sessions,
    write_sqlite_odd_rows,
    write_sqlite_raw_rows,
)

#: Characters the export escapes (C1, line and paragraph separators, bidi overrides, DEL),
#: non-ASCII it keeps as it is, and raw line breaks inside stored strings' escapes.
TEXTS = (
    "caf\u00e9 \u00fcber \u2019quoted\u2019 \u2014 \u2026 \u00a9",
    "c1 \u0085 \u009b end",
    "sep \u2028 \u2029 bidi \u202a\u202e \u2066\u2069",
    "del \x7f and tab\t newline\n return\r",
    "emoji \U0001f600 cjk \u6f22\u5b57",
)


def text_sessions() -> list[Session]:
    """Sessions whose stored text holds every kind of character the export treats apart,
    in ids (where Python then assembles the line), values and runs."""
    out = []
    for i, text in enumerate(TEXTS):
        out.append(
            Session(
                session_id=f"t-{i}",
                session_type="team" if i % 2 else "agent",
                team_id="team" if i % 2 else None,
                agent_id=None if i % 2 else "agent",
                user_id=f"u-{i}",
                session_data={"session_name": text, "session_state": {"note": text}},
                metadata={"tag": text},
                summary={"summary": text},
                runs=[
                    {"run_id": f"t-{i}-r{j}", "status": "COMPLETED", "content": f"{text} {j}"}
                    for j in range(3)
                ],
                created_at=1_700_000_100 + i,
                updated_at=None if i == 2 else 1_700_000_200 + i,
            )
        )
    for i, sid in enumerate(("t-\u00e9t\u00e9", "t-del\x7f", "t-tab\tid")):
        out.append(
            Session(
                session_id=sid,
                session_type="agent",
                user_id="\u00fcser" if i == 0 else None,
                runs=[{"run_id": f"{sid}-r", "content": TEXTS[i]}],
                created_at=1_700_000_150 + i,
            )
        )
    out.append(Session(session_id="t-no-runs", session_type="workflow", created_at=1_700_000_160))
    return out


def export_bytes(db: SessionDb) -> tuple[list[bytes], list[tuple[str, str]], ExportReport]:
    report = ExportReport()
    skipped: list[tuple[str, str]] = []
    lines = list(
        db.export_records(
            batch_size=3, report=report, on_skip=lambda sid, why: skipped.append((sid, why))
        )
    )
    return lines, skipped, report


def assert_built_as_assembled(db: SessionDb, env: pytest.MonkeyPatch) -> list[bytes]:
    """The database's lines, streamed and (PostgreSQL, where a statement timeout makes it go
    page by page) paged, equal Python's."""
    built = export_bytes(db)
    variants = {}
    if db.dialect.kind == "postgresql":
        with env.context() as paged:
            paged.setenv("KERN_STATEMENT_TIMEOUT", "600")
            variants["paged"] = export_bytes(db)
    db.dialect.builds_record_lines = False
    try:
        assembled = export_bytes(db)
    finally:
        del db.dialect.builds_record_lines
    for name, got in {"built": built, **variants}.items():
        assert got[0] == assembled[0], name
        assert got[1] == assembled[1], name
        assert vars(got[2]) == vars(assembled[2]), name
    for line in built[0]:
        assert b"\n" not in line and b"\r" not in line and b"\x7f" not in line
        text = line.decode("utf-8")
        assert not any(ch in text for ch in "\u0085\u2028\u202e\u2069")
        json.loads(text)
    return built[0]


@pytest.fixture(params=["column", "table"])
def odd_db(
    request: pytest.FixtureRequest, make_db: Callable[..., SessionDb], kind: str
) -> SessionDb:
    db = make_db(layout=request.param)
    sessions = clean_base() + text_sessions() + odd_number_sessions()
    if kind != "mysql":
        sessions += [s for s in hostile_sessions(big=False) if s.session_id != "h-deep-ok"]
    db.upsert_sessions(sessions)
    if kind == "sqlite":
        write_sqlite_raw_rows(db)
        write_sqlite_odd_rows(db)
    return db


def test_database_built_lines_are_the_bytes_python_writes(
    odd_db: SessionDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = assert_built_as_assembled(odd_db, monkeypatch)
    ids = [json.loads(line)["session_id"] for line in lines]
    assert {"t-\u00e9t\u00e9", "t-del\x7f", "t-tab\tid", "t-no-runs", "ok-0"} <= set(ids)
    plain = {"ok-0", "ok-1", "ok-2", "t-0", "t-1", "t-2", "t-3", "t-4", "t-no-runs"}
    assert left_to_python(odd_db, plain | {"t-\u00e9t\u00e9", "t-del\x7f"}) == (
        {"t-\u00e9t\u00e9", "t-del\x7f"}
        if odd_db.dialect.builds_record_lines and odd_db.layout().kind == "table"
        else None
    )


def left_to_python(db: SessionDb, ids: set[str]) -> set[str] | None:
    """Which of ``ids`` the database leaves for Python to assemble (None: it builds none)."""
    with db.snapshot() as t:
        sql = line_sql(t)
        if sql is None:
            return None
        marks = ", ".join([db.dialect.param] * len(ids))
        rows = t.conn.execute(
            f"SELECT session_id FROM {t.sessions} WHERE session_id IN ({marks}) "
            f"AND (({sql.head}) IS NULL OR ({sql.runs}) IS NULL)",
            sorted(ids),
        ).fetchall()
    return {r[0] for r in rows}


def test_runs_sharing_a_place_keep_the_stored_order(
    make_db: Callable[..., SessionDb], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ties and gaps in run_index are ordered by created_at and run_id, as agno orders them:
    a session whose runs share a place is assembled in Python, the rest built."""
    db = make_db(layout="table")

    def runs(i: int) -> list[dict[str, object]]:
        return [
            {"run_id": f"s{i}r{j}", "created_at": 1_700_000_000 + (9 - j), "content": f"run {j}"}
            for j in range(5)
        ]

    db.upsert_sessions(
        [
            Session(session_id=f"s{i}", session_type="agent", runs=runs(i), created_at=i + 1)
            for i in range(4)
        ]
    )
    layout = db.layout(refresh=True)
    conn = db._write_conn()  # noqa: SLF001 - writing the ties agno's concurrent writers leave
    runs_table = db.dialect.table(str(layout.runs_table))
    p = db.dialect.param
    for sid, index in (("s1", "0"), ("s2", "NULL"), ("s3", "4 - run_index")):
        conn.execute(f"UPDATE {runs_table} SET run_index = {index} WHERE session_id = {p}", (sid,))
    conn.commit()
    lines = assert_built_as_assembled(db, monkeypatch)
    orders = {
        json.loads(line)["session_id"]: [r["run_id"][2:] for r in json.loads(line)["runs"]]
        for line in lines
    }
    assert orders["s0"] == ["r0", "r1", "r2", "r3", "r4"]
    assert orders["s1"] == ["r4", "r3", "r2", "r1", "r0"]
    assert orders["s3"] == ["r4", "r3", "r2", "r1", "r0"]
    ties = {"s1", "s2"} if db.dialect.kind == "sqlite" else set()
    assert left_to_python(db, {"s0", "s1", "s2", "s3"}) == (
        ties if db.dialect.builds_record_lines else None
    )


@pytest.mark.parametrize("variant", [*DEFAULT, *CUSTOM])
def test_agno31_files_export_the_same_bytes_either_way(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """agno 3.1's compactions and offloaded results ride along (read on a second connection
    in the same snapshot while PostgreSQL streams)."""
    db = _open(variant, tmp_path, request, runs=True)
    lines = assert_built_as_assembled(db, monkeypatch)
    if "mysql" not in variant:  # agno 3.1.10 keeps no linked rows on MySQL
        assert any(b'"compactions"' in line or b'"tool_results"' in line for line in lines)


def test_a_filtered_export_builds_only_the_matching_sessions(odd_db: SessionDb) -> None:
    flt = SessionFilter(user_id="u-1")
    lines = list(odd_db.export_records(flt))
    assert [json.loads(line)["session_id"] for line in lines] == ["t-1"]
    assert [line.encode() for line in odd_db.export_lines(flt)] == lines


def test_a_null_session_id_is_reported_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table that lets session_id be NULL (not agno's): that session is skipped and named,
    as Python's assembly names it, and the rest are exported."""
    path = tmp_path / "loose.db"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE agno_sessions (session_id VARCHAR, session_type VARCHAR, "
            "agent_id VARCHAR, team_id VARCHAR, workflow_id VARCHAR, user_id VARCHAR, "
            "session_data JSON, agent_data JSON, team_data JSON, workflow_data JSON, "
            "metadata JSON, summary JSON, created_at BIGINT, updated_at BIGINT)"
        )
        conn.executemany(
            "INSERT INTO agno_sessions (session_id, session_type, created_at) VALUES (?, ?, ?)",
            [("a", "agent", 1), (None, "agent", 2), ("b", "agent", 3)],
        )
    db = SqliteDb(db_file=path)
    assert db.layout().kind == "table"
    lines, skipped, report = export_bytes(db)
    assert [json.loads(line)["session_id"] for line in lines] == ["a", "b"]
    assert skipped == [("None", "session_id is empty")]
    assert report.skipped == 1
    assert_built_as_assembled(db, monkeypatch)
