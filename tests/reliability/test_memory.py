"""Listing, status and stats hold bounded memory: neither the number of sessions nor the
size of the largest session's runs makes kern's heap grow.

Peaks are Python heap peaks (tracemalloc) of a real ``kern`` process; the database's own
work (SQLite's JSON functions, PostgreSQL's server) is not kern's heap.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from kern_core import BadInputError, Session, SessionDb, upgrade_table

from tests.support.procs import kern_env, run

MB = 1_000_000
#: Runs a kern command in-process under tracemalloc and prints the heap peak in bytes last.
PROBE = """
import sys, tracemalloc
tracemalloc.start()
from kern_cli.app import app
code = 0
try:
    app(args=sys.argv[1:], prog_name="kern")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
sys.stdout.flush()
sys.stderr.write(f"\\nexit={code} peak={tracemalloc.get_traced_memory()[1]}\\n")
"""


def probe(env: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[str], int, int]:
    """Run kern ``args`` under tracemalloc: (process, kern's exit code, heap peak in bytes)."""
    proc = run([sys.executable, "-c", PROBE, *args], env, timeout=600)
    tail = proc.stderr.rstrip().rsplit("\n", 1)[-1]
    assert tail.startswith("exit="), proc.stderr[-3000:]
    fields = dict(part.split("=") for part in tail.split())
    return proc, int(fields["exit"]), int(fields["peak"])


def cli_db(kind: str, db: SessionDb, pg_schema: str | None) -> list[str]:
    if kind == "sqlite":
        return ["--db", str(db.db_file)]  # type: ignore[attr-defined]
    return ["--db", str(db.dialect.location.conninfo), "--schema", str(pg_schema)]


# -- many sessions -------------------------------------------------------------------------


def small_sessions(n: int) -> list[Session]:
    return [
        Session.from_dict(
            {
                "session_id": f"s{i:06d}",
                "session_type": "agent",
                "agent_id": "a",
                "user_id": f"u{i % 3}",
                "session_data": {"session_name": f"n{i}"} if i % 2 else {},
                "runs": [
                    {"run_id": f"s{i}-r{j}", "input": {"input_content": f"q{i}"}}
                    for j in range(i % 4)
                ],
                "created_at": 1_700_000_000 + i // 3,
            }
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("layout", ["column", "table"])
def test_list_rows_stream_page_by_page(make_db: Any, layout: str) -> None:
    db = make_db(layout=layout)
    db.upsert_sessions(small_sessions(1_500), batch_size=500)
    whole = db.list_sessions(limit=None).rows
    assert len(whole) == 1_500
    assert {r.run_count for r in whole} == {0, 1, 2, 3}
    streamed = [(r.session_id, r.run_count, r.session_name) for r in db.iter_list_rows(page_size=7)]
    assert streamed == [(r.session_id, r.run_count, r.session_name) for r in whole]
    ascending = [r.session_id for r in db.iter_list_rows(descending=False, page_size=11)]
    assert ascending == [r.session_id for r in reversed(whole)]
    del whole
    tracemalloc.start()
    try:
        count = sum(1 for _ in db.iter_list_rows(page_size=20))
        paged = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        held = db.list_sessions(limit=None).rows
        unpaged = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == len(held) == 1_500
    assert paged * 4 < unpaged, (paged, unpaged)


def fill_with_cte(path: Path, layout: str, n: int) -> None:
    """``n`` tiny sessions written by one INSERT ... WITH RECURSIVE, after kern made the table."""
    from kern_core import SqliteDb

    with SqliteDb(db_file=path, new_layout=layout) as db:
        db.upsert_sessions(small_sessions(1))
    cte = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
    legacy = ", runs" if layout == "column" else ""
    value = """, '[{"run_id": "r' || x || '"}]'""" if layout == "column" else ""
    with sqlite3.connect(path) as conn:
        conn.execute(
            f"{cte} INSERT INTO agno_sessions (session_id, session_type, agent_id, user_id, "
            f"session_data{legacy}, created_at) SELECT 'k' || x, 'agent', 'a', 'u', '{{}}'"
            f"{value}, 1700000000 + x FROM c",
            [n],
        )
        if layout == "table":
            conn.execute(
                f"{cte} INSERT INTO agno_runs (run_id, session_id, run_type, run_index, run_data, "
                "created_at) SELECT 'r' || x, 'k' || x, 'agent', 0, "
                """'{"run_id": "r' || x || '"}', 1700000000 + x FROM c""",
                [n],
            )


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["column", "table"])
def test_list_all_300k_sessions_sqlite(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "many.db"
    fill_with_cte(path, layout, 300_000)
    env = kern_env(tmp_path)
    args = ["sessions", "list", "--all", "-f", "tsv", "--fields", "session_id,runs"]
    proc, code, peak = probe(env, *args, "--db", str(path))
    assert code == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert len(lines) == 300_001
    assert lines[0] == "k300000\t1"
    assert lines[-1] == "s000000\t0"
    assert peak < 20 * MB, peak


# -- one huge session ------------------------------------------------------------------------


def huge_session(size: int) -> Session:
    """An unnamed session whose legacy runs value is about ``size`` bytes (50 runs)."""
    return Session.from_dict(
        {
            "session_id": "huge",
            "session_type": "agent",
            "agent_id": "a",
            "user_id": "u",
            "session_data": {},
            "runs": [
                {
                    "run_id": f"huge-r{j}",
                    "agent_id": "a",
                    "status": "COMPLETED",
                    "input": {"input_content": f"hello {j}"},
                    "content": "x" * (size // 50),
                }
                for j in range(50)
            ],
            "created_at": 1_700_000_000,
        }
    )


@pytest.mark.parametrize("layout", ["column", "both"])
def test_huge_runs_value_does_not_reach_the_heap(
    make_db: Any, kind: str, layout: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """On MySQL a 50 MB value is larger than the server's max_allowed_packet (16 MiB here):
    the write refuses it by session id before sending anything, and the heap is checked with
    a value the server takes, still far larger than the growth allowed.

    The growth is measured against the same command on a table of the small sessions only,
    so that what kern imports (which grows with kern) is not taken for the huge value."""
    baseline_db = make_db(layout="column", table="small_sessions")
    baseline_db.upsert_sessions(small_sessions(3))
    if layout == "both":
        upgrade_table(baseline_db)
    db = make_db(layout="column")
    size = 50 * MB
    if kind == "mysql":
        with pytest.raises(BadInputError) as refused:
            db.upsert_sessions([huge_session(size), *small_sessions(3)])
        packet = db.dialect.max_packet  # type: ignore[attr-defined]
        assert refused.value.message == (
            "session 'huge': the session row is 47.7 MiB; "
            f"the server's max_allowed_packet is {packet >> 20} MiB"
        )
        assert db.count_sessions() == 0
        size = packet - 2 * MB
    db.upsert_sessions([huge_session(size), *small_sessions(3)])
    if layout == "both":
        upgrade_table(db)
    assert db.layout(refresh=True).kind == layout
    schema = (
        request.getfixturevalue("pg_schema")
        if kind == "postgres"
        else str(db.dialect.schema)
        if kind == "mysql"
        else None
    )
    where = cli_db(kind, db, schema)
    env = kern_env(tmp_path)
    commands = [
        ["sessions", "list", "-f", "tsv"],
        ["sessions", "list", "-f", "table"],
        ["sessions", "list", "--all", "-f", "json"],
        ["db", "status", "-f", "json"],
        ["sessions", "stats", "-f", "json"],
    ]
    for args in commands:
        _, base_code, base_peak = probe(env, *args, *where, "--table", "small_sessions")
        assert base_code == 0, args
        proc, code, peak = probe(env, *args, *where)
        assert code == 0, (args, proc.stderr[-2000:])
        assert peak - base_peak < min(4 * MB, size // 10), (args, base_peak, peak)
        if args[1] == "list" and args[-1] == "json":
            rows = {r["session_id"]: r for r in json.loads(proc.stdout)}
            assert rows["huge"]["runs"] == 50
        if args[-1] == "table":
            assert "hello 0" in proc.stdout
        if args[1] == "status":
            assert json.loads(proc.stdout)["runs"] == 50 + 0 + 1 + 2
