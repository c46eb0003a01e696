"""The CLI on databases agno 3.1 wrote with session-linked tables: delete and prune plans and
reports count them per table, db status lists them, and --runs-table / KERN_RUNS_TABLE / a
target's runs_table name a runs table agno was told to call something else."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.support.linked_data import AgnoStore, StoreFactory, linked_key, qualified, store_factory

pytestmark = pytest.mark.agno

Kern = Callable[..., Result]


@pytest.fixture
def agno_store(
    agno_py: str, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[StoreFactory]:
    yield from store_factory(agno_py, kind, tmp_path, request)


def _where(store: AgnoStore) -> list[str]:
    return ["--db", store.where, "--table", store.table, "--schema", store.schema]


def test_delete_plan_and_report_count_linked_rows(
    agno_store: StoreFactory, kern: Kern, tmp_path: Path
) -> None:
    store = agno_store()
    store.agno("make", ["s1", "s2"])
    fs = linked_key(store, "agno_fs")
    want = f"agno_transcripts 1, agno_compactions 1, {fs} 2, agno_tool_results 2"
    before = store.dump()
    dry = kern("sessions", "delete", "s1", "--dry-run", *_where(store))
    assert dry.exit_code == 0, dry.output
    assert f"session-linked rows: {want}" in dry.stderr
    assert store.dump() == before
    twin = store.reference(tmp_path)
    done = kern("sessions", "delete", "s1", "--yes", *_where(store))
    assert done.exit_code == 0, done.output
    assert f"deleted 1 session and 2 runs; with them, session-linked rows: {want}" in done.stderr
    twin.agno("delete", ["s1"])
    store.same_as(twin)


def test_prune_plan_and_report_count_linked_rows(agno_store: StoreFactory, kern: Kern) -> None:
    store = agno_store()
    store.agno("make", ["s1", "s2", "s3"])
    fs = linked_key(store, "agno_fs")
    args = ["sessions", "prune", "--before", "2025-10-09T08:56:00Z", *_where(store)]
    dry = kern(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"agno_compactions 2, {fs} 4, agno_tool_results 4" in dry.stderr
    done = kern(*args, "--yes", "--batch-size", "1")
    assert done.exit_code == 0, done.output
    assert "deleted 2 sessions and 4 runs; with them, session-linked rows: " in done.stderr
    assert "agno_tool_results 4" in done.stderr
    assert len(store.dump()[_dump_key(store, "agno_compactions")]) == 1


def _dump_key(store: AgnoStore, name: str) -> str:
    return name if store.kind == "sqlite" else f"{store.schema}.{name}"


def test_status_lists_linked_tables(agno_store: StoreFactory, kern: Kern) -> None:
    store = agno_store()
    store.agno("make", ["s1"])
    shown = kern("db", "status", "--format", "table", *_where(store))
    assert shown.exit_code == 0, shown.output
    assert "Session-linked tables" in shown.stdout
    assert "compacted history" in shown.stdout
    data = json.loads(kern("db", "status", "--format", "json", *_where(store)).stdout)
    rows = {t["table"]: t["rows"] for t in data["linked_tables"]}
    assert rows == {
        "agno_compactions": 1,
        "agno_tool_results": 2,
        "agno_transcripts": 1,
        linked_key(store, "agno_fs"): 2,
    }
    assert data["unmigrated_writes"] is False


def test_runs_table_from_flag_env_and_target(
    agno_store: StoreFactory, kern: Kern, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two run-shaped tables refer to the session table and neither is stamped: kern refuses
    to guess (exit 5, naming --runs-table); each way of naming it settles it."""
    store = agno_store(table="my_sessions", schema="kx", runs_table="my_turns")
    store.agno("make", ["s1"])
    text = "VARCHAR(128)" if store.kind == "mysql" else "VARCHAR"
    store.execute(
        f"CREATE TABLE {qualified(store, 'other_runs')} (run_id {text} PRIMARY KEY, "
        f"session_id {text} REFERENCES {qualified(store, 'my_sessions')}(session_id), "
        f"run_data TEXT); DELETE FROM {qualified(store, 'agno_schema_versions')};"
    )
    listing = ["sessions", "list", "--format", "json"]
    refused = kern(*listing, *_where(store))
    assert refused.exit_code == 5
    assert "other_runs" in refused.stderr and "--runs-table" in refused.stderr

    def runs(result: Result) -> int:
        assert result.exit_code == 0, result.output
        return int(json.loads(result.stdout)[0]["runs"])

    assert runs(kern(*listing, *_where(store), "--runs-table", "my_turns")) == 2
    monkeypatch.setenv("KERN_RUNS_TABLE", "my_turns")
    assert runs(kern(*listing, *_where(store))) == 2
    monkeypatch.delenv("KERN_RUNS_TABLE")
    added = kern(
        "targets",
        "add",
        "agent",
        store.where,
        "--table",
        "my_sessions",
        "--schema",
        store.schema,
        "--runs-table",
        "my_turns",
    )
    assert added.exit_code == 0, added.output
    assert runs(kern(*listing, "--target", "agent")) == 2
    bad = kern(*listing, *_where(store), "--runs-table", "my_sessions")
    assert bad.exit_code == 5 and "not a runs table" in bad.stderr
