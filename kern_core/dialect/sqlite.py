"""SQLite: one file, opened with the stdlib ``sqlite3`` driver.

Its quirks: JSON is text that may be invalid (``json_valid`` guards every read), agno's double
encoding is unwrapped with ``json_extract``, a write transaction locks the whole file, the
busy wait is sliced so Ctrl-C is seen, and a read must not leave -wal/-shm files behind.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kern_core.dialect.base import DIALECT_CLASSES, Dialect, IndexInfo, translate_error
from kern_core.errors import BadInputError, ConnectError, KernError
from kern_core.jsoncodec import sqlite_text_factory
from kern_core.url import Location

DEFAULT_BUSY_TIMEOUT = 10.0
#: SQLite waits for the write lock in slices of this many milliseconds, so Ctrl-C is seen.
BUSY_SLICE_MS = 100
SQLITE_CASEFOLD = "kern_casefold"
SECURE_DELETE = ("on", "off", "fast")


class SqliteDialect(Dialect):
    kind = "sqlite"
    param = "?"
    json_holds_nul = True
    stores_invalid_json = True
    builds_record_lines = True
    locks_whole_database = True
    nulls_sort_first = True

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
                hint="check the path, or pass {option:location}",
            )
        if not read_only and not create and not path.exists():
            raise ConnectError(
                f"no such database file: {self.path}",
                hint="check the path; only {option:creating} create a database",
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

    def fetch_bulk(
        self, conn: sqlite3.Connection, sql: str, params: Sequence[Any], binary: bool = False
    ) -> list[Any]:
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

    def json_bytes(self, expr: str) -> str:
        return f"CAST({expr} AS BLOB)"

    def as_bytes(self, expr: str) -> str:
        return f"CAST({expr} AS BLOB)"

    def json_string(self, expr: str) -> str:
        return f"json_quote({expr})"

    def is_plain_text(self, expr: str) -> str:
        return f"(typeof({expr}) = 'text' AND {expr} NOT GLOB '*[^ -~]*')"

    def integer_text(self, expr: str) -> tuple[str, str]:
        return f"typeof({expr}) = 'integer'", f"CAST({expr} AS TEXT)"

    def json_first_char(self, column: str) -> str:
        valid = f"typeof({column}) = 'text' AND json_valid({column})"
        return f"(CASE WHEN {valid} THEN substr({column}, 1, 1) END)"

    def joined_runs(self, runs: str, session_id: str, order: Sequence[str]) -> str:
        """group_concat keeps the order of its subquery. Ordered by the first column alone
        (the runs table's ``(session_id, run_index)`` index hands the rows over in that order,
        where a tie-breaker would sort every payload in a temporary B-tree), with distinct
        values required instead."""
        ok = "typeof(run_data) = 'text' AND json_valid(run_data) AND substr(run_data, 1, 1) = '{'"
        return (
            "(SELECT CASE WHEN count(*) = 0 THEN '0:' "
            f"WHEN min(coalesce({ok}, 0)) = 1 AND count(DISTINCT o) = count(*) "
            "THEN count(*) || ':' || group_concat(run_data, ', ') END "
            f"FROM (SELECT run_data, {order[0]} AS o FROM {runs} r "
            f"WHERE r.session_id = {session_id} ORDER BY {order[0]}))"
        )

    def session_name_expr(self, column: str) -> str:
        doc = _document(column)
        return (
            f"(CASE WHEN json_valid({column}) THEN "
            f"CASE WHEN json_valid({doc}) THEN json_extract({doc}, '$.session_name') END END)"
        )

    def contains_casefolded(self, expr: str, needle: str) -> tuple[str, Any]:
        """``instr`` on Python's ``str.casefold`` of both sides (SQLite's own LIKE and lower()
        fold ASCII only); the value goes in as bytes so invalid UTF-8 cannot fail the query."""
        return f"instr({SQLITE_CASEFOLD}(CAST({expr} AS BLOB)), ?) > 0", needle.casefold()

    def json_array_length_expr(self, column: str) -> str:
        doc = _document(column)
        return (
            f"(CASE WHEN json_valid({column}) AND json_valid({doc}) "
            f"AND json_type({doc}) = 'array' THEN json_array_length({doc}) END)"
        )

    def json_elements_from(self, column: str, alias: str, *, ordered: bool = False) -> str:
        """``json_each`` over the array (its ``key`` is the position); no rows when the value is
        not a readable array."""
        doc = _document(column)
        safe = (
            f"CASE WHEN json_valid({column}) AND json_valid({doc}) AND json_type({doc}) = 'array' "
            f"THEN {doc} ELSE '[]' END"
        )
        return f"json_each({safe}) AS {alias}"

    def element_position(self, alias: str) -> str:
        return f"{alias}.key"

    def element_is_object(self, alias: str) -> str:
        return f"{alias}.type = 'object'"

    def element_key_text(self, alias: str, key: str) -> str:
        value = self.json_key_text(f"{alias}.value", key)
        return f"(CASE WHEN {alias}.type = 'object' THEN {value} END)"

    def json_key_text(self, expr: str, key: str) -> str:
        return f"json_extract({expr}, '$.{key}')"

    def json_valid(self, column: str, table: str | None = None) -> str:
        return f"json_valid({column})"

    def json_object(self, column: str) -> str:
        doc = f"json_extract({column}, '$')"
        return (
            f"(CASE WHEN json_valid({column}) THEN CASE json_type({column}) "
            f"WHEN 'object' THEN {column} "
            f"WHEN 'text' THEN CASE WHEN json_valid({doc}) AND json_type({doc}) = 'object' "
            f"THEN {doc} END END END)"
        )

    def json_scalar(self, expr: str, *paths: str) -> tuple[str, str]:
        kinds = [f"json_type({expr}, '$.{p}')" for p in paths]
        values = [f"json_extract({expr}, '$.{p}')" for p in paths]
        kind = kinds[0] if len(kinds) == 1 else f"COALESCE({', '.join(kinds)})"
        pairs = zip(kinds, values[:-1], strict=False)
        whens = " ".join(f"WHEN {k} IS NOT NULL THEN {v}" for k, v in pairs)
        value = f"CASE {whens} ELSE {values[-1]} END" if whens else values[-1]
        return kind, value

    def json_array_has(
        self, expr: str, path: Sequence[str], match: Mapping[str, str | bool]
    ) -> tuple[str, list[Any]]:
        """``json_each`` over the array, each key compared by type and value."""
        where = "'$." + ".".join(path) + "'"
        conds = [f"json_type({expr}, {where}) = 'array'", "e.type = 'object'"]
        params: list[Any] = []
        for key, value in match.items():
            if isinstance(value, bool):
                conds.append(f"json_type(e.value, '$.{key}') = '{'true' if value else 'false'}'")
            else:
                conds.append(f"json_type(e.value, '$.{key}') = 'text'")
                conds.append(f"json_extract(e.value, '$.{key}') = ?")
                params.append(value)
        sql = f"EXISTS (SELECT 1 FROM json_each({expr}, {where}) AS e WHERE {' AND '.join(conds)})"
        return sql, params

    def computed_once(self, select: str) -> str:
        """``LIMIT -1`` keeps SQLite from flattening the subquery into an aggregate query."""
        return f"{select} LIMIT -1"

    def json_value_at(self, expr: str, *path: str) -> str:
        """Guarded by ``json_valid``: ``expr`` may be an extracted scalar (text that is not
        JSON), on which ``json_extract`` would fail the whole query."""
        return f"(CASE WHEN json_valid({expr}) THEN json_extract({expr}, '$.{'.'.join(path)}') END)"

    def member_values_from(self, expr: str, alias: str) -> str:
        obj = (
            f"CASE WHEN json_valid({expr}) AND json_type({expr}) = 'object' "
            f"THEN {expr} ELSE '{{}}' END"
        )
        return f"json_each({obj}) AS {alias}"

    def nested_elements_from(self, expr: str, alias: str) -> str:
        """Two ``json_each``: the object's members, then each array member's elements."""
        obj = (
            f"CASE WHEN json_valid({expr}) AND json_type({expr}) = 'object' "
            f"THEN {expr} ELSE '{{}}' END"
        )
        arr = f"CASE WHEN {alias}_m.type = 'array' THEN {alias}_m.value ELSE '[]' END"
        return f"json_each({obj}) AS {alias}_m, json_each({arr}) AS {alias}"

    def json_number(self, expr: str, *path: str) -> str:
        doc = self.json_object(expr)
        where = "'$." + ".".join(path) + "'"
        value = f"json_extract({doc}, {where})"
        return (
            f"(CASE WHEN json_type({doc}, {where}) IN ('integer', 'real') "
            f"AND abs({value}) < 9e18 THEN {value} END)"
        )

    def json_number_of(self, expr: str, *path: str) -> str:
        """Without :meth:`json_object`'s unwrapping: a third fewer JSON calls per number."""
        where = "'$." + ".".join(path) + "'"
        value = f"json_extract({expr}, {where})"
        return (
            f"(CASE WHEN json_valid({expr}) AND json_type({expr}, {where}) IN ('integer', 'real') "
            f"AND abs({value}) < 9e18 THEN {value} END)"
        )

    def stored_bytes(self, column: str) -> str:
        return f"COALESCE(length(CAST({column} AS BLOB)), 0)"

    def safe_sum(self, expr: str) -> str:
        """``total()``: SQLite's ``sum()`` fails on 64-bit overflow."""
        return f"total({expr})"

    def utc_day(self, seconds: str) -> str:
        return f"strftime('%Y-%m-%d', {seconds}, 'unixepoch')"

    def list_tables(self, conn: sqlite3.Connection) -> list[str]:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
        return [r[0] for r in rows]

    def columns(self, conn: sqlite3.Connection, table: str, schema: str | None = None) -> list[str]:
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

    @property
    def file(self) -> str:
        return self.path

    def storage_missing(self) -> bool:
        return not Path(self.path).exists()

    def begin_snapshot(self, conn: sqlite3.Connection) -> None:
        """One read transaction in WAL mode; with a rollback journal none (a long one would
        block every writer), so each batch sees the latest committed data."""
        if self.journal_mode(conn) == "wal":
            self.begin_read(conn)

    def referencing_tables(self, conn: sqlite3.Connection, table: str) -> list[str]:
        rows = conn.execute(
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f "
            "WHERE m.type = 'table' AND f.\"table\" = ? ORDER BY 1",
            (table,),
        ).fetchall()
        return [str(r[0]) for r in rows]

    def relation_kind(self, conn: sqlite3.Connection, table: str) -> str | None:
        """``table`` or ``view``."""
        try:
            row = conn.execute(
                "SELECT type FROM sqlite_master WHERE lower(name) = lower(?)", (table,)
            ).fetchone()
        finally:
            conn.rollback()
        return None if row is None else str(row[0])

    def table_key(self, name: str) -> str:
        """SQLite resolves table names case-insensitively."""
        return name.lower()

    def file_bytes(self) -> int | None:
        return os.path.getsize(self.path) if os.path.exists(self.path) else None

    def copy_into(
        self, conn: sqlite3.Connection, path: str, on_progress: Callable[[], None] | None
    ) -> None:
        """``VACUUM INTO path`` (one read transaction: a snapshot taken when it starts);
        ``on_progress`` is called every thousand virtual-machine steps. Ctrl-C ends the copy
        at the next step instead of when it is done: while it runs, SIGINT only marks the copy
        cancelled (in the main thread, where the default handler is in place), the progress
        callback then aborts the statement, and KeyboardInterrupt is raised once SQLite has
        let go of the file. The statement runs in the calling thread: a copying thread would
        need ``Thread.join``, and on Python 3.11 a Ctrl-C inside ``join`` marks the thread
        ended while it still runs, so the connection could be closed under it."""
        cancelled = threading.Event()

        def progress() -> int:
            try:
                if on_progress is not None:
                    on_progress()
            except KeyboardInterrupt:  # another handler raised it: SQLite would swallow it
                cancelled.set()
            return 1 if cancelled.is_set() else 0

        with _sigint_sets(cancelled):
            conn.set_progress_handler(progress, 1_000)
            try:
                conn.execute("PRAGMA query_only = 0")  # VACUUM INTO writes only the new file
                conn.execute("VACUUM INTO ?", (path,))
            except sqlite3.OperationalError:
                if not cancelled.is_set():
                    raise
            finally:
                conn.set_progress_handler(None, 0)
        if cancelled.is_set():
            raise KeyboardInterrupt

    def integrity_problem(self, conn: sqlite3.Connection) -> str | None:
        """``PRAGMA quick_check``."""
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        return None if rows == ["ok"] else rows[0]

    def set_secure_delete(self, conn: sqlite3.Connection, mode: str | None) -> None:
        if mode is None:
            return
        if mode not in SECURE_DELETE:
            raise BadInputError(f"secure_delete must be one of {', '.join(SECURE_DELETE)}")
        conn.execute(f"PRAGMA secure_delete = {mode}")

    def same_database(self, other: Dialect) -> bool:
        """The same file, by device and inode (links followed), or the same absent path."""
        return _file_id(self.path) == _file_id(str(other.file))

    @classmethod
    def translate(cls, exc: BaseException, text: str, display: str) -> KernError | None:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
            return ConnectError(
                f"database is locked: {display}",
                hint="another process holds a write lock; retry, or raise KERN_BUSY_TIMEOUT",
            )
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in text.replace("-", ""):
            return ConnectError(f"database is read-only: {display} ({text})")
        return None

    def sa_dialect(self) -> Any:
        from sqlalchemy.dialects import sqlite

        return sqlite.dialect()

    def sa_type(self, role: str) -> Any:
        from sqlalchemy import JSON, String

        return JSON() if role == "json" else String()


DIALECT_CLASSES[SqliteDialect.kind] = SqliteDialect


@contextmanager
def _sigint_sets(flag: threading.Event) -> Iterator[None]:
    """Inside, Ctrl-C sets ``flag`` instead of raising KeyboardInterrupt, where it can: in the
    main thread, while the default handler is in place (an application's own is left alone)."""
    import signal

    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: flag.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _file_id(path: str) -> tuple[Any, ...]:
    """Device and inode of the file (links followed); an absent file by its resolved path."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ("absent", os.path.realpath(path))
    return ("file", st.st_dev, st.st_ino)


def _open_error(message: str, exc: sqlite3.Error) -> KernError:
    """A full disk is not a connection problem (exit 1, not 4)."""
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc):
        return KernError(f"disk full: {message}: {exc}")
    return ConnectError(f"{message}: {exc}")


def _casefold_blob(value: bytes | str | None) -> str | None:
    """``kern_casefold(x)`` on kern's SQLite connections: the case-folded text, or NULL."""
    if value is None:
        return None
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return text.casefold()


def _document(column: str) -> str:
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
