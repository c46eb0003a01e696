"""Run kern with a deterministic kill point, for the crash tests.

``python crash_child.py PLAN_JSON KERN_ARGS...`` runs ``kern KERN_ARGS`` in this process after
wrapping the database drivers so that every statement sent (sqlite3 through its trace callback,
psycopg through ``Cursor.execute``/``executemany``/``copy`` and ``Connection.commit``, PyMySQL
through ``Connection.query``, which every cursor statement goes through, and
``Connection.commit``) is one numbered event. PLAN is ``{"mode": "count", "out": PATH}``: run to
the end and write the events (``"commit"``, ``"stmt"``, or on MySQL, whose DDL commits on its
own, ``"create"`` for a CREATE TABLE, in order) to PATH; or ``{"mode": "kill", "at": N}``:
SIGKILL this process just before event N is sent, or at exit when N is one past the last event.
A kill point the run never reaches exits with code 86 instead, so a kill that did not land is
seen. Nothing in kern is changed: only the drivers it calls are observed.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sqlite3
import sys
import threading
from typing import Any

NOT_REACHED = 86


class Events:
    """The numbered statements of this process, and the kill point among them."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.kinds: list[str] = []
        self.lock = threading.Lock()

    def hit(self, kind: str) -> None:
        with self.lock:
            self.kinds.append(kind)
            if self.plan["mode"] == "kill" and len(self.kinds) == self.plan["at"]:
                os.kill(os.getpid(), signal.SIGKILL)

    def at_exit(self) -> None:
        if self.plan["mode"] == "count":
            with open(self.plan["out"], "w", encoding="utf-8") as fh:
                json.dump(self.kinds, fh)
        elif self.plan["at"] == len(self.kinds) + 1:
            os.kill(os.getpid(), signal.SIGKILL)
        else:
            sys.stderr.write(f"kill point {self.plan['at']} not reached: {len(self.kinds)}\n")
            sys.stderr.flush()
            os._exit(NOT_REACHED)


def _sql_kind(sql: str) -> str:
    return "commit" if sql.lstrip().upper().startswith(("COMMIT", "END")) else "stmt"


def watch_sqlite(events: Events) -> None:
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: events.hit(_sql_kind(sql)))
        return conn

    sqlite3.connect = traced  # type: ignore[assignment]


def watch_psycopg(events: Events) -> None:
    import psycopg

    def counted(method: Any, kind: str) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            events.hit(kind)
            return method(self, *args, **kwargs)

        return wrapper

    for name in ("execute", "executemany", "copy"):
        setattr(psycopg.Cursor, name, counted(getattr(psycopg.Cursor, name), "stmt"))
    psycopg.Connection.commit = counted(psycopg.Connection.commit, "commit")  # type: ignore[method-assign]


def watch_pymysql(events: Events) -> None:
    import pymysql.connections

    cls = pymysql.connections.Connection
    query, commit = cls.query, cls.commit

    def counted_query(self: Any, sql: Any, unbuffered: bool = False) -> Any:
        head = (sql if isinstance(sql, str) else bytes(sql).decode("utf-8", "replace"))[:40]
        events.hit("create" if head.lstrip().upper().startswith("CREATE TABLE") else "stmt")
        return query(self, sql, unbuffered)

    def counted_commit(self: Any) -> None:
        events.hit("commit")
        commit(self)

    cls.query = counted_query  # type: ignore[method-assign]
    cls.commit = counted_commit  # type: ignore[method-assign]


def main() -> None:
    events = Events(json.loads(sys.argv[1]))
    atexit.register(events.at_exit)
    watch_sqlite(events)
    watch_psycopg(events)
    watch_pymysql(events)
    sys.argv = ["kern", *sys.argv[2:]]
    from kern_cli.app import main as kern_main

    kern_main()


if __name__ == "__main__":
    main()
