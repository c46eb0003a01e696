"""Prune: delete the sessions a filter matches, with all their runs, in short batches.

Each batch takes the oldest matching ids, no more than ``batch_size`` of them and no more than
``max_batch_bytes`` of stored session and run data, and deletes them with their runs in ONE
transaction. The delete re-checks the filter on the locked rows, so a session an agent updated
in the meantime (a new run, a later ``updated_at``, a rename, another user) is kept with all its
runs. Batches also shrink when one took longer than ``max_batch_seconds``, so a live agent
writing to the same database (SQLite locks the whole file) waits at most about that long. A
crash leaves every batch either done or untouched: a rerun finishes the job. Run rows are
deleted explicitly, so no orphan remains whatever SQLite's foreign-key pragma.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from kern_core.db import SessionDb, resolved
from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter, where_clause
from kern_core.linked.tables import count_linked_matching
from kern_core.model import JSON_FIELDS
from kern_core.reading import count_sessions, session_batches
from kern_core.table import SessionTable
from kern_core.writing import DeleteReport, delete_batch, run_count

#: Measured on 20k sessions / 100k runs of ~5 KB: within 1.3x of one plain DELETE (see report).
DEFAULT_BATCH_SIZE = 2000
#: Stored bytes one transaction deletes at most (a single larger session still goes alone):
#: about a quarter of a second of SQLite deleting with secure_delete on.
DEFAULT_MAX_BATCH_BYTES = 32 * 1024 * 1024
#: A batch that held its transaction longer than this makes the next ones smaller.
DEFAULT_MAX_BATCH_SECONDS = 0.5


class EmptyFilterError(BadInputError):
    """A prune without any filter: deleting every session must not be one typo away."""


@dataclass(frozen=True)
class PrunePlan:
    """What a prune would delete: exact session and run counts, and the first ids."""

    sessions: int
    runs: int
    sample_ids: list[str] = field(default_factory=list)
    linked: dict[str, int] = field(default_factory=dict)


@dataclass
class PruneReport(DeleteReport):
    """What a prune (or one of its batches) deleted: ``batches`` transactions committed, and
    ``bytes``, the stored size of the sessions and runs they took (measured before deleting,
    when a byte bound applies; PostgreSQL counts compressed sizes). ``skipped``: ids selected
    but not deleted, because the re-check found them changed so that they no longer match, or
    because they cannot be addressed (an id that is not valid UTF-8); each is passed over once,
    so a prune always ends."""

    batches: int = 0
    bytes: int = 0
    skipped: list[str] = field(default_factory=list)


def check_filter(flt: SessionFilter | None) -> SessionFilter:
    """Refuse a missing or empty filter: pruning everything must not be one typo away."""
    if flt is None or flt.is_empty():
        raise EmptyFilterError(
            "prune needs at least one filter; refusing to delete every session",
            hint="give {option:prune-filters}",
        )
    return flt


def plan_prune(db: SessionDb, flt: SessionFilter, *, sample: int | None = 20) -> PrunePlan:
    """Count (read-only) the sessions and runs a prune would delete; ``sample`` ids oldest first
    (None: every id)."""
    flt = check_filter(flt)
    with db.reading() as t:
        flt = resolved(t, flt)
        sessions = count_sessions(t, flt)
        runs = run_count(t, flt)
        ids = _matching_ids(t, flt, sample)
        linked = count_linked_matching(t, flt)
    return PrunePlan(sessions=sessions, runs=runs, sample_ids=ids, linked=linked)


#: Ids counted per statement by :func:`plan_delete` (a bound on a statement's parameters).
DELETE_PLAN_CHUNK = 500


def plan_delete(db: SessionDb, session_ids: Sequence[str]) -> PrunePlan:
    """Count (read-only, in one snapshot) what deleting these sessions would delete: the
    sessions that exist (every id of them in ``sample_ids``, oldest first within each chunk),
    their runs and linked rows. Any number of ids: they are counted a chunk at a time."""
    ids = list(dict.fromkeys(session_ids))
    sessions = runs = 0
    found: list[str] = []
    linked: dict[str, int] = {}
    with db.reading() as t:
        for start in range(0, len(ids), DELETE_PLAN_CHUNK):
            flt = SessionFilter(session_ids=tuple(ids[start : start + DELETE_PLAN_CHUNK]))
            sessions += count_sessions(t, flt)
            runs += run_count(t, flt)
            found += _matching_ids(t, flt, None)
            for table, count in count_linked_matching(t, flt).items():
                linked[table] = linked.get(table, 0) + count
    return PrunePlan(sessions=sessions, runs=runs, sample_ids=found, linked=linked)


def prune(
    db: SessionDb,
    flt: SessionFilter,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_batch: Callable[[PruneReport], None] | None = None,
    secure_delete: str | None = None,
    max_batch_bytes: int | None = None,
    max_batch_seconds: float = DEFAULT_MAX_BATCH_SECONDS,
) -> PruneReport:
    """Delete every matching session and its runs, one transaction per batch, until none match.

    ``batch_size`` bounds the sessions of a batch, ``max_batch_bytes`` their stored size (a
    session larger than that is deleted alone; by default 32 MiB on SQLite, whose write lock
    holds the whole file, and no bound on PostgreSQL, where a delete locks only its own rows and
    measuring sizes would read every run row twice), and ``max_batch_seconds`` the time a batch
    holds its transaction: after a slower one the next batches hold proportionally fewer sessions,
    after a quick one they grow again up to ``batch_size``. ``on_batch`` is called after each
    commit, when no lock is held. Sessions are selected outside the write transaction and
    re-checked against ``flt`` inside it, on the locked rows.

    ``secure_delete`` (SQLite only; "off" or "fast") overrides the build's page zeroing for this
    connection: faster on Debian's SECURE_DELETE build, but freed pages keep their old bytes
    until reused or VACUUMed. Left as the build has it by default. Ignored on PostgreSQL.
    """
    flt = check_filter(flt)
    if batch_size < 1:
        raise BadInputError("batch size must be at least 1")
    if max_batch_bytes is not None and max_batch_bytes < 1:
        raise BadInputError("max_batch_bytes must be at least 1")
    if max_batch_seconds < 0:
        raise BadInputError("max_batch_seconds cannot be negative")
    dialect = db.dialect
    total = PruneReport()
    limit = batch_size
    skipped: set[str] = set()
    with db.writing(own=secure_delete is not None) as t:
        dialect.set_secure_delete(t.conn, secure_delete)
        flt = resolved(t, flt)
        while True:
            found = _matching_ids(t, flt, limit + len(skipped))
            ids = [i for i in found if i not in skipped][:limit]
            if not ids:
                break
            budget = max_batch_bytes
            if budget is None and dialect.locks_whole_database:
                budget = DEFAULT_MAX_BATCH_BYTES
            size = 0
            if budget is not None:
                ids, size = _within_bytes(t, ids, budget)
            with t.transaction():
                started = time.monotonic()
                ids, unconfirmed = _confirmed(t, ids, flt)
                deleted = delete_batch(t, ids, flt) if ids else DeleteReport()
                deleted.missing += unconfirmed
            elapsed = time.monotonic() - started
            report = PruneReport(
                sessions=deleted.sessions,
                runs=deleted.runs,
                linked=deleted.linked,
                batches=1,
                bytes=size,
            )
            limit = _next_limit(limit, len(ids), elapsed, batch_size, max_batch_seconds)
            skipped.update(deleted.missing)
            total.skipped += deleted.missing
            total.sessions += report.sessions
            total.runs += report.runs
            for table, count in report.linked.items():
                total.linked[table] = total.linked.get(table, 0) + count
            total.batches += 1
            total.bytes += size
            if on_batch is not None:
                on_batch(report)
    return total


def _confirmed(t: SessionTable, ids: list[str], flt: SessionFilter) -> tuple[list[str], list[str]]:
    """For a content filter, those of ``ids`` that hold the text as they are now, read in
    the delete's transaction, and the others (kept): SQL alone only scans coarsely."""
    if flt.grep is None:
        return ids, []
    from kern_core.search import confirmed_sessions

    found = confirmed_sessions(t, flt.grep, ids)
    return [i for i in ids if i in found], [i for i in ids if i not in found]


def _next_limit(limit: int, taken: int, elapsed: float, ceiling: int, target: float) -> int:
    """The session limit of the next batch: scaled down after a batch slower than ``target``,
    doubled (up to ``ceiling``) after one that used its whole limit in under half of it."""
    if elapsed > target:
        return max(1, min(limit, int(taken * target / elapsed)))
    if taken >= limit and elapsed < target / 2:
        return min(ceiling, limit * 2)
    return limit


def _within_bytes(t: SessionTable, ids: Sequence[str], budget: int) -> tuple[list[str], int]:
    """The longest prefix of ``ids`` whose stored size fits ``budget`` (at least one id), and
    that size. Sizes are read a few sessions at a time, so a batch of large sessions reads
    little more than it deletes."""
    taken: list[str] = []
    total = 0
    step = 8
    start = 0
    while start < len(ids):
        part = ids[start : start + step]
        sizes = _sizes(t, part)
        for sid in part:
            size = sizes.get(sid, 0)
            if taken and total + size > budget:
                return taken, total
            taken.append(sid)
            total += size
        start += len(part)
        step = min(step * 2, 512)
    return taken, total


def _sizes(t: SessionTable, ids: Sequence[str]) -> dict[str, int]:
    """Stored bytes of each session's JSON columns plus its runs-table rows."""

    out: dict[str, int] = dict.fromkeys(ids, 0)
    columns = [c for c in JSON_FIELDS if t.layout.has(c)]
    cond, params = t.dialect.in_clause("session_id", ids)
    if columns:
        expr = " + ".join(t.dialect.stored_bytes(t.col(c)) for c in columns)
        sql = f"SELECT session_id, {expr} FROM {t.sessions} WHERE {cond}"
        for sid, n in t.conn.execute(sql, params).fetchall():
            out[str(sid)] += int(n or 0)
    if t.layout.runs_table:
        sql = (
            f"SELECT session_id, SUM({t.dialect.stored_bytes('run_data')}) "
            f"FROM {t.runs} WHERE {cond} GROUP BY session_id"
        )
        for sid, n in t.conn.execute(sql, params).fetchall():
            out[str(sid)] = out.get(str(sid), 0) + int(n or 0)
    return out


def _matching_ids(t: SessionTable, flt: SessionFilter, limit: int | None) -> list[str]:
    where, params = where_clause(t.dialect, t.layout, flt)
    sql = f"SELECT session_id FROM {t.sessions} {where} ORDER BY created_at, session_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [str(r[0]) for r in t.conn.execute(sql, params).fetchall()]


def iter_matching_ids(
    db: SessionDb, flt: SessionFilter | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[str]:
    """Every id ``flt`` matches, oldest first (created_at, then session_id), read in keyset
    pages of ``batch_size`` on a read-only connection, so memory stays flat whatever the count
    (a dry run's full id list). Each page is its own query: a live database may change between
    pages."""
    with db.reading() as t:
        flt = resolved(t, flt)
        for rows in session_batches(t, flt, "session_id, created_at", batch_size, created_at=1):
            yield from (str(r[0]) for r in rows)
            t.dialect.end_read(t.conn)


#: The package-level name (``kern_core.prune`` is this module).
prune_sessions = prune
