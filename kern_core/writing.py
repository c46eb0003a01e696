"""Write sessions: create tables on first write, upsert sessions with their runs, delete, rename.

Each public function works inside one transaction the caller opened (``Dialect.transaction``),
so a batch is either written whole or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Any

from kern_core import jsoncodec
from kern_core.dialect import Dialect, chunked
from kern_core.errors import BadInputError, ConflictError
from kern_core.filters import SessionFilter, where_clause
from kern_core.layout import VERSIONS_TABLE, Layout
from kern_core.linked.tables import delete_linked
from kern_core.model import DOC_FIELDS, RUN_COLUMNS, SESSION_WRITE_COLUMNS, Session
from kern_core.storable import rules_for, target_problems, written_problems
from kern_core.table import SessionTable
from kern_core.vocab import ON_CONFLICT as ON_CONFLICT

#: Rounds of lock-then-write before giving up on ids another writer keeps inserting and deleting.
_RACE_RETRIES = 5


@dataclass
class WriteReport:
    """What an upsert did, by session id."""

    inserted: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    runs_written: int = 0
    #: Sessions left unwritten because the target's collation takes their id for another
    #: session's (MySQL, MariaDB): id and reason (see :func:`clash_reasons`).
    clashed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: WriteReport) -> None:
        self.inserted += other.inserted
        self.replaced += other.replaced
        self.skipped += other.skipped
        self.runs_written += other.runs_written
        self.clashed += other.clashed


@dataclass
class DeleteReport:
    """Sessions and runs a delete removed, the requested ids that did not exist, and the rows
    removed from each session-linked table (:mod:`kern_core.linked.tables`)."""

    sessions: int = 0
    runs: int = 0
    missing: list[str] = field(default_factory=list)
    linked: dict[str, int] = field(default_factory=dict)

    def add(self, other: DeleteReport) -> None:
        """Add another batch's counts to these."""
        self.sessions += other.sessions
        self.runs += other.runs
        self.missing += other.missing
        for table, count in other.linked.items():
            self.linked[table] = self.linked.get(table, 0) + count


def upsert_sessions(
    t: SessionTable,
    sessions: Iterable[Session],
    on_conflict: str = "replace",
    batch_size: int = 500,
    on_batch: Callable[[WriteReport], None] | None = None,
    atomic: bool = False,
) -> WriteReport:
    """Write sessions with their runs in batches, one transaction per batch (``atomic``: every
    batch in one transaction, so an error leaves nothing written)."""
    total = WriteReport()
    with t.transaction() if atomic else nullcontext():
        for batch in chunked(sessions, batch_size):
            with nullcontext() if atomic else t.transaction():
                report = upsert_batch(t, batch, on_conflict)
            if on_batch is not None:
                on_batch(report)
            total.add(report)
    return total


def delete_sessions(
    t: SessionTable, session_ids: Sequence[str], batch_size: int = 500
) -> DeleteReport:
    """Delete sessions with all their runs and session-linked rows, one transaction per batch
    of ids."""
    total = DeleteReport()
    for ids in chunked(list(session_ids), batch_size):
        with t.transaction():
            total.add(delete_batch(t, ids))
    return total


def existing_ids(t: SessionTable, ids: Sequence[str], lock: bool = False) -> set[str]:
    """The ids among ``ids`` stored in the session table, exactly (a stored id MySQL's
    collation merely takes for one of them is not; see :func:`clash_reasons`); ``lock`` also
    row-locks them until the transaction ends (PostgreSQL ``FOR UPDATE``; a SQLite write
    transaction already excludes every other writer)."""
    if not ids:
        return set()
    cond, params = t.dialect.exact_in("session_id", ids)
    sql = f"SELECT session_id FROM {t.sessions} WHERE {cond}"
    if lock:
        sql += t.dialect.row_lock
    return {str(r[0]) for r in t.conn.execute(sql, params).fetchall()}


def clash_reasons(dialect: Dialect, conn: Any, table: str, ids: Sequence[str]) -> dict[str, str]:
    """Why the session table ``table`` cannot store each of these ids as its own row: its
    key collation (MySQL's and MariaDB's fold case and accents and ignore trailing spaces)
    takes the id for a different stored id, or for an earlier one of ``ids`` (a table not yet
    created: under the collation it will get). Empty on SQLite and PostgreSQL."""
    clashes = dialect.key_clashes(conn, table, "session_id", ids)
    if not clashes:
        return {}
    collation = dialect.collation_name(conn, table, "session_id")
    out = {}
    for sid, (other, stored) in clashes.items():
        what = "the stored session" if stored else "the session"
        where = "" if stored else " earlier in the input"
        out[sid] = f"{collation} takes it for {what} {other!r}{where}"
    return out


def run_clash_reasons(
    t: SessionTable, owner: dict[str, str], skip: set[str] | None = None
) -> dict[str, str]:
    """Why the target cannot store the runs ``owner`` lists (run id: its session's id), by
    session id: the runs table's key collation takes a run id for one another session holds,
    or for another run of the input (MySQL, MariaDB; empty on SQLite and PostgreSQL). The
    sessions in ``skip`` (not written anyway) are left out."""
    runs_table = t.layout.runs_table
    if skip:
        owner = {r: sid for r, sid in owner.items() if sid not in skip}
    if runs_table is None or not owner:
        return {}
    clashes = t.dialect.key_clashes(t.conn, runs_table, "run_id", list(owner))
    if not clashes:
        return {}
    stored = sorted({other for other, is_stored in clashes.values() if is_stored})
    holders: dict[str, str] = {}
    if stored:
        cond, params = t.dialect.exact_in("run_id", stored)
        sql = f"SELECT run_id, session_id FROM {t.runs} WHERE {cond}"
        holders = {str(r): str(sid) for r, sid in t.conn.execute(sql, params).fetchall()}
    collation = t.dialect.collation_name(t.conn, runs_table, "run_id")
    out: dict[str, str] = {}
    for run_id, (other, is_stored) in clashes.items():
        sid = owner[run_id]
        holder = holders.get(other) if is_stored else owner[other]
        if holder == sid and is_stored:
            continue
        where = f"of the stored session {holder!r}" if is_stored else f"of the session {holder!r}"
        if not is_stored:
            where += " earlier in the input"
        out.setdefault(
            sid,
            f"{collation} takes its run {run_id!r} for the run {other!r} "
            f"{where} (run ids are unique across the runs table)",
        )
    return out


def upsert_batch(
    t: SessionTable,
    sessions: Sequence[Session],
    on_conflict: str = "replace",
) -> WriteReport:
    """Insert or replace a batch of sessions with their runs (inside the caller's transaction).

    ``replace`` rewrites the whole record, runs included (runs no longer listed are removed);
    ``skip`` leaves existing sessions untouched; ``fail`` raises :class:`ConflictError`. A
    session whose id the target's collation takes for a different session's (MySQL, MariaDB:
    ``'ABC'`` for ``'abc'``) conflicts with that session: ``fail`` raises, ``skip`` and
    ``replace`` leave it unwritten and list it in ``clashed`` (``replace`` never overwrites
    another id's row), writing the others. New
    sessions go in with ``ON CONFLICT DO NOTHING``, so one that another writer inserts meanwhile
    is never overwritten: the insert waits for that writer, and the session then counts as
    skipped (``skip``), fails the batch (``fail``) or is replaced under a row lock (``replace``).
    Runs are written only for the sessions this batch inserted or replaced.
    """
    if on_conflict not in ON_CONFLICT:
        raise BadInputError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}")
    _check_unique(sessions)
    report = WriteReport()
    runs_in_table = t.layout.runs_in_table
    rows = _Rows(t)
    by_id = {s.session_id: s for s in sessions}
    clashes = clash_reasons(t.dialect, t.conn, t.layout.session_table, list(by_id))
    if t.layout.runs_in_table:
        owners = {r.run_id: s.session_id for s in sessions for r in s.runs if r.run_id}
        clashes.update(run_clash_reasons(t, owners, set(clashes)))
    if clashes and on_conflict == "fail":
        raise ConflictError(
            "; ".join(f"session {i!r}: {why}" for i, why in list(clashes.items())[:5])
        )
    report.clashed = [(i, f"session {i!r}: {why}") for i, why in clashes.items()]
    pending = [i for i in by_id if i not in clashes]
    for _ in range(_RACE_RETRIES):
        found = existing_ids(t, pending, lock=on_conflict == "replace")
        if found and on_conflict == "fail":
            shown = ", ".join(sorted(found)[:5])
            raise ConflictError(f"{len(found)} session(s) already exist: {shown}")
        if on_conflict == "skip":
            report.skipped += [i for i in pending if i in found]
        elif found:
            replaced = [by_id[i] for i in pending if i in found]
            _write_session_rows(t, rows.sessions(replaced))
            report.replaced += [s.session_id for s in replaced]
        new = [by_id[i] for i in pending if i not in found]
        inserted = _insert_session_rows(t, new, rows.sessions(new))
        report.inserted += [s.session_id for s in new if s.session_id in inserted]
        pending = [s.session_id for s in new if s.session_id not in inserted]
        if not pending:
            break
        late = clash_reasons(t.dialect, t.conn, t.layout.session_table, pending)
        if late and on_conflict == "fail":
            raise ConflictError("; ".join(f"session {i!r}: {why}" for i, why in late.items()))
        report.clashed += [(i, f"session {i!r}: {why}") for i, why in late.items()]
        pending = [i for i in pending if i not in late]
        if not pending:
            break
        if on_conflict == "fail":
            shown = ", ".join(sorted(pending)[:5])
            raise ConflictError(
                f"{len(pending)} session(s) were written by someone else meanwhile: {shown}"
            )
        if on_conflict == "skip":
            report.skipped += pending
            pending = []
            break
    if pending:
        raise ConflictError(
            f"sessions kept being inserted and deleted by another writer: {', '.join(pending[:5])}",
            hint="retry the import",
        )
    written = [by_id[i] for i in [*report.replaced, *report.inserted]]
    if runs_in_table:
        if report.replaced:
            delete_runs(t, report.replaced)
        report.runs_written = _write_run_rows(t, rows.runs(written))
    else:
        report.runs_written = sum(len(s.runs) for s in written)
    position = {sid: i for i, sid in enumerate(by_id)}
    report.skipped.sort(key=position.__getitem__)
    if any(s.linked for s in written):
        from kern_core.linked.transfer import write_record_linked

        write_record_linked(t, [s for s in written if s.linked], report.replaced)
    return report


def _check_unique(sessions: Sequence[Session]) -> None:
    seen: set[str] = set()
    for s in sessions:
        if s.session_id in seen:
            raise BadInputError(f"session {s.session_id} appears twice in the input")
        seen.add(s.session_id)


class _Rows:
    """The rows a batch writes, each session's encoded once and checked against what the
    target can store (:mod:`kern_core.storable`) before any of them is sent: a session it
    cannot store is refused by id, never met as a server error mid-batch."""

    def __init__(self, t: SessionTable) -> None:
        self.rules = rules_for(t)
        self.columns = session_columns(t.layout)
        self.run_columns = run_columns(t.layout) if t.layout.runs_in_table else []
        self.runs_in_table = t.layout.runs_in_table
        self._done: dict[str, tuple[list[Any], list[list[Any]]]] = {}

    def sessions(self, sessions: Sequence[Session]) -> list[list[Any]]:
        """The session rows of these sessions (their run rows kept for :meth:`runs`)."""
        return [self._encoded(s)[0] for s in sessions]

    def runs(self, sessions: Sequence[Session]) -> list[list[Any]]:
        return [row for s in sessions for row in self._encoded(s)[1]]

    def _encoded(self, session: Session) -> tuple[list[Any], list[list[Any]]]:
        done = self._done.get(session.session_id)
        if done is not None:
            return done
        problems = target_problems(session, self.rules, runs_in_table=self.runs_in_table)
        if problems:
            raise BadInputError(f"session {session.session_id!r}: {'; '.join(problems)}")
        row = _session_values(session, self.columns, self.runs_in_table)
        runs: list[list[Any]] = []
        if self.runs_in_table:
            texts = [jsoncodec.dumps(dict(run)) for run in session.runs]
            runs = run_rows(session, texts, self.run_columns)
        problems = written_problems(
            self.rules,
            dict(zip(self.columns, row, strict=True)),
            [dict(zip(self.run_columns, r, strict=True)) for r in runs],
        )
        if problems:
            raise BadInputError(f"session {session.session_id!r}: {'; '.join(problems)}")
        self._done[session.session_id] = (row, runs)
        return row, runs


def session_columns(layout: Layout) -> list[str]:
    """The session-table columns a write fills, in the table's order (``runs`` where the
    table has the legacy column)."""
    columns = [c for c in SESSION_WRITE_COLUMNS if layout.has(c)]
    if layout.has_runs_column:
        columns.insert(columns.index("summary") if "summary" in columns else len(columns), "runs")
    return columns


def run_columns(layout: Layout) -> list[str]:
    """The runs-table columns a write fills (those the table has)."""
    return [c for c in RUN_COLUMNS if c in layout.runs_columns]


def scalar_values(s: Session) -> dict[str, Any]:
    """A session's id and time columns as written (the JSON documents are the caller's)."""
    return {
        "session_id": s.session_id,
        "session_type": s.session_type,
        "agent_id": s.agent_id,
        "team_id": s.team_id,
        "workflow_id": s.workflow_id,
        "user_id": s.user_id,
        "created_at": int(s.created_at),
        "updated_at": None if s.updated_at is None else int(s.updated_at),
    }


def _session_values(s: Session, columns: Sequence[str], runs_in_table: bool) -> list[Any]:
    values = scalar_values(s)
    for name in DOC_FIELDS:
        values[name] = jsoncodec.encode(getattr(s, name))
    if runs_in_table:
        values["runs"] = None
    else:
        values["runs"] = jsoncodec.encode([dict(r) for r in s.runs]) if s.runs else None
    return [values[c] for c in columns]


def _insert_sql(t: SessionTable, columns: Sequence[str], update: Sequence[str]) -> str:
    return (
        f"INSERT INTO {t.sessions} ({', '.join(t.col(c) for c in columns)}) "
        f"VALUES ({t.dialect.params(len(columns))}) "
        + t.dialect.upsert_clause(columns, ["session_id"], update)
    )


def _write_session_rows(t: SessionTable, rows: Sequence[Sequence[Any]]) -> None:
    """Overwrite stored session rows (the caller holds them locked)."""
    if not rows:
        return
    columns = session_columns(t.layout)
    sql = _insert_sql(t, columns, [c for c in columns if c != "session_id"])
    t.dialect.executemany(t.conn, sql, rows)


def _insert_session_rows(
    t: SessionTable, sessions: Sequence[Session], rows: Sequence[Sequence[Any]]
) -> set[str]:
    """Insert session rows (``rows``, the sessions' own), leaving any id already stored (or
    being stored by another writer, whom PostgreSQL waits for) untouched; returns the ids
    actually inserted."""
    if not sessions:
        return set()
    columns = session_columns(t.layout)
    sql = _insert_sql(t, columns, [])
    done = t.dialect.insert_new(t.conn, sql, rows)
    return {s.session_id for s, new in zip(sessions, done, strict=True) if new}


def _write_run_rows(t: SessionTable, rows: Sequence[Sequence[Any]]) -> int:
    runs_table = t.layout.runs_table
    assert runs_table is not None
    columns = run_columns(t.layout)
    sql = (
        f"INSERT INTO {t.dialect.table(runs_table)} ({', '.join(columns)}) "
        f"VALUES ({t.dialect.params(len(columns))})"
    )
    if rows:
        try:
            t.dialect.executemany(t.conn, sql, rows)
        except Exception as exc:
            if "unique" in str(exc).lower() or "duplicate" in str(exc).lower():
                raise ConflictError(
                    "a run_id in the input already belongs to another session",
                    hint="run ids are unique across the runs table",
                ) from None
            raise
    return len(rows)


def run_rows(session: Session, texts: Sequence[str], columns: Sequence[str]) -> list[list[Any]]:
    """Runs-table rows for a session's runs (``texts``: each run's JSON), columns derived from
    each payload the way agno's ``build_single_run_row`` derives them."""
    now = int(time.time())
    rows = []
    for index, (run, text) in enumerate(zip(session.runs, texts, strict=True)):
        if not run.run_id:
            raise BadInputError(
                f"session {session.session_id}: run {index} has no run_id, "
                "which a runs table requires"
            )
        values = {
            "run_id": run.run_id,
            "session_id": session.session_id,
            "run_type": run.run_type,
            "agent_id": _str_or_none(run.get("agent_id")),
            "team_id": _str_or_none(run.get("team_id")),
            "workflow_id": _str_or_none(run.get("workflow_id")),
            "user_id": _str_or_none(run.get("user_id")) or session.user_id,
            "parent_run_id": run.parent_run_id,
            "status": run.status,
            "run_index": index,
            "run_data": text,
            "created_at": run.created_at if run.created_at is not None else now,
            "updated_at": now,
        }
        rows.append([values[c] for c in columns])
    return rows


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def delete_runs(t: SessionTable, session_ids: Sequence[str]) -> int:
    """Delete the runs-table rows of these sessions; returns how many went."""
    if not t.layout.runs_table or not session_ids:
        return 0
    cond, params = t.dialect.exact_in("session_id", session_ids)
    cur = t.conn.execute(f"DELETE FROM {t.runs} WHERE {cond}", params)
    return max(int(cur.rowcount), 0)


def legacy_run_count(t: SessionTable, ids: Sequence[str]) -> int:
    """Runs held in the legacy ``runs`` column of these sessions (0 without the column)."""
    if not t.layout.has_runs_column or not ids:
        return 0
    cond, params = t.dialect.in_clause("session_id", ids)
    expr = t.dialect.json_array_length_expr("runs")
    sql = f"SELECT COALESCE(SUM({expr}), 0) FROM {t.sessions} WHERE {cond}"
    return int(t.conn.execute(sql, params).fetchone()[0] or 0)


def run_count(t: SessionTable, flt: SessionFilter) -> int:
    """Runs the matching sessions hold, counted as a read would merge them: runs-table rows,
    plus legacy-column runs that have no row of the same run_id for the same session.

    Legacy runs are counted with the JSON array length, without decoding a payload into rows;
    only the merged ``both`` t.layout looks at each legacy run's id.
    """
    total = 0
    sessions = t.sessions
    where, params = where_clause(t.dialect, t.layout, flt, alias="s.")
    if t.layout.runs_table:
        sql = (
            f"SELECT count(*) FROM {t.runs} r WHERE r.session_id IN "
            f"(SELECT s.session_id FROM {sessions} s {where})"
        )
        total += int(t.conn.execute(sql, params).fetchone()[0])
    if not t.layout.has_runs_column:
        return total
    if not t.layout.runs_table:
        expr = t.dialect.json_array_length_expr("s.runs")
        sql = f"SELECT COALESCE(SUM({expr}), 0) FROM {sessions} s {where}"
        return total + int(t.conn.execute(sql, params).fetchone()[0] or 0)
    cond = "WHERE s.runs IS NOT NULL" + (" AND " + where[len("WHERE ") :] if where else "")
    elements = t.dialect.json_elements_from("s.runs", "j")
    run_id = t.dialect.json_key_text("j.value", "run_id")
    sql = (
        f"SELECT count(*) FROM {sessions} s, {elements} {cond} "
        f"AND NOT EXISTS (SELECT 1 FROM {t.runs} r "
        f"WHERE r.session_id = s.session_id AND r.run_id = {run_id})"
    )
    return total + int(t.conn.execute(sql, params).fetchone()[0])


def lock_matching(
    t: SessionTable,
    session_ids: Sequence[str],
    flt: SessionFilter | None = None,
) -> list[str]:
    """Of these ids, the sessions that exist and still match ``flt``, locked until the
    transaction ends (PostgreSQL ``FOR UPDATE``; SQLite's BEGIN IMMEDIATE holds the write lock).

    Under READ COMMITTED PostgreSQL waits for a concurrent writer of a row, then re-checks the
    filter against the committed row: a session an agent has just updated so that it no longer
    matches is left out, and no run can be added to a locked session until the delete commits.
    """
    if not session_ids:
        return []
    ids = tuple(dict.fromkeys(session_ids))
    base = flt if flt is not None else SessionFilter()
    where, params = where_clause(t.dialect, t.layout, replace(base, session_ids=ids))
    sql = f"SELECT session_id FROM {t.sessions} {where}{t.dialect.row_lock}"
    found = {str(r[0]) for r in t.conn.execute(sql, params).fetchall()}
    return [i for i in ids if i in found]


def delete_batch(
    t: SessionTable,
    session_ids: Sequence[str],
    flt: SessionFilter | None = None,
) -> DeleteReport:
    """Delete sessions and every run they own (inside the caller's transaction).

    Only the sessions that exist and, when ``flt`` is given, still match it at delete time are
    deleted (see :func:`lock_matching`); the others are reported as ``missing`` and keep their
    runs. Runs are deleted explicitly, so no orphan is left whatever SQLite's foreign-key pragma
    says; in the ``both`` t.layout, runs in the legacy column go with their session row and are
    counted as a read merges them.
    """
    ids = list(dict.fromkeys(session_ids))
    report = DeleteReport()
    present = lock_matching(t, ids, flt)
    kept = set(present)
    report.missing = [i for i in ids if i not in kept]
    report.linked = delete_linked(t, ids if flt is None else present)
    if not present:
        return report
    if t.layout.kind == "both":
        report.runs = run_count(t, SessionFilter(session_ids=tuple(present)))
        delete_runs(t, present)
    elif t.layout.kind == "column":
        report.runs = legacy_run_count(t, present)
    else:
        report.runs = delete_runs(t, present)
    cond, params = t.dialect.exact_in("session_id", present)
    cur = t.conn.execute(f"DELETE FROM {t.sessions} WHERE {cond}", params)
    report.sessions = max(int(cur.rowcount), 0)
    return report


def rename(t: SessionTable, session_id: str, name: str) -> bool:
    """Set ``session_data.session_name`` and ``updated_at`` (as agno's rename does).

    Returns False when the session does not exist. Refuses to overwrite unreadable session_data,
    and a name no database text can hold (a lone UTF-16 surrogate, such as undecodable bytes of
    a command line become in Python).
    """
    if jsoncodec.has_lone_surrogate(name):
        raise BadInputError(
            f"the name {name!r} holds a lone UTF-16 surrogate (bytes that are not UTF-8); "
            "nothing was changed"
        )
    p = t.param
    cond, params = t.dialect.exact_in("session_id", [session_id])
    row = t.conn.execute(
        f"SELECT {t.dialect.json_text('session_data')} FROM {t.sessions} "
        f"WHERE {cond}{t.dialect.row_lock}",
        params,
    ).fetchone()
    if row is None:
        return False
    try:
        data = jsoncodec.decode(row[0])
    except jsoncodec.MalformedJSON as exc:
        raise BadInputError(f"session {session_id}: session_data is unreadable ({exc})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadInputError(f"session {session_id}: session_data is not an object")
    data["session_name"] = name
    t.conn.execute(
        f"UPDATE {t.sessions} SET session_data = {p}, updated_at = {p} WHERE {cond}",
        [jsoncodec.dumps(data), int(time.time()), *params],
    )
    return True


def create_tables(
    dialect: Dialect,
    conn: Any,
    session_table: str,
    runs_table: str | None,
    with_runs_column: bool,
) -> list[str]:
    """Create the missing tables (and the PostgreSQL schema) and stamp their versions.

    Returns the statements it ran. A table that exists is left exactly as it is. Where each
    DDL statement commits (MySQL), the versions table comes first and the stamps are written
    before the tables they stamp (whose CREATE commits them), so a kill leaves a stamp whose
    table a rerun creates, never a table without its stamp.
    """
    from kern_core import schema

    dialect.ensure_schema(conn)
    existing = set(dialect.list_tables(conn))
    statements = schema.create_statements(
        dialect, session_table, runs_table, with_runs_column, existing
    )
    stamps = []
    if session_table not in existing:
        version = schema.COLUMN_LAYOUT_VERSION if with_runs_column else schema.TABLE_LAYOUT_VERSION
        stamps.append((session_table, version))
    if runs_table and runs_table not in existing:
        stamps.append((runs_table, schema.TABLE_LAYOUT_VERSION))
    first, then = statements, []
    if dialect.ddl_commits:
        first = schema.versions_statements(dialect) if VERSIONS_TABLE not in existing else []
        then = [sql for sql in statements if sql not in first]
    for sql in first:
        conn.execute(sql)
    now = schema.now_iso()
    for table, version in stamps:
        schema.stamp_unless_stamped(dialect, conn, table, version, now)
    for sql in then:
        conn.execute(sql)
    return first + then
