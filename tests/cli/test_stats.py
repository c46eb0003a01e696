"""``kern sessions stats`` through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.db import VARIANTS, expected, variant_args
from tests.support.reading import run_in_terminal, seed


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixture_counts(
    kern: Callable[..., Any], variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    counts = expected()[variant]["counts"]
    result = kern("sessions", "stats", *variant_args(variant, tmp_path, request), "--top", "50")
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["sessions"] == counts["sessions"] and stats["runs"] == counts["runs"]
    assert stats["sessions_by_type"] == counts["sessions_by_type"]
    assert stats["runs_by_status"] == counts["runs_by_status"]
    assert stats["runs_by_run_type"] == counts["runs_by_type"]
    assert {str(g["key"]): g["sessions"] for g in stats["by_user"]} == counts["sessions_by_user"]
    team = json.loads(
        kern(
            "sessions", "stats", *variant_args(variant, tmp_path, request), "--type", "team"
        ).stdout
    )
    assert team["sessions"] == counts["sessions_by_type"]["team"]


@pytest.mark.parametrize("layout", ["column", "table"])
def test_terminal_tables(make_db: Any, db_url: Any, layout: str) -> None:
    seed(make_db(layout=layout), hostile=True)
    url, schema = db_url
    code, screen = run_in_terminal("sessions", "stats", "--db", url, "--schema", schema)
    assert code == 0, screen
    for heading in ("By type", "Runs by status", "By user", "Tokens", "Largest sessions"):
        assert heading in screen
    assert "\x1b[31m" not in screen


def test_filters_and_bad_input(kern: Callable[..., Any], make_db: Any, db_url: Any) -> None:
    seed(make_db())
    url, schema = db_url
    db = ["--db", url, "--schema", schema]
    stats = json.loads(kern("sessions", "stats", *db, "-u", "u1", "-f", "json").stdout)
    assert stats["sessions"] == 3 and stats["users"] == 1
    assert kern("sessions", "stats", *db, "--since", "soon").exit_code == 2


def test_user_table_title_counts_users_not_rows(make_db: Any, db_url: Any) -> None:
    """Sessions without a user are a row of their own, not one of the users (the title once
    read "top 4 of 3" for three users and an anonymous row)."""
    from tests.support.reading import make_session

    db = make_db()
    db.upsert_sessions([make_session(i) for i in range(4)] + [make_session(7, user_id=None)])
    db.close()
    url, schema = db_url
    code, screen = run_in_terminal("sessions", "stats", "--db", url, "--schema", schema)
    assert code == 0, screen
    assert "By user (all 3 users)" in screen
    code, screen = run_in_terminal(
        "sessions", "stats", "--db", url, "--schema", schema, "--top", "1"
    )
    assert code == 0, screen
    assert "By user (top 1 of 3 users)" in screen
