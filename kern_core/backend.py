"""Connections and the few dialect differences between SQLite and PostgreSQL.

Statements run on plain DB-API connections (stdlib ``sqlite3``, psycopg 3): a read command
never imports SQLAlchemy, which keeps start-up close to a bare script. SQLAlchemy Core defines
the tables and their DDL (``schema.py``) and is imported only when a table must be created.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kern_core.errors import BadInputError, ConnectError, KernError
from kern_core.jsoncodec import sqlite_text_factory
from kern_core.url import Location, mask_url

_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
DEFAULT_BUSY_TIMEOUT = 10.0
DEFAULT_CONNECT_TIMEOUT = 10
#: PostgreSQL waits this long for a lock (as SQLite's busy timeout), then fails: exit 4.
DEFAULT_LOCK_TIMEOUT = DEFAULT_BUSY_TIMEOUT
#: A write transaction left idle this long (a stopped kern) is ended by the server.
DEFAULT_IDLE_TIMEOUT = 60.0
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
#: SQLite waits for the write lock in slices of this many milliseconds, so Ctrl-C is seen.
BUSY_SLICE_MS = 100


def check_identifier(name: str, what: str = "table") -> str:
    """Return ``name`` if it is a plain SQL identifier, else raise :class:`BadInputError`.

    Table and schema names are validated and then quoted, never interpolated raw.
    """
    if not isinstance(name, str) or not _IDENT_RE.match(name):
        shown = repr(name)[:80]
        raise BadInputError(
            f"invalid {what} name {shown}",
            hint="names may use letters, digits and _ (at most 63 characters)",
        )
    return name


def quote(name: str) -> str:
    return '"' + check_identifier(name) + '"'


@dataclass(frozen=True)
class IndexInfo:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


class Backend(ABC):
    """One database server or file, with its dialect's SQL spelling and introspection."""

    kind: str
    param: str
    schema: str | None = None

    def __init__(self, location: Location) -> None:
        self.location = location

    @property
    def display(self) -> str:
        return self.location.display

    @abstractmethod
    def connect(self, read_only: bool) -> Any: ...

    def connect_creating(self) -> Any:
        """A writable connection for a write that creates its tables (import, migrate's
        target, demo): the only kind that may create a SQLite file that is not there."""
        return self.connect(read_only=False)

    def table(self, name: str) -> str:
        """The quoted, schema-qualified name of a table."""
        return quote(name)

    def params(self, n: int) -> str:
        return ", ".join([self.param] * n)

    @abstractmethod
    def json_text(self, column: str) -> str:
        """SQL for the JSON text of a column (PostgreSQL casts jsonb to text)."""

    @abstractmethod
    def session_name_expr(self, column: str) -> str:
        """SQL for ``session_data.session_name`` as text, whatever the column's encoding."""

    @abstractmethod
    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """SQL that is true when the text ``expr`` contains ``needle`` under Unicode case
        folding, and its one parameter; the needle is literal text, never a pattern."""

    @abstractmethod
    def json_array_length_expr(self, column: str) -> str: ...

    @abstractmethod
    def json_elements_from(self, column: str, alias: str) -> str: ...

    @abstractmethod
    def json_key_text(self, expr: str, key: str) -> str: ...

    @abstractmethod
    def list_tables(self, conn: Any) -> list[str]: ...

    @abstractmethod
    def columns(self, conn: Any, table: str) -> list[str]: ...

    @abstractmethod
    def foreign_key_targets(self, conn: Any, table: str) -> list[str]: ...

    @abstractmethod
    def indexes(self, conn: Any, table: str) -> list[IndexInfo]: ...

    @abstractmethod
    def begin_write(self, conn: Any) -> None:
        """Start a write transaction that takes its locks at once."""

    def begin_read(self, conn: Any) -> None:  # noqa: B027 - most backends need nothing
        """Start a read transaction: one consistent snapshot for a multi-statement read."""

    def ensure_schema(self, conn: Any) -> None:  # noqa: B027 - SQLite has no schemas
        """Create the schema that holds the tables, where the backend has schemas."""

    @contextmanager
    def transaction(self, conn: Any) -> Iterator[None]:
        """One write transaction. On Ctrl-C nothing more is sent: the connection may be mid
        statement, so its owner abandons it (:meth:`abandon`) and the database rolls back."""
        self.begin_write(conn)
        try:
            yield
        except KeyboardInterrupt:
            raise
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    @abstractmethod
    def interrupt(self, conn: Any) -> None:
        """Stop the statement running on ``conn``, from any thread, sending no statement."""

    def abandon(self, conn: Any) -> None:
        """Close a connection a Ctrl-C left in an unknown state: stop what runs on it and
        close it, with no rollback or other statement (the database rolls the open
        transaction back when the connection goes)."""
        with suppress(Exception):
            self.interrupt(conn)
        with suppress(Exception):
            conn.close()

    def executemany(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        conn.executemany(sql, rows)

    def fetch_bulk(self, conn: Any, sql: str, params: Sequence[Any]) -> list[Any]:
        """``fetchall`` for the large reads of streams and exports."""
        return list(conn.execute(sql, params).fetchall())

    def in_clause(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column IN (...)`` for a list of values, and its parameters."""
        return f"{column} IN ({self.params(len(values))})", list(values)

    @contextmanager
    def open_conn(self, read_only: bool) -> Iterator[Any]:
        """A connection of its own for one operation, closed afterwards, with driver errors
        turned into :class:`KernError` (long operations do not share the db object's)."""
        conn = self.connect(read_only=read_only)
        interrupted = False
        try:
            with self.translating_errors():
                yield conn
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            if interrupted:
                self.abandon(conn)
            else:
                try:
                    conn.rollback()
                finally:
                    conn.close()

    @contextmanager
    def translating_errors(self) -> Iterator[None]:
        """Turn driver errors raised inside the block into one-line :class:`KernError`s."""
        try:
            yield
        except KernError:
            raise
        except driver_errors() as exc:
            raise translate_error(self, exc) from exc


class SqliteBackend(Backend):
    kind = "sqlite"
    param = "?"

    def __init__(self, location: Location, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        super().__init__(location)
        self.path = str(location.path)
        self.busy_timeout = busy_timeout
        self._interrupted: set[int] = set()

    def connect(self, read_only: bool, *, create: bool = False) -> sqlite3.Connection:
        """Open the file; a missing one is an error unless ``create`` (reads never create it,
        and neither does a delete or rename on a mistyped path)."""
        path = Path(self.path)
        if read_only and not path.exists():
            raise ConnectError(
                f"SQLite database not found: {self.path}",
                hint="check the path, or pass --db / --target",
            )
        if not read_only and not create and not path.exists():
            raise ConnectError(
                f"no such database file: {self.path}",
                hint="check the path; only import, migrate --to and demo create a database",
            )
        if path.is_dir():
            raise ConnectError(f"{self.path} is a directory, not a SQLite database")
        if not read_only and not path.parent.exists():
            raise ConnectError(f"directory does not exist: {path.parent}")
        uri = path.absolute().as_uri() + "?mode=" + _sqlite_mode(path, read_only)
        try:
            conn = sqlite3.connect(
                uri,
                uri=True,
                timeout=self.busy_timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise _open_error(f"cannot open SQLite database {self.path}", exc) from None
        conn.text_factory = sqlite_text_factory
        conn.create_function(SQLITE_CASEFOLD, 1, _casefold_blob, deterministic=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if read_only:
                conn.execute("PRAGMA query_only = 1")
            else:
                conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise translate_error(self, exc) from None
            raise _open_error(f"{self.path} is not a usable SQLite database", exc) from None
        return conn

    def connect_creating(self) -> sqlite3.Connection:
        return self.connect(read_only=False, create=True)

    def fetch_bulk(self, conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
        """Decode text in C (the tolerant per-value decoder costs ~10% of an export), and fall
        back to it only for a batch that holds invalid UTF-8."""
        conn.text_factory = str
        try:
            return conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc):
                raise
        finally:
            conn.text_factory = sqlite_text_factory
        return conn.execute(sql, params).fetchall()

    def json_text(self, column: str) -> str:
        return column

    def session_name_expr(self, column: str) -> str:
        doc = _sqlite_document(column)
        return (
            f"(CASE WHEN json_valid({column}) THEN "
            f"CASE WHEN json_valid({doc}) THEN json_extract({doc}, '$.session_name') END END)"
        )

    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """``instr`` on Python's ``str.casefold`` of both sides (SQLite's own LIKE and lower()
        fold ASCII only); the value goes in as bytes so invalid UTF-8 cannot fail the query."""
        return f"instr({SQLITE_CASEFOLD}(CAST({expr} AS BLOB)), ?) > 0", needle.casefold()

    def json_array_length_expr(self, column: str) -> str:
        doc = _sqlite_document(column)
        return (
            f"(CASE WHEN json_valid({column}) AND json_valid({doc}) "
            f"AND json_type({doc}) = 'array' THEN json_array_length({doc}) END)"
        )

    def json_elements_from(self, column: str, alias: str) -> str:
        """A FROM item yielding each element of a JSON array column as ``alias.value`` (no rows
        when the value is not a readable array; double encoding is unwrapped)."""
        doc = (
            f"CASE json_type({column}) WHEN 'text' THEN json_extract({column}, '$') "
            f"ELSE {column} END"
        )
        safe = (
            f"CASE WHEN json_valid({column}) AND json_valid({doc}) AND json_type({doc}) = 'array' "
            f"THEN {doc} ELSE '[]' END"
        )
        return f"json_each({safe}) AS {alias}"

    def json_key_text(self, expr: str, key: str) -> str:
        """SQL for ``expr[key]`` as text, where ``expr`` is a JSON object value."""
        return f"json_extract({expr}, '$.{key}')"

    def list_tables(self, conn: sqlite3.Connection) -> list[str]:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
        return [r[0] for r in rows]

    def columns(self, conn: sqlite3.Connection, table: str) -> list[str]:
        rows = conn.execute("SELECT name FROM pragma_table_info(?)", (table,)).fetchall()
        return [r[0] for r in rows]

    def foreign_key_targets(self, conn: sqlite3.Connection, table: str) -> list[str]:
        rows = conn.execute('SELECT "table" FROM pragma_foreign_key_list(?)', (table,)).fetchall()
        return [r[0] for r in rows]

    def indexes(self, conn: sqlite3.Connection, table: str) -> list[IndexInfo]:
        out = []
        for name, unique in conn.execute(
            'SELECT name, "unique" FROM pragma_index_list(?) ORDER BY name', (table,)
        ).fetchall():
            cols = conn.execute(
                "SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,)
            ).fetchall()
            out.append(IndexInfo(name, tuple(c[0] for c in cols), bool(unique)))
        return out

    def begin_write(self, conn: sqlite3.Connection) -> None:
        """``BEGIN IMMEDIATE``, waiting for the write lock in short slices: SQLite's own busy
        wait does not return to Python until it gives up, so Ctrl-C would go unseen for the
        whole busy timeout."""
        deadline = time.monotonic() + self.busy_timeout
        conn.execute(f"PRAGMA busy_timeout = {BUSY_SLICE_MS}")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() >= deadline:
                        raise
                    if id(conn) in self._interrupted:
                        raise sqlite3.OperationalError("interrupted") from None
        except KeyboardInterrupt:
            raise
        except BaseException:
            self._restore_busy_timeout(conn)
            raise
        self._restore_busy_timeout(conn)

    def _restore_busy_timeout(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {round(self.busy_timeout * 1000)}")

    def begin_read(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")

    def interrupt(self, conn: sqlite3.Connection) -> None:
        """``sqlite3_interrupt``, and a mark that ends a wait for the write lock in another
        thread (which sqlite3_interrupt does not)."""
        self._interrupted.add(id(conn))
        conn.interrupt()

    def journal_mode(self, conn: sqlite3.Connection) -> str:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


class PostgresBackend(Backend):
    kind = "postgresql"
    param = "%s"

    def __init__(
        self,
        location: Location,
        schema: str = "ai",
        connect_timeout: int = DEFAULT_CONNECT_TIMEOUT,
        lock_timeout: float | None = None,
        statement_timeout: float | None = None,
        idle_timeout: float | None = None,
    ) -> None:
        super().__init__(location)
        self.schema = check_identifier(schema, "schema")
        self.connect_timeout = connect_timeout
        self._lock_timeout = lock_timeout
        self._statement_timeout = statement_timeout
        self._idle_timeout = idle_timeout
        self._icu: bool | None = None

    @property
    def lock_timeout(self) -> float:
        """Seconds a statement waits for a lock (0: forever): the constructor's value, else
        ``KERN_LOCK_TIMEOUT``, else 10."""
        return _seconds(self._lock_timeout, "KERN_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)

    @property
    def statement_timeout(self) -> float | None:
        """Seconds a statement may run, or None to leave the server's setting (the default, so
        long exports and upgrades are not cut short): the constructor's value, else
        ``KERN_STATEMENT_TIMEOUT``."""
        if self._statement_timeout is None and not os.environ.get("KERN_STATEMENT_TIMEOUT"):
            return None
        return _seconds(self._statement_timeout, "KERN_STATEMENT_TIMEOUT", 0.0)

    @property
    def idle_timeout(self) -> float:
        """Seconds a write transaction may sit idle before the server ends it (0: never): the
        constructor's value, else ``KERN_IDLE_TIMEOUT``, else 60."""
        return _seconds(self._idle_timeout, "KERN_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)

    def session_settings(self, read_only: bool) -> dict[str, int]:
        """The server settings every connection starts with, in milliseconds."""
        settings = {"lock_timeout": _ms(self.lock_timeout)}
        statement = self.statement_timeout
        if statement is not None:
            settings["statement_timeout"] = _ms(statement)
        if not read_only:
            settings["idle_in_transaction_session_timeout"] = _ms(self.idle_timeout)
        return settings

    @property
    def display(self) -> str:
        return f"{self.location.display} (schema {self.schema})"

    def connect(self, read_only: bool) -> Any:
        """A psycopg connection with kern's lock, statement and idle timeouts sent as startup
        options (before any the URL or ``PGOPTIONS`` gives, which win) and TCP keepalives, so
        no lock, stalled statement or vanished server makes a command wait forever."""
        import psycopg
        from psycopg.conninfo import conninfo_to_dict

        timeout = int(os.environ.get("KERN_CONNECT_TIMEOUT", self.connect_timeout))
        settings = self.session_settings(read_only)
        try:
            given = conninfo_to_dict(str(self.location.conninfo))
            extra: dict[str, Any] = {k: v for k, v in KEEPALIVES.items() if k not in given}
            if "tcp_user_timeout" not in given and psycopg.pq.version() >= 120000:
                extra["tcp_user_timeout"] = str(TCP_USER_TIMEOUT_MS)
            ours = " ".join(f"-c {name}={value}" for name, value in settings.items())
            theirs = given.get("options") or os.environ.get("PGOPTIONS") or ""
            conn = psycopg.connect(
                str(self.location.conninfo),
                connect_timeout=timeout,
                application_name="kern",
                autocommit=False,
                options=f"{ours} {theirs}".strip(),
                **extra,
            )
        except psycopg.Error as exc:
            raise ConnectError(
                f"cannot connect to {mask_url(str(self.location.conninfo))}: {_first_line(exc)}",
                hint="check host, port, user, password and database name",
            ) from None
        except (ValueError, UnicodeError) as exc:
            raise BadInputError(f"malformed PostgreSQL URL: {_first_line(exc)}") from None
        conn.read_only = read_only
        if self._icu is None:
            try:
                row = conn.execute(_ICU_QUERY).fetchone()
                conn.rollback()
                self._icu = bool(row and row[0])
            except psycopg.Error as exc:
                conn.close()
                raise translate_error(self, exc) from None
        return conn

    def table(self, name: str) -> str:
        return f"{quote(str(self.schema))}.{quote(name)}"

    def json_text(self, column: str) -> str:
        return f"{column}::text"

    def session_name_expr(self, column: str) -> str:
        return f"({column}::jsonb ->> 'session_name')"

    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """``strpos`` on the same folding of both sides: ICU's full upper-then-lower mapping
        (``ß`` -> ``ss``) where the server has ICU, final sigma as sigma. ILIKE compares
        character by character and misses both."""
        return f"strpos({self._fold(expr)}, {self._fold('%s::text')}) > 0", needle

    def _fold(self, expr: str) -> str:
        collated = f'({expr}) COLLATE pg_catalog."und-x-icu"' if self._icu is not False else expr
        return f"replace(translate(lower(upper({collated})), 'ς', 'σ'), 'ß', 'ss')"

    def json_array_length_expr(self, column: str) -> str:
        return (
            f"(CASE WHEN jsonb_typeof({column}::jsonb) = 'array' "
            f"THEN jsonb_array_length({column}::jsonb) END)"
        )

    def json_elements_from(self, column: str, alias: str) -> str:
        """A FROM item yielding each element of a JSON array column as ``alias.value``."""
        safe = (
            f"CASE WHEN jsonb_typeof({column}::jsonb) = 'array' THEN {column}::jsonb "
            f"ELSE '[]'::jsonb END"
        )
        return f"jsonb_array_elements({safe}) AS {alias}"

    def json_key_text(self, expr: str, key: str) -> str:
        return f"({expr} ->> '{key}')"

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

    def columns(self, conn: Any, table: str) -> list[str]:
        """Column names in order, from pg_catalog (information_schema is slow to query)."""
        rows = conn.execute(
            "SELECT a.attname FROM pg_catalog.pg_attribute a "
            "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum",
            (self.schema, table),
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
        rows = conn.execute(
            "SELECT i.relname, ix.indisunique, "
            "array(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) "
            "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid "
            "JOIN pg_class i ON i.oid = ix.indexrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = %s AND t.relname = %s ORDER BY i.relname",
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

    def ensure_schema(self, conn: Any) -> None:
        conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(str(self.schema))}")


def _open_error(message: str, exc: sqlite3.Error) -> KernError:
    """A full disk is not a connection problem (exit 1, not 4)."""
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc):
        return KernError(f"disk full: {message}: {exc}")
    return ConnectError(f"{message}: {exc}")


SQLITE_CASEFOLD = "kern_casefold"
_ICU_QUERY = (
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_collation "
    "WHERE collname = 'und-x-icu' AND collnamespace = 'pg_catalog'::regnamespace)"
)


def _casefold_blob(value: bytes | str | None) -> str | None:
    """``kern_casefold(x)`` on kern's SQLite connections: the case-folded text, or NULL."""
    if value is None:
        return None
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return text.casefold()


def _sqlite_document(column: str) -> str:
    """SQL for a column's JSON document, unwrapping agno's double encoding (a JSON string)."""
    return (
        f"CASE json_type({column}) WHEN 'text' THEN json_extract({column}, '$') ELSE {column} END"
    )


def _sqlite_mode(path: Path, read_only: bool) -> str:
    """The ``mode=`` for a SQLite URI.

    A ``mode=ro`` connection to a WAL database creates -wal and -shm files and leaves them
    behind, so a read on a writable file opens ``mode=rw`` under ``PRAGMA query_only``: the
    last connection then removes those files, and the database stays byte-identical.
    """
    if not read_only:
        return "rwc"
    writable = os.access(path, os.W_OK) and os.access(path.absolute().parent, os.W_OK)
    return "rw" if writable else "ro"


def make_backend(
    location: Location, schema: str = "ai", busy_timeout: float = DEFAULT_BUSY_TIMEOUT
) -> Backend:
    if location.kind == "sqlite":
        return SqliteBackend(location, busy_timeout=busy_timeout)
    return PostgresBackend(location, schema=schema)


def translate_error(backend: Backend, exc: BaseException) -> KernError:
    """Turn a driver error met after connecting into a one-line :class:`KernError`.

    A lock wait or statement that ran out of time, and a connection the server or the network
    dropped, become a :class:`ConnectError` (exit 4), as SQLite's "database is locked" does.
    """
    text = _first_line(exc)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return ConnectError(
            f"database is locked: {backend.display}",
            hint="another process holds a write lock; retry, or raise KERN_BUSY_TIMEOUT",
        )
    if isinstance(exc, sqlite3.OperationalError) and "readonly" in text.replace("-", ""):
        return ConnectError(f"database is read-only: {backend.display} ({text})")
    if type(exc).__module__.startswith("psycopg"):
        postgres = _postgres_error(backend, exc, text)
        if postgres is not None:
            return postgres
    return KernError(f"database error on {backend.display}: {mask_url(text)}")


def _postgres_error(backend: Backend, exc: BaseException, text: str) -> KernError | None:
    """The :class:`ConnectError` for a PostgreSQL lock timeout, statement timeout or lost
    connection (SQLSTATE 55P03, 57014, 25P03, 57P01-57P03, or none at all); None otherwise."""
    import psycopg

    state = getattr(exc, "sqlstate", None)
    if state == "55P03":
        return ConnectError(
            f"database is locked: {backend.display} (timed out waiting for a lock)",
            hint="another session holds a lock on these rows or the table; retry, "
            "or raise KERN_LOCK_TIMEOUT",
        )
    if state == "57014":
        return ConnectError(
            f"database timed out: {backend.display} ({text})",
            hint="retry, or raise KERN_STATEMENT_TIMEOUT",
        )
    if state == "25P03":
        return ConnectError(
            f"database timed out: {backend.display} (transaction idle too long)",
            hint="retry, or raise KERN_IDLE_TIMEOUT",
        )
    if state in ("57P01", "57P02", "57P03") or (
        state is None and isinstance(exc, psycopg.OperationalError)
    ):
        return ConnectError(f"lost the connection to {backend.display}: {mask_url(text)}")
    return None


def _seconds(value: float | None, env: str, default: float) -> float:
    """A timeout in seconds: ``value``, else the environment variable, else ``default``."""
    if value is None:
        raw = os.environ.get(env, "").strip()
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            raise BadInputError(f"{env} must be a number of seconds, not {raw[:40]!r}") from None
    if not value >= 0 or value == float("inf"):
        raise BadInputError(f"{env.lower().removeprefix('kern_')} must be 0 or more seconds")
    return float(value)


def _ms(seconds: float) -> int:
    """Milliseconds for a server setting; a positive value never rounds down to 0 (off)."""
    return max(1, round(seconds * 1000)) if seconds > 0 else 0


def driver_errors() -> tuple[type[BaseException], ...]:
    """The driver exception classes worth translating, without importing psycopg needlessly."""
    import sys

    errors: list[type[BaseException]] = [sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        errors.append(psycopg.Error)
    return tuple(errors)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
