"""An export whose reader goes away (``kern sessions export | head``) ends at once with 141,
on every backend: the thread that reads ahead (on PostgreSQL, inside a COPY that holds the
connection) is stopped before the connection is closed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from kern_cli import errors
from kern_core import Session, SessionDb

from tests.support.changes import db_args
from tests.support.cli import REPO_ROOT

#: Far more than the pipe, the socket buffers and the read-ahead hold together.
SESSIONS = 3000
PAYLOAD = "x" * 30_000


def test_an_export_whose_reader_goes_away_ends_at_once(
    make_db: Callable[..., SessionDb],
) -> None:
    db = make_db(layout="table")
    db.upsert_sessions(
        [
            Session(
                session_id=f"p{i:05d}",
                session_type="agent",
                runs=[{"run_id": f"p{i:05d}-r", "content": PAYLOAD}],
                created_at=1_700_000_000 + i,
            )
            for i in range(SESSIONS)
        ]
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kern_cli", "sessions", "export", *db_args(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b'{"session_id": "p00000"')
    proc.stdout.close()
    try:
        assert proc.wait(timeout=60) == errors.EXIT_BROKEN_PIPE
    finally:
        proc.kill()
    assert proc.stderr.read() == b""
