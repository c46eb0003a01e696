"""What kern writes, the real agno 3.x reads back: the same sessions with every run, in order.

On MySQL too, through agno's own MySQLDb: sessions kern wrote, migrated there from SQLite and
PostgreSQL, imported there, and a 2.x (column-layout) table there that ``db upgrade`` converted
read back as agno reads them in the source.

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

from kern_core import (
    MySQLDb,
    SessionDb,
    SqliteDb,
    copy_sessions,
    import_sessions,
    parse_records,
    upgrade_table,
)

from tests.support.db import FIXTURES, expected, open_variant, server_db
from tests.support.linked_data import AGNO_DB, agno_where

pytestmark = pytest.mark.agno

READER = (
    AGNO_DB
    + r"""
import json, sys
kind, where, table, schema, runs_table = sys.argv[1:6]
kw = {"session_table": table}
if runs_table:
    kw["runs_table"] = runs_table
db = agno_db(kind, where, schema, **kw)
raw, total = db.get_sessions(deserialize=False)
typed = {}
for stype in ("agent", "team", "workflow"):
    from agno.db.base import SessionType
    for s in db.get_sessions(session_type=SessionType(stype)):
        typed[s.session_id] = [r.run_id for r in (s.runs or [])]
print(json.dumps({"raw": raw, "total": total, "typed": typed}, default=str))
"""
)


def read_with_agno(python: str, db: SessionDb, tmp_path: Path) -> dict[str, Any]:
    """agno's get_sessions (raw, total) and each typed session's run ids, in ``db``; a SQLite
    file is read in a copy (agno may migrate what it opens)."""
    if isinstance(db, SqliteDb):
        copy = tmp_path / "agno_reads_this.db"
        shutil.copy(db.db_file, copy)
        args = ["sqlite", str(copy)]
    else:
        args = agno_where(db)
    runs = db.runs_table if db.runs_table and db.session_table != "agno_sessions" else ""
    args += [db.session_table, str(db.dialect.schema or ""), runs or ""]
    done = subprocess.run(
        [python, "-c", READER, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    read = dict(json.loads(done.stdout.splitlines()[-1]))
    if db.dialect.kind == "mysql":
        read["raw"] = [_decoded(r) for r in read["raw"]]
    return read


#: Session columns agno declares JSON.
JSON_FIELDS = (
    "session_data",
    "agent_data",
    "team_data",
    "workflow_data",
    "metadata",
    "summary",
    "runs",
)


def _decoded(record: dict[str, Any]) -> dict[str, Any]:
    """A raw session as agno reads it on MySQL, with its JSON columns parsed: agno 3.1.10's
    MySQLDb returns them as JSON text when it reflects a table it did not create in the same
    process (MariaDB's JSON is LONGTEXT), whoever wrote the table, agno included."""
    out = dict(record)
    for key in JSON_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


@pytest.mark.parametrize("layout", ["column", "table"])
def test_agno_reads_what_kern_wrote(
    agno_py: str, layout: str, make_db: Any, tmp_path: Path
) -> None:
    """Sessions read from an agno-written file, written again by kern, read back by agno (on
    MySQL a column-layout table's runs only raw: agno 3.1.10 types none of them there, see
    :func:`test_agno_reads_a_mysql_table_kern_upgraded`)."""
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
    if target.dialect.kind == "mysql" and layout == "column":
        return
    for sid, run_ids in got["typed"].items():
        typed_want = [
            r["run_id"]
            for r in want[sid]["runs"] or []
            if want[sid]["session_type"] != "workflow" or "workflow_id" in r
        ]
        assert run_ids == typed_want, sid


def _by_id(read: dict[str, Any]) -> dict[str, Any]:
    return {r["session_id"]: r for r in read["raw"]}


def _same_reads(source: dict[str, Any], target: dict[str, Any]) -> None:
    """agno reads the target as it reads the source: every session field and run, in order."""
    assert target["total"] == source["total"]
    assert _by_id(target) == _by_id(source)
    assert target["typed"] == source["typed"]


def _mysql(request: pytest.FixtureRequest, layout: str = "table") -> MySQLDb:
    url = str(request.getfixturevalue("mysql_url"))
    db = server_db("mysql", url, str(request.getfixturevalue("mysql_schema")), new_layout=layout)
    assert isinstance(db, MySQLDb)
    return db


@pytest.mark.mysql
@pytest.mark.parametrize(
    "variant",
    ["agno3.sqlite", "agno3_custom_table.sqlite", "agno3_postgres.sql:ai.agno_sessions"],
)
def test_agno_reads_what_kern_migrated_to_mysql(
    agno_py: str, variant: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """SQLite -> MySQL and PostgreSQL -> MySQL: agno's MySQLDb reads in the target exactly
    what agno reads in the source."""
    source = open_variant(variant, tmp_path, request)
    target = _mysql(request)
    report = copy_sessions(source, target)
    assert report.verified and report.copied == source.count_sessions()
    seen = read_with_agno(agno_py, source, tmp_path)
    source.close()
    _same_reads(seen, read_with_agno(agno_py, target, tmp_path))
    target.close()


@pytest.mark.mysql
def test_agno_reads_what_kern_imported_into_mysql(
    agno_py: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source = SqliteDb(db_file=FIXTURES / "agno3.sqlite")
    lines = list(source.export_lines())
    seen = read_with_agno(agno_py, source, tmp_path)
    source.close()
    path = tmp_path / "sessions.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    target = _mysql(request)
    with path.open() as stream:
        report = import_sessions(target, parse_records(stream))
    assert report.inserted == seen["total"] and not report.invalid
    _same_reads(seen, read_with_agno(agno_py, target, tmp_path))
    target.close()


@pytest.mark.mysql
@pytest.mark.parametrize("variant", ["agno2.sqlite", "agno2_postgres.sql:ai.agno_sessions"])
def test_agno_reads_a_mysql_table_kern_upgraded(
    agno_py: str, variant: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A 2.x (column-layout) table on MySQL, written by kern from agno 2.9's sessions: agno 3.1
    reads its raw sessions before ``db upgrade`` (in a twin: agno may migrate what it opens),
    and every session with its typed runs after, as it reads the source.

    Before the upgrade agno 3.1.10 on MariaDB types no run of a column-layout table: it gets
    the ``runs`` column as JSON text and skips each item ("Unexpected run item type"), as it
    does with a table agno 2.9 wrote; the upgrade is what makes them readable."""
    source = open_variant(variant, tmp_path, request)
    sessions = list(source.iter_sessions())
    seen = read_with_agno(agno_py, source, tmp_path)
    source.close()
    url = str(request.getfixturevalue("mysql_url"))
    schema = str(request.getfixturevalue("mysql_schema"))
    twin = server_db("mysql", url, schema, "twin_sessions", new_layout="column")
    target = server_db("mysql", url, schema, new_layout="column")
    for db in (twin, target):
        db.upsert_sessions(sessions)
        assert db.layout().kind == "column"
    before = read_with_agno(agno_py, twin, tmp_path)
    assert before["total"] == seen["total"] and _by_id(before) == _by_id(seen)
    twin.close()
    report = upgrade_table(target)
    assert target.layout(refresh=True).kind in ("table", "both"), report
    # agno reads a session without runs as runs [] from a runs table (on SQLite alike)
    upgraded = {**seen, "raw": [{**r, "runs": r["runs"] or []} for r in seen["raw"]]}
    _same_reads(upgraded, read_with_agno(agno_py, target, tmp_path))
    target.close()


WRITER = (
    AGNO_DB
    + r"""
import json, sys
from agno.models.message import Message
from agno.run.agent import RunInput, RunOutput
from agno.run.team import TeamRunOutput
from agno.run.workflow import WorkflowRunOutput
from agno.session import AgentSession, TeamSession, WorkflowSession
from agno.workflow.types import StepOutput
where, schema = sys.argv[1:3]
db = agno_db("mysql", where, schema, session_table="agno_sessions")
t = 1_760_000_000
db.upsert_session(AgentSession(session_id="agent-1", agent_id="a1", user_id="u1",
    session_data={"session_name": "ünïcode 🐍"}, agent_data={"name": "A"},
    metadata={"k": [1, 2.5, None]}, created_at=t, updated_at=t + 9))
for i in range(2):
    db.upsert_run(RunOutput(run_id=f"agent-1-r{i}", session_id="agent-1", agent_id="a1",
        user_id="u1", content=f"answer {i}", input=RunInput(input_content=f"q {i}"),
        messages=[Message(role="user", content=f"q {i}")], created_at=t + i),
        session_id="agent-1", user_id="u1", run_index=i)
db.upsert_session(TeamSession(session_id="team-1", team_id="t1", user_id="u1",
    team_data={"name": "T"}, created_at=t + 10, updated_at=t + 11))
member = RunOutput(run_id="team-1-m0", session_id="team-1", agent_id="a2",
    parent_run_id="team-1-r0", content="member answer", created_at=t + 10)
db.upsert_run(TeamRunOutput(run_id="team-1-r0", session_id="team-1", team_id="t1",
    content="team answer", member_responses=[member], created_at=t + 10),
    session_id="team-1", user_id="u1", run_index=0)
db.upsert_session(WorkflowSession(session_id="wf-1", workflow_id="w1", user_id="u1",
    workflow_data={"name": "W"}, created_at=t + 20, updated_at=t + 21))
db.upsert_run(WorkflowRunOutput(run_id="wf-1-r0", session_id="wf-1", workflow_id="w1",
    content="done", step_results=[StepOutput(step_name="s1", content="one"),
    StepOutput(step_name="s2", content="two")], created_at=t + 20),
    session_id="wf-1", user_id="u1", run_index=0)
fresh = agno_db("mysql", where, schema, session_table="agno_sessions")
raw, total = fresh.get_sessions(deserialize=False)
print(json.dumps({"raw": raw, "total": total}, default=str))
"""
)


@pytest.mark.mysql
def test_kern_reads_what_agno_wrote_to_mysql(
    agno_py: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Sessions with runs, a team with a member run and a workflow with steps, written by
    agno 3.1.10's MySQLDb (table layout): kern reads every field and run as agno reads them,
    and its export's records are those too."""
    url = str(request.getfixturevalue("mysql_url"))
    schema = str(request.getfixturevalue("mysql_schema"))
    done = subprocess.run(
        [agno_py, "-c", WRITER, "mysql+pymysql://" + url.split("://", 1)[1], schema],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    agno = {r["session_id"]: _decoded(r) for r in json.loads(done.stdout.splitlines()[-1])["raw"]}
    db = server_db("mysql", url, schema)
    assert db.layout().kind == "table"
    assert db.count_sessions() == len(agno) == 3
    exported = {json.loads(line)["session_id"]: json.loads(line) for line in db.export_lines()}
    for sid, theirs in agno.items():
        session = db.get_session(sid)
        assert session is not None
        mine = session.to_dict()
        for key, value in theirs.items():
            assert mine[key] == value, (sid, key)
            assert exported[sid][key] == value, (sid, key)
    assert [m["run_id"] for m in db.get_session("team-1").runs[0]["member_responses"]] == [  # type: ignore[union-attr]
        "team-1-m0"
    ]
    steps = db.get_session("wf-1").runs[0]["step_results"]  # type: ignore[union-attr]
    assert [s["step_name"] for s in steps] == ["s1", "s2"]
    db.close()
