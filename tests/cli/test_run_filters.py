"""The run filter options and ``--no-user`` on list, export, stats and prune, on every
backend and layout (the core semantics are in tests/core/test_run_filters.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import SessionDb

from tests.core.test_run_filters import DATA, _sessions
from tests.support.changes import db_args
from tests.support.db import DbFactory, variant_args


@pytest.fixture(params=["column", "table"])
def filled(request: pytest.FixtureRequest, make_db: DbFactory) -> SessionDb:
    db = make_db(layout=request.param)
    db.upsert_sessions(_sessions())
    return db


def _listed(kern: Callable[..., Any], args: list[str], *extra: str) -> set[str]:
    result = kern("sessions", "list", *args, "--all", "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return {row["session_id"] for row in json.loads(result.stdout)}


CASES = [
    (["--status", "error"], {"s1", "s5", "s6"}),
    (["--status", "Error,CANCELLED"], {"s1", "s3", "s5", "s6"}),
    (["--status", "error", "--status", "cancelled"], {"s1", "s3", "s5", "s6"}),
    (["--tool", "search_kb"], {"s2", "s5", "s6"}),
    (["--tool-error"], {"s2"}),
    (["--model", "claude-x"], {"s4"}),
    (["--min-tokens", "501"], {"s4"}),
    (["--status", "ERROR", "--tool", "search_kb"], {"s6"}),
    (["--no-user"], {"s3", "s4"}),
    (["--no-user", "--min-tokens", "1000"], {"s4"}),
    (["-u", "u2", "--tool", "search_kb"], {"s5", "s6"}),
]


def test_run_filters_on_list_export_and_stats(kern: Callable[..., Any], filled: SessionDb) -> None:
    args = db_args(filled)
    for extra, want in CASES:
        assert _listed(kern, args, *extra) == want, extra
        exported = kern("sessions", "export", *args, *extra)
        assert exported.exit_code == 0, exported.stderr
        assert {json.loads(line)["session_id"] for line in exported.stdout.splitlines()} == want
        stats = kern("sessions", "stats", *args, "-f", "json", *extra)
        assert stats.exit_code == 0, stats.stderr
        assert json.loads(stats.stdout)["sessions"] == len(want), extra


def test_prune_by_status_dry_run_then_yes(kern: Callable[..., Any], filled: SessionDb) -> None:
    """The dry run lists exactly what --yes then deletes, and nothing else goes."""
    args = db_args(filled)
    dry = kern("sessions", "prune", *args, "--status", "error", "--dry-run", "-f", "json")
    assert dry.exit_code == 0, dry.stderr
    plan = json.loads(dry.stdout)
    assert (plan["sessions"], plan["runs"], plan["session_ids"]) == (3, 5, ["s1", "s5", "s6"])
    assert _listed(kern, args) == set(DATA)  # the dry run deleted nothing
    done = kern("sessions", "prune", *args, "--status", "ERROR", "--yes", "-f", "json")
    assert done.exit_code == 0, done.stderr
    assert (json.loads(done.stdout)["sessions"], json.loads(done.stdout)["runs"]) == (3, 5)
    assert _listed(kern, args) == set(DATA) - {"s1", "s5", "s6"}
    assert _listed(kern, args, "--status", "error") == set()


def test_prune_counts_run_filters_and_no_user_as_filters(
    kern: Callable[..., Any], filled: SessionDb
) -> None:
    args = db_args(filled)
    for extra in (["--tool-error"], ["--no-user"], ["--min-tokens", "0"]):
        result = kern("sessions", "prune", *args, *extra, "--dry-run")
        assert result.exit_code == 0, (extra, result.stderr)
    refused = kern("sessions", "prune", *args, "--yes")
    assert refused.exit_code == 2 and "--status" in refused.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-u", "u1", "--no-user"], "--user and --no-user cannot be used together"),
        (["--status", "done"], "invalid --status 'done'"),
        (["--status", "error,"], "invalid --status ''"),
        (["--min-tokens", "-1"], "--min-tokens"),
        (["--min-tokens", str(2**63)], "--min-tokens"),
    ],
)
def test_bad_run_filters_are_usage_errors(
    kern: Callable[..., Any], tmp_path: Path, extra: list[str], message: str
) -> None:
    result = kern("sessions", "list", "--db", str(tmp_path / "none.db"), *extra)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "variant",
    [
        "agno2.sqlite",
        "agno3.sqlite",
        "agno3_migrated.sqlite",
        "agno3_postgres.sql:ai.agno_sessions",
        "agno3_mysql_ai.sql:agno_sessions",
    ],
)
def test_fixture_error_sessions(
    kern: Callable[..., Any], variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """agno writes two ERROR runs and one CANCELLED run in its fixtures' sessions."""
    args = variant_args(variant, tmp_path, request)
    errors = _listed(kern, args, "--status", "error")
    assert len(errors) == 2
    both = _listed(kern, args, "--status", "error,cancelled")
    assert errors < both and len(both) == 3
    assert _listed(kern, args, "--no-user") and _listed(kern, args, "--tool", "search_kb")
