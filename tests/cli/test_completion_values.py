"""Completion of session and user ids from the current target, and the core query behind it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kern_cli.completion_values import complete_session_ids, complete_user_ids
from kern_core import BadInputError, Session, SessionDb, suggest_values

IDS = ("a_b-1", "axb-2", "a%c-3", "b-4", "a_b-5")


def _fill(db: SessionDb) -> None:
    users = ("u1", "u1", None, "u2", "ü3")
    db.upsert_sessions(
        Session(sid, "agent", agent_id="agent", user_id=user, created_at=i + 1)
        for i, (sid, user) in enumerate(zip(IDS, users, strict=True))
    )


def test_suggest_values_prefix_distinct_sorted_and_escaped(
    make_db: Callable[..., SessionDb],
) -> None:
    db = make_db()
    _fill(db)
    assert suggest_values(db, "session_id", "a_") == ["a_b-1", "a_b-5"]
    assert suggest_values(db, "session_id", "a%") == ["a%c-3"]
    assert suggest_values(db, "session_id", "") == sorted(IDS)
    assert suggest_values(db, "session_id", "", limit=2) == sorted(IDS)[:2]
    assert suggest_values(db, "user_id", "") == ["u1", "u2", "ü3"]
    assert suggest_values(db, "agent_id", "ag") == ["agent"]
    assert suggest_values(db, "team_id", "") == []
    assert suggest_values(db, "session_id", "zzz") == []


def test_suggest_values_in_code_point_order_case_and_space_exact(
    make_db: Callable[..., SessionDb],
) -> None:
    """Every backend suggests as Python compares: MySQL's collations fold case and pad
    spaces, PostgreSQL's may order punctuation apart, SQLite's LIKE folds ASCII case."""
    db = make_db()
    users = ("Ab", "ab", "aB", "a", "a ", "a_z", "A~", "é", "😀x", "b")
    db.upsert_sessions(
        Session(f"s{i}", "agent", user_id=user, created_at=i + 1) for i, user in enumerate(users)
    )
    assert suggest_values(db, "user_id", "") == sorted(users)
    assert suggest_values(db, "user_id", "a") == ["a", "a ", "aB", "a_z", "ab"]
    assert suggest_values(db, "user_id", "a", limit=2) == ["a", "a "]
    assert suggest_values(db, "user_id", "A") == ["Ab", "A~"]
    assert suggest_values(db, "user_id", "a ") == ["a "]
    assert suggest_values(db, "user_id", "\U0001f600") == ["\U0001f600x"]


def test_suggest_values_rejects_other_columns(make_db: Callable[..., SessionDb]) -> None:
    db = make_db()
    _fill(db)
    for column in ("session_data", "runs", "session_id; DROP TABLE agno_sessions"):
        with pytest.raises(BadInputError):
            suggest_values(db, column, "")


def _ctx(**params: Any) -> SimpleNamespace:
    base = {"db": None, "target": None, "table": None, "schema": None}
    return SimpleNamespace(params={**base, **params})


def test_completion_reads_the_target_from_the_command_line(
    make_db: Callable[..., SessionDb], db_url: tuple[str, str]
) -> None:
    _fill(make_db())
    url, schema = db_url
    ctx = _ctx(db=url, schema=schema)
    assert complete_session_ids(ctx, "a_b") == ["a_b-1", "a_b-5"]
    assert complete_user_ids(ctx, "u") == ["u1", "u2"]
    assert complete_session_ids(_ctx(db=url, schema=schema, table="other"), "") == []


def test_completion_never_fails_nor_creates_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert complete_session_ids(_ctx(db=str(missing)), "") == []
    assert not missing.exists()
    assert complete_session_ids(_ctx(), "") == []  # no default database yet
    assert complete_session_ids(_ctx(target="nope"), "") == []
    assert complete_session_ids(_ctx(db="oracle://x/y"), "") == []
    assert complete_session_ids(_ctx(db=str(tmp_path), table="bad name"), "") == []
    assert complete_user_ids(None, "") == []


def test_shell_completion_of_show_lists_session_ids(
    kern_process: Callable[..., Any], make_db: Callable[..., SessionDb], db_url: tuple[str, str]
) -> None:
    _fill(make_db())
    url, schema = db_url
    words = f"kern sessions show --db {url} --schema {schema} a_"
    env = {"_KERN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "7"}
    result = kern_process(env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["a_b-1", "a_b-5"]


def test_shell_completion_uses_the_default_database(
    kern_process: Callable[..., Any], kern: Callable[..., Any], tmp_path: Path
) -> None:
    assert kern("demo", "--sessions", "5").exit_code == 0
    env = {
        "_KERN_COMPLETE": "complete_bash",
        "COMP_WORDS": "kern sessions show demo-",
        "COMP_CWORD": "3",
    }
    result = kern_process(env=env)
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert len(ids) == 5 and all(i.startswith("demo-") for i in ids)


def _complete(kern_process: Callable[..., Any], words: str) -> list[str]:
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_KERN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = kern_process(env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_fields_complete_the_names_after_the_last_comma(
    kern_process: Callable[..., Any],
) -> None:
    from kern_cli.commands.sessions.list import FIELDS

    assert _complete(kern_process, "kern sessions list --fields ") == list(FIELDS)
    assert _complete(kern_process, "kern sessions list --fields session_id,u") == [
        "session_id,user_id",
        "session_id,updated_at",
    ]
    rest = _complete(kern_process, "kern sessions list --fields session_id,runs,")
    assert rest == [f"session_id,runs,{f}" for f in FIELDS if f not in ("session_id", "runs")]
    assert _complete(kern_process, "kern targets list --fields ur") == ["url"]
