"""PostgreSQL connections name themselves ``kern`` in ``pg_stat_activity``, unless the URL's
``application_name`` or libpq's ``PGAPPNAME`` names them (so an operator can tell one job's
connections from another's)."""

from __future__ import annotations

import pytest

from kern_core import PostgresDb


def _name(url: str, schema: str) -> str:
    db = PostgresDb(url, db_schema=schema)
    try:
        db.ensure_tables()
        with db.writing() as t:
            return str(t.conn.execute("SHOW application_name").fetchone()[0])
    finally:
        db.close()


def test_connections_are_named_kern(pg_url: str, pg_schema: str) -> None:
    assert _name(pg_url, pg_schema) == "kern"


def test_the_url_names_them(pg_url: str, pg_schema: str) -> None:
    joiner = "&" if "?" in pg_url else "?"
    assert _name(f"{pg_url}{joiner}application_name=nightly-export", pg_schema) == "nightly-export"


def test_pgappname_names_them(pg_url: str, pg_schema: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGAPPNAME", "agent-audit")
    assert _name(pg_url, pg_schema) == "agent-audit"
