"""Import racing an agent that inserts the same session at the same moment.

The agent's connection inserts session s0001 (with its runs) inside an open transaction; the
import starts, and the test waits until the import waits for the agent before the agent commits:
on PostgreSQL and MySQL until the import's connection waits for a lock the agent's transaction
holds (:func:`tests.support.locks.waiters`); on SQLite until the import is starting its write
transaction, which cannot begin while the agent holds the write lock. Then the agent's row and
runs must be intact (skip, fail) or replaced whole (replace), and the report must say what
really happened.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import pytest

from kern_core import (
    ConflictError,
    ImportReport,
    ParsedRecord,
    Session,
    SessionDb,
    import_sessions,
)

from tests.support.db import DbFactory
from tests.support.locks import holder_id, poll_pause, raw_conn, waiters

BASE = 1_760_000_000
AGENT_RUNS = [
    {"run_id": "agent-r0", "agent_id": "agent-a", "status": "COMPLETED", "created_at": BASE + 5},
    {"run_id": "agent-r1", "agent_id": "agent-a", "status": "RUNNING", "created_at": BASE + 6},
]
AGENT_DATA = {"session_name": "written by the agent"}


def imported(i: int) -> Session:
    sid = f"s{i:04d}"
    return Session.from_dict(
        {
            "session_id": sid,
            "session_type": "agent",
            "agent_id": "agent-a",
            "user_id": "u1",
            "session_data": {"session_name": f"imported {i}"},
            "runs": [
                {"run_id": f"{sid}-r{j}", "agent_id": "agent-a", "created_at": BASE + j}
                for j in range(2)
            ],
            "created_at": BASE + i,
            "updated_at": BASE + i + 1,
        }
    )


class Records:
    """Parsed records that signal when the import has validated them and goes on to write."""

    def __init__(self, sessions: list[Session]) -> None:
        self.items = [ParsedRecord(n + 1, session=s) for n, s in enumerate(sessions)]
        self.validated = threading.Event()

    def __iter__(self) -> Iterator[ParsedRecord]:
        yield from self.items
        self.validated.set()


def agent_begin_insert(db: SessionDb) -> Any:
    """A second connection that inserts s0001 with its runs and keeps the transaction open."""
    backend = db.dialect
    layout = db.layout(refresh=True)
    conn = backend.connect(read_only=False)
    backend.begin_write(conn)
    p = backend.param
    in_column = layout.kind == "column"
    cols = "session_id, session_type, agent_id, user_id, session_data, created_at, updated_at"
    values: list[Any] = ["s0001", "agent", "agent-a", "u1", json.dumps(AGENT_DATA), BASE, BASE]
    if in_column:
        cols += ", runs"
        values.append(json.dumps(AGENT_RUNS))
    conn.execute(
        f"INSERT INTO {backend.table(layout.session_table)} ({cols}) "
        f"VALUES ({backend.params(len(values))})",
        values,
    )
    if not in_column:
        assert layout.runs_table
        for index, run in enumerate(AGENT_RUNS):
            conn.execute(
                f"INSERT INTO {backend.table(layout.runs_table)} (run_id, session_id, run_type, "
                f"agent_id, user_id, status, run_index, run_data, created_at, updated_at) "
                f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})",
                [run["run_id"], "s0001", "agent", "agent-a", "u1", run["status"], index]
                + [json.dumps(run), run["created_at"], run["created_at"]],
            )
    return conn


def wait_until_blocked(db: SessionDb, agent: Any, worker: threading.Thread) -> None:
    """Return once the import waits for the agent: on a server its connection waits on a lock
    the agent's transaction holds; on SQLite its thread is starting its write transaction (which
    cannot begin while the agent holds the write lock), so everything it read before is done."""
    deadline = time.monotonic() + 60
    server = db.dialect.kind != "sqlite"
    holder = holder_id(agent) if server else 0
    with raw_conn(db) if server else nullcontext() as watcher:
        while time.monotonic() < deadline:
            if watcher is not None:
                if waiters(watcher, holder):
                    return
            elif _in_function(worker, "begin_write"):
                return
            assert worker.is_alive(), "the import finished without waiting for the agent"
            time.sleep(poll_pause(watcher))
    raise AssertionError("the import never blocked on the agent's insert")


def _in_function(thread: threading.Thread, name: str) -> bool:
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if frame.f_code.co_name == name:
            return True
        frame = frame.f_back
    return False


def race(make_db: DbFactory, layout: str, on_conflict: str) -> tuple[SessionDb, Any]:
    """Run the import of s0000..s0002 against the agent's open insert of s0001."""
    setup = make_db(layout=layout)
    setup.ensure_tables()
    importer = make_db(layout=layout)
    agent = agent_begin_insert(setup)
    records = Records([imported(i) for i in range(3)])
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["report"] = import_sessions(
                importer, records, on_conflict=on_conflict, batch_size=1
            )
        except BaseException as exc:  # noqa: BLE001 - inspected by the test
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert records.validated.wait(60)
        wait_until_blocked(setup, agent, worker)
        agent.commit()
    finally:
        worker.join(60)
        agent.close()
    assert not worker.is_alive()
    return setup, outcome.get("report", outcome.get("error"))


def agent_session_intact(db: SessionDb) -> None:
    stored = db.get_session("s0001")
    assert stored is not None
    assert stored.session_data == AGENT_DATA
    assert [dict(r) for r in stored.runs] == AGENT_RUNS


@pytest.mark.parametrize("layout", ["column", "table"])
def test_skip_keeps_the_agents_session_and_reports_it_skipped(
    make_db: DbFactory, layout: str
) -> None:
    db, report = race(make_db, layout, "skip")
    assert isinstance(report, ImportReport), report
    assert (report.inserted, report.replaced, report.skipped) == (2, 0, 1)
    assert report.runs_written == 4
    agent_session_intact(db)
    for i in (0, 2):
        assert db.get_session(f"s{i:04d}") == imported(i)


@pytest.mark.parametrize("layout", ["column", "table"])
def test_fail_writes_nothing_when_the_conflict_appears_late(
    make_db: DbFactory, layout: str
) -> None:
    db, error = race(make_db, layout, "fail")
    assert isinstance(error, ConflictError), error
    assert "s0001" in error.message and "nothing written" in error.message
    assert [r.session_id for r in db.list_sessions(limit=None).rows] == ["s0001"]
    agent_session_intact(db)


@pytest.mark.parametrize("layout", ["column", "table"])
def test_replace_replaces_the_agents_session_whole(make_db: DbFactory, layout: str) -> None:
    db, report = race(make_db, layout, "replace")
    assert isinstance(report, ImportReport), report
    assert (report.inserted, report.replaced, report.skipped) == (2, 1, 0)
    for i in range(3):
        assert db.get_session(f"s{i:04d}") == imported(i)
