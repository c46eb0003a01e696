"""Read commands on SQLite and on MySQL start without the PostgreSQL driver and SQLAlchemy, and
load PyMySQL only to talk to MySQL: each runs in a fresh interpreter through ``kern_cli.app``,
which then reports what it imported."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kern_core import MySQLDb, SqliteDb

from tests.support.db import mysql_execute
from tests.support.procs import kern_env
from tests.support.reading import seed

HEAVY = ("sqlalchemy", "psycopg")
REPORTED = (*HEAVY, "pymysql")
RUN = f"""
import json, sys
out, args = sys.argv[1], sys.argv[2:]
sys.argv = ["kern", *args]
from kern_cli.app import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {set(REPORTED)!r})
with open(out, "w") as fh:
    json.dump({{"code": code, "heavy": heavy}}, fh)
"""

READS = {
    "--version": ["--version"],
    "--help": ["--help"],
    "sessions --help": ["sessions", "--help"],
    "sessions list": ["sessions", "list", "--db", "{db}"],
    "sessions list json": ["sessions", "list", "--db", "{db}", "--format", "json"],
    "sessions show": ["sessions", "show", "s000", "--db", "{db}"],
    "sessions show json": ["sessions", "show", "s001", "--db", "{db}", "--format", "json"],
    "sessions export": ["sessions", "export", "--db", "{db}"],
    "sessions stats": ["sessions", "stats", "--db", "{db}"],
    "db status": ["db", "status", "--db", "{db}"],
}
TARGETLESS = ("--version", "--help", "sessions --help")


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("import_rule") / "kern.db"
    seed(SqliteDb(db_file=path, new_layout="table"))
    return path


@pytest.fixture(scope="module")
def mysql_db(mysql_url: str) -> Iterator[tuple[str, str]]:
    """A MySQL database holding the seeded sessions: (URL, database name)."""
    name = f"kt_{uuid.uuid4().hex[:12]}"
    seed(MySQLDb(db_url=mysql_url, db_schema=name, new_layout="table"))
    yield mysql_url, name
    mysql_execute(f"DROP DATABASE IF EXISTS `{name}`", mysql_url)


def _imports(args: list[str], tmp_path: Path) -> list[str]:
    """The reported modules ``kern ARGS`` imported (it must succeed)."""
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-c", RUN, str(report), *args],
        env=kern_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.exists(), proc.stderr[-2000:]
    result = json.loads(report.read_text())
    assert result["code"] in (0, None), proc.stderr[-2000:]
    heavy: list[str] = result["heavy"]
    return heavy


@pytest.mark.parametrize("name", sorted(READS))
def test_read_commands_on_sqlite_import_no_sqlalchemy_or_psycopg(
    name: str, sqlite_db: Path, tmp_path: Path
) -> None:
    args = [a.format(db=sqlite_db) for a in READS[name]]
    heavy = _imports(args, tmp_path)
    assert heavy == [], f"kern {' '.join(args)} imported {heavy}"


@pytest.mark.parametrize("name", sorted(set(READS) - set(TARGETLESS)))
def test_read_commands_on_mysql_import_pymysql_only(
    name: str, mysql_db: tuple[str, str], tmp_path: Path
) -> None:
    url, database = mysql_db
    args = [a.format(db=url) for a in READS[name]] + ["--schema", database]
    heavy = _imports(args, tmp_path)
    assert heavy == ["pymysql"], f"kern {' '.join(args)} imported {heavy}"
