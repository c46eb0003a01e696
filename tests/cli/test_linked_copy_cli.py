"""The CLI carries agno 3.1's session-linked rows: ``migrate --delete-source`` moves them
(agno in the target then reads what it read in the source, and on PostgreSQL a copy to
another schema of the same database gets payload rows of its own), export records hold them
under their own keys and import writes them back, and ``prune --format json`` counts them.

On MySQL (whose agno 3.1.10 reads no linked rows) migrate and import carry them into tables of
agno's shape, the plan and the report say agno there does not read them, an export from
MySQL holds what the source's did, and a migration onwards gives agno on PostgreSQL what it
read in the file it wrote."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from kern_core import MySQLDb, PostgresDb, SessionDb, SqliteDb
from kern_core.linked.tables import MYSQL_UNREAD
from kern_core.linked.transfer import namespace_for

from tests.support.changes import db_args, export, parsed
from tests.support.db import _admin_execute, database_url
from tests.support.linked_data import AgnoStore, StoreFactory, agno_reads, linked_key, store_factory

pytestmark = pytest.mark.agno
#: Where agno itself reads linked rows back.
AGNO_LINKED = pytest.mark.parametrize("kind", ["sqlite", "postgres"])

Kern = Callable[..., Result]
IDS = ["s1", "s2"]
LINKED = ("agno_compactions", "agno_tool_results", "agno_fs", "agno_transcripts")


@pytest.fixture
def agno_store(
    agno_py: str, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[StoreFactory]:
    yield from store_factory(agno_py, kind, tmp_path, request)


def _where(store: AgnoStore) -> list[str]:
    return ["--db", store.where, "--table", store.table, "--schema", store.schema]


def _neighbour(store: AgnoStore, tmp_path: Path) -> SessionDb:
    """Another file beside a SQLite store; on PostgreSQL schema ``app`` of the same database,
    which shares ``fs.agno_fs`` with the source."""
    if store.kind == "sqlite":
        return SqliteDb(db_file=tmp_path / "target.db", new_layout="table")
    if store.kind == "mysql":
        return MySQLDb(store.where, db_schema=store.neighbour_schema(), new_layout="table")
    return PostgresDb(store.where, db_schema="app", new_layout="table")


def _to(db: SessionDb) -> list[str]:
    args = db_args(db)
    return ["--to", args[1], "--to-table", db.session_table] + (
        ["--to-schema", args[5]] if len(args) > 4 else []
    )


def _linked_rows(store: AgnoStore) -> dict[str, int]:
    dump = store.dump()
    return {name: len(rows) for name, rows in dump.items() if name.split(".")[-1] in LINKED}


@AGNO_LINKED
def test_migrate_delete_source_moves_linked_rows(
    agno_store: StoreFactory, agno_py: str, kern: Kern, tmp_path: Path
) -> None:
    store = agno_store()
    store.agno("make", IDS)
    src = store.kern()
    seen = agno_reads(agno_py, src, IDS)
    assert all(len(seen[s]["resolved"]) == 2 for s in IDS)
    dst = _neighbour(store, tmp_path)
    done = kern(
        "sessions", "migrate", *_where(store), *_to(dst), "--delete-source", "--yes", "-f", "json"
    )
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["verified"] and report["deleted_from_source"] == 2
    assert "with them, session-linked rows: agno_compactions 2, agno_tool_results 4" in done.stderr
    want = {"agno_compactions": 2, "agno_tool_results": 4, "agno_fs": 4, "agno_transcripts": 2}
    assert report["linked"]["source"] == report["linked"]["target"] == want
    assert report["linked"]["source_checksum"] == report["linked"]["target_checksum"]
    assert agno_reads(agno_py, dst, IDS) == seen
    left = _linked_rows(store)
    if store.kind == "sqlite":
        assert not any(left.values())
    else:  # fs.agno_fs is the target's too: it holds only the target schema's namespaces
        assert left.pop("fs.agno_fs") == 4 and not any(left.values())
        assert _namespaces(dst) == {namespace_for(s, "app") for s in IDS}
    dst.close()


def _namespaces(db: SessionDb) -> set[str]:
    with db.dialect.open_conn(read_only=True) as conn:
        return {r[0] for r in conn.execute("SELECT namespace FROM fs.agno_fs").fetchall()}


@AGNO_LINKED
def test_export_import_carries_linked_rows(
    agno_store: StoreFactory, agno_py: str, kern: Kern, tmp_path: Path
) -> None:
    store = agno_store()
    store.agno("make", IDS)
    src = store.kern()
    seen = agno_reads(agno_py, src, IDS)
    text = export(kern, _where(store))
    records = parsed(text)
    assert set(records["s1"]) >= {"compactions", "tool_results", "transcripts"}
    assert len(records["s1"]["tool_results"][0]["payloads"]) == 1
    plain = dict(records["s2"], session_id="plain", runs=[])
    for key in ("compactions", "tool_results", "transcripts"):
        plain.pop(key)
    path = tmp_path / "in.jsonl"
    path.write_text(text + json.dumps(plain) + "\n")
    dst = _neighbour(store, tmp_path)
    done = kern("sessions", "import", str(path), *db_args(dst), "--layout", "table")
    assert done.exit_code == 0, done.stderr
    assert agno_reads(agno_py, dst, IDS) == seen
    back = parsed(export(kern, db_args(dst)))
    assert set(back["plain"]) == set(plain)
    assert back["s1"]["compactions"] == records["s1"]["compactions"]
    assert back["s1"]["transcripts"] == records["s1"]["transcripts"]
    dst.close()


def test_import_rejects_linked_rows_of_another_session(
    agno_store: StoreFactory, kern: Kern, tmp_path: Path
) -> None:
    store = agno_store()
    store.agno("make", ["s1"])
    record = parsed(export(kern, _where(store)))["s1"]
    record["session_id"] = "other"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n")
    dst = _neighbour(store, tmp_path)
    done = kern("sessions", "import", str(path), *db_args(dst), "--layout", "table")
    assert done.exit_code == 1
    assert "compactions row with session_id 's1'" in done.stderr
    dst.close()


def test_prune_json_counts_linked_rows(agno_store: StoreFactory, kern: Kern) -> None:
    store = agno_store()
    store.agno("make", ["s1", "s2", "s3"])
    fs = linked_key(store, "agno_fs")
    want = {"agno_transcripts": 2, "agno_compactions": 2, fs: 4, "agno_tool_results": 4}
    args = ["sessions", "prune", "--before", "2025-10-09T08:56:00Z", *_where(store), "-f", "json"]
    dry = kern(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["linked"] == want
    done = kern(*args, "--yes")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report.pop("batches") >= 1
    assert report == {"deleted": True, "sessions": 2, "runs": 4, "linked": want}


def _unnamespaced(records: dict[str, dict[str, object]]) -> dict[str, object]:
    """Export records with each tool result's namespace left out (rewritten per database)."""
    out: dict[str, object] = {}
    for sid, record in records.items():
        results = record.get("tool_results")
        if isinstance(results, list):
            results = [{k: v for k, v in r.items() if k != "namespace"} for r in results]
        out[sid] = {**record, "tool_results": results}
    return out


@pytest.mark.postgres
@pytest.mark.mysql
@pytest.mark.parametrize("kind", ["sqlite"])
def test_mysql_round_trip_keeps_linked_rows(
    agno_store: StoreFactory,
    agno_py: str,
    kern: Kern,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """agno's SQLite file -> MySQL (migrate, verified with the linked rows' counts and
    checksums, the plan and the report saying agno there does not read them) -> export and
    import into another MySQL database -> PostgreSQL: agno reads there what it read at first."""
    store = agno_store()
    store.agno("make", IDS)
    src = store.kern()
    seen = agno_reads(agno_py, src, IDS)
    first = parsed(export(kern, _where(store)))
    url = str(request.getfixturevalue("mysql_url"))
    schema = str(request.getfixturevalue("mysql_schema"))
    mysql = MySQLDb(url, db_schema=schema, new_layout="table")
    to = ["--to", url, "--to-schema", schema]
    plan = kern("sessions", "migrate", *_where(store), *to, "--dry-run")
    assert plan.exit_code == 0, plan.stderr
    assert "agno_tool_results 4" in plan.stderr and "does not read" in plan.stderr
    dry = json.loads(
        kern("sessions", "migrate", *_where(store), *to, "--dry-run", "-f", "json").stdout
    )
    assert dry["linked"]["agno_fs"] == 4 and dry["linked_note"] == MYSQL_UNREAD
    done = kern("sessions", "migrate", *_where(store), *to, "--yes", "-f", "json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    want = {"agno_compactions": 2, "agno_tool_results": 4, "agno_fs": 4, "agno_transcripts": 2}
    assert report["verified"] and report["linked"]["source"] == report["linked"]["target"] == want
    assert report["linked"]["source_checksum"] == report["linked"]["target_checksum"]
    assert report["linked_note"] == MYSQL_UNREAD
    assert "note: agno 3.1.10's MySQLDb does not read session-linked rows" in done.stderr
    text = export(kern, db_args(mysql))
    assert _unnamespaced(parsed(text)) == _unnamespaced(first)
    other = f"{schema}_imp"
    request.addfinalizer(lambda: store_drop(url, other))
    imported = MySQLDb(url, db_schema=other, new_layout="table")
    path = tmp_path / "from_mysql.jsonl"
    path.write_text(text)
    done = kern("sessions", "import", str(path), *db_args(imported), "--layout", "table")
    assert done.exit_code == 0, done.stderr
    assert "note: agno 3.1.10's MySQLDb does not read session-linked rows" in done.stderr
    assert _unnamespaced(parsed(export(kern, db_args(imported)))) == _unnamespaced(first)
    pg_url = str(request.getfixturevalue("pg_url"))
    name = f"kern_lt_{uuid.uuid4().hex[:10]}"
    _admin_execute(pg_url, f'CREATE DATABASE "{name}"')
    request.addfinalizer(lambda: _admin_execute(pg_url, f'DROP DATABASE "{name}" WITH (FORCE)'))
    onwards = PostgresDb(database_url(pg_url, name), new_layout="table")
    done = kern("sessions", "migrate", *db_args(imported), *_to(onwards), "--yes", "-f", "json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["linked"]["target"] == want
    assert "linked_note" not in json.loads(done.stdout)
    assert agno_reads(agno_py, onwards, IDS) == seen
    for db in (src, mysql, imported, onwards):
        db.close()


def store_drop(url: str, name: str) -> None:
    from tests.support.db import mysql_execute

    mysql_execute(f"DROP DATABASE IF EXISTS `{name}`", url)
