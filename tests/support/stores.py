"""Session stores for the reliability tests: where a database lives, how to build one with a
known run count per session, and plain-SQL views of what it holds."""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kern_core import MySQLDb, PostgresDb, Session, SessionDb, SqliteDb

from tests.support.locks import mysql_conn
from tests.support.sessions import session

BASE_TIME = 1_750_000_000
#: Ids that need quoting in any SQL text; every store holds some.
ODD_IDS = ('it\'s a "quoted" id', "spaces  and\ttabs", "ünï ☕ id", "semi; DROP TABLE x; --")


@dataclass
class Store:
    """One session table: a SQLite file (``url`` is its path), a PostgreSQL schema or a MySQL
    database (``schema``)."""

    kind: str
    url: str
    schema: str = "ai"
    table: str = "agno_sessions"
    created_schemas: list[str] = field(default_factory=list)

    @property
    def runs_table(self) -> str:
        return "agno_runs" if self.table == "agno_sessions" else f"{self.table}_runs"

    def open(self, layout: str = "column") -> SessionDb:
        if self.kind == "sqlite":
            return SqliteDb(db_file=self.url, session_table=self.table, new_layout=layout)
        cls = MySQLDb if self.kind == "mysql" else PostgresDb
        return cls(self.url, session_table=self.table, db_schema=self.schema, new_layout=layout)

    def cli(self) -> list[str]:
        return ["--db", self.url, "--schema", self.schema, "--table", self.table]

    def spec(self) -> dict[str, str]:
        return {"kind": self.kind, "url": self.url, "schema": self.schema, "table": self.table}

    @contextmanager
    def conn(self) -> Iterator[Any]:
        """A raw autocommit connection for checks (never through kern)."""
        conn: Any
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.url, timeout=30, isolation_level=None)
            conn.text_factory = lambda b: b.decode("utf-8", "replace")
        elif self.kind == "mysql":
            conn = mysql_conn(self.url)
        else:
            import psycopg

            conn = psycopg.connect(self.url, autocommit=True)
        try:
            yield conn
        finally:
            conn.close()

    def tables(self) -> set[str]:
        with self.conn() as conn:
            if self.kind == "sqlite":
                rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
            else:
                rows = conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                    (self.schema,),
                ).fetchall()
        return {r[0] for r in rows}

    def q(self, name: str) -> str:
        return f'"{name}"' if self.kind == "sqlite" else f'"{self.schema}"."{name}"'


def new_store(
    kind: str, tmp: Path, server_url: str | None, name: str, table: str = "agno_sessions"
) -> Store:
    """A fresh, empty store: a new file name, or a new (not yet created) schema or MySQL
    database on the server at ``server_url``."""
    if kind == "sqlite":
        return Store("sqlite", str(tmp / f"{name}.db"), table=table)
    assert server_url is not None
    return Store(kind, server_url, schema=f"kr_{uuid.uuid4().hex[:12]}", table=table)


def drop_store(store: Store) -> None:
    if store.kind == "mysql":
        with mysql_conn(store.url) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS `{store.schema}`")
    elif store.kind == "postgres":
        import psycopg

        with psycopg.connect(store.url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{store.schema}" CASCADE')
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(store.url + suffix).unlink(missing_ok=True)


def make_sessions(n: int, seed: int, prefix: str = "c", payload: int = 300) -> list[Session]:
    """``n`` sessions, 1-4 runs each (seeded), created a minute apart, the run count kept in
    ``metadata.expected_runs`` so a check can tell a half-written session from a whole one."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        sid = f"{prefix}{i:05d}" if i % 97 else f"{prefix}{i:05d} {ODD_IDS[i // 97 % len(ODD_IDS)]}"
        runs = rng.randint(1, 4)
        created = BASE_TIME + i * 60
        out.append(
            session(
                sid,
                created,
                agent_id="agent-a",
                user_id="u1" if i % 5 else "u2",
                session_data={"session_name": f"name {i}", "n": i},
                metadata={"expected_runs": runs},
                runs=[
                    {
                        "run_id": f"{sid}-r{j}",
                        "agent_id": "agent-a",
                        "status": "COMPLETED",
                        "created_at": created + j,
                        "input": {"input_content": f"q{j}"},
                        "content": "x" * rng.randint(payload // 2, payload),
                    }
                    for j in range(runs)
                ],
                updated_at=created + 30,
            )
        )
    return out


def write(store: Store, sessions: list[Session], layout: str) -> None:
    with store.open(layout) as db:
        db.upsert_sessions(sessions, batch_size=1000)


@dataclass(frozen=True)
class RawState:
    """What a session table holds, read with plain SQL."""

    expected: dict[str, int]
    """session id -> metadata.expected_runs"""
    column_runs: dict[str, list[str]]
    """session id -> run ids in the legacy runs column (absent: no column or NULL)"""
    table_runs: dict[str, list[str]]
    """session id -> run ids in the runs table, by run_index"""
    orphan_runs: int
    runs_table: bool
    version: str | None


def raw_state(store: Store) -> RawState:
    tables = store.tables()
    if store.table not in tables:
        return RawState({}, {}, {}, 0, False, None)
    sessions = store.q(store.table)
    with store.conn() as conn:
        cols = _columns(store, conn)
        select = 'session_id, "metadata"' + (", runs" if "runs" in cols else "")
        expected: dict[str, int] = {}
        column_runs: dict[str, list[str]] = {}
        for row in conn.execute(f"SELECT {select} FROM {sessions}").fetchall():
            expected[row[0]] = int(_json(row[1])["expected_runs"])
            if len(row) > 2 and row[2] is not None:
                column_runs[row[0]] = [r["run_id"] for r in _json(row[2])]
        table_runs: dict[str, list[str]] = {}
        orphans = 0
        has_runs = store.runs_table in tables
        if has_runs:
            runs = store.q(store.runs_table)
            for rid, sid in conn.execute(
                f"SELECT run_id, session_id FROM {runs} ORDER BY session_id, run_index"
            ).fetchall():
                table_runs.setdefault(sid, []).append(rid)
            orphans = conn.execute(
                f"SELECT count(*) FROM {runs} r WHERE NOT EXISTS "
                f"(SELECT 1 FROM {sessions} s WHERE s.session_id = r.session_id)"
            ).fetchone()[0]
        version = None
        if "agno_schema_versions" in tables:
            p = "?" if store.kind == "sqlite" else "%s"
            row = conn.execute(
                f"SELECT version FROM {store.q('agno_schema_versions')} WHERE table_name = {p}",
                (store.table,),
            ).fetchone()
            version = row[0] if row else None
    return RawState(expected, column_runs, table_runs, int(orphans), has_runs, version)


def structure(store: Store) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    """The store's indexes (table, index name) and version stamps (table, version)."""
    tables = store.tables()
    with store.conn() as conn:
        if store.kind == "sqlite":
            sql = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'"
            indexes = conn.execute(sql).fetchall()
        else:
            view = "pg_indexes" if store.kind == "postgres" else "information_schema.statistics"
            names = ("tablename, indexname", "schemaname")
            if store.kind == "mysql":
                names = ("DISTINCT table_name, index_name", "table_schema")
            sql = f"SELECT {names[0]} FROM {view} WHERE {names[1]} = %s"
            indexes = conn.execute(sql, (store.schema,)).fetchall()
        stamps: list[Any] = []
        if "agno_schema_versions" in tables:
            sql = f"SELECT table_name, version FROM {store.q('agno_schema_versions')}"
            stamps = conn.execute(sql).fetchall()
    return (
        frozenset((str(t), str(i)) for t, i in indexes),
        frozenset((str(t), str(v)) for t, v in stamps),
    )


def _columns(store: Store, conn: Any) -> set[str]:
    if store.kind == "sqlite":
        return {r[1] for r in conn.execute(f"PRAGMA table_info({store.q(store.table)})")}
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = %s AND table_name = %s",
        (store.schema, store.table),
    ).fetchall()
    return {r[0] for r in rows}


def _json(value: Any) -> Any:
    while isinstance(value, str):
        value = json.loads(value)
    return value


def check_consistent(state: RawState, *, upgrading: bool = False) -> list[str]:
    """Problems found: a session whose runs are not all there, an orphan run, a run id twice.

    ``upgrading``: the legacy column must stay whole and the runs table holds, per session,
    either none or all of its runs.
    """
    problems = []
    if state.orphan_runs:
        problems.append(f"{state.orphan_runs} orphan run(s)")
    seen: set[str] = set()
    for sid, want in state.expected.items():
        col = state.column_runs.get(sid, [])
        tab = state.table_runs.get(sid, [])
        if upgrading:
            ok = len(col) == want and len(tab) in (0, want) and (not tab or tab == col)
        else:
            ok = len(col) + len(tab) == want and not (col and tab)
        if not ok:
            problems.append(f"session {sid!r}: {want} runs expected, column {col}, table {tab}")
        runs = tab or col
        dup = seen.intersection(runs)
        if dup:
            problems.append(f"run id(s) {sorted(dup)} stored twice")
        seen.update(runs)
    return problems


def records(store: Store) -> dict[str, dict[str, Any]]:
    """Every session as kern reads it back (``to_dict``), by id: the content oracle."""
    if store.table not in store.tables():
        return {}
    with store.open() as db:
        return {s.session_id: s.to_dict() for s in db.iter_sessions()}
