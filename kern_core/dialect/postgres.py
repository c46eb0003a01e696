"""PostgreSQL: a schema (``ai`` by default) in one database, through psycopg 3.

Its quirks: JSON columns are jsonb, text cannot hold NUL, rows are locked with ``FOR UPDATE``,
bulk writes go through ``COPY``, every connection carries lock, statement and idle timeouts,
Ctrl-C sends a cancel request, and agno keeps tool-result payloads in the ``fs`` schema.
psycopg is imported on first connection, never by a command that does not need it.
"""

from __future__ import annotations

import os
import secrets
import shlex
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from typing import Any

from kern_core.dialect.base import (
    DIALECT_CLASSES,
    Catalog,
    Dialect,
    IndexInfo,
    ServerDialect,
    StorageRules,
    first_line,
    nested_document,
    quote,
)
from kern_core.errors import BadInputError, ConnectError, KernError
from kern_core.url import Location, mask_url

#: libpq keepalives and TCP user timeout: a server host that vanishes after login is noticed
#: in about a minute instead of never. Used unless the URL sets them.
KEEPALIVES = {
    "keepalives": "1",
    "keepalives_idle": "30",
    "keepalives_interval": "10",
    "keepalives_count": "3",
}
TCP_USER_TIMEOUT_MS = 60_000
#: Seconds a Ctrl-C waits for PostgreSQL to take a cancel request.
CANCEL_TIMEOUT = 5.0
#: Where agno's PostgresDb keeps tool-result payloads.
PAYLOAD_SCHEMA = "fs"
#: jsonb and UTF-8 text: no NUL, no lone surrogate, no NaN or Infinity; no length to check.
STORAGE = StorageRules(
    name="PostgreSQL",
    json_name="PostgreSQL jsonb",
    json_holds_nul=False,
    json_holds_surrogates=False,
    json_holds_non_finite=False,
)
_ICU_QUERY = (
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_collation "
    "WHERE collname = 'und-x-icu' AND collnamespace = 'pg_catalog'::regnamespace)"
)


class PostgresDialect(ServerDialect):
    kind = "postgresql"
    param = "%s"
    payload_schema = PAYLOAD_SCHEMA
    row_lock = " FOR UPDATE"
    json_holds_nul = False
    json_scalars_as_text = True
    digests_in_sql = True
    online_index = " CONCURRENTLY"
    builds_record_lines = True
    base_relations = ("r", "p")

    def __init__(self, location: Location, **options: Any) -> None:
        super().__init__(location, **options)
        self._icu: bool | None = None

    def storage_rules(
        self, conn: Any | None, session_table: str, runs_table: str | None
    ) -> StorageRules:
        return STORAGE

    def session_settings(self, read_only: bool) -> dict[str, int]:
        """The server settings every connection starts with, in milliseconds."""
        settings = {"lock_timeout": _ms(self.lock_timeout)}
        statement = self.statement_timeout
        if statement is not None:
            settings["statement_timeout"] = _ms(statement)
        if not read_only:
            settings["idle_in_transaction_session_timeout"] = _ms(self.idle_timeout)
        return settings

    def connect(self, read_only: bool) -> Any:
        """A psycopg connection with kern's lock, statement and idle timeouts sent as startup
        options (before any the URL or ``PGOPTIONS`` gives, which win) and TCP keepalives, so
        no lock, stalled statement or vanished server makes a command wait forever."""
        import psycopg
        from psycopg.conninfo import conninfo_to_dict

        timeout = self.connect_seconds
        settings = self.session_settings(read_only)
        try:
            given = conninfo_to_dict(str(self.location.conninfo))
            extra: dict[str, Any] = {k: v for k, v in KEEPALIVES.items() if k not in given}
            if "application_name" not in given and not os.environ.get("PGAPPNAME"):
                extra["application_name"] = "kern"
            if "tcp_user_timeout" not in given and psycopg.pq.version() >= 120000:
                extra["tcp_user_timeout"] = str(TCP_USER_TIMEOUT_MS)
            ours = " ".join(f"-c {name}={value}" for name, value in settings.items())
            theirs = given.get("options") or os.environ.get("PGOPTIONS") or ""
            conn = psycopg.connect(
                str(self.location.conninfo),
                connect_timeout=timeout,
                autocommit=False,
                options=f"{ours} {theirs}".strip(),
                **extra,
            )
        except psycopg.Error as exc:
            raise ConnectError(
                f"cannot connect to {mask_url(str(self.location.conninfo))}: {first_line(exc)}",
                hint="check host, port, user, password and database name",
            ) from None
        except (ValueError, UnicodeError) as exc:
            raise BadInputError(f"malformed PostgreSQL URL: {first_line(exc)}") from None
        conn.read_only = read_only
        return conn

    def table(self, name: str) -> str:
        return f"{quote(str(self.schema))}.{quote(name)}"

    def json_text(self, column: str) -> str:
        return f"{column}::text"

    def as_bytes(self, expr: str) -> str:
        return f"convert_to({expr}, 'UTF8')"

    def fetch_bulk(
        self, conn: Any, sql: str, params: Sequence[Any], binary: bool = False
    ) -> list[Any]:
        """Binary results hand bytea over as the bytes themselves (text results would send
        it hex-encoded)."""
        return list(conn.execute(sql, params, binary=binary).fetchall())

    @property
    def streams_results(self) -> bool:
        """A statement timeout bounds each statement: one COPY would make it bound a whole
        export, so with one set, exports go page by page."""
        return self.statement_timeout is None

    def stream_fields(
        self, conn: Any, select: str, params: Sequence[Any]
    ) -> Iterator[list[bytes | None]]:
        """``COPY (select) TO STDOUT`` as CSV whose quote and delimiter are \\x01 and \\x02,
        which JSON text never holds raw: a row is its fields' bytes as they are, split at
        each \\x02. Only a field holding a raw line break (``json`` text may) is quoted."""
        copy_sql = (
            f"COPY ({select}) TO STDOUT WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')"
        )
        with conn.cursor() as cur, cur.copy(copy_sql, params or None) as copy:
            for data in copy:
                row = bytes(data)
                if b"\x01" in row:
                    yield _quoted_fields(row)
                    continue
                fields: list[bytes | None] = list(row[:-1].split(b"\x02"))
                yield [f if f else None for f in fields]

    def export_snapshot(self, conn: Any) -> str:
        """The id other connections join this transaction's snapshot by."""
        return str(conn.execute("SELECT pg_export_snapshot()").fetchone()[0])

    def join_snapshot(self, conn: Any, snapshot: str) -> None:
        """Make ``conn``'s read transaction see the snapshot ``snapshot`` names."""
        self.begin_snapshot(conn)
        conn.execute(f"SET TRANSACTION SNAPSHOT {_literal(snapshot)}")

    def json_string(self, expr: str) -> str:
        return f"to_json({expr})::text"

    def is_plain_text(self, expr: str) -> str:
        return f"({expr} ~ '^[ -~]*$')"

    def integer_text(self, expr: str) -> tuple[str, str]:
        types = ", ".join(f"'{t}'::regtype" for t in ("bigint", "integer", "smallint"))
        return f"pg_typeof({expr}) IN ({types})", f"{expr}::text"

    def json_first_char(self, column: str) -> str:
        return f"left({column}::text, 1)"

    def joined_runs(self, runs: str, session_id: str, order: Sequence[str]) -> str:
        """Each payload cast to text once (``OFFSET 0`` keeps the planner from casting again
        for the test); ordered in full inside the aggregate."""
        cols = ", ".join(f"r.{c}" for c in order)
        by = ", ".join(f"x.{c}" for c in order)
        return (
            "(SELECT CASE WHEN count(*) = 0 THEN '0:' WHEN bool_and(left(x.t, 1) = '{') "
            f"THEN count(*) || ':' || string_agg(x.t, ', ' ORDER BY {by}) END "
            f"FROM (SELECT coalesce(r.run_data::text, 'null') AS t, {cols} FROM {runs} r "
            f"WHERE r.session_id = {session_id} OFFSET 0) x)"
        )

    def computed_once(self, select: str) -> str:
        """``OFFSET 0`` keeps the planner from pulling the subquery up (and so from computing
        each of its expressions again wherever the outer query uses it)."""
        return f"{select} OFFSET 0"

    def session_name_expr(self, column: str) -> str:
        return f"({column}::jsonb ->> 'session_name')"

    def bytewise(self, expr: str) -> str:
        """The "C" collation: byte order of UTF-8, which is code point order."""
        return f'({expr}) COLLATE "C"'

    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """``strpos`` on the same folding of both sides: ICU's full upper-then-lower mapping
        (``ß`` -> ``ss``) where the server has ICU, final sigma as sigma. ILIKE compares
        character by character and misses both."""
        return f"strpos({self._fold(expr)}, {self._fold('%s::text')}) > 0", needle

    def contains_ascii_folded(self, expr: str, fragment: str) -> tuple[str, Any]:
        """``strpos`` in the text lowered under the "C" collation: ASCII case folding whatever
        the database's locale (a Turkish one lowers ``I`` to dotless ``ı``). A quarter faster
        than ILIKE, whose pattern matcher is slower than strpos's substring search."""
        return f'strpos(lower(({expr}) COLLATE "C"), %s) > 0', fragment

    def contains_exact(self, expr: str, needle: str) -> tuple[str, Any]:
        return f"strpos({expr}, %s) > 0", needle

    def _fold(self, expr: str) -> str:
        collated = f'({expr}) COLLATE pg_catalog."und-x-icu"' if self._icu is not False else expr
        return f"replace(translate(lower(upper({collated})), 'ς', 'σ'), 'ß', 'ss')"

    def json_array_length_expr(self, column: str) -> str:
        return (
            f"(CASE WHEN jsonb_typeof({column}::jsonb) = 'array' "
            f"THEN jsonb_array_length({column}::jsonb) END)"
        )

    def json_elements_from(self, column: str, alias: str, *, ordered: bool = False) -> str:
        """``jsonb_array_elements`` over the array (``ordered``: with its position as
        ``alias.idx``); no rows when the value is not an array."""
        safe = (
            f"CASE WHEN jsonb_typeof({column}::jsonb) = 'array' THEN {column}::jsonb "
            f"ELSE '[]'::jsonb END"
        )
        if ordered:
            return f"jsonb_array_elements({safe}) WITH ORDINALITY AS {alias}(value, idx)"
        return f"jsonb_array_elements({safe}) AS {alias}"

    def element_position(self, alias: str) -> str:
        return f"{alias}.idx"

    def element_is_object(self, alias: str) -> str:
        return f"jsonb_typeof({alias}.value) = 'object'"

    def json_key_text(self, expr: str, key: str) -> str:
        return f"({expr} ->> '{key}')"

    def json_object(self, column: str) -> str:
        return f"{column}::jsonb"

    def json_scalar(self, expr: str, *paths: str) -> tuple[str, str]:
        found = [f"{expr} #> '{{{','.join(p.split('.'))}}}'" for p in paths]
        value = found[0] if len(found) == 1 else f"COALESCE({', '.join(found)})"
        return f"jsonb_typeof({value})", f"({value})::text"

    def json_array_has(
        self, expr: str, path: Sequence[str], match: Mapping[str, str | bool]
    ) -> tuple[str, list[Any]]:
        """jsonb containment, which the same shape of document answers exactly."""
        return f"COALESCE(({expr}) @> %s::jsonb, false)", [nested_document(path, match)]

    def json_value_at(self, expr: str, *path: str) -> str:
        return f"({expr} #> '{{{','.join(path)}}}')"

    def add_index(self, conn: Any, table: str, columns: Sequence[str], statement: str) -> None:
        """``CREATE INDEX CONCURRENTLY`` runs outside a transaction (autocommit) and builds
        without blocking writes. A build that failed or was interrupted leaves an invalid
        index, which ``IF NOT EXISTS`` would keep: one of that name is dropped first, and
        after a failure of this build."""
        name = self.index_name(table, columns)
        conn.rollback()
        conn.autocommit = True
        try:
            self._drop_invalid_index(conn, name)
            try:
                conn.execute(statement)
            except BaseException:
                with suppress(Exception):
                    self._drop_invalid_index(conn, name)
                raise
        finally:
            with suppress(Exception):
                conn.autocommit = False

    def _drop_invalid_index(self, conn: Any, name: str) -> None:
        row = conn.execute(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND NOT i.indisvalid",
            (str(self.schema), name),
        ).fetchone()
        if row is not None:
            conn.execute(
                f"DROP INDEX CONCURRENTLY IF EXISTS {quote(str(self.schema))}.{quote(name)}"
            )

    def member_values_from(self, expr: str, alias: str) -> str:
        obj = f"CASE WHEN jsonb_typeof({expr}) = 'object' THEN {expr} ELSE '{{}}'::jsonb END"
        return f"jsonb_each({obj}) AS {alias}(key, value)"

    def nested_elements_from(self, expr: str, alias: str) -> str:
        """``jsonb_each`` over the object, then ``jsonb_array_elements`` of each array."""
        obj = f"CASE WHEN jsonb_typeof({expr}) = 'object' THEN {expr} ELSE '{{}}'::jsonb END"
        arr = (
            f"CASE WHEN jsonb_typeof({alias}_m.value) = 'array' THEN {alias}_m.value "
            f"ELSE '[]'::jsonb END"
        )
        return (
            f"jsonb_each({obj}) AS {alias}_m(key, value), "
            f"jsonb_array_elements({arr}) AS {alias}(value)"
        )

    def json_number(self, expr: str, *path: str) -> str:
        where = "'{" + ",".join(path) + "}'"
        doc = self.json_object(expr)
        value = f"({doc} #>> {where})::numeric"
        return (
            f"(CASE WHEN jsonb_typeof({doc} #> {where}) = 'number' "
            f"AND abs({value}) < 9e18 THEN {value} END)"
        )

    def stored_bytes(self, column: str) -> str:
        return f"COALESCE(pg_column_size({column}), 0)"

    def row_bytes(self, alias: str, columns: Sequence[str]) -> str:
        return f"pg_column_size({alias}.*)"

    def utc_day(self, seconds: str) -> str:
        return f"to_char(to_timestamp({seconds}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    def catalog(self, conn: Any) -> Catalog:
        """The schema's tables (and the payload schema's) with their columns and foreign keys,
        in one query: detection then makes no other round trip to the catalog. It also says
        whether the server has ICU's root collation, which case-insensitive search uses (every
        query that searches is built after a detection)."""
        schemas = [str(self.schema), *([self.payload_schema] if self.payload_schema else [])]
        rows = conn.execute(
            f"SELECT ({_ICU_QUERY}), t.* FROM (SELECT 1) one LEFT JOIN LATERAL ("
            "SELECT n.nspname::text, c.relname::text, "
            "array(SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), "
            "array(SELECT ref.relname::text FROM pg_catalog.pg_constraint k "
            "JOIN pg_catalog.pg_class ref ON ref.oid = k.confrelid "
            "WHERE k.conrelid = c.oid AND k.contype = 'f' ORDER BY 1), "
            "array(SELECT DISTINCT ref.relname::text FROM pg_catalog.pg_constraint k "
            "JOIN pg_catalog.pg_class ref ON ref.oid = k.confrelid "
            "JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace "
            "WHERE k.conrelid = c.oid AND k.contype = 'f' AND rn.nspname = n.nspname) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
            ") t ON true ORDER BY 3",
            (schemas,),
        ).fetchall()
        tables: list[str] = []
        columns: dict[tuple[str, str], list[str]] = {}
        targets: dict[str, list[str]] = {}
        referencing: dict[str, list[str]] = {}
        for icu, schema, name, cols, refs, local_refs in rows:
            self._icu = bool(icu)
            if name is None:
                continue
            columns[(schema, name)] = list(cols)
            if schema != self.schema:
                continue
            tables.append(name)
            targets[name] = list(refs)
            for ref in local_refs:
                referencing.setdefault(ref, []).append(name)
        return Catalog.known(self, conn, tables, columns, targets, referencing, schemas)

    def list_tables(self, conn: Any) -> list[str]:
        rows = conn.execute(
            "SELECT c.relname FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1",
            (self.schema,),
        ).fetchall()
        return [r[0] for r in rows]

    def session_tables_elsewhere(self, conn: Any) -> list[str]:
        """``schema.table`` of every table in any schema that looks like a session table."""
        rows = conn.execute(
            "SELECT table_schema || '.' || table_name FROM information_schema.columns "
            "WHERE column_name = 'session_type' AND table_schema NOT IN "
            "('pg_catalog', 'information_schema') ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def columns(self, conn: Any, table: str, schema: str | None = None) -> list[str]:
        """Column names in order, from pg_catalog (information_schema is slow to query)."""
        rows = conn.execute(
            "SELECT a.attname FROM pg_catalog.pg_attribute a "
            "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            (schema or self.schema, table),
        ).fetchall()
        return [r[0] for r in rows]

    def foreign_key_targets(self, conn: Any, table: str) -> list[str]:
        rows = conn.execute(
            "SELECT ref.relname FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "JOIN pg_class ref ON ref.oid = c.confrelid "
            "WHERE c.contype = 'f' AND n.nspname = %s AND t.relname = %s",
            (self.schema, table),
        ).fetchall()
        return [r[0] for r in rows]

    def indexes(self, conn: Any, table: str) -> list[IndexInfo]:
        """The valid ones: an interrupted concurrent build leaves an invalid index, which no
        query uses (``kern db index`` replaces it)."""
        rows = conn.execute(
            "SELECT i.relname, ix.indisunique, "
            "array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) "
            "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid "
            "JOIN pg_class i ON i.oid = ix.indexrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = %s AND t.relname = %s AND ix.indisvalid ORDER BY i.relname",
            (self.schema, table),
        ).fetchall()
        return [IndexInfo(r[0], tuple(r[2]), bool(r[1])) for r in rows]

    def in_clause(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        return f"{column} = ANY(%s)", [list(values)]

    def executemany(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)

    def begin_write(self, conn: Any) -> None:
        """psycopg opens the transaction implicitly on the first statement."""

    def interrupt(self, conn: Any) -> None:
        """A cancel request on its own connection to the server (what psql sends on Ctrl-C);
        waits until it is delivered, so a statement blocked on a lock ends before kern exits."""
        cancel = getattr(conn, "cancel_safe", None)
        if cancel is not None:
            cancel(timeout=CANCEL_TIMEOUT)
        else:
            conn.cancel()

    def ensure_schema(self, conn: Any, schema: str | None = None) -> None:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema or str(self.schema))}")

    def begin_snapshot(self, conn: Any) -> None:
        """A REPEATABLE READ read-only transaction: one snapshot for every batch."""
        import psycopg

        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ

    def end_read(self, conn: Any) -> None:
        conn.rollback()

    def insert_rows(
        self, conn: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """``COPY ... FROM STDIN``."""
        names = ", ".join(quote(c) for c in columns)
        with conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def insert_new(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> list[bool]:
        """One pipelined ``executemany``, each row ``RETURNING`` whether it went in."""
        inserted: list[bool] = []
        with conn.cursor() as cur:
            cur.executemany(sql + " RETURNING 1", rows, returning=True)
            while True:
                inserted.append(bool(cur.fetchall()))
                if not cur.nextset():
                    break
        return inserted

    def referencing_tables(self, conn: Any, table: str) -> list[str]:
        rows = conn.execute(
            "SELECT DISTINCT t.relname FROM pg_catalog.pg_constraint c "
            "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
            "JOIN pg_catalog.pg_class ref ON ref.oid = c.confrelid "
            "JOIN pg_catalog.pg_namespace rn ON rn.oid = ref.relnamespace "
            "WHERE c.contype = 'f' AND n.nspname = %s AND rn.nspname = %s AND ref.relname = %s "
            "ORDER BY 1",
            (self.schema, self.schema, table),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def has_table(self, conn: Any, name: str, schema: str | None = None) -> bool:
        row = conn.execute("SELECT to_regclass(%s)", [self.qualified(name, schema)]).fetchone()
        return row is not None and row[0] is not None

    def relation_kind(self, conn: Any, table: str) -> str | None:
        """The ``relkind``: ``r`` table, ``p`` partitioned table, ``v`` view, ..."""
        try:
            row = conn.execute(
                "SELECT c.relkind FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = %s",
                (self.schema, table),
            ).fetchone()
        finally:
            conn.rollback()
        return None if row is None else str(row[0])

    def table_key(self, name: str) -> str:
        return f"{self.schema}.{name}"

    def table_bytes(self, conn: Any, table: str) -> int | None:
        row = conn.execute("SELECT pg_total_relation_size(%s::regclass)", [table])
        return int(row.fetchone()[0] or 0)

    def dump_command(self, tables: Sequence[str], path: str) -> str:
        """``pg_dump`` of these tables (password masked: pg_dump takes it from ~/.pgpass or
        PGPASSWORD)."""
        args = ["pg_dump", "--format=custom", f"--file={path}"]
        args += [f'--table="{self.schema}"."{t}"' for t in tables]
        args.append(mask_url(str(self.location.conninfo)))
        return " ".join(shlex.quote(a) for a in args)

    def same_database(self, other: Dialect) -> bool:
        """The cluster's system identifier and database name, else an advisory-lock probe."""
        with self.open_conn(read_only=True) as a, other.open_conn(read_only=True) as b:
            id_a, id_b = _database_id(a), _database_id(b)
            if id_a is not None and id_b is not None:
                return id_a == id_b
            return advisory_probe(a, b)

    def shares_rows(self, conn: Any, table: str, other_schema: str | None, other: str) -> bool:
        """Inheritance or partitioning, either way round."""
        a, b = (str(self.schema), table), (str(other_schema), other)
        try:
            return any(
                conn.execute(_ANCESTORS, (*child, *parent)).fetchone()[0]
                for child, parent in ((a, b), (b, a))
            )
        finally:
            conn.rollback()

    @classmethod
    def translate(cls, exc: BaseException, text: str, display: str) -> KernError | None:
        """A lock timeout, statement timeout or lost connection (SQLSTATE 55P03, 57014, 25P03,
        57P01-57P03, or none at all) as a :class:`ConnectError`; None otherwise."""
        if not type(exc).__module__.startswith("psycopg"):
            return None
        import psycopg

        state = getattr(exc, "sqlstate", None)
        if state == "55P03":
            return ConnectError(
                f"database is locked: {display} (timed out waiting for a lock)",
                hint="another session holds a lock on these rows or the table; retry, "
                "or raise KERN_LOCK_TIMEOUT",
            )
        if state == "57014":
            return ConnectError(
                f"database timed out: {display} ({text})",
                hint="retry, or raise KERN_STATEMENT_TIMEOUT",
            )
        if state == "25P03":
            return ConnectError(
                f"database timed out: {display} (transaction idle too long)",
                hint="retry, or raise KERN_IDLE_TIMEOUT",
            )
        if state in ("57P01", "57P02", "57P03") or (
            state is None and isinstance(exc, psycopg.OperationalError)
        ):
            return ConnectError(f"lost the connection to {display}: {mask_url(text)}")
        return None

    def sa_dialect(self) -> Any:
        from sqlalchemy.dialects import postgresql

        return postgresql.dialect()  # type: ignore[no-untyped-call]

    def sa_type(self, role: str) -> Any:
        from sqlalchemy import Text
        from sqlalchemy.dialects import postgresql

        return postgresql.JSONB() if role == "json" else Text()


DIALECT_CLASSES[PostgresDialect.kind] = PostgresDialect

_ANCESTORS = (
    "WITH RECURSIVE up(oid) AS ("
    "SELECT c.oid FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = %s AND c.relname = %s "
    "UNION SELECT i.inhparent FROM pg_catalog.pg_inherits i JOIN up ON i.inhrelid = up.oid) "
    "SELECT EXISTS (SELECT 1 FROM up JOIN pg_catalog.pg_class c ON c.oid = up.oid "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = %s AND c.relname = %s)"
)


def _database_id(conn: Any) -> tuple[str, str] | None:
    """The cluster's system identifier and the database name; None where the server does not
    let this user read them."""
    import psycopg

    try:
        row = conn.execute(
            "SELECT system_identifier::text, current_database() FROM pg_control_system()"
        ).fetchone()
    except psycopg.Error:
        return None
    finally:
        conn.rollback()
    return (str(row[0]), str(row[1]))


def advisory_probe(source_conn: Any, target_conn: Any) -> bool:
    """True when two PostgreSQL connections reach the same database: a random advisory lock
    the source holds cannot be taken by the target (advisory locks are per database)."""
    key = secrets.randbits(63)
    try:
        source_conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,)).fetchone()
        row = target_conn.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", (key,))
        return not bool(row.fetchone()[0])
    finally:
        target_conn.rollback()
        source_conn.rollback()


def _ms(seconds: float) -> int:
    """Milliseconds for a server setting; a positive value never rounds down to 0 (off)."""
    return max(1, round(seconds * 1000)) if seconds > 0 else 0


def _quoted_fields(row: bytes) -> list[bytes | None]:
    """A COPY CSV row (quote \\x01, delimiter \\x02) with quoted fields, split; an empty
    unquoted field is NULL."""
    import csv

    text = row.decode("utf-8").rstrip("\n")
    reader = csv.reader([text], delimiter="\x02", quotechar="\x01", strict=True)
    fields = next(reader)
    return [f.encode("utf-8") if f else None for f in fields]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
