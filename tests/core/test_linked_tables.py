"""agno 3.1's session-linked tables: found wherever agno put them, and deleted with their session
exactly as agno's own ``delete_sessions`` deletes them (compared row for row on a copy).

The databases are written by the real agno 3.1 (see ``linked_data``), on SQLite and on a
PostgreSQL database of their own (``agno_fs`` lives in its database-wide ``fs`` schema).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kern_core import (
    PostgresDb,
    SessionDb,
    SessionFilter,
    SqliteDb,
    UnrecognisedTableError,
    plan_prune,
    prune_sessions,
)

from tests.support.db import FIXTURES, _admin_execute, restore_dump
from tests.support.linked_data import AgnoStore, StoreFactory, linked_key, qualified, store_factory

pytestmark = pytest.mark.agno

IDS = ["s1", "s2", "s3", "s4"]


@pytest.fixture
def agno_store(
    agno_py: str, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[StoreFactory]:
    yield from store_factory(agno_py, kind, tmp_path, request)


def _table(store: AgnoStore, name: str) -> str:
    """A table's key in :meth:`AgnoStore.dump` and in kern's per-table counts."""
    if store.kind == "sqlite":
        return name
    return f"fs.{name}" if name == "agno_fs" else f"{store.schema}.{name}"


VARIANTS = {
    "default": {},
    "custom": {"table": "my_sessions", "schema": "kx", "runs_table": "my_turns"},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_delete_removes_what_agno_removes(
    variant: str, agno_store: StoreFactory, tmp_path: Path
) -> None:
    """kern's delete leaves every table exactly as agno's delete_sessions leaves it, including
    the linked rows of a session whose row an older delete already removed (s4)."""
    store = agno_store(**VARIANTS[variant])
    store.agno("make", IDS)
    runs = store.runs_table or "agno_runs"
    store.execute(
        f"DELETE FROM {qualified(store, runs)} WHERE session_id = 's4'; "
        f"DELETE FROM {qualified(store, store.table)} WHERE session_id = 's4';"
    )
    twin = store.copy(tmp_path)
    before = store.dump()
    db = store.kern()  # the runs table is found by its foreign key, even under a free name
    assert db.layout().runs_table == runs
    assert len(db.get_session("s1").runs) == 2  # type: ignore[union-attr]
    report = db.delete_sessions(["s1", "s3", "s4"])
    db.close()
    twin.agno("delete", ["s1", "s3", "s4"])
    after = store.dump()
    assert after == twin.dump()
    assert (report.sessions, report.runs, report.missing) == (2, 4, ["s4"])
    assert report.linked == {
        linked_key(store, "agno_transcripts"): 3,
        "agno_compactions": 3,
        linked_key(store, "agno_fs"): 6,
        "agno_tool_results": 6,
    }
    for name, was, left in (("agno_compactions", 4, 1), ("agno_tool_results", 8, 2)):
        assert (len(before[_table(store, name)]), len(after[_table(store, name)])) == (was, left)
    assert (len(before[_table(store, "agno_fs")]), len(after[_table(store, "agno_fs")])) == (8, 2)
    assert all("s2" in row for row in after[_table(store, "agno_compactions")])


def test_prune_removes_what_agno_removes(agno_store: StoreFactory, tmp_path: Path) -> None:
    """Prune in batches of one: the plan counts each linked table, the report adds up the
    batches, and the database ends as agno's delete_sessions leaves it."""
    store = agno_store()
    store.agno("make", IDS)
    twin = store.copy(tmp_path)
    db = store.kern()
    flt = SessionFilter(created_until=1_760_000_000 + 150)  # s1 and s2
    plan = plan_prune(db, flt)
    fs = linked_key(store, "agno_fs")
    want = {"agno_transcripts": 2, "agno_compactions": 2, fs: 4, "agno_tool_results": 4}
    assert (plan.sessions, plan.runs, plan.linked) == (2, 4, want)
    batches: list[dict[str, int]] = []
    report = prune_sessions(db, flt, batch_size=1, on_batch=lambda r: batches.append(r.linked))
    db.close()
    assert report.linked == want
    assert len(batches) == 2 and all(b["agno_tool_results"] == 2 for b in batches)
    twin.agno("delete", ["s1", "s2"])
    assert store.dump() == twin.dump()


def test_runs_table_ambiguity_and_override(agno_store: StoreFactory) -> None:
    """Two run-shaped tables with the foreign key and no way to choose: a clear error naming
    them; ``runs_table=`` settles it."""
    store = agno_store(table="my_sessions", schema="kx", runs_table="my_turns")
    store.agno("make", ["s1"])
    session = qualified(store, "my_sessions")
    store.execute(
        f"CREATE TABLE {qualified(store, 'other_runs')} (run_id VARCHAR PRIMARY KEY, "
        f"session_id VARCHAR REFERENCES {session}(session_id), run_data TEXT)"
    )
    db = store.kern()
    # agno stamped my_turns in agno_schema_versions; the stamp settles the tie
    assert db.layout().runs_table == "my_turns"
    store.execute(f"DELETE FROM {qualified(store, 'agno_schema_versions')}")
    with pytest.raises(UnrecognisedTableError) as caught:
        db.layout(refresh=True)
    assert "my_turns" in caught.value.message and "other_runs" in caught.value.message
    assert caught.value.hint is not None and "runs_table=NAME" in caught.value.hint
    db.close()
    chosen = store.kern(runs_table="my_turns")
    assert len(chosen.get_session("s1").runs) == 2  # type: ignore[union-attr]
    chosen.close()


def test_status_lists_linked_tables(agno_store: StoreFactory) -> None:
    store = agno_store()
    store.agno("make", ["s1", "s2"])
    db = store.kern()
    status = db.status()
    db.close()
    rows = {t["table"]: t["rows"] for t in status.linked_tables}
    fs = linked_key(store, "agno_fs")
    assert rows == {"agno_compactions": 2, "agno_tool_results": 4, "agno_transcripts": 2, fs: 4}
    sized = [t["bytes"] for t in status.linked_tables]
    assert all(isinstance(b, int) and b > 0 for b in sized) if store.kind != "sqlite" else True
    assert not status.unmigrated_writes


@pytest.mark.parametrize("table", ["agno_sessions", "my_sessions"])
def test_column_table_written_by_agno3_is_not_called_migrated(
    table: str, agno_store: StoreFactory, tmp_path: Path
) -> None:
    """A kern/agno 2.x column-layout table agno 3.x then wrote to without migrating: status
    says so, and delete still matches agno's (legacy runs, runs table and linked rows)."""
    from tests.support.ops import make_session

    store = agno_store(table=table)
    old = store.kern(new_layout="column")
    old.upsert_sessions([make_session(i, runs=2) for i in range(3)])
    old.close()
    store.agno("make", ["s1", "s2"])
    db = store.kern()
    assert db.layout().kind == "both"
    status = db.status()
    assert status.unmigrated_writes
    assert any("not migrated" in h.message for h in status.hints)
    assert not any(h.message.startswith("migrated") for h in status.hints)
    db.close()
    twin = store.copy(tmp_path)
    db = store.kern()
    report = db.delete_sessions(["s0000", "s1"])
    db.close()
    twin.agno("delete", ["s0000", "s1"])
    assert store.dump() == twin.dump()
    assert report.sessions == 2 and report.linked["agno_tool_results"] == 2


@pytest.mark.parametrize("kind", ["postgres"])
def test_sandbox_binding_holding_a_run_goes_first(
    kind: str, agno_store: StoreFactory, tmp_path: Path
) -> None:
    """agno's PostgreSQL sandbox binding refers to a run (no cascade) while a turn holds the
    session: kern removes the binding before the runs, as agno's one-statement cascade does."""
    store = agno_store(**VARIANTS["custom"])
    store.agno("make", ["s1", "s2"])
    store.agno("sandbox", [])
    bindings = qualified(store, "my_sessions_sandbox_bindings")
    store.execute(
        f"INSERT INTO {bindings} (namespace, session_id, agent_id, epoch, run_id, record) VALUES "
        "('kx.my_sessions', 's1', 'a1', 1, 's1-r0', '{}'), "
        "('kx.my_sessions', 's2', 'a1', 1, 's2-r1', '{}')"
    )
    twin = store.copy(tmp_path)
    db = store.kern()
    report = db.delete_sessions(["s1"])
    db.close()
    twin.agno("delete", ["s1"])
    assert store.dump() == twin.dump()
    assert report.linked["my_sessions_sandbox_bindings"] == 1
    assert len(store.dump()["kx.my_sessions_sandbox_bindings"]) == 1


# -- the agno 3.1 fixtures: what agno's delete_sessions left in every table -------------------

EXPECTED31 = json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))
FIXTURE_VARIANTS = sorted(
    name for name, info in EXPECTED31["variants"].items() if info["backend"] != "mysql"
)
_KEYS = {
    "agno_compactions": "session_id, compaction_id",
    "agno_tool_results": "session_id, result_id",
    "agno_transcripts": "agno_session_id, framework, project_key, session_id, subpath, position",
    "agno_fs": "namespace, user_id, path",
}


def _fixture_rows(conn: Any, info: dict[str, Any], schema: str | None) -> dict[str, Any]:
    """Each table of EXPECTED31's ``remaining``, in its shape (sorted key tuples)."""

    def q(table: str, columns: str) -> list[list[Any]]:
        where = f'"{table}"' if schema is None else f'"{schema}"."{table}"'
        if table == "agno_fs" and schema is not None:
            where = "fs.agno_fs"
        return sorted(list(r) for r in conn.execute(f"SELECT {columns} FROM {where}").fetchall())

    out: dict[str, Any] = {
        info["session_table"]: sorted(r[0] for r in q(info["session_table"], "session_id")),
        info["runs_table"]: q(info["runs_table"], "session_id, run_id"),
    }
    for name, columns in _KEYS.items():
        out["fs.agno_fs" if name == "agno_fs" and schema else name] = q(name, columns)
    return out


@pytest.mark.parametrize("variant", FIXTURE_VARIANTS)
def test_agno31_fixture_delete_leaves_what_agno_left(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """On the files agno 3.1.10 wrote (custom runs_table included, found without being
    named), kern's delete of EXPECTED31's ids leaves exactly the rows agno's own delete left:
    a ghost id's transcript goes, an unindexed payload stays, every user partition at an
    indexed path goes, and the other schema's payloads in fs.agno_fs stay."""
    info = EXPECTED31["variants"][variant]
    ids = EXPECTED31["delete_ids"]
    if ":" not in variant:
        copy = tmp_path / variant
        shutil.copy(FIXTURES / variant, copy)
        db: SessionDb = SqliteDb(db_file=copy, session_table=info["session_table"])
        schema = None
    else:
        pg_url = request.getfixturevalue("pg_url")
        url = restore_dump(pg_url, FIXTURES / variant.split(":")[0])
        request.addfinalizer(lambda: _drop_database(pg_url, url))
        schema = info["db_schema"]
        db = PostgresDb(url, session_table=info["session_table"], db_schema=schema)
    with db:
        assert db.layout().runs_table == info["runs_table"]
        report = db.delete_sessions(ids)
        with db.dialect.open_conn(read_only=True) as conn:
            got = _fixture_rows(conn, info, schema)
    assert got == info["delete_sessions"]["remaining"]
    assert report.sessions == 4 and report.missing == [ids[-1]]
    assert report.linked["agno_compactions"] > 0 and report.linked["agno_tool_results"] > 0


def _drop_database(pg_url: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
