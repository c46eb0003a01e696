"""Sessions for the read-command tests, and a helper that stores them on either backend."""

from __future__ import annotations

from typing import Any

from kern_core import Session, SessionDb

from tests.support.sessions import session

BASE = 1_700_000_000
HOSTILE_NAMES = {"s900": "red \x1b[31mALERT\x1b[0m \x9b2J", "s901": "[bold]x[/bold] \u202eevil"}


def make_session(i: int, **over: Any) -> Session:
    """A session with two runs (plus a member run for teams); even i are named."""
    stype = over.pop("session_type", ("agent", "team", "workflow")[i % 3])
    owner = {"agent": "agent_id", "team": "team_id", "workflow": "workflow_id"}[stype]
    runs: list[dict[str, Any]] = [
        {
            "run_id": f"r{i}-{k}",
            owner: f"{stype}-{i % 2}",
            "status": "COMPLETED" if k == 0 else "ERROR",
            "created_at": BASE + i * 3600 + k,
            "input": {"input_content": f"question {i}.{k} ☕"},
            "content": f"answer {i}.{k}",
            "messages": [{"role": "user", "content": f"question {i}.{k}"}],
        }
        for k in range(2)
    ]
    if stype == "team":
        runs.insert(0, {"run_id": f"r{i}-m", "agent_id": "member", "parent_run_id": f"r{i}-0"})
    values: dict[str, Any] = {
        "session_id": f"s{i:03d}",
        "session_type": stype,
        owner: f"{stype}-{i % 2}",
        "user_id": f"u{i % 3}",
        "session_data": (
            {
                "session_name": f"Name {i}",
                "session_metrics": {"input_tokens": i, "output_tokens": 1, "total_tokens": i + 1},
            }
            if i % 2 == 0
            else {"session_state": {}}
        ),
        "runs": runs,
        "created_at": BASE + i * 3600,
        "updated_at": BASE + i * 3600 + (100_000 if i % 2 else 0),
    }
    values.update(over)
    return session(**values)


def seed(db: SessionDb, n: int = 9, hostile: bool = False) -> list[Session]:
    """Store sessions s000..s{n-1} (and two with hostile names) and return them."""
    sessions = [make_session(i) for i in range(n)]
    if hostile:
        for number, (sid, name) in enumerate(HOSTILE_NAMES.items()):
            sessions.append(
                make_session(900 + number, session_id=sid, session_data={"session_name": name})
            )
    db.upsert_sessions(sessions)
    db.close()
    return sessions


def run_in_terminal(
    *args: str, env: dict[str, str] | None = None, columns: int | None = None
) -> tuple[int, str]:
    """Run ``python -m kern_cli ARGS`` with stdout and stderr on a pseudo-terminal.

    The terminal is 250 columns by ``COLUMNS``; with ``columns``, the terminal itself is that
    wide (40 lines) and ``COLUMNS``/``LINES`` are unset, so kern has to ask the terminal.
    ``env`` is applied last. Returns the exit code and everything written to the terminal.
    """
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    full_env = dict(os.environ, COLUMNS="250", LINES="50", TERM="xterm-256color")
    if columns is not None:
        del full_env["COLUMNS"], full_env["LINES"]
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), full_env.get("PYTHONPATH")]))
    full_env.update(env or {})
    leader, follower = pty.openpty()
    if columns is not None:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kern_cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=full_env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    code = proc.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8", "replace")
