"""Odd stored shapes survive ``kern sessions export | kern sessions import``, or are named.

Rows are written raw into real tables (SQLite and PostgreSQL, both layouts) the way other
writers have stored them: the double-encoded JSON ``null`` agno 2.x (and the benchmark corpus)
stores for an empty ``metadata``, double-encoded objects and runs, the text ``null``. Export
pipes into import (real processes) and the second export must equal the first. Values no
import accepts (``session_data`` as a string or a list, a run that is a list or null, an empty
session id) make export skip that session with a warning naming it, and exit 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kern_core import SessionDb, SqliteDb

from tests.support.db import DbFactory

REPO = Path(__file__).resolve().parents[2]
BASE = 1_760_000_000


def dbl(value: Any) -> str:
    """Double-encoded JSON, as agno 2.x stored session columns in SQLite."""
    return json.dumps(json.dumps(value))


def run(rid: str) -> dict[str, Any]:
    return {"run_id": rid, "agent_id": "a1", "status": "COMPLETED", "created_at": BASE}


# session id -> (column values, runs as stored: each run's text). The legacy runs column holds
# the runs as one list (double-encoded when the runs are), a runs table one text per run.
Shapes = dict[str, tuple[dict[str, str | None], list[Any] | str]]
GOOD: Shapes = {
    "dbl-null-metadata": (
        {"metadata": json.dumps("null"), "summary": json.dumps("null")},
        [run("r-a")],
    ),
    "text-null-metadata": ({"metadata": "null", "session_data": "null"}, []),
    "dbl-objects": (
        {
            "session_data": dbl({"session_name": "double", "session_state": {}}),
            "metadata": dbl({"source": "api", "priority": 2}),
            "agent_data": dbl({"name": "A"}),
        },
        "double",
    ),
    "plain": ({"session_data": json.dumps({"session_name": "plain"})}, [run("r-d")]),
}
DOUBLE_RUNS = [run("r-b"), run("r-c")]
BAD: Shapes = {
    "string-session-data": ({"session_data": json.dumps("just text")}, []),
    "list-session-data": ({"session_data": json.dumps([1, 2])}, []),
    "list-run": ({}, [[run("r-e")]]),
    "null-run": ({}, ["null"]),
    "": ({"session_data": json.dumps({"session_name": "no id"})}, []),
}


def column_text(runs: list[Any] | str) -> str | None:
    if runs == "double":
        return dbl(DOUBLE_RUNS)
    return json.dumps(runs) if runs else None


def row_texts(runs: list[Any] | str) -> list[str]:
    if runs == "double":
        return [dbl(r) for r in DOUBLE_RUNS]
    return [json.dumps(r) for r in runs]


def write_raw(db: SessionDb, shapes: Shapes) -> None:
    """Insert the shapes with plain SQL, as another writer would have stored them."""
    db.ensure_tables()
    layout = db.layout(refresh=True)
    backend = db.dialect
    conn = backend.connect(read_only=False)
    try:
        backend.begin_write(conn)
        for n, (sid, (values, runs)) in enumerate(shapes.items()):
            row: dict[str, Any] = {
                "session_id": sid,
                "session_type": "agent",
                "agent_id": "a1",
                "user_id": "u1",
                "created_at": BASE + n,
                "updated_at": BASE + n,
                **values,
            }
            if layout.kind == "column":
                row["runs"] = column_text(runs)
            cols = ", ".join('"metadata"' if c == "metadata" else c for c in row)
            conn.execute(
                f"INSERT INTO {backend.table(layout.session_table)} ({cols}) "
                f"VALUES ({backend.params(len(row))})",
                list(row.values()),
            )
            if layout.kind == "table":
                assert layout.runs_table
                for index, text in enumerate(row_texts(runs)):
                    conn.execute(
                        f"INSERT INTO {backend.table(layout.runs_table)} (run_id, session_id, "
                        "run_type, run_index, run_data, created_at) "
                        f"VALUES ({backend.params(6)})",
                        [f"{sid}-{index}", sid, "agent", index, text, BASE],
                    )
        conn.commit()
    finally:
        conn.close()


def cli_args(db: SessionDb) -> list[str]:
    backend = db.dialect
    if backend.kind == "sqlite":
        return ["--db", str(backend.location.path), "--table", db.session_table]
    return [
        "--db",
        str(backend.location.conninfo),
        "--table",
        db.session_table,
        "--schema",
        str(backend.schema),
    ]


def kern_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "kern_cli", *args]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("KERN_")}
    out.update(
        KERN_CONFIG=str(tmp_path / "config.toml"),
        KERN_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(REPO),
        NO_COLOR="1",
    )
    return out


def export(db: SessionDb, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        kern_argv("sessions", "export", *cli_args(db)),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def pipe_export_into_import(
    src: SessionDb, dst: SessionDb, env: dict[str, str], layout: str
) -> tuple[int, str, int, str]:
    """``kern sessions export SRC | kern sessions import - DST``: both exit codes and stderrs."""
    exporter = subprocess.Popen(
        kern_argv("sessions", "export", *cli_args(src)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    importer = subprocess.run(
        kern_argv("sessions", "import", "-", *cli_args(dst), "--layout", layout),
        stdin=exporter.stdout,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert exporter.stdout is not None and exporter.stderr is not None
    exporter.stdout.close()
    export_err = exporter.stderr.read().decode()
    exporter.stderr.close()
    return exporter.wait(60), export_err, importer.returncode, importer.stderr


@pytest.mark.parametrize("layout", ["column", "table"])
def test_odd_shapes_round_trip_or_are_named(
    make_db: DbFactory, env: dict[str, str], layout: str
) -> None:
    src = make_db(layout=layout, name="src")
    write_raw(src, {**GOOD, **BAD})
    first = export(src, env)
    assert first.returncode == 1, first.stderr
    exported = [json.loads(line) for line in first.stdout.splitlines()]
    assert [r["session_id"] for r in exported] == list(GOOD)
    for sid in BAD:
        assert f"skipped session {sid}:" in first.stderr
    assert "Traceback" not in first.stderr

    dst = make_db(layout=layout, table="copied", name="dst")
    export_rc, export_err, import_rc, import_err = pipe_export_into_import(src, dst, env, layout)
    assert export_rc == 1 and "skipped session list-run:" in export_err
    assert import_rc == 0, import_err
    assert f"{len(GOOD)} inserted" in import_err and "0 invalid" in import_err
    again = export(dst, env)
    assert again.returncode == 0, again.stderr
    assert [json.loads(line) for line in again.stdout.splitlines()] == exported
    if src.dialect.kind == "sqlite":  # jsonb orders the keys of a document it parses itself
        assert again.stdout == first.stdout

    by_id = {r["session_id"]: r for r in exported}
    assert by_id["dbl-null-metadata"]["metadata"] is None
    assert by_id["dbl-null-metadata"]["summary"] is None
    assert by_id["text-null-metadata"]["session_data"] is None
    assert by_id["dbl-objects"]["metadata"] == {"source": "api", "priority": 2}
    assert [r["run_id"] for r in by_id["dbl-objects"]["runs"]] == ["r-b", "r-c"]
    stored = src.get_session("dbl-null-metadata")
    assert stored is not None and stored.metadata is None and stored.summary is None


READER = r"""
import json, sys
from agno.db.sqlite import SqliteDb
db = SqliteDb(db_file=sys.argv[1])
out = {}
for sid in sys.argv[2:]:
    raw = db.get_session(session_id=sid, session_type=None, deserialize=False)
    out[sid] = {k: raw.get(k) for k in ("session_data", "agent_data", "metadata", "summary")}
print(json.dumps(out))
"""


@pytest.mark.agno
def test_null_strings_read_as_agno_reads_them(agno_py: str, tmp_path: Path) -> None:
    """SQLite, agno 2.x column layout: kern reads each odd value as agno 3.x itself does."""
    db = SqliteDb(db_file=tmp_path / "agno2.db")
    write_raw(db, GOOD)
    done = subprocess.run(
        [agno_py, "-c", READER, str(tmp_path / "agno2.db"), *GOOD],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    agno = json.loads(done.stdout)
    for sid in GOOD:
        session = db.get_session(sid)
        assert session is not None
        mine = {k: getattr(session, k) for k in ("session_data", "agent_data", "metadata")}
        mine["summary"] = session.summary
        assert mine == agno[sid], sid
    db.close()
