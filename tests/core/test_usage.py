"""kern_core.usage on every backend and layout, and on the agno-written databases."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kern_core import BadInputError, Session, SessionFilter

from tests.support.db import VARIANTS, DbFactory, open_variant

TOKENS = ("input_tokens", "output_tokens", "cache_read_tokens", "reasoning_tokens", "total_tokens")
#: 2026-08-16 and 2026-08-18 at noon UTC: either side of deepseek-v4-flash's price change on
#: 2026-08-17 in the genai-prices data (input 0.14 -> 0.22 USD per million tokens).
BEFORE, AFTER = 1786881600, 1787054400


Entry = tuple[str, str, int, int]


def run(rid: str, created: int, *entries: Entry, **extra: Any) -> dict[str, Any]:
    """An agent run whose metrics hold one details.model entry per (id, provider, in, out)."""
    details = [
        {"id": m, "provider": p, "input_tokens": i, "output_tokens": o, "total_tokens": i + o}
        for m, p, i, o in entries
    ]
    metrics: dict[str, Any] = {
        "input_tokens": sum(e["input_tokens"] for e in details),
        "output_tokens": sum(e["output_tokens"] for e in details),
        "total_tokens": sum(e["total_tokens"] for e in details),
    }
    if details:
        metrics["details"] = {"model": details}
    return {
        "run_id": rid,
        "agent_id": "a1",
        "status": "COMPLETED",
        "created_at": created,
        "metrics": metrics,
        **extra,
    }


def corpus() -> list[Session]:
    """Three users; gpt-4o and gpt-4o-mini in one run; a flat pre-2.5.4 run; an unknown
    model; a team run and its member run; the deepseek runs either side of a price change."""
    return [
        Session(
            session_id="s1",
            session_type="agent",
            agent_id="a1",
            user_id="u1",
            created_at=BEFORE,
            runs=[
                run(
                    "r1", BEFORE, ("gpt-4o", "OpenAI", 1000, 100), ("gpt-4o-mini", "OpenAI", 50, 5)
                ),
                {
                    "run_id": "r2",
                    "agent_id": "a1",
                    "created_at": BEFORE + 86400 * 40,
                    "model": "gpt-4o",
                    "model_provider": "OpenAI",
                    "metrics": {"input_tokens": 7, "output_tokens": 3, "total_tokens": 10},
                },
            ],
        ),
        Session(
            session_id="s2",
            session_type="agent",
            agent_id="a1",
            user_id="u2",
            created_at=BEFORE,
            runs=[
                run("r3", BEFORE, ("no-such-model-x1", "Nowhere", 500, 50)),
                run("r4", BEFORE, ("gpt-4o", "OpenAI", 10, 1)),
            ],
        ),
        Session(
            session_id="s3",
            session_type="team",
            team_id="t1",
            user_id="u1",
            created_at=BEFORE,
            runs=[
                run("r5m", BEFORE, ("gpt-4o-mini", "OpenAI", 200, 20), parent_run_id="r5"),
                {
                    **run("r5", BEFORE, ("gpt-4o", "OpenAI", 300, 30)),
                    "agent_id": None,
                    "team_id": "t1",
                },
            ],
        ),
        Session(
            session_id="s4",
            session_type="agent",
            agent_id="a2",
            user_id="u3",
            created_at=BEFORE,
            runs=[
                run("r6", BEFORE, ("deepseek-v4-flash", "DeepSeek", 1_000_000, 0), agent_id="a2"),
                run("r7", AFTER, ("deepseek-v4-flash", "DeepSeek", 1_000_000, 0), agent_id="a2"),
            ],
        ),
    ]


def stored_sums(sessions: Any) -> Counter[str]:
    """The token totals of every stored run's own metrics, and of each step in a workflow
    run's ``metrics.steps`` (the rule usage follows; agno sums a workflow session so)."""
    sums: Counter[str] = Counter()
    for s in sessions:
        for r in s.runs:
            metrics = r.get("metrics") if isinstance(r, dict) else None
            units = [metrics]
            steps = metrics.get("steps") if isinstance(metrics, dict) else None
            if isinstance(steps, dict):
                units += [st.get("metrics") for st in steps.values() if isinstance(st, dict)]
            for unit in units:
                for k in TOKENS:
                    v = unit.get(k) if isinstance(unit, dict) else None
                    if isinstance(v, int) and not isinstance(v, bool):
                        sums[k] += v
    return sums


def step(name: str, model: str, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    """One entry of a workflow run's ``metrics.steps``, as agno's WorkflowMetrics writes it."""
    entry = {"id": model, "provider": "OpenAI", "input_tokens": tokens_in}
    entry |= {"output_tokens": tokens_out, "total_tokens": tokens_in + tokens_out}
    totals = {k: v for k, v in entry.items() if k.endswith("_tokens")}
    return {
        "step_name": name,
        "executor_type": "agent",
        "executor_name": name.title(),
        "metrics": {**totals, "duration": 1.5, "details": {"model": [entry]}},
    }


@pytest.mark.parametrize("layout", ["column", "table"])
def test_workflow_steps_count_their_tokens(make_db: DbFactory, layout: str) -> None:
    """A workflow run stores no token totals of its own: its steps' metrics are its usage,
    per model too; the run counts once, in each model its steps used."""
    db = make_db(layout=layout)
    steps = {"plan": step("plan", "gpt-4o", 400, 40), "write": step("write", "gpt-4o-mini", 90, 9)}
    wf_run = {
        "run_id": "w1",
        "workflow_id": "wf",
        "status": "COMPLETED",
        "created_at": BEFORE,
        "metrics": {"steps": steps, "duration": 4.0},
    }
    empty = {**wf_run, "run_id": "w2", "metrics": {"steps": {}, "duration": 0.1}}
    sessions = [
        *corpus(),
        Session(
            session_id="wf1",
            session_type="workflow",
            workflow_id="wf",
            user_id="u9",
            created_at=BEFORE,
            runs=[wf_run, empty],
        ),
    ]
    db.upsert_sessions(sessions)
    expected = stored_sums(sessions)
    for by in ((), ("model",), ("workflow",), ("user", "model")):
        usage = db.usage(by=by)
        assert {k: usage.total.tokens[k] for k in TOKENS} == {k: expected[k] for k in TOKENS}
        assert usage.total.runs == 10 and usage.total.sessions == 5
    flows = {g.key["workflow_id"]: g for g in db.usage(by=["workflow"]).groups}
    assert flows["wf"].runs == 2 and flows["wf"].sessions == 1
    assert flows["wf"].tokens["input_tokens"] == 490 and flows["wf"].cost_status == "priced"
    mine = db.usage(SessionFilter(user_id="u9"), by=["model"])
    models = {g.key["model"]: g for g in mine.groups}
    assert models["gpt-4o"].runs == 1 and models["gpt-4o"].tokens["output_tokens"] == 40
    assert models["gpt-4o-mini"].runs == 1 and models["gpt-4o-mini"].tokens["input_tokens"] == 90
    assert models[None].runs == 1 and models[None].tokens["total_tokens"] == 0  # w2: no steps


@pytest.mark.parametrize("layout", ["column", "table"])
def test_groups_totals_and_costs(make_db: DbFactory, layout: str) -> None:
    db = make_db(layout=layout)
    sessions = corpus()
    db.upsert_sessions(sessions)
    expected = stored_sums(sessions)
    for by in ((), ("user",), ("model",), ("user", "model"), ("day",), ("month", "agent")):
        usage = db.usage(by=by)
        assert {k: usage.total.tokens[k] for k in TOKENS} == {k: expected[k] for k in TOKENS}
        assert usage.total.runs == 8 and usage.total.sessions == 4
        assert usage.total.cost_status == "partial"
    by_user = {g.key["user_id"]: g for g in db.usage(by=["user"]).groups}
    assert by_user["u1"].sessions == 2 and by_user["u1"].runs == 4
    assert by_user["u2"].cost_status == "partial"  # an unknown model next to gpt-4o
    assert by_user["u3"].cost_status == "priced"

    models = {(g.key["model"], g.key["provider"]): g for g in db.usage(by=["model"]).groups}
    unknown = models[("no-such-model-x1", "Nowhere")]
    assert unknown.cost is None and unknown.cost_status == "unknown"
    assert unknown.to_dict()["cost_usd"] is None
    mini = models[("gpt-4o-mini", "OpenAI")]
    assert mini.runs == 2 and mini.tokens["input_tokens"] == 250  # r1's entry and the member
    gpt4o = models[("gpt-4o", "OpenAI")]
    assert gpt4o.runs == 4 and gpt4o.tokens["input_tokens"] == 1000 + 7 + 10 + 300
    assert gpt4o.cost is not None and gpt4o.cost > 0 and gpt4o.cost_status == "priced"

    combos = db.usage(by=["user,model"])
    assert combos.by == ("user", "model")
    assert {(g.key["user_id"], g.key["model"]) for g in combos.groups} >= {
        ("u1", "gpt-4o"),
        ("u1", "gpt-4o-mini"),
        ("u2", "no-such-model-x1"),
    }
    assert db.usage(SessionFilter(user_id="u3")).total.tokens["input_tokens"] == 2_000_000


def test_price_change_date_applies_per_run(make_db: DbFactory) -> None:
    """Two runs of the same model either side of its price change cost different amounts."""
    db = make_db(layout="table")
    db.upsert_sessions(corpus())
    days = {g.key["day"]: g for g in db.usage(SessionFilter(user_id="u3"), by=["day"]).groups}
    assert days["2026-08-16"].cost == Decimal("0.14")
    assert days["2026-08-18"].cost == Decimal("0.22")
    months = db.usage(SessionFilter(user_id="u3"), by=["month"]).groups
    assert [(g.key["month"], g.cost) for g in months] == [("2026-08", Decimal("0.36"))]


def test_bad_grouping() -> None:
    from kern_core.usage import parse_groupings

    assert parse_groupings(["user,model", "user", " day "]) == ("user", "model", "day")
    with pytest.raises(BadInputError, match="cannot group usage by 'colour'"):
        parse_groupings(["colour"])


def test_malformed_json_does_not_abort(tmp_path: Path) -> None:
    import sqlite3

    from kern_core import SqliteDb

    db = SqliteDb(db_file=tmp_path / "x.db")
    db.upsert_sessions(corpus())
    db.close()
    with sqlite3.connect(tmp_path / "x.db") as conn:
        conn.execute("UPDATE agno_sessions SET runs = '[{' WHERE session_id = 's1'")
        conn.execute(
            "UPDATE agno_sessions SET runs = ? WHERE session_id = 's2'",
            [
                '[1, "x", {"metrics": {"input_tokens": "lots", '
                '"details": {"model": [3, {"id": "gpt-4o", "input_tokens": 5}]}}}, '
                '{"run_id": "rs", "metrics": "not json"}]'
            ],
        )
    with SqliteDb(db_file=tmp_path / "x.db") as db:
        usage = db.usage(by=["model"])
        total = db.usage()
    assert total.total.runs == 6  # s2's two object runs and the four of s3, s4
    assert total.total.tokens["input_tokens"] == 2_000_500
    models = {(g.key["model"], g.key["provider"]): g for g in usage.groups}
    assert models[("gpt-4o", None)].tokens["input_tokens"] == 5
    assert models[("gpt-4o", "OpenAI")].tokens["input_tokens"] == 300


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """On databases agno wrote: the totals are the stored runs' metrics, also per model."""
    with open_variant(variant, tmp_path, request) as db:
        sessions = list(db.iter_sessions())
        expected = stored_sums(sessions)
        plain = db.usage()
        per_model = db.usage(by=["model"])
        per_user_day = db.usage(by=["user", "day"])
        # agno's own sums, where it keeps them: agent, team and workflow sessions alike
        kept = {
            s.session_id: s.session_data["session_metrics"]["total_tokens"]
            for s in sessions
            if isinstance(s.session_data, dict)
            and isinstance(s.session_data.get("session_metrics"), dict)
            and "total_tokens" in s.session_data["session_metrics"]
        }
        counted = {
            sid: db.usage(SessionFilter(session_ids=[sid])).total.tokens["total_tokens"]
            for sid in kept
        }
    assert counted == kept
    for usage in (plain, per_model, per_user_day):
        assert {k: usage.total.tokens[k] for k in TOKENS} == {k: expected[k] for k in TOKENS}
    assert plain.total.tokens["total_tokens"] > 0 or variant.startswith("agno31")
    assert per_model.total.runs == plain.total.runs == per_user_day.total.runs
    assert sum(g.tokens["total_tokens"] for g in per_model.groups) == expected["total_tokens"]
