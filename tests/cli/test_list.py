"""``kern sessions list`` through the CLI, on SQLite and PostgreSQL, both layouts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kern_core import Session, SessionFilter

from tests.support.db import VARIANTS, expected, variant_args
from tests.support.reading import BASE, run_in_terminal, seed

Seeded = tuple[list[str], list[Session], Any]


@pytest.fixture(params=["column", "table"])
def seeded(request: pytest.FixtureRequest, make_db: Callable[..., Any], db_url: tuple[str, str]):
    db = make_db(layout=request.param)
    sessions = seed(db, hostile=True)
    url, schema = db_url
    return ["--db", url, "--schema", schema], sessions, db


def ids_newest_first(sessions: list[Session], key: str = "created_at") -> list[str]:
    ordered = sorted(
        sessions,
        key=lambda s: (getattr(s, key) or s.created_at, s.session_id),
        reverse=True,
    )
    return [s.session_id for s in ordered]


def listed(kern: Callable[..., Any], db: list[str], *args: str) -> list[str]:
    result = kern("sessions", "list", *db, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [row["session_id"] for row in json.loads(result.stdout)]


def test_pipe_output_is_tsv_newest_first(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, sessions, _ = seeded
    result = kern("sessions", "list", *db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ids_newest_first(sessions)
    by_id = {s.session_id: s for s in sessions}
    row = next(line.split("\t") for line in lines if line.startswith("s004\t"))
    s4 = by_id["s004"]
    assert row == [
        "s004",
        "team",
        "team-0",
        "u1",
        "Name 4",
        "3",
        str(s4.created_at),
        str(s4.updated_at),
    ]
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["--user", "u1"], lambda s: s.user_id == "u1"),
        (
            ["-u", "u0", "--type", "agent"],
            lambda s: s.user_id == "u0" and s.session_type == "agent",
        ),
        (["--agent", "agent-0"], lambda s: s.agent_id == "agent-0"),
        (["--team", "team-1"], lambda s: s.team_id == "team-1"),
        (["--workflow", "workflow-0"], lambda s: s.workflow_id == "workflow-0"),
        (["--name", "NAME 4"], lambda s: (s.session_name or "").lower().startswith("name 4")),
        (
            ["--since", f"@{BASE + 3 * 3600}", "--until", f"@{BASE + 6 * 3600}"],
            lambda s: BASE + 3 * 3600 <= s.created_at <= BASE + 6 * 3600,
        ),
    ],
)
def test_filters(kern: Callable[..., Any], seeded: Seeded, args: list[str], check: Any) -> None:
    db, sessions, _ = seeded
    wanted = ids_newest_first([s for s in sessions if check(s)])
    assert wanted
    assert listed(kern, db, *args) == wanted


def test_since_filters_the_sort_column(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, sessions, _ = seeded
    bound = BASE + 5 * 3600 + 1
    wanted = [s for s in sessions if (s.updated_at or s.created_at) >= bound]
    got = listed(kern, db, "--sort", "updated_at", "--since", f"@{bound}", "--all")
    assert got == ids_newest_first(wanted, "updated_at")
    by_created = listed(kern, db, "--since", f"@{bound}", "--all")
    assert set(by_created) == {s.session_id for s in sessions if s.created_at >= bound}
    assert set(by_created) != set(got)


def test_asc_limit_all(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, sessions, _ = seeded
    newest = ids_newest_first(sessions)
    assert listed(kern, db, "--asc", "-L", "3") == newest[::-1][:3]
    assert listed(kern, db, "--limit", "2") == newest[:2]
    assert listed(kern, db, "--all") == newest
    result = kern("sessions", "list", *db, "--all", "--limit", "3")
    assert result.exit_code == 2 and "--all" in result.stderr
    assert kern("sessions", "list", *db, "--limit", "0").exit_code == 2


def test_default_limit_is_20(kern: Callable[..., Any], make_db: Any, db_url: Any) -> None:
    seed(make_db(), n=25)
    url, schema = db_url
    assert len(listed(kern, ["--db", url, "--schema", schema])) == 20
    assert len(listed(kern, ["--db", url, "--schema", schema], "--all")) == 25


def test_cursor_pages_through_everything(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, sessions, core = seeded
    seen: list[str] = []
    cursor = None
    while True:
        page = core.list_sessions(SessionFilter(), limit=4, cursor=cursor)
        args = ["-L", "4"] + (["--cursor", cursor] if cursor else [])
        got = listed(kern, db, *args)
        assert got == [row.session_id for row in page.rows]
        seen += got
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ids_newest_first(sessions)
    result = kern("sessions", "list", *db, "--cursor", "not a cursor!")
    assert result.exit_code == 2 and "cursor" in result.stderr


def test_every_format(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, sessions, _ = seeded
    by_id = {s.session_id: s for s in sessions}
    rows = json.loads(kern("sessions", "list", *db, "--all", "-f", "json").stdout)
    assert len(rows) == len(sessions)
    for row in rows:
        s = by_id[row["session_id"]]
        assert list(row) == [
            "session_id",
            "session_type",
            "agent_id",
            "team_id",
            "workflow_id",
            "user_id",
            "session_name",
            "runs",
            "created_at",
            "updated_at",
        ]
        assert row["runs"] == len(s.runs) and row["created_at"] == s.created_at
        assert row["session_name"] == s.session_name
    lines = kern("sessions", "list", *db, "--all", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    out = kern("sessions", "list", *db, "--all", "-f", "csv", "--fields", "session_id,runs").stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert [(r["session_id"], int(r["runs"])) for r in parsed] == [
        (r["session_id"], r["runs"]) for r in rows
    ]
    tsv = kern("sessions", "list", *db, "--all", "-f", "tsv", "--fields", "owner_id,user_id")
    assert tsv.stdout.splitlines() == [
        f"{by_id[r['session_id']].owner_id}\t{r['user_id']}" for r in rows
    ]


def test_unknown_field_lists_fields(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, _, _ = seeded
    result = kern("sessions", "list", *db, "--fields", "session_id,bogus")
    assert result.exit_code == 2
    assert (
        "bogus" in result.stderr and "available fields: session_id, session_type" in result.stderr
    )
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "jsonl"])
def test_hostile_text_never_reaches_a_pipe(
    kern: Callable[..., Any], seeded: Seeded, fmt: str
) -> None:
    db, _, _ = seeded
    result = kern("sessions", "list", *db, "--all", "-f", fmt)
    assert result.exit_code == 0
    for bad in ("\x1b", "\x9b", "\u202e"):
        assert bad not in result.stdout
    assert "[bold]x[/bold]" in result.stdout


def test_terminal_table_footer_and_inert_text(seeded: Seeded) -> None:
    db, sessions, _ = seeded
    code, screen = run_in_terminal("sessions", "list", *db, "-L", "3", "--sort", "updated_at")
    assert code == 0, screen
    assert f"3 of {len(sessions)}" in screen and "more: --cursor " in screen
    assert "ago" in screen and "RUNS" in screen
    code, screen = run_in_terminal("sessions", "list", *db, "--name", "ALERT")
    assert code == 0, screen
    assert "\x1b[31m" not in screen and "\x9b" not in screen and "ALERT" in screen
    code, screen = run_in_terminal("sessions", "list", *db, "--name", "bold", "--all")
    assert "[bold]x[/bold]" in screen
    assert "1 of 1" in screen and "--cursor" not in screen


def test_terminal_shows_first_message_for_unnamed(seeded: Seeded) -> None:
    db, _, _ = seeded
    code, screen = run_in_terminal("sessions", "list", *db, "--user", "u1", "--all")
    assert code == 0
    assert "question 1.0" in screen or "question 7.0" in screen
    assert "Name 4" in screen


def test_missing_file_is_exit_4_and_creates_nothing(
    kern: Callable[..., Any], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.db"
    for args in (
        ["sessions", "list"],
        ["sessions", "export"],
        ["sessions", "stats"],
        ["db", "status"],
    ):
        result = kern(*args, "--db", str(missing))
        assert result.exit_code == 4, result.stderr
        assert "not found" in result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "config"] or not missing.exists()
    assert not missing.exists()


def test_missing_table_is_exit_5(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, _, _ = seeded
    result = kern("sessions", "list", *db, "--table", "nothing_here")
    assert result.exit_code == 5
    assert "nothing_here" in result.stderr


def test_bad_since_is_exit_2(kern: Callable[..., Any], seeded: Seeded) -> None:
    db, _, _ = seeded
    result = kern("sessions", "list", *db, "--since", "yesterday-ish")
    assert result.exit_code == 2 and "--since" in result.stderr
    assert kern("sessions", "list", *db, "--sort", "name").exit_code == 2
    assert kern("sessions", "list", *db, "--type", "robot").exit_code == 2


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures(
    kern: Callable[..., Any], variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    info = expected()[variant]
    args = variant_args(variant, tmp_path, request)
    rows = json.loads(kern("sessions", "list", *args, "--all", "-f", "json").stdout)
    assert sorted(r["session_id"] for r in rows) == sorted(
        s["session_id"] for s in info["sessions"]
    )
    assert sum(r["runs"] for r in rows) == info["counts"]["runs"]
    by_user: dict[str, int] = {}
    for r in rows:
        by_user[str(r["user_id"])] = by_user.get(str(r["user_id"]), 0) + 1
    assert by_user == info["counts"]["sessions_by_user"]
    team = listed(kern, args, "--type", "team", "--all")
    assert len(team) == info["counts"]["sessions_by_type"]["team"]


def test_all_streams_the_table_in_chunks(
    kern: Callable[..., Any], seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kern_cli.commands.sessions import list as listing

    db, sessions, _ = seeded
    monkeypatch.setattr(listing, "TABLE_CHUNK", 3)
    result = kern("sessions", "list", *db, "--all", "-f", "table")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert sum(line.startswith("ID ") for line in lines) == 1, "one header above every chunk"
    assert [line.split()[0] for line in lines[1:]] == ids_newest_first(sessions)
    unnamed = [s for s in sessions if not s.session_name and s.first_user_message()]
    assert unnamed and all(s.first_user_message()[:10] in result.stdout for s in unnamed)


def test_all_pages_the_core_listing(seeded: Seeded) -> None:
    _, sessions, db = seeded
    rows = list(db.iter_list_rows(SessionFilter(), page_size=2))
    assert [r.session_id for r in rows] == ids_newest_first(sessions)
    assert [r.run_count for r in rows] == [r.run_count for r in db.list_sessions(limit=None).rows]
