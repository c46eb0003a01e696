"""A server URL without a host means what its driver says: ``postgresql:///db`` is libpq's
default (the Unix socket, or PGHOST/PGPORT; ``?host=`` names a socket directory or a host),
``mysql:///db`` is PyMySQL's (localhost, port 3306). kern takes them as the drivers do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from kern_core import parse_location


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("postgresql:///db", "postgresql"),
        ("postgresql:///db?host=/var/run/postgresql", "postgresql"),
        ("postgres://%2Fvar%2Frun%2Fpostgresql/db", "postgresql"),
        ("postgresql://me@/db", "postgresql"),
        ("mysql:///db", "mysql"),
        ("mariadb://me@/db?unix_socket=/run/mysqld/mysqld.sock", "mysql"),
    ],
)
def test_a_url_without_a_host_is_accepted(kern: Callable[..., Any], url: str, kind: str) -> None:
    assert parse_location(url).kind == kind
    added = kern("targets", "add", "t", url)
    assert added.exit_code == 0, added.stderr


def test_postgresql_without_a_host_connects_where_libpq_says(
    kern_process: Callable[..., Any], pg_url: str, pg_schema: str
) -> None:
    """Through ``?host=&port=`` and through PGHOST/PGPORT/PGUSER, as libpq does."""
    parts = urlsplit(pg_url)
    db = parts.path.lstrip("/")
    query = f"postgresql:///{db}?host={parts.hostname}&port={parts.port or 5432}"
    query += f"&user={parts.username}" if parts.username else ""
    demo = kern_process("demo", "--db", query, "--schema", pg_schema, "--sessions", "3")
    assert demo.returncode == 0, demo.stderr
    env = {"PGHOST": str(parts.hostname), "PGPORT": str(parts.port or 5432)}
    if parts.username:
        env["PGUSER"] = parts.username
    listed = kern_process(
        "sessions", "list", "--db", f"postgresql:///{db}", "--schema", pg_schema, env=env
    )
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 3


def test_mysql_without_a_host_is_localhost_3306(
    kern_process: Callable[..., Any], mysql_url: str, mysql_schema: str
) -> None:
    parts = urlsplit(mysql_url)
    if parts.hostname not in ("localhost", "127.0.0.1") or (parts.port or 3306) != 3306:
        pytest.skip("the test server is not on localhost:3306")
    user = f"{parts.username}@" if parts.username else ""
    url = f"mysql://{user}/{parts.path.lstrip('/')}"
    demo = kern_process("demo", "--db", url, "--schema", mysql_schema, "--sessions", "3")
    assert demo.returncode == 0, demo.stderr
    listed = kern_process("sessions", "list", "--db", url, "--schema", mysql_schema)
    assert len(listed.stdout.splitlines()) == 3
