"""``kern db index`` and kern_core.indexing on every backend and layout: the user index agno
lacks is planned, shown, confirmed and added online; nothing else changes; a second run has
nothing to do; PostgreSQL's leftover invalid index of an interrupted build is replaced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kern_core import SessionDb, SessionFilter, add_indexes, plan_indexes

from tests.support.changes import db_args
from tests.support.db import DbFactory, mysql_connect
from tests.support.ops import dump, make_session


def _seeded(make_db: DbFactory, layout: str) -> SessionDb:
    """Sessions in a table without a user_id index, as agno creates it (kern's own tables
    have one: it is dropped here)."""
    db = make_db(layout=layout)
    db.upsert_sessions([make_session(i, runs=2) for i in range(30)])
    d = db.dialect
    for index in db.status().session_indexes:
        if index.columns[:1] == ("user_id",):
            if d.kind == "mysql":
                _run_outside(db, f"DROP INDEX `{index.name}` ON `{d.schema}`.`{db.session_table}`")
            elif d.kind == "sqlite":
                _run_outside(db, f'DROP INDEX "{index.name}"')
            else:
                _run_outside(db, f'DROP INDEX "{d.schema}"."{index.name}"')
    db.close()
    return db


def _run_outside(db: SessionDb, sql: str) -> None:
    """A statement run as the database's own client would (autocommit), not through kern."""
    d = db.dialect
    if d.kind == "sqlite":
        import sqlite3

        with sqlite3.connect(str(d.location.path)) as conn:
            conn.execute(sql)
    elif d.kind == "mysql":
        conn = mysql_connect(str(d.location.conninfo), database=str(d.schema))
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()
    else:
        import psycopg

        with psycopg.connect(str(d.location.conninfo), autocommit=True) as conn:
            conn.execute(sql)


def _user_plans(db: SessionDb) -> list[Any]:
    return [p for p in plan_indexes(db) if "user_id" in p.columns]


@pytest.mark.parametrize("layout", ["column", "table"])
def test_the_user_index_is_added_and_nothing_else_changes(make_db: DbFactory, layout: str) -> None:
    db = _seeded(make_db, layout)
    [plan] = _user_plans(db)
    assert plan.columns == ("user_id", "created_at") and "CREATE INDEX" in plan.statement
    before = dump(db)
    users = db.count_sessions(SessionFilter(user_id="u1"))
    assert add_indexes(db) == [plan]
    assert _user_plans(db) == []
    assert [h for h in db.status().hints if h.statement] == []
    assert dump(db) == before
    assert db.count_sessions(SessionFilter(user_id="u1")) == users
    assert add_indexes(db) == []


def test_the_cli_shows_asks_and_adds(make_db: DbFactory, kern: Callable[..., Any]) -> None:
    db = _seeded(make_db, "table")
    args = db_args(db)
    dry = kern("db", "index", *args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.strip().startswith("CREATE INDEX") and "user_id" in dry.stdout
    assert _user_plans(db) != []  # a dry run changes nothing
    refused = kern("db", "index", *args)
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert _user_plans(db) != []
    done = kern("db", "index", *args, "--yes")
    assert done.exit_code == 0, done.stderr
    assert "added: index on" in done.stderr and done.stdout == ""
    assert _user_plans(db) == []
    again = kern("db", "index", *args)
    assert again.exit_code == 0 and "nothing to do" in again.stderr


@pytest.mark.parametrize("kind", ["postgres"])
def test_an_invalid_index_left_by_an_interrupted_build_is_replaced(
    make_db: DbFactory, kind: str
) -> None:
    """A concurrent build that fails leaves an invalid index of the name kern uses, which
    ``IF NOT EXISTS`` alone would keep: kern drops it and builds a valid one."""
    import psycopg

    db = _seeded(make_db, "table")
    [plan] = _user_plans(db)
    name = db.dialect.index_name(plan.table, plan.columns)
    url, schema = str(db.dialect.location.conninfo), str(db.dialect.schema)
    with psycopg.connect(url, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.UniqueViolation):  # 30 sessions, 3 users
            conn.execute(
                f'CREATE UNIQUE INDEX CONCURRENTLY "{name}" ON "{schema}"."{plan.table}" (user_id)'
            )
        valid = "SELECT indisvalid FROM pg_index WHERE indexrelid = %s::regclass"
        assert conn.execute(valid, (f'"{schema}"."{name}"',)).fetchone() == (False,)
        assert _user_plans(db) == [plan]  # no query uses an invalid index
        assert add_indexes(db) == [plan]
        assert conn.execute(valid, (f'"{schema}"."{name}"',)).fetchone() == (True,)
