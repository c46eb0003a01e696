"""``kern db status`` through the CLI, and reads leaving SQLite files untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.db import FIXTURES, VARIANTS, expected, variant_args
from tests.support.reading import run_in_terminal


@pytest.mark.parametrize("variant", VARIANTS)
def test_layout_and_stamp(
    kern: Callable[..., Any], variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    info = expected()[variant]
    result = kern("db", "status", *variant_args(variant, tmp_path, request))
    assert result.exit_code == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["layout"] == info["layout"]
    stamps = {v["table_name"]: v["version"] for v in info["schema_versions"]}
    assert status["version"] == stamps[info["session_table"]]
    assert status["sessions"] == info["counts"]["sessions"]
    if info.get("runs_table"):
        assert status["runs_table"] == info["runs_table"]
        assert status["runs"] == info["runs_table_rows"]
    messages = " ".join(h["message"] for h in status["hints"])
    assert "no index on user_id" in messages
    assert ("kern db upgrade" in messages) == (info["layout"] == "column")
    assert ("legacy runs column is kept" in messages) == (info["layout"] == "both")
    if info["backend"] == "sqlite":
        assert status["journal_mode"] == info["journal_mode"]
        assert any("CREATE INDEX" in (h["statement"] or "") for h in status["hints"])


def test_terminal_rendering(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "agno2.sqlite", tmp_path / "a.db")
    code, screen = run_in_terminal("db", "status", "--db", str(tmp_path / "a.db"))
    assert code == 0, screen
    assert "column" in screen and "2.5.6" in screen and "CREATE INDEX" in screen


READS = [
    ["sessions", "list", "--all"],
    ["sessions", "list", "-f", "json"],
    ["sessions", "export"],
    ["sessions", "export", "-f", "csv"],
    ["sessions", "stats"],
    ["db", "status"],
]


@pytest.mark.parametrize("name", ["agno2.sqlite", "agno3.sqlite", "agno3_migrated.sqlite"])
def test_reads_never_write(kern: Callable[..., Any], tmp_path: Path, name: str) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    path = folder / name
    shutil.copy(FIXTURES / name, path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    for args in READS:
        result = kern(*args, "--db", str(path))
        assert result.exit_code == 0, (args, result.stderr)
    code, _ = run_in_terminal("sessions", "list", "--db", str(path))
    assert code == 0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert [p.name for p in folder.iterdir()] == [name]


def test_an_interrupted_upgrade_is_reported_incomplete(
    kern: Callable[..., Any], db_url: tuple[str, str], make_db: Callable[..., Any]
) -> None:
    from kern_core import Session, upgrade_table

    url, schema = db_url
    db = make_db(layout="column")
    db.upsert_sessions(
        [
            Session(f"s{i}", "agent", agent_id="a", created_at=i, runs=[{"run_id": f"r{i}"}])
            for i in range(3)
        ]
    )

    def killed(report: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        upgrade_table(db, batch_size=1, on_progress=killed)
    args = ("--db", url, "--schema", schema)
    status = json.loads(kern("db", "status", *args, "-f", "json").stdout)
    assert status["layout"] == "both" and status["version"] != "3.0.0"
    messages = [h["message"] for h in status["hints"]]
    assert any(
        m.startswith("upgrade incomplete") and "run kern db upgrade again" in m for m in messages
    )
    assert not any("legacy runs column is kept" in m for m in messages)
    assert kern("db", "upgrade", *args, "--yes").exit_code == 0
    status = json.loads(kern("db", "status", *args, "-f", "json").stdout)
    messages = [h["message"] for h in status["hints"]]
    assert status["version"] == "3.0.0" and not any("incomplete" in m for m in messages)


@pytest.mark.parametrize("layout", ["column", "table"])
def test_status_on_every_backend(
    kern: Callable[..., Any], make_db: Callable[..., Any], layout: str
) -> None:
    """Counts, layout, stamps, sizes and indexes read the same way on SQLite, PostgreSQL and
    MySQL (sizes: the file on SQLite, the tables' on a server)."""
    from tests.support.changes import db_args
    from tests.support.reading import seed

    db = make_db(layout=layout)
    sessions = seed(db, n=6)
    result = kern("db", "status", *db_args(db), "-f", "json")
    assert result.exit_code == 0, result.stderr
    status = json.loads(result.stdout)
    assert (status["layout"], status["sessions"]) == (layout, 6)
    assert status["runs"] == sum(len(s.runs) for s in sessions)
    assert status["version"] == ("3.0.0" if layout == "table" else "2.5.6")
    if db.dialect.file is not None:
        assert status["file_bytes"] > 0
    else:
        assert status["session_table_bytes"] > 0 and status["schema"] == db.dialect.schema
        assert (status["runs_table_bytes"] or 0) > 0 or layout == "column"
    names = {i["name"] for i in status["session_indexes"]}
    assert "idx_agno_sessions_created_at" in names
    if layout == "table":
        assert {i["name"] for i in status["runs_indexes"]} >= {"idx_agno_runs_session_id"}


@pytest.mark.parametrize(
    "variant",
    [
        "agno3.sqlite",
        "agno3_postgres.sql:app.my_agent_sessions",
        "agno3_mysql_app.sql:my_agent_sessions",
    ],
)
def test_the_index_hints_run_as_printed(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Each hinted statement runs as printed in the database's own client (psql, outside a
    transaction for CONCURRENTLY; the mysql client, without kern's ANSI_QUOTES), after which
    the hint is gone."""
    from kern_core import PostgresDb

    from tests.support.db import (
        _admin_execute,
        mysql_connect,
        open_variant,
        restore_dump,
    )

    info = expected()[variant]
    if info["backend"] == "postgres":
        dump, qualified = variant.split(":", 1)
        schema, table = qualified.split(".", 1)
        pg_url = str(request.getfixturevalue("pg_url"))
        url = restore_dump(pg_url, FIXTURES / dump)
        name = url.rsplit("/", 1)[1]
        request.addfinalizer(
            lambda: _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        )
        db: Any = PostgresDb(url, db_schema=schema, session_table=table)
    else:
        db = open_variant(variant, tmp_path, request, private=True)
    statements = [h.statement for h in db.status().hints if h.statement]
    assert any("user_id" in s for s in statements)
    db.close()
    for statement in statements:
        if info["backend"] == "sqlite":
            import sqlite3

            with sqlite3.connect(db.dialect.file) as conn:
                conn.execute(statement)
        elif info["backend"] == "postgres":
            import psycopg

            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(statement)
        else:
            conn = mysql_connect(database=str(db.dialect.schema))
            try:
                conn.cursor().execute(statement)
            finally:
                conn.close()
    assert [h for h in db.status().hints if h.statement] == []
