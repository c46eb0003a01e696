"""The public database objects: :class:`SqliteDb`, :class:`PostgresDb`, :class:`MySQLDb` and
:func:`open_db`.

A db object holds where the sessions live and opens connections lazily: a read-only one for
reads (a SQLite file is opened with ``mode=ro``, a PostgreSQL session is ``read_only``), and a
writable one only when something is written. Reads never create, migrate or change anything.

It is the only place that connects and detects layouts: operations get a bound
:class:`~kern_core.table.SessionTable` from it (``reading``, ``writing``, ``snapshot``), on its
open connection and with its cached layout where it has them, and its methods are thin doors
to the operation functions of their modules.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TypeVar

from kern_core import exporting
from kern_core import reading as reads
from kern_core import writing as writes
from kern_core.dialect import (
    Dialect,
    MysqlDialect,
    PostgresDialect,
    ServerDialect,
    SqliteDialect,
    check_identifier,
    driver_errors,
    translate_error,
)
from kern_core.dialect.sqlite import DEFAULT_BUSY_TIMEOUT
from kern_core.errors import BadInputError, KernError, TableMissingError, UnrecognisedTableError
from kern_core.exporting import ExportReport
from kern_core.filters import SessionFilter
from kern_core.layout import DEFAULT_SESSION_TABLE, Layout, default_runs_table, detect
from kern_core.model import Session, SessionRow
from kern_core.reading import Page, SkipHandler
from kern_core.table import SessionTable
from kern_core.url import Location, parse_location
from kern_core.vocab import NEW_LAYOUTS
from kern_core.writing import DeleteReport, WriteReport

if TYPE_CHECKING:
    from kern_core.linked.extras import SessionExtras
    from kern_core.search import SearchHit, TextQuery
    from kern_core.stats import Stats as SessionStats
    from kern_core.status import Status as DbStatus
    from kern_core.usage import Usage

T = TypeVar("T")
S = TypeVar("S", bound="ServerDb")
LAYOUTS = NEW_LAYOUTS


def resolved(t: SessionTable, flt: SessionFilter | None) -> SessionFilter:
    """The filter, its content search (``grep``) confirmed so that SQL selects exactly the
    matching sessions (:func:`kern_core.search.resolve_filter`)."""
    if flt is None:
        return SessionFilter()
    if flt.grep is None:
        return flt
    from kern_core.search import resolve_filter

    return resolve_filter(t, flt)


class SessionDb:
    """Sessions in one session table of one database (base of SqliteDb and PostgresDb)."""

    def __init__(
        self,
        dialect: Dialect,
        session_table: str = DEFAULT_SESSION_TABLE,
        runs_table: str | None = None,
        new_layout: str = "column",
    ) -> None:
        if new_layout not in LAYOUTS:
            raise BadInputError(f"layout must be 'column' or 'table', not {new_layout!r}")
        self.dialect = dialect
        self.session_table = check_identifier(session_table)
        self.runs_table = check_identifier(runs_table) if runs_table else None
        self.new_layout = new_layout
        self._ro: Any = None
        self._rw: Any = None
        self._layout: Layout | None = None

    # -- connections -------------------------------------------------------------------------

    def __enter__(self) -> SessionDb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for conn in (self._ro, self._rw):
            if conn is not None:
                with suppress(Exception):
                    conn.close()
        self._ro = self._rw = None

    def _abandon(self) -> None:
        """After a Ctrl-C: stop and close both connections without another statement."""
        for conn in (self._ro, self._rw):
            if conn is not None:
                self.dialect.abandon(conn)
        self._ro = self._rw = None

    def _read_conn(self) -> Any:
        if self._rw is not None:
            return self._rw
        if self._ro is None:
            self._ro = self.dialect.connect(read_only=True)
        return self._ro

    def _write_conn(self, create: bool = False) -> Any:
        if self._rw is None:
            dialect = self.dialect
            self._rw = dialect.connect_creating() if create else dialect.connect(read_only=False)
        return self._rw

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn driver errors into one-line :class:`KernError`s; a Ctrl-C abandons the
        connections, which may be mid statement."""
        try:
            yield
        except KeyboardInterrupt:
            self._abandon()
            raise
        except KernError:
            raise
        except driver_errors() as exc:
            raise translate_error(self.dialect, exc) from exc

    # -- handles ---------------------------------------------------------------------------

    def detect(self, conn: Any, runs_table: str | None = None) -> Layout:
        """Detect the session table's layout on ``conn`` and keep it as the db's current one
        (``runs_table``: the runs table to look for, when not the db's own). Every detection
        of this db's tables goes through here."""
        self._layout = detect(self.dialect, conn, self.session_table, runs_table or self.runs_table)
        return self._layout

    @contextmanager
    def reading(self, *, own: bool = False, refresh: bool = False) -> Iterator[SessionTable]:
        """The table for one read, with the cached layout (detected once; ``refresh``: detected
        afresh, for a plan that is to guide a write).

        By default on the db's own read connection (its write connection when that is open),
        the read ended afterwards. ``own``: on a connection of its own, closed afterwards, for
        a thread that reads alongside the db's connection (a copy's verifier).
        """
        if own:
            with self.dialect.open_conn(read_only=True) as conn:
                layout = self._layout if self._layout is not None else self.detect(conn)
                self.dialect.end_read(conn)
                yield SessionTable(self.dialect, conn, layout)
            return
        with self._guard():
            conn = self._read_conn()
            try:
                yield SessionTable(self.dialect, conn, self.layout(refresh=refresh))
            except KeyboardInterrupt:
                raise
            except BaseException:
                self.dialect.end_read(conn)
                raise
            self.dialect.end_read(conn)

    @contextmanager
    def writing(
        self, *, create: bool = False, with_runs: bool = True, own: bool = False
    ) -> Iterator[SessionTable]:
        """The table on the db's write connection, its layout detected afresh (a write must
        meet the tables as they are now). ``create``: create the missing tables first (the
        runs table too where ``with_runs`` and the layout keeps runs in one); otherwise a
        missing table raises. ``own``: on a write connection of its own, closed afterwards
        (for a write that changes a setting of its connection). The caller opens the
        transactions (``t.transaction()``). The cached layout is dropped afterwards when the
        write created tables (agno 3.1's linked tables, for the rows a copy or an import
        carried), so the next read finds them."""
        if own:
            with self.dialect.open_conn(read_only=False) as conn:
                layout = self.detect(conn)
                self.dialect.end_read(conn)
                yield SessionTable(self.dialect, conn, layout)
            return
        with self._guard():
            if create:
                conn, layout = self._prepare_write(with_runs)
            else:
                conn = self._write_conn()
                layout = self.layout(refresh=True)
            created = self.dialect.tables_created
            try:
                yield SessionTable(self.dialect, conn, layout)
            finally:
                if self.dialect.tables_created != created:
                    self._layout = None

    @contextmanager
    def snapshot(self) -> Iterator[SessionTable]:
        """The table on a read connection of its own holding one consistent snapshot, for a
        long, multi-query read; the cached layout is used, else it is detected in the snapshot.

        PostgreSQL: a REPEATABLE READ read-only transaction. SQLite in WAL mode: one read
        transaction. SQLite with a rollback journal: no long transaction (it would block every
        writer), so each batch sees the latest committed data.
        """
        with self._guard(), self.dialect.open_conn(read_only=True) as conn:
            self.dialect.begin_snapshot(conn)
            layout = self._layout if self._layout is not None else self.detect(conn)
            yield SessionTable(self.dialect, conn, layout)

    @contextmanager
    def connection(self, *, own: bool = False) -> Iterator[Any]:
        """The db's read connection for a look that needs no session table (what a name
        is, whether a table exists); the read is ended afterwards. ``own``: a read connection
        of its own, closed afterwards, for work that changes its settings (a backup)."""
        if own:
            with self.dialect.open_conn(read_only=True) as conn:
                yield conn
            return
        with self._guard():
            conn = self._read_conn()
            try:
                yield conn
            finally:
                self.dialect.end_read(conn)

    # -- layout ------------------------------------------------------------------------------

    def layout(self, refresh: bool = False) -> Layout:
        """The detected layout of the session table (raises if the table is missing)."""
        if self._layout is None or refresh:
            with self._guard():
                conn = self._rw if self._rw is not None else self._read_conn()
                try:
                    self.detect(conn)
                except KeyboardInterrupt:
                    raise
                except BaseException:
                    self.dialect.end_read(conn)
                    raise
                self.dialect.end_read(conn)
        assert self._layout is not None
        return self._layout

    def existing_layout(self) -> Layout | None:
        """The layout of the session table as it is now; None when the table (or the file)
        is missing, so a write would create it."""
        if self.dialect.storage_missing():
            return None
        try:
            return self.layout(refresh=True)
        except UnrecognisedTableError:
            raise
        except TableMissingError:
            return None

    # -- reading -----------------------------------------------------------------------------

    def get_session(self, session_id: str, session_type: str | None = None) -> Session | None:
        """The session with all its runs in stored order, or None when it does not exist."""
        with self.reading() as t:
            return reads.get_session(t, session_id, session_type)

    def get_session_extras(
        self, session_id: str, *, payload_chars: int | None = 0, archived: bool = True
    ) -> SessionExtras:
        """What agno 3.1 keeps of the session in its own tables: compactions and offloaded
        tool results with their payloads resolved as agno resolves them
        (:mod:`kern_core.linked.extras`). ``payload_chars``: 0 reads no payload text, N the
        first N characters (cut in SQL), None all of it; ``archived``: the folded messages."""
        from kern_core.linked.extras import get_session_extras

        with self.reading() as t:
            return get_session_extras(t, session_id, payload_chars, archived)

    def tool_result_payload(self, session_id: str, result_id: str) -> str | None:
        """The whole payload of one of the session's offloaded tool results (None if agno
        would find none)."""
        from kern_core.linked.extras import read_payload

        with self.reading() as t:
            return read_payload(t, session_id, result_id)

    def list_sessions(
        self,
        flt: SessionFilter | None = None,
        *,
        sort: str = "created_at",
        descending: bool = True,
        limit: int | None = 20,
        cursor: str | None = None,
        with_run_counts: bool = True,
    ) -> Page:
        """A page of list rows (no run payloads), filtered and sorted in SQL before the limit."""
        with self.reading() as t:
            return reads.list_sessions(
                t, resolved(t, flt), sort, descending, limit, cursor, with_run_counts
            )

    def iter_list_rows(
        self,
        flt: SessionFilter | None = None,
        *,
        sort: str = "created_at",
        descending: bool = True,
        cursor: str | None = None,
        with_run_counts: bool = True,
        page_size: int = reads.LIST_PAGE_SIZE,
    ) -> Iterator[SessionRow]:
        """Every matching list row, fetched ``page_size`` at a time from one snapshot: memory
        stays flat however many sessions match."""
        with self.snapshot() as t, self._guard():
            yield from reads.iter_list_rows(
                t, resolved(t, flt), sort, descending, cursor, with_run_counts, page_size
            )

    def count_sessions(self, flt: SessionFilter | None = None) -> int:
        with self.reading() as t:
            return reads.count_sessions(t, resolved(t, flt))

    def first_inputs(self, session_ids: Sequence[str]) -> dict[str, str]:
        """The first user input of each session (a title for unnamed sessions)."""
        with self.reading() as t:
            return reads.first_inputs(t, session_ids)

    def iter_sessions(
        self,
        flt: SessionFilter | None = None,
        *,
        batch_size: int = 500,
        on_skip: SkipHandler | None = None,
    ) -> Iterator[Session]:
        """Every matching session with its runs, oldest first, from one snapshot."""
        with self.snapshot() as t, self._guard():
            yield from reads.iter_sessions(t, resolved(t, flt), batch_size, on_skip)

    def export_lines(
        self,
        flt: SessionFilter | None = None,
        *,
        batch_size: int = 500,
        on_skip: SkipHandler | None = None,
        report: ExportReport | None = None,
    ) -> Iterator[str]:
        """Each matching session as one JSON document (the :class:`Session` record), oldest
        first, from one snapshot; unreadable sessions go to ``on_skip``. Counts go to ``report``."""
        report = report if report is not None else ExportReport()
        with self.snapshot() as t, self._guard():
            yield from exporting.export_lines(t, resolved(t, flt), report, batch_size, on_skip)

    def export_records(
        self,
        flt: SessionFilter | None = None,
        *,
        batch_size: int = 500,
        on_skip: SkipHandler | None = None,
        report: ExportReport | None = None,
    ) -> Iterator[bytes]:
        """:meth:`export_lines` as UTF-8 bytes, the way a JSON-lines file is written: where the
        database builds the lines, they pass through without becoming Python strings."""
        report = report if report is not None else ExportReport()
        with self.snapshot() as t, self._guard():
            yield from exporting.export_records(t, resolved(t, flt), report, batch_size, on_skip)

    def export_jsonl(
        self,
        write: Callable[[bytes], Any],
        flt: SessionFilter | None = None,
        *,
        batch_size: int = 500,
        on_skip: SkipHandler | None = None,
        report: ExportReport | None = None,
        progress: Callable[[], Any] | None = None,
    ) -> int:
        """Write :meth:`export_records` as a JSON-lines file through ``write`` (bytes, in ~1 MB
        chunks; each line's parts are copied once, into its chunk); ``progress`` is called
        once per session written. Returns the bytes written."""
        report = report if report is not None else ExportReport()
        with self.snapshot() as t, self._guard():
            parts = exporting.export_parts(t, resolved(t, flt), report, batch_size, on_skip)
            try:
                ticking = parts if progress is None else _ticking(parts, progress)
                return exporting.write_jsonl(ticking, write)
            finally:
                parts.close()  # its reader thread stops before the connection is closed

    def stats(self, flt: SessionFilter | None = None, *, top: int = 10) -> SessionStats:
        """Aggregates over the matching sessions and their runs (see :mod:`kern_core.stats`)."""
        from kern_core.stats import session_stats

        with self.reading() as t:
            return session_stats(t, resolved(t, flt), top)

    def search(
        self,
        query: TextQuery,
        flt: SessionFilter | None = None,
        *,
        sort: str = "created_at",
        descending: bool = True,
        jobs: int = 1,
    ) -> Iterator[SearchHit]:
        """Each run, compaction and offloaded tool result of the matching sessions that holds
        the text (:mod:`kern_core.search`), sessions newest first, from one snapshot (with
        ``jobs`` > 1, worker processes beyond the first pages, each in a snapshot of its
        own). The workers start as multiprocessing's forkserver starts them, which imports
        the main module again: a script passing ``jobs`` > 1 needs the usual
        ``if __name__ == "__main__":`` guard around what it runs."""
        from kern_core.search import search

        with self.snapshot() as t, self._guard():
            yield from search(t, query, flt, sort=sort, descending=descending, jobs=jobs)

    def usage(self, flt: SessionFilter | None = None, *, by: Sequence[str] = ()) -> Usage:
        """Tokens and estimated cost of the matching sessions' runs, grouped ``by`` user,
        agent, team, workflow, model, day and/or month (see :mod:`kern_core.usage`)."""
        from kern_core.usage import session_usage

        with self.reading() as t:
            return session_usage(t, resolved(t, flt), by)

    def status(self) -> DbStatus:
        """Layout, version stamps, counts, sizes, indexes and hints (:mod:`kern_core.status`)."""
        from kern_core.status import db_status

        with self.reading() as t:
            return db_status(t)

    # -- writing -----------------------------------------------------------------------------

    def _prepare_write(self, with_runs: bool = True) -> tuple[Any, Layout]:
        conn = self._write_conn(create=True)
        try:
            layout = self.layout(refresh=True)
        except TableMissingError as exc:
            if isinstance(exc, UnrecognisedTableError):
                raise
            layout = None
        if layout is None or (with_runs and layout.kind == "table" and not layout.runs_table):
            with_column = self.new_layout == "column" if layout is None else False
            runs_name = (
                None if with_column else (self.runs_table or default_runs_table(self.session_table))
            )
            with self.dialect.transaction(conn):
                writes.create_tables(self.dialect, conn, self.session_table, runs_name, with_column)
            layout = self.layout(refresh=True)
        return conn, layout

    def ensure_tables(self) -> Layout:
        """Create the session table (and runs table) if missing; returns the layout."""
        with self.writing(create=True) as t:
            return t.layout

    def upsert_sessions(
        self,
        sessions: Iterable[Session],
        *,
        on_conflict: str = "replace",
        batch_size: int = 500,
        on_batch: Callable[[WriteReport], None] | None = None,
        atomic: bool = False,
    ) -> WriteReport:
        """Write sessions with their runs in batches, one transaction per batch (``atomic``:
        every batch in one transaction, so an error leaves nothing written)."""
        with self.writing(create=True) as t:
            return writes.upsert_sessions(t, sessions, on_conflict, batch_size, on_batch, atomic)

    def upsert_session(self, session: Session) -> WriteReport:
        return self.upsert_sessions([session])

    def delete_sessions(self, session_ids: Sequence[str], *, batch_size: int = 500) -> DeleteReport:
        """Delete sessions with all their runs and session-linked rows (compactions, tool
        results and their payloads, transcripts), one transaction per batch of ids."""
        with self.writing() as t:
            return writes.delete_sessions(t, session_ids, batch_size)

    def rename_session(self, session_id: str, name: str) -> bool:
        """Set the session's name; False when the session does not exist."""
        with self.writing() as t, t.transaction():
            return writes.rename(t, session_id, name)

    @property
    def display(self) -> str:
        """The database's URL or path with any password masked, for messages."""
        return self.dialect.display

    @property
    def can_backup(self) -> bool:
        """True when :func:`kern_core.backup_db` copies the database itself (a SQLite file);
        a server database is backed up with its own tools."""
        return self.dialect.file is not None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dialect.display!r}, table={self.session_table!r})"


class SqliteDb(SessionDb):
    """Sessions in a SQLite file: ``SqliteDb(db_file="agent.db")`` or ``db_url="sqlite:///..."``."""

    def __init__(
        self,
        db_file: str | os.PathLike[str] | None = None,
        db_url: str | None = None,
        session_table: str = DEFAULT_SESSION_TABLE,
        runs_table: str | None = None,
        new_layout: str = "column",
        busy_timeout: float | None = None,
    ) -> None:
        if (db_file is None) == (db_url is None):
            raise BadInputError("give exactly one of db_file and db_url")
        location = (
            Location("sqlite", path=os.fspath(db_file))
            if db_file is not None
            else parse_location(str(db_url))
        )
        if location.kind != SqliteDialect.kind:
            raise BadInputError("SqliteDb needs a sqlite:/// URL or a file path")
        timeout = (
            busy_timeout
            if busy_timeout is not None
            else float(os.environ.get("KERN_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT))
        )
        super().__init__(
            SqliteDialect(location, busy_timeout=timeout), session_table, runs_table, new_layout
        )

    @classmethod
    def at(cls, location: Location, *, db_schema: str = "ai", **options: Any) -> SqliteDb:
        """The db object for a parsed location (SQLite has no schema: ``db_schema`` is unused)."""
        return cls(db_file=location.path, **options)

    @property
    def db_file(self) -> str:
        return str(self.dialect.location.path)


class ServerDb(SessionDb):
    """Sessions in a schema of a server database (base of PostgresDb and MySQLDb).

    ``lock_timeout`` / ``statement_timeout`` (seconds; default ``KERN_LOCK_TIMEOUT`` or 10, and
    ``KERN_STATEMENT_TIMEOUT`` or the server's own) bound how long any statement waits.
    """

    #: The dialect of the server this class talks to.
    dialect_class: type[ServerDialect]
    #: What a URL for it looks like, for the error a URL of another kind gets.
    url_form: str

    def __init__(
        self,
        db_url: str,
        session_table: str = DEFAULT_SESSION_TABLE,
        db_schema: str = "ai",
        runs_table: str | None = None,
        new_layout: str = "column",
        lock_timeout: float | None = None,
        statement_timeout: float | None = None,
    ) -> None:
        location = parse_location(db_url)
        if location.kind != self.dialect_class.kind:
            raise BadInputError(f"{type(self).__name__} needs a {self.url_form} URL")
        dialect = self.dialect_class(
            location,
            schema=db_schema,
            lock_timeout=lock_timeout,
            statement_timeout=statement_timeout,
        )
        super().__init__(dialect, session_table, runs_table, new_layout)

    @classmethod
    def at(cls: type[S], location: Location, **options: Any) -> S:
        """The db object for a parsed location."""
        return cls(str(location.conninfo), **options)

    @property
    def db_schema(self) -> str:
        return str(self.dialect.schema)


class PostgresDb(ServerDb):
    """Sessions in PostgreSQL: ``PostgresDb(db_url="postgresql://user@host/db")``; schema ``ai``."""

    dialect_class = PostgresDialect
    url_form = "postgresql://"


class MySQLDb(ServerDb):
    """Sessions in MySQL or MariaDB: ``MySQLDb(db_url="mysql://user@host/db")``; the tables
    live in the database ``db_schema`` (``ai``, as agno's ``MySQLDb``), which need not be
    the URL's."""

    dialect_class = MysqlDialect
    url_form = "mysql:// or mariadb://"


#: The db class for each kind of location.
DB_CLASSES: dict[str, type[SqliteDb] | type[ServerDb]] = {
    SqliteDialect.kind: SqliteDb,
    PostgresDialect.kind: PostgresDb,
    MysqlDialect.kind: MySQLDb,
}


def open_db(
    url_or_path: str,
    session_table: str = DEFAULT_SESSION_TABLE,
    db_schema: str = "ai",
    runs_table: str | None = None,
    new_layout: str = "column",
) -> SessionDb:
    """Open a SQLite file or URL, a PostgreSQL or a MySQL URL, as the right kind of db object."""
    location = parse_location(url_or_path)
    return DB_CLASSES[location.kind].at(
        location,
        session_table=session_table,
        db_schema=db_schema,
        runs_table=runs_table,
        new_layout=new_layout,
    )


def _ticking(items: Iterator[T], tick: Callable[[], Any]) -> Iterator[T]:
    for item in items:
        yield item
        tick()
