"""``kern sessions show`` with agno 3.1's session-linked rows (agno_fixtures/agno31*).

A compaction appears in place in the transcript, an offloaded tool result as the payload agno
resolves for its envelope (compared with what agno 3.1.10 itself returned, EXPECTED31.json),
a payload agno would not find as "(payload missing)", and a large payload is never read
whole unless ``--full`` asks for it. SQLite files and the restored PostgreSQL dump alike.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import Result

from kern_core import PostgresDb, SessionDb, SqliteDb

from tests.support.db import FIXTURES, _admin_execute, restore_dump

Kern = Callable[..., Result]

EXPECTED = json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))
DUMP = "agno31_postgres.sql"
SQLITE = "agno31.sqlite"
CUSTOM = "agno31_custom.sqlite"
PG = f"{DUMP}:ai.agno_sessions"
PG_APP = f"{DUMP}:app.my_sessions"
SID = "31000000-0000-4000-8000-0000000000{}".format
LEDGER = "res_e5e031c2b5"
HOSTILE = "\x1b]0;pwned\x07 \x1b[31mred\x1b[0m [bold]x[/bold] <img src=x onerror=alert(1)>"
BIG = 20_000_000


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _drop(pg_url: str, url: str) -> None:
    dbname = urlsplit(url).path.lstrip("/")
    _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


@pytest.fixture(scope="module")
def agno31_pg(pg_url: str) -> Iterator[str]:
    """The agno 3.1 dump restored once for this module's read-only tests."""
    url = restore_dump(pg_url, FIXTURES / DUMP)
    yield url
    _drop(pg_url, url)


def _args(variant: str, where: str) -> list[str]:
    if variant in (SQLITE, CUSTOM):
        table = "agno_sessions" if variant == SQLITE else "my_sessions"
        args = ["--db", where, "--table", table]
        return args + (["--runs-table", "my_custom_runs"] if variant == CUSTOM else [])
    schema, table = variant.split(":", 1)[1].split(".", 1)
    args = ["--db", where, "--table", table, "--schema", schema]
    return args + (["--runs-table", "my_custom_runs"] if schema == "app" else [])


def _target(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    if variant in (SQLITE, CUSTOM):
        copy = tmp_path / variant
        shutil.copy(FIXTURES / variant, copy)
        return _args(variant, str(copy))
    return _args(variant, request.getfixturevalue("agno31_pg"))


@pytest.fixture(params=[SQLITE, PG])
def variant(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def target(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> list[str]:
    return _target(variant, tmp_path, request)


@pytest.fixture
def writable(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[list[str], Any]]:
    """A private copy (a SQLite file, or the dump restored into its own database): the
    ``show`` arguments, and a function running SQL on the copy."""
    if variant == SQLITE:
        copy = tmp_path / SQLITE
        shutil.copy(FIXTURES / SQLITE, copy)

        def run_sqlite(sql: str, params: tuple[Any, ...] = ()) -> None:
            with sqlite3.connect(copy) as conn:
                conn.execute(sql.replace("%s", "?").replace("fs.agno_fs", "agno_fs"), params)

        yield _args(variant, str(copy)), run_sqlite
        return
    import psycopg

    pg_url = request.getfixturevalue("pg_url")
    url = restore_dump(pg_url, FIXTURES / DUMP)

    def run_pg(sql: str, params: tuple[Any, ...] = ()) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            for table in ("agno_compactions", "agno_tool_results"):
                sql = sql.replace(f" {table}", f" ai.{table}")
            conn.execute(sql, params)

    try:
        yield _args(variant, url), run_pg
    finally:
        _drop(pg_url, url)


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _both(kern: Kern, sid: str, target: list[str], *extra: str) -> dict[str, str]:
    return {
        fmt: _ok(kern("sessions", "show", sid, "-f", fmt, *extra, *target))
        for fmt in ("markdown", "pretty")
    }


def _run_heading(fmt: str, number: int) -> str:
    return f"## Run {number} ·" if fmt == "markdown" else f"Run {number} ·"


def _summary(variant: str, sid: str) -> str:
    """The summary agno folded into the session (every compaction of 01 has the same)."""
    sha = EXPECTED["variants"][variant]["linked"][sid]["compactions"][0]["summary_sha256"]
    text = (
        "The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route."
    )
    assert _sha(text) == sha
    return text


def test_compactions_appear_in_place_with_their_summary(
    kern: Kern, variant: str, target: list[str]
) -> None:
    sid = SID("01")
    summary = _summary(variant, sid)
    for fmt, out in _both(kern, sid, target).items():
        flat = " ".join(out.split())
        assert summary in flat, fmt
        auto = out.index("Compacted 8 messages (81 → 55 tokens):")
        manual = out.index("Compacted 2 messages (148 → 53 tokens):")
        # the automatic fold belongs to run 4; the manual one (no run) came after it
        assert out.index(_run_heading(fmt, 3)) < auto < out.index(_run_heading(fmt, 4)) < manual
        assert "manual" in " ".join(out[manual:].split()), fmt
        assert "8 archived messages" in flat and "--full shows them" in flat, fmt
        assert "Which hotels are near Alfama?" not in out[auto:manual], fmt


def test_full_shows_the_archived_messages(kern: Kern, variant: str, target: list[str]) -> None:
    sid = SID("01")
    for fmt, out in _both(kern, sid, target, "--full").items():
        auto = out.index("Compacted 8 messages")
        folded = out[auto : out.index(_run_heading(fmt, 4))]
        assert "Which hotels are near Alfama?" in folded, fmt
        assert "tool (find_hotels)" in folded, fmt
        assert "--full shows them" not in folded, fmt


def test_last_runs_keeps_the_compactions_of_the_runs_shown(
    kern: Kern, variant: str, target: list[str]
) -> None:
    out = _ok(kern("sessions", "show", SID("01"), "-f", "markdown", "-n", "1", *target))
    assert out.index("Compacted 8 messages") < out.index("## Run 4 ·")
    assert "Compacted 2 messages" in out
    out = _ok(kern("sessions", "show", SID("01"), "-f", "markdown", "-n", "0", *target))
    assert "Compacted" not in out


def test_offloaded_results_show_the_payload_agno_resolves(
    kern: Kern, variant: str, target: list[str]
) -> None:
    for fmt, out in _both(kern, SID("02"), target).items():
        assert f"offloaded result {LEDGER} (10.6 kB, 400 lines)" in out, fmt
        # line 8 of the payload: beyond the envelope's 5-line head preview
        assert "north-00007, 259 EUR,refunded" in out, fmt
        assert "north-00200" not in out, fmt
        assert "10.6 kB in all; --full shows all" in " ".join(out.split()), fmt
        assert "(payload missing)" not in out, fmt
    for fmt, out in _both(kern, SID("02"), target, "--full").items():
        assert "north-00200, 400 EUR,paid" in out, fmt
        assert '"sku": "SKU-0099"' in out, fmt


def test_a_team_members_offloaded_result_resolves_from_the_team_namespace(
    kern: Kern, variant: str, target: list[str]
) -> None:
    for fmt, out in _both(kern, SID("0c"), target).items():
        assert "offloaded result res_5955766cbb (5.3 kB, 200 lines)" in out, fmt
        assert "south-00009, 333 EUR,paid" in out, fmt


@pytest.mark.parametrize("which", [SQLITE, CUSTOM, PG, PG_APP])
def test_full_json_carries_what_agno_returns(
    kern: Kern, which: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target = _target(which, tmp_path, request)
    linked = EXPECTED["variants"][which]["linked"]
    checked = 0
    for sid, expected in linked.items():
        if not expected.get("resolved") and not expected.get("compactions"):
            continue
        record = json.loads(_ok(kern("sessions", "show", sid, "-f", "json", "--full", *target)))
        results = {r["result_id"]: r for r in record.get("tool_results", [])}
        assert set(results) == set(expected.get("resolved", {})), sid
        for rid, agno in expected.get("resolved", {}).items():
            payload = results[rid]["payload"]
            assert _sha(payload["content"]) == agno["payload_sha256"], rid
            assert len(payload["content"]) == agno["payload_chars"]
            assert payload["complete"] is True
            checked += 1
        want = {c["compaction_id"]: c for c in expected.get("compactions", [])}
        got = {c["compaction_id"]: c for c in record.get("compactions", [])}
        assert set(got) == set(want), sid
        for cid, agno in want.items():
            assert _sha(got[cid]["archived_messages"]) == agno["archived_messages_sha256"]
            assert _sha(got[cid]["summary"]) == agno["summary_sha256"]
            for key in ("run_id", "first_kept_message_id", "messages_compacted", "created_at"):
                assert got[cid][key] == agno[key], (cid, key)
    assert checked == 3


def test_json_without_full_has_sizes_and_previews_not_payloads(
    kern: Kern, variant: str, target: list[str]
) -> None:
    record = json.loads(_ok(kern("sessions", "show", SID("02"), "-f", "json", *target)))
    ledger = next(r for r in record["tool_results"] if r["result_id"] == LEDGER)
    assert ledger["payload"] == {"size_bytes": 10631}
    assert ledger["preview"].startswith("north-00000")
    assert ledger["size_bytes"] == 10631 and ledger["line_count"] == 400
    assert "compactions" not in record
    folded = json.loads(_ok(kern("sessions", "show", SID("01"), "-f", "json", *target)))
    assert [c["messages_compacted"] for c in folded["compactions"]] == [8, 2]
    assert all("archived_messages" not in c for c in folded["compactions"])
    plain = json.loads(_ok(kern("sessions", "show", SID("03"), "-f", "json", *target)))
    assert "compactions" not in plain and "tool_results" not in plain


def test_a_missing_payload_is_reported(kern: Kern, writable: tuple[list[str], Any]) -> None:
    target, run_sql = writable
    # agno reads the shared partition only: the copy in bob's partition does not count
    run_sql("DELETE FROM fs.agno_fs WHERE path LIKE %s AND user_id = ''", (f"%{LEDGER}%",))
    for fmt, out in _both(kern, SID("02"), target).items():
        assert f"offloaded result {LEDGER} (10.6 kB, 400 lines) (payload missing)" in out, fmt
        assert "north-00399, 763 EUR,refunded" in out, fmt  # the envelope's own preview
        assert "offloaded result res_7bd41c38f2 (6.1 kB, 1 line)" in out, fmt
    record = json.loads(_ok(kern("sessions", "show", SID("02"), "-f", "json", "--full", *target)))
    ledger = next(r for r in record["tool_results"] if r["result_id"] == LEDGER)
    assert ledger["payload"] is None
    # an envelope whose index row is gone: agno cannot resolve it either
    run_sql("DELETE FROM agno_tool_results WHERE result_id = %s", ("res_7bd41c38f2",))
    for fmt, out in _both(kern, SID("02"), target).items():
        assert "offloaded result res_7bd41c38f2 (payload missing)" in out, fmt
        assert '"sku": "SKU-0000"' in out, fmt


def test_database_text_stays_inert(kern: Kern, writable: tuple[list[str], Any]) -> None:
    target, run_sql = writable
    run_sql("UPDATE agno_compactions SET summary = %s", (HOSTILE,))
    run_sql("UPDATE fs.agno_fs SET content = %s WHERE path LIKE %s", (HOSTILE, f"%{LEDGER}%"))
    for extra in ((), ("--full",)):
        folded = _both(kern, SID("01"), target, *extra)
        offloaded = _both(kern, SID("02"), target, *extra)
        for fmt in ("markdown", "pretty"):
            for out in (folded[fmt], offloaded[fmt]):
                assert "\x1b" not in out and "\x07" not in out, fmt
                assert "[bold]x[/bold]" in out, fmt
        assert "&lt;img src=x onerror=alert(1)&gt;" in folded["markdown"]
        assert "<img" not in folded["markdown"]
        assert "<img src=x onerror=alert(1)>" in folded["pretty"]
        fence = offloaded["markdown"].split(f"offloaded result {LEDGER}", 1)[1].split("```")
        assert "<img src=x onerror=alert(1)>" in fence[1]  # a code block's text is inert


def _big_payload(run_sql: Any) -> None:
    run_sql(
        "UPDATE fs.agno_fs SET content = %s WHERE path LIKE %s AND user_id = ''",
        ("x" * (BIG - 1) + "\n", f"%{LEDGER}%"),
    )


def _open(target: list[str]) -> SessionDb:
    where = target[target.index("--db") + 1]
    if where.startswith("postgresql"):
        return PostgresDb(where, db_schema="ai")
    return SqliteDb(db_file=where)


def test_a_large_payload_is_read_only_as_far_as_shown(
    writable: tuple[list[str], Any], kern: Kern
) -> None:
    target, run_sql = writable
    _big_payload(run_sql)
    with _open(target) as db:
        db.layout()
        tracemalloc.start()
        try:
            extras = db.get_session_extras(SID("02"), payload_chars=800)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        payload = extras.tool_results[LEDGER].payload
        assert payload is not None and payload.content == "x" * 800
        assert payload.complete is False
        assert peak < BIG // 10, peak
        whole = db.tool_result_payload(SID("02"), LEDGER)
        assert whole is not None and len(whole) == BIG
    out = _ok(kern("sessions", "show", SID("02"), "-f", "markdown", *target))
    assert len(out) < 100_000
    assert "--full shows all" in out


def test_show_without_full_stays_small_in_a_real_process(
    writable: tuple[list[str], Any],
) -> None:
    target, run_sql = writable
    _big_payload(run_sql)
    probe = (
        "import runpy, sys, tracemalloc\n"
        "tracemalloc.start()\n"
        "sys.argv = ['kern', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('kern_cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(f'PEAK {tracemalloc.get_traced_memory()[1]}\\n')\n"
    )
    import os
    import subprocess
    import sys

    from tests.support.cli import REPO_ROOT

    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))

    def peak(sid: str, *extra: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", probe, "sessions", "show", sid, "-f", "markdown", *extra]
            + target,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-500:]
        return int(done.stderr.rsplit("PEAK ", 1)[1])

    baseline = peak(SID("03"))  # the same process showing a session with no offloaded result
    assert peak(SID("02")) < baseline + BIG // 10
    assert peak(SID("02"), "--full") > baseline + BIG
