"""``kern sessions import``: round trips, validation before writing, conflicts, dry runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.changes import db_args, export, parsed, table_rows
from tests.support.cli import REPO_ROOT
from tests.support.db import VARIANTS, DbFactory, expected, open_variant
from tests.support.reading import seed


@pytest.mark.parametrize("src_layout", ["column", "table"])
@pytest.mark.parametrize("dst_layout", ["column", "table"])
def test_export_import_export_is_identical(
    kern: Callable[..., Any], make_db: DbFactory, tmp_path: Path, src_layout: str, dst_layout: str
) -> None:
    src = make_db(layout=src_layout)
    seed(src, hostile=True)
    dst = make_db(layout="column", table="imported", name="imported")
    for fmt in ("jsonl", "json"):
        first = export(kern, db_args(src), "-f", fmt)
        path = tmp_path / f"export.{fmt}"
        path.write_text(first, encoding="utf-8")
        args = db_args(dst)
        result = kern("sessions", "import", str(path), *args, "--layout", dst_layout, "-f", fmt)
        assert result.exit_code == 0, result.stderr
        assert "11 inserted" in result.stderr or fmt == "json"
        assert export(kern, args, "-f", fmt) == first
    assert dst.layout(refresh=True).kind == dst_layout


@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_round_trip_of_agno_databases(
    kern: Callable[..., Any],
    make_db: DbFactory,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    variant: str,
    layout: str,
) -> None:
    with open_variant(variant, tmp_path, request) as src:
        first = export(kern, db_args(src))
    path = tmp_path / "export.jsonl"
    path.write_text(first, encoding="utf-8")
    dst = make_db(layout=layout, name="copy")
    result = kern("sessions", "import", str(path), *db_args(dst), "--layout", layout)
    assert result.exit_code == 0, result.stderr
    again = export(kern, db_args(dst))
    assert parsed(again) == parsed(first)
    assert len(parsed(first)) == expected()[variant]["counts"]["sessions"]
    if dst.dialect.kind == src.dialect.kind:
        assert again == first


def _lines(kern: Callable[..., Any], db: Any) -> list[str]:
    return export(kern, db_args(db)).splitlines()


def test_malformed_line_writes_nothing(
    kern: Callable[..., Any], make_db: DbFactory, tmp_path: Path
) -> None:
    src = make_db(name="src")
    seed(src)
    lines = _lines(kern, src)
    lines.insert(3, '{"session_id": "broken"')
    lines.insert(6, json.dumps({"session_id": "no-type"}))
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    dst = make_db(table="dst", name="dst")
    result = kern("sessions", "import", str(path), *db_args(dst))
    assert result.exit_code == 1
    assert "line 4" in result.stderr and "line 7" in result.stderr
    assert "nothing was written" in result.stderr
    with pytest.raises(Exception):  # noqa: B017 - the table was never created
        dst.layout(refresh=True)
    skipped = kern("sessions", "import", str(path), *db_args(dst), "--skip-invalid", "--json")
    assert skipped.exit_code == 0, skipped.stderr
    report = json.loads(skipped.stdout)
    assert (report["inserted"], report["invalid"]) == (9, 2)
    assert [r["line"] for r in report["invalid_records"]] == [4, 7]
    assert "9 inserted" in skipped.stderr and "2 invalid" in skipped.stderr


def test_conflict_modes(kern: Callable[..., Any], make_db: DbFactory, tmp_path: Path) -> None:
    db = make_db()
    seed(db, n=4)
    args = db_args(db)
    path = tmp_path / "in.jsonl"
    records = [json.loads(line) for line in _lines(kern, db)]
    records[0]["session_data"] = {"session_name": "changed"}
    records.append({**records[1], "session_id": "new-one", "runs": []})
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    before = table_rows(db)

    skip = kern("sessions", "import", str(path), *args, "--json")
    assert skip.exit_code == 0, skip.stderr
    assert json.loads(skip.stdout)["skipped"] == 4
    assert json.loads(skip.stdout)["inserted"] == 1
    assert db.get_session("s000").session_data != {"session_name": "changed"}

    after_skip = table_rows(db)
    fail = kern("sessions", "import", str(path), *args, "--on-conflict", "fail")
    assert fail.exit_code == 1 and "already exist" in fail.stderr
    assert table_rows(db) == after_skip

    refused = kern("sessions", "import", str(path), *args, "--on-conflict", "replace")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert "5 replaced" in refused.stderr  # the plan is shown first
    assert table_rows(db) == after_skip

    done = kern("sessions", "import", str(path), *args, "--on-conflict", "replace", "--yes")
    assert done.exit_code == 0, done.stderr
    assert db.get_session("s000").session_data == {"session_name": "changed"}
    assert before != table_rows(db)


def test_dry_run_writes_nothing(
    kern: Callable[..., Any], make_db: DbFactory, tmp_path: Path
) -> None:
    src = make_db(name="src")
    seed(src, n=5)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(_lines(kern, src)) + "\n")
    fresh = tmp_path / "fresh.db"
    result = kern("sessions", "import", str(path), "--db", str(fresh), "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["inserted"] == 5
    assert not fresh.exists()
    before = table_rows(src)
    again = kern(
        "sessions", "import", str(path), *db_args(src), "--dry-run", "--on-conflict", "replace"
    )
    assert again.exit_code == 0 and "would import: 0 inserted, 5 replaced" in again.stderr
    assert table_rows(src) == before


def test_stdin_in_a_real_pipe(
    kern: Callable[..., Any], kern_process: Callable[..., Any], make_db: DbFactory
) -> None:
    src = make_db(name="src")
    seed(src, n=3)
    text = export(kern, db_args(src), "-f", "json")
    dst = make_db(table="piped", name="piped")
    proc = kern_process("sessions", "import", "-", *db_args(dst), input=text)
    assert proc.returncode == 0, proc.stderr
    assert "3 inserted" in proc.stderr and proc.stdout == ""
    assert parsed(export(kern, db_args(dst))) == parsed(export(kern, db_args(src)))


def test_missing_file_is_a_usage_error(kern: Callable[..., Any], tmp_path: Path) -> None:
    result = kern("sessions", "import", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "x"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def _feed(open_writer: Callable[[], Any], text: str) -> threading.Thread:
    """Write ``text`` into a FIFO or pipe from another thread, then close it (EOF)."""

    def write() -> None:
        with open_writer() as fh:
            fh.write(text)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def test_fifo_and_dev_fd_paths_are_read_once(
    kern: Callable[..., Any], make_db: DbFactory, tmp_path: Path
) -> None:
    src = make_db(name="src")
    seed(src, n=4)
    text = export(kern, db_args(src))
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    dst = make_db(table="from_fifo", name="from_fifo")
    writer = _feed(lambda: fifo.open("w", encoding="utf-8"), text)
    result = kern("sessions", "import", str(fifo), *db_args(dst))
    writer.join(10)
    assert result.exit_code == 0, result.stderr
    assert "4 inserted" in result.stderr
    assert export(kern, db_args(dst)) == text

    read_end, write_end = os.pipe()  # what <(gunzip -c x.gz) hands over: /dev/fd/N
    writer = _feed(lambda: os.fdopen(write_end, "w", encoding="utf-8"), text)
    dst = make_db(table="from_fd", name="from_fd")
    try:
        result = kern("sessions", "import", f"/dev/fd/{read_end}", *db_args(dst))
    finally:
        writer.join(10)
        os.close(read_end)
    assert result.exit_code == 0, result.stderr
    assert export(kern, db_args(dst)) == text


def test_a_directory_is_a_usage_error(kern: Callable[..., Any], tmp_path: Path) -> None:
    result = kern("sessions", "import", str(tmp_path), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_input_that_is_not_utf8_is_one_clear_error(
    kern: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"session_id": "caf\xe9"}\n')
    result = kern("sessions", "import", str(path), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert "not valid UTF-8" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize("layout", ["column", "table"])
def test_benchmark_corpus_round_trips(
    kern: Callable[..., Any], tmp_path: Path, layout: str
) -> None:
    """The benchmark's generated corpus (agno 2.x SQLite stores an empty metadata as the
    double-encoded JSON null) exports with exit 0 and imports whole, into either layout."""
    corpus = tmp_path / "corpus.db"
    gen = REPO_ROOT / "bench" / "gen_corpus.py"
    made = subprocess.run(
        [sys.executable, str(gen), "--sqlite", str(corpus), "--sessions", "60", "--runs", "180"]
        + ["--layout", "column", "--users", "5", "--agents", "3", "--teams", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    first = export(kern, ["--db", str(corpus)])
    path = tmp_path / "corpus.jsonl"
    path.write_text(first, encoding="utf-8")
    target = tmp_path / "target.db"
    result = kern("sessions", "import", str(path), "--db", str(target), "--layout", layout)
    assert result.exit_code == 0, result.stderr
    assert "60 inserted" in result.stderr and "0 invalid" in result.stderr
    assert export(kern, ["--db", str(target)]) == first
