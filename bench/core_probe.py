"""Measure kern_core directly (no CLI) against the database floors, to steer its design.

    python bench/core_probe.py --sqlite bench/corpus/full.db \\
        --pg postgresql://postgres@127.0.0.1:5432/kern_bench_full \\
        --inputs bench/corpus/full.inputs.json [--only listshow,process,stream]

Prints one JSON object per measurement (stdout) and a short table (stderr). In-process timings
use ``time.perf_counter``; whole-process ones run ``python -c`` / ``sqlite3`` / ``psql``.
``--profile N`` writes cProfile stats of streaming N sessions to bench/results/.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import (  # noqa: E402
    floor_sql,
    run_timed,
)


def _emit(name: str, **values: Any) -> None:
    print(json.dumps({"name": name, **values}), flush=True)
    shown = ", ".join(f"{k}={v}" for k, v in values.items())
    print(f"{name}: {shown}", file=sys.stderr, flush=True)


def _timeit(fn: Callable[[], Any], n: int) -> tuple[float, float, Any]:
    """(first call, median of the next n calls, result)."""
    t = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return first, statistics.median(times) if times else first, result


def _procs(argvs: dict[str, list[str] | str], n: int) -> dict[str, dict[str, float]]:
    """Interleaved whole-process timings: median seconds and max RSS (MiB) per label."""
    samples: dict[str, list[float]] = {k: [] for k in argvs}
    rss: dict[str, int] = dict.fromkeys(argvs, 0)
    for argv in argvs.values():  # warm-up
        run_timed(argv)
    for _ in range(n):
        for label, argv in argvs.items():
            r = run_timed(argv)
            if r.rc != 0:
                raise SystemExit(f"{label} failed: {r.err}")
            samples[label].append(r.wall)
            rss[label] = max(rss[label], r.rss_kb)
    return {
        k: {"median_s": round(statistics.median(v), 4), "rss_mib": round(rss[k] / 1024, 1)}
        for k, v in samples.items()
    }


def probe_list_show(kind: str, target: str, inputs: dict[str, Any], n: int) -> None:
    from kern_core import PostgresDb, SessionFilter, SqliteDb

    db = SqliteDb(db_file=target) if kind == "sqlite" else PostgresDb(target)
    t = time.perf_counter()
    db.layout()
    _emit(f"{kind}.layout_detect", seconds=round(time.perf_counter() - t, 4))
    for who in ("user", "heavy_user"):
        user = inputs[who]
        for counts in (True, False):
            first, warm, page = _timeit(
                lambda u=user, c=counts: db.list_sessions(
                    SessionFilter(user_id=u), limit=20, with_run_counts=c
                ),
                n,
            )
            _emit(
                f"{kind}.list.{who}.run_counts={counts}",
                first_s=round(first, 4),
                warm_s=round(warm, 4),
                rows=len(page.rows),
            )
        first, warm, total = _timeit(lambda u=user: db.count_sessions(SessionFilter(user_id=u)), 3)
        _emit(f"{kind}.count.{who}", first_s=round(first, 4), warm_s=round(warm, 4), count=total)
    first, warm, session = _timeit(lambda: db.get_session(inputs["session_id"]), n)
    _emit(
        f"{kind}.show",
        first_s=round(first, 4),
        warm_s=round(warm, 4),
        runs=len(session.runs) if session else None,
    )
    db.close()


def probe_whole_process(kind: str, target: str, inputs: dict[str, Any], n: int) -> None:
    py = sys.executable
    user, sid = inputs["user"], inputs["session_id"]
    opener = f"SqliteDb(db_file={target!r})" if kind == "sqlite" else f"PostgresDb({target!r})"
    list_code = (
        "from kern_core import SqliteDb, PostgresDb, SessionFilter\n"
        f"db = {opener}\n"
        f"for r in db.list_sessions(SessionFilter(user_id={user!r}), limit=20).rows:\n"
        "    print(r.session_id, r.session_type, r.session_name, r.created_at, r.run_count)\n"
    )
    show_code = (
        "import json\nfrom kern_core import SqliteDb, PostgresDb\n"
        f"db = {opener}\n"
        f"print(json.dumps(db.get_session({sid!r}).to_dict()))\n"
    )
    floors = floor_sql(kind, "ai")
    if kind == "sqlite":
        cli_list = [shutil.which("sqlite3") or "sqlite3", target, floors["list"].format(user=user)]
        cli_show = [shutil.which("sqlite3") or "sqlite3", target, floors["show"].format(sid=sid)]
        py_floor = (
            f"import sqlite3\nc = sqlite3.connect({target!r})\n"
            f"print(c.execute({floors['list'].format(user=user)!r}).fetchall())\n"
        )
    else:
        psql = shutil.which("psql") or "psql"
        cli_list = [psql, "-X", "-At", "-d", target, "-c", floors["list"].format(user=user)]
        cli_show = [psql, "-X", "-At", "-d", target, "-c", floors["show"].format(sid=sid)]
        py_floor = (
            f"import psycopg\nc = psycopg.connect({target!r})\n"
            f"print(c.execute({floors['list'].format(user=user)!r}).fetchall())\n"
        )
    res = _procs(
        {
            "python -c pass": [py, "-c", "pass"],
            "import kern_core": [py, "-c", "import kern_core"],
            "cli floor list": cli_list,
            "python floor list": [py, "-c", py_floor],
            "kern_core list": [py, "-c", list_code],
            "cli floor show": cli_show,
            "kern_core show": [py, "-c", show_code],
        },
        n,
    )
    for label, v in res.items():
        _emit(f"{kind}.process.{label}", **v)
    _emit(
        f"{kind}.process.ratio",
        list_vs_cli=round(res["kern_core list"]["median_s"] / res["cli floor list"]["median_s"], 2),
        show_vs_cli=round(res["kern_core show"]["median_s"] / res["cli floor show"]["median_s"], 2),
    )


def probe_stream(kind: str, target: str, limit: int | None) -> None:
    """iter_sessions (decode everything) and export_lines (pass-through) throughput."""
    from kern_core import PostgresDb, SessionFilter, SqliteDb

    db = SqliteDb(db_file=target) if kind == "sqlite" else PostgresDb(target)
    t = time.perf_counter()
    n = runs = 0
    for session in db.iter_sessions():
        n += 1
        runs += len(session.runs)
        if limit and n >= limit:
            break
    dt = time.perf_counter() - t
    _emit(
        f"{kind}.iter_sessions",
        seconds=round(dt, 2),
        sessions=n,
        runs=runs,
        sessions_per_s=round(n / dt),
        maxrss_mib=_maxrss(),
    )
    from kern_core.exporting import ExportReport

    t = time.perf_counter()
    nbytes = 0
    count = 0
    report = ExportReport()
    with db.snapshot() as table:
        from kern_core import exporting

        for line in exporting.export_lines(table, SessionFilter(), report):
            nbytes += len(line) + 1
            count += 1
            if limit and count >= limit:
                break
    dt = time.perf_counter() - t
    _emit(
        f"{kind}.export_lines",
        seconds=round(dt, 2),
        sessions=count,
        mb_per_s=round(nbytes / dt / 1e6, 1),
        sessions_per_s=round(count / dt),
        maxrss_mib=_maxrss(),
    )
    db.close()


def probe_floor_stream(kind: str, target: str) -> None:
    floors = floor_sql(kind, "ai")
    if kind == "sqlite":
        cmd = f'{shutil.which("sqlite3")} {target} "{floors["export"]}" > /dev/null'
    else:
        cmd = f'{shutil.which("psql")} -X -At -d {target} -c "{floors["export"]}" > /dev/null'
    r = run_timed(cmd)
    _emit(
        f"{kind}.export_floor_devnull",
        seconds=round(r.wall, 2),
        rc=r.rc,
        rss_mib=round(r.rss_kb / 1024, 1),
    )


def profile_stream(kind: str, target: str, limit: int, what: str) -> None:
    from kern_core import PostgresDb, SessionFilter, SqliteDb
    from kern_core.exporting import ExportReport, export_lines

    db = SqliteDb(db_file=target) if kind == "sqlite" else PostgresDb(target)
    prof = cProfile.Profile()
    prof.enable()
    count = 0
    if what == "iter":
        for _ in db.iter_sessions():
            count += 1
            if count >= limit:
                break
    else:
        with db.snapshot() as table:
            for _ in export_lines(table, SessionFilter(), ExportReport()):
                count += 1
                if count >= limit:
                    break
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(14)
    path = HERE / "results" / f"profile_{kind}_{what}.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(out.getvalue())
    print(out.getvalue(), file=sys.stderr)


def _maxrss() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--sqlite")
    p.add_argument("--pg")
    p.add_argument("--inputs", required=True, help="JSON printed by gen_corpus.py")
    p.add_argument("-n", type=int, default=7)
    p.add_argument("--skip-stream", action="store_true")
    p.add_argument("--stream-limit", type=int, default=0, help="0 = all sessions")
    p.add_argument("--profile", type=int, default=0, help="profile streaming N sessions")
    p.add_argument("--only", default="listshow,process,stream")
    args = p.parse_args(argv)
    inputs = json.loads(Path(args.inputs).read_text())
    only = set(args.only.split(","))
    os.environ.setdefault("PGAPPNAME", "kern-bench-probe")
    for kind, target in (("sqlite", args.sqlite), ("postgresql", args.pg)):
        if not target:
            continue
        if "listshow" in only:
            probe_list_show(kind, target, inputs, args.n)
        if "process" in only:
            probe_whole_process(kind, target, inputs, args.n)
        if args.profile:
            profile_stream(kind, target, args.profile, "iter")
            profile_stream(kind, target, args.profile, "export")
        if "stream" in only and not args.skip_stream:
            probe_floor_stream(kind, target)
            probe_stream(kind, target, args.stream_limit or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
