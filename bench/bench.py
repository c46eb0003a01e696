"""kern's benchmark: every command next to the database's own floor and the tools people use.

One command regenerates the corpus and the whole table::

    python bench/bench.py --size full --regen        # ~25 min on a 2-core machine
    python bench/bench.py --quick                     # small corpus, n=3, a few minutes
    python bench/bench.py --size full --only list,show -n 9

Each measurement runs whole processes, paired and interleaved (A B A B ...), after one warm-up
run of each variant. Reported: median wall time, min-max, the median of the per-pair ratios to
the baseline measured in the same run, and the client's peak RSS (``ru_maxrss`` of the child
and its waited-for descendants, from ``os.wait4``: what ``/usr/bin/time -f %M`` reports). A
command that fails on its warm-up is reported as "not available" and skipped.

Environment: ``KERN_BENCH_PG_URL`` (an admin URL of the PostgreSQL server, default
``postgresql://postgres@127.0.0.1:5432/postgres``), ``KERN_BENCH_MYSQL_URL`` (a MySQL or MariaDB
server URL without a database, default ``mysql://root@127.0.0.1:3306/``; the bench creates the
databases ``kern_bench_small``, ``kern_bench_full`` and ``kern_bench_work_*`` on it),
``KERN_AGNO_PYTHON`` (an interpreter with agno installed, for the agno peer; default
``$TMPDIR/agno3-venv/bin/python`` when it exists),
``KERN_BIN`` (the kern executable; default: next to this interpreter, else on PATH).

Results: ``bench/results/RESULTS.md`` and ``bench/results/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
RESULTS = HERE / "results"
SCHEMA = "ai"

# -- the kern command lines (flags may still change: adjust them here) -------------------------
# Placeholders: {kern} {db} {user} {sid} {out} {before} {src} {to} {schema}
KERN = {
    "list": "{kern} sessions list --db {db} --user {user} --limit 20 --format tsv",
    "show": "{kern} sessions show {sid} --db {db} --format json",
    "export": "{kern} sessions export --db {db} --format jsonl -o {out}",
    "prune": "{kern} sessions prune --db {db} --before {before} --yes",
    "migrate": (
        "{kern} sessions migrate --db {src} --to {to} --to-schema {schema} --layout table --yes"
    ),
    "search": "{kern} sessions search {word} --db {db} --all --format tsv",
    "help": "{kern} --help",
    "stats": "{kern} sessions stats --db {db} --format json",
    "usage": "{kern} sessions usage --db {db} --by model --format json",
}
#: The word ``search`` looks for: in about a fifth of the runs (every word of the corpus's
#: Zipf-weighted list is in at least that many ~5 KB runs; this one is among the rarest).
SEARCH_WORD = "itinerary"
KERN_PG_EXTRA = "--schema {schema}"  # appended to list/show/export/prune on PostgreSQL
# and on MySQL, where the schema is the corpus database (kern_bench_small, kern_bench_full)

SIZES = {"small": (1000, 5000), "medium": (20_000, 100_000), "full": (100_000, 500_000)}
DEFAULT_N = {  # repetitions per measurement, sized so that --size full fits in ~25 minutes
    "full": {
        **{"list": 11, "show": 11, "export": 3, "prune": 3, "migrate": 2, "startup": 15},
        **{"stats": 3, "usage": 3, "search": 3},
    },
    "medium": {
        **{"list": 11, "show": 11, "export": 3, "prune": 3, "migrate": 2, "startup": 15},
        **{"stats": 3, "usage": 3, "search": 3},
    },
    "small": {
        **{"list": 11, "show": 11, "export": 5, "prune": 5, "migrate": 3, "startup": 15},
        **{"stats": 5, "usage": 5, "search": 5},
    },
}
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL"}
MEASUREMENTS = ("startup", "list", "show", "export", "prune", "migrate", "stats", "usage", "search")
#: A checkout whose kern the stats row also runs, as "before" (``python -m kern_cli`` there).
BEFORE_CHECKOUT = os.environ.get("KERN_BENCH_BEFORE", "")
TIMEOUT = 3600


# -- running one process ------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    rss_kb: int
    rc: int
    err: str


TIME_BIN = shutil.which("time", path="/usr/bin:/bin")
# Children may cache bytecode like any installed program: with PYTHONDONTWRITEBYTECODE set, every
# kern start-up would recompile kern's own (editable, uncached) sources.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_timed(
    cmd: Sequence[str] | str, stdout: Path | None = None, timeout: float = TIMEOUT
) -> Run:
    """Run a command (argv list, or a shell string), returning wall time and peak RSS.

    Peak RSS comes from GNU time's ``%M`` when it is installed (a tiny parent, so the figure is
    the command's own); otherwise from ``os.wait4``, which can include this process's size at
    fork time for commands that exit very early.
    """
    argv = ["/bin/sh", "-c", cmd] if isinstance(cmd, str) else list(cmd)
    rss_file = None
    if TIME_BIN:
        fd, rss_file = tempfile.mkstemp(prefix="kern-bench-rss-")
        os.close(fd)
        argv = [TIME_BIN, "-f", "%M", "-o", rss_file, *argv]
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115 - closed below
    errf = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdout=out, stderr=errf, stdin=subprocess.DEVNULL, env=CHILD_ENV
        )
        killer = threading.Timer(timeout, proc.kill)  # a hung command must not hang the run
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc
        rss = int(usage.ru_maxrss)
        if rss_file:
            text = Path(rss_file).read_text().strip().splitlines()
            rss = int(text[-1]) if text and text[-1].isdigit() else rss
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace").strip()
    finally:
        errf.close()
        if stdout:
            out.close()  # type: ignore[union-attr]
        if rss_file:
            Path(rss_file).unlink(missing_ok=True)
    lines = [ln.strip(" │╭╮╰╯─\t") for ln in err.splitlines() if not ln.startswith("Command")]
    lines = [ln for ln in lines if ln]
    errors = [ln for ln in lines if ("rror" in ln or "No such" in ln) and ln != "Error"]
    if lines and lines[0].startswith("Traceback"):
        first = lines[-1]
    else:
        first = errors[0] if errors else (lines[0] if lines else "")
    return Run(wall, rss, rc, first[:300])


# -- SQL floors -----------------------------------------------------------------------------------

_SESSION_COLS = ("session_id", "session_type", "agent_id", "team_id", "workflow_id", "user_id")
_JSON_COLS = ("session_data", "agent_data", "team_data", "workflow_data", "metadata")


def floor_sql(kind: str, schema: str) -> dict[str, str]:
    """The raw SQL a user would type: list, show, export (JSON lines), prune."""
    if kind == "sqlite":
        s, r = "agno_sessions", "agno_runs"
        name = "json_extract(s.session_data, '$.session_name')"
        parts = [f"'{c}', s.{c}" for c in _SESSION_COLS]
        parts += [f"'{c}', json(s.\"{c}\")" for c in _JSON_COLS]
        parts.append(
            f"'runs', (SELECT json_group_array(json(run_data)) FROM (SELECT run_data FROM {r} "
            "WHERE session_id = s.session_id ORDER BY run_index))"
        )
        parts += [
            "'summary', json(s.summary)",
            "'created_at', s.created_at",
            "'updated_at', s.updated_at",
        ]
        doc = f"json_object({', '.join(parts)})"
        export = f"SELECT {doc} FROM {s} s ORDER BY s.created_at, s.session_id"
        show = f"SELECT {doc} FROM {s} s WHERE s.session_id = '{{sid}}'"
    elif kind == "mysql":
        s, r = f"{schema}.agno_sessions", f"{schema}.agno_runs"
        name = "JSON_UNQUOTE(JSON_EXTRACT(s.session_data, '$.session_name'))"
        parts = [f"'{c}', s.{c}" for c in _SESSION_COLS]
        parts += [f"'{c}', JSON_EXTRACT(s.{c}, '$')" for c in _JSON_COLS]
        parts.append(
            f"'runs', (SELECT JSON_ARRAYAGG(JSON_EXTRACT(r.run_data, '$') ORDER BY r.run_index) "
            f"FROM {r} r WHERE r.session_id = s.session_id)"
        )
        parts += [
            "'summary', JSON_EXTRACT(s.summary, '$')",
            "'created_at', s.created_at",
            "'updated_at', s.updated_at",
        ]
        doc = f"JSON_OBJECT({', '.join(parts)})"
        export = f"SELECT {doc} FROM {s} s ORDER BY s.created_at, s.session_id"
        show = f"SELECT {doc} FROM {s} s WHERE s.session_id = '{{sid}}'"
    else:
        s, r = f"{schema}.agno_sessions", f"{schema}.agno_runs"
        name = "s.session_data->>'session_name'"
        inner = (
            f"SELECT s.*, (SELECT json_agg(r.run_data ORDER BY r.run_index) FROM {r} r "
            f"WHERE r.session_id = s.session_id) AS runs FROM {s} s"
        )
        export = (
            f"COPY (SELECT row_to_json(t) FROM ({inner} ORDER BY s.created_at, s.session_id) t) "
            "TO STDOUT WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')"
        )
        show = f"SELECT row_to_json(t) FROM ({inner} WHERE s.session_id = '{{sid}}') t"
    cols = ", ".join(f"s.{c}" for c in _SESSION_COLS)
    list_sql = (
        f"SELECT {cols}, {name}, s.created_at, s.updated_at, (SELECT count(*) FROM {r} r "
        f"WHERE r.session_id = s.session_id) FROM {s} s WHERE s.user_id = '{{user}}' "
        "ORDER BY s.created_at DESC, s.session_id DESC LIMIT 20"
    )
    begin = "START TRANSACTION" if kind == "mysql" else "BEGIN"
    prune = (
        f"{begin}; DELETE FROM {r} WHERE session_id IN (SELECT session_id FROM {s} "
        f"WHERE created_at < {{cutoff}}); DELETE FROM {s} WHERE created_at < {{cutoff}}; COMMIT;"
    )
    return {"list": list_sql, "show": show, "export": export, "prune": prune}


def search_floor(kind: str, schema: str, word: str, rows: bool) -> str:
    """The database's own substring scan over the stored run JSON: a count (case-sensitive),
    or (``rows``) the matching texts themselves, case-insensitive as kern matches."""
    runs = "agno_runs" if kind == "sqlite" else f"{schema}.agno_runs"
    if kind == "postgresql":
        text = "run_data::text"
        cond = f"{text} ILIKE '%{word}%'" if rows else f"strpos({text}, '{word}') > 0"
    elif kind == "mysql":
        text = "CAST(run_data AS CHAR)"
        cond = f"LOWER({text}) LIKE '%{word}%'" if rows else f"INSTR({text}, '{word}') > 0"
    else:
        text = "run_data"
        cond = f"{text} LIKE '%{word}%'" if rows else f"instr({text}, '{word}') > 0"
    what = f"session_id, {text}" if rows else "count(*)"
    return f"SELECT {what} FROM {runs} WHERE {cond}"


def search_measurement(
    kind: str, target: str, db: str, n: int, kern_cmd: Callable[..., list[str]], label: str
) -> Measurement:
    """``kern sessions search WORD --all`` next to the database scanning for the word."""
    schema = mysql_db(target) if kind == "mysql" else SCHEMA
    vs: list[Variant] = []
    for rows in (False, True):
        sql = search_floor(kind, schema, SEARCH_WORD, rows)
        what = "rows out, case-insensitive" if rows else "count"
        role = "peer" if rows else "base"
        if kind == "sqlite":
            sq = shutil.which("sqlite3") or "sqlite3"
            vs.append(Variant(f"sqlite3 CLI ({what})", [sq, "-readonly", db, sql], role))
        elif kind == "mysql":
            vs.append(Variant(f"mysql client ({what})", [*mysql_cli(schema), "-e", sql], role))
        else:
            psql = shutil.which("psql") or "psql"
            vs.append(Variant(f"psql ({what})", [psql, "-X", "-At", "-d", target, "-c", sql], role))
    base = vs[0].label
    vs.append(
        Variant(
            "kern sessions search",
            kern_cmd("search", kind, db=target, word=SEARCH_WORD),
            "kern",
        )
    )
    return Measurement(
        f"search.{kind}",
        f"search {SEARCH_WORD} --all ({label})",
        kind,
        vs,
        n,
        [Target("within 1.5x of the database's substring scan", base, 1.5)],
        rss_limit_mib=150,
        notes=[
            "kern scans the same column coarsely in SQL, then decodes each candidate run and "
            "confirms the word in its values (not keys), case-folded; output to /dev/null"
        ],
    )


def stats_floor_sql(kind: str, schema: str) -> tuple[str, str]:
    """(everything ``kern sessions stats`` computes, as the plain SQL a user would type over
    agno's columns; just the runs-by-status GROUP BY over the runs table's columns)."""
    if kind == "sqlite":
        s, r = "agno_sessions", "agno_runs"
        num = "json_extract(session_data, '$.session_metrics.{k}')"
        day = "strftime('%Y-%m-%d', s.created_at, 'unixepoch')"
        size = "length(CAST(run_data AS BLOB))"
    else:
        s, r = f"{schema}.agno_sessions", f"{schema}.agno_runs"
        num = "(session_data #>> '{{session_metrics,{k}}}')::numeric"
        day = "to_char(to_timestamp(s.created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        size = "pg_column_size(run_data)"
    breakdown = (
        f"SELECT s.session_type, r.status, r.run_type, count(*) FROM {s} s "
        f"JOIN {r} r ON r.session_id = s.session_id GROUP BY 1, 2, 3"
    )
    counts = f"(SELECT session_id, count(*) AS n FROM {r} GROUP BY session_id)"
    owner = "COALESCE(s.agent_id, s.team_id, s.workflow_id)"
    grouped = [
        f"SELECT {key}, count(*), sum(COALESCE(rc.n, 0)) FROM {s} s LEFT JOIN {counts} rc "
        f"ON rc.session_id = s.session_id GROUP BY {group} ORDER BY {order}"
        for key, group, order in (
            ("s.user_id", "1", "2 DESC, 1 LIMIT 10"),
            (f"s.session_type, {owner}", "1, 2", "3 DESC, 1 LIMIT 10"),
            (day, "1", "1"),
        )
    ]
    tokens = ", ".join(
        f"sum({num.format(k=k)})" for k in ("input_tokens", "output_tokens", "total_tokens")
    )
    largest = (
        f"SELECT s.session_id, COALESCE(rb.bytes, 0) AS size FROM {s} s LEFT JOIN "
        f"(SELECT session_id, sum({size}) AS bytes FROM {r} GROUP BY session_id) rb "
        f"ON rb.session_id = s.session_id ORDER BY size DESC LIMIT 10"
    )
    whole = [
        f"SELECT session_type, count(*) FROM {s} GROUP BY 1",
        breakdown,
        f"SELECT count(DISTINCT user_id) FROM {s}",
        *grouped,
        f"SELECT {tokens} FROM {s}",
        largest,
    ]
    return "; ".join(whole) + ";", breakdown + ";"


def usage_floor_sql(kind: str, schema: str) -> str:
    """Tokens per model from each run's ``metrics.details.model`` entries, in plain SQL."""
    keys = ("input_tokens", "output_tokens", "cache_read_tokens", "total_tokens")
    if kind == "sqlite":
        sums = ", ".join(f"sum(json_extract(e.value, '$.{k}'))" for k in keys)
        return (
            f"SELECT json_extract(e.value, '$.id'), json_extract(e.value, '$.provider'), "
            f"count(*), {sums} FROM agno_runs r, "
            "json_each(json_extract(r.run_data, '$.metrics.details.model')) e GROUP BY 1, 2;"
        )
    sums = ", ".join(f"sum((e ->> '{k}')::numeric)" for k in keys)
    return (
        f"SELECT e ->> 'id', e ->> 'provider', count(*), {sums} FROM {schema}.agno_runs r, "
        "jsonb_array_elements(r.run_data #> '{metrics,details,model}') e GROUP BY 1, 2;"
    )


def sqlite_concat_export() -> str:
    """SQLite export that glues the stored JSON text (no re-parse): the pass-through floor."""
    parts = [f"'\"{c}\": ' || json_quote(s.{c})" for c in _SESSION_COLS]
    parts += [f"'\"{c}\": ' || coalesce(s.\"{c}\", 'null')" for c in _JSON_COLS]
    parts.append(
        "'\"runs\": [' || coalesce((SELECT group_concat(run_data, ', ') FROM (SELECT run_data "
        "FROM agno_runs WHERE session_id = s.session_id ORDER BY run_index)), '') || ']'"
    )
    parts += [
        "'\"summary\": ' || coalesce(s.summary, 'null')",
        "'\"created_at\": ' || s.created_at",
        "'\"updated_at\": ' || coalesce(s.updated_at, 'null')",
    ]
    return (
        "SELECT '{' || " + " || ', ' || ".join(parts) + " || '}' FROM agno_sessions s "
        "ORDER BY s.created_at, s.session_id"
    )


def mysql_concat_export(schema: str) -> str:
    """MySQL export that glues the stored JSON text (no JSON parse): the pass-through floor."""
    parts = [f"'\"{c}\": ', COALESCE(JSON_QUOTE(s.{c}), 'null')" for c in _SESSION_COLS]
    parts += [f"'\"{c}\": ', COALESCE(s.{c}, 'null')" for c in _JSON_COLS]
    parts.append(
        "'\"runs\": [', COALESCE((SELECT GROUP_CONCAT(r.run_data ORDER BY r.run_index "
        f"SEPARATOR ', ') FROM {schema}.agno_runs r WHERE r.session_id = s.session_id), ''), ']'"
    )
    parts += [
        "'\"summary\": ', COALESCE(s.summary, 'null')",
        "'\"created_at\": ', s.created_at",
        "'\"updated_at\": ', COALESCE(s.updated_at, 'null')",
    ]
    return (
        "SET SESSION group_concat_max_len = 1073741824; SELECT CONCAT('{', "
        + ", ', ', ".join(parts)
        + f", '}}') FROM {schema}.agno_sessions s ORDER BY s.created_at, s.session_id"
    )


# -- environment --------------------------------------------------------------------------------


def pg_admin_url() -> str:
    return os.environ.get("KERN_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_url(dbname: str) -> str:
    parts = urlsplit(pg_admin_url())
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_admin_url(), autocommit=True) as conn:
        conn.execute(sql)


def pg_available() -> bool:
    try:
        pg_admin("SELECT 1")
        return True
    except Exception:  # noqa: BLE001
        return False


def recreate_db(name: str, template: str | None = None) -> None:
    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if template is None:
        pg_admin(f'CREATE DATABASE "{name}"')
        return
    try:
        pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    except Exception:  # noqa: BLE001 - before PostgreSQL 15
        pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def mysql_server_url() -> str:
    return os.environ.get("KERN_BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306/")


def mysql_url(database: str) -> str:
    parts = urlsplit(mysql_server_url())
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, ""))


def mysql_db(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def mysql_options() -> dict[str, Any]:
    """PyMySQL's connect arguments for the server URL (no database)."""
    parts = urlsplit(mysql_server_url())
    opts: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 3306,
        "user": parts.username or "root",
        "charset": "utf8mb4",
    }
    if parts.password:
        opts["password"] = parts.password
    return opts


def mysql_cli(database: str, *extra: str) -> list[str]:
    """The ``mysql`` client on a database, in batch mode; the password (if any) goes through
    ``MYSQL_PWD`` in the children's environment."""
    o = mysql_options()
    if "password" in o:
        CHILD_ENV["MYSQL_PWD"] = o["password"]
    return [
        shutil.which("mysql") or "mysql",
        "-h",
        o["host"],
        "-P",
        str(o["port"]),
        "-u",
        o["user"],
        "-N",
        "-B",
        *extra,
        database,
    ]


PYMYSQL_QUERY = """
import sys, pymysql
c = pymysql.connect(**eval(sys.argv[1]))
cur = c.cursor()
cur.execute(sys.argv[2])
for row in cur:
    print(*row, sep="\\t")
"""


def pymysql_query(url: str, sql: str) -> list[str]:
    """A bare Python script running ``sql`` with PyMySQL: what a Python CLI cannot go below."""
    opts = {**mysql_options(), "database": mysql_db(url)}
    return [sys.executable, "-c", PYMYSQL_QUERY, repr(opts), sql]


def mysql_admin(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import pymysql

    conn = pymysql.connect(**mysql_options(), autocommit=True, connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params or None)
            return list(cur.fetchall())
    finally:
        conn.close()


def mysql_available() -> bool:
    try:
        mysql_admin("SELECT 1")
        return True
    except Exception:  # noqa: BLE001
        return False


def mysql_copy_db(src: str, dst: str) -> None:
    """A fresh database ``dst`` with kern's (agno's) tables holding ``src``'s rows."""
    mysql_admin(f"DROP DATABASE IF EXISTS `{dst}`")
    subprocess.run(
        [
            sys.executable,
            str(HERE / "mysql_floor.py"),
            "--ddl-only",
            "-",
            mysql_server_url(),
            dst,
        ],
        check=True,
    )
    import pymysql

    conn = pymysql.connect(**mysql_options(), connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SET SESSION foreign_key_checks = 0, unique_checks = 0")
            for table in ("agno_sessions", "agno_runs"):
                cur.execute(f"INSERT INTO `{dst}`.{table} SELECT * FROM `{src}`.{table}")
        conn.commit()
    finally:
        conn.close()


def kern_bin() -> str:
    env = os.environ.get("KERN_BIN")
    if env:
        return env
    local = Path(sys.executable).parent / "kern"
    return str(local) if local.exists() else (shutil.which("kern") or "kern")


def agno_python() -> str | None:
    env = os.environ.get("KERN_AGNO_PYTHON")
    if env:
        return env if Path(env).exists() else None
    guess = Path(tempfile.gettempdir()) / "agno3-venv" / "bin" / "python"
    return str(guess) if guess.exists() else None


def tool(name: str) -> str | None:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else shutil.which(name)


def machine_info(corpora: dict[str, dict[str, Any]]) -> dict[str, Any]:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "libsqlite": sqlite3.sqlite_version,
    }
    sq = shutil.which("sqlite3")
    if sq:
        out = subprocess.run([sq, "--version"], capture_output=True, text=True).stdout
        info["sqlite3_cli"] = out.split()[0] if out else "?"
    try:
        import psycopg

        with psycopg.connect(pg_admin_url()) as conn:
            info["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001
        info["postgresql"] = "unavailable"
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip()
        info["kern_commit"] = rev + ("+dirty" if dirty else "")
    except OSError:
        pass
    ap = agno_python()
    if ap:
        out = subprocess.run(
            [ap, "-c", "import agno, importlib.metadata as m;print(m.version('agno'))"],
            capture_output=True,
            text=True,
        )
        info["agno"] = out.stdout.strip() or "broken"
    su = tool("sqlite-utils")
    if su:
        out = subprocess.run([su, "--version"], capture_output=True, text=True).stdout
        info["sqlite_utils"] = out.strip().split()[-1] if out else "?"
    try:
        info["mysql"] = mysql_admin("SELECT VERSION()")[0][0]
    except Exception:  # noqa: BLE001
        info["mysql"] = "unavailable"
    info["corpora"] = corpora
    return info


# -- corpus -------------------------------------------------------------------------------------


def ensure_corpus(size: str, regen: bool, with_pg: bool) -> dict[str, Any]:
    sessions, runs = SIZES[size]
    db = CORPUS / f"{size}.db"
    inputs_file = CORPUS / f"{size}.inputs.json"
    pg_name = f"kern_bench_{size}"
    if not regen and db.exists() and inputs_file.exists():
        info = json.loads(inputs_file.read_text())
        if not with_pg or info.get("pg"):
            return info
    CORPUS.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        str(HERE / "gen_corpus.py"),
        "--sqlite",
        str(db),
        "--replace",
        "--sessions",
        str(sessions),
        "--runs",
        str(runs),
    ]
    if with_pg:
        recreate_db(pg_name)
        cmd += ["--pg", pg_url(pg_name), "--pg-schema", SCHEMA]
    print(f"[bench] generating the {size} corpus ...", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"corpus generation failed:\n{proc.stderr}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    info["generate_seconds"] = round(time.perf_counter() - t0, 1)
    info["sqlite_mb"] = round(db.stat().st_size / 1e6)
    info["pg"] = pg_name if with_pg else None
    if with_pg:
        import psycopg

        with psycopg.connect(pg_url(pg_name)) as conn:
            info["pg_mb"] = round(
                conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6
            )
    inputs_file.write_text(json.dumps(info, indent=1))
    return info


def ensure_mysql_corpus(size: str, info: dict[str, Any], regen: bool) -> None:
    """Load the SQLite corpus into the MySQL database ``kern_bench_<size>`` unless it already
    holds it (same session and run counts); records its name and size in ``info``."""
    name = f"kern_bench_{size}"
    have: tuple[Any, ...] | None = None
    if not regen:
        try:
            have = mysql_admin(
                f"SELECT (SELECT count(*) FROM `{name}`.agno_sessions), "
                f"(SELECT count(*) FROM `{name}`.agno_runs)"
            )[0]
        except Exception:  # noqa: BLE001 - missing database or tables
            have = None
    if have is None or tuple(have) != (info["sessions"], info["runs"]):
        mysql_admin(f"DROP DATABASE IF EXISTS `{name}`")
        print(f"[bench] loading the {size} corpus into MySQL ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(HERE / "mysql_floor.py"),
                "--load-data",
                "--fast",
                str(CORPUS / f"{size}.db"),
                mysql_server_url(),
                name,
            ],
            check=True,
        )
        mysql_admin(f"ANALYZE TABLE `{name}`.agno_sessions, `{name}`.agno_runs")
        info["mysql_load_seconds"] = round(time.perf_counter() - t0, 1)
    info["mysql"] = name
    info["mysql_mb"] = round(
        float(
            mysql_admin(
                "SELECT SUM(data_length + index_length) FROM information_schema.tables "
                "WHERE table_schema = %s",
                name,
            )[0][0]
        )
        / 1e6
    )


# -- measurements --------------------------------------------------------------------------------


@dataclass
class Variant:
    label: str
    cmd: list[str] | str
    role: str = "peer"  # base | kern | peer
    stdout: Path | None = None
    prepare: Callable[[], None] | None = None
    times: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    out_bytes: int = 0
    unavailable: str | None = None


@dataclass
class Target:
    """kern's time over ``against``'s time, per pair, must be <= limit."""

    description: str
    against: str
    limit: float


@dataclass
class Measurement:
    key: str
    title: str
    backend: str
    variants: list[Variant]
    n: int
    targets: list[Target] = field(default_factory=list)
    sessions: int = 0  # for throughput
    rss_limit_mib: float | None = None
    notes: list[str] = field(default_factory=list)


def _fmt(template: str, **kw: Any) -> list[str]:
    return template.format(**kw).split()


def _pg_startup(kern: str, small: dict[str, Any], with_pg: bool, psql: str | None) -> list[Variant]:
    """PostgreSQL start-up rows: one psql query, and kern's ``list -L 1`` (with
    ``KERN_BENCH_BEFORE`` set, also this checkout's and that one's through the same launcher,
    ``python -m kern_cli``, which skips the installed entry point)."""
    if not with_pg or not small.get("pg"):
        return []
    url = pg_url(small["pg"])
    argv = ["sessions", "list", "--db", url, "--schema", SCHEMA, "-L", "1", "--format", "tsv"]
    out = [
        Variant(
            "psql, one query (PostgreSQL)",
            [psql or "psql", "-X", "-At", "-d", url, "-c", "SELECT 1"],
        ),
        Variant("kern sessions list -L 1 (PostgreSQL)", [kern, *argv], "kern"),
    ]
    if BEFORE_CHECKOUT:
        shown = " ".join(argv)
        for label, checkout in (("now", HERE.parent), ("before", Path(BEFORE_CHECKOUT))):
            out.append(
                Variant(
                    f"python -m kern_cli sessions list -L 1 (PostgreSQL), {label}",
                    f"cd {checkout} && {sys.executable} -m kern_cli {shown}",
                )
            )
    return out


def _export_target(kind: str, floor: str) -> Target:
    """The export targets: SQLite <= 1.2x, PostgreSQL <= 1.1x its floor's time (the
    performance issue); MySQL >= 0.7x the floor's throughput."""
    if kind == "mysql":
        return Target("throughput >= 0.7x the database's own JSON export", floor, 1 / 0.7)
    limit = 1.2 if kind == "sqlite" else 1.1
    return Target(f"within {limit}x of the database's own JSON export", floor, limit)


def build(
    size: str,
    info: dict[str, Any],
    small: dict[str, Any] | None,
    only: set[str],
    n_override: int | None,
    with_pg: bool,
    with_mysql: bool = False,
    others: dict[str, dict[str, Any]] | None = None,
) -> list[Measurement]:
    """The measurements of ``only`` on the ``size`` corpus; ``others`` (smaller corpora by
    size name) add the export rows at their sizes."""
    kern = kern_bin()
    py = sys.executable
    sq = shutil.which("sqlite3")
    psql = shutil.which("psql")
    su = tool("sqlite-utils")
    ap = agno_python()
    db = str(CORPUS / f"{size}.db")
    work = CORPUS / "work.db"
    out_dir = CORPUS / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    n = {k: n_override or v for k, v in DEFAULT_N[size].items()}
    user, sid, cutoff = info["user"], info["session_id"], info["prune_before"]
    ms: list[Measurement] = []
    backends: list[tuple[str, str]] = [("sqlite", db)]
    if with_pg:
        backends.append(("postgresql", pg_url(info["pg"])))
    if with_mysql:
        backends.append(("mysql", mysql_url(info["mysql"])))

    def kern_cmd(op: str, kind: str, **kw: Any) -> list[str]:
        argv = _fmt(KERN[op], kern=kern, schema=SCHEMA, **kw)
        reads = ("list", "show", "export", "prune", "stats", "usage", "search")
        if kind == "postgresql" and op in reads:
            argv += _fmt(KERN_PG_EXTRA, schema=SCHEMA)
        if kind == "mysql" and op in reads:
            argv += _fmt(KERN_PG_EXTRA, schema=mysql_db(kw["db"]))
        return argv

    if "startup" in only:
        ms.append(
            Measurement(
                "startup",
                "Start-up",
                "-",
                [
                    Variant("python -c pass", [py, "-c", "pass"], "base"),
                    Variant("kern --help", _fmt(KERN["help"], kern=kern), "kern"),
                    Variant(
                        "kern sessions list (small corpus, heavy-user-free query)",
                        kern_cmd(
                            "list",
                            "sqlite",
                            db=str(CORPUS / "small.db"),
                            user=(small or info)["user"],
                        ),
                        "kern",
                    ),
                    Variant("kern --version", [kern, "--version"], "kern"),
                    *_pg_startup(kern, small or info, with_pg, psql),
                ],
                n["startup"],
                notes=[
                    "list runs on the small SQLite corpus: start-up dominated",
                    "PostgreSQL: kern's fixed cost per command (connection, layout detection) "
                    "next to psql running one query"
                    + (f"; before: {BEFORE_CHECKOUT}" if BEFORE_CHECKOUT else ""),
                ],
            )
        )

    for kind, target in backends:
        floors = floor_sql(kind, mysql_db(target) if kind == "mysql" else SCHEMA)
        label = LABELS[kind]
        if "list" in only:
            sql = floors["list"].format(user=user)
            vs: list[Variant] = []
            if kind == "sqlite":
                vs.append(
                    Variant("sqlite3 CLI (floor)", [sq or "sqlite3", "-readonly", db, sql], "base")
                )
                vs.append(Variant("sqlite-utils query", [su or "sqlite-utils", "query", db, sql]))
            elif kind == "mysql":
                vs.append(
                    Variant(
                        "mysql client (floor)", [*mysql_cli(mysql_db(target)), "-e", sql], "base"
                    )
                )
                vs.append(Variant("python PyMySQL, same SQL", pymysql_query(target, sql)))
            else:
                vs.append(
                    Variant(
                        "psql (floor)",
                        [psql or "psql", "-X", "-At", "-d", target, "-c", sql],
                        "base",
                    )
                )
            vs.append(
                Variant("kern sessions list", kern_cmd("list", kind, db=target, user=user), "kern")
            )
            if ap:
                vs.append(
                    Variant(
                        "agno get_sessions",
                        [ap, str(HERE / "agno_peer.py"), "list", kind, target, user],
                    )
                )
            tg = (
                [Target("no slower than sqlite-utils", "sqlite-utils query", 1.0)]
                if kind == "sqlite"
                else []
            )
            tg.append(Target("several (>=3x) times faster than agno", "agno get_sessions", 1 / 3))
            ms.append(
                Measurement(
                    f"list.{kind}",
                    f"list --user {user} --limit 20 ({label})",
                    kind,
                    vs,
                    n["list"],
                    tg,
                    notes=[
                        f"user {user} owns {info['user_sessions']} sessions; the heaviest user "
                        f"owns {info['heavy_user_sessions']}"
                    ],
                )
            )
        if kind != "mysql" and ("stats" in only or "usage" in only):

            def raw(sql: str, kind: str = kind, target: str = target) -> list[str]:
                if kind == "sqlite":
                    return [sq or "sqlite3", "-readonly", db, sql]
                return [psql or "psql", "-X", "-At", "-d", target, "-c", sql]

            whole, breakdown = stats_floor_sql(kind, SCHEMA)
            if "stats" in only:
                vs = [
                    Variant(
                        f"{'sqlite3' if kind == 'sqlite' else 'psql'}, the same queries "
                        "over agno's columns (floor)",
                        raw(whole),
                        "base",
                    ),
                    Variant("runs-by-status GROUP BY alone", raw(breakdown)),
                    Variant("kern sessions stats", kern_cmd("stats", kind, db=target), "kern"),
                ]
                if BEFORE_CHECKOUT:
                    argv = " ".join(kern_cmd("stats", kind, db=target)[1:])
                    vs.append(
                        Variant(
                            "kern sessions stats before (JSON per run)",
                            f"cd {BEFORE_CHECKOUT} && {py} -m kern_cli {argv}",
                        )
                    )
                ms.append(
                    Measurement(
                        f"stats.{kind}",
                        f"stats, whole corpus ({label})",
                        kind,
                        vs,
                        n["stats"],
                        [Target("within 1.5x of the same SQL", vs[0].label, 1.5)],
                        notes=[
                            "floor: the by-type, by-status, by-user, by-owner, by-day, token "
                            "and largest-session queries typed in plain SQL, runs counted by "
                            "the runs table's status/run_type columns"
                        ],
                    )
                )
            if "usage" in only:
                vs = [
                    Variant(
                        f"{'sqlite3' if kind == 'sqlite' else 'psql'}, tokens per "
                        "details.model entry (floor)",
                        raw(usage_floor_sql(kind, SCHEMA)),
                        "base",
                    ),
                    Variant(
                        "kern sessions usage --by model", kern_cmd("usage", kind, db=target), "kern"
                    ),
                ]
                ms.append(
                    Measurement(
                        f"usage.{kind}",
                        f"usage --by model, whole corpus ({label})",
                        kind,
                        vs,
                        n["usage"],
                        notes=[
                            "kern also reads the run-level totals, falls back to a run's model "
                            "when it has no details, counts distinct sessions and runs, guards "
                            "every JSON value and prices each model and day"
                        ],
                    )
                )
        if "show" in only:
            sql = floors["show"].format(sid=sid)
            vs = []
            if kind == "sqlite":
                vs.append(
                    Variant("sqlite3 CLI (floor)", [sq or "sqlite3", "-readonly", db, sql], "base")
                )
                vs.append(Variant("sqlite-utils query", [su or "sqlite-utils", "query", db, sql]))
            elif kind == "mysql":
                vs.append(
                    Variant(
                        "mysql client (floor)", [*mysql_cli(mysql_db(target)), "-e", sql], "base"
                    )
                )
                vs.append(Variant("python PyMySQL, same SQL", pymysql_query(target, sql)))
            else:
                vs.append(
                    Variant(
                        "psql (floor)",
                        [psql or "psql", "-X", "-At", "-d", target, "-c", sql],
                        "base",
                    )
                )
            vs.append(
                Variant("kern sessions show", kern_cmd("show", kind, db=target, sid=sid), "kern")
            )
            if ap:
                vs.append(
                    Variant(
                        "agno get_session",
                        [ap, str(HERE / "agno_peer.py"), "show", kind, target, sid],
                    )
                )
            tg = (
                [Target("no slower than sqlite-utils", "sqlite-utils query", 1.0)]
                if kind == "sqlite"
                else []
            )
            tg.append(Target("several (>=3x) times faster than agno", "agno get_session", 1 / 3))
            ms.append(
                Measurement(
                    f"show.{kind}",
                    f"show ID --format json ({label})",
                    kind,
                    vs,
                    n["show"],
                    tg,
                    notes=[f"session {sid}: {info['session_runs']} runs"],
                )
            )
        if "export" in only:
            sizes = [(size, target, info)]
            for other, inf in (others or {}).items():
                if kind == "sqlite":
                    other_target: str | None = str(CORPUS / f"{other}.db")
                elif kind == "mysql":
                    other_target = mysql_url(inf["mysql"]) if inf.get("mysql") else None
                else:
                    other_target = pg_url(inf["pg"]) if inf.get("pg") else None
                if other_target:
                    sizes.append((other, other_target, inf))
            for sz, tgt, inf in sizes:
                kout = out_dir / f"kern_{kind}_{sz}.jsonl"
                fout = out_dir / f"floor_{kind}_{sz}.jsonl"
                if kind == "sqlite":
                    vs = [
                        Variant(
                            "sqlite3 json_object (floor)",
                            [sq or "sqlite3", "-readonly", tgt, floors["export"]],
                            "base",
                            stdout=fout,
                        ),
                        Variant(
                            "sqlite3 text concat (pass-through floor)",
                            [sq or "sqlite3", "-readonly", tgt, sqlite_concat_export()],
                            stdout=out_dir / f"concat_{sz}.jsonl",
                        ),
                    ]
                elif kind == "mysql":
                    vs = [
                        Variant(
                            "mysql JSON_OBJECT/JSON_ARRAYAGG (floor)",
                            [
                                *mysql_cli(mysql_db(tgt), "-r", "--quick"),
                                "-e",
                                floor_sql(kind, mysql_db(tgt))["export"],
                            ],
                            "base",
                            stdout=fout,
                        ),
                        Variant(
                            "mysql text CONCAT (pass-through floor)",
                            [
                                *mysql_cli(mysql_db(tgt), "-r", "--quick"),
                                "-e",
                                mysql_concat_export(mysql_db(tgt)),
                            ],
                            stdout=out_dir / f"concat_{kind}_{sz}.jsonl",
                        ),
                    ]
                else:
                    vs = [
                        Variant(
                            "psql COPY row_to_json (floor)",
                            [psql or "psql", "-X", "-At", "-d", tgt, "-c", floors["export"]],
                            "base",
                            stdout=fout,
                        )
                    ]
                vs.append(
                    Variant(
                        "kern sessions export",
                        kern_cmd("export", kind, db=tgt, out=str(kout)),
                        "kern",
                        prepare=lambda path=kout: path.unlink(missing_ok=True),
                    )
                )
                vs[-1].stdout = None
                ms.append(
                    Measurement(
                        f"export.{kind}.{sz}",
                        f"export --format jsonl, {sz} corpus ({label})",
                        kind,
                        vs,
                        n["export"],
                        [_export_target(kind, vs[0].label)],
                        sessions=inf["sessions"],
                        rss_limit_mib=150,
                    )
                )
        if "search" in only:
            ms.append(search_measurement(kind, target, db, n["search"], kern_cmd, label))
        if "prune" in only:
            date_arg = f"@{cutoff}"
            if kind == "sqlite":

                def prep_sqlite() -> None:
                    for suffix in ("-wal", "-shm"):
                        Path(f"{work}{suffix}").unlink(missing_ok=True)
                    shutil.copyfile(db, work)

                vs = [
                    Variant(
                        "sqlite3 DELETE (floor)",
                        [sq or "sqlite3", str(work), floors["prune"].format(cutoff=cutoff)],
                        "base",
                        prepare=prep_sqlite,
                    ),
                    Variant(
                        "kern sessions prune",
                        kern_cmd("prune", kind, db=str(work), before=date_arg),
                        "kern",
                        prepare=prep_sqlite,
                    ),
                ]
            elif kind == "mysql":
                work_my = f"kern_bench_work_{size}"

                def prep_mysql(name: str = work_my, src: str = info["mysql"]) -> None:
                    mysql_copy_db(src, name)

                wurl = mysql_url(work_my)
                vs = [
                    Variant(
                        "mysql DELETE (floor)",
                        [
                            *mysql_cli(work_my),
                            "-e",
                            floor_sql(kind, work_my)["prune"].format(cutoff=cutoff),
                        ],
                        "base",
                        prepare=prep_mysql,
                    ),
                    Variant(
                        "kern sessions prune",
                        kern_cmd("prune", kind, db=wurl, before=date_arg),
                        "kern",
                        prepare=prep_mysql,
                    ),
                ]
            else:
                work_pg = f"kern_bench_work_{size}"

                def prep_pg(name: str = work_pg, tpl: str = info["pg"]) -> None:
                    recreate_db(name, tpl)

                wurl = pg_url(work_pg)
                vs = [
                    Variant(
                        "psql DELETE (floor)",
                        [
                            psql or "psql",
                            "-X",
                            "-q",
                            "-d",
                            wurl,
                            "-c",
                            floors["prune"].format(cutoff=cutoff),
                        ],
                        "base",
                        prepare=prep_pg,
                    ),
                    Variant(
                        "kern sessions prune",
                        kern_cmd("prune", kind, db=wurl, before=date_arg),
                        "kern",
                        prepare=prep_pg,
                    ),
                ]
            ms.append(
                Measurement(
                    f"prune.{kind}",
                    f"prune --before {info['prune_before_date']} ({label})",
                    kind,
                    vs,
                    n["prune"],
                    [Target("within 1.5x of a plain DELETE", vs[0].label, 1.5)],
                    sessions=info["prune_sessions"],
                    notes=[
                        f"removes {info['prune_sessions']} sessions and {info['prune_runs']} runs "
                        f"(cutoff @{cutoff}); a fresh copy before every run, not timed"
                    ],
                )
            )
    if "migrate" in only and with_pg:
        work_pg = f"kern_bench_work_{size}"
        wurl = pg_url(work_pg)

        def prep_empty() -> None:
            recreate_db(work_pg)

        def prep_tables() -> None:
            recreate_db(work_pg)
            subprocess.run(
                [py, str(HERE / "copy_floor.py"), "--ddl-only", db, wurl, SCHEMA], check=True
            )

        cols_s = (
            "session_id, session_type, agent_id, team_id, workflow_id, user_id, "
            "session_data, agent_data, team_data, workflow_data, metadata, summary, "
            "created_at, updated_at"
        )
        cols_r = (
            "run_id, session_id, run_type, agent_id, team_id, workflow_id, user_id, "
            "parent_run_id, status, run_index, run_data, created_at, updated_at"
        )
        pipe = " && ".join(
            f"{sq} -readonly -csv {db} \"SELECT {cols} FROM {t}\" | {psql} -X -q -d '{wurl}' "
            f'-v ON_ERROR_STOP=1 -c "COPY {SCHEMA}.{t} ({cols.replace("metadata", "metadata")}) '
            'FROM STDIN (FORMAT csv)"'
            for t, cols in (("agno_sessions", cols_s), ("agno_runs", cols_r))
        )
        vs = [
            Variant("sqlite3 -csv to psql COPY (floor)", pipe, "base", prepare=prep_tables),
            Variant(
                "python sqlite3 -> psycopg COPY",
                [py, str(HERE / "copy_floor.py"), db, wurl, SCHEMA],
                prepare=prep_empty,
            ),
            Variant(
                "kern sessions migrate",
                _fmt(KERN["migrate"], kern=kern, src=db, to=wurl, schema=SCHEMA),
                "kern",
                prepare=prep_empty,
            ),
        ]
        ms.append(
            Measurement(
                "migrate",
                "migrate SQLite -> PostgreSQL (whole corpus)",
                "both",
                vs,
                n["migrate"],
                [Target("within 1.5x of a plain COPY", vs[0].label, 1.5)],
                sessions=info["sessions"],
                notes=[
                    "target: a fresh empty database each run (the floor gets the tables "
                    "pre-created, untimed); the sqlite3|psql floor runs 2 transactions"
                ],
            )
        )
    if "migrate" in only and with_mysql:
        work_my = f"kern_bench_work_{size}"

        def prep_mysql_empty() -> None:
            mysql_admin(f"DROP DATABASE IF EXISTS `{work_my}`")

        floor = [py, str(HERE / "mysql_floor.py")]
        vs = [
            Variant(
                "PyMySQL executemany, 5000-row transactions (floor)",
                [*floor, db, mysql_server_url(), work_my],
                "base",
                prepare=prep_mysql_empty,
            ),
            Variant(
                "LOAD DATA LOCAL INFILE, 5000-row chunks",
                [*floor, "--load-data", db, mysql_server_url(), work_my],
                prepare=prep_mysql_empty,
            ),
            Variant(
                "kern sessions migrate",
                _fmt(KERN["migrate"], kern=kern, src=db, to=mysql_server_url(), schema=work_my),
                "kern",
                prepare=prep_mysql_empty,
            ),
        ]
        ms.append(
            Measurement(
                "migrate.mysql",
                "migrate SQLite -> MySQL (whole corpus)",
                "both",
                vs,
                n["migrate"],
                [Target("within 1.5x of a plain batched INSERT", vs[0].label, 1.5)],
                sessions=info["sessions"],
                notes=[
                    "target: the work database dropped before each run; every variant creates "
                    "it and agno's tables (kern's DDL), then inserts with FK and unique checks on"
                ],
            )
        )
    return ms


def run_measurement(m: Measurement) -> None:
    print(f"[bench] {m.key}: {m.title}", file=sys.stderr, flush=True)
    for v in m.variants:  # warm-up, and find what is available
        if v.prepare:
            v.prepare()
        r = run_timed(v.cmd, v.stdout)
        if r.rc != 0:
            v.unavailable = f"exit {r.rc}: {r.err}" if r.err else f"exit {r.rc}"
            print(f"  {v.label}: not available ({v.unavailable})", file=sys.stderr)
    live = [v for v in m.variants if not v.unavailable]
    for i in range(m.n):
        order = live if i % 2 == 0 else live[::-1]  # A B, B A: no variant always goes first
        for v in order:
            if v.prepare:
                v.prepare()
            r = run_timed(v.cmd, v.stdout)
            if r.rc != 0:
                v.unavailable = f"exit {r.rc} on repetition {i + 1}: {r.err}"
                print(f"  {v.label}: failed ({v.unavailable})", file=sys.stderr)
                continue
            v.times.append(r.wall)
            v.rss_kb.append(r.rss_kb)
        done = ", ".join(f"{v.label}={v.times[-1]:.3f}s" for v in live if v.times)
        print(f"  rep {i + 1}/{m.n}: {done}", file=sys.stderr, flush=True)
    for v in m.variants:
        out = v.stdout
        if out is None and isinstance(v.cmd, list) and "-o" in v.cmd:
            out = Path(v.cmd[v.cmd.index("-o") + 1])
        if out is not None and out.exists():
            v.out_bytes = out.stat().st_size
            out.unlink()


# -- report ---------------------------------------------------------------------------------------


def _pair_ratios(a: Variant, b: Variant) -> list[float]:
    return [x / y for x, y in zip(a.times, b.times, strict=False) if y > 0]


def summarize(m: Measurement) -> dict[str, Any]:
    base = next((v for v in m.variants if v.role == "base" and v.times), None)
    rows = []
    for v in m.variants:
        row: dict[str, Any] = {
            "label": v.label,
            "role": v.role,
            "cmd": v.cmd if isinstance(v.cmd, str) else " ".join(v.cmd),
        }
        if v.unavailable and not v.times:
            row["unavailable"] = v.unavailable
            rows.append(row)
            continue
        med = statistics.median(v.times)
        row.update(
            median_s=med,
            min_s=min(v.times),
            max_s=max(v.times),
            samples=v.times,
            rss_mib=max(v.rss_kb) / 1024,
        )
        if base is not None and v is not base:
            rs = _pair_ratios(v, base)
            row.update(ratio=statistics.median(rs), ratio_min=min(rs), ratio_max=max(rs))
        if m.sessions and m.key.startswith("export"):
            row["sessions_per_s"] = m.sessions / med
            if v.out_bytes:
                row["mb_per_s"] = v.out_bytes / med / 1e6
                row["out_mb"] = v.out_bytes / 1e6
        elif m.sessions:
            row["sessions_per_s"] = m.sessions / med
        rows.append(row)
    verdicts = []
    kern = next((v for v in m.variants if v.role == "kern"), None)
    for t in m.targets:
        other = next((v for v in m.variants if v.label == t.against), None)
        if kern is None or not kern.times:
            why = kern.unavailable if kern else "no kern variant"
            verdicts.append({"target": t.description, "status": "not available", "why": why})
            continue
        if other is None or not other.times:
            why = other.unavailable if other else "peer not installed"
            verdicts.append({"target": t.description, "status": "no peer", "why": why})
            continue
        rs = _pair_ratios(kern, other)
        r = statistics.median(rs)
        verdicts.append(
            {
                "target": t.description,
                "ratio": r,
                "limit": t.limit,
                "status": "met" if r <= t.limit else "NOT met",
            }
        )
    if m.rss_limit_mib and kern is not None and kern.rss_kb:
        peak = max(kern.rss_kb) / 1024
        verdicts.append(
            {
                "target": f"peak RSS < {m.rss_limit_mib:.0f} MiB",
                "rss_mib": peak,
                "status": "met" if peak < m.rss_limit_mib else "NOT met",
            }
        )
    return {
        "key": m.key,
        "title": m.title,
        "n": m.n,
        "notes": m.notes,
        "rows": rows,
        "verdicts": verdicts,
    }


def _verdict_text(v: dict[str, Any]) -> str:
    if v["status"] in ("not available", "no peer"):
        return f"{v['status']}: {v.get('why', '')}"
    if "ratio" in v:
        return f"{v['status']} ({v['ratio']:.2f}x, limit {v['limit']:.2f}x)"
    return f"{v['status']} ({v['rss_mib']:.0f} MiB)"


def write_report(
    summaries: list[dict[str, Any]], info: dict[str, Any], args: argparse.Namespace, started: float
) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = [
        "# kern benchmark results",
        "",
        f"Generated by `python bench/bench.py {' '.join(args.argv)}` "
        f"in {(time.time() - started) / 60:.1f} min.",
        "",
        "## Machine and corpus",
        "",
    ]
    corpora = info.pop("corpora")
    for k, v in info.items():
        lines.append(f"- {k}: {v}")
    for name, c in corpora.items():
        lines.append(
            f"- corpus `{name}`: {c['sessions']:,} sessions, {c['runs']:,} runs, "
            f"{c.get('run_json_bytes', 0) / 1e6:,.0f} MB of run JSON; SQLite "
            f"{c.get('sqlite_mb', '?')} MB, PostgreSQL {c.get('pg_mb', '-')} MB, "
            f"MySQL {c.get('mysql_mb', '-')} MB; "
            f"generated in {c.get('generate_seconds', c.get('seconds', '?'))} s (SQLite and "
            "PostgreSQL)"
            + (
                f", loaded into MySQL in {c['mysql_load_seconds']} s"
                if "mysql_load_seconds" in c
                else ""
            )
        )
    lines += [
        "",
        "Times are wall seconds of whole processes, warm cache; ratio = median of "
        "per-pair ratios to the first row (min-max in brackets); RSS is the client's peak.",
        "",
        "## Targets",
        "",
        "| measurement | target | result |",
        "|---|---|---|",
    ]
    for s in summaries:
        for v in s["verdicts"]:
            lines.append(f"| {s['title']} | {v['target']} | {_verdict_text(v)} |")
    for s in summaries:
        lines += ["", f"## {s['title']}", "", f"n = {s['n']} pairs after one warm-up each."]
        lines += [f"{note}." if not note.endswith(".") else note for note in s["notes"]]
        lines += [
            "",
            "| variant | median s | min-max | ratio | peak RSS MiB | throughput |",
            "|---|---|---|---|---|---|",
        ]
        for r in s["rows"]:
            if "unavailable" in r:
                lines.append(f"| {r['label']} | not available: {r['unavailable']} | | | | |")
                continue
            ratio = (
                f"{r['ratio']:.2f} ({r['ratio_min']:.2f}-{r['ratio_max']:.2f})"
                if "ratio" in r
                else "1"
            )
            thr = []
            if "mb_per_s" in r:
                thr.append(f"{r['mb_per_s']:.0f} MB/s")
            if "sessions_per_s" in r:
                thr.append(f"{r['sessions_per_s']:,.0f} sessions/s")
            lines.append(
                f"| {r['label']} | {r['median_s']:.3f} | {r['min_s']:.3f}-{r['max_s']:.3f} | "
                f"{ratio} | {r['rss_mib']:.1f} | {', '.join(thr)} |"
            )
        lines += ["", "<details><summary>commands</summary>", ""]
        lines += [f"- {r['label']}: `{r['cmd'][:600]}`" for r in s["rows"]]
        lines += ["", "</details>"]
    name = getattr(args, "report", "RESULTS")
    path = RESULTS / f"{name}.md"
    path.write_text(portable("\n".join(lines) + "\n"))
    (RESULTS / ("results.json" if name == "RESULTS" else f"{name}.json")).write_text(
        portable(
            json.dumps(
                {"machine": info, "corpora": corpora, "measurements": summaries},
                indent=1,
                default=str,
            )
        )
    )
    return path


def portable(text: str) -> str:
    """A report's text with the checkout's own path left out, so that the commands read
    relative to the repository (``.venv/bin/kern``, ``bench/corpus/full.db``); the checkout
    itself is ``.``, and ``KERN_BENCH_BEFORE``'s is named by that variable."""
    text = text.replace(f"{HERE.parent}/", "").replace(f"cd {HERE.parent} ", "cd . ")
    if BEFORE_CHECKOUT:
        text = text.replace(BEFORE_CHECKOUT.rstrip("/"), "$KERN_BENCH_BEFORE")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", choices=tuple(SIZES), default="full")
    p.add_argument("--quick", action="store_true", help="small corpus, n=3")
    p.add_argument("--regen", action="store_true", help="regenerate the corpus first")
    p.add_argument(
        "--only",
        default=",".join(MEASUREMENTS),
        help=f"comma-separated subset of {','.join(MEASUREMENTS)}",
    )
    p.add_argument("-n", type=int, default=None, help="repetitions (overrides the defaults)")
    p.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    p.add_argument("--no-mysql", action="store_true", help="skip MySQL")
    p.add_argument(
        "--report",
        default="RESULTS",
        metavar="NAME",
        help="write results/NAME.md and NAME.json (default RESULTS: RESULTS.md, results.json)",
    )
    args = p.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    if args.quick:
        args.size = "small"
        args.n = args.n or 3
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    unknown = only - set(MEASUREMENTS)
    if unknown:
        p.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    started = time.time()
    with_pg = not args.no_pg and pg_available()
    if not with_pg and not args.no_pg:
        print("[bench] PostgreSQL unreachable: SQLite only", file=sys.stderr)
    with_mysql = not args.no_mysql and mysql_available()
    if not with_mysql and not args.no_mysql:
        print("[bench] MySQL unreachable: no MySQL rows", file=sys.stderr)
    small = ensure_corpus("small", args.regen, with_pg)
    info = small if args.size == "small" else ensure_corpus(args.size, args.regen, with_pg)
    corpora = {"small": small} if args.size == "small" else {"small": small, args.size: info}
    if args.size == "full" and "export" in only:
        corpora["medium"] = ensure_corpus("medium", args.regen, with_pg)
    others = {k: v for k, v in corpora.items() if k != args.size}
    if with_mysql:
        for name, c in corpora.items():
            ensure_mysql_corpus(name, c, args.regen)
    ms = build(args.size, info, small, only, args.n, with_pg, with_mysql, others)
    summaries = []
    for m in ms:
        run_measurement(m)
        summaries.append(summarize(m))
        write_report(list(summaries), machine_info(dict(corpora)), args, started)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{CORPUS / 'work.db'}{suffix}").unlink(missing_ok=True)
    if with_pg:
        pg_admin(f'DROP DATABASE IF EXISTS "kern_bench_work_{args.size}" WITH (FORCE)')
    if with_mysql:
        mysql_admin(f"DROP DATABASE IF EXISTS `kern_bench_work_{args.size}`")
    path = write_report(summaries, machine_info(corpora), args, started)
    print(f"[bench] wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
