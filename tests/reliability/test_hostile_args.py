"""Hostile command lines: injected table and schema names, malformed URLs, unknown databases and
roles, unreachable and silent servers, a file that is not a database, a locked database, and a
target that cannot be written. Each gives one clear line and an exit code, never a hang, and
leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.procs import assert_no_traceback, kern_env, run_kern
from tests.support.stores import Store, drop_store, make_sessions, new_store, write

INJECTIONS = (
    "agno_sessions; DROP TABLE agno_sessions; --",
    'agno_sessions" ; DELETE FROM "agno_sessions',
    "agno_sessions' OR '1'='1",
    "a b",
    "ai.agno_sessions",
    "x" * 64,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return kern_env(tmp_path, KERN_BUSY_TIMEOUT="1", KERN_CONNECT_TIMEOUT="2")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Path:
    store = Store("sqlite", str(tmp_path / "agent.db"))
    write(store, make_sessions(20, seed=5), "table")
    return Path(store.url)


def _error(proc: subprocess.CompletedProcess[str], codes: tuple[int, ...], text: str) -> None:
    assert_no_traceback(proc)
    assert proc.returncode in codes, (proc.returncode, proc.stderr)
    assert text in proc.stderr.lower(), proc.stderr


COMMANDS = (
    ["sessions", "list"],
    ["sessions", "export"],
    ["sessions", "show", "c00001"],
    ["sessions", "stats"],
    ["sessions", "usage"],
    ["db", "status"],
    ["sessions", "prune", "--user", "u1", "--yes"],
    ["sessions", "delete", "c00001", "--yes"],
    ["db", "upgrade", "--yes"],
)


@pytest.mark.parametrize("name", INJECTIONS)
def test_injected_table_names_are_refused_on_sqlite(
    name: str, sqlite_db: Path, env: dict[str, str]
) -> None:
    before = digest(sqlite_db)
    for args in COMMANDS:
        proc = run_kern(env, *args, "--db", str(sqlite_db), "--table", name, timeout=30)
        _error(proc, (1, 2), "invalid table name")
    assert digest(sqlite_db) == before


def _pg_objects(url: str, mine: str) -> set[tuple[str, str]]:
    """Every relation outside the system schemas, except other tests' scratch schemas (the
    server is shared with tests running in parallel)."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
            " AND n.nspname NOT LIKE 'pg_toast%'"
        ).fetchall()
    scratch = ("kt_", "kr_", "kh_", "kp_")
    return {(r[0], r[1]) for r in rows if r[0] == mine or not r[0].startswith(scratch)}


@pytest.mark.parametrize("name", INJECTIONS[:4])
def test_injected_names_are_refused_on_postgres(
    name: str, pg_url: str, pg_schema: str, env: dict[str, str]
) -> None:
    store = Store("postgres", pg_url, schema=pg_schema)
    write(store, make_sessions(10, seed=6), "table")
    before = _pg_objects(pg_url, pg_schema)
    for args in COMMANDS:
        proc = run_kern(env, *args, "--db", pg_url, "--schema", pg_schema, "--table", name)
        _error(proc, (1, 2), "invalid table name")
        proc = run_kern(env, *args, "--db", pg_url, "--schema", name)
        _error(proc, (1, 2), "invalid schema name")
    proc = run_kern(
        env,
        "sessions",
        "migrate",
        "--db",
        pg_url,
        "--schema",
        pg_schema,
        "--to",
        pg_url,
        "--to-schema",
        name,
        "--yes",
    )
    _error(proc, (1, 2), "invalid schema name")
    assert _pg_objects(pg_url, pg_schema) == before


def _mysql_objects(store: Store, name: str) -> tuple[Any, ...]:
    """Whether databases named ``name`` or ``ai`` (kern's default) exist, and the tables and
    row checksums of the store's (the server is shared, so only these)."""
    with store.conn() as conn:
        names = {r[0] for r in conn.execute("SHOW DATABASES").fetchall()}
        tables = [r[0] for r in conn.execute(f"SHOW TABLES FROM `{store.schema}`").fetchall()]
        sums = conn.execute(f"CHECKSUM TABLE {', '.join(store.q(t) for t in tables)}").fetchall()
    return names & {name, "ai"}, sums


#: The injections that matter to PostgreSQL, and a backtick, which quotes names on MySQL.
MYSQL_INJECTIONS = (*INJECTIONS[:4], "agno_sessions`; DROP TABLE `agno_sessions")


@pytest.mark.parametrize("name", MYSQL_INJECTIONS)
def test_injected_names_are_refused_on_mysql(
    name: str, mysql_url: str, tmp_path: Path, env: dict[str, str]
) -> None:
    store = new_store("mysql", tmp_path, mysql_url, "inject")
    try:
        write(store, make_sessions(10, seed=6), "table")
        before = _mysql_objects(store, name)
        url = mysql_url
        for args in COMMANDS:
            proc = run_kern(env, *args, "--db", url, "--schema", store.schema, "--table", name)
            _error(proc, (1, 2), "invalid table name")
            proc = run_kern(env, *args, "--db", url, "--schema", name)
            _error(proc, (1, 2), "invalid schema name")
        to = ["--to", url, "--to-schema", name, "--yes"]
        proc = run_kern(env, "sessions", "migrate", "--db", url, "--schema", store.schema, *to)
        _error(proc, (1, 2), "invalid schema name")
        assert _mysql_objects(store, name) == before
    finally:
        drop_store(store)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1:notaport/test",
        "postgresql://postgres@[::1/test",
        "mysql://root@127.0.0.1:notaport/test",
        "oracle://root@127.0.0.1/test",
        "mariadb://root@[::1/test",
        "mysql://root@127.0.0.1:99999/test",
        "mysql://root@127.0.0.1/test?bogus=1",
        "sqlite://relative.db",
        "sqlite:///:memory:",
        "postgresql://postgres@127.0.0.1:99999/test",
    ],
)
def test_malformed_urls(url: str, env: dict[str, str]) -> None:
    for args in (
        ["sessions", "list"],
        ["db", "status"],
        ["sessions", "prune", "--user", "x", "--yes"],
    ):
        proc = run_kern(env, *args, "--db", url, timeout=30)
        assert_no_traceback(proc)
        assert proc.returncode in (1, 2, 4), proc.stderr
        assert proc.stderr.startswith("kern: error:") or "Error" in proc.stderr, proc.stderr


def test_unknown_database_and_role(pg_url: str, env: dict[str, str]) -> None:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(pg_url)
    for url in (
        urlunsplit(parts._replace(path="/kern_no_such_database")),
        urlunsplit(
            parts._replace(netloc=f"kern_no_such_role@{parts.hostname}:{parts.port or 5432}")
        ),
    ):
        proc = run_kern(env, "sessions", "list", "--db", url, timeout=30)
        _error(proc, (4,), "cannot connect")


def test_closed_port_fails_fast(env: dict[str, str]) -> None:
    started = time.monotonic()
    proc = run_kern(
        env, "sessions", "list", "--db", "postgresql://postgres@127.0.0.1:1/test", timeout=30
    )
    _error(proc, (4,), "cannot connect")
    assert time.monotonic() - started < 10


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that completes the TCP handshake and then never says a word."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield sock.getsockname()[1]
    sock.close()


def test_silent_server_times_out_instead_of_hanging(
    silent_server: int, env: dict[str, str]
) -> None:
    started = time.monotonic()
    url = f"postgresql://postgres@127.0.0.1:{silent_server}/test"
    proc = run_kern(env, "sessions", "list", "--db", url, timeout=60)
    elapsed = time.monotonic() - started
    _error(proc, (4,), "cannot connect")
    assert elapsed < 15, f"took {elapsed:.1f}s with KERN_CONNECT_TIMEOUT=2"


def test_file_that_is_not_a_database(tmp_path: Path, env: dict[str, str]) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my notes, not a database\n" * 200)
    before = digest(bogus)
    for args in (
        ["sessions", "list"],
        ["db", "status"],
        ["sessions", "export"],
        ["sessions", "prune", "--user", "u", "--yes"],
        ["db", "upgrade", "--yes"],
    ):
        proc = run_kern(env, *args, "--db", str(bogus), timeout=30)
        _error(proc, (1, 4, 5), "not")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("")
    proc = run_kern(env, "sessions", "import", str(jsonl), "--db", str(bogus), "--yes")
    assert_no_traceback(proc)
    assert digest(bogus) == before


HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


def test_locked_database_waits_then_fails_clearly(sqlite_db: Path, env: dict[str, str]) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(sqlite_db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        for args in (
            ["sessions", "list"],
            ["sessions", "export"],
            ["sessions", "prune", "--user", "u1", "--yes"],
            ["sessions", "delete", "c00001", "--yes"],
        ):
            started = time.monotonic()
            proc = run_kern(env, *args, "--db", str(sqlite_db), timeout=30)
            assert time.monotonic() - started < 10
            _error(proc, (1, 4), "locked")
    finally:
        holder.kill()
        holder.wait()
    proc = run_kern(env, "sessions", "list", "--db", str(sqlite_db), "--all", "-f", "jsonl")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 20


def test_write_to_a_missing_directory(tmp_path: Path, sqlite_db: Path, env: dict[str, str]) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(run_kern(env, "sessions", "export", "--db", str(sqlite_db)).stdout)
    target = tmp_path / "no" / "such" / "dir" / "x.db"
    proc = run_kern(env, "sessions", "import", str(dump), "--db", str(target), "--yes")
    _error(proc, (1, 4), "does not exist")
    proc = run_kern(
        env, "sessions", "migrate", "--db", str(sqlite_db), "--to", str(target), "--yes"
    )
    _error(proc, (1, 4), "does not exist")
    proc = run_kern(env, "db", "backup", str(target), "--db", str(sqlite_db))
    _error(proc, (1, 2, 4), "does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_write_to_a_read_only_file(tmp_path: Path, sqlite_db: Path, env: dict[str, str]) -> None:
    before = digest(sqlite_db)
    sqlite_db.chmod(0o444)
    sqlite_db.parent.chmod(0o555)
    try:
        proc = run_kern(env, "sessions", "prune", "--db", str(sqlite_db), "--user", "u1", "--yes")
        _error(proc, (1, 4), "read")
        proc = run_kern(env, "db", "upgrade", "--db", str(sqlite_db), "--yes")
        assert_no_traceback(proc)
    finally:
        sqlite_db.parent.chmod(0o755)
        sqlite_db.chmod(0o644)
    assert digest(sqlite_db) == before


#: Command lines holding an argument that is not valid UTF-8 (the byte 0xff; Python reads it
#: as the lone surrogate U+DCFF), with the argument as kern names it in the error.
UNDECODABLE = (
    (["sessions", "list", "--user", "al\udcffce"], "al\\xffce"),
    (["sessions", "show", "c0\udcff"], "c0\\xff"),
    (["sessions", "search", "\udcff\udcfe"], "\\xff\\xfe"),
    (["sessions", "delete", "c00001\udcff", "--yes"], "c00001\\xff"),
)


@pytest.mark.parametrize(("args", "shown"), UNDECODABLE, ids=lambda a: str(a[:2]))
def test_argument_that_is_not_utf8_is_a_usage_error(
    args: list[str], shown: str, sqlite_db: Path, env: dict[str, str]
) -> None:
    """Bytes that are not UTF-8 cannot name stored text: a usage error naming the argument
    as its bytes (exit 2), the database untouched."""
    before = digest(sqlite_db)
    proc = run_kern(env, *args, "--db", str(sqlite_db))
    assert_no_traceback(proc)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert f"argument '{shown}' is not valid UTF-8" in lines[0], proc.stderr
    assert digest(sqlite_db) == before


def test_rename_to_a_name_that_is_not_utf8_changes_nothing(
    sqlite_db: Path, env: dict[str, str]
) -> None:
    before = digest(sqlite_db)
    proc = run_kern(env, "sessions", "rename", "c00001", "n\udcff", "--db", str(sqlite_db))
    assert_no_traceback(proc)
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "holds a lone UTF-16 surrogate (bytes that are not UTF-8)" in proc.stderr
    assert "nothing was changed" in proc.stderr
    assert digest(sqlite_db) == before
