"""The errors of a server target, the same on PostgreSQL and MySQL: one line (and a hint), the
same exit code, never a traceback, never a password.

Exit codes: 4 when the server cannot be reached or refuses the login (closed port, wrong
password, unknown database in the URL), 5 when the session table is not there (unknown schema,
which on MySQL is a database), 1 for a URL kern cannot read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

from kern_core import MySQLDb, PostgresDb, open_db

from tests.support.changes import db_args
from tests.support.db import server_target
from tests.support.reading import seed

Kern = Callable[..., Any]
SERVERS = ["postgres", "mysql"]
#: Read and write commands that all reach the server first.
COMMANDS = (
    ["sessions", "list"],
    ["sessions", "show", "s001"],
    ["sessions", "export"],
    ["sessions", "stats"],
    ["sessions", "usage"],
    ["db", "status"],
    ["sessions", "delete", "s001", "--yes"],
    ["sessions", "prune", "--user", "u1", "--yes"],
    ["db", "upgrade", "--yes"],
)


def _server(server: str, request: pytest.FixtureRequest) -> tuple[str, str]:
    url, schema = server_target(server, request)
    return str(url), str(schema)


def _with(url: str, **parts: Any) -> str:
    return urlunsplit(urlsplit(url)._replace(**parts))


def _one_error(result: Any, code: int, *needles: str) -> str:
    """The error text of a failed command: its exit code, one ``kern: error:`` line (and at
    most a hint line), no traceback."""
    err = str(result.stderr)
    assert result.exit_code == code, (result.exit_code, err)
    lines = err.strip().splitlines()
    assert lines[0].startswith("kern: error: ") and len(lines) <= 2, err
    assert all(line.startswith(("kern: error: ", "hint: ")) for line in lines), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.mark.parametrize("server", SERVERS)
def test_closed_port(kern: Kern, server: str, request: pytest.FixtureRequest) -> None:
    url, _ = _server(server, request)
    closed = _with(url, netloc=f"{urlsplit(url).username}@127.0.0.1:1")
    for args in COMMANDS:
        _one_error(kern(*args, "--db", closed), 4, "cannot connect to", "127.0.0.1:1")


@pytest.mark.parametrize("server", SERVERS)
def test_unknown_database_in_the_url(
    kern: Kern, server: str, request: pytest.FixtureRequest
) -> None:
    url, _ = _server(server, request)
    missing = _with(url, path="/kern_no_such_database")
    for args in COMMANDS:
        _one_error(kern(*args, "--db", missing), 4, "cannot connect to", "kern_no_such_database")


@pytest.mark.parametrize("server", SERVERS)
def test_unknown_schema_is_a_missing_table(
    kern: Kern, server: str, request: pytest.FixtureRequest
) -> None:
    """On MySQL the schema is a database: the table is missing there, as in a PostgreSQL
    schema that does not exist, and the hint names the session tables elsewhere."""
    url, schema = _server(server, request)
    db = (MySQLDb if server == "mysql" else PostgresDb)(url, db_schema=schema)
    seed(db, n=2)
    word = "database" if server == "mysql" else "schema"
    for args in COMMANDS[:5]:
        err = _one_error(
            kern(*args, "--db", url, "--schema", "kern_no_such_schema"),
            5,
            f"({word} kern_no_such_schema)",
            f"session tables in other {word}s:",
            f"{schema}.agno_sessions",
        )
        assert "pass --schema" in err


@pytest.mark.parametrize("server", SERVERS)
def test_wrong_password_is_refused_and_never_printed(
    kern: Kern, server: str, request: pytest.FixtureRequest
) -> None:
    """Odd passwords too, percent-encoded in the URL: neither form is ever printed."""
    url, _ = _server(server, request)
    parts = urlsplit(url)
    user = "kern_no_such_user" if server == "postgres" else parts.username
    for password in ("s3cret-W0rd", "p@ss:w/rd?#%", "ünï cødé", "a%41b"):
        encoded = quote(password, safe="")
        netloc = f"{user}:{encoded}@{parts.hostname}:{parts.port}"
        for args in (["sessions", "list"], ["db", "status"], ["sessions", "delete", "x", "--yes"]):
            result = kern(*args, "--db", _with(url, netloc=netloc))
            err = _one_error(result, 4, "cannot connect to", ":***@")
            for secret in {password, encoded}:
                assert secret not in err + str(result.stdout)


@pytest.mark.parametrize("server", SERVERS)
def test_a_view_instead_of_a_table(kern: Kern, server: str, request: pytest.FixtureRequest) -> None:
    """A view over a session table reads like the table; a write through it either works or
    fails in one line, on both servers alike."""
    url, schema = _server(server, request)
    cls = MySQLDb if server == "mysql" else PostgresDb
    base = cls(url, db_schema=schema, new_layout="column")
    seed(base, n=3)
    with base.dialect.open_conn(read_only=False) as conn, base.dialect.transaction(conn):
        conn.execute(
            f"CREATE VIEW {base.dialect.table('session_view')} AS "
            f"SELECT * FROM {base.dialect.table('agno_sessions')}"
        )
    args = ["--db", url, "--schema", schema, "--table", "session_view"]
    listed = kern("sessions", "list", *args, "-f", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [r["session_id"] for r in json.loads(listed.stdout)] == [
        "s002",
        "s001",
        "s000",
    ]
    assert kern("sessions", "show", "s001", *args).exit_code == 0
    status = kern("db", "status", *args)
    assert status.exit_code == 0, status.stderr
    deleted = kern("sessions", "delete", "s001", *args, "--yes")
    if deleted.exit_code != 0:
        _one_error(deleted, deleted.exit_code)
    renamed = kern("sessions", "rename", "s000", "new name", *args)
    if renamed.exit_code != 0:
        _one_error(renamed, renamed.exit_code)


MALFORMED = [
    "{scheme}://u@127.0.0.1:notaport/test",
    "{scheme}://u@[::1/test",
    "{scheme}://u@127.0.0.1:99999/test",
]


@pytest.mark.parametrize("scheme", ["postgresql", "mysql", "mariadb", "mysql+pymysql"])
@pytest.mark.parametrize("template", MALFORMED)
def test_malformed_url(kern: Kern, scheme: str, template: str) -> None:
    url = template.format(scheme=scheme)
    for args in COMMANDS:
        _one_error(kern(*args, "--db", url), 1, "malformed")


@pytest.mark.parametrize("scheme", ["mysql", "mariadb"])
def test_unknown_mysql_url_parameter_is_refused_before_connecting(kern: Kern, scheme: str) -> None:
    """A typo in a query parameter is not ignored: nothing is reached (the port is closed)."""
    url = f"{scheme}://root:hunter2@127.0.0.1:1/test?chraset=utf8mb4"
    for args in COMMANDS:
        err = _one_error(kern(*args, "--db", url), 1, "'chraset'", "hint: kern takes charset")
        assert "hunter2" not in err


def test_unknown_postgres_url_parameter_is_refused(kern: Kern, pg_url: str) -> None:
    err = _one_error(kern("sessions", "list", "--db", pg_url + "?chraset=x"), 4, "chraset")
    assert "Traceback" not in err


@pytest.mark.parametrize("scheme", ["mysql", "mariadb", "mysql+pymysql"])
def test_open_db_takes_mysql_urls(scheme: str, mysql_url: str, mysql_schema: str) -> None:
    url = mysql_url.replace("mysql://", f"{scheme}://", 1)
    db = open_db(url, db_schema=mysql_schema)
    assert isinstance(db, MySQLDb) and db.dialect.schema == mysql_schema
    seed(db, n=2)
    again = open_db(url, db_schema=mysql_schema)
    assert again.count_sessions() == 2
    again.close()


@pytest.mark.parametrize("server", SERVERS)
def test_targets_with_a_schema(kern: Kern, server: str, request: pytest.FixtureRequest) -> None:
    """A target in the TOML config with a server URL and a schema (MySQL: database) is used
    by every command, and its password is masked when listed."""
    url, schema = _server(server, request)
    db = (MySQLDb if server == "mysql" else PostgresDb)(url, db_schema=schema)
    seed(db, n=3)
    added = kern("targets", "add", "srv", url, "--schema", schema)
    assert added.exit_code == 0, added.stderr
    listed = kern("sessions", "list", "--target", "srv", "-f", "json")
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 3
    assert kern("targets", "use", "srv").exit_code == 0
    count = kern("sessions", "stats", "-f", "json")
    assert count.exit_code == 0, count.stderr
    parts = urlsplit(url)
    secret = _with(url, netloc=f"{parts.username}:t0p%40secret@{parts.hostname}:{parts.port}")
    assert kern("targets", "add", "pw", secret, "--schema", schema).exit_code == 0
    shown = kern("targets", "list", "-f", "json")
    assert shown.exit_code == 0 and "t0p" not in shown.stdout and schema in shown.stdout
    assert db_args(db)[1] == url
