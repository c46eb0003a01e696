"""Two agent-like writers commit turns while kern exports, prunes and migrates the same database.

The writers must never fail (kern's SQLite transactions are short and its reads take no write
lock; on PostgreSQL and MySQL every kern transaction is short), no committed write may be lost,
and every export must be a consistent snapshot: each session's exported run count equals the
counter the writer committed in the same transaction as the runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.test_crash import iso_before
from tests.support.db import KINDS, SERVER_FIXTURES
from tests.support.figures import record
from tests.support.procs import kern_argv, kern_env
from tests.support.stores import (
    BASE_TIME,
    Store,
    check_consistent,
    drop_store,
    make_sessions,
    new_store,
    raw_state,
    write,
)

WRITER = Path(__file__).resolve().parents[1] / "support" / "agent_writer.py"
SECONDS = float(os.environ.get("KERN_CONCURRENCY_SECONDS", "5"))
OLD = 300


def _start_writer(
    store: Store, layout: str, writer: int, env: dict[str, str], out_dir: Path
) -> subprocess.Popen[str]:
    """A writer whose report goes to files: a pipe nobody reads until the writer exits would
    fill up and block it for good once the report outgrows the pipe buffer."""
    spec = {**store.spec(), "layout": layout, "writer": writer, "seconds": SECONDS}
    with (
        (out_dir / f"writer{writer}.out").open("w") as out,
        (out_dir / f"writer{writer}.err").open("w") as err,
    ):
        return subprocess.Popen(
            [sys.executable, str(WRITER), json.dumps(spec)],
            env=env,
            stdout=out,
            stderr=err,
            text=True,
        )


def _export(store: Store, env: dict[str, str]) -> list[dict[str, Any]]:
    proc = subprocess.run(
        kern_argv("sessions", "export", *store.cli(), "--format", "jsonl"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _prune_argv(store: Store) -> list[str]:
    cutoff = BASE_TIME + OLD * 60
    return kern_argv(
        "sessions",
        "prune",
        *store.cli(),
        "--before",
        iso_before(cutoff),
        "--yes",
        "--batch-size",
        "10",
    )


def _migrate_argv(store: Store, target: Store) -> list[str]:
    return kern_argv(
        "sessions",
        "migrate",
        *store.cli(),
        "--to",
        target.url,
        "--user",
        "writer",
        "--batch-size",
        "20",
        "--yes",
    )


@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize("kind", KINDS)
def test_writers_never_fail_while_kern_works(
    kind: str, layout: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server_url, _ = SERVER_FIXTURES.get(kind, (None, None))
    url = str(request.getfixturevalue(server_url)) if server_url else None
    store = new_store(kind, tmp_path, url, "live")
    target = new_store("sqlite", tmp_path, None, "copy")
    env = kern_env(tmp_path)
    try:
        write(store, make_sessions(OLD, seed=7, prefix="old"), layout)
        if kind == "sqlite":
            import sqlite3

            sqlite3.connect(store.url).execute("PRAGMA journal_mode=WAL").fetchone()
        writers = [_start_writer(store, layout, w, env, tmp_path) for w in (1, 2)]
        time.sleep(0.3)
        prune = subprocess.Popen(
            _prune_argv(store),
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        migrate = subprocess.Popen(
            _migrate_argv(store, target),
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        exports = 0
        while any(w.poll() is None for w in writers):
            for session in _export(store, env):
                assert len(session["runs"]) == session["metadata"]["expected_runs"], session[
                    "session_id"
                ]
            exports += 1
        reports = []
        for number, w in enumerate(writers, start=1):
            w.wait(timeout=60)
            err = (tmp_path / f"writer{number}.err").read_text()
            assert w.returncode == 0, err
            reports.append(json.loads((tmp_path / f"writer{number}.out").read_text()))
        for proc in (prune, migrate):
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        errors = [e for r in reports for e in r["errors"]]
        assert errors == [], errors[:5]
        state = raw_state(store)
        assert not check_consistent(state), check_consistent(state)[:5]
        assert not [sid for sid in state.expected if sid.startswith("old")], (
            "prune left old sessions"
        )
        for r in reports:
            for sid, n in r["committed"].items():
                assert state.expected.get(sid) == n, f"lost write: {sid} committed {n} runs"
        copied = raw_state(target)
        assert copied.expected, "migrate copied nothing"
        assert not check_consistent(copied), check_consistent(copied)[:5]
        turns = sum(r["turns"] for r in reports)
        record(
            "concurrency",
            f"{kind}/{layout}",
            {
                "writer transactions committed": turns,
                "writer errors": len(errors),
                "kern exports": exports,
                "sessions migrated mid-write": len(copied.expected),
            },
        )
    finally:
        drop_store(store)
        drop_store(target)
