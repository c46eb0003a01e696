"""Databases the real agno 3.1 wrote with every session-linked table, and a row-for-row dump.

``AgnoStore`` drives agno in its own interpreter (the ``agno_py`` fixture): ``make`` writes
sessions with runs, a compaction, two offloaded tool results (index rows in
``agno_tool_results``, payloads in ``agno_fs``) and an external transcript per session through
agno's own db and ResultStore methods; ``delete`` calls agno's ``delete_sessions``. A
PostgreSQL store gets a database of its own, because ``agno_fs`` lives in the database-wide
``fs`` schema; ``copy()`` clones a store, so kern and agno can each delete from an identical
copy and the two be compared with :meth:`AgnoStore.dump`.

agno 3.1.10's MySQLDb has no linked tables: a MySQL store (a database of its own on the
server) is made by agno on a SQLite file and copied into MySQL by kern, which creates the
linked tables there; its ``delete`` is agno's MySQLDb ``delete_sessions`` (sessions and runs).

:data:`AGNO_DB` is the snippet every agno script starts with to open a backend the agno way.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kern_core import SessionDb, open_db

from tests.support.db import _admin_execute, database_url, mysql_connect

#: ``agno_db(kind, where, schema, **kw)``: agno's SqliteDb, PostgresDb or MySQLDb.
AGNO_DB = r"""
def agno_db(kind, where, schema, **kw):
    if kind == "sqlite":
        from agno.db.sqlite import SqliteDb
        return SqliteDb(db_file=where, **kw)
    if kind == "mysql":
        from agno.db.mysql import MySQLDb
        return MySQLDb(db_url=where, db_schema=schema, **kw)
    from agno.db.postgres import PostgresDb
    return PostgresDb(db_url=where, db_schema=schema, **kw)
"""

AGNO_SCRIPT = (
    AGNO_DB
    + r"""
import json, sys
kind, where, table, schema, runs_table, action, ids_json = sys.argv[1:8]
ids = json.loads(ids_json)
kw = {"session_table": table}
if runs_table:
    kw["runs_table"] = runs_table
db = agno_db(kind, where, schema, **kw)
if action == "delete":
    db.delete_sessions(ids)
    sys.exit(0)
if action == "sandbox":  # PostgreSQL: the sandbox-bindings table, with agno's own DDL
    db._get_table(table_type="sandbox_bindings", create_table_if_not_found=True)
    sys.exit(0)
from agno.session import AgentSession
from agno.run.agent import RunInput, RunOutput
from agno.models.message import Message
from agno.offload.store import ResultStore
store = ResultStore(db=db)
for n, sid in enumerate(ids):
    t = 1_760_000_000 + n * 100
    s = AgentSession(session_id=sid, agent_id="a1", user_id="u1",
                     session_data={"session_name": sid}, created_at=t, updated_at=t + 5)
    assert db.upsert_session(s) is not None
    for i in range(2):
        run = RunOutput(run_id=f"{sid}-r{i}", session_id=sid, agent_id="a1", user_id="u1",
                        content=f"answer {i}", input=RunInput(input_content=f"question {i}"),
                        messages=[Message(role="user", content=f"question {i}")], created_at=t + i)
        db.upsert_run(run, session_id=sid, user_id="u1", run_index=i)
    db.upsert_compaction({
        "compaction_id": f"c-{sid}", "session_id": sid, "run_id": f"{sid}-r0", "user_id": "u1",
        "summary": "folded", "archived_messages": "user: the folded conversation of " + sid,
        "messages_compacted": 2, "tokens_before": 10, "tokens_after": 2, "created_at": t,
    })
    for i in range(2):
        store.offload(session_id=sid, run_id=f"{sid}-r{i}", tool_call_id=f"call{i}",
                      tool_name="search", tool_args={"q": i},
                      output=("payload of %s\n" % sid) * 2000, user_id="u1")
    db.append_transcript_entries("claude", "proj", "ext-" + sid,
                                 [{"uuid": "e-" + sid, "type": "user", "message": "hi"}],
                                 agno_session_id=sid)
"""
)


AGNO_READ = (
    AGNO_DB
    + r"""
import hashlib, json, sys
kind, where, table, schema, sids_json = sys.argv[1:6]
db = agno_db(kind, where, schema, session_table=table)
from agno.offload.store import ResultStore
store = ResultStore(db=db)
out = {}
for sid in json.loads(sids_json):
    entry = {"search": {t: [c["compaction_id"] for c in db.search_compactions(sid, t)]
                        for t in ("Alfama", "tram 28", "no-such-words")},
             "compactions": [c["compaction_id"] for c in db.get_compactions_for_session(sid)],
             "resolved": {}}
    for r in db.get_tool_results_for_session(sid):
        payload = store.payload(r["result_id"])
        entry["resolved"][r["result_id"]] = hashlib.sha256(payload.encode()).hexdigest()
    out[sid] = entry
print(json.dumps(out))
"""
)


def agno_where(db: SessionDb) -> list[str]:
    """(kind, where) as the agno scripts take them: a file, or an SQLAlchemy URL."""
    if db.dialect.kind == "sqlite":
        return ["sqlite", str(db.dialect.path)]
    return [db.dialect.kind, agno_url(db.dialect.kind, str(db.dialect.location.conninfo))]


def agno_url(kind: str, url: str) -> str:
    """A server URL in the spelling agno's SQLAlchemy engines take."""
    driver = "mysql+pymysql" if kind == "mysql" else "postgresql+psycopg"
    return driver + "://" + url.split("://", 1)[1]


def agno_reads(python: str, db: SessionDb, sids: list[str]) -> dict[str, Any]:
    """What agno 3.1.10 reads in ``db`` of these sessions: compaction search per term and
    listing (ids), and each offloaded result id resolved to its payload's sha256."""
    args = agno_where(db)
    args += [db.session_table, str(db.dialect.schema or "ai"), json.dumps(sids)]
    done = subprocess.run(
        [python, "-c", AGNO_READ, *args], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout))


@dataclass
class AgnoStore:
    """One database agno writes to: a SQLite file, or a PostgreSQL database of its own."""

    python: str
    kind: str
    where: str
    table: str = "agno_sessions"
    schema: str = "ai"
    runs_table: str | None = None
    admin_url: str | None = None
    created: list[str] = field(default_factory=list)
    #: MySQL: the SQLite file agno writes what it cannot write to MySQL, copied in by kern.
    sidecar: str | None = None

    @classmethod
    def new(
        cls,
        python: str,
        kind: str,
        tmp_path: Path,
        pg_url: str | None,
        table: str = "agno_sessions",
        schema: str = "ai",
        runs_table: str | None = None,
    ) -> AgnoStore:
        if kind == "sqlite":
            path = str(tmp_path / f"{uuid.uuid4().hex[:8]}.db")
            return cls(python, kind, path, table, schema, runs_table)
        if kind == "mysql":
            assert pg_url is not None
            name = f"kern_lt_{uuid.uuid4().hex[:10]}"
            store = cls(python, kind, pg_url, table, name, runs_table, pg_url)
            store.created.append(name)
            store.sidecar = str(tmp_path / f"{name}.db")
            return store
        assert pg_url is not None
        name = f"kern_lt_{uuid.uuid4().hex[:10]}"
        _admin_execute(pg_url, f'CREATE DATABASE "{name}"')
        store = cls(python, kind, database_url(pg_url, name), table, schema, runs_table, pg_url)
        store.created.append(name)
        return store

    def agno(self, action: str, ids: list[str]) -> None:
        """Run agno's ``make`` (write sessions and linked rows) or ``delete`` on this store."""
        if self.kind == "mysql" and action == "make":
            self._make_through_sqlite(ids)
            return
        where = self.where
        if self.kind != "sqlite":
            where = agno_url(self.kind, where)
        args = [self.kind, where, self.table, self.schema, self.runs_table or "", action]
        done = subprocess.run(
            [self.python, "-c", AGNO_SCRIPT, *args, json.dumps(ids)],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr[-3000:]

    def _make_through_sqlite(self, ids: list[str]) -> None:
        """agno writes everything to the sidecar file; kern copies it into this database."""
        from kern_core import copy_sessions

        assert self.sidecar is not None
        made = AgnoStore(self.python, "sqlite", self.sidecar, self.table, "ai", self.runs_table)
        made.agno("make", ids)
        source = made.kern(runs_table=self.runs_table)
        target = self.kern(new_layout="table", runs_table=self.runs_table)
        try:
            report = copy_sessions(source, target)
        finally:
            source.close()
            target.close()
        assert report.verified and report.copied == len(ids), report

    def kern(self, **kwargs: Any) -> SessionDb:
        return open_db(self.where, session_table=self.table, db_schema=self.schema, **kwargs)

    def execute(self, sql: str) -> None:
        """A statement run outside kern and agno (to set up a case)."""
        if self.kind == "sqlite":
            with sqlite3.connect(self.where) as conn:
                conn.executescript(sql)
            return
        if self.kind == "mysql":
            server = mysql_connect(self.where)
            try:
                cur = server.cursor()
                cur.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')")
                for part in sql.split(";"):
                    if part.strip():
                        cur.execute(part)
            finally:
                server.close()
            return
        import psycopg

        with psycopg.connect(self.where, autocommit=True) as conn:
            conn.execute(sql.encode())

    def copy(self, tmp_path: Path) -> AgnoStore:
        """An identical copy (a file copy; PostgreSQL: a database made from this one)."""
        if self.kind == "sqlite":
            path = tmp_path / f"copy_{uuid.uuid4().hex[:8]}.db"
            shutil.copy(self.where, path)
            return AgnoStore(
                self.python, self.kind, str(path), self.table, self.schema, self.runs_table
            )
        assert self.admin_url is not None
        name = f"kern_lt_{uuid.uuid4().hex[:10]}"
        source = urlsplit(self.where).path.lstrip("/")
        _admin_execute(self.admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        self.created.append(name)
        return AgnoStore(
            self.python,
            self.kind,
            database_url(self.admin_url, name),
            self.table,
            self.schema,
            self.runs_table,
            self.admin_url,
            self.created,
        )

    def reference(self, tmp_path: Path) -> AgnoStore:
        """Where agno's own delete is to be compared with kern's: an identical copy, or for
        MySQL (whose agno has no linked tables) a copy of the file agno wrote."""
        if self.kind != "mysql":
            return self.copy(tmp_path)
        assert self.sidecar is not None
        path = tmp_path / f"copy_{uuid.uuid4().hex[:8]}.db"
        shutil.copy(self.sidecar, path)
        return AgnoStore(self.python, "sqlite", str(path), self.table, "ai", self.runs_table)

    def same_as(self, reference: AgnoStore) -> None:
        """Assert this store holds what ``reference`` holds after the same delete: every row
        of every table; on MySQL the rows per table (namespaces differ by database)."""
        if self.kind != "mysql":
            assert self.dump() == reference.dump()
            return
        mine = {k.split(".")[-1]: len(v) for k, v in self.dump().items()}
        theirs = {k.split(".")[-1]: len(v) for k, v in reference.dump().items()}
        mine.pop("agno_schema_versions", None)
        theirs.pop("agno_schema_versions", None)
        assert mine == theirs

    def neighbour_schema(self) -> str:
        """MySQL: another database on the same server, dropped with this store's."""
        name = f"{self.schema}_app"
        self.created.append(name)
        return name

    def dump(self) -> dict[str, list[str]]:
        """Every row of every table (PostgreSQL: the store's schema and ``fs``), sorted."""
        out: dict[str, list[str]] = {}
        if self.kind == "mysql":
            conn = mysql_connect(self.where, self.schema)
            try:
                cur = conn.cursor()
                cur.execute("SHOW TABLES")
                for (name,) in cur.fetchall():
                    cur.execute(f"SELECT * FROM `{name}`")
                    out[f"{self.schema}.{name}"] = sorted(repr(r) for r in cur.fetchall())
            finally:
                conn.close()
            return out
        if self.kind == "sqlite":
            with sqlite3.connect(self.where) as conn:
                names = [
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%'"
                    )
                ]
                for name in names:
                    rows = conn.execute(f'SELECT * FROM "{name}"').fetchall()
                    out[name] = sorted(repr(r) for r in rows)
            return out
        import psycopg

        with psycopg.connect(self.where) as conn:
            names = conn.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema IN (%s, 'fs')",
                (self.schema,),
            ).fetchall()
            for schema, name in names:
                rows = conn.execute(f'SELECT t::text FROM "{schema}"."{name}" t').fetchall()
                out[f"{schema}.{name}"] = sorted(r[0] for r in rows)
        return out

    def count(self, table: str) -> int:
        return len(self.dump()[table])

    def drop(self) -> None:
        if self.admin_url is None:
            return
        if self.kind == "mysql":
            conn = mysql_connect(self.admin_url)
            try:
                for name in self.created:
                    conn.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
            finally:
                conn.close()
            self.created.clear()
            return
        for name in self.created:
            _admin_execute(self.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()


StoreFactory = Callable[..., AgnoStore]


def store_factory(
    agno_py: str, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[StoreFactory]:
    """The body of an ``agno_store`` fixture: ``agno_store(table=..., schema=...,
    runs_table=...)`` makes an empty store on this backend; PostgreSQL databases are dropped
    afterwards."""
    fixture = {"postgres": "pg_url", "mysql": "mysql_url"}.get(kind)
    pg_url = request.getfixturevalue(fixture) if fixture else None
    made: list[AgnoStore] = []

    def factory(**kwargs: Any) -> AgnoStore:
        store = AgnoStore.new(agno_py, kind, tmp_path, pg_url, **kwargs)
        made.append(store)
        return store

    yield factory
    for store in made:
        store.drop()


def qualified(store: AgnoStore, table: str) -> str:
    """A table's quoted name for a statement run outside kern."""
    return f'"{table}"' if store.kind == "sqlite" else f'"{store.schema}"."{table}"'


def linked_key(store: AgnoStore, name: str) -> str:
    """A linked table's name in kern's counts (``fs.agno_fs`` on PostgreSQL)."""
    return "fs.agno_fs" if store.kind == "postgres" and name == "agno_fs" else name
