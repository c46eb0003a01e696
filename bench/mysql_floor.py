"""The MySQL migrate floor and corpus loader: copy a SQLite agno 3.x corpus into a MySQL database.

    python mysql_floor.py SQLITE_FILE MYSQL_URL DATABASE              # executemany, batched
    python mysql_floor.py --load-data SQLITE_FILE MYSQL_URL DATABASE  # LOAD DATA LOCAL INFILE
    python mysql_floor.py --ddl-only SQLITE_FILE MYSQL_URL DATABASE
    python mysql_floor.py --load-data --fast ...   # the corpus loader: no FK or unique checks

Creates the database (if missing) and the tables with kern_core's DDL (what agno's MySQLDb
creates), then streams both tables from a SQLite cursor (``fetchmany``) into PyMySQL: either
``executemany`` of a plain ``INSERT ... VALUES (%s, ...)`` (which PyMySQL rewrites into multi-row
INSERTs of up to ~1 MB each), committed every ``BATCH`` rows, or ``LOAD DATA LOCAL INFILE`` of a
tab-separated spool file per chunk (needs ``local_infile`` on the server). No decoding, no
validation beyond the server's own ``json_valid`` checks.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from typing import Any

COLS = {
    "agno_sessions": (
        "session_id, session_type, agent_id, team_id, workflow_id, user_id, session_data, "
        "agent_data, team_data, workflow_data, metadata, summary, created_at, updated_at"
    ),
    "agno_runs": (
        "run_id, session_id, run_type, agent_id, team_id, workflow_id, user_id, parent_run_id, "
        "status, run_index, run_data, created_at, updated_at"
    ),
}
BATCH = 5000  # rows per transaction
FETCH = 500


def _tsv(value: Any) -> str:
    """One field in LOAD DATA's default format (tab-separated, backslash escapes, \\N)."""
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _load_data(conn: Any, table: str, cols: str, cur: sqlite3.Cursor) -> None:
    fd, path = tempfile.mkstemp(prefix="kern-bench-", suffix=".tsv")
    os.close(fd)
    try:
        while True:
            rows = cur.fetchmany(BATCH)
            if not rows:
                break
            with open(path, "w", encoding="utf-8", newline="") as fh:
                for row in rows:
                    fh.write("\t".join(_tsv(v) for v in row) + "\n")
            conn.execute(
                f"LOAD DATA LOCAL INFILE %s INTO TABLE {table} CHARACTER SET utf8mb4 ({cols})",
                (path,),
            )
            conn.commit()
    finally:
        os.unlink(path)


def main(argv: list[str]) -> int:
    flags = {a for a in argv[1:] if a.startswith("--")}
    args = [a for a in argv[1:] if not a.startswith("--")]
    src, url, database = args[0], args[1], args[2]
    from kern_core import writing
    from kern_core.dialect.mysql import MysqlDialect
    from kern_core.url import parse_location

    backend = MysqlDialect(parse_location(url), schema=database)
    if "--load-data" in flags:
        backend.options["local_infile"] = True
    conn = backend.connect(read_only=False)
    writing.create_tables(backend, conn, "agno_sessions", "agno_runs", False)
    conn.commit()
    if "--ddl-only" in flags:
        return 0
    if "--fast" in flags:
        conn.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")
    lite = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    for name, cols in COLS.items():
        table = f"`{database}`.{name}"
        cur = lite.execute(f"SELECT {cols} FROM {name}")
        if "--load-data" in flags:
            _load_data(conn, table, cols, cur)
            continue
        marks = ", ".join(["%s"] * len(cols.split(",")))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
        pending = 0
        while rows := cur.fetchmany(FETCH):
            conn.executemany(sql, rows)
            pending += len(rows)
            if pending >= BATCH:
                conn.commit()
                pending = 0
        conn.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
