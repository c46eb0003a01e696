"""Shared fixtures: a real SQLite file, a real PostgreSQL schema and a real MySQL database
per test, and the agno-written fixture databases (SQLite files copied to a tmp dir, pg_dump
and mysqldump files restored).

PostgreSQL comes from KERN_TEST_PG_URL (default: the local server's ``test`` database), MySQL
or MariaDB from KERN_TEST_MYSQL_URL (default: root on the local server). When a server is
unreachable its tests skip, except in CI (CI=true) or with KERN_REQUIRE_PG=1 /
KERN_REQUIRE_MYSQL=1, where they fail: CI must never pass without them.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from kern_core import MySQLDb, PostgresDb, SessionDb, SqliteDb

FIXTURES = Path(__file__).resolve().parents[1] / "agno_fixtures"
PG_URL = os.environ.get("KERN_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
MYSQL_URL = os.environ.get("KERN_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
REQUIRE_PG = IN_CI or os.environ.get("KERN_REQUIRE_PG") == "1"
REQUIRE_MYSQL = IN_CI or os.environ.get("KERN_REQUIRE_MYSQL") == "1"

_pg_state: dict[str, Any] = {}
_mysql_state: dict[str, Any] = {}


def pytest_report_header(config: pytest.Config) -> list[str]:
    from kern_core.url import mask_url

    return [
        f"kern: PostgreSQL tests use {mask_url(PG_URL)} (required: {REQUIRE_PG})",
        f"kern: MySQL tests use {mask_url(MYSQL_URL)} (required: {REQUIRE_MYSQL})",
    ]


def _pg_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    if "error" not in _pg_state:
        import psycopg

        try:
            with psycopg.connect(PG_URL, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _pg_state["error"] = None
        except psycopg.Error as exc:
            _pg_state["error"] = str(exc).splitlines()[0]
    return _pg_state["error"]


@pytest.fixture(scope="session")
def pg_url() -> str:
    error = _pg_available()
    if error:
        message = f"PostgreSQL not reachable at KERN_TEST_PG_URL ({error})"
        if REQUIRE_PG:
            pytest.fail(message + "; PostgreSQL tests are required here", pytrace=False)
        pytest.skip(message)
    return PG_URL


def _admin_execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[str]:
    """A fresh, empty schema name in the test database, dropped afterwards."""
    name = f"kt_{uuid.uuid4().hex[:12]}"
    yield name
    _admin_execute(pg_url, f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def mysql_connect(url: str = MYSQL_URL, database: str | None = None) -> Any:
    """A PyMySQL connection (autocommit) to the test server, for fixtures and checks."""
    import pymysql

    from kern_core.dialect.mysql import _connect_options

    options = _connect_options(parse_location_conninfo(url))
    if database is not None:
        options["database"] = database
    return pymysql.connect(**options, autocommit=True, connect_timeout=3)


def parse_location_conninfo(url: str) -> str:
    from kern_core.url import parse_location

    return str(parse_location(url).conninfo)


def _mysql_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    if "error" not in _mysql_state:
        import pymysql

        try:
            mysql_connect().close()
            _mysql_state["error"] = None
        except pymysql.err.Error as exc:
            _mysql_state["error"] = str(exc).splitlines()[0]
    return _mysql_state["error"]


@pytest.fixture(scope="session")
def mysql_url() -> str:
    error = _mysql_available()
    if error:
        message = f"MySQL not reachable at KERN_TEST_MYSQL_URL ({error})"
        if REQUIRE_MYSQL:
            pytest.fail(message + "; MySQL tests are required here", pytrace=False)
        pytest.skip(message)
    return MYSQL_URL


def mysql_execute(sql: str, url: str = MYSQL_URL) -> None:
    conn = mysql_connect(url)
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


@pytest.fixture
def mysql_schema(mysql_url: str) -> Iterator[str]:
    """A fresh, not yet created database name on the MySQL server, dropped afterwards."""
    name = f"kt_{uuid.uuid4().hex[:12]}"
    yield name
    mysql_execute(f"DROP DATABASE IF EXISTS `{name}`", mysql_url)


def agno_python() -> str | None:
    """An interpreter with agno 3.x: KERN_AGNO_PYTHON, the venv .ci/run makes, or this one."""
    import subprocess
    import sys

    repo_venv = Path(__file__).resolve().parents[2] / ".ci" / "agno-venv" / "bin" / "python"
    for candidate in (os.environ.get("KERN_AGNO_PYTHON"), str(repo_venv)):
        if candidate and Path(candidate).exists():
            return candidate
    probe = subprocess.run([sys.executable, "-c", "import agno.db.sqlite"], capture_output=True)
    return sys.executable if probe.returncode == 0 else None


@pytest.fixture(scope="session")
def agno_py() -> str:
    """The agno interpreter; skips without one, but fails where KERN_REQUIRE_AGNO=1 (CI)."""
    python = agno_python()
    if python is None:
        reason = "no interpreter with agno 3.x (set KERN_AGNO_PYTHON)"
        if os.environ.get("KERN_REQUIRE_AGNO") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return python


DbFactory = Callable[..., SessionDb]


#: The backends every storage test runs on.
KINDS = ("sqlite", "postgres", "mysql")
#: The fixtures giving each server backend's URL and a fresh schema (MySQL: database).
SERVER_FIXTURES = {"postgres": ("pg_url", "pg_schema"), "mysql": ("mysql_url", "mysql_schema")}


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def server_target(kind: str, request: pytest.FixtureRequest) -> tuple[str | None, str | None]:
    """(url, fresh schema) of a server backend; (None, None) for SQLite."""
    if kind not in SERVER_FIXTURES:
        return None, None
    url_fixture, schema_fixture = SERVER_FIXTURES[kind]
    return (
        str(request.getfixturevalue(url_fixture)),
        str(request.getfixturevalue(schema_fixture)),
    )


def server_db(
    kind: str, url: str, schema: str, table: str = "agno_sessions", **options: Any
) -> SessionDb:
    """The db object of a server backend's schema."""
    cls = MySQLDb if kind == "mysql" else PostgresDb
    return cls(url, session_table=table, db_schema=schema, **options)


@pytest.fixture
def make_db(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[DbFactory]:
    """Build db objects on the parametrised backend: ``make_db(layout="table", table=...)``."""
    opened: list[SessionDb] = []
    url, schema = server_target(kind, request)

    def factory(
        layout: str = "column", table: str = "agno_sessions", name: str = "kern"
    ) -> SessionDb:
        db: SessionDb
        if kind == "sqlite":
            db = SqliteDb(db_file=tmp_path / f"{name}.db", session_table=table, new_layout=layout)
        else:
            db = server_db(kind, str(url), str(schema), table, new_layout=layout)
        opened.append(db)
        return db

    yield factory
    for db in opened:
        db.close()


@pytest.fixture
def backend_db(
    tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., SessionDb]]:
    """Db objects on a backend named per call, for tests between backends (migrate, copy):
    ``backend_db("mysql", layout="table", place=1)``. ``place`` picks another SQLite file or
    another schema (MySQL: database) on the same server, dropped afterwards."""
    opened: list[SessionDb] = []
    extra: list[tuple[str, str, str]] = []

    def factory(
        kind: str, layout: str = "column", table: str = "agno_sessions", place: int = 0
    ) -> SessionDb:
        db: SessionDb
        if kind == "sqlite":
            path = tmp_path / (f"kern{place}.db" if place else "kern.db")
            db = SqliteDb(db_file=path, session_table=table, new_layout=layout)
        else:
            url, schema = server_target(kind, request)
            if place:
                schema = f"{schema}_{place}"
                extra.append((kind, str(url), schema))
            db = server_db(kind, str(url), str(schema), table, new_layout=layout)
        opened.append(db)
        return db

    yield factory
    for db in opened:
        db.close()
    for kind, url, schema in extra:
        if kind == "mysql":
            mysql_execute(f"DROP DATABASE IF EXISTS `{schema}`", url)
        else:
            _admin_execute(url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def db_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str]:
    """(url, schema) for CLI tests on the parametrised backend."""
    if kind == "sqlite":
        return str(tmp_path / "kern.db"), "ai"
    url, schema = server_target(kind, request)
    return str(url), str(schema)


# -- agno-written fixtures -------------------------------------------------------------------


def expected(backends: tuple[str, ...] = KINDS) -> dict[str, Any]:
    """EXPECTED.json's variants stored on ``backends`` (all three unless narrowed)."""
    variants: dict[str, Any] = json.loads((FIXTURES / "EXPECTED.json").read_text())["variants"]
    return {name: info for name, info in variants.items() if info["backend"] in backends}


def restore_dump(url: str, dump: Path) -> str:
    """Restore a pg_dump file into a new database; returns its URL."""
    import psycopg

    name = f"kern_fx_{dump.stem}_{uuid.uuid4().hex[:8]}"
    _admin_execute(url, f'CREATE DATABASE "{name}"')
    target = database_url(url, name)
    script = "\n".join(line for line in dump.read_text().splitlines() if not line.startswith("\\"))
    with psycopg.connect(target, autocommit=True) as conn:
        conn.execute(script.encode())
    return target


@pytest.fixture(scope="session")
def agno_pg_dbs(pg_url: str) -> Iterator[dict[str, str]]:
    """Each agno pg_dump restored once per test session: dump file name -> conninfo."""
    dumps = sorted(FIXTURES.glob("*_postgres.sql"))
    urls = {dump.name: restore_dump(pg_url, dump) for dump in dumps}
    yield urls
    for target in urls.values():
        dbname = urlsplit(target).path.lstrip("/")
        _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def database_url(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    return urlunsplit(urlsplit(url)._replace(path="/" + dbname))


def load_dump(url: str, dump: Path) -> str:
    """Load a mysqldump file into a new database on the MySQL server; returns its name."""
    from tests.support.mysql_dump import load_mysql_dump

    name = f"kfx_{dump.stem}_{uuid.uuid4().hex[:8]}"
    mysql_execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4", url)
    conn = mysql_connect(url, database=name)
    try:
        load_mysql_dump(conn, dump)
    finally:
        conn.close()
    return name


@pytest.fixture(scope="session")
def agno_mysql_dbs(mysql_url: str) -> Iterator[dict[str, str]]:
    """Each agno mysqldump loaded once per test session: dump file name -> database."""
    dumps = sorted(FIXTURES.glob("*_mysql*.sql"))
    names = {dump.name: load_dump(mysql_url, dump) for dump in dumps}
    yield names
    for name in names.values():
        mysql_execute(f"DROP DATABASE IF EXISTS `{name}`", mysql_url)


def variant_location(variant: str, request: pytest.FixtureRequest) -> tuple[str, str, str]:
    """(url, schema, table) of a server variant: ``dump.sql:schema.table`` on PostgreSQL,
    ``dump.sql:table`` on MySQL (the schema is the database the dump was loaded into)."""
    dump, qualified = variant.split(":", 1)
    if "mysql" in dump:
        database = request.getfixturevalue("agno_mysql_dbs")[dump]
        return MYSQL_URL, str(database), qualified
    schema, table = qualified.split(".", 1)
    return str(request.getfixturevalue("agno_pg_dbs")[dump]), schema, table


def open_variant(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest, private: bool = False
) -> SessionDb:
    """Open one EXPECTED.json variant: SQLite files are copied first so tests may write;
    ``private`` loads a MySQL dump into a database of the test's own (dropped afterwards)
    instead of the shared one, for tests that write."""
    info = expected()[variant]
    if ":" not in variant:
        copy = tmp_path / variant
        shutil.copy(FIXTURES / variant, copy)
        return SqliteDb(db_file=copy, session_table=info["session_table"])
    if private and info["backend"] == "mysql":
        dump, table = variant.split(":", 1)
        url = str(request.getfixturevalue("mysql_url"))
        database = load_dump(url, FIXTURES / dump)
        request.addfinalizer(lambda: mysql_execute(f"DROP DATABASE IF EXISTS `{database}`", url))
        return MySQLDb(url, session_table=table, db_schema=database)
    url, schema, table = variant_location(variant, request)
    return server_db(info["backend"], url, schema, table)


def variant_args(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    """``--db/--table[/--schema]`` for one variant (SQLite files copied first)."""
    info = expected()[variant]
    if ":" not in variant:
        copy = tmp_path / variant
        shutil.copy(FIXTURES / variant, copy)
        return ["--db", str(copy), "--table", info["session_table"]]
    url, schema, table = variant_location(variant, request)
    return ["--db", url, "--table", table, "--schema", schema]


VARIANTS = sorted(expected())
