"""``migrate --delete-source`` onto its own source under another name must delete nothing.

A database reached by another spelling (a SQLite hard link, symlink or relative path; for
PostgreSQL ``localhost`` for ``127.0.0.1:5432``, ``postgres://`` without a port, another user,
a named target) is the same database: the copy is refused with a clear error and exit 2, and
the source keeps every session. Another table of the same database, or another database, still
works with --delete-source. Real processes, both layouts.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from kern_core import KernError, PostgresDb, SqliteDb, copy_sessions
from kern_core.copying.identity import SameTableError
from kern_core.dialect.postgres import advisory_probe

from tests.support.procs import assert_no_traceback, kern_env, run_kern
from tests.support.stores import Store, drop_store, make_sessions, raw_state, write

LAYOUTS = ["column", "table"]
N = 6


def _with(url: str, **parts: Any) -> str:
    """The URL with some of its parts (scheme, netloc, path) replaced."""
    return urlunsplit(urlsplit(url)._replace(**parts))


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[Store]:
    store = Store("postgres", pg_url, schema=f"km_{uuid.uuid4().hex[:12]}")
    yield store
    drop_store(store)


@pytest.fixture
def other_user(pg_url: str) -> Iterator[str]:
    """A second login role (superuser, so it sees every schema), dropped afterwards."""
    role = f"kern_other_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN SUPERUSER')
    yield role
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def _migrate(env: dict[str, str], store: Store, *to: str) -> Any:
    proc = run_kern(env, "sessions", "migrate", *store.cli(), *to, "--delete-source", "--yes")
    assert_no_traceback(proc)
    return proc


def _refused(proc: Any, before: Any, store: Store) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "source and target are the same session table" in proc.stderr
    assert "deleted" not in proc.stderr
    assert raw_state(store) == before and len(before.expected) == N


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("spelling", ["hard link", "symlink", "relative path", "TABLE CASE"])
def test_sqlite_same_file_under_another_name_is_refused(
    spelling: str, layout: str, tmp_path: Path
) -> None:
    store = Store("sqlite", str(tmp_path / "agent.db"))
    write(store, make_sessions(N, seed=1), layout)
    before = raw_state(store)
    env = kern_env(tmp_path)
    to = ["--to", str(tmp_path / "other.db")]
    if spelling == "hard link":
        os.link(store.url, tmp_path / "other.db")
    elif spelling == "symlink":
        (tmp_path / "other.db").symlink_to(store.url)
    elif spelling == "relative path":
        to = ["--to", os.path.relpath(store.url, Path(__file__).resolve().parents[2])]
    else:
        to = ["--to", f"sqlite:///{store.url}", "--to-table", "AGNO_SESSIONS"]
    _refused(_migrate(env, store, *to), before, store)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "spelling", ["localhost", "postgres:// without port", "another user", "named target"]
)
def test_postgres_same_database_under_another_name_is_refused(
    spelling: str,
    layout: str,
    pg_store: Store,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    write(pg_store, make_sessions(N, seed=2), layout)
    before = raw_state(pg_store)
    env = kern_env(tmp_path)
    url = pg_store.url
    host = urlsplit(url).hostname
    if spelling == "localhost":
        other = _with(url, netloc=f"{urlsplit(url).username}@localhost")
    elif spelling == "postgres:// without port":
        other = _with(url, scheme="postgres", netloc=f"{urlsplit(url).username}@{host}")
    elif spelling == "another user":
        role = request.getfixturevalue("other_user")
        other = _with(url, netloc=f"{role}@{urlsplit(url).netloc.split('@')[-1]}")
    else:
        target = _with(url, netloc=f"postgres@{host}")
        added = run_kern(env, "targets", "add", "prod", target, "--schema", pg_store.schema)
        assert added.returncode == 0, added.stderr
        _refused(_migrate(env, pg_store, "--to", "prod"), before, pg_store)
        return
    proc = _migrate(env, pg_store, "--to", other, "--to-schema", pg_store.schema)
    _refused(proc, before, pg_store)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_another_table_of_the_same_database_still_moves(
    layout: str, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "sqlite":
        store = Store("sqlite", str(tmp_path / "agent.db"))
        write(store, make_sessions(N, seed=3), layout)
        os.link(store.url, tmp_path / "link.db")
        to = ["--to", str(tmp_path / "link.db"), "--to-table", "archive"]
    else:
        store = request.getfixturevalue("pg_store")
        write(store, make_sessions(N, seed=3), layout)
        url = _with(store.url, netloc="postgres@localhost")
        to = ["--to", url, "--to-schema", store.schema, "--to-table", "archive"]
    proc = _migrate(kern_env(tmp_path), store, *to, "--layout", layout)
    assert proc.returncode == 0, proc.stderr
    assert f"deleted from the source: {N} sessions" in proc.stderr
    assert raw_state(store).expected == {}
    archive = Store(store.kind, store.url, schema=store.schema, table="archive")
    assert len(raw_state(archive).expected) == N


@pytest.mark.parametrize("layout", LAYOUTS)
def test_another_postgres_database_still_moves(
    layout: str, pg_url: str, pg_store: Store, tmp_path: Path
) -> None:
    name = f"kern_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        target = Store("postgres", _with(pg_url, path=f"/{name}"), schema=pg_store.schema)
        write(pg_store, make_sessions(N, seed=4), layout)
        want = raw_state(pg_store).expected
        proc = _migrate(
            kern_env(tmp_path), pg_store, "--to", target.url, "--to-schema", target.schema
        )
        assert proc.returncode == 0, proc.stderr
        assert raw_state(pg_store).expected == {} and raw_state(target).expected == want
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_library_refuses_too(tmp_path: Path, pg_url: str, pg_store: Store) -> None:
    src = SqliteDb(db_file=tmp_path / "a.db")
    src.upsert_sessions(make_sessions(2, seed=5))
    os.link(tmp_path / "a.db", tmp_path / "b.db")
    with pytest.raises(SameTableError, match="same session table"):
        copy_sessions(src, SqliteDb(db_file=tmp_path / "b.db"), delete_source=True)
    assert src.count_sessions() == 2
    write(pg_store, make_sessions(2, seed=6), "table")
    a = PostgresDb(pg_url, db_schema=pg_store.schema)
    b = PostgresDb(_with(pg_url, netloc="postgres@localhost"), db_schema=pg_store.schema)
    with a, b, pytest.raises(SameTableError):
        copy_sessions(a, b, delete_source=True)
    assert len(raw_state(pg_store).expected) == 2


def test_the_probe_tells_databases_apart(pg_url: str) -> None:
    """The fallback for servers that do not let the user read pg_control_system()."""
    same = _with(pg_url, netloc="postgres@localhost")
    with psycopg.connect(pg_url) as a, psycopg.connect(same) as b:
        assert advisory_probe(a, b) is True
    with psycopg.connect(pg_url) as a, psycopg.connect(_with(pg_url, path="/postgres")) as b:
        assert advisory_probe(a, b) is False


def test_sessions_a_view_already_shows_are_not_deleted(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A view over the source is not provably other storage: what it 'already had' stays."""
    if kind == "sqlite":
        store = Store("sqlite", str(tmp_path / "agent.db"))
    else:
        store = request.getfixturevalue("pg_store")
    write(store, make_sessions(N, seed=7), "column")
    with store.conn() as conn:
        conn.execute(f"CREATE VIEW {store.q('mirror')} AS SELECT * FROM {store.q(store.table)}")
    before = raw_state(store)
    src, dst = store.open(), Store(store.kind, store.url, store.schema, "mirror").open()
    with src, dst:
        if kind == "sqlite":  # a SQLite view cannot be written to: refused before any write
            with pytest.raises(KernError, match="view"):
                copy_sessions(src, dst, delete_source=True)
        else:
            report = copy_sessions(src, dst, delete_source=True)
            assert report.already_present == N and report.deleted_from_source == 0
            assert len(report.kept_present) == N
    assert raw_state(store) == before
    if kind == "postgres":
        to = ["--to", store.url, "--to-schema", store.schema, "--to-table", "mirror"]
        proc = _migrate(kern_env(tmp_path), store, *to)
        assert proc.returncode == 1 and "kept in the source" in proc.stderr
        assert raw_state(store) == before


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_child_table_of_the_source_is_refused(
    layout: str, pg_store: Store, tmp_path: Path
) -> None:
    """A parent's delete reaches its child's rows: moving into a child would empty both."""
    write(pg_store, make_sessions(N, seed=8), layout)
    with pg_store.conn() as conn:
        parent = pg_store.q(pg_store.table)
        conn.execute(f"CREATE TABLE {pg_store.q('child')} () INHERITS ({parent})")
    before = raw_state(pg_store)
    to = ["--to", pg_store.url, "--to-schema", pg_store.schema, "--to-table", "child"]
    proc = _migrate(kern_env(tmp_path), pg_store, *to)
    assert proc.returncode == 2, proc.stderr
    assert "share rows" in proc.stderr and "inherit" in proc.stderr
    assert raw_state(pg_store) == before
