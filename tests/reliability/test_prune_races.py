"""Prune against an agent writing at the same moment: a session the agent changes while prune
waits for it is re-checked against the filter, and kept with every run when it no longer
matches; the order is made certain by a second connection that holds its transaction open.

PostgreSQL and MySQL: the writer updates the row (and adds a run) in an open transaction, prune
is seen waiting for that row lock (:func:`tests.support.locks.waiters`), then the writer
commits. SQLite: the writer
holds the write lock from before prune starts, so prune can only write after the commit
(kern reads its candidates without the write lock, so its re-check is what keeps the session).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from kern_core import Session, SessionDb, SessionFilter, prune_sessions
from kern_core.jsoncodec import dumps, encode
from kern_core.layout import detect

from tests.support.db import DbFactory
from tests.support.locks import holder_id, poll_pause, raw_conn, waiters
from tests.support.sessions import session

BASE = 1_750_000_000
DAY = 86_400
NEW_RUN = "s0002-new"


def _session(i: int) -> Session:
    sid = f"s{i:04d}"
    created = BASE + i * DAY
    return session(
        sid,
        created,
        agent_id="agent-a",
        user_id="u1",
        session_data={"session_name": f"nightly {i}"},
        runs=[
            {
                "run_id": f"{sid}-r{j}",
                "agent_id": "agent-a",
                "status": "COMPLETED",
                "created_at": created + j,
                "content": f"answer {j}",
            }
            for j in range(2)
        ],
        updated_at=created + 100,
    )


#: What prune is asked for, and what the agent changes so that s0002 stops matching.
CHANGES: dict[str, tuple[SessionFilter, dict[str, Any]]] = {
    "updated_at": (SessionFilter(updated_until=BASE + 30 * DAY), {}),
    "user": (SessionFilter(user_id="u1"), {"user_id": "u2"}),
    "name": (SessionFilter(name="nightly"), {"session_data": {"session_name": "keep me"}}),
}


def _begin_agent_write(db: SessionDb, conn: Any, change: dict[str, Any]) -> None:
    """In an open transaction: raise s0002's updated_at, apply ``change``, add a run."""
    backend = db.dialect
    p = backend.param
    layout = db.layout(refresh=True)
    now = int(time.time())
    conn.execute(
        {"sqlite": "BEGIN IMMEDIATE", "mysql": "START TRANSACTION"}.get(backend.kind, "BEGIN")
    )
    sets = ["updated_at = " + p]
    params: list[Any] = [now]
    if "user_id" in change:
        sets.append(f"user_id = {p}")
        params.append(change["user_id"])
    if "session_data" in change:
        sets.append(f"session_data = {p}")
        params.append(encode(change["session_data"]))
    run = {"run_id": NEW_RUN, "agent_id": "agent-a", "status": "RUNNING", "created_at": now}
    if layout.kind == "column":
        runs = [dict(r) for r in _session(2).runs] + [run]
        sets.append(f"runs = {p}")
        params.append(encode(runs))
    table = backend.table(layout.session_table)
    conn.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE session_id = {p}", [*params, "s0002"])
    if layout.kind != "column":
        assert layout.runs_table
        conn.execute(
            f"INSERT INTO {backend.table(layout.runs_table)} "
            "(run_id, session_id, run_type, agent_id, status, run_index, run_data, created_at) "
            f"VALUES ({backend.params(8)})",
            [NEW_RUN, "s0002", "agent", "agent-a", "RUNNING", 2, dumps(run), now],
        )


def _wait_until_blocked_by(db: SessionDb, writer: Any, done: threading.Event) -> None:
    """On a server: return once a session waits for a lock the writer holds."""
    if db.dialect.kind == "sqlite":
        return
    holder = holder_id(writer)
    with raw_conn(db) as watcher:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not done.is_set():
            if waiters(watcher, holder):
                return
            time.sleep(poll_pause(watcher))
    raise AssertionError("prune never waited for the writer's lock")


def _in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any], threading.Event]:
    out: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            out["result"] = fn()
        except BaseException as exc:  # re-raised in the test thread
            out["error"] = exc
        finally:
            done.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out, done


def _run_ids(db: SessionDb, session_id: str) -> list[str]:
    session = db.get_session(session_id)
    assert session is not None, f"{session_id} was deleted"
    return [str(r.run_id) for r in session.runs]


def _orphans(db: SessionDb) -> int:
    with db.dialect.open_conn(read_only=True) as conn:
        layout = detect(db.dialect, conn, db.session_table, db.runs_table)
        if not layout.runs_table:
            return 0
        sql = (
            f"SELECT count(*) FROM {db.dialect.table(layout.runs_table)} r WHERE NOT EXISTS "
            f"(SELECT 1 FROM {db.dialect.table(layout.session_table)} s "
            "WHERE s.session_id = r.session_id)"
        )
        return int(conn.execute(sql).fetchone()[0])


@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("layout", ["column", "table"])
def test_a_session_changed_while_prune_waits_is_kept_with_its_new_run(
    layout: str, change: str, make_db: DbFactory
) -> None:
    db = make_db(layout=layout)
    db.upsert_sessions([_session(i) for i in range(6)])
    flt, values = CHANGES[change]
    with raw_conn(db) as writer:
        _begin_agent_write(db, writer, values)
        thread, out, done = _in_thread(lambda: prune_sessions(db, flt, batch_size=4))
        try:
            _wait_until_blocked_by(db, writer, done)
        finally:
            writer.execute("COMMIT")
        thread.join(60)
    assert not thread.is_alive()
    if "error" in out:
        raise out["error"]
    report = out["result"]
    assert (report.sessions, report.runs) == (5, 10)
    if db.dialect.kind != "sqlite":  # seen as a candidate, then left out at the re-check
        assert report.skipped == ["s0002"]
    assert db.count_sessions() == 1
    assert _run_ids(db, "s0002") == ["s0002-r0", "s0002-r1", NEW_RUN]
    assert _orphans(db) == 0


@pytest.mark.parametrize("layout", ["column", "table"])
def test_delete_waits_for_the_writer_and_takes_the_new_run_along(
    layout: str, make_db: DbFactory
) -> None:
    """An explicit delete is not filtered: it waits for the agent's commit and then removes the
    session with the run the agent just added, leaving no orphan."""
    db = make_db(layout=layout)
    db.upsert_sessions([_session(i) for i in range(3)])
    with raw_conn(db) as writer:
        _begin_agent_write(db, writer, {})
        thread, out, done = _in_thread(lambda: db.delete_sessions(["s0002"]))
        try:
            _wait_until_blocked_by(db, writer, done)
        finally:
            writer.execute("COMMIT")
        thread.join(60)
    if "error" in out:
        raise out["error"]
    assert out["result"].sessions == 1
    assert db.get_session("s0002") is None
    assert _orphans(db) == 0
