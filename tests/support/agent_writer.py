"""Write sessions and runs the way an agno agent does, for the concurrency tests.

``python agent_writer.py SPEC_JSON``; prints a JSON report. Each turn is ONE short transaction:
upsert the session row (its ``metadata.expected_runs`` counts the runs committed with it) and
insert the turn's run (agno 3.x runs table, ``run_index`` increasing), or rewrite the runs list
(agno 2.x runs column). SQLite: stdlib sqlite3 with timeout=5 (SQLAlchemy's default), WAL, as
agno 3.x leaves the file. PostgreSQL: psycopg, autocommit off, one transaction per turn.
MySQL: PyMySQL, autocommit off, the server's default isolation (REPEATABLE READ, as agno's
SQLAlchemy engine leaves it), ``ON DUPLICATE KEY UPDATE`` as agno's MySQLDb writes its upsert,
names quoted with backticks. Does not import kern.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from typing import Any


def main(spec: dict[str, Any]) -> dict[str, Any]:
    sqlite = spec["kind"] == "sqlite"
    if sqlite:
        conn: Any = sqlite3.connect(spec["url"], timeout=5)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        p = "?"
        sessions, runs = f'"{spec["table"]}"', '"agno_runs"'
    elif spec["kind"] == "mysql":
        conn = _mysql(spec["url"])
        p = "%s"
        sessions = f"`{spec['schema']}`.`{spec['table']}`"
        runs = f"`{spec['schema']}`.`agno_runs`"
    else:
        import psycopg

        conn = psycopg.connect(spec["url"], autocommit=False)
        p = "%s"
        sessions = f'"{spec["schema"]}"."{spec["table"]}"'
        runs = f'"{spec["schema"]}"."agno_runs"'
    column = spec["layout"] == "column"
    cols = (
        "session_id, session_type, agent_id, user_id, session_data, metadata, "
        "created_at, updated_at"
    )
    values = [p] * 8
    if column:
        cols += ", runs"
        values.append(p)
    if spec["kind"] == "mysql":
        cols = cols.replace("metadata", "`metadata`")
        update = ["`metadata` = VALUES(`metadata`)", "updated_at = VALUES(updated_at)"]
        update += ["runs = VALUES(runs)"] if column else []
        clause = "ON DUPLICATE KEY UPDATE " + ", ".join(update)
    else:
        clause = (
            "ON CONFLICT (session_id) DO UPDATE SET metadata = excluded.metadata, "
            "updated_at = excluded.updated_at" + (", runs = excluded.runs" if column else "")
        )
    upsert = f"INSERT INTO {sessions} ({cols}) VALUES ({', '.join(values)}) {clause}"
    insert_run = (
        f"INSERT INTO {runs} (run_id, session_id, run_type, agent_id, user_id, status, "
        f"run_index, run_data, created_at, updated_at) VALUES ({', '.join([p] * 10)})"
    )
    committed: dict[str, int] = {}
    errors: list[str] = []
    history: dict[str, list[dict[str, Any]]] = {}
    deadline = time.monotonic() + spec["seconds"]
    turn = 0
    while time.monotonic() < deadline:
        sid = f"w{spec['writer']}-s{turn // 4}"
        n = committed.get(sid, 0)
        now = int(time.time())
        run = {
            "run_id": f"{sid}-r{n}",
            "agent_id": "live",
            "status": "COMPLETED",
            "created_at": now,
            "content": "y" * 2000,
            "input": {"input_content": f"t{turn}"},
        }
        row: list[Any] = [
            sid,
            "agent",
            "live",
            "writer",
            json.dumps({"session_name": sid}),
            json.dumps({"expected_runs": n + 1}),
            now,
            now,
        ]
        if column:
            row.append(json.dumps(history.get(sid, []) + [run]))
        try:
            conn.execute(upsert, row)
            if not column:
                conn.execute(
                    insert_run,
                    [
                        run["run_id"],
                        sid,
                        "agent",
                        "live",
                        "writer",
                        "COMPLETED",
                        n,
                        json.dumps(run),
                        now,
                        now,
                    ],
                )
            conn.commit()
        except Exception as exc:  # noqa: BLE001 - every failure is what the test reports
            errors.append(f"turn {turn}: {type(exc).__name__}: {exc}")
            conn.rollback()
        else:
            committed[sid] = n + 1
            history.setdefault(sid, []).append(run)
        turn += 1
    conn.close()
    return {"committed": committed, "errors": errors, "turns": turn}


class _MysqlConn:
    """PyMySQL with the ``execute`` of sqlite3 and psycopg, so one loop serves all three."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: list[Any]) -> None:
        self.raw.cursor().execute(sql, tuple(params))

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()


def _mysql(url: str) -> _MysqlConn:
    """A PyMySQL connection from a ``mysql://user:password@host:port/db`` URL."""
    from urllib.parse import unquote, urlsplit

    import pymysql

    parts = urlsplit(url)
    raw = pymysql.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 3306,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        database=parts.path.lstrip("/") or None,
        charset="utf8mb4",
        autocommit=False,
    )
    return _MysqlConn(raw)


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
