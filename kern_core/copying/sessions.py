"""Copy sessions from one session table to another (any dialect, any layout), then verify.

Each batch of source sessions is written to the target in ONE transaction, inserting only ids
the target lacks: a crash leaves every batch done or untouched, and a rerun copies nothing twice
(sessions already in the target with identical content count as ``already_present``; with
different content they are ``conflicts`` and are never overwritten).

Source rows are decoded once (unreadable sessions skipped, run columns derived) and their stored
JSON text is written as is (``rows``); PostgreSQL targets take each batch with COPY
(``write``). Three stages overlap: the main thread reads the source, a writer thread
writes batch k+1 and a verifier thread checks batch k on a second connection, after its
commit: per session, the digest of what was sent is compared with the digest of what the
target holds, and run counts are summed
(``digest``: on PostgreSQL the server computes both over jsonb's canonical text; on SQLite,
which stores what it is given, both are hashes of the stored values, no JSON parsed). A session
whose digests differ is re-checked by decoding both sides, so only a content difference is a
mismatch or a conflict.

Source and target are compared by what they are, not by how they were named
(:mod:`.identity`): the same table under another spelling is refused before anything
is read or written, and a session the target "already had" is deleted from the source only
when the target is provably other storage. A session the target cannot store is skipped and
reported by id (``refused``); the others are copied.

Memory: a few batches, plus two 16-byte digests and one source print per session (~200 B with
its id).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from kern_core import reading
from kern_core.copying.digest import Found, sent_digests, stored_digests
from kern_core.copying.identity import Separation, separation
from kern_core.copying.rows import CopyItem, TargetShape, iter_items, session_digest, source_print
from kern_core.copying.write import BatchResult, write_batch
from kern_core.db import SessionDb
from kern_core.dialect import Dialect, chunked
from kern_core.errors import BadInputError, VerificationError
from kern_core.filters import SessionFilter
from kern_core.linked.tables import count_linked_matching, unread_note
from kern_core.linked.transfer import LinkedCopy, SessionLinked
from kern_core.model import Session
from kern_core.storable import Unstorable, rules_of, scan_source
from kern_core.table import SessionTable
from kern_core.writing import clash_reasons, delete_batch, existing_ids, run_count

DEFAULT_BATCH_SIZE = 500
_MOD = 1 << 128


#: Half-second attempts to stop a copy thread on Ctrl-C before its connection is closed anyway.
STOP_ATTEMPTS = 60


@dataclass
class CopyReport:
    """What a copy did, and what its verification found."""

    copied: int = 0
    already_present: int = 0
    runs_copied: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped_unreadable: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    #: Sessions copied with NUL characters removed (``strip_nul``): id, string values changed.
    stripped: list[tuple[str, int]] = field(default_factory=list)
    target_layout: str = ""
    verified: bool = False
    sessions_checked: int = 0
    runs_source: int = 0
    runs_target: int = 0
    source_checksum: str = ""
    target_checksum: str = ""
    mismatched: list[str] = field(default_factory=list)
    deleted_from_source: int = 0
    runs_deleted_from_source: int = 0
    changed_since_copy: list[str] = field(default_factory=list)
    linked: dict[str, Any] = field(default_factory=dict)
    kept_present: list[str] = field(default_factory=list)
    #: Said when the linked rows went to a target whose agno does not read them (MySQL).
    linked_note: str = ""


class CopyVerificationError(VerificationError):
    """Verification failed, or the source was not deleted because it did not pass."""

    def __init__(self, message: str, report: CopyReport, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report


ProgressHandler = Callable[[CopyReport], None]


def combine(digests: Iterable[bytes]) -> str:
    """An order-independent checksum of a set of session digests (their sum mod 2**128)."""
    total = sum(int.from_bytes(d, "big") for d in digests) % _MOD
    return f"{total:032x}"


def copy_sessions(
    source: SessionDb,
    target: SessionDb,
    flt: SessionFilter | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_progress: ProgressHandler | None = None,
    delete_source: bool = False,
    strip_nul: bool = False,
) -> CopyReport:
    """Copy matching sessions (with all their runs) from ``source`` to ``target``, verify, and
    with ``delete_source`` delete them from the source only after verification succeeded.

    A missing target table is created with ``target.new_layout``; an existing one keeps its
    layout. Raises :class:`~.identity.SameTableError` when source and target are the
    same table however named, and :class:`CopyVerificationError` (carrying the report) when the
    target does not hold what was read from the source, or when ``delete_source`` meets
    conflicts. Sessions the target refuses to store are listed in ``report.refused`` and never
    deleted from the source. With ``strip_nul`` a session whose only problem for a PostgreSQL
    target is NUL characters in string values is written with them removed, as agno's
    PostgresDb writes it (``report.stripped``); verification compares the target with what was
    sent. ``on_progress`` is called after each batch, in order, from the verifier thread.
    """
    if batch_size < 1:
        raise BadInputError("batch size must be at least 1")
    report = CopyReport()
    with source.snapshot() as src:
        apart = separation(source, target, src.conn)
        if apart.same_database:
            src.conn.rollback()
            src.dialect.begin_snapshot(src.conn)
        linked = LinkedCopy.of(src, target.dialect)
        check = _copy(src, target, flt, batch_size, on_progress, strip_nul, linked, report)
    check.finish(report)
    _finish_linked(linked, report)
    report.linked_note = unread_note(target.dialect, report.linked.get("target") or {})
    report.refused.sort()
    if delete_source:
        _delete_source(source, _deletable(check, apart, report), report, linked)
    return report


def _copy(
    src: SessionTable,
    target: SessionDb,
    flt: SessionFilter | None,
    batch_size: int,
    on_progress: ProgressHandler | None,
    strip_nul: bool,
    linked: LinkedCopy,
    report: CopyReport,
) -> _Check:
    """Read the source snapshot, write and verify each batch; the verification so far.

    The connections, each opened once, and what each is for:

    - ``src``, the source snapshot: every read of the source, one consistent view (its layout
      detected once, on it, or taken from the db's cache). Two tables of one database are told
      apart on it too (:func:`~kern_core.copying.identity.separation`), which ends its transaction:
      the snapshot is taken again before the first session is read.
    - the target's write connection (``target.writing(create=True)``): the batches'
      transactions, in the writer thread; the target is detected on it once (and once more
      after creating a missing table, the first detection having found none).
    - a verify connection of its own (``target.reading(own=True)``): the verifier thread reads
      batch k back after its commit while the writer writes batch k+1, so it cannot share the
      writer's connection; it takes the writer's layout, and learns of the linked tables the
      writer creates from the writer (:class:`LinkedCopy`), so it detects nothing.
    """
    with (
        target.writing(create=True) as dst,
        target.reading(own=True) as ver,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="kern-copy") as writer,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="kern-verify") as verifier,
    ):
        ver = ver.with_layout(dst.layout)
        dialect = dst.dialect
        report.target_layout = dst.layout.kind
        shape = TargetShape.of(dst)
        check = _Check(ver, shape)
        items = iter_items(
            src,
            flt or SessionFilter(),
            shape,
            batch_size,
            lambda sid, why: report.skipped_unreadable.append((sid, why)),
            lambda sid, why: report.refused.append((sid, why)),
            strip_nul,
        )
        pending: deque[Future[None]] = deque()
        failed, stopped = threading.Event(), threading.Event()
        writing, verifying = threading.Lock(), threading.Lock()

        def write(batch: list[CopyItem], rows: dict[str, SessionLinked]) -> BatchResult | None:
            """Write one batch, unless an earlier one failed (nothing after a failure commits)."""
            with writing:
                if failed.is_set():
                    return None
                try:
                    with dialect.translating_errors():
                        return write_batch(
                            dst, shape, batch, lambda t, r: linked.write(t, rows, r, shape)
                        )
                except BaseException:
                    failed.set()
                    raise

        def settle(written: Future[BatchResult | None], rows: dict[str, SessionLinked]) -> None:
            """Account for and verify one batch once written (batches settle in order)."""
            try:
                result = written.result()
                with verifying, dialect.translating_errors():
                    if result is None or stopped.is_set():
                        return
                    _account(result, report, check)
                    if on_progress is not None:
                        on_progress(report)
                    check.verify(result.inserted)
                    verified = check.recorded(result.inserted + result.present)
                    linked.verify(ver, rows, verified, result.linked_tables)
            except BaseException:
                failed.set()
                raise

        try:
            for batch in items:
                rows = linked.read(src, [i.session_id for i in batch])
                pending.append(verifier.submit(settle, writer.submit(write, batch, rows), rows))
                while pending and (len(pending) > 2 or pending[0].done()):
                    pending.popleft().result()
            while pending:
                pending.popleft().result()
        except BaseException as exc:
            failed.set()
            for future in pending:
                future.cancel()
            if isinstance(exc, KeyboardInterrupt):
                stopped.set()
                _stop_threads(dialect, ((dst.conn, writing), (ver.conn, verifying)))
            raise
    return check


def _deletable(check: _Check, apart: Separation, report: CopyReport) -> dict[str, bytes]:
    """The verified sessions that may go from the source: all of them when the target is
    provably other storage, else only those this copy inserted."""
    if apart.proven:
        return check.prints
    report.kept_present = sorted(check.present)
    return {sid: p for sid, p in check.prints.items() if sid not in check.present}


def _stop_threads(dialect: Dialect, users: Sequence[tuple[Any, threading.Lock]]) -> None:
    """After a Ctrl-C: interrupt each connection until the thread using it (which holds its
    lock while it does) has let go, so no connection is closed under a running statement."""
    for conn, lock in users:
        for _ in range(STOP_ATTEMPTS):
            with suppress(Exception):
                dialect.interrupt(conn)
            if lock.acquire(timeout=0.5):
                lock.release()
                break


class _Check:
    """Digests expected (of what was sent) and found (in the target), per session, and the
    source prints of the sessions verified (for the delete re-check)."""

    def __init__(self, t: SessionTable, shape: TargetShape) -> None:
        self.t, self.shape = t, shape
        self.expected: dict[str, bytes] = {}
        self.got: dict[str, bytes] = {}
        self.prints: dict[str, bytes] = {}
        self.present: set[str] = set()
        self.runs_expected = 0
        self.runs_got = 0

    def compare(self, items: Sequence[CopyItem]) -> tuple[dict[str, bytes], Found]:
        """Sent and stored digests for these items; a session whose digests differ is
        re-checked by decoding both sides, and counts as sent-as-stored when they match."""
        sent = sent_digests(self.t.dialect, self.t.conn, self.shape, items)
        found = stored_digests(self.t, self.shape, [i.session_id for i in items])
        differ = [
            i
            for i in items
            if i.session_id in found and found[i.session_id][0] != sent[i.session_id]
        ]
        if differ:
            stored = _read_back(self.t, [i.session_id for i in differ])
            for item in differ:
                there = stored.get(item.session_id)
                if there is not None and session_digest(there) == session_digest(
                    item.decoded(self.shape)
                ):
                    sent[item.session_id] = found[item.session_id][0]
        return sent, found

    def record(self, items: Sequence[CopyItem], sent: dict[str, bytes], found: Found) -> None:
        for item in items:
            sid = item.session_id
            self.expected[sid] = sent[sid]
            self.prints[sid] = item.print
            self.runs_expected += item.run_count
            if sid in found:
                self.got[sid] = found[sid][0]
                self.runs_got += found[sid][1]

    def recorded(self, items: Sequence[CopyItem]) -> list[str]:
        """The ids among these that were verified (inserted, or present and identical)."""
        return [i.session_id for i in items if i.session_id in self.expected]

    def verify(self, items: Sequence[CopyItem]) -> None:
        """Compare the batch with what the target holds (read after its commit)."""
        if items:
            self.record(items, *self.compare(items))

    def finish(self, report: CopyReport) -> None:
        _conclude(report, self.expected, self.got, self.runs_expected, self.runs_got)


def _account(result: BatchResult, report: CopyReport, check: _Check) -> None:
    """Count a written batch; sort the ids the target already held into present or conflict."""
    report.copied += len(result.inserted)
    report.runs_copied += result.runs_written
    report.stripped += [(i.session_id, i.stripped) for i in result.inserted if i.stripped]
    report.refused += result.refused
    if not result.present:
        return
    sent, found = check.compare(result.present)
    same = []
    for item in result.present:
        there = found.get(item.session_id)
        if there is not None and there[0] == sent[item.session_id]:
            same.append(item)
        else:
            report.conflicts.append(item.session_id)
    report.already_present += len(same)
    check.present.update(i.session_id for i in same)
    check.record(same, sent, found)


def _read_back(t: SessionTable, ids: Sequence[str]) -> dict[str, Session]:
    """The target's sessions with these ids, read on the verifying connection's own statement
    (each read sees every batch committed so far)."""
    try:
        return reading.read_sessions(t, ids)
    finally:
        t.conn.rollback()


def _conclude(
    report: CopyReport,
    expected: dict[str, bytes],
    got: dict[str, bytes],
    runs_expected: int,
    runs: int,
) -> None:
    """Fill the report's verification fields; raise when the target differs from the source."""
    report.sessions_checked = len(got)
    report.runs_source, report.runs_target = runs_expected, runs
    report.source_checksum = combine(expected.values())
    report.target_checksum = combine(got.values())
    report.mismatched = sorted(sid for sid, d in expected.items() if got.get(sid) != d)
    report.verified = not report.mismatched and not report.conflicts and runs == runs_expected
    if report.mismatched or runs != runs_expected:
        shown = ", ".join(report.mismatched[:5])
        raise CopyVerificationError(
            f"verification failed: {len(report.mismatched)} session(s) differ in the target "
            f"({shown}); runs {runs_expected} in the source, {runs} in the target",
            report,
            hint="the source was not deleted; inspect the target, then rerun the copy",
        )


def _finish_linked(linked: LinkedCopy, report: CopyReport) -> None:
    """Add the linked rows' counts and checksums; raise when the target's differ."""
    report.linked = linked.summary()
    bad = linked.mismatched()
    if bad:
        report.verified = False
        report.mismatched = sorted(set(report.mismatched) | set(bad))
        raise CopyVerificationError(
            f"verification failed: the session-linked rows of {len(bad)} session(s) differ "
            f"in the target ({', '.join(bad[:5])})",
            report,
            hint="the source was not deleted; inspect the target, then rerun the copy",
        )


def _delete_source(
    source: SessionDb, prints: dict[str, bytes], report: CopyReport, linked: LinkedCopy
) -> None:
    """Delete the verified sessions from the source, each batch re-checked inside its own
    delete transaction: a session whose stored row changed since it was copied is kept and
    reported.

    On the source's write connection (the snapshot is read-only), whose layout is detected
    afresh: tables may have appeared in the source since the snapshot (agno 3.1's linked
    tables, made by an agent meanwhile), and the re-check and the delete must reach them."""
    if not report.verified:
        raise CopyVerificationError(
            f"not deleting the source: {len(report.conflicts)} conflicting session(s) "
            f"(e.g. {', '.join(report.conflicts[:3])})",
            report,
            hint="resolve the conflicts in the target, or copy without {option:delete-source}",
        )
    with source.writing() as t:
        deleting = t.with_layout(linked.delete_layout(t.layout))
        for part in chunked(sorted(prints), DEFAULT_BATCH_SIZE):
            with t.transaction():
                if t.dialect.row_lock:
                    existing_ids(t, part, lock=True)
                now = _source_prints(t, part)
                same = linked.unchanged(t, [i for i in part if now.get(i) == prints[i]])
                report.changed_since_copy += [i for i in part if i in now and i not in same]
                deleted = delete_batch(deleting, same)
            report.deleted_from_source += deleted.sessions
            report.runs_deleted_from_source += deleted.runs


def _source_prints(t: SessionTable, ids: Sequence[str]) -> dict[str, bytes]:
    flt = SessionFilter(session_ids=tuple(ids))
    out: dict[str, bytes] = {}
    for rows, runs in reading.iter_session_rows(t, flt, len(ids)):
        for row in rows:
            out[str(row[0])] = source_print(row, runs.get(str(row[0]), []))
    return out


@dataclass(frozen=True)
class CopyPlan:
    """What a copy would do, read without writing anything on either side.

    ``already_present`` counts matching ids the target holds already; whether each is identical
    (skipped) or different (a conflict, never overwritten) is decided by the copy itself.
    ``to_copy`` and ``runs_to_copy`` are what a real run would still write: the matching
    sessions less those already present and those the target cannot store (a rerun after a
    partial copy copies only the rest).
    """

    sessions: int
    runs: int
    target_exists: bool
    target_layout: str
    already_present: int
    #: Matching sessions the target cannot store as they are (:mod:`kern_core.storable`):
    #: skipped, or with ``strip_nul`` stored stripped when NUL values are their only problem.
    unstorable: tuple[Unstorable, ...] = ()
    #: Rows per session-linked table that go with the matching sessions.
    linked: dict[str, int] = field(default_factory=dict)
    #: Said when those rows go to a target whose agno does not read them (MySQL).
    linked_note: str = ""
    #: Sessions and runs a copy would write (see above).
    to_copy: int = 0
    runs_to_copy: int = 0


def plan_copy(
    source: SessionDb,
    target: SessionDb,
    flt: SessionFilter | None = None,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    strip_nul: bool = False,
) -> CopyPlan:
    """Count (read-only) what :func:`copy_sessions` would copy, which ids the target has, and
    which sessions it cannot store (found before anything is written)."""
    from kern_core.prune import iter_matching_ids
    from kern_core.reading import count_sessions

    separation(source, target)
    flt = flt or SessionFilter()
    with source.reading(refresh=True) as src:
        sessions = count_sessions(src, flt)
        runs = run_count(src, flt)
        existing = target.existing_layout()
        target_layout = existing.kind if existing is not None else None
        runs_in_table = (target_layout or target.new_layout) != "column"
        unstorable = scan_source(
            src,
            flt,
            rules_of(target),
            strip_nul=strip_nul,
            runs_in_table=runs_in_table,
        )
        linked = count_linked_matching(src, flt)
    present = present_runs = 0
    if target_layout is not None:
        with target.reading() as dst, source.reading(own=True) as counts:
            for part in chunked(iter_matching_ids(source, flt), batch_size):
                there = sorted(existing_ids(dst, part))
                present += len(there)
                present_runs += sum(reading.run_counts(counts, there).values())
    unstorable += _plan_clashes(source, target, flt, batch_size, {u.session_id for u in unstorable})
    refused_runs, refused = _refused_absent(source, target, target_layout, unstorable)
    exists = target_layout is not None
    return CopyPlan(
        sessions,
        runs,
        exists,
        target_layout or target.new_layout,
        present,
        tuple(unstorable),
        linked,
        unread_note(target.dialect, linked),
        to_copy=max(sessions - present - refused, 0),
        runs_to_copy=max(runs - present_runs - refused_runs, 0),
    )


def _refused_absent(
    source: SessionDb, target: SessionDb, target_layout: str | None, found: list[Unstorable]
) -> tuple[int, int]:
    """Runs and sessions the copy would refuse that the target does not hold already (those
    are counted as present)."""
    ids = sorted({u.session_id for u in found if not u.stripped})
    if ids and target_layout is not None:
        with target.reading() as dst:
            held = existing_ids(dst, ids)
        ids = [i for i in ids if i not in held]
    if not ids:
        return 0, 0
    with source.reading(own=True) as src:
        return sum(reading.run_counts(src, ids).values()), len(ids)


def _plan_clashes(
    source: SessionDb, target: SessionDb, flt: SessionFilter, batch_size: int, known: set[str]
) -> list[Unstorable]:
    """The matching sessions whose id the target's key collation (MySQL, MariaDB) takes for
    a stored session's, or for another matching session's within the same batch: the copy
    refuses them by id (one clashing with a session of an earlier batch is refused when its
    batch is written)."""
    from kern_core.prune import iter_matching_ids

    dialect = target.dialect
    if not dialect.keys_fold:
        return []
    existing = target.existing_layout()
    table = existing.session_table if existing is not None else target.session_table
    found: list[Unstorable] = []
    with dialect.open_conn(read_only=True) as conn:
        for part in chunked(iter_matching_ids(source, flt), batch_size):
            ids = [i for i in part if i not in known]
            for sid, why in clash_reasons(dialect, conn, table, ids).items():
                found.append(Unstorable(sid, (why,)))
            dialect.end_read(conn)
    return found
