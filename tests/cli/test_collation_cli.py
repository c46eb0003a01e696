"""The CLI on ids MySQL's collation takes for other ones (MariaDB: utf8mb4_general_ci):
import and migrate name each such session and exit 1 having written the others; show,
rename and delete act on exactly the given id. SQLite and PostgreSQL keep them apart."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kern_core import SessionDb

from tests.support.changes import db_args
from tests.support.sessions import session

COLLATION = "MariaDB's collation (utf8mb4_general_ci)"


def _s(sid: str, *runs: str) -> Any:
    return session(sid, 1_700_000_000, runs=[{"run_id": r, "status": "COMPLETED"} for r in runs])


def _file(tmp_path: Path, *ids: str) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(_s(i).to_dict()) + "\n" for i in ids), encoding="utf-8")
    return str(path)


def _ids(db: SessionDb) -> list[str]:
    with db.reading() as t:
        rows = t.conn.execute(f"SELECT session_id FROM {t.sessions}").fetchall()
    return sorted(str(r[0]) for r in rows)


def test_import_names_each_clash_and_exits_1(
    kern: Callable[..., Any], kind: str, backend_db: Callable[..., SessionDb], tmp_path: Path
) -> None:
    db = backend_db(kind)
    db.upsert_sessions([_s("abc")])
    path = _file(tmp_path, "ABC", "abc ", "fresh")
    result = kern("sessions", "import", path, *db_args(db))
    if kind != "mysql":
        assert result.exit_code == 0, result.stderr
        assert _ids(db) == ["ABC", "abc", "abc ", "fresh"]
        return
    assert result.exit_code == 1, result.stderr
    err = " ".join(result.stderr.split())
    assert f"skipped session 'ABC': {COLLATION} takes it for the stored session 'abc'" in err
    assert f"skipped session 'abc ': {COLLATION} takes it for the stored session 'abc'" in err
    assert "not imported: 2 sessions whose id" in err and "the others were imported" in err
    assert "another writer" not in err and "Traceback" not in err
    assert _ids(db) == ["abc", "fresh"]
    replaced = kern("sessions", "import", path, *db_args(db), "--on-conflict", "replace", "--yes")
    assert replaced.exit_code == 1, replaced.stderr
    assert "1 replaced" in replaced.stderr
    failed = kern("sessions", "import", path, *db_args(db), "--on-conflict", "fail")
    assert failed.exit_code != 0
    assert f"session 'ABC': {COLLATION} takes it for the stored session 'abc'" in " ".join(
        failed.stderr.split()
    )


def test_show_rename_delete_act_on_exactly_the_id(
    kern: Callable[..., Any], kind: str, backend_db: Callable[..., SessionDb]
) -> None:
    db = backend_db(kind)
    db.upsert_sessions([_s("abc", "r1")])
    args = db_args(db)
    shown = kern("sessions", "show", "ABC", *args)
    assert shown.exit_code == 3 and "session ABC not found" in shown.stderr
    deleted = kern("sessions", "delete", "ABC", "abc ", *args, "--yes")
    assert "abc" in _ids(db)
    assert deleted.exit_code != 0 or "not found" in deleted.stderr
    kept = db.get_session("abc")
    assert kept is not None and len(kept.runs) == 1


def test_migrate_copies_the_first_and_names_the_second(
    kern: Callable[..., Any], kind: str, backend_db: Callable[..., SessionDb]
) -> None:
    src = backend_db("sqlite", layout="table", place=2)
    src.upsert_sessions([_s("abc", "r1"), _s("ABC", "r2"), _s("ok", "r9")])
    dst = backend_db(kind, layout="table", place=1)
    to = db_args(dst)
    target = [
        "--to",
        to[1],
        "--to-table",
        dst.session_table,
        *(["--to-schema", to[5]] if len(to) > 4 else []),
    ]
    plan = kern("sessions", "migrate", *db_args(src), *target, "--dry-run")
    result = kern("sessions", "migrate", *db_args(src), *target, "--delete-source", "--yes")
    if kind != "mysql":
        assert result.exit_code == 0, result.stderr
        assert _ids(dst) == ["ABC", "abc", "ok"] and _ids(src) == []
        return
    reason = f"{COLLATION} takes it for the session 'ABC' earlier in the input"
    assert plan.exit_code == 0, plan.stderr
    assert f"will not copy session abc: {reason}" in " ".join(plan.stderr.split())
    assert result.exit_code == 1, result.stderr
    err = " ".join(result.stderr.split())
    assert f"not copied: session abc: the target refused it: {reason}" in err
    assert "could not store 1 session (abc); the others were copied" in err
    assert "verified: 2 sessions, 2 of 2 runs" in err
    assert _ids(dst) == ["ABC", "ok"]
    assert _ids(src) == ["abc"]
