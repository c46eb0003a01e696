"""Replay a mysqldump file statement by statement through a plain DB-API driver (PyMySQL).

The agno MySQL fixtures are ``mysqldump --no-create-db`` files: no ``CREATE DATABASE``/``USE``,
so they load into whatever database the connection has selected. JSON values inside the
``INSERT`` statements contain ``;``, quotes and backslash escapes, so statements are split
by a scanner that knows MySQL's quoting and comment rules, never by a plain ``split(";")``.
This module imports nothing outside the standard library: the fixture generator, run under
an agno interpreter, loads it by path too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class _Cursor(Protocol):
    def execute(self, query: str) -> Any: ...

    def close(self) -> Any: ...


class _Connection(Protocol):
    def cursor(self) -> _Cursor: ...

    def commit(self) -> Any: ...


def split_statements(sql: str) -> list[str]:
    """Split a MySQL script into statements at ``;`` outside strings, identifiers and comments.

    Handles ``'...'`` and ``"..."`` (backslash escapes and doubled quotes), backquoted
    identifiers, ``-- ``/``#`` line comments and ``/* */`` comments (including the
    ``/*!NNNNN ... */`` conditional ones, which are kept: the server executes them).
    Other comments before a statement, such as MariaDB's leading
    ``/*M!999999\\- enable the sandbox mode */`` line, are dropped.
    """
    statements: list[str] = []
    start = -1
    i = 0
    n = len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"`":
            start = i if start < 0 else start
            i += 1
            while i < n:
                d = sql[i]
                if d == "\\" and c != "`":
                    i += 2
                    continue
                if d == c:
                    if i + 1 < n and sql[i + 1] == c:
                        i += 2
                        continue
                    break
                i += 1
            i += 1
        elif c == "/" and sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if sql.startswith("/*!", i):
                start = i if start < 0 else start
            i = end
        elif c == "#" or (sql.startswith("--", i) and (i + 2 >= n or sql[i + 2] in " \t\r\n")):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == ";":
            if start >= 0:
                statements.append(sql[start:i].strip())
            start = -1
            i += 1
        else:
            if start < 0 and not c.isspace():
                start = i
            i += 1
    if start >= 0:
        statements.append(sql[start:].strip())
    return statements


def load_mysql_dump(conn: _Connection, path: Path | str) -> int:
    """Execute every statement of the dump at ``path`` on ``conn``; returns how many ran.

    ``conn`` is a DB-API connection (e.g. ``pymysql.connect(..., database=scratch,
    charset="utf8mb4")``) whose current database receives the tables. The dump's own
    header sets ``NAMES utf8mb4`` and ``FOREIGN_KEY_CHECKS=0`` (a runs table sorts before
    the sessions table it references) and its trailer restores them.
    """
    statements = split_statements(Path(path).read_text(encoding="utf-8"))
    cur = conn.cursor()
    try:
        for st in statements:
            cur.execute(st)
    finally:
        cur.close()
    conn.commit()
    return len(statements)
