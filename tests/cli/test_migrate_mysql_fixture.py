"""``kern sessions migrate`` out of the MySQL tables agno wrote, read back by agno 3.1.10.

The source is each agno MySQL dump (2.x runs column, 3.x runs table, agno's own "both" upgrade,
the agno 3.1 sessions); what agno 3.1.10 reads from the SQLite file kern wrote must equal what
agno read from the source (EXPECTED.json / EXPECTED31.json).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import SqliteDb

from tests.support.changes import db_args, export, parsed
from tests.support.db import FIXTURES, expected, open_variant

EXPECTED31 = json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))["variants"]
SOURCES = {**expected(backends=("mysql",)), **{k: v for k, v in EXPECTED31.items() if "mysql" in k}}

AGNO_READ = """
import json, sys
from agno.db.sqlite import SqliteDb
db = SqliteDb(db_file=sys.argv[1])
rows, total = db.get_sessions(deserialize=False, include_runs=True)
print(json.dumps({"total": total, "sessions": rows}, default=str))
"""


def _open_source(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    from kern_core import MySQLDb

    if variant in EXPECTED31:
        dump, table = variant.split(":", 1)
        database = request.getfixturevalue("agno_mysql_dbs")[dump]
        info = EXPECTED31[variant]
        return MySQLDb(
            request.getfixturevalue("mysql_url"),
            session_table=table,
            db_schema=database,
            runs_table=info["runs_table"],
        )
    return open_variant(variant, tmp_path, request)


def _normal(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "runs": record.get("runs") or []}


@pytest.mark.agno
@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize("variant", sorted(SOURCES))
def test_agno_reads_what_migrate_wrote_from_its_mysql_tables(
    kern: Callable[..., Any],
    tmp_path: Path,
    request: pytest.FixtureRequest,
    variant: str,
    layout: str,
    agno_py: str,
) -> None:
    info = SOURCES[variant]
    src = _open_source(variant, tmp_path, request)
    moved = tmp_path / "moved.db"
    dst = SqliteDb(db_file=moved)
    to = ["--to", str(moved), "--to-table", dst.session_table, "--layout", layout]
    result = kern("sessions", "migrate", *db_args(src), *to)
    assert result.exit_code == 0, result.stderr
    assert parsed(export(kern, db_args(dst))) == parsed(export(kern, db_args(src)))
    src.close()
    proc = subprocess.run(
        [agno_py, "-c", AGNO_READ, str(moved)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["total"] == info["counts"]["sessions"]
    sessions = {s["session_id"]: _normal(s) for s in got["sessions"]}
    want = {s["session_id"]: _normal(s) for s in info["sessions"]}
    assert sorted(sessions) == sorted(want)
    for sid, session in want.items():
        assert sessions[sid] == session, sid
        assert [r["run_id"] for r in sessions[sid]["runs"]] == info["run_ids"].get(sid, [])
