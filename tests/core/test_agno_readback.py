"""What kern writes, the real agno 3.x reads back: the same sessions with every run, in order.

agno runs in its own interpreter (the ``agno_py`` fixture: KERN_AGNO_PYTHON, the venv .ci/run
makes, or this interpreter when it can import agno). Without one the tests skip with that
reason, except where KERN_REQUIRE_AGNO=1 (CI), where they fail.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kern_core import PostgresDb, SessionDb, SqliteDb

from tests.support.db import FIXTURES, expected

pytestmark = pytest.mark.agno

READER = r"""
import json, sys
kind, where, table, schema = sys.argv[1:5]
if kind == "sqlite":
    from agno.db.sqlite import SqliteDb
    db = SqliteDb(db_file=where, session_table=table)
else:
    from agno.db.postgres import PostgresDb
    db = PostgresDb(db_url=where, session_table=table, db_schema=schema)
raw, total = db.get_sessions(deserialize=False)
typed = {}
for stype in ("agent", "team", "workflow"):
    from agno.db.base import SessionType
    for s in db.get_sessions(session_type=SessionType(stype)):
        typed[s.session_id] = [r.run_id for r in (s.runs or [])]
print(json.dumps({"raw": raw, "total": total, "typed": typed}, default=str))
"""


def read_with_agno(python: str, db: SessionDb, tmp_path: Path) -> dict[str, Any]:
    if isinstance(db, SqliteDb):
        copy = tmp_path / "agno_reads_this.db"
        shutil.copy(db.db_file, copy)
        args = ["sqlite", str(copy), db.session_table, ""]
    else:
        assert isinstance(db, PostgresDb)
        url = str(db.dialect.location.conninfo).replace("postgresql://", "postgresql+psycopg://")
        args = ["postgres", url, db.session_table, db.db_schema]
    done = subprocess.run(
        [python, "-c", READER, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("layout", ["column", "table"])
def test_agno_reads_what_kern_wrote(
    agno_py: str, layout: str, make_db: Any, tmp_path: Path
) -> None:
    """Sessions read from an agno-written file, written again by kern, read back by agno."""
    source = SqliteDb(db_file=FIXTURES / "agno3.sqlite")
    sessions = list(source.iter_sessions())
    source.close()
    target = make_db(layout=layout)
    target.upsert_sessions(sessions)
    target.close()
    got = read_with_agno(agno_py, target, tmp_path)
    want = {s["session_id"]: s for s in expected()["agno3.sqlite"]["sessions"]}
    assert got["total"] == len(want)
    for record in got["raw"]:
        reference = want[record["session_id"]]
        for key, value in reference.items():
            if key == "runs":
                assert [r["run_id"] for r in record["runs"] or []] == [
                    r["run_id"] for r in value or []
                ]
                assert (record["runs"] or []) == (value or [])
            else:
                assert record[key] == value, (record["session_id"], key)
    for sid, run_ids in got["typed"].items():
        typed_want = [
            r["run_id"]
            for r in want[sid]["runs"] or []
            if want[sid]["session_type"] != "workflow" or "workflow_id" in r
        ]
        assert run_ids == typed_want, sid
