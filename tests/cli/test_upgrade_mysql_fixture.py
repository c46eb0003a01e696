"""``kern db upgrade`` on agno 2.9.0's MySQL tables, read back by agno 3.1.10.

agno's own migration of the same dump (agno3_migrated_mysql.sql) is the reference: after kern's
upgrade, agno 3.1.10 must read every session and every run exactly as it reads them from the
database its MigrationManager upgraded.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kern_core import MySQLDb

from tests.support.changes import db_args, export, parsed, table_rows
from tests.support.db import FIXTURES, MYSQL_URL, expected, load_dump, mysql_execute

AGNO_READ = """
import json, sys
from agno.db.mysql import MySQLDb
JSON_COLUMNS = ("session_data", "agent_data", "team_data", "workflow_data", "metadata", "summary")
url, database, table = sys.argv[1:4]
db = MySQLDb(db_url=url, db_schema=database, session_table=table)

def decoded(row):
    # agno reflects an existing MariaDB table and returns its LONGTEXT JSON columns as text
    row = dict(row)
    for col in JSON_COLUMNS:
        if isinstance(row.get(col), str):
            row[col] = json.loads(row[col])
    return row

rows, total = db.get_sessions(deserialize=False)
sessions = {r["session_id"]: decoded(r) for r in rows}
single = {
    sid: decoded(db.get_session(sid, deserialize=False)) == s for sid, s in sessions.items()
}
print(json.dumps({
    "total": total,
    "sessions": sessions,
    "get_session_matches": all(single.values()),
    "versions": {
        name: db.get_latest_schema_version(name) for name in (table, db.runs_table_name)
    } if hasattr(db, "runs_table_name") else {table: db.get_latest_schema_version(table)},
}, sort_keys=True, default=str))
"""


def agno_url() -> str:
    """The test server as a SQLAlchemy URL for agno's MySQLDb."""
    return "mysql+pymysql://" + MYSQL_URL.split("://", 1)[1]


def agno_read(agno_py: str, database: str, table: str) -> dict[str, Any]:
    proc = subprocess.run(
        [agno_py, "-c", AGNO_READ, agno_url(), database, table],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


@pytest.fixture
def agno2_mysql(mysql_url: str) -> Iterator[Callable[[str], str]]:
    """A private load of a 2.x MySQL dump per call (the upgrade writes to it), dropped after."""
    loaded: list[str] = []

    def load(dump: str) -> str:
        loaded.append(load_dump(mysql_url, FIXTURES / dump))
        return loaded[-1]

    yield load
    for name in loaded:
        mysql_execute(f"DROP DATABASE IF EXISTS `{name}`", mysql_url)


VARIANTS = ["agno2_mysql_ai.sql:agno_sessions", "agno2_mysql_app.sql:my_agent_sessions"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_upgrade_keeps_every_session_and_stamps_both_tables(
    kern: Callable[..., Any], agno2_mysql: Callable[[str], str], variant: str
) -> None:
    dump, table = variant.split(":", 1)
    db = MySQLDb(MYSQL_URL, session_table=table, db_schema=agno2_mysql(dump))
    args = db_args(db)
    records = parsed(export(kern, args))
    before = table_rows(db)
    dry = kern("db", "upgrade", *args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "CREATE TABLE" in dry.stdout and "32 sessions and 70 runs" in dry.stdout
    assert table_rows(db) == before
    done = kern("db", "upgrade", *args, "--yes", "--batch-size", "7")
    assert done.exit_code == 0, done.stderr
    assert "copied 70 runs of 32 sessions" in done.stderr
    layout = db.layout(refresh=True)
    runs_table = "agno_runs" if table == "agno_sessions" else f"{table}_runs"
    assert (layout.kind, layout.version, layout.runs_table) == ("both", "3.0.0", runs_table)
    assert layout.runs_version == "3.0.0"
    assert parsed(export(kern, args)) == records
    status = json.loads(kern("db", "status", *args, "-f", "json").stdout)
    assert (status["layout"], status["version"], status["runs"]) == ("both", "3.0.0", 70)
    again = kern("db", "upgrade", *args, "--yes")
    assert again.exit_code == 0 and "nothing to do" in again.stderr
    db.close()


@pytest.mark.agno
@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_reads_kerns_upgrade_as_it_reads_its_own_migration(
    kern: Callable[..., Any],
    agno2_mysql: Callable[[str], str],
    agno_mysql_dbs: dict[str, str],
    agno_py: str,
    variant: str,
) -> None:
    dump, table = variant.split(":", 1)
    database = agno2_mysql(dump)
    db = MySQLDb(MYSQL_URL, session_table=table, db_schema=database)
    result = kern("db", "upgrade", *db_args(db), "--yes")
    assert result.exit_code == 0, result.stderr
    db.close()
    got = agno_read(agno_py, database, table)
    migrated = "agno3_migrated_mysql.sql"
    want = agno_read(agno_py, agno_mysql_dbs[migrated], "agno_sessions")
    info = expected()[f"{migrated}:agno_sessions"]
    assert want["total"] == got["total"] == info["counts"]["sessions"]
    assert got["get_session_matches"] and want["get_session_matches"]
    assert sorted(got["sessions"]) == sorted(want["sessions"])
    for sid, session in want["sessions"].items():
        assert got["sessions"][sid] == session, sid
        assert [r["run_id"] for r in got["sessions"][sid]["runs"]] == info["run_ids"].get(sid, [])
    assert set(got["versions"].values()) == {"3.0.0"}
