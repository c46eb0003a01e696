"""MySQL and MariaDB: a database (``ai`` by default, what agno's ``MySQLDb`` calls its
``db_schema``) on one server, through PyMySQL.

PyMySQL is pure Python, so kern installs on a fresh machine without a compiler or the MySQL
client headers (mysqlclient needs both); it is imported on first connection only.

Its quirks: a JSON column is native JSON on MySQL and LONGTEXT with a ``json_valid`` check on
MariaDB, so values are read as text and checked; identifiers are quoted with ``"`` because
every connection adds ``ANSI_QUOTES`` (and ``PIPES_AS_CONCAT``) to its ``sql_mode``, and
``STRICT_ALL_TABLES``, so that no value is ever silently truncated; ``ON DUPLICATE KEY`` stands
for ``ON CONFLICT``; reads run in ``READ ONLY`` transactions, writes in ``READ COMMITTED`` (as
on PostgreSQL); DDL commits implicitly; a statement larger than ``max_allowed_packet`` is
refused by the server, so writes measure their rows against it first (:attr:`max_value_bytes`);
Ctrl-C sends ``KILL QUERY`` on a connection of its own.
"""

from __future__ import annotations

import os
import secrets
import shlex
import socket
from collections.abc import Mapping, Sequence
from contextlib import suppress
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from kern_core.dialect.base import (
    DIALECT_CLASSES,
    Dialect,
    IndexInfo,
    ServerDialect,
    StorageRules,
    TextLimit,
    check_identifier,
    first_line,
    nested_document,
    quote,
)
from kern_core.errors import BadInputError, ConnectError, KernError
from kern_core.url import Location, mask_url

DEFAULT_PORT = 3306
#: Bytes of a statement that are not the row's values (the INSERT text, quoting, escapes
#: of a few characters): a row is measured against ``max_allowed_packet`` less this.
PACKET_MARGIN = 64 * 1024
#: How deeply JSON may nest: MariaDB's ``json_valid`` (its JSON columns' check) refuses a
#: 32nd level of arrays or objects; MySQL's JSON type a 101st.
MARIADB_JSON_DEPTH = 31
MYSQL_JSON_DEPTH = 100
#: The text columns' lengths in the tables kern creates (``kern_core.schema``, agno's), for a
#: target whose tables do not exist yet; an existing table's own are read from the server.
SESSION_LENGTHS = {
    "session_id": 128,
    "session_type": 20,
    "agent_id": 128,
    "team_id": 128,
    "workflow_id": 128,
    "user_id": 128,
}
RUN_LENGTHS = {
    "run_id": 128,
    "session_id": 128,
    "run_type": 20,
    "agent_id": 128,
    "team_id": 128,
    "workflow_id": 128,
    "user_id": 128,
    "parent_run_id": 128,
    "status": 50,
}
#: Column types whose length counts bytes, not characters.
_BYTE_TYPES = ("tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob")
#: The modes every connection adds: standard identifier quoting and ``||``, and no silent
#: truncation of a value too long for its column.
SQL_MODES = ("ANSI_QUOTES", "PIPES_AS_CONCAT", "STRICT_ALL_TABLES")
#: TCP keepalive, as for PostgreSQL: a server host that vanishes is noticed in about a minute.
KEEPALIVE = {"TCP_KEEPIDLE": 30, "TCP_KEEPINTVL": 10, "TCP_KEEPCNT": 3}
TCP_USER_TIMEOUT_MS = 60_000
#: URL query parameters passed to PyMySQL (others are refused, so a typo is not ignored).
_URL_OPTIONS = {
    "charset": str,
    "unix_socket": str,
    "ssl_ca": str,
    "ssl_cert": str,
    "ssl_key": str,
    "ssl_verify_cert": bool,
    "ssl_verify_identity": bool,
    "connect_timeout": int,
}
#: Server error numbers kern translates.
_LOCK_WAIT, _DEADLOCK = 1205, 1213
_STATEMENT_TIMEOUTS = (1969, 3024)  # MariaDB max_statement_time, MySQL max_execution_time
_CONNECTION_LOST = (2006, 2013, 2055, 4031)
_PACKET_TOO_LARGE = (1153, 1301)
_READ_ONLY = (1792, 1290)


class MysqlConnection:
    """A PyMySQL connection with the ``execute`` of sqlite3 and psycopg 3, which the rest of
    kern calls: each statement on a fresh cursor, returned for its rows."""

    def __init__(self, raw: Any, read_only: bool) -> None:
        self.raw = raw
        self.read_only = read_only
        #: The most bytes one multi-row INSERT of :meth:`executemany` may take (PyMySQL joins
        #: rows up to about 1 MB; a server with a smaller packet must get smaller statements).
        self.max_statement: int | None = None

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        cur = self.raw.cursor()
        cur.execute(sql, None if params is None else tuple(params))
        return cur

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        cur = self.raw.cursor()
        if self.max_statement is not None:
            cur.max_stmt_length = min(int(cur.max_stmt_length), self.max_statement)
        cur.executemany(sql, [tuple(r) for r in rows])
        return cur

    def cursor(self) -> Any:
        return self.raw.cursor()

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        """Nothing to send once the connection is gone (the server rolled back as it ended),
        so the error that lost it, not PyMySQL's bare ``InterfaceError``, is what reaches
        the user."""
        if self.raw.open:
            self.raw.rollback()

    def close(self) -> None:
        self.raw.close()

    @property
    def thread_id(self) -> int:
        return int(self.raw.thread_id())


class MysqlDialect(ServerDialect):
    kind = "mysql"
    param = "%s"
    row_lock = " FOR UPDATE"
    json_holds_nul = True
    ddl_commits = True
    schema_word = "database"
    stores_invalid_json = True
    nulls_sort_first = True
    json_scalars_as_text = True
    base_relations = ("BASE TABLE", "SYSTEM VERSIONED")
    string_lengths = True
    agno_reads_linked = False
    composite_index = "{table}_runs_{columns}"
    ddl_commits = True
    keys_fold = True

    def __init__(self, location: Location, **options: Any) -> None:
        super().__init__(location, **options)
        self.options = _connect_options(str(location.conninfo))
        self.mariadb: bool | None = None
        self.max_packet: int | None = None
        self.checked_json: dict[str, set[str]] = {}

    @property
    def exact_collation(self) -> str | None:  # type: ignore[override]
        """utf8mb4 by code point and without padding: MariaDB's ``utf8mb4_nopad_bin``,
        MySQL 8's ``utf8mb4_0900_bin`` (``utf8mb4_bin`` ignores trailing spaces)."""
        return "utf8mb4_nopad_bin" if self.mariadb else "utf8mb4_0900_bin"

    @property
    def max_value_bytes(self) -> int | None:
        """The most bytes one row may carry in a statement (``max_allowed_packet`` less a
        margin), known once a connection is open."""
        return None if self.max_packet is None else max(self.max_packet - PACKET_MARGIN, 1024)

    def storage_rules(
        self, conn: Any | None, session_table: str, runs_table: str | None
    ) -> StorageRules:
        """No lone surrogate, NaN or Infinity in JSON, nesting to the server's depth, text
        within each column's declared length (the tables' own when they exist, else those
        kern creates) and each row within ``max_allowed_packet``. NUL is fine: JSON escapes
        it and VARCHAR stores it."""
        sessions = {c: TextLimit(n) for c, n in SESSION_LENGTHS.items()}
        runs = {c: TextLimit(n) for c, n in RUN_LENGTHS.items()}
        if conn is not None:
            tables = [session_table, runs_table] if runs_table else [session_table]
            declared = self._text_limits(conn, tables)
            sessions = declared.get(session_table) or sessions
            if runs_table:
                runs = declared.get(runs_table) or runs
        name = "MariaDB" if self.mariadb else "MySQL"
        return StorageRules(
            name=name,
            json_name=f"{name}'s JSON",
            json_holds_surrogates=False,
            json_holds_non_finite=False,
            json_max_depth=MARIADB_JSON_DEPTH if self.mariadb else MYSQL_JSON_DEPTH,
            max_row_bytes=self.max_value_bytes,
            max_packet=self.max_packet,
            session_lengths=sessions,
            run_lengths=runs,
        )

    def _text_limits(self, conn: Any, tables: Sequence[str]) -> dict[str, dict[str, TextLimit]]:
        """The declared length of each text column of these tables, by table (a table that
        does not exist is left out)."""
        marks = ", ".join(["%s"] * len(tables))
        rows = conn.execute(
            "SELECT table_name, column_name, LOWER(data_type), character_maximum_length, "
            "character_octet_length FROM information_schema.columns "
            f"WHERE table_schema = %s AND table_name IN ({marks}) "
            "AND character_maximum_length IS NOT NULL",
            (self.schema, *tables),
        ).fetchall()
        found: dict[str, dict[str, TextLimit]] = {}
        for table, column, data_type, chars, octets in rows:
            if str(data_type) in _BYTE_TYPES:
                limit = TextLimit(int(octets), "bytes")
            else:
                limit = TextLimit(int(chars))
            found.setdefault(str(table), {})[str(column)] = limit
        return found

    # -- connections -------------------------------------------------------------------------

    def connect(self, read_only: bool) -> MysqlConnection:
        """A PyMySQL connection in utf8mb4 and UTC, with kern's SQL modes, lock wait, statement
        and idle timeouts and TCP keepalives; read-only ones in READ ONLY transactions."""
        import pymysql

        options = dict(self.options)
        timeout = int(
            os.environ.get("KERN_CONNECT_TIMEOUT", options.pop("connect_timeout", 0))
            or self.connect_timeout
        )
        try:
            raw = pymysql.connect(
                **options,
                connect_timeout=timeout,
                autocommit=False,
                conv=_converters(),
                program_name="kern",
            )
        except pymysql.err.Error as exc:
            raise ConnectError(
                f"cannot connect to {mask_url(str(self.location.conninfo))}: {_message(exc)}",
                hint="check host, port, user, password and database name",
            ) from None
        except (ValueError, UnicodeError, TypeError) as exc:
            raise BadInputError(f"malformed MySQL URL: {first_line(exc)}") from None
        conn = MysqlConnection(raw, read_only)
        try:
            _keepalive(raw)
            self._configure(conn, read_only)
        except pymysql.err.Error as exc:
            with suppress(Exception):
                raw.close()
            raise ConnectError(
                f"cannot use {self.display}: {_message(exc)}",
                hint="kern needs to set its session's sql_mode and timeouts",
            ) from None
        conn.max_statement = self.max_value_bytes
        return conn

    def _configure(self, conn: MysqlConnection, read_only: bool) -> None:
        if self.mariadb is None:
            self.mariadb = "mariadb" in str(conn.raw.get_server_info()).lower()
        lock = _wholeseconds_setting(self.lock_timeout)
        settings = [
            "sql_mode = CONCAT_WS(',', @@sql_mode, " + ", ".join(f"'{m}'" for m in SQL_MODES) + ")",
            "time_zone = '+00:00'",
            f"innodb_lock_wait_timeout = {lock or 1073741824}",
            f"lock_wait_timeout = {lock or 31536000}",
        ]
        statement = self.statement_timeout
        if statement:
            settings.append(
                f"max_statement_time = {statement:g}"
                if self.mariadb
                else f"max_execution_time = {max(1, round(statement * 1000))}"
            )
        if not read_only and self.idle_timeout:
            settings.append(f"wait_timeout = {_wholeseconds_setting(self.idle_timeout)}")
        conn.execute("SET SESSION " + ", ".join(settings))
        mode = "REPEATABLE READ, READ ONLY" if read_only else "READ COMMITTED, READ WRITE"
        conn.execute(f"SET SESSION TRANSACTION ISOLATION LEVEL {mode}")
        if self.max_packet is None:
            row = conn.execute("SELECT @@max_allowed_packet").fetchone()
            self.max_packet = int(row[0])
        conn.rollback()

    def begin_write(self, conn: Any) -> None:
        """PyMySQL opens the transaction implicitly on the first statement."""

    def begin_snapshot(self, conn: Any) -> None:
        """One consistent snapshot, taken now, for every batch of a long read."""
        conn.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")

    def end_read(self, conn: Any) -> None:
        conn.rollback()

    def interrupt(self, conn: Any) -> None:
        """``KILL QUERY`` on a connection of its own (what the mysql client sends on Ctrl-C)."""
        import pymysql

        thread = conn.thread_id
        killer = pymysql.connect(**self.options, connect_timeout=5, autocommit=True)
        try:
            killer.cursor().execute(f"KILL QUERY {int(thread)}")
        finally:
            killer.close()

    def ensure_schema(self, conn: Any, schema: str | None = None) -> None:
        """``CREATE DATABASE IF NOT EXISTS``, in utf8mb4 (as agno's ``create_schema``, which
        takes the server's default character set)."""
        name = quote(schema or str(self.schema))
        conn.execute(f"CREATE DATABASE IF NOT EXISTS {name} CHARACTER SET utf8mb4")

    # -- statements --------------------------------------------------------------------------

    def table(self, name: str) -> str:
        return f"{quote(str(self.schema))}.{quote(name)}"

    def index_statement(self, table: str, columns: Sequence[str]) -> str:
        """Backquoted (the ``mysql`` client has no ``ANSI_QUOTES``), without ``IF NOT
        EXISTS`` (MySQL 8 has none for indexes), online (``ALGORITHM=INPLACE LOCK=NONE``)."""
        name = self.index_name(table, columns)

        def tick(ident: str) -> str:
            return "`" + check_identifier(ident).replace("`", "``") + "`"

        return (
            f"CREATE INDEX {tick(name)} ON {tick(str(self.schema))}.{tick(table)} "
            f"({', '.join(tick(c) for c in columns)}) ALGORITHM=INPLACE LOCK=NONE;"
        )

    def add_index(self, conn: Any, table: str, columns: Sequence[str], statement: str) -> None:
        """DDL commits by itself; an index of that name another process added meanwhile
        (error 1061) is the index wanted."""
        import pymysql

        try:
            conn.execute(statement)
        except pymysql.err.OperationalError as exc:
            if exc.args[:1] != (1061,):
                raise

    def upsert_clause(
        self, columns: Sequence[str], key: Sequence[str], update: Sequence[str]
    ) -> str:
        """``ON DUPLICATE KEY UPDATE`` (any unique key): the new row's values for ``update``,
        else a no-op assignment, which leaves the row and reports it as not inserted."""
        if not update:
            same = quote((list(key) or list(columns))[0])
            return f"ON DUPLICATE KEY UPDATE {same} = {same}"
        return "ON DUPLICATE KEY UPDATE " + ", ".join(
            f"{quote(c)} = VALUES({quote(c)})" for c in update
        )

    def executemany(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """PyMySQL's ``executemany``: one multi-row INSERT per ``max_allowed_packet``."""
        if rows:
            conn.executemany(sql, rows)

    # -- JSON --------------------------------------------------------------------------------

    def json_text(self, column: str) -> str:
        return f"CAST({column} AS CHAR)"

    def json_valid(self, column: str, table: str | None = None) -> str:
        """``JSON_VALID``, or 1 for a column that cannot hold anything else (see
        :meth:`columns`): MariaDB's ``JSON_VALID`` parses the text at ~35 MB/s, which made it
        most of an export's time."""
        name = column.strip('"').rsplit(".", 1)[-1].strip('"')
        if table is not None and name in self.checked_json.get(table, ()):
            return "1"
        return f"COALESCE(JSON_VALID({column}), 0)"

    def _document(self, column: str) -> str:
        """The column's JSON with one level of double encoding (a JSON string holding JSON)
        unwrapped; the column itself when it is not valid JSON."""
        inner = f"JSON_UNQUOTE({column})"
        return (
            f"(CASE WHEN JSON_VALID({column}) AND JSON_TYPE({column}) = 'STRING' "
            f"AND JSON_VALID({inner}) THEN {inner} ELSE {column} END)"
        )

    def json_object(self, column: str) -> str:
        doc = self._document(column)
        return f"(CASE WHEN JSON_VALID({column}) AND JSON_TYPE({doc}) = 'OBJECT' THEN {doc} END)"

    def session_name_expr(self, column: str) -> str:
        return self.json_key_text(self.json_object(column), "session_name")

    def bytewise(self, expr: str) -> str:
        """The UTF-8 bytes: MySQL's text collations fold case, order punctuation apart from
        code points and may pad spaces (``_bin`` collations too), binary strings do not."""
        return f"CAST(CONVERT({expr} USING utf8mb4) AS BINARY)"

    def exact_in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """The collation's ``IN`` (which the index serves) and the same on the bytes."""
        cond, params = self.in_clause(column, values)
        marks = ", ".join([self.bytewise("%s")] * len(values))
        return f"{cond} AND {self.bytewise(column)} IN ({marks})", params + list(values)

    def key_clashes(
        self, conn: Any, table: str, column: str, values: Sequence[str]
    ) -> dict[str, tuple[str, bool]]:
        """Asked of the server, which alone knows its collation: the values joined with the
        stored keys under the column's collation, then with each other under it."""
        if not values:
            return {}
        collation = self._collation(conn, table, column)
        if collation is None:
            return {}
        rows = " UNION ALL ".join(["SELECT %s AS i, %s AS v"] * len(values))
        numbered = [x for pair in enumerate(values) for x in pair]
        found: dict[str, tuple[str, bool]] = {}
        col = quote(column)
        if self.has_table(conn, table):
            stored = conn.execute(
                f"SELECT v.i, s.{col} FROM ({rows}) v JOIN {self.table(table)} s "
                f"ON s.{col} = v.v COLLATE {collation} "
                f"WHERE {self.bytewise(f's.{col}')} <> {self.bytewise('v.v')}",
                numbered,
            ).fetchall()
            for i, other in stored:
                found.setdefault(values[int(i)], (_text(other), True))
        if len(values) > 1:
            groups = conn.execute(
                f"SELECT GROUP_CONCAT(v.i ORDER BY v.i) FROM ({rows}) v "
                f"GROUP BY v.v COLLATE {collation} HAVING COUNT(*) > 1",
                numbered,
            ).fetchall()
            for (members,) in groups:
                first, *later = (int(i) for i in _text(members).split(","))
                for i in later:
                    found.setdefault(values[i], (values[first], False))
        return found

    def collation_name(self, conn: Any, table: str, column: str) -> str:
        """``MariaDB's collation (utf8mb4_general_ci)``."""
        name = "MariaDB" if self.mariadb else "MySQL"
        collation = self._collation(conn, table, column)
        return f"{name}'s collation ({collation})" if collation else f"{name}'s collation"

    def _collation(self, conn: Any, table: str, column: str) -> str | None:
        """The collation of a text column (None for a binary one, or no such column); for a
        table not yet created, the one kern's tables will get: the database's default, else
        the server's."""
        row = conn.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s AND column_name = %s",
            (self.schema, table, column),
        ).fetchone()
        if row is None and not self.has_table(conn, table):
            row = (
                conn.execute(
                    "SELECT default_collation_name FROM information_schema.schemata "
                    "WHERE schema_name = %s",
                    (self.schema,),
                ).fetchone()
                or conn.execute("SELECT @@collation_server").fetchone()
            )
        if row is None or row[0] is None:
            return None
        name = _text(row[0])
        return check_identifier(name, "collation")

    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """``INSTR`` on the bytes of the same folding of both sides (upper, then lower, final
        sigma as sigma, ``ß`` as ``ss``, as on PostgreSQL): the columns' own collations may
        ignore accents or pad spaces, which a substring search must not."""
        return f"INSTR({self._fold(expr)}, {self._fold('%s')}) > 0", needle

    def contains_ascii_folded(self, expr: str, fragment: str) -> tuple[str, Any]:
        """``INSTR`` on the bytes of the lowered text: the collation of a column may not be
        the one a pattern should compare with."""
        text = f"LOWER(CONVERT({expr} USING utf8mb4))"
        return f"INSTR(CAST({text} AS BINARY), CAST(%s AS BINARY)) > 0", fragment

    def contains_exact(self, expr: str, needle: str) -> tuple[str, Any]:
        text = f"CONVERT({expr} USING utf8mb4)"
        return f"INSTR(CAST({text} AS BINARY), CAST(%s AS BINARY)) > 0", needle

    @staticmethod
    def _fold(expr: str) -> str:
        text = f"CONVERT({expr} USING utf8mb4)"
        folded = f"REPLACE(REPLACE(LOWER(UPPER({text})), 'ς', 'σ'), 'ß', 'ss')"
        return f"CAST({folded} AS BINARY)"

    def json_array_length_expr(self, column: str) -> str:
        doc = self._document(column)
        return (
            f"(CASE WHEN JSON_VALID({column}) AND JSON_TYPE({doc}) = 'ARRAY' "
            f"THEN JSON_LENGTH({doc}) END)"
        )

    def json_elements_from(self, column: str, alias: str, *, ordered: bool = False) -> str:
        """``JSON_TABLE`` over the array, each element as JSON in ``alias.value`` and its
        position (from 0, as on SQLite) in ``alias.idx``; no rows when not an array."""
        doc = self._document(column)
        safe = (
            f"CASE WHEN JSON_VALID({column}) AND JSON_TYPE({doc}) = 'ARRAY' "
            f"THEN {doc} ELSE '[]' END"
        )
        return (
            f"JSON_TABLE({safe}, '$[*]' COLUMNS "
            f"(idx FOR ORDINALITY, value JSON PATH '$')) AS {alias}"
        )

    def element_position(self, alias: str) -> str:
        return f"({alias}.idx - 1)"

    def element_is_object(self, alias: str) -> str:
        return f"JSON_TYPE({alias}.value) = 'OBJECT'"

    def element_key_text(self, alias: str, key: str) -> str:
        value = self.json_key_text(f"{alias}.value", key)
        return f"(CASE WHEN JSON_TYPE({alias}.value) = 'OBJECT' THEN {value} END)"

    def json_key_text(self, expr: str, key: str) -> str:
        return f"JSON_UNQUOTE(JSON_EXTRACT({expr}, '$.{key}'))"

    def json_scalar(self, expr: str, *paths: str) -> tuple[str, str]:
        """(JSON type, JSON text) of the first path present: type names in lower case, as
        the callers compare them with SQLite's and PostgreSQL's."""
        found = [f"JSON_EXTRACT({expr}, '$.{p}')" for p in paths]
        value = found[0] if len(found) == 1 else f"COALESCE({', '.join(found)})"
        return f"LOWER(JSON_TYPE({value}))", f"CAST({value} AS CHAR)"

    def json_array_has(
        self, expr: str, path: Sequence[str], match: Mapping[str, str | bool]
    ) -> tuple[str, list[Any]]:
        """``JSON_CONTAINS`` with the same shape of document: arrays match an element, strings
        compare exactly and ``true`` is not ``1``."""
        return f"COALESCE(JSON_CONTAINS({expr}, %s), 0) = 1", [nested_document(path, match)]

    def json_value_at(self, expr: str, *path: str) -> str:
        return f"JSON_EXTRACT({expr}, '$.{'.'.join(path)}')"

    def member_values_from(self, expr: str, alias: str) -> str:
        obj = f"CASE WHEN JSON_TYPE({expr}) = 'OBJECT' THEN {expr} ELSE '{{}}' END"
        return f"JSON_TABLE({obj}, '$.*' COLUMNS (value JSON PATH '$')) AS {alias}"

    def nested_elements_from(self, expr: str, alias: str) -> str:
        """``JSON_TABLE`` with the path ``$.*[*]``: every element of every member array."""
        obj = f"CASE WHEN JSON_TYPE({expr}) = 'OBJECT' THEN {expr} ELSE '{{}}' END"
        return f"JSON_TABLE({obj}, '$.*[*]' COLUMNS (value JSON PATH '$')) AS {alias}"

    def json_number(self, expr: str, *path: str) -> str:
        doc = self.json_object(expr)
        value = f"JSON_EXTRACT({doc}, '$.{'.'.join(path)}')"
        return (
            f"(CASE WHEN JSON_TYPE({value}) IN ('INTEGER', 'UNSIGNED INTEGER', 'DOUBLE', "
            f"'DECIMAL') AND ABS({value}) < 9e18 THEN CAST({value} AS DECIMAL(65, 10)) END)"
        )

    # -- sizes, sums and times ---------------------------------------------------------------

    def stored_bytes(self, column: str) -> str:
        return f"COALESCE(LENGTH({column}), 0)"

    def utc_day(self, seconds: str) -> str:
        """``YYYY-MM-DD`` by date arithmetic, which needs no time zone and no ``%`` (a
        format string would need escaping wherever the statement has parameters)."""
        return f"LEFT(CAST(DATE_ADD('1970-01-01', INTERVAL {seconds} SECOND) AS CHAR), 10)"

    # -- introspection -----------------------------------------------------------------------

    def list_tables(self, conn: Any) -> list[str]:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1",
            (self.schema,),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def session_tables_elsewhere(self, conn: Any) -> list[str]:
        rows = conn.execute(
            "SELECT CONCAT(table_schema, '.', table_name) FROM information_schema.columns "
            "WHERE column_name = 'session_type' AND table_schema NOT IN "
            "('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1"
        ).fetchall()
        return [str(r[0]) for r in rows]

    def columns(self, conn: Any, table: str, schema: str | None = None) -> list[str]:
        """The column names; also notes (in ``checked_json``, once per table of this dialect's
        schema) the columns that only ever hold valid JSON: MySQL's JSON type, or MariaDB's
        JSON alias, a LONGTEXT column with the constraint ``CHECK (json_valid(col))``."""
        rows = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            (schema or self.schema, table),
        ).fetchall()
        names = [str(r[0]) for r in rows]
        if schema in (None, self.schema) and table not in self.checked_json:
            checked = {str(r[0]) for r in rows if str(r[1]).lower() == "json"}
            if self.mariadb and any(str(r[1]).lower() == "longtext" for r in rows):
                clauses = conn.execute(
                    "SELECT check_clause FROM information_schema.check_constraints "
                    "WHERE constraint_schema = %s AND table_name = %s",
                    (self.schema, table),
                ).fetchall()
                found = {"".join(str(r[0]).split()) for r in clauses}
                checked |= {n for n in names if {f"json_valid({q}{n}{q})" for q in '`"'} & found}
            self.checked_json[table] = checked
        return names

    def foreign_key_targets(self, conn: Any, table: str) -> list[str]:
        rows = conn.execute(
            "SELECT DISTINCT referenced_table_name FROM information_schema.key_column_usage "
            "WHERE table_schema = %s AND table_name = %s AND referenced_table_name IS NOT NULL "
            "AND referenced_table_schema = %s",
            (self.schema, table, self.schema),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def referencing_tables(self, conn: Any, table: str) -> list[str]:
        rows = conn.execute(
            "SELECT DISTINCT table_name FROM information_schema.key_column_usage "
            "WHERE table_schema = %s AND referenced_table_schema = %s "
            "AND referenced_table_name = %s ORDER BY 1",
            (self.schema, self.schema, table),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def indexes(self, conn: Any, table: str) -> list[IndexInfo]:
        rows = conn.execute(
            "SELECT index_name, non_unique, column_name FROM information_schema.statistics "
            "WHERE table_schema = %s AND table_name = %s ORDER BY index_name, seq_in_index",
            (self.schema, table),
        ).fetchall()
        found: dict[str, tuple[list[str], bool]] = {}
        for name, non_unique, column in rows:
            cols, _ = found.setdefault(str(name), ([], not int(non_unique)))
            cols.append(str(column))
        return [IndexInfo(n, tuple(c), u) for n, (c, u) in sorted(found.items())]

    def has_table(self, conn: Any, name: str, schema: str | None = None) -> bool:
        row = conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
            (schema or self.schema, name),
        ).fetchone()
        return row is not None

    def relation_kind(self, conn: Any, table: str) -> str | None:
        """``BASE TABLE``, ``VIEW``, ``SYSTEM VERSIONED`` (MariaDB), ..."""
        try:
            row = conn.execute(
                "SELECT table_type FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name = %s",
                (self.schema, table),
            ).fetchone()
        finally:
            conn.rollback()
        return None if row is None else str(row[0])

    def table_key(self, name: str) -> str:
        return f"{self.schema}.{name}"

    def table_bytes(self, conn: Any, table: str) -> int | None:
        """Data and index bytes from ``information_schema`` (InnoDB's estimate)."""
        name = table.split(".")[-1].strip('"')
        row = conn.execute(
            "SELECT COALESCE(data_length, 0) + COALESCE(index_length, 0) "
            "FROM information_schema.tables WHERE table_schema = %s AND table_name = %s",
            (self.schema, name),
        ).fetchone()
        return None if row is None else int(row[0] or 0)

    def dump_command(self, tables: Sequence[str], path: str) -> str:
        """``mysqldump`` of these tables in one consistent snapshot (the password is not in
        the command: mysqldump asks for it, or reads ``MYSQL_PWD`` or an option file)."""
        opts = self.options
        tables = self._existing(tables)
        args = ["mysqldump", "--single-transaction", "--no-tablespaces"]
        if opts.get("unix_socket"):
            args.append(f"--socket={opts['unix_socket']}")
        else:
            args += [f"--host={opts.get('host', 'localhost')}", f"--port={opts.get('port')}"]
        if opts.get("user"):
            args.append(f"--user={opts['user']}")
        if opts.get("password"):
            args.append("--password")
        args += [f"--result-file={path}", str(self.schema), *tables]
        return " ".join(shlex.quote(a) for a in args)

    def _existing(self, tables: Sequence[str]) -> list[str]:
        """The tables that are there (mysqldump fails on a table that is not, as pg_dump does
        not); all of them when the server cannot be asked."""
        try:
            with self.open_conn(read_only=True) as conn:
                there = {self.table_key(t) for t in self.list_tables(conn)}
        except KernError:
            return list(tables)
        found = [t for t in tables if self.table_key(t) in there]
        return found or list(tables)

    # -- identity ----------------------------------------------------------------------------

    def same_database(self, other: Dialect) -> bool:
        """The same server, by a named lock one connection holds that the other sees taken
        (named locks are server-wide), and the same database name."""
        if other.schema != self.schema:
            return False
        name = f"kern-{secrets.token_hex(8)}"
        with self.open_conn(read_only=True) as a, other.open_conn(read_only=True) as b:
            a.execute("SELECT GET_LOCK(%s, 0)", (name,)).fetchone()
            try:
                row = b.execute("SELECT IS_FREE_LOCK(%s)", (name,)).fetchone()
                return not bool(row[0])
            finally:
                a.execute("SELECT RELEASE_LOCK(%s)", (name,)).fetchone()

    @classmethod
    def translate(cls, exc: BaseException, text: str, display: str) -> KernError | None:
        """A lock wait timeout or deadlock, a statement timeout, a lost connection, a packet
        too large and a read-only refusal; None for the rest."""
        if not type(exc).__module__.startswith("pymysql"):
            return None
        code = _code(exc)
        message = _message(exc)
        if code in (_LOCK_WAIT, _DEADLOCK):
            what = "timed out waiting for a lock" if code == _LOCK_WAIT else "deadlock"
            return ConnectError(
                f"database is locked: {display} ({what})",
                hint="another session holds a lock on these rows or the table; retry, "
                "or raise KERN_LOCK_TIMEOUT",
            )
        if code in _STATEMENT_TIMEOUTS:
            return ConnectError(
                f"database timed out: {display} ({message})",
                hint="retry, or raise KERN_STATEMENT_TIMEOUT",
            )
        if code in _PACKET_TOO_LARGE:
            return KernError(
                f"a value is larger than the server's max_allowed_packet on {display}",
                hint="raise max_allowed_packet on the server",
            )
        if code in _CONNECTION_LOST:
            return ConnectError(f"lost the connection to {display}: {mask_url(message)}")
        if code in _READ_ONLY:
            return ConnectError(f"database is read-only: {display} ({message})")
        return KernError(f"database error on {display}: {mask_url(message)}")

    # -- SQLAlchemy --------------------------------------------------------------------------

    def sa_dialect(self) -> Any:
        from sqlalchemy.dialects import mysql

        return mysql.dialect(is_mariadb=bool(self.mariadb))

    def sa_table_options(self) -> dict[str, Any]:
        """utf8mb4 whatever the database's default: text in any script, emoji included."""
        return {"mysql_charset": "utf8mb4"}

    def sa_type(self, role: str) -> Any:
        """JSON; ``LONGTEXT`` for long text (``TEXT`` holds 64 KiB at most)."""
        from sqlalchemy import JSON
        from sqlalchemy.dialects.mysql import LONGTEXT

        return JSON() if role == "json" else LONGTEXT()


DIALECT_CLASSES[MysqlDialect.kind] = MysqlDialect


def _connect_options(conninfo: str) -> dict[str, Any]:
    """PyMySQL's connect arguments for a ``mysql://`` URL (utf8mb4 unless it says otherwise)."""
    try:
        parts = urlsplit(conninfo)
        port = parts.port
    except ValueError as exc:
        raise BadInputError(f"malformed MySQL URL: {mask_url(conninfo)} ({exc})") from None
    options: dict[str, Any] = {"charset": "utf8mb4"}
    if parts.hostname:
        options["host"] = parts.hostname
    options["port"] = port or DEFAULT_PORT
    if parts.username is not None:
        options["user"] = unquote(parts.username)
    if parts.password is not None:
        options["password"] = unquote(parts.password)
    database = unquote(parts.path.lstrip("/"))
    if database:
        options["database"] = database
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        kind = _URL_OPTIONS.get(key)
        if kind is None:
            raise BadInputError(
                f"unknown MySQL URL parameter {key!r}",
                hint="kern takes " + ", ".join(sorted(_URL_OPTIONS)),
            )
        if kind is bool:
            options[key] = value.lower() in ("1", "true", "yes", "on")
        elif kind is int:
            try:
                options[key] = int(value)
            except ValueError:
                raise BadInputError(f"MySQL URL parameter {key} must be a number") from None
        else:
            options[key] = value
    if "password" not in options and os.environ.get("MYSQL_PWD"):
        options["password"] = os.environ["MYSQL_PWD"]
    ssl_keys = [k for k in options if k.startswith("ssl_")]
    if ssl_keys:
        options["ssl"] = {k.removeprefix("ssl_"): options.pop(k) for k in ssl_keys}
    return options


def _converters() -> dict[Any, Any]:
    """PyMySQL's converters, with DECIMAL (what SUM of integers gives) as int or float."""
    from pymysql.constants import FIELD_TYPE
    from pymysql.converters import conversions

    conv = dict(conversions)
    conv[FIELD_TYPE.NEWDECIMAL] = _number
    conv[FIELD_TYPE.DECIMAL] = _number
    return conv


def _number(text: str | bytes) -> int | float:
    value = Decimal(text.decode() if isinstance(text, bytes) else text)
    return int(value) if value == value.to_integral_value() else float(value)


def _keepalive(raw: Any) -> None:
    sock = getattr(raw, "_sock", None)
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for name, value in KEEPALIVE.items():
            if hasattr(socket, name):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)
        if hasattr(socket, "TCP_USER_TIMEOUT"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, TCP_USER_TIMEOUT_MS)


def _code(exc: BaseException) -> int | None:
    args: tuple[Any, ...] = exc.args
    return int(args[0]) if args and isinstance(args[0], int) else None


def _message(exc: BaseException) -> str:
    """The server's or driver's message without its error number."""
    args: tuple[Any, ...] = exc.args
    if len(args) >= 2 and isinstance(args[1], str):
        return " ".join(str(args[1]).split()) or type(exc).__name__
    return first_line(exc)


def _wholeseconds_setting(seconds: float) -> int:
    """Whole seconds for a server setting; a positive value never rounds down to 0."""
    return max(1, round(seconds)) if seconds > 0 else 0


def _text(value: Any) -> str:
    """A text value PyMySQL may return as bytes (information_schema, binary expressions)."""
    return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)
