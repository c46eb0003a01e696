"""Every read command, in every format, on tables full of hostile and broken rows (SQLite with
raw broken rows, PostgreSQL with everything it can store), as a real process with a timeout:
no hang, no traceback, exit 0 (or 1 with a clear message), a warning for each skipped row, and
no raw escape sequence or C1 control reaching the pipe. Then the write commands on them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.db import KINDS, SERVER_FIXTURES
from tests.support.hostile_data import (
    BAD_UTF8_ID,
    ESCAPES,
    NAN_ID,
    QUOTED_ID,
    SURROGATE_ID,
    clean_base,
    hostile_sessions,
    odd_number_sessions,
    write_sqlite_odd_rows,
    write_sqlite_raw_rows,
)
from tests.support.procs import assert_no_traceback, kern_env, run_kern
from tests.support.stores import Store, drop_store

TIMEOUT = 120
LIST_FORMATS = ("table", "tsv", "csv", "json", "jsonl")
SHOW_FORMATS = ("pretty", "markdown", "json")
EXPORT_FORMATS = ("jsonl", "json", "csv", "markdown")
_C1 = {chr(c) for c in range(0x80, 0xA0)}


@pytest.fixture(
    scope="module", params=[f"{kind}/{layout}" for kind in KINDS for layout in ("column", "table")]
)
def hostile(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, set[str]]]:
    """A hostile session table; the 50 MB run is in the ``table`` layout ones."""
    kind, layout = request.param.split("/")
    tmp = tmp_path_factory.mktemp("hostile")
    store = _store(kind, request, tmp / "hostile.db", "kh_")
    # MySQL refuses a statement over max_allowed_packet (16 MiB by default): no 50 MB run there
    sessions = clean_base() + hostile_sessions(big=layout == "table" and kind != "mysql")
    if kind == "mysql":  # MariaDB's json_valid refuses JSON nested deeper than 32 levels
        sessions = [s for s in sessions if s.session_id != "h-deep-ok"]
    ids = {s.session_id for s in sessions}
    db = store.open(layout)
    try:
        db.upsert_sessions(sessions)
        if kind == "sqlite":
            ids |= set(write_sqlite_raw_rows(db))
            db._write_conn().commit()  # noqa: SLF001
    except BaseException:
        drop_store(store)
        raise
    finally:
        db.close()
    yield store, ids
    drop_store(store)


def _store(kind: str, request: pytest.FixtureRequest, path: Path, prefix: str) -> Store:
    """A SQLite file at ``path``, or a new schema (MySQL: database) named ``prefix...``."""
    if kind == "sqlite":
        return Store("sqlite", str(path))
    url = str(request.getfixturevalue(SERVER_FIXTURES[kind][0]))
    return Store(kind, url, schema=f"{prefix}{uuid.uuid4().hex[:10]}")


def check_output(proc: Any, *, allow_error: bool = False) -> None:
    assert_no_traceback(proc)
    allowed = (0, 1) if allow_error else (0,)
    assert proc.returncode in allowed, (proc.returncode, proc.stderr[-2000:])
    if proc.returncode == 1:
        assert "kern: error:" in proc.stderr or "kern: warning:" in proc.stderr, proc.stderr
    for stream in (proc.stdout, proc.stderr):
        assert "\x1b" not in stream, "raw ESC in output"
        assert not _C1.intersection(stream), "raw C1 control in output"
        assert "\x07" not in stream


def _valid(line: str) -> bool:
    from kern_core import BadInputError, Session

    try:
        Session.from_dict(json.loads(line))
    except BadInputError:
        return False
    return True


def _env(tmp_path: Path) -> dict[str, str]:
    return kern_env(tmp_path, KERN_BUSY_TIMEOUT="5")


def test_list_in_every_format(hostile: tuple[Store, set[str]], tmp_path: Path) -> None:
    store, ids = hostile
    for fmt in LIST_FORMATS:
        proc = run_kern(
            _env(tmp_path), "sessions", "list", *store.cli(), "--all", "-f", fmt, timeout=TIMEOUT
        )
        check_output(proc)
        if fmt == "jsonl":
            assert {json.loads(line)["session_id"] for line in proc.stdout.splitlines()} == ids
        if fmt == "table":
            assert "[bold red]" in proc.stdout or "[bold" in proc.stdout, (
                "rich markup was interpreted"
            )


def test_show_every_session_in_every_format(
    hostile: tuple[Store, set[str]], tmp_path: Path
) -> None:
    store, ids = hostile
    env = _env(tmp_path)
    for sid in sorted(ids):
        for fmt in SHOW_FORMATS:
            args = ["sessions", "show", sid, *store.cli(), "-f", fmt, "--no-pager"]
            if sid == "h-escapes" and fmt != "json":
                args.append("--full")
            proc = run_kern(env, *args, timeout=TIMEOUT)
            check_output(proc, allow_error=True)
            if sid == "h-escapes" and fmt == "pretty":
                assert "[bold red]boom[/bold red]" in proc.stdout, "rich markup was interpreted"
            if fmt == "json" and proc.returncode == 0:
                assert json.loads(proc.stdout)["session_id"] == sid


def test_export_in_every_format(hostile: tuple[Store, set[str]], tmp_path: Path) -> None:
    store, ids = hostile
    env = _env(tmp_path)
    for fmt in EXPORT_FORMATS:
        proc = run_kern(env, "sessions", "export", *store.cli(), "-f", fmt, timeout=TIMEOUT)
        check_output(proc, allow_error=True)
        if fmt == "jsonl":
            exported = {json.loads(line)["session_id"] for line in proc.stdout.splitlines()}
            skipped = ids - exported
            for sid in skipped:
                assert sid in proc.stderr, f"{sid} skipped without a warning"
            if store.kind != "sqlite":
                assert not skipped


def test_stats_and_status(hostile: tuple[Store, set[str]], tmp_path: Path) -> None:
    store, _ = hostile
    env = _env(tmp_path)
    for args in (
        ["sessions", "stats", "-f", "table"],
        ["sessions", "stats", "-f", "json"],
        ["sessions", "usage", "--by", "user,model,day", "-f", "table"],
        ["sessions", "usage", "--by", "agent,month", "-f", "json"],
        ["db", "status", "-f", "table"],
        ["db", "status", "-f", "json"],
    ):
        proc = run_kern(env, *args, *store.cli(), timeout=TIMEOUT)
        check_output(proc)


def test_write_commands_on_hostile_rows(hostile: tuple[Store, set[str]], tmp_path: Path) -> None:
    """Export -> import into a fresh table keeps every readable hostile record as it was;
    delete and prune take hostile ids and values as data."""
    store, ids = hostile
    env = _env(tmp_path)
    exported = run_kern(env, "sessions", "export", *store.cli(), "-f", "jsonl", timeout=TIMEOUT)
    dump = tmp_path / "hostile.jsonl"
    dump.write_text(exported.stdout, encoding="utf-8", errors="surrogateescape")
    copy = Store("sqlite", str(tmp_path / "copy.db"))
    proc = run_kern(env, "sessions", "import", str(dump), *copy.cli(), "--yes", timeout=TIMEOUT)
    # Whatever export wrote, import accepts (export skipped and named what it could not).
    check_output(proc)
    assert all(_valid(line) for line in exported.stdout.splitlines())
    again = run_kern(env, "sessions", "export", *copy.cli(), "-f", "jsonl", timeout=TIMEOUT)
    check_output(again)
    assert sorted(again.stdout.splitlines()) == sorted(exported.stdout.splitlines())
    for sid in (QUOTED_ID, "h-escapes"):
        proc = run_kern(env, "sessions", "delete", sid, *copy.cli(), "--yes", timeout=TIMEOUT)
        check_output(proc)
        assert run_kern(env, "sessions", "show", sid, *copy.cli(), "-f", "json").returncode == 3
    proc = run_kern(
        env, "sessions", "prune", *copy.cli(), "--user", "u 'x'", "--yes", timeout=TIMEOUT
    )
    check_output(proc)
    proc = run_kern(
        env,
        "sessions",
        "prune",
        *copy.cli(),
        "--user",
        ESCAPES,
        "--yes",
        "--dry-run",
        timeout=TIMEOUT,
    )
    check_output(proc)
    left = run_kern(env, "sessions", "list", *copy.cli(), "--all", "-f", "jsonl")
    assert "ok-0" in left.stdout and "h-nulls" in left.stdout


def test_show_pretty_of_a_50mb_run(hostile: tuple[Store, set[str]], tmp_path: Path) -> None:
    """``show -f pretty`` of a 50 MB reply finishes quickly, trimmed or with --full (rich's line
    splitting of one long Text is quadratic, so huge bodies are printed unwrapped)."""
    store, ids = hostile
    if "h-big" not in ids or store.kind != "sqlite":
        pytest.skip("the 50 MB run is checked once, on SQLite")
    import subprocess

    for extra in ([], ["--full"]):
        try:
            proc = run_kern(
                _env(tmp_path),
                "sessions",
                "show",
                "h-big",
                *store.cli(),
                "-f",
                "pretty",
                "--no-pager",
                *extra,
                timeout=30,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"show -f pretty {' '.join(extra)} of a 50 MB run did not finish in 30 s")
        check_output(proc)
        assert ("more characters; --full shows all" in proc.stdout) == (not extra)


@pytest.fixture(
    scope="module", params=[f"{kind}/{layout}" for kind in KINDS for layout in ("column", "table")]
)
def odd(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, set[str]]]:
    """Stored numbers and times that break naive code, and on SQLite a lone surrogate, NaN and a
    session id that is not UTF-8; yields the store and the ids every read must deliver."""
    kind, layout = request.param.split("/")
    tmp = tmp_path_factory.mktemp("odd")
    store = _store(kind, request, tmp / "odd.db", "ko_")
    sessions = clean_base() + odd_number_sessions()
    good = {s.session_id for s in sessions}
    db = store.open(layout)
    try:
        db.upsert_sessions(sessions)
        if kind == "sqlite":
            good |= set(write_sqlite_odd_rows(db)) - {NAN_ID}
            db._write_conn().commit()  # noqa: SLF001
    except BaseException:
        drop_store(store)
        raise
    finally:
        db.close()
    yield store, good
    drop_store(store)


def _strict_json(text: str) -> Any:
    """Parse JSON as the standard demands: a NaN or Infinity token fails the test."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"non-JSON {name} in output")

    return json.loads(text, parse_constant=refuse, parse_float=str, parse_int=str)


def _checked(proc: Any, codes: tuple[int, ...]) -> None:
    check_output(proc, allow_error=1 in codes)
    assert proc.returncode in codes, (proc.returncode, proc.stderr[-2000:])
    assert "unexpected" not in proc.stderr, proc.stderr[-2000:]


def test_every_read_command_on_odd_numbers_times_and_text(
    odd: tuple[Store, set[str]], tmp_path: Path
) -> None:
    """No traceback, no 'unexpected', valid JSON only, every good session delivered, the bad
    ones (SQLite: NaN tokens, a non-UTF-8 id) named on stderr with exit 1."""
    store, good = odd
    env = _env(tmp_path)
    sqlite = store.kind == "sqlite"
    bad_id = BAD_UTF8_ID.decode("utf-8", "replace")
    for fmt in LIST_FORMATS:
        proc = run_kern(env, "sessions", "list", *store.cli(), "--all", "-f", fmt)
        _checked(proc, (0,))
        if fmt == "jsonl":
            listed = {_strict_json(line)["session_id"] for line in proc.stdout.splitlines()}
            assert listed == good | ({NAN_ID, bad_id} if sqlite else set())
        if fmt == "json":
            _strict_json(proc.stdout)
    for sid in sorted(good | ({NAN_ID} if sqlite else set())):
        for fmt in SHOW_FORMATS:
            proc = run_kern(env, "sessions", "show", sid, *store.cli(), "-f", fmt, "--no-pager")
            _checked(proc, (1,) if sid == NAN_ID else (0,))
            if sid == NAN_ID:
                assert f"session {NAN_ID}: session_data: malformed JSON" in proc.stderr
            if fmt == "json":
                assert _strict_json(proc.stdout)["session_id"] == sid
            elif sid == "h-ms-time":
                assert "2024-11-30T20:53:20Z (stored in ms)" in proc.stdout
            elif sid == "h-far-time":
                assert "@10000000000000000 (out of range)" in proc.stdout
            elif sid == "h-negative-time":
                assert "1969-12-31T23:59:55Z" in proc.stdout
            elif sid == SURROGATE_ID:
                assert "a\\ud800b" in proc.stdout
    shown = run_kern(env, "sessions", "show", "h-numbers", *store.cli(), "-f", "json").stdout
    numbers = _strict_json(shown)["metadata"]
    assert numbers["huge"] == "1" + "0" * 400
    if sqlite:
        assert numbers == {"inf": "1e400", "e5": "1E5", "zero": "-0", "huge": "1" + "0" * 400}
    for fmt in EXPORT_FORMATS:
        proc = run_kern(env, "sessions", "export", *store.cli(), "-f", fmt)
        _checked(proc, (1,) if sqlite else (0,))
        if sqlite:
            assert f"skipped session {NAN_ID}:" in proc.stderr
            assert f"skipped session {bad_id}:" in proc.stderr
        if fmt == "jsonl":
            ids = [_strict_json(line)["session_id"] for line in proc.stdout.splitlines()]
        elif fmt == "json":
            ids = [record["session_id"] for record in _strict_json(proc.stdout)]
        elif fmt == "csv":
            import csv
            import io

            ids = [row[0] for row in list(csv.reader(io.StringIO(proc.stdout)))[1:]]
        else:
            marker = "- **Session:** "
            ids = [
                line[len(marker) :] for line in proc.stdout.splitlines() if line.startswith(marker)
            ]
        assert sorted(ids) == sorted(good), fmt
    for args in (
        ["sessions", "stats", "-f", "table"],
        ["sessions", "stats", "-f", "json"],
        ["db", "status", "-f", "table"],
        ["db", "status", "-f", "json"],
    ):
        proc = run_kern(env, *args, *store.cli())
        _checked(proc, (0,))
        if "json" in args:
            _strict_json(proc.stdout)
    words = " ".join(["kern", "sessions", "show", *store.cli(), "h-"])
    env_complete = dict(env, _KERN_COMPLETE="complete_bash", COMP_WORDS=words)
    env_complete["COMP_CWORD"] = str(len(words.split()) - 1)
    proc = run_kern(env_complete)
    _checked(proc, (0,))
    assert {"h-numbers", "h-ms-time", "h-negative-time"} <= set(proc.stdout.split())


def _cursor(value: Any) -> str:
    import base64

    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "args",
    [
        ["sessions", "list", "--since", "99999999d"],
        ["sessions", "list", "--until", "99999999d"],
        ["sessions", "list", "--since", "@99999999999999999999"],
        ["sessions", "list", "--since", "9999-12-31T23:59:59-05:00"],
        ["sessions", "list", "--limit", "-1"],
        ["sessions", "list", "--limit", "0"],
        ["sessions", "list", "--limit", str(10**30)],
        ["sessions", "list", "--cursor", "garbage"],
        ["sessions", "list", "--cursor", "WyJhIiwxXQ"],
        ["sessions", "list", "--cursor", _cursor([10**30, "x"])],
        ["sessions", "list", "--cursor", _cursor([5, "\ud800"])],
        ["sessions", "list", "--cursor", _cursor([[1], "x"])],
        ["sessions", "export", "--since", "99999999d"],
        ["sessions", "stats", "--top", str(10**30)],
        ["sessions", "stats", "--days", "-1"],
        ["sessions", "prune", "--older-than", "99999999d", "--dry-run"],
        ["sessions", "prune", "--older-than", "1d", "--batch-size", "0", "--dry-run"],
        ["sessions", "prune", "--older-than", "1d", "--batch-size", str(10**30), "--dry-run"],
    ],
)
def test_out_of_range_arguments_are_one_line_usage_errors(args: list[str], tmp_path: Path) -> None:
    store = Store("sqlite", str(tmp_path / "args.db"))
    db = store.open()
    db.upsert_sessions(clean_base())
    db.close()
    proc = run_kern(_env(tmp_path), *args, *store.cli())
    assert_no_traceback(proc)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stderr.startswith("kern: error: invalid "), proc.stderr
    assert "unexpected" not in proc.stderr and len(proc.stderr.splitlines()) <= 2, proc.stderr
