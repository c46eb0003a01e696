"""agno 3.x itself reads what kern's upgrade and copy wrote (needs an agno interpreter)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kern_core import SqliteDb, copy_sessions, upgrade_table

from tests.support.db import FIXTURES
from tests.support.ops import dump

pytestmark = pytest.mark.agno

SCRIPT = """
import json, sys
from agno.db.sqlite import SqliteDb
out = {}
for path, table in json.loads(sys.argv[1]):
    db = SqliteDb(db_file=path, session_table=table)
    rows, total = db.get_sessions(deserialize=False)
    out[path] = {
        "total": total,
        "runs": {r["session_id"]: [run["run_id"] for run in (r.get("runs") or [])] for r in rows},
        "version": db.get_latest_schema_version(table),
    }
print(json.dumps(out))
"""


def test_agno_reads_upgraded_and_copied_tables(tmp_path: Path, agno_py: str) -> None:
    upgraded = tmp_path / "upgraded.sqlite"
    shutil.copy(FIXTURES / "agno2.sqlite", upgraded)
    with SqliteDb(db_file=upgraded) as db:
        upgrade_table(db)
        want_upgraded = {r["session_id"]: [x["run_id"] for x in r["runs"]] for r in dump(db)}
    copied = tmp_path / "copied.sqlite"
    source = tmp_path / "source.sqlite"
    shutil.copy(FIXTURES / "agno2.sqlite", source)
    with SqliteDb(db_file=source) as src, SqliteDb(db_file=copied, new_layout="table") as dst:
        copy_sessions(src, dst)
        want_copied = {r["session_id"]: [x["run_id"] for x in r["runs"]] for r in dump(dst)}
    args = json.dumps([[str(upgraded), "agno_sessions"], [str(copied), "agno_sessions"]])
    proc = subprocess.run(
        [agno_py, "-c", SCRIPT, args], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    for path, want in ((upgraded, want_upgraded), (copied, want_copied)):
        seen = got[str(path)]
        assert seen["total"] == 32 and seen["version"] == "3.0.0"
        assert seen["runs"] == want
        assert sum(len(v) for v in seen["runs"].values()) == 70
