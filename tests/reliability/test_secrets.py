"""A password in a database URL never appears in output, errors, reports, logs or
``targets list``, on PostgreSQL and MySQL; the config file is created 0600 and a group-readable
one draws a warning."""

from __future__ import annotations

import json
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.support.locks import mysql_conn
from tests.support.procs import assert_no_traceback, kern_env, run_kern
from tests.support.stores import Store, drop_store, make_sessions, new_store, write

SECRET = "s3cr3t-Pa55"


def with_password(
    url: str, password: str = SECRET, port: int | None = None, db: str | None = None
) -> str:
    parts = urlsplit(url)
    host = (
        f"{parts.username or 'postgres'}:{password}@{parts.hostname}:{port or parts.port or 5432}"
    )
    return urlunsplit(parts._replace(netloc=host, path=f"/{db}" if db else parts.path))


def no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text, text[-2000:]


def test_password_never_printed(pg_url: str, pg_schema: str, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_CONNECT_TIMEOUT="2")
    url = with_password(pg_url)
    write(Store("postgres", pg_url, schema=pg_schema), make_sessions(5, seed=8), "table")
    sqlite = tmp_path / "local.db"
    write(Store("sqlite", str(sqlite)), make_sessions(5, seed=9, prefix="l"), "table")
    runs = [
        ["targets", "add", "prod", url, "--schema", pg_schema],
        *(["targets", "list", "-f", fmt] for fmt in ("table", "tsv", "csv", "json", "jsonl")),
        ["db", "status", "--target", "prod", "-f", "json"],
        ["db", "status", "--db", url, "--schema", pg_schema, "-f", "table"],
        ["sessions", "list", "--target", "prod", "-f", "json"],
        ["sessions", "list", "--db", with_password(pg_url, db="kern_no_such_db")],
        ["sessions", "list", "--db", with_password(pg_url, port=1)],
        ["sessions", "list", "--db", url.replace(":5432", ":notaport")],
        ["sessions", "list", "--db", url, "--schema", "bad name"],
        ["db", "backup", str(tmp_path / "b.dump"), "--target", "prod"],
        ["db", "upgrade", "--target", "prod", "--dry-run"],
        ["sessions", "prune", "--target", "prod", "--user", "nobody", "--dry-run"],
        [
            "sessions",
            "migrate",
            "--db",
            str(sqlite),
            "--to",
            url,
            "--to-schema",
            pg_schema,
            "--dry-run",
        ],
        ["sessions", "migrate", "--db", str(sqlite), "--to", "prod", "--yes", "-f", "json"],
        ["sessions", "migrate", "--db", str(sqlite), "--to", "prod", "--yes"],
        ["sessions", "migrate", "--target", "prod", "--to", str(tmp_path / "copy.db"), "--yes"],
    ]
    for args in runs:
        proc = run_kern(env, *args, timeout=60)
        assert_no_traceback(proc)
        no_secret(proc.stdout, proc.stderr)
    for path in (tmp_path / "data").rglob("*") if (tmp_path / "data").exists() else []:
        if path.is_file():
            no_secret(path.read_text(errors="replace"))


def test_config_file_is_private_and_exposure_warns(tmp_path: Path) -> None:
    env = kern_env(tmp_path)
    config = Path(env["KERN_CONFIG"])
    proc = run_kern(env, "targets", "add", "p", f"postgresql://u:{SECRET}@127.0.0.1/db")
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    no_secret(proc.stdout, proc.stderr)
    proc = run_kern(env, "targets", "list")
    assert "warning" not in proc.stderr
    for mode in (0o640, 0o604):
        config.chmod(mode)
        proc = run_kern(env, "targets", "list")
        assert proc.returncode == 0
        assert "readable by other users" in proc.stderr, proc.stderr
        no_secret(proc.stdout, proc.stderr)
    proc = run_kern(env, "targets", "add", "q", "/tmp/x.db")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600, "a rewrite must not keep a wider mode"


@pytest.mark.parametrize("debug", [False])
def test_errors_without_debug_carry_no_password(debug: bool, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_CONNECT_TIMEOUT="2")
    for url in (
        f"postgresql://u:{SECRET}@127.0.0.1:1/db",
        f"postgresql://u:{SECRET}@127.0.0.1:99999/db",
        f"postgres://u:{SECRET}@/db?host=/nonexistent",
        f"postgresql://u@127.0.0.1:1/db?password={SECRET}",
    ):
        proc = run_kern(env, "sessions", "list", "--db", url, timeout=30)
        assert_no_traceback(proc)
        assert proc.returncode in (1, 2, 4)
        no_secret(proc.stdout, proc.stderr)


ODD_PASSWORDS = ["p@ss-W0rd@x", "pa/ss-W0rd/y", "pa ss W0rd", "pa%zzW0rd%", "p#a?ss:W0rd&"]


def password_forms(password: str) -> set[str]:
    from urllib.parse import quote, unquote

    return {password, unquote(password), quote(password, safe=""), quote(password)} - {""}


def odd_url(base: str, password: str, port: int | None = None, db: str | None = None) -> str:
    """A URL with the password typed raw, as a user pastes it."""
    parts = urlsplit(base)
    user = parts.username or "postgres"
    host = f"{user}:{password}@{parts.hostname}:{port or parts.port or 5432}"
    return f"postgresql://{host}/{db or parts.path.lstrip('/')}"


def keyword_conninfo(
    base: str, password: str, port: int | None = None, db: str | None = None
) -> str:
    parts = urlsplit(base)
    value = password.replace("\\", "\\\\").replace("'", "\\'")
    return (
        f"host={parts.hostname} port={port or parts.port or 5432} "
        f"user={parts.username or 'postgres'} password='{value}' "
        f"dbname={db or parts.path.lstrip('/')}"
    )


def assert_hidden(password: str, *texts: str) -> None:
    for text in texts:
        for form in password_forms(password):
            assert form not in text, (form, text[-2000:])


@pytest.mark.parametrize("password", ODD_PASSWORDS)
@pytest.mark.parametrize("spelling", ["url", "keywords"])
def test_odd_passwords_are_masked_in_targets_and_errors(
    password: str, spelling: str, pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    env = kern_env(tmp_path, KERN_CONNECT_TIMEOUT="2")
    make = odd_url if spelling == "url" else keyword_conninfo
    write(Store("postgres", pg_url, schema=pg_schema), make_sessions(2, seed=3), "column")
    good = make(pg_url, password)
    proc = run_kern(env, "targets", "add", "odd", good, "--schema", pg_schema)
    assert proc.returncode == 0, proc.stderr
    assert_hidden(password, proc.stdout, proc.stderr)
    for fmt in ("table", "tsv", "csv", "json", "jsonl"):
        proc = run_kern(env, "targets", "list", "-f", fmt)
        assert proc.returncode == 0, proc.stderr
        assert "***" in proc.stdout
        assert_hidden(password, proc.stdout, proc.stderr)
    proc = run_kern(env, "sessions", "list", "--target", "odd", "-f", "json")
    assert proc.returncode == 0, proc.stderr
    assert len(__import__("json").loads(proc.stdout)) == 2
    for bad in (make(pg_url, password, port=1), make(pg_url, password, db="kern_no_such_db")):
        for args in (["sessions", "list", "--db", bad], ["db", "status", "--db", bad]):
            proc = run_kern(env, *args, timeout=60)
            assert_no_traceback(proc)
            assert proc.returncode == 4, proc.stderr
            assert "cannot connect" in proc.stderr
            assert_hidden(password, proc.stdout, proc.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config"], "no file named after it"


def test_keyword_conninfo_is_postgresql_not_a_sqlite_file(
    pg_url: str, pg_schema: str, tmp_path: Path
) -> None:
    from kern_core import open_db

    write(Store("postgres", pg_url, schema=pg_schema), make_sessions(3, seed=4), "table")
    db = open_db(keyword_conninfo(pg_url, "x y"), db_schema=pg_schema)
    assert db.dialect.kind == "postgresql"
    assert len(db.list_sessions(limit=10).rows) == 3
    env = kern_env(tmp_path)
    proc = run_kern(env, "sessions", "list", "--db", "host=h port=5432 bogus=1", timeout=30)
    assert proc.returncode == 2 or proc.returncode == 1, proc.stderr
    assert "connection string" in proc.stderr
    assert_no_traceback(proc)


@pytest.mark.parametrize(
    ("url", "conninfo"),
    [
        ("postgresql://u:p@ss@h:5432/db", "postgresql://u:p%40ss@h:5432/db"),
        ("postgresql://u:pa/ss@h/db", "postgresql://u:pa%2Fss@h/db"),
        ("postgresql://u:pa ss@h/db", "postgresql://u:pa%20ss@h/db"),
        ("postgresql://u:p%zz@h/db", "postgresql://u:p%25zz@h/db"),
        ("postgresql://u:p%40ss@h/db", "postgresql://u:p%40ss@h/db"),
        ("postgres://alice@corp:pw@h/db", "postgresql://alice%40corp:pw@h/db"),
        ("postgresql://h:5432/db?user=alice@corp", "postgresql://h:5432/db?user=alice@corp"),
        ("postgresql:///db?host=/tmp", "postgresql:///db?host=/tmp"),
        ("postgresql://u:pw@[::1]:5432/db", "postgresql://u:pw@[::1]:5432/db"),
    ],
)
def test_userinfo_ends_at_the_right_most_at_before_the_host(url: str, conninfo: str) -> None:
    from kern_core import mask_url, parse_location

    location = parse_location(url)
    assert location.conninfo == conninfo
    assert parse_location(conninfo).conninfo == conninfo, "stable when parsed again"
    if ":pw@" in url or "ss@" in url:
        assert mask_url(url).count("***") == 1 and "ss" not in mask_url(url).split("@")[0]


# -- MySQL: a user of the test's own, since the server checks the password ------------------


@contextmanager
def mysql_user(url: str, password: str) -> Iterator[str]:
    """A new user with ``password``, allowed every ``kr_`` database and to connect to the URL's
    own; yields ``user@host:port``."""
    user = f"kern_s_{uuid.uuid4().hex[:8]}"
    parts = urlsplit(url)
    with mysql_conn(url) as admin:
        admin.execute("CREATE USER %s@'%%' IDENTIFIED BY %s", [user, password])
        admin.execute(f"GRANT ALL PRIVILEGES ON `kr\\_%`.* TO '{user}'@'%'")
        admin.execute(f"GRANT SELECT ON `{parts.path.lstrip('/')}`.* TO '{user}'@'%'")
    try:
        yield f"{user}@{parts.hostname}:{parts.port or 3306}"
    finally:
        with mysql_conn(url) as admin:
            admin.execute("DROP USER IF EXISTS %s@'%%'", [user])


def mysql_url_with(url: str, user_host: str, password: str, db: str | None = None) -> str:
    """``mysql://user:password@host:port/db`` with the password typed raw."""
    user, host = user_host.split("@")
    return f"mysql://{user}:{password}@{host}/{db or urlsplit(url).path.lstrip('/')}"


def test_mysql_password_never_printed(mysql_url: str, tmp_path: Path) -> None:
    env = kern_env(tmp_path, KERN_CONNECT_TIMEOUT="2")
    store = new_store("mysql", tmp_path, mysql_url, "secret")
    with mysql_user(mysql_url, SECRET) as who:
        url = mysql_url_with(mysql_url, who, SECRET)
        try:
            write(store, make_sessions(5, seed=8), "table")
            sqlite = tmp_path / "local.db"
            write(Store("sqlite", str(sqlite)), make_sessions(5, seed=9, prefix="l"), "table")
            wrong_port = url.replace(who.split("@")[1], "127.0.0.1:1")
            runs = [
                ["targets", "add", "prod", url, "--schema", store.schema],
                *(["targets", "list", "-f", f] for f in ("table", "tsv", "csv", "json", "jsonl")),
                ["db", "status", "--target", "prod", "-f", "json"],
                ["db", "status", "--db", url, "--schema", store.schema, "-f", "table"],
                ["sessions", "list", "--target", "prod", "-f", "json"],
                ["sessions", "list", "--db", mysql_url_with(mysql_url, who, SECRET, "nope")],
                ["sessions", "list", "--db", url, "--schema", "kr_no_such_database"],
                ["sessions", "list", "--db", mysql_url_with(mysql_url, who, SECRET + "x")],
                ["sessions", "list", "--db", wrong_port],
                ["sessions", "list", "--db", url, "--schema", "bad name"],
                ["db", "backup", str(tmp_path / "b.dump"), "--target", "prod"],
                ["db", "upgrade", "--target", "prod", "--dry-run"],
                ["sessions", "prune", "--target", "prod", "--user", "nobody", "--dry-run"],
                [
                    "sessions",
                    "migrate",
                    "--db",
                    str(sqlite),
                    "--to",
                    url,
                    "--to-schema",
                    store.schema,
                    "--dry-run",
                ],  # fmt: skip
                ["sessions", "migrate", "--db", str(sqlite), "--to", "prod", "--yes", "-f", "json"],
                [
                    "sessions",
                    "migrate",
                    "--target",
                    "prod",
                    "--to",
                    str(tmp_path / "c.db"),
                    "--yes",
                ],
            ]
            results = []
            for args in runs:
                proc = run_kern(env, *args, timeout=60)
                assert_no_traceback(proc)
                no_secret(proc.stdout, proc.stderr)
                results.append(proc.returncode)
            assert results[6:9] == [0, 0, 0], "the good URL must work"
            assert 0 not in results[9:13], "the bad URLs must fail"
            for path in (tmp_path / "data").rglob("*") if (tmp_path / "data").exists() else []:
                if path.is_file():
                    no_secret(path.read_text(errors="replace"))
        finally:
            drop_store(store)


@pytest.mark.parametrize("password", ODD_PASSWORDS)
def test_odd_mysql_passwords_are_masked_in_targets_and_errors(
    password: str, mysql_url: str, tmp_path: Path
) -> None:
    env = kern_env(tmp_path / "home", KERN_CONNECT_TIMEOUT="2")
    (tmp_path / "home").mkdir()
    store = new_store("mysql", tmp_path, mysql_url, "odd")
    with mysql_user(mysql_url, password) as who:
        try:
            write(store, make_sessions(2, seed=3), "column")
            good = mysql_url_with(mysql_url, who, password)
            proc = run_kern(env, "targets", "add", "odd", good, "--schema", store.schema)
            assert proc.returncode == 0, proc.stderr
            assert_hidden(password, proc.stdout, proc.stderr)
            for fmt in ("table", "tsv", "csv", "json", "jsonl"):
                proc = run_kern(env, "targets", "list", "-f", fmt)
                assert proc.returncode == 0, proc.stderr
                assert "***" in proc.stdout
                assert_hidden(password, proc.stdout, proc.stderr)
            proc = run_kern(env, "sessions", "list", "--target", "odd", "-f", "json")
            assert proc.returncode == 0, proc.stderr
            assert len(json.loads(proc.stdout)) == 2
            bad_port = good.replace(who.split("@")[1], "127.0.0.1:1")
            for bad in (bad_port, mysql_url_with(mysql_url, who, password, "kern_no_such_db")):
                for args in (["sessions", "list", "--db", bad], ["db", "status", "--db", bad]):
                    proc = run_kern(env, *args, timeout=60)
                    assert_no_traceback(proc)
                    assert proc.returncode == 4, proc.stderr
                    assert "cannot connect" in proc.stderr
                    assert_hidden(password, proc.stdout, proc.stderr)
            assert sorted(p.name for p in (tmp_path / "home").iterdir()) == ["config"]
        finally:
            drop_store(store)
