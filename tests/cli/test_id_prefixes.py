"""``show``, ``rename`` and ``delete`` take a unique id prefix on every backend; ``delete -``
reads exact ids from stdin and then needs --yes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from kern_core import SessionDb

from tests.support.changes import db_args, orphan_runs
from tests.support.sessions import session

IDS = ["abcd", "abcd-2", "50%_off-1", "50xyoff-2", "MIXED-upper", "amb-1", "amb-2", "amb-3"]


def _s(sid: str, n: int) -> Any:
    return session(sid, 1_700_000_000 + n, runs=[{"run_id": f"r-{sid}", "status": "COMPLETED"}])


@pytest.fixture
def db(kind: str, backend_db: Callable[..., SessionDb]) -> SessionDb:
    target = backend_db(kind)
    target.upsert_sessions([_s(sid, n) for n, sid in enumerate(IDS)])
    return target


def shown_id(kern: Callable[..., Any], db: SessionDb, text: str) -> str:
    result = kern("sessions", "show", text, *db_args(db), "-f", "json")
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["session_id"])


def test_show_takes_a_unique_prefix(kern: Callable[..., Any], db: SessionDb) -> None:
    assert shown_id(kern, db, "abcd") == "abcd"  # an exact id wins over the ids it starts
    assert shown_id(kern, db, "abcd-") == "abcd-2"
    assert shown_id(kern, db, "50%_") == "50%_off-1"  # LIKE's wildcards are plain characters
    assert shown_id(kern, db, "50xy") == "50xyoff-2"
    assert shown_id(kern, db, "MIXED") == "MIXED-upper"
    markdown = kern("sessions", "show", "amb-2", *db_args(db))
    assert markdown.exit_code == 0 and "amb-2" in markdown.stdout


def test_case_counts_on_every_backend(kern: Callable[..., Any], db: SessionDb) -> None:
    for text in ("mixed", "MIXED-UPPER", "ABCD", "50%X"):
        result = kern("sessions", "show", text, *db_args(db))
        assert result.exit_code == 3, (text, result.stderr)
        assert f"session {text} not found" in result.stderr


def test_ambiguous_prefix_is_exit_2_with_candidates(
    kern: Callable[..., Any], db: SessionDb
) -> None:
    for command in (["show", "amb-"], ["rename", "amb-", "x"], ["delete", "amb-", "--yes"]):
        result = kern("sessions", *command, *db_args(db))
        assert result.exit_code == 2, result.stderr
        assert "prefix amb- is ambiguous: 3 sessions start with it: amb-1, amb-2, amb-3" in (
            result.stderr
        )
        assert "hint: give more characters" in result.stderr and result.stdout == ""
    assert db.count_sessions() == len(IDS)
    assert {db.get_session(i).session_name for i in ("amb-1", "amb-2")} == {None}  # type: ignore[union-attr]


def test_short_prefix_is_not_a_prefix(kern: Callable[..., Any], db: SessionDb) -> None:
    result = kern("sessions", "show", "MIX", *db_args(db))
    assert result.exit_code == 3
    assert "a prefix of an id needs at least 4 characters" in result.stderr


def test_rename_by_prefix(kern: Callable[..., Any], db: SessionDb) -> None:
    result = kern("sessions", "rename", "50xy", "Half off", *db_args(db))
    assert result.exit_code == 0, result.stderr
    assert "renamed 50xyoff-2 to 'Half off'" in result.stderr
    assert db.get_session("50xyoff-2").session_name == "Half off"  # type: ignore[union-attr]
    exact = kern("sessions", "rename", "abcd", "Exact", *db_args(db))
    assert exact.exit_code == 0, exact.stderr
    assert db.get_session("abcd").session_name == "Exact"  # type: ignore[union-attr]
    assert db.get_session("abcd-2").session_name is None  # type: ignore[union-attr]
    missing = kern("sessions", "rename", "mixed", "x", *db_args(db))
    assert missing.exit_code == 3 and "mixed not found" in missing.stderr


def test_delete_by_prefix(kern: Callable[..., Any], db: SessionDb) -> None:
    result = kern("sessions", "delete", "abcd", "50%_", "nope", *db_args(db), "--yes")
    assert result.exit_code == 0, result.stderr
    assert "sessions: " in result.stderr and "50%_off-1" in result.stderr
    assert "warning: not found: nope" in result.stderr
    assert "deleted 2 sessions and 2 runs" in result.stderr
    assert db.get_session("abcd") is None and db.get_session("50%_off-1") is None
    assert db.get_session("abcd-2") is not None and db.get_session("50xyoff-2") is not None
    assert orphan_runs(db) == 0


def test_delete_ids_from_stdin(kern: Callable[..., Any], db: SessionDb) -> None:
    piped = "amb-1\n\n  \namb-3\r\nnope\nabcd-\n"
    dry = kern("sessions", "delete", "-", *db_args(db), "--dry-run", input=piped)
    assert dry.exit_code == 0, dry.stderr
    assert "would delete 2 sessions and 2 runs" in dry.stderr  # stdin ids are exact ids
    assert "not found: nope, abcd-" in dry.stderr
    refused = kern("sessions", "delete", "-", *db_args(db), input=piped)
    assert refused.exit_code == 2
    assert "refusing to delete 2 sessions and 2 runs without --yes" in refused.stderr
    assert "stdin" in refused.stderr and "nothing was changed" in refused.stderr
    assert db.count_sessions() == len(IDS)
    done = kern("sessions", "delete", "-", "abcd-", *db_args(db), "--yes", input=piped)
    assert done.exit_code == 0, done.stderr
    assert "deleted 3 sessions and 3 runs" in done.stderr
    assert {db.get_session(i) for i in ("amb-1", "amb-3", "abcd-2")} == {None}
    assert db.count_sessions() == len(IDS) - 3 and orphan_runs(db) == 0


def test_delete_stdin_without_ids(kern: Callable[..., Any], db: SessionDb) -> None:
    refused = kern("sessions", "delete", "-", *db_args(db), input="\n")
    assert refused.exit_code == 2 and "without --yes" in refused.stderr
    empty = kern("sessions", "delete", "-", *db_args(db), "--yes", input="")
    assert empty.exit_code == 0 and "nothing to delete" in empty.stderr
    missing = kern("sessions", "delete", "-", *db_args(db), "--yes", input="nope\n")
    assert missing.exit_code == 3 and "session nope not found" in missing.stderr
    assert db.count_sessions() == len(IDS)


def test_list_tsv_pipes_into_delete(
    kern_process: Callable[..., Any], kind: str, backend_db: Callable[..., SessionDb]
) -> None:
    """Ids come back through ``list -f tsv | cut -f1`` escaped; ``delete -`` reads them so."""
    db = backend_db(kind)
    odd = ["tab\there", "back\\slash", "new\nline", "plain-1", "keep-1"]
    db.upsert_sessions([_s(sid, n) for n, sid in enumerate(odd)])
    listed = kern_process("sessions", "list", *db_args(db), "--all", "-f", "tsv")
    assert listed.returncode == 0, listed.stderr
    ids = "".join(line.split("\t")[0] + "\n" for line in listed.stdout.splitlines())
    victims = "".join(line + "\n" for line in ids.splitlines() if "keep" not in line)
    off_terminal = kern_process("sessions", "delete", "-", *db_args(db), input=victims)
    assert off_terminal.returncode == 2 and "without --yes" in off_terminal.stderr
    deleted = kern_process("sessions", "delete", "-", *db_args(db), "--yes", input=victims)
    assert deleted.returncode == 0, deleted.stderr
    assert "deleted 4 sessions and 4 runs" in deleted.stderr
    assert [r.session_id for r in db.list_sessions().rows] == ["keep-1"]


def test_delete_stdin_that_is_no_text(
    kern: Callable[..., Any], kern_process: Callable[..., Any], db: SessionDb
) -> None:
    escaped = kern("sessions", "delete", "-", *db_args(db), "--yes", input="abcd\nab\\udcffcd\n")
    assert escaped.exit_code == 2 and "line 2 of stdin is not UTF-8 text" in escaped.stderr
    raw = kern_process(
        "sessions", "delete", "-", *db_args(db), "--yes", input=b"abcd\nab\xffcd\n", text=False
    )
    assert raw.returncode == 2, raw.stderr
    assert b"not UTF-8 text" in raw.stderr and b"Traceback" not in raw.stderr
    assert db.count_sessions() == len(IDS)
