"""``copy_sessions(..., delete_source=True)`` opens each connection it needs once and detects
each table once, on real databases (SQLite -> SQLite, SQLite -> PostgreSQL,
SQLite -> MySQL).

The real ``connect`` of each dialect and the db object's ``detect`` (the one place a layout is
detected) are wrapped by counting spies; nothing is mocked. The numbers, per database:

- source: 2 connections (the read snapshot; the write connection of the delete) and 2
  detections (on the snapshot; afresh on the delete's connection, which must see tables made
  in the source since the snapshot);
- target: 2 connections (the writer's; the verifier's own, since it reads batch k while the
  writer writes batch k+1) and 1 detection of an existing table, 2 of a missing one (the first
  finds it missing, the second reads it back once created). The verifier detects nothing, however
  many batches, linked tables included.

Before the handle, the same copy opened 3 connections to each side and detected the source
twice and the target three times (plus once per batch with agno 3.1's linked tables).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import SessionDb, SqliteDb, copy_sessions
from kern_core.dialect import Dialect, PostgresDialect, SqliteDialect
from kern_core.dialect.mysql import MysqlDialect

from tests.support.db import FIXTURES, server_db, server_target
from tests.support.ops import make_session

Calls = Counter[tuple[str, str]]
SESSIONS = 7
BATCH = 2


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Counts of ``connect`` and ``detect`` per database (``source`` / ``target``: the
    database's display name is looked up in ``calls.names``)."""
    counted: Calls = Counter()

    def spy(cls: type[Any], name: str, where: Callable[[Any], Dialect]) -> None:
        real = getattr(cls, name)

        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            counted[(where(self).display, name)] += 1
            return real(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, counting)

    for cls in (SqliteDialect, PostgresDialect, MysqlDialect):
        spy(cls, "connect", lambda d: d)
    spy(SessionDb, "detect", lambda db: db.dialect)
    return counted


def _by_side(calls: Calls, source: SessionDb, target: SessionDb) -> dict[str, dict[str, int]]:
    sides = {source.dialect.display: "source", target.dialect.display: "target"}
    out: dict[str, dict[str, int]] = {"source": {}, "target": {}}
    for (display, name), n in calls.items():
        out[sides[display]][name] = n
    return out


def _source(tmp_path: Path) -> SqliteDb:
    db = SqliteDb(db_file=tmp_path / "source.db", new_layout="table")
    with db:
        db.upsert_sessions([make_session(i) for i in range(SESSIONS)])
    return SqliteDb(db_file=tmp_path / "source.db")


def _target(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> SessionDb:
    if kind == "sqlite":
        return SqliteDb(db_file=tmp_path / "target.db")
    url, schema = server_target(kind, request)
    return server_db(kind, str(url), str(schema))


def _copy(source: SessionDb, target: SessionDb, calls: Calls) -> dict[str, dict[str, int]]:
    calls.clear()
    with source, target:
        report = copy_sessions(source, target, batch_size=BATCH, delete_source=True)
    assert report.verified and report.deleted_from_source == report.copied > 0
    return _by_side(calls, source, target)


def test_a_move_into_a_new_table(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, calls: Calls
) -> None:
    source, target = _source(tmp_path), _target(kind, tmp_path, request)
    assert _copy(source, target, calls) == {
        "source": {"connect": 2, "detect": 2},
        "target": {"connect": 2, "detect": 2},
    }


def test_a_move_into_an_existing_table(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, calls: Calls
) -> None:
    with _target(kind, tmp_path, request) as made:
        made.ensure_tables()
    source, target = _source(tmp_path), _target(kind, tmp_path, request)
    assert _copy(source, target, calls) == {
        "source": {"connect": 2, "detect": 2},
        "target": {"connect": 2, "detect": 1},
    }


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])  # agno's MySQLDb has no linked tables
def test_linked_tables_add_no_detection_per_batch(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, calls: Calls
) -> None:
    """agno 3.1's linked tables, created in the target by the writer, are known to the
    verifier without looking at the database again."""
    variant = "agno31.sqlite"
    info = json.loads((FIXTURES / "EXPECTED31.json").read_text())["variants"][variant]
    shutil.copy(FIXTURES / variant, tmp_path / "source.sqlite")
    with SqliteDb(db_file=tmp_path / "source.sqlite", session_table=info["session_table"]) as db:
        assert db.layout().linked
    source = SqliteDb(db_file=tmp_path / "source.sqlite", session_table=info["session_table"])
    target = _target(kind, tmp_path, request)
    assert _copy(source, target, calls) == {
        "source": {"connect": 2, "detect": 2},
        "target": {"connect": 2, "detect": 2},
    }
    with target:
        assert target.layout(refresh=True).linked


def test_a_move_into_another_table_of_the_same_file(tmp_path: Path, calls: Calls) -> None:
    """The tables are told apart on the source snapshot: no connection more."""
    source = _source(tmp_path)
    target = SqliteDb(db_file=tmp_path / "source.db", session_table="moved")
    calls.clear()
    with source, target:
        report = copy_sessions(source, target, batch_size=BATCH, delete_source=True)
        assert report.verified and report.deleted_from_source == SESSIONS
        assert target.count_sessions() == SESSIONS and source.count_sessions() == 0
    display = source.dialect.display
    assert calls == {(display, "connect"): 4, (display, "detect"): 4}
