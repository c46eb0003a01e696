"""MySQL reads skip ``JSON_VALID`` only for columns that cannot hold anything but valid JSON."""

from __future__ import annotations

from kern_core import MySQLDb
from kern_core.dialect.mysql import MysqlDialect
from kern_core.url import parse_location

from tests.support.db import mysql_connect
from tests.support.reading import seed


def test_checked_columns_skip_json_valid(mysql_url: str, mysql_schema: str) -> None:
    seed(MySQLDb(db_url=mysql_url, db_schema=mysql_schema, new_layout="table"))
    admin = mysql_connect(mysql_url, mysql_schema)
    try:
        admin.cursor().execute("CREATE TABLE loose (id INT PRIMARY KEY, run_data LONGTEXT)")
    finally:
        admin.close()
    dialect = MysqlDialect(parse_location(mysql_url), schema=mysql_schema)
    conn = dialect.connect(read_only=True)
    try:
        dialect.columns(conn, "agno_runs")
        dialect.columns(conn, "loose")
    finally:
        conn.close()
    assert dialect.json_valid("run_data", "agno_runs") == "1"
    assert "JSON_VALID" in dialect.json_valid("run_data", "loose")
    assert "JSON_VALID" in dialect.json_valid("run_data")
    assert "JSON_VALID" in dialect.json_valid("run_data", "never_introspected")
