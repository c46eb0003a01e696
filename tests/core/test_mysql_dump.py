"""The MySQL fixture dumps split into the statements mysqldump wrote, whatever their JSON holds.

``load_mysql_dump`` replays them statement by statement, so a wrong split (at a ``;`` or a quote
inside a JSON value) would truncate rows or fail the load; the split is checked here without a
server.
"""

from __future__ import annotations

import json

import pytest

from tests.support.db import FIXTURES
from tests.support.mysql_dump import split_statements

DUMPS = sorted(p.name for p in FIXTURES.glob("*_mysql*.sql"))


def test_split_respects_quotes_escapes_and_comments() -> None:
    sql = (
        "/*M!999999\\- enable the sandbox mode */ \n\n"
        "/*!40101 SET NAMES utf8mb4 */;\n"
        "-- a comment; not a statement\n"
        "INSERT INTO `a;b` VALUES ('x;\\'y\\\\','it''s;',\"q;\"\"\"); # trailing ; comment\n"
        "SELECT 1"
    )
    assert split_statements(sql) == [
        "/*!40101 SET NAMES utf8mb4 */",
        "INSERT INTO `a;b` VALUES ('x;\\'y\\\\','it''s;',\"q;\"\"\")",
        "SELECT 1",
    ]


@pytest.mark.parametrize("dump", DUMPS)
def test_every_row_is_one_statement(dump: str) -> None:
    text = (FIXTURES / dump).read_text(encoding="utf-8")
    statements = split_statements(text)
    inserts = [s for s in statements if s.startswith("INSERT INTO")]
    assert len(inserts) == sum(1 for line in text.splitlines() if line.startswith("INSERT INTO"))
    lines = set(text.splitlines())
    assert all(s + ";" in lines for s in inserts)
    assert not [s for s in statements if "CREATE DATABASE" in s or s.startswith("USE ")]
    creates = [s for s in statements if s.startswith("CREATE TABLE")]
    assert len(creates) == text.count("\nCREATE TABLE")


def test_dumps_cover_every_expected_mysql_variant() -> None:
    variants = json.loads((FIXTURES / "EXPECTED.json").read_text(encoding="utf-8"))["variants"]
    variants |= json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))["variants"]
    mysql = {name.split(":", 1)[0] for name, info in variants.items() if info["backend"] == "mysql"}
    assert mysql == set(DUMPS)
