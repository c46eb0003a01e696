"""Upgrade a runs-column table to the runs-table layout the way agno's v3_0_0 migration does."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kern_core import PostgresDb, SessionDb, SqliteDb, plan_upgrade, schema, upgrade_table
from kern_core.errors import KernError
from kern_core.layout import detect
from kern_core.model import RUN_COLUMNS

from tests.support.db import FIXTURES, _admin_execute, expected, restore_dump
from tests.support.ops import dump, make_session

SQLITE_VARIANTS = ["agno2.sqlite", "agno2_custom_table.sqlite"]
PG_VARIANTS = ["ai.agno_sessions", "app.my_agent_sessions"]


@pytest.fixture
def fresh_agno2_pg(pg_url: str) -> Iterator[str]:
    """A private restore of the 2.x pg_dump (upgrade writes to it)."""
    url = restore_dump(pg_url, FIXTURES / "agno2_postgres.sql")
    yield url
    dbname = urlsplit(url).path.lstrip("/")
    _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _runs_rows(db: SessionDb) -> list[tuple[str, str, int]]:
    with db.dialect.open_conn(read_only=True) as conn:
        layout = detect(db.dialect, conn, db.session_table, None)
        assert layout.runs_table
        sql = f"SELECT run_id, session_id, run_index FROM {db.dialect.table(layout.runs_table)}"
        return sorted((str(a), str(b), int(c)) for a, b, c in conn.execute(sql).fetchall())


def _check_upgrade(db: SessionDb, runs_table: str) -> None:
    before = dump(db)
    plan = plan_upgrade(db)
    assert plan.needed and (plan.sessions, plan.runs) == (32, 70)
    assert plan.runs_table == runs_table
    assert any("CREATE TABLE" in s for s in plan.statements)
    keep = db.dialect.upsert_clause(RUN_COLUMNS, ["run_id"], [])
    assert any(keep in s for s in plan.statements)
    assert db.layout(refresh=True).kind == "column"  # the plan changed nothing
    report = upgrade_table(db, batch_size=5)
    assert report.upgraded and (report.runs_copied, report.sessions) == (70, 32)
    layout = db.layout(refresh=True)
    assert (layout.kind, layout.version, layout.runs_table) == ("both", "3.0.0", runs_table)
    assert layout.runs_version == "3.0.0"
    assert dump(db) == before
    rows = _runs_rows(db)
    assert len(rows) == 70
    for rec in before:  # run_index = position in the legacy list
        mine = sorted((r for r in rows if r[1] == rec["session_id"]), key=lambda r: r[2])
        assert [r[0] for r in mine] == [run["run_id"] for run in rec["runs"]]
    assert not plan_upgrade(db).needed
    assert not upgrade_table(db).upgraded  # a second run is a no-op
    assert len(_runs_rows(db)) == 70


@pytest.mark.parametrize("variant", SQLITE_VARIANTS)
def test_upgrade_agno2_sqlite(variant: str, tmp_path: Path) -> None:
    info = expected()[variant]
    copy = tmp_path / variant
    copy.write_bytes((FIXTURES / variant).read_bytes())
    db = SqliteDb(db_file=copy, session_table=info["session_table"])
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    plan_upgrade(db)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == digest  # dry run writes nothing
    runs_table = (
        "agno_runs" if info["session_table"] == "agno_sessions" else "my_agent_sessions_runs"
    )
    _check_upgrade(db, runs_table)
    db.close()


@pytest.mark.parametrize("qualified", PG_VARIANTS)
def test_upgrade_agno2_postgres(qualified: str, fresh_agno2_pg: str) -> None:
    schema, table = qualified.split(".")
    db = PostgresDb(fresh_agno2_pg, session_table=table, db_schema=schema)
    _check_upgrade(db, "agno_runs" if table == "agno_sessions" else f"{table}_runs")
    db.close()


def test_upgrade_resumes_after_a_crash(kind: str, make_db) -> None:  # type: ignore[no-untyped-def]
    db = make_db(layout="column")
    db.upsert_sessions([make_session(i, runs=3) for i in range(12)])
    before = dump(db)

    def crash(report: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        upgrade_table(db, batch_size=5, on_progress=crash)
    layout = db.layout(refresh=True)
    assert layout.kind == "both" and layout.version != "3.0.0"  # not stamped yet
    assert len(_runs_rows(db)) == 15  # the first batch is committed whole
    report = upgrade_table(db, batch_size=5)
    assert (report.runs_copied, report.runs_already_present) == (21, 15)
    assert len(_runs_rows(db)) == 36 and dump(db) == before
    assert db.layout(refresh=True).version == "3.0.0"


@pytest.mark.parametrize("where", ["between_ddl_statements", "after_the_ddl"])
def test_upgrade_rerun_finishes_after_a_failure_in_the_ddl(
    kind: str, where: str, make_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MySQL commits each CREATE TABLE / CREATE INDEX at once, so a failure there leaves a runs
    table behind that the rollback cannot take back: the rerun must still finish it, indexes
    and version stamps included, as on the databases whose DDL is transactional."""
    db = make_db(layout="column")
    db.upsert_sessions([make_session(i, runs=2) for i in range(6)])
    before = dump(db)
    real = schema.create_statements

    def failing(*args: Any, **kwargs: Any) -> list[str]:
        statements = real(*args, **kwargs)
        at = 1 if where == "between_ddl_statements" else len(statements)
        return [
            *statements[:at],
            "SELECT no_such_column FROM agno_schema_versions",
            *statements[at:],
        ]

    monkeypatch.setattr(schema, "create_statements", failing)
    with pytest.raises(KernError):
        upgrade_table(db, batch_size=4)
    monkeypatch.setattr(schema, "create_statements", real)
    assert db.layout(refresh=True).version != "3.0.0"
    report = upgrade_table(db, batch_size=4)
    assert report.upgraded and report.runs_copied == 12
    layout = db.layout(refresh=True)
    assert (layout.kind, layout.version, layout.runs_version) == ("both", "3.0.0", "3.0.0")
    assert dump(db) == before and len(_runs_rows(db)) == 12
    with db.dialect.open_conn(read_only=True) as conn:
        names = {i.name for i in db.dialect.indexes(conn, str(layout.runs_table))}
    want = {f"idx_{layout.runs_table}_{c}" for c in ("session_id", "run_type", "created_at")}
    assert want <= names, names


def test_duplicate_run_id_across_sessions_keeps_the_first(tmp_path: Path) -> None:
    db = SqliteDb(db_file=tmp_path / f"{uuid.uuid4().hex}.db")
    a, b = make_session(1, runs=1), make_session(2, runs=2)
    b.runs[1]["run_id"] = a.runs[0].run_id
    db.upsert_sessions([a, b])
    report = upgrade_table(db)
    assert (report.runs_copied, report.duplicate_run_ids) == (2, 1)
    assert ("s0001-r0", "s0001", 0) in _runs_rows(db)
    got = db.get_session("s0002")
    assert got is not None and [r.run_id for r in got.runs] == ["s0002-r0", "s0001-r0"]
