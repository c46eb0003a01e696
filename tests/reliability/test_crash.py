"""SIGKILL prune, migrate, import and db upgrade at fixed points, on SQLite, PostgreSQL and MySQL
in both layouts; after every kill the database must be consistent, and a rerun must finish with
nothing lost and nothing doubled.

The operation runs in a child process (tests/support/crash_child.py) that numbers every
statement kern sends through the drivers. Each combination first runs the operation to the end
once, counting its statements; then it is killed ``KERN_CRASH_ITERATIONS`` times (default 5),
each time just before a chosen statement: the very first one, the first COMMIT, the statement
after a middle COMMIT, the last COMMIT, and at exit after everything (on MySQL, whose DDL
commits on its own, also the statement after the first CREATE TABLE); more iterations add seeded
random statements. After a rerun the tables' indexes and version stamps must be those of an
uninterrupted run. Every kill must land: the child exits by SIGKILL, or the test fails. Kills
are counted by where they landed (before the first commit, mid-operation, after the last commit)
and printed at the end of the run (see tests/support/figures.py).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kern_core import Session

from tests.support.db import SERVER_FIXTURES
from tests.support.figures import record
from tests.support.procs import kern_argv, kern_env
from tests.support.stores import (
    Store,
    check_consistent,
    drop_store,
    make_sessions,
    new_store,
    raw_state,
    records,
    structure,
    write,
)

ITERATIONS = int(os.environ.get("KERN_CRASH_ITERATIONS", "5"))
SEED = int(os.environ.get("KERN_CRASH_SEED", "1729"))
SIZE = int(os.environ.get("KERN_CRASH_SESSIONS", "1500"))
BATCH = 5
#: Prune batches are cheap: smaller ones spread a prune over as long a time as the others.
PRUNE_BATCH = 2


@dataclass
class Case:
    """One operation on one combination: build a fresh database, the command, and checks."""

    name: str
    combo: str
    build: Callable[[int], dict[str, Any]]
    argv: Callable[[dict[str, Any]], list[str]]
    check_killed: Callable[[dict[str, Any]], str]
    check_final: Callable[[dict[str, Any]], None]
    cleanup: Callable[[dict[str, Any]], None]
    variant: Callable[[dict[str, Any]], str] = lambda ctx: ""
    """Runs of one variant send the same statements (migrate: with or without
    --delete-source); kill points are counted per variant."""
    counts: dict[str, int] = field(default_factory=dict)


CHILD = Path(__file__).resolve().parents[1] / "support" / "crash_child.py"


def child_argv(argv: list[str], plan: dict[str, Any]) -> list[str]:
    """The kern command ``argv`` (from ``kern_argv``) run through the crash child."""
    assert argv[1:3] == ["-m", "kern_cli"], argv
    return [argv[0], str(CHILD), json.dumps(plan), *argv[3:]]


def kill_points(events: list[str], count: int, rng: random.Random) -> list[int]:
    """Statement numbers to kill at: before anything, at the first, a middle and the last
    COMMIT (before it is sent, or after for the middle one), after the end; on MySQL also just
    after the first CREATE TABLE (committed on its own, before the tables after it and the
    stamps); then random ones. At least every fixed point is killed at."""
    commits = [n for n, kind in enumerate(events, 1) if kind == "commit"]
    assert commits, "the operation committed nothing"
    fixed = [1, commits[0], commits[len(commits) // 2] + 1, commits[-1], len(events) + 1]
    fixed += [n + 1 for n, kind in enumerate(events, 1) if kind == "create"][:1]
    points = list(dict.fromkeys(fixed))
    count = max(count, len(points))
    pool = [n for n in range(1, len(events) + 2) if n not in points]
    rng.shuffle(pool)
    return (points + pool)[:count]


def count_events(case: Case, ctx: dict[str, Any], env: dict[str, str], out: Path) -> float:
    """Run the operation to the end through the child, counting its statements into ``out``;
    the run must succeed and leave the final state. Returns how long it took."""
    started = time.monotonic()
    proc = subprocess.run(
        child_argv(case.argv(ctx), {"mode": "count", "out": str(out)}),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    duration = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-2000:]
    case.check_final(ctx)
    return duration


def run_case(case: Case, env: dict[str, str], tmp: Path) -> None:
    rng = random.Random(f"{SEED}-{case.name}-{case.combo}")
    points: dict[str, list[int]] = {}
    events: dict[str, list[str]] = {}

    def plan(variant: str, ctx: dict[str, Any]) -> float:
        out = tmp / f"events-{len(events)}.json"
        try:
            duration = count_events(case, ctx, env, out)
        finally:
            case.cleanup(ctx)
        events[variant] = json.loads(out.read_text())
        points[variant] = kill_points(events[variant], ITERATIONS, rng)
        return duration

    first = case.build(0)
    duration = plan(case.variant(first), first)
    counts = {"before first commit": 0, "mid-operation": 0, "after last commit": 0}
    kills = max(ITERATIONS, *map(len, points.values()))
    for attempt in range(1, kills + 1):
        ctx = case.build(attempt)
        variant = case.variant(ctx)
        if variant not in events:
            spare = case.build(attempt + 1000)
            assert case.variant(spare) == variant
            plan(variant, spare)
        at = points[variant][(attempt - 1) % len(points[variant])]
        try:
            child = subprocess.run(
                child_argv(case.argv(ctx), {"mode": "kill", "at": at}),
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert child.returncode == -signal.SIGKILL, (
                f"kill at statement {at} of {len(events[variant])} did not land "
                f"(exit {child.returncode}): {child.stderr[-2000:]}"
            )
            counts[case.check_killed(ctx)] += 1
            rerun = subprocess.run(
                case.argv(ctx), env=env, capture_output=True, text=True, timeout=300
            )
            assert rerun.returncode == 0, (at, rerun.stderr[-2000:])
            case.check_final(ctx)
        finally:
            case.cleanup(ctx)
    record(
        "crash kills",
        f"{case.name} {case.combo}",
        {
            "kills": kills,
            "statements": {v or "run": len(e) for v, e in events.items()},
            "run_s": round(duration, 2),
            **counts,
        },
    )


def structure_check() -> Callable[[Store], None]:
    """A check that every store it is given has the indexes and version stamps of the first
    (the uninterrupted run's)."""
    first: list[Any] = []

    def check(store: Store) -> None:
        shape = structure(store)
        if not first:
            first.append(shape)
        assert shape == first[0], "indexes or version stamps differ from an uninterrupted run"

    return check


def iso_before(cutoff: int) -> str:
    """The --before value that selects created_at <= cutoff (--before is strict)."""
    from datetime import datetime, timezone

    return datetime.fromtimestamp(cutoff + 1, timezone.utc).isoformat()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return kern_env(tmp_path, KERN_BUSY_TIMEOUT="30")


def _server(kind: str, request: pytest.FixtureRequest) -> str | None:
    """The server URL of a server backend (the fixture skips when it is down); None: SQLite."""
    fixture = SERVER_FIXTURES.get(kind)
    return str(request.getfixturevalue(fixture[0])) if fixture else None


def _template(
    store: Store, sessions: list[Session], layout: str, tmp: Path
) -> Callable[[Store], None]:
    """A way to fill a store fast: copy a template file on SQLite, write rows on a server."""
    if store.kind == "sqlite":
        template = tmp / f"template-{layout}-{store.table}.db"
        if not template.exists():
            write(Store("sqlite", str(template), table=store.table), sessions, layout)
        return lambda s: shutil.copy(template, s.url)
    return lambda s: write(s, sessions, layout)


# -- prune -----------------------------------------------------------------------------------


def prune_case(kind: str, layout: str, tmp: Path, server_url: str | None) -> Case:
    sessions = make_sessions(SIZE, seed=1)
    cutoff = sessions[int(SIZE * 0.8)].created_at
    by_age = sorted(sessions, key=lambda s: (s.created_at, s.session_id))
    doomed = [s.session_id for s in by_age if s.created_at <= cutoff]
    keep = {s.session_id: s.to_dict() for s in sessions if s.created_at > cutoff}
    fill = None

    def build(i: int) -> dict[str, Any]:
        nonlocal fill
        store = new_store(kind, tmp, server_url, f"prune{i}")
        fill = fill or _template(store, sessions, layout, tmp)
        fill(store)
        return {"store": store}

    def argv(ctx: dict[str, Any]) -> list[str]:
        store = ctx["store"]
        return kern_argv(
            "sessions",
            "prune",
            *store.cli(),
            "--before",
            iso_before(cutoff),
            "--yes",
            "--batch-size",
            str(PRUNE_BATCH),
        )

    def killed(ctx: dict[str, Any]) -> str:
        state = raw_state(ctx["store"])
        assert not check_consistent(state), check_consistent(state)
        gone = [sid for sid in doomed if sid not in state.expected]
        assert gone == doomed[: len(gone)], "prune deleted out of order"
        assert set(keep) <= set(state.expected), "a session outside the filter was deleted"
        if not gone:
            return "before first commit"
        return "after last commit" if len(gone) == len(doomed) else "mid-operation"

    def final(ctx: dict[str, Any]) -> None:
        state = raw_state(ctx["store"])
        assert not check_consistent(state)
        assert records(ctx["store"]) == keep

    return Case(
        "prune", f"{kind}/{layout}", build, argv, killed, final, lambda c: drop_store(c["store"])
    )


# -- migrate ---------------------------------------------------------------------------------


def migrate_case(direction: str, layout: str, tmp: Path, server_url: str | None) -> Case:
    same_structure = structure_check()
    src_kind, dst_kind = direction.split("->")
    sessions = make_sessions(SIZE, seed=2)
    original = {s.session_id: s.to_dict() for s in sessions}
    moving = {sid: r for sid, r in original.items() if r["user_id"] == "u1"}
    fill = None

    def build(i: int) -> dict[str, Any]:
        nonlocal fill
        source = new_store(src_kind, tmp, server_url, f"msrc{i}")
        target = new_store(dst_kind, tmp, server_url, f"mdst{i}")
        fill = fill or _template(source, sessions, layout, tmp)
        fill(source)
        return {"source": source, "target": target, "delete": i % 2 == 1}

    def argv(ctx: dict[str, Any]) -> list[str]:
        src, dst = ctx["source"], ctx["target"]
        cli = [
            "sessions",
            "migrate",
            *src.cli(),
            "--to",
            dst.url,
            "--to-schema",
            dst.schema,
            "--to-table",
            dst.table,
            "--user",
            "u1",
            "--batch-size",
            str(BATCH),
            "--layout",
            layout,
            "--yes",
        ]
        if ctx["delete"]:
            cli.append("--delete-source")
        return kern_argv(*cli)

    def killed(ctx: dict[str, Any]) -> str:
        for store in (ctx["source"], ctx["target"]):
            problems = check_consistent(raw_state(store))
            assert not problems, problems
        src, dst = records(ctx["source"]), records(ctx["target"])
        assert set(dst) <= set(moving)
        for sid, rec in dst.items():
            assert rec == original[sid], f"target session {sid!r} differs from the source"
        for sid, rec in src.items():
            assert rec == original[sid]
        assert set(src) | set(dst) == set(original), "a session was lost"
        if not dst:
            return "before first commit"
        done = len(dst) == len(moving) and (not ctx["delete"] or not set(src) & set(moving))
        return "after last commit" if done else "mid-operation"

    def final(ctx: dict[str, Any]) -> None:
        assert records(ctx["target"]) == moving
        left = {sid: r for sid, r in original.items() if not (ctx["delete"] and sid in moving)}
        assert records(ctx["source"]) == left
        for store in (ctx["source"], ctx["target"]):
            assert not check_consistent(raw_state(store))
        same_structure(ctx["target"])

    def cleanup(ctx: dict[str, Any]) -> None:
        drop_store(ctx["source"])
        drop_store(ctx["target"])

    return Case(
        "migrate",
        f"{direction}/{layout}",
        build,
        argv,
        killed,
        final,
        cleanup,
        variant=lambda ctx: "--delete-source" if ctx["delete"] else "copy",
    )


# -- import ----------------------------------------------------------------------------------


def import_case(kind: str, layout: str, tmp: Path, server_url: str | None) -> Case:
    same_structure = structure_check()
    sessions = make_sessions(SIZE, seed=3)
    wanted = {s.session_id: s.to_dict() for s in sessions}
    dump = tmp / f"import-{kind}-{layout}.jsonl"
    dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in wanted.values()))

    def build(i: int) -> dict[str, Any]:
        return {"store": new_store(kind, tmp, server_url, f"imp{i}")}

    def argv(ctx: dict[str, Any]) -> list[str]:
        store = ctx["store"]
        return kern_argv(
            "sessions",
            "import",
            str(dump),
            *store.cli(),
            "--yes",
            "--layout",
            layout,
            "--batch-size",
            str(BATCH),
        )

    def killed(ctx: dict[str, Any]) -> str:
        problems = check_consistent(raw_state(ctx["store"]))
        assert not problems, problems
        got = records(ctx["store"])
        for sid, rec in got.items():
            assert rec == wanted[sid], f"imported session {sid!r} differs from the file"
        if not got:
            return "before first commit"
        return "after last commit" if len(got) == len(wanted) else "mid-operation"

    def final(ctx: dict[str, Any]) -> None:
        assert not check_consistent(raw_state(ctx["store"]))
        assert records(ctx["store"]) == wanted
        same_structure(ctx["store"])

    return Case(
        "import", f"{kind}/{layout}", build, argv, killed, final, lambda c: drop_store(c["store"])
    )


# -- db upgrade ------------------------------------------------------------------------------


def upgrade_case(kind: str, table: str, tmp: Path, server_url: str | None) -> Case:
    same_structure = structure_check()
    sessions = make_sessions(SIZE, seed=4)
    fill = None
    before: dict[str, Any] = {}

    def build(i: int) -> dict[str, Any]:
        nonlocal fill
        store = new_store(kind, tmp, server_url, f"upg{i}", table=table)
        fill = fill or _template(store, sessions, "column", tmp)
        fill(store)
        if not before:
            before.update(records(store))
        return {"store": store}

    def argv(ctx: dict[str, Any]) -> list[str]:
        store = ctx["store"]
        return kern_argv("db", "upgrade", *store.cli(), "--yes", "--batch-size", str(BATCH))

    def killed(ctx: dict[str, Any]) -> str:
        state = raw_state(ctx["store"])
        problems = check_consistent(state, upgrading=True)
        assert not problems, problems
        assert records(ctx["store"]) == before, "reads changed during the upgrade"
        if state.version == "3.0.0":
            return "after last commit"
        return "mid-operation" if state.table_runs else "before first commit"

    def final(ctx: dict[str, Any]) -> None:
        state = raw_state(ctx["store"])
        assert state.version == "3.0.0"
        assert state.table_runs == state.column_runs
        assert sum(map(len, state.table_runs.values())) == sum(state.expected.values())
        assert not check_consistent(state, upgrading=True)
        assert records(ctx["store"]) == before
        same_structure(ctx["store"])

    return Case(
        "db upgrade",
        f"{kind}/{table}",
        build,
        argv,
        killed,
        final,
        lambda c: drop_store(c["store"]),
    )


# -- the tests -------------------------------------------------------------------------------

KINDS = ["sqlite", "postgres", "mysql"]
DIRECTIONS = ["sqlite->postgres", "postgres->sqlite", "sqlite->mysql", "mysql->sqlite"]
LAYOUTS = ["column", "table"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
def test_prune_survives_sigkill(
    kind: str, layout: str, tmp_path: Path, env: dict[str, str], request: pytest.FixtureRequest
) -> None:
    run_case(prune_case(kind, layout, tmp_path, _server(kind, request)), env, tmp_path)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("direction", DIRECTIONS)
def test_migrate_survives_sigkill(
    direction: str, layout: str, tmp_path: Path, env: dict[str, str], request: pytest.FixtureRequest
) -> None:
    server = next(k for k in direction.split("->") if k != "sqlite")
    run_case(migrate_case(direction, layout, tmp_path, _server(server, request)), env, tmp_path)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", KINDS)
def test_import_survives_sigkill(
    kind: str, layout: str, tmp_path: Path, env: dict[str, str], request: pytest.FixtureRequest
) -> None:
    run_case(import_case(kind, layout, tmp_path, _server(kind, request)), env, tmp_path)


@pytest.mark.parametrize("table", ["agno_sessions", "my_sessions"])
@pytest.mark.parametrize("kind", KINDS)
def test_db_upgrade_survives_sigkill(
    kind: str, table: str, tmp_path: Path, env: dict[str, str], request: pytest.FixtureRequest
) -> None:
    run_case(upgrade_case(kind, table, tmp_path, _server(kind, request)), env, tmp_path)
