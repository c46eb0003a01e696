"""Run-level session filters (``run_status``, ``run_tool``, ``run_tool_error``, ``run_model``,
``run_min_tokens``) and ``no_user``: on SQLite, PostgreSQL and MySQL, in both layouts, in a
migrated table holding both, and on the agno-written fixtures; a session matches when one of
its runs meets every run filter."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from kern_core import Session, SessionDb, SessionFilter, plan_prune, prune_sessions, upgrade_table
from kern_core.prune import check_filter

from tests.core.test_agno31_fixtures import _open, agno31_pg  # noqa: F401 (a fixture)
from tests.support.db import FIXTURES, VARIANTS, DbFactory, open_variant
from tests.support.sessions import session

T0 = 1_760_000_000


def _run(rid: str, status: str = "COMPLETED", **extra: Any) -> dict[str, Any]:
    return {"run_id": rid, "agent_id": "a", "status": status, "created_at": T0, **extra}


def _tool(name: str, error: bool | None = False) -> dict[str, Any]:
    return {"tool_call_id": f"c-{name}", "tool_name": name, "tool_call_error": error}


#: id -> (user_id, runs)
DATA: dict[str, tuple[str | None, list[dict[str, Any]]]] = {
    "s1": ("u1", [_run("s1-a"), _run("s1-b", "ERROR")]),
    "s2": ("u1", [_run("s2-a", tools=[_tool("search_kb"), _tool("run_sql", True)])]),
    "s3": (None, [_run("s3-a", "CANCELLED", model="gpt-4o", metrics={"total_tokens": 500})]),
    "s4": (
        "",
        [
            _run(
                "s4-a",
                metrics={
                    "total_tokens": 1200,
                    "details": {"model": [{"id": "claude-x", "total_tokens": 1200}]},
                },
            )
        ],
    ),
    # One run errors, another calls the tool: no single run meets both filters.
    "s5": ("u2", [_run("s5-a", "ERROR"), _run("s5-b", tools=[_tool("search_kb")])]),
    # The same run errors and calls the tool.
    "s6": ("u2", [_run("s6-a", "ERROR", tools=[_tool("search_kb")])]),
    # Look-alikes that must not match: a number for true, a string for a tool list, the tool
    # name in another key, a token count given as text, lower-case status, a model's name.
    "s7": (
        "u3",
        [
            _run(
                "s7-a",
                "error",
                tools="search_kb",
                metrics={"total_tokens": "99999"},
                model_provider="gpt-4o",
            ),
            _run("s7-b", tools=[{"tool_name": "SEARCH_KB", "tool_call_error": 1}]),
            _run("s7-c", tools=[{"name": "search_kb"}], metrics={"details": {"model": "gpt-4o"}}),
        ],
    ),
    "s8": ("u3", []),
}

CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({"run_status": ("ERROR",)}, {"s1", "s5", "s6"}),
    ({"run_status": ("CANCELLED", "ERROR")}, {"s1", "s3", "s5", "s6"}),
    ({"run_status": ("COMPLETED",)}, {"s1", "s2", "s4", "s5", "s7"}),
    ({"run_status": ()}, set()),
    ({"run_tool": "search_kb"}, {"s2", "s5", "s6"}),
    ({"run_tool": "run_sql"}, {"s2"}),
    ({"run_tool": "Search_KB"}, set()),
    ({"run_tool_error": True}, {"s2"}),
    ({"run_model": "gpt-4o"}, {"s3"}),
    ({"run_model": "claude-x"}, {"s4"}),
    ({"run_model": "GPT-4O"}, set()),
    ({"run_min_tokens": 500}, {"s3", "s4"}),
    ({"run_min_tokens": 501}, {"s4"}),
    ({"run_min_tokens": 0}, set(DATA) - {"s8"}),  # a run without a total used none
    ({"run_status": ("ERROR",), "run_tool": "search_kb"}, {"s6"}),
    ({"run_status": ("COMPLETED",), "run_tool_error": True}, {"s2"}),
    ({"run_status": ("ERROR",), "run_tool_error": True}, set()),
    ({"no_user": True}, {"s3", "s4"}),
    ({"no_user": True, "run_min_tokens": 1000}, {"s4"}),
    ({"user_id": "u2", "run_tool": "search_kb"}, {"s5", "s6"}),
]


def _sessions() -> list[Session]:
    return [
        session(sid, T0 + i, user_id=user, agent_id="a", runs=runs)
        for i, (sid, (user, runs)) in enumerate(DATA.items())
    ]


def _matches(db: SessionDb, flt: SessionFilter) -> set[str]:
    listed = {r.session_id for r in db.list_sessions(flt, limit=None).rows}
    assert db.count_sessions(flt) == len(listed)
    exported = {json.loads(line)["session_id"] for line in db.export_lines(flt)}
    assert exported == listed
    assert db.stats(flt).sessions == len(listed)
    return listed


def _check_cases(db: SessionDb, cases: Iterable[tuple[dict[str, Any], set[str]]]) -> None:
    for fields, want in cases:
        assert _matches(db, SessionFilter(**fields)) == want, fields


@pytest.mark.parametrize("layout", ["column", "table"])
def test_run_filters_on_each_layout(make_db: DbFactory, layout: str) -> None:
    db = make_db(layout=layout)
    db.upsert_sessions(_sessions())
    assert db.layout(refresh=True).kind == layout
    _check_cases(db, CASES)


def _execute(db: SessionDb, sql: str, params: list[Any]) -> None:
    with db.dialect.open_conn(read_only=False) as conn:
        conn.execute(sql, params)
        conn.commit()


def test_migrated_table_runs_table_wins_on_a_shared_run_id(make_db: DbFactory) -> None:
    """In a table holding both, a legacy run the runs table also has is read from the runs
    table (status column first, then run_data.status), a legacy-only run from the column."""
    db = make_db(layout="column")
    db.upsert_sessions(_sessions())
    upgrade_table(db)
    layout = db.layout(refresh=True)
    assert layout.kind == "both" and layout.runs_table
    _check_cases(db, CASES)  # every run in both places: nothing counted twice or lost
    runs = db.dialect.table(layout.runs_table)
    p = db.dialect.param
    # s1's error run: the runs table now says COMPLETED in its column; its run_data still
    # says ERROR, and so does the legacy copy: the column wins.
    _execute(db, f"UPDATE {runs} SET status = {p} WHERE run_id = {p}", ["COMPLETED", "s1-b"])
    # s2's run: the status column NULL, so run_data.status (COMPLETED) decides.
    _execute(db, f"UPDATE {runs} SET status = NULL WHERE run_id = {p}", ["s2-a"])
    # s3's only run: the column says ERROR though run_data says CANCELLED.
    _execute(db, f"UPDATE {runs} SET status = {p} WHERE run_id = {p}", ["ERROR", "s3-a"])
    # s6's run gone from the runs table: only the legacy copy is left, and it is read.
    _execute(db, f"DELETE FROM {runs} WHERE run_id = {p}", ["s6-a"])
    _check_cases(
        db,
        [
            ({"run_status": ("ERROR",)}, {"s3", "s5", "s6"}),
            ({"run_status": ("CANCELLED",)}, set()),
            ({"run_status": ("COMPLETED",)}, {"s1", "s2", "s4", "s5", "s7"}),
            ({"run_status": ("ERROR",), "run_tool": "search_kb"}, {"s6"}),
            ({"run_tool_error": True}, {"s2"}),
        ],
    )


def _write_bad(db: SessionDb, sql: str, text: str, *params: Any) -> None:
    """Store malformed JSON as the column can hold it: as is where it takes any text, else
    inside a JSON string (a double encoding whose inner text does not parse)."""
    from kern_core import KernError

    try:
        _execute(db, sql, [text, *params])
    except KernError:
        _execute(db, sql, [json.dumps(text), *params])


def test_malformed_run_json_never_aborts(make_db: DbFactory) -> None:
    """Unreadable runs match nothing; the rest of the table is still filtered."""
    db = make_db(layout="column")
    db.upsert_sessions(_sessions())
    p = db.dialect.param
    table = db.dialect.table(db.session_table)
    for sid, bad in (("s1", "[{"), ("s3", '"not a list"'), ("s8", '[1, "x", null, [2]]')):
        _write_bad(db, f"UPDATE {table} SET runs = {p} WHERE session_id = {p}", bad, sid)
    _check_cases(
        db,
        [
            ({"run_status": ("ERROR",)}, {"s5", "s6"}),
            ({"run_status": ("CANCELLED",)}, set()),
            ({"run_tool": "search_kb"}, {"s2", "s5", "s6"}),
            ({"run_min_tokens": 1}, {"s4"}),
            ({"run_model": "gpt-4o"}, set()),
        ],
    )


def test_malformed_run_data_never_aborts(make_db: DbFactory) -> None:
    db = make_db(layout="table")
    db.upsert_sessions(_sessions())
    layout = db.layout(refresh=True)
    assert layout.runs_table
    runs = db.dialect.table(layout.runs_table)
    p = db.dialect.param
    sql = f"UPDATE {runs} SET run_data = {p}, status = NULL WHERE run_id = {p}"
    _write_bad(db, sql, '{"status": "ERROR"', "s1-b")
    _check_cases(
        db,
        [
            ({"run_status": ("ERROR",)}, {"s5", "s6"}),
            ({"run_tool": "search_kb"}, {"s2", "s5", "s6"}),
            ({"run_min_tokens": 1}, {"s3", "s4"}),
        ],
    )


def test_run_filters_count_as_prune_filters(make_db: DbFactory) -> None:
    db = make_db(layout="table")
    db.upsert_sessions(_sessions())
    for fields in ({"run_status": ("ERROR",)}, {"run_tool_error": True}, {"no_user": True}):
        assert check_filter(SessionFilter(**fields)) == SessionFilter(**fields)
    assert SessionFilter(no_user=False, run_tool_error=False).is_empty()
    flt = SessionFilter(run_status=("ERROR",))
    plan = plan_prune(db, flt, sample=None)
    assert (plan.sessions, sorted(plan.sample_ids)) == (3, ["s1", "s5", "s6"])
    report = prune_sessions(db, flt)
    assert (report.sessions, report.runs) == (3, 5)
    left = {r.session_id for r in db.list_sessions(SessionFilter(), limit=None).rows}
    assert left == set(DATA) - {"s1", "s5", "s6"}


# -- the agno-written fixtures ------------------------------------------------------------


def _all_runs(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in record.get("runs") or [] if isinstance(r, dict)]


def _oracle(records: list[dict[str, Any]], fields: dict[str, Any]) -> set[str]:
    """The sessions a filter selects, computed in Python from the records kern reads."""

    def run_ok(run: dict[str, Any]) -> bool:
        tools = [t for t in run.get("tools") or [] if isinstance(t, dict)]
        details = ((run.get("metrics") or {}).get("details") or {}).get("model") or []
        tokens = (run.get("metrics") or {}).get("total_tokens")
        checks = {
            "run_status": lambda v: run.get("status") in v,
            "run_tool": lambda v: any(t.get("tool_name") == v for t in tools),
            "run_tool_error": lambda v: any(t.get("tool_call_error") is True for t in tools),
            "run_model": lambda v: run.get("model") == v or any(d.get("id") == v for d in details),
            "run_min_tokens": lambda v: (tokens if isinstance(tokens, int) else 0) >= v,
        }
        return all(checks[k](v) for k, v in fields.items() if k.startswith("run_"))

    out = set()
    for rec in records:
        if fields.get("no_user") and rec.get("user_id") not in (None, ""):
            continue
        if any(k.startswith("run_") for k in fields) and not any(run_ok(r) for r in _all_runs(rec)):
            continue
        out.add(rec["session_id"])
    return out


FIXTURE_FILTERS: list[dict[str, Any]] = [
    {"run_status": ("ERROR",)},
    {"run_status": ("CANCELLED", "PAUSED")},
    {"run_status": ("COMPLETED",)},
    {"run_tool": "search_kb"},
    {"run_tool": "delegate_task_to_member"},
    {"run_tool_error": True},
    {"run_model": "gpt-4o-mini"},
    {"run_model": "claude-sonnet-4-5"},
    {"run_min_tokens": 1000},
    {"run_status": ("COMPLETED",), "run_tool": "search_kb", "run_min_tokens": 1000},
    {"no_user": True},
    # what the agno 3.1 fixtures hold
    {"run_status": ("regenerated".upper(),)},
    {"run_tool": "get_weather"},
    {"run_model": "fake-model-1", "run_status": ("PAUSED",)},
]


def _check_fixture(db: SessionDb) -> None:
    records = [json.loads(line) for line in db.export_lines()]
    assert records
    nonempty = 0
    for fields in FIXTURE_FILTERS:
        want = _oracle(records, fields)
        nonempty += bool(want)
        assert _matches(db, SessionFilter(**fields)) == want, fields
    assert nonempty >= 5  # the filters find something in real data


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """agno 2.x (column), 3.x (table) and the migrated table, on each backend."""
    _check_fixture(open_variant(variant, tmp_path, request))


AGNO31 = json.loads((FIXTURES / "EXPECTED31.json").read_text(encoding="utf-8"))["variants"]


@pytest.mark.parametrize("variant", sorted(AGNO31))
def test_agno31_fixtures(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    _check_fixture(_open(variant, tmp_path, request, runs=True))
