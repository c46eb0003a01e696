"""What every dialect provides: connections, SQL spelling, introspection and error translation.

A dialect is one database (a SQLite file, a PostgreSQL schema) and everything kern must do
differently there: traits are attributes (``param``, ``row_lock``, ``json_holds_nul``), quirks
are methods (``json_text``, ``stored_bytes``, ``insert_rows``). Nothing outside this package
asks which database it is talking to; a new database is a new module here.

Statements run on plain DB-API connections (stdlib ``sqlite3``, psycopg 3): a read command
never imports SQLAlchemy, which keeps start-up close to a bare script. SQLAlchemy Core defines
the tables and their DDL (``schema.py``) and is imported only when a table must be created.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kern_core.errors import BadInputError, KernError
from kern_core.url import Location, mask_url

T = TypeVar("T")
_IDENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


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


class Catalog:
    """What layout detection asks of a database's catalog: its tables, their columns and
    foreign keys. This one asks the dialect the first time each question comes (and keeps the
    answer); :meth:`known` builds one from answers read at once, which then asks nothing more
    about the schemas they cover."""

    def __init__(self, dialect: Dialect, conn: Any) -> None:
        self.dialect = dialect
        self.conn = conn
        self._tables: list[str] | None = None
        self._columns: dict[tuple[str | None, str], list[str]] = {}
        self._targets: dict[str, list[str]] = {}
        self._referencing: dict[str, list[str]] = {}
        self._covered: set[str | None] = set()

    @classmethod
    def known(
        cls,
        dialect: Dialect,
        conn: Any,
        tables: list[str],
        columns: Mapping[tuple[str, str], list[str]],
        targets: Mapping[str, list[str]],
        referencing: Mapping[str, list[str]],
        covered: Iterable[str | None],
    ) -> Catalog:
        """A catalog of the schemas ``covered``: ``tables`` of the dialect's schema, the
        ``columns`` of every table by (schema, name), the foreign-key ``targets`` and the
        ``referencing`` tables of the dialect's schema's tables."""
        cat = cls(dialect, conn)
        cat._tables = list(tables)
        cat._columns = {(k[0], k[1]): list(v) for k, v in columns.items()}
        cat._targets = {k: list(v) for k, v in targets.items()}
        cat._referencing = {k: list(v) for k, v in referencing.items()}
        cat._covered = set(covered)
        return cat

    @property
    def tables(self) -> list[str]:
        if self._tables is None:
            self._tables = self.dialect.list_tables(self.conn)
        return self._tables

    def columns(self, table: str, schema: str | None = None) -> list[str]:
        key = (schema or self.dialect.schema, table)
        if key not in self._columns:
            if key[0] in self._covered:
                return []
            self._columns[key] = self.dialect.columns(self.conn, table, schema)
        return self._columns[key]

    def foreign_key_targets(self, table: str) -> list[str]:
        if table not in self._targets:
            if self.dialect.schema in self._covered:
                return []
            self._targets[table] = self.dialect.foreign_key_targets(self.conn, table)
        return self._targets[table]

    def referencing_tables(self, table: str) -> list[str]:
        if table not in self._referencing:
            if self.dialect.schema in self._covered:
                return []
            self._referencing[table] = self.dialect.referencing_tables(self.conn, table)
        return self._referencing[table]


@dataclass(frozen=True)
class IndexInfo:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True)
class TextLimit:
    """The most a text column holds: ``size`` characters, or bytes for a TEXT column."""

    size: int
    unit: str = "characters"


@dataclass(frozen=True)
class StorageRules:
    """What a target table can store, each rule once: the dialect's, and where the server
    declares them, the table's own column lengths and packet size. :mod:`kern_core.storable`
    checks sessions against them before anything is written."""

    #: The database as messages name it.
    name: str = "SQLite"
    #: The JSON columns as messages name them.
    json_name: str = "SQLite JSON"
    #: Whether text and JSON values may hold NUL characters.
    json_holds_nul: bool = True
    #: Whether JSON may hold a lone UTF-16 surrogate escape (``"\\ud800"``).
    json_holds_surrogates: bool = True
    #: Whether JSON may hold NaN and Infinity.
    json_holds_non_finite: bool = True
    #: How deeply arrays and objects may nest in one JSON value (None: no limit to check).
    json_max_depth: int | None = None
    #: The most bytes one row may carry in a statement (None: no limit to check).
    max_row_bytes: int | None = None
    #: The server's packet limit, for messages.
    max_packet: int | None = None
    #: The session table's text columns that have a length, by name.
    session_lengths: Mapping[str, TextLimit] = field(default_factory=dict)
    #: The runs table's text columns that have a length, by name.
    run_lengths: Mapping[str, TextLimit] = field(default_factory=dict)

    @property
    def checks_json(self) -> bool:
        """Whether a JSON value's content may be refused (so sessions are walked)."""
        return not (
            self.json_holds_nul and self.json_holds_surrogates and self.json_holds_non_finite
        )


class Dialect(ABC):
    """One database server or file, with its dialect's SQL spelling and introspection."""

    #: The database's name in messages and reports (``sqlite``, ``postgresql``).
    kind: str
    #: The DB-API parameter marker.
    param: str
    #: The schema that holds the tables (None where the database has no schemas).
    schema: str | None = None
    #: The schema agno keeps tool-result payloads (``agno_fs``) in, when not the tables' own.
    payload_schema: str | None = None
    #: Appended to a SELECT that must row-lock what it reads until the transaction ends ("" where
    #: a write transaction already excludes every other writer).
    row_lock: str = ""
    #: Whether text and JSON values may hold NUL characters.
    json_holds_nul: bool = True
    #: Whether a JSON column may hold text that is not JSON (so reads check ``json_valid``).
    stores_invalid_json: bool = False
    #: Whether a write transaction locks the whole database (so deletes go in bounded batches).
    locks_whole_database: bool = False
    #: Whether NULLs sort before other values in ascending order.
    nulls_sort_first: bool = False
    #: Whether ``json_scalar``'s value is JSON text (else it is the SQL value of a scalar).
    json_scalars_as_text: bool = False
    #: Whether the stored digests of a copy are computed by the database in SQL.
    digests_in_sql: bool = False
    #: Inserted between CREATE INDEX and its name to build an index without blocking writers.
    online_index: str = ""
    #: Whether text columns are declared with agno's lengths (VARCHAR(128), ...), not unbounded.
    string_lengths: bool = False
    #: What the server calls the namespace ``schema`` names, in messages (MySQL: a database).
    schema_word: str = "schema"
    #: Whether each DDL statement commits at once, outside the transaction (MySQL): a table's
    #: indexes are then declared in its CREATE TABLE, so that no failure leaves it without them.
    ddl_commits: bool = False
    #: Whether agno's adapter for this database reads the session-linked tables of agno 3.1
    #: (compactions, tool results, transcripts); kern keeps them either way.
    agno_reads_linked: bool = True
    #: The name agno gives an index on several columns of a table.
    composite_index: str = "idx_{table}_{columns}"
    #: A collation comparing text byte for byte, trailing spaces included, for the key
    #: columns kern declares itself (None: the backend's text already compares so).
    exact_collation: str | None = None
    #: Whether the database can build a whole export line (``exporting.line_sql``, from
    #: :meth:`json_string` and its neighbours); where not, lines are assembled in Python.
    builds_record_lines: bool = False
    #: How many times a write created tables on this dialect's database (kern's linked
    #: tables): a db whose cached layout predates a change detects it again.
    tables_created: int = 0

    def __init__(self, location: Location) -> None:
        self.location = location

    def storage_rules(
        self, conn: Any | None, session_table: str, runs_table: str | None
    ) -> StorageRules:
        """What the target tables can store (``conn``: a connection to read their columns
        on, None when they do not exist yet)."""
        return StorageRules(json_holds_nul=self.json_holds_nul)

    @property
    def max_value_bytes(self) -> int | None:
        """The most bytes one row may carry in a statement, where the server has such a
        limit (None: no limit kern must check)."""
        return None

    @property
    def display(self) -> str:
        return self.location.display

    @property
    def file(self) -> str | None:
        """The database file, for a database that is one file (else None)."""
        return None

    def storage_missing(self) -> bool:
        """True when the database is known not to exist yet (a SQLite file not there)."""
        return False

    # -- connections ---------------------------------------------------------------------------

    @abstractmethod
    def connect(self, read_only: bool) -> Any: ...

    def connect_creating(self) -> Any:
        """A writable connection for a write that creates its tables (import, migrate's
        target, demo): the only kind that may create a SQLite file that is not there."""
        return self.connect(read_only=False)

    @abstractmethod
    def begin_write(self, conn: Any) -> None:
        """Start a write transaction that takes its locks at once."""

    def begin_read(self, conn: Any) -> None:  # noqa: B027 - most dialects need nothing
        """Start a read transaction: one consistent snapshot for a multi-statement read."""

    def begin_snapshot(self, conn: Any) -> None:  # noqa: B027 - most dialects need nothing
        """Make a fresh read connection hold one snapshot for a long, multi-query read."""

    def end_read(self, conn: Any) -> None:  # noqa: B027 - most dialects need nothing
        """End a read so the connection is never left idle in a transaction."""

    def ensure_schema(self, conn: Any, schema: str | None = None) -> None:  # noqa: B027
        """Create the schema that holds the tables (or ``schema``), where there are schemas."""

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

    @classmethod
    def translate(cls, exc: BaseException, text: str, display: str) -> KernError | None:
        """This dialect's driver error as a :class:`KernError` naming ``display``, or None
        when ``exc`` is not its driver's or needs only the generic message."""
        return None

    # -- statements ----------------------------------------------------------------------------

    def table(self, name: str) -> str:
        """The quoted, schema-qualified name of a table."""
        return quote(name)

    def index_name(self, table: str, columns: Sequence[str]) -> str:
        """The name kern gives an index it adds (agno's pattern, within 63 characters)."""
        return f"idx_{table}_{'_'.join(columns)}"[:63]

    def index_statement(self, table: str, columns: Sequence[str]) -> str:
        """The statement, for a person to run in the database's own client, that adds an
        index on ``columns`` of ``table`` (online where the database can: PostgreSQL
        ``CONCURRENTLY``)."""
        return (
            f"CREATE INDEX{self.online_index} IF NOT EXISTS "
            f"{quote(self.index_name(table, columns))} ON {self.table(table)} "
            f"({', '.join(columns)});"
        )

    def add_index(self, conn: Any, table: str, columns: Sequence[str], statement: str) -> None:
        """Run :meth:`index_statement`'s ``statement`` on the write connection ``conn``
        (SQLite: in autocommit mode, one implicit transaction)."""
        conn.execute(statement)

    def qualified(self, name: str, schema: str | None) -> str:
        """The quoted name of a table in ``schema`` (the tables' own when None)."""
        return f"{quote(schema)}.{quote(name)}" if schema else self.table(name)

    def params(self, n: int) -> str:
        return ", ".join([self.param] * n)

    def in_clause(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """``column IN (...)`` for a list of values, and its parameters."""
        return f"{column} IN ({self.params(len(values))})", list(values)

    def exact_in(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """:meth:`in_clause` matching only values equal code point for code point, whatever
        the column's collation (MySQL's may fold case and accents and ignore trailing spaces),
        so that an id names exactly one row."""
        return self.in_clause(column, values)

    #: True where a key column's collation may take two different strings for one key
    #: (:meth:`key_clashes` has something to find).
    keys_fold = False

    def key_clashes(
        self, conn: Any, table: str, column: str, values: Sequence[str]
    ) -> dict[str, tuple[str, bool]]:
        """The values the collation of the key ``column`` of ``table`` (unquoted name) takes
        for a different one: for each, that other value and whether it is stored (True) or
        an earlier one of ``values`` (False). Empty where keys compare code point for code
        point."""
        return {}

    def collation_name(self, conn: Any, table: str, column: str) -> str:
        """Whose collation compares ``column`` of ``table``, for messages."""
        return "the collation"

    def executemany(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        conn.executemany(sql, rows)

    def fetch_bulk(
        self, conn: Any, sql: str, params: Sequence[Any], binary: bool = False
    ) -> list[Any]:
        """``fetchall`` for the large reads of streams and exports; ``binary`` where the
        driver should hand over :meth:`as_bytes` values as they come off the wire."""
        return list(conn.execute(sql, params).fetchall())

    def insert_rows(
        self, conn: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert many rows into the quoted ``table``, the fastest way the database has."""
        names = ", ".join(quote(c) for c in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({self.params(len(columns))})"
        self.executemany(conn, sql, rows)

    def upsert_clause(
        self, columns: Sequence[str], key: Sequence[str], update: Sequence[str]
    ) -> str:
        """What follows the VALUES of an INSERT of ``columns`` so that a row whose ``key``
        (empty: any unique key) is taken updates the columns ``update`` from the new row, or
        (none given) is left as it is."""
        target = f" ({', '.join(quote(c) for c in key)})" if key else ""
        if not update:
            return f"ON CONFLICT{target} DO NOTHING"
        sets = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
        return f"ON CONFLICT{target} DO UPDATE SET {sets}"

    def insert_new(self, conn: Any, sql: str, rows: Sequence[Sequence[Any]]) -> list[bool]:
        """Run ``sql``, an INSERT whose conflicts do nothing (:meth:`upsert_clause`), for
        each row; which rows it inserted."""
        return [bool(conn.execute(sql, row).rowcount) for row in rows]

    # -- JSON ----------------------------------------------------------------------------------

    @abstractmethod
    def json_text(self, column: str) -> str:
        """SQL for the JSON text of a column (PostgreSQL casts jsonb to text)."""

    def json_bytes(self, expr: str) -> str:
        """SQL for a JSON text in the form the driver hands over fastest for decoding: SQLite
        gives a BLOB as bytes, which orjson reads as they are (a TEXT value is decoded into a
        Python string first, through kern's tolerant text factory); elsewhere the text."""
        return expr

    @property
    def streams_results(self) -> bool:
        """Whether :meth:`stream_fields` streams a whole result while the client reads (else
        long reads go page by page)."""
        return False

    def stream_fields(
        self, conn: Any, select: str, params: Sequence[Any]
    ) -> Iterator[list[bytes | None]]:
        """Each row of ``select`` (text columns) as its fields' UTF-8 bytes (None for NULL),
        streamed: nothing else may run on ``conn`` until the iterator is done."""
        raise NotImplementedError

    def export_snapshot(self, conn: Any) -> str:
        """An id by which another connection joins the snapshot of ``conn``'s transaction."""
        raise NotImplementedError

    def join_snapshot(self, conn: Any, snapshot: str) -> None:
        """Begin ``conn``'s read transaction in the snapshot that :meth:`export_snapshot`
        named."""
        raise NotImplementedError

    def as_bytes(self, expr: str) -> str:
        """SQL for the text ``expr`` handed over as its UTF-8 bytes (:meth:`fetch_bulk` with
        ``binary``), never decoded into a Python string."""
        raise NotImplementedError

    def json_string(self, expr: str) -> str:
        """SQL for the text ``expr`` as a JSON string literal, escaped as Python's ``json``
        escapes printable ASCII (a NULL gives NULL or the text ``null``)."""
        raise NotImplementedError

    def is_plain_text(self, expr: str) -> str:
        """SQL true when ``expr`` is text of printable ASCII characters only."""
        raise NotImplementedError

    def integer_text(self, expr: str) -> tuple[str, str]:
        """SQL true when ``expr`` holds an integer, and SQL for its decimal text."""
        raise NotImplementedError

    def json_first_char(self, column: str) -> str:
        """SQL for the first character of the column's stored JSON text; NULL when the
        column is NULL or holds no valid JSON text."""
        raise NotImplementedError

    def joined_runs(self, runs: str, session_id: str, order: Sequence[str]) -> str:
        """SQL for the run payload texts of the session ``session_id`` (an SQL expression) in
        the runs table ``runs``, in ``order``, joined with ``", "`` ('' when it has none);
        NULL when a payload is not a JSON object as stored, or when two runs share a place in
        ``order`` (whose first column alone orders them where it can)."""
        raise NotImplementedError

    def json_valid(self, column: str, table: str | None = None) -> str:
        """SQL that is 1 when the column holds valid JSON (always, where nothing else fits).

        ``table`` (the bare name of the column's table) lets a dialect skip the check for a
        column whose type or constraint already guarantees valid JSON."""
        return "1"

    @abstractmethod
    def json_object(self, column: str) -> str:
        """A JSON object column's value, double encoding unwrapped; NULL when unreadable."""

    @abstractmethod
    def session_name_expr(self, column: str) -> str:
        """SQL for ``session_data.session_name`` as text, whatever the column's encoding."""

    def bytewise(self, expr: str) -> str:
        """SQL for the text ``expr`` compared, grouped and sorted by code point: case
        sensitive, no padding, whatever the column's collation, so that results are ordered
        as Python orders ``str``. Its values may come back as UTF-8 bytes."""
        return expr

    @abstractmethod
    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """SQL that is true when the text ``expr`` contains ``needle`` under Unicode case
        folding, and its one parameter; the needle is literal text, never a pattern."""

    def contains_ascii_folded(self, expr: str, fragment: str) -> tuple[str, Any]:
        """SQL true when the text ``expr`` contains ``fragment`` (ASCII, lower case, no
        control characters) with ASCII letters compared case-insensitively, and its one
        parameter. Other characters may fold too (more rows, never fewer): a content
        search's coarse scan, confirmed in Python."""
        return f"{expr} LIKE {self.param} ESCAPE '!'", like_pattern(fragment)

    def contains_exact(self, expr: str, needle: str) -> tuple[str, Any]:
        """SQL true when the text ``expr`` contains ``needle`` as it is (or, where the
        collation folds, in a folded form too), and its one parameter."""
        return f"instr({expr}, {self.param}) > 0", needle

    @abstractmethod
    def json_array_length_expr(self, column: str) -> str: ...

    @abstractmethod
    def json_elements_from(self, column: str, alias: str, *, ordered: bool = False) -> str:
        """A FROM item yielding each element of a JSON array column as ``alias.value`` (no rows
        when the value is not a readable array; double encoding is unwrapped); ``ordered``
        also gives the element's position as ``alias.idx``."""

    @abstractmethod
    def element_position(self, alias: str) -> str:
        """SQL for the position of element ``alias`` of an ordered :meth:`json_elements_from`."""

    @abstractmethod
    def element_is_object(self, alias: str) -> str:
        """SQL that is true when element ``alias`` of :meth:`json_elements_from` is an object."""

    def element_key_text(self, alias: str, key: str) -> str:
        """``alias.value[key]`` as text, NULL when the element is not an object."""
        return self.json_key_text(f"{alias}.value", key)

    @abstractmethod
    def json_key_text(self, expr: str, key: str) -> str:
        """SQL for ``expr[key]`` as text, where ``expr`` is a JSON object value."""

    @abstractmethod
    def json_scalar(self, expr: str, *path: str) -> tuple[str, str]:
        """SQL for (JSON type name, value) of ``expr`` at ``path`` (the value is JSON text
        where :attr:`json_scalars_as_text`, else the SQL value of a scalar)."""

    def computed_once(self, select: str) -> str:
        """``select`` as a subquery whose columns the planner computes once per row instead of
        pasting their expressions into the outer query (where each use would parse the JSON
        again)."""
        return select

    @abstractmethod
    def json_value_at(self, expr: str, *path: str) -> str:
        """The JSON value at ``path`` of the JSON object value ``expr`` (an object or array
        stays JSON, fit for the other JSON helpers); NULL when absent."""

    @abstractmethod
    def member_values_from(self, expr: str, alias: str) -> str:
        """A FROM item yielding each member value of the JSON object ``expr`` as
        ``alias.value`` (JSON, fit for :meth:`json_value_at`); no rows when it is no object."""

    @abstractmethod
    def nested_elements_from(self, expr: str, alias: str) -> str:
        """A FROM item yielding, as ``alias.value``, each element of each array that is a
        member of the JSON object ``expr`` (``{"a": [x, y], "b": [z]}`` gives x, y, z); no
        rows when ``expr`` is not an object. ``alias`` works with :meth:`element_key_text`
        and :meth:`element_is_object`."""

    @abstractmethod
    def json_array_has(
        self, expr: str, path: Sequence[str], match: Mapping[str, str | bool]
    ) -> tuple[str, list[Any]]:
        """SQL true when the JSON object value ``expr`` (valid JSON or NULL) holds an array at
        ``path`` with an object element whose keys equal ``match`` (strings exactly, booleans
        as JSON ``true``/``false``, never a number), and its parameters; false for NULL."""

    @abstractmethod
    def json_number(self, expr: str, *path: str) -> str:
        """The number at ``path`` of a JSON object value, NULL when not a number below 9e18."""

    def json_number_of(self, expr: str, *path: str) -> str:
        """:meth:`json_number` for a value taken out of another JSON value (by
        :meth:`json_value_at`, or an element of a FROM item), which has no double encoding
        to unwrap; NULL when ``expr`` is not JSON or holds no number there."""
        return self.json_number(expr, *path)

    # -- sizes, sums and times -----------------------------------------------------------------

    @abstractmethod
    def stored_bytes(self, column: str) -> str:
        """SQL for the bytes a column's value takes as stored (0 for NULL)."""

    def row_bytes(self, alias: str, columns: Sequence[str]) -> str:
        """SQL for the bytes a whole row takes (the sum of ``columns`` where not measurable)."""
        return " + ".join(self.stored_bytes(f"{alias}.{c}") for c in columns) or "0"

    def safe_sum(self, expr: str) -> str:
        """An aggregate sum that does not fail on overflow."""
        return f"sum({expr})"

    @abstractmethod
    def utc_day(self, seconds: str) -> str:
        """SQL for the UTC day (YYYY-MM-DD) of a unix time in seconds."""

    # -- introspection -------------------------------------------------------------------------

    def catalog(self, conn: Any) -> Catalog:
        """The catalog as layout detection asks it (where a dialect can, read in one query)."""
        return Catalog(self, conn)

    @abstractmethod
    def list_tables(self, conn: Any) -> list[str]: ...

    @abstractmethod
    def columns(self, conn: Any, table: str, schema: str | None = None) -> list[str]:
        """Column names in order (of the table in ``schema``, where there are schemas)."""

    @abstractmethod
    def foreign_key_targets(self, conn: Any, table: str) -> list[str]: ...

    @abstractmethod
    def referencing_tables(self, conn: Any, table: str) -> list[str]:
        """Tables of the same schema (or file) with a foreign key to ``table``, in one query."""

    @abstractmethod
    def indexes(self, conn: Any, table: str) -> list[IndexInfo]: ...

    def session_tables_elsewhere(self, conn: Any) -> list[str]:
        """``schema.table`` of every table in another schema that looks like a session table."""
        return []

    def has_table(self, conn: Any, name: str, schema: str | None = None) -> bool:
        """Whether ``name`` exists (in ``schema``, where the database has schemas)."""
        return name in self.list_tables(conn)

    @abstractmethod
    def relation_kind(self, conn: Any, table: str) -> str | None:
        """What kind of relation the name is, in the database's own terms; None when there is
        none. :attr:`base_relations` lists the kinds that are stored tables."""

    base_relations: tuple[str, ...] = ("table",)

    def table_key(self, name: str) -> str:
        """The key two names of one table share in this database (how it resolves names)."""
        return name

    def table_bytes(self, conn: Any, table: str) -> int | None:
        """The bytes a quoted table takes with its indexes, where the database tells."""
        return None

    def file_bytes(self) -> int | None:
        """The size of the database file, for a database that is one file."""
        return None

    def journal_mode(self, conn: Any) -> str | None:
        """SQLite's journal mode; None elsewhere."""
        return None

    def dump_command(self, tables: Sequence[str], path: str) -> str | None:
        """The command that backs up these tables with the database's own tool, where kern
        does not copy the database itself (None: kern copies it)."""
        return None

    def copy_into(self, conn: Any, path: str, on_progress: Callable[[], None] | None) -> None:
        """Write a consistent copy of the whole database to the new file ``path``, for a
        database that is one file (:attr:`file`)."""
        raise NotImplementedError(f"{self.kind} databases are not copied by kern")

    def integrity_problem(self, conn: Any) -> str | None:
        """The first problem the database's own integrity check finds, where it has a cheap
        one (None: none found, or no such check)."""
        return None

    def set_secure_delete(self, conn: Any, mode: str | None) -> None:  # noqa: B027
        """Set how deleted content is overwritten, where the database has such a setting."""

    # -- identity ------------------------------------------------------------------------------

    @abstractmethod
    def same_database(self, other: Dialect) -> bool:
        """Whether ``other`` (a dialect of the same kind) reaches the same database."""

    def shares_rows(self, conn: Any, table: str, other_schema: str | None, other: str) -> bool:
        """Whether ``table`` and ``other`` (in ``other_schema``) of this database inherit one
        from the other, so that one's reads and deletes reach the other's rows."""
        return False

    # -- SQLAlchemy (imported only to create tables) -------------------------------------------

    @abstractmethod
    def sa_dialect(self) -> Any:
        """SQLAlchemy's dialect object, for compiling DDL."""

    def sa_table_options(self) -> dict[str, Any]:
        """SQLAlchemy ``Table`` keyword options for the tables kern creates."""
        return {}

    @abstractmethod
    def sa_type(self, role: str) -> Any:
        """The SQLAlchemy column type agno uses for ``role`` (``json`` or ``long_text``)."""


#: Seconds a server connection may take to open.
DEFAULT_CONNECT_TIMEOUT = 10
#: A server waits this long for a lock (as SQLite's busy timeout), then fails: exit 4.
DEFAULT_LOCK_TIMEOUT = 10.0
#: A write transaction left idle this long (a stopped kern) is ended by the server.
DEFAULT_IDLE_TIMEOUT = 60.0


class ServerDialect(Dialect):
    """A database on a server (PostgreSQL, MySQL): a schema of it, and the timeouts every
    connection carries so that no lock, stalled statement or vanished server makes a
    command wait forever."""

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

    @property
    def display(self) -> str:
        return f"{self.location.display} ({self.schema_word} {self.schema})"

    @property
    def lock_timeout(self) -> float:
        """Seconds a statement waits for a lock (0: forever): the constructor's value, else
        ``KERN_LOCK_TIMEOUT``, else 10."""
        return seconds_setting(self._lock_timeout, "KERN_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)

    @property
    def statement_timeout(self) -> float | None:
        """Seconds a statement may run, or None to leave the server's setting (the default, so
        long exports and upgrades are not cut short): the constructor's value, else
        ``KERN_STATEMENT_TIMEOUT``."""
        if self._statement_timeout is None and not os.environ.get("KERN_STATEMENT_TIMEOUT"):
            return None
        return seconds_setting(self._statement_timeout, "KERN_STATEMENT_TIMEOUT", 0.0)

    @property
    def idle_timeout(self) -> float:
        """Seconds a write transaction may sit idle before the server ends it (0: never): the
        constructor's value, else ``KERN_IDLE_TIMEOUT``, else 60."""
        return seconds_setting(self._idle_timeout, "KERN_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT)

    @property
    def connect_seconds(self) -> int:
        """Seconds a connection may take to open: ``KERN_CONNECT_TIMEOUT``, else the
        constructor's value."""
        return int(os.environ.get("KERN_CONNECT_TIMEOUT", self.connect_timeout))


def translate_error(dialect: Dialect, exc: BaseException) -> KernError:
    """Turn a driver error met after connecting into a one-line :class:`KernError`.

    A lock wait or statement that ran out of time, and a connection the server or the network
    dropped, become a :class:`ConnectError` (exit 4), as SQLite's "database is locked" does.
    """
    text = first_line(exc)
    for cls in DIALECT_CLASSES.values():
        translated = cls.translate(exc, text, dialect.display)
        if translated is not None:
            return translated
    return KernError(f"database error on {dialect.display}: {mask_url(text)}")


#: Every dialect class by kind, filled by the dialect modules as they are imported.
DIALECT_CLASSES: dict[str, type[Dialect]] = {}


def driver_errors() -> tuple[type[BaseException], ...]:
    """The driver exception classes worth translating, without importing a driver needlessly."""
    errors: list[type[BaseException]] = [sqlite3.Error]
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None:
        errors.append(psycopg.Error)
    pymysql = sys.modules.get("pymysql")
    if pymysql is not None:
        errors.append(pymysql.err.Error)
    return tuple(errors)


def seconds_setting(value: float | None, env: str, default: float) -> float:
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


def nested_document(path: Sequence[str], match: Mapping[str, Any]) -> str:
    """The JSON text ``{"a": {"b": [match]}}`` for ``path`` ``("a", "b")``: the document a
    containment test (:meth:`Dialect.json_array_has`) looks for."""
    import json

    doc: Any = [dict(match)]
    for key in reversed(path):
        doc = {key: doc}
    return json.dumps(doc, ensure_ascii=False)


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character ``!``) matching any text that contains ``text``."""
    escaped = text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``, in order; an iterator is read lazily, so a
    stream is batched without being held whole."""
    if isinstance(items, list | tuple):
        for start in range(0, len(items), size):
            yield list(items[start : start + size])
        return
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
