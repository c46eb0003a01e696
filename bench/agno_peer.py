"""agno's own API as a benchmark peer: run with an interpreter that has agno installed.

    python agno_peer.py list  sqlite FILE USER
    python agno_peer.py show  postgresql URL SESSION_ID
    python agno_peer.py list  mysql mysql://USER@HOST/DATABASE USER

``list`` is ``get_sessions(user_id=U, limit=20, sort_by='created_at', sort_order='desc',
deserialize=False, include_runs=False)``: the cheapest listing agno offers (sessions of every
type, no runs attached), i.e. the kindest comparison for agno. ``show`` is
``get_session(id, deserialize=False)`` with all runs attached. Output is printed as JSON lines,
as a CLI would print it.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    op, kind, target, arg = argv[1:5]
    if kind == "sqlite":
        from agno.db.sqlite import SqliteDb

        db = SqliteDb(db_file=target)
    elif kind == "mysql":
        from urllib.parse import urlsplit

        from agno.db.mysql import MySQLDb

        url = target.replace("mysql://", "mysql+pymysql://", 1)
        db = MySQLDb(db_url=url, db_schema=urlsplit(target).path.lstrip("/"))
    else:
        from agno.db.postgres import PostgresDb

        url = target.replace("postgresql://", "postgresql+psycopg://", 1)
        db = PostgresDb(db_url=url, db_schema="ai")
    if op == "list":
        import inspect

        extra = {}
        if "include_runs" in inspect.signature(db.get_sessions).parameters:
            extra["include_runs"] = False  # agno's MySQLDb has no such option
        result = db.get_sessions(
            user_id=arg,
            limit=20,
            sort_by="created_at",
            sort_order="desc",
            deserialize=False,
            **extra,
        )
        rows = result[0] if isinstance(result, tuple) else result
        for row in rows:
            print(json.dumps(row, default=str))
    elif op == "show":
        print(json.dumps(db.get_session(arg, deserialize=False), default=str))
    else:
        raise SystemExit(f"unknown op {op}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
