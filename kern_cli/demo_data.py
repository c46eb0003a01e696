"""Sample sessions for ``kern demo``: agent, team and workflow sessions shaped like agno's.

Pure Python: builds :class:`kern_core.Session` objects, writes nothing. The same seed and
``now`` give the same sessions. Every session id starts with :data:`DEMO_PREFIX`, and every
session carries a marker, ``metadata["kern_demo"]``: a digest of the whole session as the
demo wrote it. :func:`written_by_demo` tells a stored session that is still exactly what
``kern demo`` wrote (safe to replace) from anything else, a user's session with a demo-like
id or a demo session changed since included.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kern_core import Session

DEMO_PREFIX = "demo-"
MARKER = "kern_demo"
_DIGEST = "sha256:"
DAY = 86400
SPAN_DAYS = 90
USERS = ("alice", "bob", "carol", "dave", "erin", None)
#: The last sessions built are alice's, at fixed ages, so the README's examples find something
#: whatever the seed: (age, kind) for the last, the one before it, and so on.
RECENT_USER = "alice"
_PINNED = (
    # list --status error --since yesterday; export --since 1d | jq 'select(.user_id == "alice")'
    (3 * 3600, "failing"),
    # list --tool search_kb --min-tokens 1000 --on yesterday --tz +02:00 (24 hours ago is
    # yesterday in every fixed-offset zone)
    (DAY, "support"),
    # list -u alice --since 7d --type team; show SESSION_ID --run 3 (three team runs)
    (2 * DAY, "team"),
)

_SUPPORT = {
    "name": "Support Agent",
    "id": "support-agent",
    "model": "claude-sonnet-4-5",
    "provider": "Anthropic",
    "model_name": "Claude",
    "system": "You are a customer support agent for Acme Cloud. Be concise.",
}
_WEATHER = {
    "name": "Weather Agent",
    "id": "weather-agent",
    "model": "gpt-4o-mini",
    "provider": "OpenAI",
    "model_name": "OpenAIChat",
    "system": "You are a weather assistant. Use get_weather for every city mentioned.",
}
_ANALYST = {
    "name": "Data Analyst",
    "id": "sql-agent",
    "model": "gpt-4o",
    "provider": "OpenAI",
    "model_name": "OpenAIChat",
    "system": "You answer questions about the sales database with run_sql.",
}
_CITIES = {
    "Tokyo": "17°C, light rain",
    "Zürich": "9°C, overcast",
    "São Paulo": "26°C, sunny",
    "Kraków": "4°C, snow",
    "Reykjavík": "-2°C, clear",
    "Montréal": "1°C, windy",
}
_TOPICS = [
    "vector databases",
    "Rust async runtimes",
    "CRDTs",
    "PostgreSQL JSONB indexing",
    "carbon-aware scheduling",
    "Unicode normalisation (NFC/NFD)",
]


@dataclass
class _Clock:
    """Monotonic fake time inside one session, starting at ``start``."""

    now: int

    def tick(self, low: int = 1, high: int = 3, rng: random.Random | None = None) -> int:
        self.now += rng.randint(low, high) if rng else low
        return self.now


@dataclass
class _Builder:
    rng: random.Random
    clock: _Clock
    session_id: str
    user_id: str | None
    runs: list[dict[str, Any]] = field(default_factory=list)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def call_id(self) -> str:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return "call_" + "".join(self.rng.choice(alphabet) for _ in range(24))

    def message(self, role: str, content: Any = None, **extra: Any) -> dict[str, Any]:
        msg: dict[str, Any] = {"id": self.uid()}
        if content is not None:
            msg["content"] = content
        if "reasoning_content" in extra:
            msg["reasoning_content"] = extra.pop("reasoning_content")
        msg.update(from_history=False, stop_after_tool_call=False, role=role)
        msg.update(extra)
        msg["created_at"] = self.clock.now
        return msg

    def usage(self, low: int, high: int) -> dict[str, int]:
        inp = self.rng.randint(low, high)
        out = self.rng.randint(low // 10, high // 6)
        return {"input_tokens": inp, "output_tokens": out, "total_tokens": inp + out}


def _tool_execution(
    call_id: str,
    name: str,
    args: dict[str, Any],
    result: str,
    *,
    error: bool,
    start: float,
    duration: float,
    created_at: int,
) -> dict[str, Any]:
    return {
        "tool_call_id": call_id,
        "tool_name": name,
        "tool_args": args,
        "tool_call_error": error,
        "result": result,
        "metrics": {"start_time": start, "end_time": start + duration, "duration": duration},
        "child_run_id": None,
        "stop_after_tool_call": False,
        "created_at": created_at,
        "requires_confirmation": None,
        "confirmed": None,
        "confirmation_note": None,
        "requires_user_input": None,
        "user_input_schema": None,
        "user_feedback_schema": None,
        "answered": None,
        "external_execution_required": None,
        "external_execution_silent": None,
        "approval_type": None,
        "approval_id": None,
        "parent_tool_call_id": None,
    }


def _run_metrics(
    usages: list[dict[str, int]], model: str, provider: str, ttft: float, duration: float
) -> dict[str, Any]:
    totals = {
        k: sum(u[k] for u in usages) for k in ("input_tokens", "output_tokens", "total_tokens")
    }
    return {
        **totals,
        "time_to_first_token": ttft,
        "duration": duration,
        "details": {"model": [{**totals, "id": model, "provider": provider}]},
    }


def _agent_run(
    b: _Builder,
    agent: dict[str, str],
    prompt: str,
    calls: list[tuple[str, dict[str, Any], str, bool]],
    answer: str,
    *,
    status: str = "COMPLETED",
    parent: str | None = None,
    reasoning: str | None = None,
) -> dict[str, Any]:
    """One agent RunOutput as agno stores it: system + user message, one assistant turn per tool
    round, then the reply. A run that failed (ERROR) or was cancelled stops where it stopped:
    no reply and no ``tools`` list, metrics for the model calls made so far."""
    rng = b.rng
    run_id = b.uid()
    created = b.clock.tick(1, 4, rng)
    messages = [b.message("system", agent["system"])]
    messages.append(b.message("user", prompt))
    usages: list[dict[str, int]] = []
    tools: list[dict[str, Any]] = []
    if calls:
        b.clock.tick(1, 2, rng)
        ids = [b.call_id() for _ in calls]
        usage = b.usage(400, 1200)
        usages.append(usage)
        tool_calls = [
            {
                "id": cid,
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)},
            }
            for cid, (name, args, _, _) in zip(ids, calls, strict=True)
        ]
        messages.append(b.message("assistant", tool_calls=tool_calls, metrics=usage))
        start = float(b.clock.now) + rng.random()
        for cid, (name, args, result, error) in zip(ids, calls, strict=True):
            b.clock.tick(1, 2, rng)
            duration = round(rng.uniform(0.05, 1.5), 4)
            messages.append(
                b.message(
                    "tool",
                    result,
                    tool_call_id=cid,
                    tool_name=name,
                    tool_args=args,
                    tool_call_error=error,
                )
            )
            tools.append(
                _tool_execution(
                    cid,
                    name,
                    args,
                    result,
                    error=error,
                    start=start,
                    duration=duration,
                    created_at=b.clock.now,
                )
            )
    if status == "COMPLETED":
        b.clock.tick(1, 3, rng)
        usage = b.usage(300, 900)
        usages.append(usage)
        extra = {"reasoning_content": reasoning} if reasoning else {}
        usage_with_ttft = {**usage, "time_to_first_token": round(rng.uniform(0.2, 1.2), 4)}
        messages.append(b.message("assistant", answer, metrics=usage_with_ttft, **extra))
    duration = round(b.clock.now - created + rng.random(), 4)
    metrics: dict[str, Any] = {"duration": duration}
    if usages:
        ttft = round(rng.uniform(0.3, 1.5), 4)
        metrics = _run_metrics(usages, agent["model"], agent["provider"], ttft, duration)
    run: dict[str, Any] = {
        "run_id": run_id,
        "agent_id": agent["id"],
        "agent_name": agent["name"],
        "session_id": b.session_id,
    }
    if parent:
        run["parent_run_id"] = parent
    if b.user_id:
        run["user_id"] = b.user_id
    run.update(content=answer, content_type="str")
    if reasoning:
        run["reasoning_content"] = reasoning
    run.update(
        model=agent["model"],
        model_provider=agent["provider"],
        session_state={},
        created_at=created,
        status=status,
    )
    if status == "CANCELLED":
        run["cancellation_stage"] = "EXECUTING"
    run.update(metrics=metrics, messages=messages)
    if status == "COMPLETED":
        run["tools"] = tools
    run["input"] = {"input_content": prompt}
    return run


# -- agent sessions ------------------------------------------------------------------------------


def _support_turns(b: _Builder) -> list[dict[str, Any]]:
    invoice = b.rng.randint(10, 999)
    article = b.rng.randint(100, 400)
    kb = f"KB-{article}: Invoice disputes are handled by billing within 2 business days."
    first = _agent_run(
        b,
        _SUPPORT,
        f"My invoice #{invoice} looks wrong, can you check?",
        [
            ("search_kb", {"query": f"invoice {invoice} dispute"}, kb, False),
            (
                "get_invoice",
                {"invoice_id": invoice},
                json.dumps({"id": invoice, "amount_eur": 129.0, "status": "open", "lines": 3}),
                False,
            ),
        ],
        f"I've checked invoice **#{invoice}**: the amount is €129.00 across 3 lines.\n\n"
        "- Disputes are reviewed by billing within **2 business days**.\n"
        "- You'll get an e-mail once it is resolved.",
    )
    second = _agent_run(
        b,
        _SUPPORT,
        "Thanks! Can I also get a copy as PDF?",
        [],
        "Sure — you can download it under *Billing → Invoices*, or I can e-mail it to you.",
    )
    return [first, second]


def _weather_turns(b: _Builder) -> list[dict[str, Any]]:
    cities = b.rng.sample(sorted(_CITIES), k=b.rng.choice([1, 2, 3]))
    calls = [("get_weather", {"city": c}, f"{c}: {_CITIES[c]}", False) for c in cities]
    answer = "\n".join(f"- **{c}**: {_CITIES[c]}" for c in cities)
    question = f"What's the weather in {' and '.join(cities)}?"
    return [_agent_run(b, _WEATHER, question, calls, answer)]


def _analyst_turns(b: _Builder) -> list[dict[str, Any]]:
    year = b.rng.choice([2023, 2024, 2025])
    rows = [(r, b.rng.randint(10_000, 90_000)) for r in ("EMEA", "AMER", "APAC")]
    sql = f"SELECT region, SUM(amount) FROM sales WHERE year = {year} GROUP BY region"
    result = json.dumps([{"region": r, "total": t} for r, t in rows])
    table = "| region | total |\n|---|---:|\n" + "\n".join(f"| {r} | {t:,} |" for r, t in rows)
    reasoning = (
        f"The user wants revenue per region for {year}. I should aggregate the sales table "
        "by region and present a small table."
    )
    return [
        _agent_run(
            b,
            _ANALYST,
            f"Revenue by region for {year}?",
            [("run_sql", {"query": sql}, result, False)],
            f"Revenue by region in {year}:\n\n{table}",
            reasoning=reasoning,
        )
    ]


def _failing_turns(b: _Builder) -> list[dict[str, Any]]:
    ok = _weather_turns(b)
    error = _agent_run(
        b,
        _WEATHER,
        "And tomorrow in Reykjavík?",
        [
            (
                "get_weather",
                {"city": "Reykjavík", "day": "tomorrow"},
                "TimeoutError: weather service did not answer within 10 s",
                True,
            )
        ],
        "Error from OpenAI API: 429 Too Many Requests (rate limit reached for gpt-4o-mini)",
        status="ERROR",
    )
    return [*ok, error]


def _cancelled_turns(b: _Builder) -> list[dict[str, Any]]:
    first = _support_turns(b)[0]
    run = _agent_run(
        b,
        _SUPPORT,
        "Please export all my invoices since 2019 as one ZIP.",
        [],
        "",
        status="CANCELLED",
    )
    run["content"] = f"Run {run['run_id']} was cancelled"
    return [first, run]


# -- team sessions -------------------------------------------------------------------------------

_RESEARCHER = {
    "name": "Researcher",
    "id": "researcher",
    "model": "gpt-4o-mini",
    "provider": "OpenAI",
    "model_name": "OpenAIChat",
    "system": "You research topics and report findings with sources.",
}
_CHECKER = {
    "name": "Fact Checker",
    "id": "fact-checker",
    "model": "gpt-4o-mini",
    "provider": "OpenAI",
    "model_name": "OpenAIChat",
    "system": "You verify claims and flag anything unsupported.",
}
_TEAM = {
    "name": "Research Team",
    "id": "research-team",
    "model": "gpt-4o",
    "provider": "OpenAI",
    "model_name": "OpenAIChat",
}


def _team_turn(b: _Builder, topic: str) -> list[dict[str, Any]]:
    """Member runs first (as agno stores them), then the team run embedding them."""
    rng = b.rng
    team_run_id = b.uid()
    created = b.clock.tick(1, 3, rng)
    prompt = f"Research: {topic}"
    members: list[dict[str, Any]] = []
    for agent in (_RESEARCHER, _CHECKER):
        task = f"{agent['name']}: handle '{prompt}'"
        finding = f"[{agent['name']}] findings for '{prompt}' (item {len(members) + 1})."
        members.append(_agent_run(b, agent, task, [], finding, parent=team_run_id))
    b.clock.tick(1, 2, rng)
    call_ids = [b.call_id() for _ in members]
    delegate_usage = b.usage(500, 900)
    delegations = [
        {"member_id": m["agent_id"], "task": m["input"]["input_content"]} for m in members
    ]
    messages = [
        b.message(
            "system",
            "<team>\nYou coordinate the Research Team to fulfill the user's request.\n</team>",
        ),
        b.message("user", prompt),
        b.message(
            "assistant",
            metrics=delegate_usage,
            tool_calls=[
                {
                    "id": cid,
                    "type": "function",
                    "function": {"name": "delegate_task_to_member", "arguments": json.dumps(args)},
                }
                for cid, args in zip(call_ids, delegations, strict=True)
            ],
        ),
    ]
    tools = []
    start = float(b.clock.now) + rng.random()
    for cid, args, member in zip(call_ids, delegations, members, strict=True):
        messages.append(
            b.message(
                "tool",
                member["content"],
                tool_call_id=cid,
                tool_name="delegate_task_to_member",
                tool_args=args,
                tool_call_error=False,
            )
        )
        tools.append(
            _tool_execution(
                cid,
                "delegate_task_to_member",
                args,
                member["content"],
                error=False,
                start=start,
                duration=round(rng.uniform(1, 3), 4),
                created_at=b.clock.now,
            )
        )
    answer = (
        f"## {topic}\n\nSummary for '{prompt}':\n\n"
        + "\n".join(f"- {m['content']}" for m in members)
        + "\n\nBoth members agree; no unsupported claims were found."
    )
    final_usage = b.usage(600, 1000)
    b.clock.tick(1, 3, rng)
    messages.append(b.message("assistant", answer, metrics=final_usage))
    run: dict[str, Any] = {
        "run_id": team_run_id,
        "team_id": _TEAM["id"],
        "team_name": _TEAM["name"],
        "session_id": b.session_id,
    }
    if b.user_id:
        run["user_id"] = b.user_id
    run.update(
        content=answer,
        content_type="str",
        model=_TEAM["model"],
        model_provider=_TEAM["provider"],
        session_state={},
        created_at=created,
        metrics=_run_metrics(
            [delegate_usage, final_usage],
            _TEAM["model"],
            _TEAM["provider"],
            round(rng.uniform(0.5, 1.5), 4),
            float(b.clock.now - created) + 0.5,
        ),
        status="COMPLETED",
        messages=messages,
        member_responses=[dict(m) for m in members],
        tools=tools,
        input={"input_content": prompt},
    )
    return [*members, run]


def _team_turns(b: _Builder, count: int | None = None) -> list[dict[str, Any]]:
    """One team run per topic: ``count`` topics, else one or two."""
    topics = b.rng.sample(_TOPICS, k=count or b.rng.choice([1, 2]))
    out: list[dict[str, Any]] = []
    for topic in topics:
        out.extend(_team_turn(b, topic))
    return out


# -- workflow sessions ---------------------------------------------------------------------------

_ETL: dict[str, Any] = {
    "id": "etl-workflow",
    "name": "Nightly ETL",
    "steps": (("extract", "Step"), ("transform-validate", "Parallel"), ("report", "Step")),
}
_BLOG: dict[str, Any] = {
    "id": "blog-workflow",
    "name": "Blog Pipeline",
    "steps": (("research", "Step"), ("draft", "Step"), ("edit", "Step")),
}
_EDITOR = {
    "name": "Editor",
    "id": "editor",
    "model": "claude-sonnet-4-5",
    "provider": "Anthropic",
    "model_name": "Claude",
    "system": "You edit drafts for clarity.",
}
_WRITER = {
    "name": "Writer",
    "id": "writer",
    "model": "gpt-4o",
    "provider": "OpenAI",
    "model_name": "OpenAIChat",
    "system": "You write short blog drafts.",
}


def _step(
    name: str,
    step_id: str,
    executor_type: str,
    executor_name: str,
    content: str | None,
    *,
    run_id: str | None = None,
    metrics: dict[str, Any] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    return {
        "content": content,
        "step_name": name,
        "step_id": step_id,
        "step_type": "Step",
        "executor_type": executor_type,
        "executor_name": executor_name,
        "step_run_id": run_id,
        "images": None,
        "videos": None,
        "audio": None,
        "files": None,
        "metrics": metrics,
        "success": error is None,
        "error": error,
        "stop": False,
        "is_paused": False,
    }


def _workflow_run(b: _Builder, wf: dict[str, Any], raw_input: str) -> dict[str, Any]:
    run_id = b.uid()
    created = b.clock.tick(1, 3, b.rng)
    return {
        "input": raw_input,
        "content": None,
        "content_type": "str",
        "workflow_id": wf["id"],
        "workflow_name": wf["name"],
        "run_id": run_id,
        "session_id": b.session_id,
        **({"user_id": b.user_id} if b.user_id else {}),
        "created_at": created,
        "status": "COMPLETED",
        "metadata": {},
        "images": [],
        "videos": [],
        "audio": [],
        "files": [],
    }


def _parallel(step_id: str, name: str, branches: list[dict[str, Any]]) -> dict[str, Any]:
    """A Parallel step's result as agno stores it: one step with the branches nested in
    ``steps`` and their outputs aggregated into ``content``."""
    lines = [
        f"### {'✅ SUCCESS' if b['success'] else '❌ FAILURE'}: {b['step_name']}\n{b['content']}"
        for b in branches
    ]
    group = _step(
        name, step_id, "parallel", name, "## Parallel Execution Results\n\n" + "\n\n".join(lines)
    )
    group.update(step_type="Parallel", success=all(b["success"] for b in branches))
    group["steps"] = branches
    return group


def _failed_step(name: str, step_id: str, error: str) -> dict[str, Any]:
    """The record agno keeps of a step that raised and ended the run (``on_error`` fail)."""
    step = _step(name, step_id, "", "", error, error=error)
    step.update(step_type=None, executor_type=None, executor_name=None)
    return step


def _etl_turn(b: _Builder, fail: bool) -> dict[str, Any]:
    """extract, then transform and validate in parallel, then report; the failing run's
    report step raises, which ends the run with status ERROR."""
    rng = b.rng
    run = _workflow_run(b, _ETL, rng.choice(["orders", "customers", "release notes"]))
    rows = rng.randint(1000, 20000)
    branches = [
        _step(
            "transform", b.uid(), "function", "transform_rows", f"transform_rows: {rows} rows clean"
        ),
        _step("validate", b.uid(), "function", "validate_rows", "validate_rows: 0 problems"),
    ]
    steps = [
        _step("extract", b.uid(), "function", "extract_rows", f"extract_rows: {rows} rows"),
        _parallel(b.uid(), "transform-validate", branches),
    ]
    if fail:
        error = "write_report failed: connection reset by peer"
        steps.append(_failed_step("report", b.uid(), error))
        run.update(content=f"Workflow execution failed: {error}", status="ERROR")
        for media in ("images", "videos", "audio", "files"):
            del run[media]
    else:
        report = f"report: {rows} rows loaded into warehouse.sales"
        steps.append(_step("report", b.uid(), "function", "write_report", report))
        run["content"] = report
    b.clock.tick(2, 8, rng)
    run["step_results"] = steps
    run["metrics"] = {"steps": {}, "duration": round(rng.uniform(2, 12), 4)}
    return run


def _executor_run(run: dict[str, Any], step_id: str) -> dict[str, Any]:
    """An agent run as a workflow step keeps it in ``step_executor_runs``: tagged with the
    step's id and an empty ``metadata``, in agno's key order, and no ``workflow_id``."""
    out: dict[str, Any] = {}
    for key, value in run.items():
        if key == "metrics":
            out["workflow_step_id"] = step_id
        elif key == "tools":
            out["metadata"] = {}
        out[key] = value
    return out


def _blog_turn(b: _Builder) -> dict[str, Any]:
    rng = b.rng
    topic = rng.choice(_TOPICS)
    run = _workflow_run(b, _BLOG, f"Write a post about {topic}")
    steps, executor_runs, step_metrics = [], [], {}
    text = f"Notes on {topic}"
    names = [n for n, _ in _BLOG["steps"]]
    for name, agent in zip(names, (_RESEARCHER, _WRITER, _EDITOR), strict=True):
        step_id = b.uid()
        text = {
            "research": f"Key facts about {topic}: three findings, two sources.",
            "draft": f"# {topic.title()}\n\nA first draft in four paragraphs…",
            "edit": f"# {topic.title()}\n\nThe edited post — tighter intro, fixed typos.",
        }[name]
        sub = _executor_run(
            _agent_run(b, agent, f"{name}: {topic}", [], text, parent=run["run_id"]),
            step_id,
        )
        executor_runs.append(sub)
        steps.append(
            _step(
                name,
                step_id,
                "agent",
                agent["name"],
                text,
                run_id=sub["run_id"],
                metrics=json.loads(json.dumps(sub["metrics"])),
            )
        )
        step_metrics[name] = {
            "step_name": name,
            "executor_type": "agent",
            "executor_name": agent["name"],
            "metrics": json.loads(json.dumps(sub["metrics"])),
        }
    run.update(
        content=text,
        step_results=steps,
        step_executor_runs=executor_runs,
        metrics={"steps": step_metrics, "duration": round(rng.uniform(3, 9), 4)},
    )
    return run


# -- sessions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    session_type: str
    owner: dict[str, Any]
    turns: Callable[[_Builder], list[dict[str, Any]]]


_AGENT_KINDS = (
    _Kind("agent", _SUPPORT, _support_turns),
    _Kind("agent", _WEATHER, _weather_turns),
    _Kind("agent", _ANALYST, _analyst_turns),
)
_NAMES = {
    "support-agent": ("Invoice question", "Onboarding help", "Facture en double"),
    "weather-agent": ("Wetter in Zürich ☔", "東京の天気", "Weekend trip"),
    "sql-agent": ("Quarterly numbers", "Revenue by region"),
    "research-team": ("Vector DB survey", "Literature review"),
    "etl-workflow": ("Nightly load",),
    "blog-workflow": ("Blog: weekly post",),
}


def build_demo_sessions(count: int = 60, *, seed: int = 7, now: int | None = None) -> list[Session]:
    """``count`` sessions (agents, teams, workflows, one error, one cancellation) up to ``now``."""
    import time

    from kern_core import Session

    rng = random.Random(seed)
    end = int(time.time()) if now is None else int(now)
    starts = sorted(end - rng.randint(3600, SPAN_DAYS * DAY) for _ in range(count))
    pinned = _PINNED if count >= 10 else ()
    for back, (age, _) in enumerate(pinned, start=1):
        starts[count - back] = end - age
    sessions = []
    for index, start in enumerate(starts):
        back = count - index
        kind = pinned[back - 1][1] if back <= len(pinned) else None
        sessions.append(_marked(Session, _session(Session, rng, index, start, kind)))
    return sessions


def _digest(record: dict[str, Any]) -> str:
    """The digest of a session record with its marker blanked: canonical JSON (sorted keys),
    so it does not depend on how a database orders or spaces JSON."""
    metadata = dict(record.get("metadata") or {})
    metadata[MARKER] = ""
    blank = {**record, "metadata": metadata}
    text = json.dumps(blank, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _DIGEST + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _marked(session_cls: Any, session: Session) -> Session:
    record = session.to_dict()
    record["metadata"] = {**(record.get("metadata") or {}), MARKER: _digest(record)}
    marked: Session = session_cls.from_dict(record)
    return marked


def written_by_demo(session: Session) -> bool:
    """True when ``session`` is exactly what ``kern demo`` wrote: a demo id and a marker that
    matches the digest of the stored session."""
    if not session.session_id.startswith(DEMO_PREFIX):
        return False
    record = session.to_dict()
    metadata = record.get("metadata")
    if not isinstance(metadata, dict):
        return False
    marker = metadata.get(MARKER)
    return isinstance(marker, str) and marker == _digest(record)


def _session(
    session_cls: type, rng: random.Random, index: int, start: int, pinned: str | None = None
) -> Session:
    """The ``index``-th session; ``pinned`` names the kind of one of alice's (see _PINNED)."""
    kind_index = index % 10
    user = USERS[rng.randrange(len(USERS))] if index % 13 else None
    if pinned:
        user = RECENT_USER
    sid = DEMO_PREFIX + str(uuid.UUID(int=rng.getrandbits(128), version=4))
    b = _Builder(rng, _Clock(start), sid, user)
    if pinned == "team":
        stype, owner, runs = "team", _TEAM, _team_turns(b, 3)  # for show --run 3
    elif pinned == "failing":
        stype, owner, runs = "agent", _WEATHER, _failing_turns(b)
    elif pinned == "support":
        stype, owner, runs = "agent", _SUPPORT, _support_turns(b)
    elif index == 1:
        stype, owner, runs = "agent", _WEATHER, _failing_turns(b)
    elif index == 2:
        stype, owner, runs = "agent", _SUPPORT, _cancelled_turns(b)
    elif kind_index in (3, 7):
        stype, owner, runs = "team", _TEAM, _team_turns(b)
    elif kind_index == 5:
        stype, owner, runs = "workflow", _ETL, [_etl_turn(b, fail=index == 5)]
    elif kind_index == 9:
        stype, owner, runs = "workflow", _BLOG, [_blog_turn(b)]
    else:
        kind = _AGENT_KINDS[rng.randrange(len(_AGENT_KINDS))]
        stype, owner, runs = kind.session_type, kind.owner, kind.turns(b)
    session: Session = session_cls(
        session_id=sid,
        session_type=stype,
        agent_id=owner["id"] if stype == "agent" else None,
        team_id=owner["id"] if stype == "team" else None,
        workflow_id=owner["id"] if stype == "workflow" else None,
        user_id=user,
        session_data=_session_data(rng, runs, stype, owner["id"]),
        agent_data=_owner_data(owner, "agent_id") if stype == "agent" else None,
        team_data=_owner_data(owner, "team_id") if stype == "team" else None,
        workflow_data=_workflow_data(owner) if stype == "workflow" else None,
        metadata=_metadata(rng, stype),
        runs=runs,
        summary=_summary(rng, user, runs, stype, b.clock.now),
        created_at=start,
        updated_at=b.clock.now + 1,
    )
    return session


def _owner_data(owner: dict[str, Any], id_key: str) -> dict[str, Any]:
    model = {"name": owner["model_name"], "id": owner["model"], "provider": owner["provider"]}
    return {"name": owner["name"], id_key: owner["id"], "model": model}


def _workflow_data(owner: dict[str, Any]) -> dict[str, Any]:
    steps = [{"name": n, "description": None, "type": t} for n, t in owner["steps"]]
    return {"workflow_id": owner["id"], "name": owner["name"], "steps": steps}


def _session_data(
    rng: random.Random, runs: list[dict[str, Any]], stype: str, owner_id: str
) -> dict[str, Any]:
    data: dict[str, Any] = {"session_state": {}}
    metrics: dict[str, Any] = {}
    details: dict[tuple[str, str], dict[str, Any]] = {}
    if stype != "workflow":
        for run in runs:
            for entry in (run.get("metrics") or {}).get("details", {}).get("model", []):
                key = (entry["provider"], entry["id"])
                slot = details.setdefault(key, {"id": entry["id"], "provider": entry["provider"]})
                for k in ("input_tokens", "output_tokens", "total_tokens"):
                    slot[k] = slot.get(k, 0) + entry[k]
                    metrics[k] = metrics.get(k, 0) + entry[k]
    if details:
        metrics["details"] = {"model": list(details.values())}
    data["session_metrics"] = metrics
    names = _NAMES[owner_id]
    if rng.random() < 0.6:
        data["session_name"] = names[rng.randrange(len(names))]
    return data


def _metadata(rng: random.Random, stype: str) -> dict[str, Any] | None:
    if stype == "workflow":
        return {}
    roll = rng.random()
    if roll < 0.5:
        return None
    return {"source": rng.choice(["api", "slack", "web"]), "priority": rng.randint(1, 3)}


def _summary(
    rng: random.Random, user: str | None, runs: list[dict[str, Any]], stype: str, at: int
) -> dict[str, Any] | None:
    from datetime import datetime, timezone

    if stype == "workflow" or rng.random() < 0.4:
        return None
    turns = sum(1 for r in runs if not r.get("parent_run_id"))
    who = f"The user ({user})" if user else "An anonymous user"
    stamp = datetime.fromtimestamp(at, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    topics = {"agent": ["support", "billing"], "team": ["research"]}[stype]
    return {
        "summary": f"{who} asked {turns} question(s); the assistant resolved them.",
        "topics": topics,
        "updated_at": stamp,
    }
