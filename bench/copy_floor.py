"""The migrate floor: copy a SQLite agno 3.x corpus into PostgreSQL with a bare COPY pipeline.

    python copy_floor.py SQLITE_FILE POSTGRES_URL [SCHEMA]        # tables + COPY, one transaction
    python copy_floor.py --ddl-only SQLITE_FILE POSTGRES_URL [SCHEMA]

Creates the target tables with kern_core's DDL (what agno creates), then streams both tables
with a SQLite cursor (``fetchmany``) into psycopg ``COPY ... FROM STDIN`` (``write_row``), in one
transaction: no decoding, no validation beyond what jsonb does.
"""

from __future__ import annotations

import sqlite3
import sys

COLS = {
    "agno_sessions": (
        "session_id, session_type, agent_id, team_id, workflow_id, user_id, session_data, "
        'agent_data, team_data, workflow_data, "metadata", summary, created_at, updated_at'
    ),
    "agno_runs": (
        "run_id, session_id, run_type, agent_id, team_id, workflow_id, user_id, parent_run_id, "
        "status, run_index, run_data, created_at, updated_at"
    ),
}


def main(argv: list[str]) -> int:
    ddl_only = "--ddl-only" in argv
    args = [a for a in argv[1:] if a != "--ddl-only"]
    src, url = args[0], args[1]
    schema = args[2] if len(args) > 2 else "ai"
    from kern_core import writing
    from kern_core.dialect import PostgresDialect
    from kern_core.url import parse_location

    backend = PostgresDialect(parse_location(url), schema=schema)
    conn = backend.connect(read_only=False)
    writing.create_tables(backend, conn, "agno_sessions", "agno_runs", False)
    if ddl_only:
        conn.commit()
        return 0
    lite = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    for table, cols in COLS.items():
        cur = lite.execute(f"SELECT {cols} FROM {table}")
        with conn.cursor() as pg, pg.copy(f'COPY "{schema}".{table} ({cols}) FROM STDIN') as cp:
            while rows := cur.fetchmany(5000):
                for row in rows:
                    cp.write_row(row)
    conn.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
