"""Helpers for the tests of the commands that change data: CLI arguments for a db object,
table contents straight from SQL, and parsed exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kern_core import SessionDb
from kern_core.layout import detect


def db_args(db: SessionDb) -> list[str]:
    """``--db URL --table T [--schema S]`` pointing the CLI at ``db``."""
    backend = db.dialect
    if backend.kind == "sqlite":
        url = str(backend.location.path)
        return ["--db", url, "--table", db.session_table]
    url = str(backend.location.conninfo)
    return ["--db", url, "--table", db.session_table, "--schema", str(backend.schema)]


def export(kern: Callable[..., Any], args: list[str], *extra: str) -> str:
    result = kern("sessions", "export", *args, *extra)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def parsed(text: str) -> dict[str, Any]:
    """An export's records by session id."""
    records = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {r["session_id"]: r for r in records}


def table_rows(db: SessionDb) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the session table and of its runs table (if any), as text, sorted."""
    backend = db.dialect
    out: dict[str, list[tuple[Any, ...]]] = {}
    with backend.open_conn(read_only=True) as conn:
        layout = detect(backend, conn, db.session_table, db.runs_table)
        for name in filter(None, (layout.session_table, layout.runs_table)):
            rows = conn.execute(f"SELECT * FROM {backend.table(name)}").fetchall()
            out[name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


def orphan_runs(db: SessionDb) -> int:
    """Runs-table rows whose session no longer exists (0 without a runs table)."""
    backend = db.dialect
    with backend.open_conn(read_only=True) as conn:
        layout = detect(backend, conn, db.session_table, db.runs_table)
        if not layout.runs_table:
            return 0
        sql = (
            f"SELECT count(*) FROM {backend.table(layout.runs_table)} r WHERE NOT EXISTS "
            f"(SELECT 1 FROM {backend.table(layout.session_table)} s "
            "WHERE s.session_id = r.session_id)"
        )
        return int(conn.execute(sql).fetchone()[0])
