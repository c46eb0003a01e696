"""The ``kern sessions list`` table at 80, 100 and 120 columns: whole ids that ``show``
accepts, columns dropped by priority instead of cut, widths kept across chunks, ``--wide``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from rich.cells import cell_len

from kern_core import Session, SessionDb

from tests.support.changes import db_args
from tests.support.reading import run_in_terminal
from tests.support.sessions import session

BASE = 1_700_000_000
TYPES = ("agent", "team", "workflow")
#: The default columns, kept longest first (sorted by created_at).
PRIORITY = ["ID", "TYPE", "USER", "CREATED", "NAME", "RUNS", "OWNER", "UPDATED"]
ORDER = ["ID", "NAME", "TYPE", "OWNER", "USER", "RUNS", "CREATED", "UPDATED"]


def _sessions(n: int) -> list[Session]:
    out = []
    for i in range(n):
        stype = TYPES[i % 3]
        owner = {"agent": "agent_id", "team": "team_id", "workflow": "workflow_id"}[stype]
        name = {"session_name": f"Quarterly planning review number {i} ☕"} if i % 2 else None
        runs = [
            {"run_id": f"r{i}-{k}", "input": {"input_content": f"hello {i}"}} for k in range(i % 4)
        ]
        out.append(
            session(
                str(uuid.UUID(int=(i * 7919 + 13) << 64 | i)),
                BASE + i * 60,
                updated_at=BASE + i * 60 + 86_400,
                session_type=stype,
                user_id=f"user-{i % 5:04d}",
                session_data=name,
                runs=runs,
                **{owner: f"{stype}-owner-{i % 3}"},
            )
        )
    return out


@pytest.fixture
def db(kind: str, backend_db: Callable[..., SessionDb]) -> tuple[SessionDb, list[Session]]:
    target = backend_db(kind)
    sessions = _sessions(12)
    target.upsert_sessions(sessions)
    return target, sessions


def cells(lines: list[str]) -> list[dict[str, str]]:
    """Rows of a printed table as {header: cell}, cut at the header's column starts (in
    terminal cells: a wide character takes two)."""
    header = lines[0]
    names = header.split()
    starts = [header.index(f"{n} ") if f"{n} " in header else header.index(n) for n in names]
    bounds = [*starts[1:], 10**6]
    rows = []
    for line in lines[1:]:
        at = _cell_starts(line)
        rows.append(
            {
                n: "".join(c for c, x in at if s <= x < e).strip()
                for n, s, e in zip(names, starts, bounds, strict=True)
            }
        )
    return rows


def _cell_starts(line: str) -> list[tuple[str, int]]:
    """Each character of ``line`` with the terminal cell it starts at."""
    out, x = [], 0
    for char in line:
        out.append((char, x))
        x += cell_len(char)
    return out


def table(kern: Callable[..., Any], db: SessionDb, columns: int, *args: str) -> list[str]:
    result = kern(
        "sessions", "list", *db_args(db), "-f", "table", *args, env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_whole_ids_that_show_accepts(
    kern: Callable[..., Any], db: tuple[SessionDb, list[Session]], columns: int
) -> None:
    target, sessions = db
    lines = table(kern, target, columns, "--all")
    assert all(cell_len(line) <= columns for line in lines), lines
    headers = lines[0].split()
    kept = [h for h in PRIORITY if h in headers]
    assert headers == [h for h in ORDER if h in kept], "the usual order"
    assert kept == PRIORITY[: len(kept)], "left out from the most expendable up"
    assert len(kept) >= 4
    by_id = {s.session_id: s for s in sessions}
    rows = cells(lines)
    assert sorted(r["ID"] for r in rows) == sorted(by_id)
    for row in rows:
        s = by_id[row["ID"]]
        assert row["TYPE"] == s.session_type and row["USER"] == s.user_id
        if "OWNER" in row:
            assert row["OWNER"] == s.owner_id
        if "RUNS" in row:
            assert row["RUNS"] == str(len(s.runs))
        assert "…" not in "".join(v for k, v in row.items() if k != "NAME")
        shown = kern("sessions", "show", row["ID"], *db_args(target), "-f", "json")
        assert shown.exit_code == 0, shown.stderr
        assert json.loads(shown.stdout)["session_id"] == row["ID"]


def test_narrower_terminals_drop_columns_in_priority_order(
    kern: Callable[..., Any], db: tuple[SessionDb, list[Session]]
) -> None:
    target, _ = db
    seen = [set(table(kern, target, width)[0].split()) for width in (40, 60, 80, 100, 120, 200)]
    assert seen[0] == {"ID"}
    for narrow, wider in zip(seen, seen[1:], strict=False):
        assert narrow <= wider
    for headers in seen:
        assert headers == set(PRIORITY[: len(headers)])
    assert seen[-1] == set(ORDER)
    by_update = table(kern, target, 80, "--sort", "updated_at")[0].split()
    assert "UPDATED" in by_update and "CREATED" not in by_update


def test_wide_shows_every_column_whole(
    kern: Callable[..., Any], db: tuple[SessionDb, list[Session]]
) -> None:
    target, sessions = db
    lines = table(kern, target, 80, "--wide", "--all")
    assert lines[0].split() == ORDER
    assert max(cell_len(line) for line in lines) > 80
    names = {s.session_name for s in sessions if s.session_name}
    rows = cells(lines)
    assert {r["NAME"] for r in rows} >= names
    assert "…" not in "\n".join(lines)
    fields = table(kern, target, 60, "--fields", "session_id,user_id,agent_id,team_id")
    assert fields[0].split() == ["ID", "USER", "AGENT", "TEAM"]


def test_widths_stay_across_chunks(
    kern: Callable[..., Any], db: tuple[SessionDb, list[Session]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kern_cli.commands.sessions import list as listing

    target, sessions = db
    monkeypatch.setattr(listing, "TABLE_CHUNK", 5)
    long_id = "a-much-longer-session-id-than-any-uuid-" + "x" * 20
    target.upsert_sessions([session(long_id, BASE - 1, user_id="u")])  # the oldest: last chunk
    lines = table(kern, target, 100, "--all")
    header = lines[0]
    assert sum(line.startswith("ID ") for line in lines) == 1
    type_at = header.index("TYPE")
    rows = [line for line in lines[1:] if len(line) > type_at]
    assert len(rows) == len(sessions) + 1
    for line in rows:
        assert line[type_at - 2 : type_at] == "  " and line[type_at] != " ", line
    whole = "".join(line[: header.index("NAME")].strip() for line in lines[-2:])
    assert whole == long_id, "a longer id in a later chunk folds, never cut"


def test_real_terminal_at_80_columns(db: tuple[SessionDb, list[Session]]) -> None:
    target, sessions = db
    code, screen = run_in_terminal("sessions", "list", *db_args(target), env={"COLUMNS": "80"})
    assert code == 0, screen
    lines = [line for line in screen.replace("\r", "").splitlines() if line.strip()]
    ids = {s.session_id for s in sessions}
    shown = {line.split()[0] for line in lines if line.split()[0] in ids}
    assert shown == ids
    assert "USER" in lines[0] and "TYPE" in lines[0]
