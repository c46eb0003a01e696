#!/usr/bin/env python3
"""Write agno session-storage fixtures through agno's own DB API.

Run it twice, once per agno major version (2.x first, because the 3.x run
migrates a copy of agno2.sqlite):

    /tmp/agno2-venv/bin/python make_agno_fixtures.py --out . --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    /tmp/agno3-venv/bin/python make_agno_fixtures.py --out . --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

With --mysql-url mysql+pymysql://root@127.0.0.1:3306/test it also writes the MySQL dumps
(agno2_mysql_{ai,app}.sql, agno3_mysql_{ai,app}.sql, agno3_migrated_mysql.sql: one database each,
no CREATE DATABASE); --mysql-only does only that (the other files and EXPECTED entries are kept).

Each run rewrites its own files, (re)creates and finally drops its own Postgres
database (agno2_fixture / agno3_fixture), and merges its variants into
EXPECTED.json.  `--verify` re-reads every file/dump of the running agno
version and compares with EXPECTED.json.

The sessions are built from agno's own classes (AgentSession, TeamSession,
WorkflowSession, RunOutput, TeamRunOutput, WorkflowRunOutput, StepOutput,
Message, ToolExecution, RunMetrics, SessionMetrics, ...) and persisted with the
db's own upsert_session (2.x) / upsert_session + upsert_run (3.x).  Tool
results come from calling the real python tool functions below.  Everything is
deterministic: ids come from a seeded RNG and the wall clock agno reads while
writing is patched.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib.metadata import version as pkg_version
from pathlib import Path
from typing import Any, Dict, List, Optional
from unittest import mock
import logging

AGNO_VERSION = pkg_version("agno")
AGNO_MAJOR = int(AGNO_VERSION.split(".")[0])

from agno.metrics import MessageMetrics, ModelMetrics, RunMetrics, SessionMetrics, ToolCallMetrics  # noqa: E402
from agno.models.message import Message  # noqa: E402
from agno.models.response import ToolExecution  # noqa: E402
from agno.run.agent import RunInput, RunOutput  # noqa: E402
from agno.run.base import RunStatus  # noqa: E402
from agno.run.team import TeamRunInput, TeamRunOutput  # noqa: E402
from agno.run.workflow import WorkflowRunOutput  # noqa: E402
from agno.session import AgentSession, TeamSession, WorkflowSession  # noqa: E402
from agno.session.summary import SessionSummary  # noqa: E402
from agno.workflow.types import StepMetrics, StepOutput, WorkflowMetrics  # noqa: E402

logging.getLogger("agno").setLevel(logging.WARNING)

SEED = 20251004
BASE = int(datetime(2025, 10, 4, tzinfo=timezone.utc).timestamp())  # 2025-10-04T00:00:00Z
DAY = 86400
VERSION_STAMP_TIME = datetime(2026, 1, 1, 9, 0, 0)  # naive, as agno writes datetime.now().isoformat()
MIGRATION_STAMP_TIME = datetime(2026, 1, 2, 9, 0, 0)
CUSTOM_TABLE = "my_agent_sessions"


# --------------------------------------------------------------------------------------
# Real tool functions (their return values become tool results)
# --------------------------------------------------------------------------------------

_WEATHER = {
    "Berlin": (11, "cloudy"),
    "Lisbon": (21, "sunny"),
    "Tokyo": (17, "light rain"),
    "Zürich": (8, "fog"),
    "New York": (14, "windy"),
    "Nairobi": (24, "clear"),
}


def get_weather(city: str, units: str = "metric") -> str:
    temp, sky = _WEATHER.get(city, (15, "unknown"))
    if units == "imperial":
        return f"{city}: {round(temp * 9 / 5 + 32)}°F, {sky}"
    return f"{city}: {temp}°C, {sky}"


_KB = {
    "invoice": "KB-204: Invoice disputes are handled by billing within 2 business days.",
    "password": "KB-101: Reset your password from Settings > Security > Reset.",
    "refund": "KB-310: Refunds are issued to the original payment method within 5-7 days.",
    "sso": "KB-412: SAML SSO is available on the Business plan and above.",
}


def search_kb(query: str) -> str:
    for key, text in _KB.items():
        if key in query.lower():
            return text
    return "No matching article."


def run_sql(query: str) -> str:
    con = sqlite3.connect(":memory:")
    con.executescript(
        "CREATE TABLE orders(id INTEGER PRIMARY KEY, region TEXT, amount REAL);"
        "INSERT INTO orders(region, amount) VALUES ('EU', 120.5), ('EU', 80.0), ('US', 310.25), ('APAC', 42.0), ('US', 19.75);"
    )
    try:
        rows = con.execute(query).fetchall()
        return json.dumps(rows)
    finally:
        con.close()


def extract_rows(source: str) -> str:
    n = sum(ord(c) for c in source) * 7 % 9000 + 1000
    return f"extract_rows: {n} rows from {source}"


def transform_rows(batch: str) -> str:
    if "corrupt" in batch:
        raise ConnectionError("transform_rows failed: connection reset by peer")
    return f"transform_rows: normalised {batch}"


# --------------------------------------------------------------------------------------
# Deterministic helpers
# --------------------------------------------------------------------------------------


class Gen:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def call_id(self) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "call_" + "".join(self.rng.choice(alphabet) for _ in range(24))

    def tokens(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def secs(self, lo: float, hi: float) -> float:
        return round(self.rng.uniform(lo, hi), 4)


def model_dict(model_id: str, provider: str) -> Dict[str, str]:
    names = {"OpenAI": "OpenAIChat", "Anthropic": "Claude", "Google": "Gemini"}
    return {"name": names[provider], "id": model_id, "provider": provider}


AGENTS = {
    "weather-agent": dict(name="Weather Agent", model=("gpt-4o-mini", "OpenAI"),
                          system="You are a weather assistant. Use get_weather for every city mentioned."),
    "support-agent": dict(name="Support Agent", model=("claude-sonnet-4-5", "Anthropic"),
                          system="You are a customer support agent for Acme Cloud. Be concise."),
    "sql-agent": dict(name="SQL Agent", model=("gpt-4o", "OpenAI"),
                      system="You answer questions about the orders table by writing SQLite queries."),
    "writer-agent": dict(name="Writer Agent", model=("gemini-2.0-flash", "Google"),
                         system="You write short, vivid copy."),
    # team members / workflow step agents
    "researcher": dict(name="Researcher", model=("gpt-4o-mini", "OpenAI"), system="You research topics."),
    "fact-checker": dict(name="Fact Checker", model=("gpt-4o-mini", "OpenAI"), system="You verify claims."),
    "triage-agent": dict(name="Triage Agent", model=("claude-haiku-4-5", "Anthropic"), system="You triage tickets."),
    "billing-agent": dict(name="Billing Agent", model=("claude-haiku-4-5", "Anthropic"), system="You handle billing."),
    "blog-researcher": dict(name="Blog Researcher", model=("gpt-4o-mini", "OpenAI"), system="Collect facts for a blog post."),
    "blog-writer": dict(name="Blog Writer", model=("gpt-4o", "OpenAI"), system="Draft a blog post from notes."),
    "blog-editor": dict(name="Blog Editor", model=("gpt-4o-mini", "OpenAI"), system="Edit the draft for clarity."),
    "etl-reporter": dict(name="ETL Reporter", model=("gpt-4o-mini", "OpenAI"), system="Summarise ETL results."),
}

TEAMS = {
    "research-team": dict(name="Research Team", model=("gpt-4o", "OpenAI"), members=["researcher", "fact-checker"]),
    "support-team": dict(name="Support Team", model=("claude-sonnet-4-5", "Anthropic"),
                         members=["triage-agent", "billing-agent"]),
}

WORKFLOWS = {
    "blog-workflow": dict(name="Blog Pipeline", steps=[("research", "agent", "blog-researcher"),
                                                       ("draft", "agent", "blog-writer"),
                                                       ("edit", "agent", "blog-editor")]),
    "etl-workflow": dict(name="Nightly ETL", steps=[("extract", "function", extract_rows),
                                                    ("transform", "function", transform_rows),
                                                    ("report", "agent", "etl-reporter")]),
}

TOOLS = {"get_weather": get_weather, "search_kb": search_kb, "run_sql": run_sql}


# --------------------------------------------------------------------------------------
# Building runs with agno's classes
# --------------------------------------------------------------------------------------


class Builder:
    def __init__(self, seed: int = SEED):
        self.g = Gen(seed)
        # step ids are fixed per workflow definition, as agno assigns them when a Step is built
        self.step_ids = {wf: {s[0]: self.g.uid() for s in spec["steps"]} for wf, spec in WORKFLOWS.items()}

    # ---- messages / metrics ------------------------------------------------------
    def msg(self, role: str, t: int, **kw) -> Message:
        return Message(id=self.g.uid(), role=role, created_at=t, **kw)

    def assistant_metrics(self, with_ttft: bool = True) -> MessageMetrics:
        i, o = self.g.tokens(300, 1500), self.g.tokens(15, 220)
        m = MessageMetrics(input_tokens=i, output_tokens=o, total_tokens=i + o)
        if with_ttft:
            m.time_to_first_token = self.g.secs(0.2, 1.6)
        return m

    def run_metrics(self, msgs: List[Message], model_id: str, provider: str) -> RunMetrics:
        i = sum(m.metrics.input_tokens for m in msgs if m.role == "assistant" and m.metrics)
        o = sum(m.metrics.output_tokens for m in msgs if m.role == "assistant" and m.metrics)
        return RunMetrics(
            input_tokens=i, output_tokens=o, total_tokens=i + o,
            time_to_first_token=self.g.secs(0.3, 1.5), duration=self.g.secs(1.0, 6.0),
            details={"model": [ModelMetrics(id=model_id, provider=provider, input_tokens=i, output_tokens=o,
                                            total_tokens=i + o)]},
        )

    # ---- agent run ----------------------------------------------------------------
    def agent_run(self, agent_id: str, session_id: str, user_id: Optional[str], t: int, prompt: str,
                  tool_calls: Optional[List[tuple]] = None, answer: Optional[str] = None,
                  status: RunStatus = RunStatus.completed, parent_run_id: Optional[str] = None,
                  workflow_step: Optional[tuple] = None, session_state: Optional[dict] = None,
                  with_system: bool = True) -> RunOutput:
        spec = AGENTS[agent_id]
        model_id, provider = spec["model"]
        run_id = self.g.uid()
        msgs: List[Message] = []
        tools: List[ToolExecution] = []
        clock = t
        if with_system:
            msgs.append(self.msg("system", clock, content=spec["system"]))
        msgs.append(self.msg("user", clock, content=prompt))
        if status == RunStatus.cancelled:
            run = RunOutput(run_id=run_id, agent_id=agent_id, agent_name=spec["name"], session_id=session_id,
                            user_id=user_id, input=RunInput(input_content=prompt),
                            content=f"Run {run_id} was cancelled", content_type="str", model=model_id,
                            model_provider=provider, messages=msgs, status=status, created_at=t,
                            session_state=session_state if session_state is not None else {})
            return run
        if status == RunStatus.error:
            err = answer or "Error from model provider: 529 Overloaded"
            return RunOutput(run_id=run_id, agent_id=agent_id, agent_name=spec["name"], session_id=session_id,
                             user_id=user_id, input=RunInput(input_content=prompt), content=err, content_type="str",
                             model=model_id, model_provider=provider, messages=msgs, status=status, created_at=t,
                             session_state=session_state if session_state is not None else {})
        results = []
        if tool_calls:
            clock += 1
            calls = [(self.g.call_id(), name, args) for name, args in tool_calls]
            msgs.append(self.msg(
                "assistant", clock, metrics=self.assistant_metrics(with_ttft=False),
                tool_calls=[{"id": cid, "type": "function",
                             "function": {"name": name, "arguments": json.dumps(args)}} for cid, name, args in calls]))
            clock += 1
            for cid, name, args in calls:
                start = float(clock - 1) + self.g.secs(0.001, 0.05)
                dur = self.g.secs(0.05, 0.9)
                try:
                    result, err = TOOLS[name](**args), False
                except Exception as exc:  # real tool error
                    result, err = f"{type(exc).__name__}: {exc}", True
                results.append(result)
                msgs.append(self.msg("tool", clock, content=result, tool_call_id=cid, tool_name=name,
                                     tool_args=args, tool_call_error=err))
                tools.append(ToolExecution(
                    tool_call_id=cid, tool_name=name, tool_args=args, tool_call_error=err, result=result,
                    metrics=ToolCallMetrics(start_time=round(start, 6), end_time=round(start + dur, 6),
                                            duration=dur),
                    created_at=clock))
        clock += 1
        if answer is None:
            answer = " ".join(results) if results else f"Done: {prompt}"
        msgs.append(self.msg("assistant", clock, content=answer, metrics=self.assistant_metrics()))
        run = RunOutput(
            run_id=run_id, agent_id=agent_id, agent_name=spec["name"], session_id=session_id, user_id=user_id,
            parent_run_id=parent_run_id, input=RunInput(input_content=prompt), content=answer, content_type="str",
            model=model_id, model_provider=provider, messages=msgs, tools=tools,
            metrics=self.run_metrics(msgs, model_id, provider), status=status, created_at=t,
            session_state=session_state if session_state is not None else {},
        )
        if workflow_step is not None:
            run.workflow_id, run.workflow_step_id = workflow_step
            run.metadata = {}
        return run

    # ---- team run -------------------------------------------------------------------
    def team_run(self, team_id: str, session_id: str, user_id: Optional[str], t: int, prompt: str,
                 members: List[str]) -> List[Any]:
        spec = TEAMS[team_id]
        model_id, provider = spec["model"]
        run_id = self.g.uid()
        msgs = [self.msg("system", t, content=f"<team>\nYou coordinate the {spec['name']} to fulfill the user's request.\n</team>"),
                self.msg("user", t, content=prompt)]
        calls = [(self.g.call_id(), m) for m in members]
        msgs.append(self.msg("assistant", t + 1, metrics=self.assistant_metrics(with_ttft=False), tool_calls=[
            {"id": cid, "type": "function", "function": {"name": "delegate_task_to_member", "arguments": json.dumps(
                {"member_id": m, "task": f"{AGENTS[m]['name']}: handle '{prompt}'"})}} for cid, m in calls]))
        member_runs = []
        tools = []
        for k, (cid, m) in enumerate(calls):
            task = f"{AGENTS[m]['name']}: handle '{prompt}'"
            content = f"[{AGENTS[m]['name']}] findings for '{prompt}' (item {k + 1})."
            mr = self.agent_run(m, session_id, user_id, t + 1 + k, task, answer=content, parent_run_id=run_id,
                                with_system=False)
            member_runs.append(mr)
            msgs.append(self.msg("tool", t + 2 + k, content=content, tool_call_id=cid,
                                 tool_name="delegate_task_to_member", tool_args={"member_id": m, "task": task},
                                 tool_call_error=False))
            start = float(t + 1 + k) + self.g.secs(0.001, 0.05)
            dur = self.g.secs(0.8, 3.0)
            tools.append(ToolExecution(tool_call_id=cid, tool_name="delegate_task_to_member",
                                       tool_args={"member_id": m, "task": task}, tool_call_error=False, result=content,
                                       metrics=ToolCallMetrics(start_time=round(start, 6),
                                                               end_time=round(start + dur, 6), duration=dur),
                                       created_at=t + 2 + k))
        answer = f"Summary for '{prompt}': " + " ".join(r.content for r in member_runs)
        msgs.append(self.msg("assistant", t + 2 + len(members), content=answer, metrics=self.assistant_metrics()))
        team_run = TeamRunOutput(
            run_id=run_id, team_id=team_id, team_name=spec["name"], session_id=session_id, user_id=user_id,
            input=TeamRunInput(input_content=prompt), content=answer, content_type="str", model=model_id,
            model_provider=provider, messages=msgs, metrics=self.run_metrics(msgs, model_id, provider),
            member_responses=list(member_runs), tools=tools, status=RunStatus.completed, created_at=t,
            session_state={},
        )
        # agno stores members first (smaller run_index), then the team run
        return member_runs + [team_run]

    # ---- workflow run ------------------------------------------------------------------
    def workflow_run(self, wf_id: str, session_id: str, user_id: Optional[str], t: int, wf_input: str,
                     fail_step: Optional[str] = None) -> WorkflowRunOutput:
        spec = WORKFLOWS[wf_id]
        run_id = self.g.uid()
        step_results, executor_runs, step_metrics = [], [], {}
        previous = wf_input
        status = RunStatus.completed
        content = None
        clock = t
        for step_name, kind, executor in spec["steps"]:
            step_id = self.step_ids[wf_id][step_name]
            clock += 1
            if kind == "function":
                arg = f"corrupt:{previous}" if step_name == fail_step else previous
                try:
                    out = executor(arg)
                    step_results.append(StepOutput(step_name=step_name, step_id=step_id, step_type="Step",
                                                   executor_type="function", executor_name=executor.__name__,
                                                   content=out, success=True))
                    previous = out
                except Exception as exc:
                    step_results.append(StepOutput(step_name=step_name, step_id=step_id, step_type="Step",
                                                   executor_type="function", executor_name=executor.__name__,
                                                   content=None, success=False, error=str(exc)))
                    status = RunStatus.error
                    content = str(exc)
                    break
            else:
                r = self.agent_run(executor, session_id, user_id, clock, f"{step_name}: {previous}",
                                   answer=f"{AGENTS[executor]['name']} output for '{wf_input}' ({step_name})",
                                   parent_run_id=run_id, workflow_step=(wf_id, step_id))
                executor_runs.append(r)
                step_results.append(StepOutput(step_name=step_name, step_id=step_id, step_type="Step",
                                               executor_type="agent", executor_name=AGENTS[executor]["name"],
                                               content=r.content, step_run_id=r.run_id, metrics=r.metrics,
                                               success=True))
                step_metrics[step_name] = StepMetrics(step_name=step_name, executor_type="agent",
                                                      executor_name=AGENTS[executor]["name"], metrics=r.metrics)
                previous = r.content
        if content is None:
            content = previous
        return WorkflowRunOutput(
            input=wf_input, content=content, content_type="str", workflow_id=wf_id, workflow_name=spec["name"],
            run_id=run_id, session_id=session_id, user_id=user_id, images=[], videos=[], audio=[], files=[],
            step_results=step_results, step_executor_runs=executor_runs or None,
            metrics=WorkflowMetrics(steps=step_metrics, duration=self.g.secs(2.0, 9.0)), metadata={},
            created_at=t, status=status,
        )


def session_metrics(runs: List[Any]) -> Dict[str, Any]:
    sm = SessionMetrics()
    for r in runs:
        if isinstance(r, WorkflowRunOutput) or r.metrics is None:
            continue
        sm.accumulate_from_run(r.metrics)
    return sm.to_dict()


# --------------------------------------------------------------------------------------
# The dataset: 32 sessions over ~90 days
# --------------------------------------------------------------------------------------

NON_ASCII = "Café Zürich: 一杯の幸せ ☕🚀"


def build_sessions(seed: int = SEED) -> List[Any]:
    b = Builder(seed)
    g = b.g
    # (type, component, n_runs); the order is shuffled over the dates below
    agent_specs = [
        ("weather-agent", 2), ("support-agent", 3), ("sql-agent", 2), ("writer-agent", 1), ("weather-agent", 2),
        ("support-agent", 3), ("sql-agent", 1), ("writer-agent", 2), ("weather-agent", 2), ("support-agent", 1),
        ("sql-agent", 2), ("writer-agent", 2), ("weather-agent", 3), ("support-agent", 1), ("sql-agent", 2),
        ("writer-agent", 2), ("weather-agent", 1), ("writer-agent", 0),
    ]
    team_specs = [("research-team", 2), ("support-team", 1), ("research-team", 2), ("support-team", 1),
                  ("research-team", 2), ("support-team", 2), ("research-team", 1)]
    wf_specs = [("blog-workflow", 2), ("etl-workflow", 1), ("blog-workflow", 2), ("etl-workflow", 1),
                ("etl-workflow", 2), ("blog-workflow", 2), ("etl-workflow", 1)]
    specs = [("agent", c, n, i) for i, (c, n) in enumerate(agent_specs)]
    specs += [("team", c, n, i) for i, (c, n) in enumerate(team_specs)]
    specs += [("workflow", c, n, i) for i, (c, n) in enumerate(wf_specs)]
    g.rng.shuffle(specs)
    users = ["u1"] * 12 + ["u2"] * 10 + ["u3"] * 9
    g.rng.shuffle(users)
    anon_at = next(k for k, s in enumerate(specs) if s[0] == "agent" and s[1] == "weather-agent")
    users.insert(anon_at, None)

    prompts = {
        "weather-agent": ["What's the weather in {c}?", "Should I bring an umbrella in {c}?", "Compare {c} and Lisbon today."],
        "support-agent": ["My invoice #{n} looks wrong, can you check?", "How do I reset my password?",
                          "Can I get a refund for order {n}?", "Do you support SSO?"],
        "sql-agent": ["Total order amount per region?", "How many orders are above 100?", "Largest order?"],
        "writer-agent": ["Write a tagline for a coffee shop.", "Describe autumn in one sentence.", "Name a bakery."],
    }
    sql_for = {"Total order amount per region?": "SELECT region, SUM(amount) FROM orders GROUP BY region ORDER BY region",
               "How many orders are above 100?": "SELECT COUNT(*) FROM orders WHERE amount > 100",
               "Largest order?": "SELECT id, region, MAX(amount) FROM orders"}
    team_prompts = {"research-team": ["Research: vector databases", "Research: WAL mode in SQLite",
                                      "Research: JSONB indexing", "Research: CRDTs", "Research: Postgres vacuum"],
                    "support-team": ["Customer reports double charge", "Ticket: cannot log in after SSO change",
                                     "Refund request for annual plan"]}
    wf_inputs = {"blog-workflow": ["release notes", "agent memory", "vector search", "edge caching"],
                 "etl-workflow": ["orders_2025_10", "orders_2025_11", "orders_2025_12", "returns_2025_q4"]}

    sessions = []
    team_run_counter = 0
    error_done = cancel_done = parallel_done = state_done = nonascii_done = False
    summary_agent_done = summary_team_done = False
    n = len(specs)
    for k, (stype, comp, nruns, idx) in enumerate(specs):
        day = round(k * 88 / (n - 1))
        created = BASE + day * DAY + g.rng.randint(7, 20) * 3600 + g.rng.randint(0, 3599)
        sid = g.uid()
        user = users[k]
        runs: List[Any] = []
        t = created
        metadata = None
        summary = None
        session_name = None
        state: Dict[str, Any] = {}

        if stype == "agent":
            spec = AGENTS[comp]
            if comp == "weather-agent" and not state_done and nruns >= 2:
                state = {"favorite_cities": ["Berlin", "Tokyo"], "units": "metric"}
                state_done = True
            if comp == "writer-agent" and nruns == 0:
                session_name = "Empty draft"
            for r in range(nruns):
                plist = prompts[comp]
                prompt = plist[(idx + r) % len(plist)].format(c=list(_WEATHER)[(idx + r) % 5], n=40 + idx * 3 + r)
                kw: Dict[str, Any] = {}
                if comp == "weather-agent":
                    city = list(_WEATHER)[(idx + r) % 5]
                    if not parallel_done:
                        prompt = "Weather in Berlin, Tokyo and New York right now?"
                        kw["tool_calls"] = [("get_weather", {"city": "Berlin"}), ("get_weather", {"city": "Tokyo"}),
                                            ("get_weather", {"city": "New York"})]
                        parallel_done = True
                    else:
                        kw["tool_calls"] = [("get_weather", {"city": city})]
                elif comp == "support-agent":
                    kw["tool_calls"] = [("search_kb", {"query": prompt})]
                    if nruns == 3 and r == 2 and not cancel_done:
                        kw = {"status": RunStatus.cancelled}
                        cancel_done = True
                elif comp == "sql-agent":
                    q = plist[(idx + r) % len(plist)]
                    prompt = q
                    kw["tool_calls"] = [("run_sql", {"query": sql_for[q]})]
                    if nruns == 2 and r == 1 and not error_done:
                        kw = {"status": RunStatus.error,
                              "answer": "Error from model provider: 429 Too Many Requests (rate limit exceeded)"}
                        error_done = True
                elif comp == "writer-agent":
                    if not nonascii_done:
                        prompt = f"Write a tagline for {NON_ASCII.split(':')[0]}."
                        kw["answer"] = NON_ASCII + " — «Ein Kaffee, ein Lächeln.»"
                        session_name = "Café Zürich ☕"
                        nonascii_done = True
                    else:
                        kw["answer"] = f"Copy for: {prompt}"
                run = b.agent_run(comp, sid, user, t, prompt, session_state=dict(state), **kw)
                runs.append(run)
                t += g.rng.randint(120, 1800)
            if comp == "support-agent" and not summary_agent_done and nruns == 3:
                summary = SessionSummary(summary=f"The user ({user}) asked {nruns} question(s); the assistant resolved them.",
                                         topics=["billing", "support"],
                                         updated_at=datetime.fromtimestamp(t, tz=timezone.utc).replace(tzinfo=None))
                summary_agent_done = True
            if comp == "sql-agent" and idx in (2, 10):
                metadata = {"source": "api", "env": "prod" if idx == 2 else "staging"}
            if comp == "weather-agent" and idx == 4:
                metadata = {"source": "slack", "channel": "#travel", "tags": ["weather", "travel"]}
            if comp == "sql-agent" and idx == 14:
                session_name = "Quarterly revenue questions"
            sm = session_metrics(runs)
            sd: Dict[str, Any] = {"session_state": state}
            if runs:
                sd["session_metrics"] = sm
            if session_name:
                sd["session_name"] = session_name
            sess = AgentSession(session_id=sid, agent_id=comp, user_id=user, session_data=sd, metadata=metadata,
                                agent_data={"name": spec["name"], "agent_id": comp, "model": model_dict(*spec["model"])},
                                runs=runs or None, summary=summary, created_at=created,
                                updated_at=(t if runs else created))
        elif stype == "team":
            spec = TEAMS[comp]
            for r in range(nruns):
                prompt = team_prompts[comp][(idx + r) % len(team_prompts[comp])]
                members = spec["members"] if team_run_counter < 5 else spec["members"][:1]
                team_run_counter += 1
                runs.extend(b.team_run(comp, sid, user, t, prompt, members))
                t += g.rng.randint(300, 2400)
            if comp == "research-team" and idx == 0:
                summary = SessionSummary(summary=f"The user ({user}) asked {nruns} question(s); the assistant resolved them.",
                                         topics=["research"],
                                         updated_at=datetime.fromtimestamp(t, tz=timezone.utc).replace(tzinfo=None))
                summary_team_done = True
                metadata = {"source": "api", "priority": 2}
            if comp == "support-team" and idx == 3:
                session_name = "Escalations"
            sd = {"session_state": {}, "session_metrics": session_metrics(runs)}
            if session_name:
                sd["session_name"] = session_name
            sess = TeamSession(session_id=sid, team_id=comp, user_id=user, session_data=sd, metadata=metadata,
                               team_data={"name": spec["name"], "team_id": comp, "model": model_dict(*spec["model"])},
                               runs=runs, summary=summary, created_at=created, updated_at=t)
        else:
            spec = WORKFLOWS[comp]
            for r in range(nruns):
                wf_in = wf_inputs[comp][(idx + r) % 4]
                fail = "transform" if (comp == "etl-workflow" and idx == 4 and r == 1) else None
                runs.append(b.workflow_run(comp, sid, user, t, wf_in, fail_step=fail))
                t += g.rng.randint(600, 3600)
            if comp == "blog-workflow" and idx == 5:
                session_name = "Weekly blog"
            sd = {"session_state": {}, "session_metrics": {}}
            if session_name:
                sd["session_name"] = session_name
            sess = WorkflowSession(
                session_id=sid, workflow_id=comp, workflow_name=spec["name"], user_id=user, session_data=sd,
                workflow_data={"workflow_id": comp, "name": spec["name"],
                               "steps": [{"name": s[0], "description": None, "type": "Step"} for s in spec["steps"]]},
                metadata={}, runs=runs, created_at=created, updated_at=t)
        sessions.append(sess)
    assert all([error_done, cancel_done, parallel_done, state_done, nonascii_done, summary_agent_done,
                summary_team_done]), "dataset construction missed a special case"
    return sessions


def build_extra_session() -> AgentSession:
    """One more session, written by agno 3.x into the migrated 2.x file (mixed encodings)."""
    b = Builder(SEED + 1)
    sid = "3e0c5a9e-0000-4000-8000-00000000a3a3"
    created = int(datetime(2026, 1, 2, 10, 0, 0, tzinfo=timezone.utc).timestamp())
    r1 = b.agent_run("support-agent", sid, "u1", created, "How do I reset my password?",
                     tool_calls=[("search_kb", {"query": "password reset"})])
    r2 = b.agent_run("support-agent", sid, "u1", created + 300, "Thanks! And SSO?",
                     tool_calls=[("search_kb", {"query": "sso plan"})])
    spec = AGENTS["support-agent"]
    return AgentSession(session_id=sid, agent_id="support-agent", user_id="u1",
                        session_data={"session_state": {}, "session_metrics": session_metrics([r1, r2]),
                                      "session_name": "Written by agno 3 after migration"},
                        metadata={"source": "post-migration"},
                        agent_data={"name": spec["name"], "agent_id": "support-agent",
                                    "model": model_dict(*spec["model"])},
                        runs=[r1, r2], summary=None, created_at=created, updated_at=created + 320)


# --------------------------------------------------------------------------------------
# Writing through agno
# --------------------------------------------------------------------------------------


@contextmanager
def frozen(stamp: datetime):
    """Patch the wall clock agno reads while writing (time.time for run/session updated_at,
    datetime.now for the schema-version stamps)."""
    clock = {"t": 0.0}

    class FixedDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return stamp if tz is None else stamp.replace(tzinfo=tz)

    patches = [mock.patch("time.time", lambda: clock["t"])]
    for modname in ("agno.db.sqlite.sqlite", "agno.db.postgres.postgres", "agno.db.mysql.mysql"):
        mod = sys.modules.get(modname)
        if mod is not None and hasattr(mod, "datetime"):
            patches.append(mock.patch.object(mod, "datetime", FixedDatetime))
    for p in patches:
        p.start()
    try:
        yield clock
    finally:
        for p in reversed(patches):
            p.stop()


def write_sessions(db, sessions: List[Any], stamp: datetime = VERSION_STAMP_TIME) -> None:
    """Persist like agno's own save path: insert the session, save each run (3.x), final session save."""
    with frozen(stamp) as clock:
        for s in sessions:
            runs = list(s.runs or [])
            if AGNO_MAJOR >= 3:
                clock["t"] = float(s.created_at)
                s.runs = None
                assert db.upsert_session(s) is not None
                for i, run in enumerate(runs):
                    end = run.created_at + 1 + math.ceil(getattr(run.metrics, "duration", None) or 1)
                    clock["t"] = float(end)
                    db.upsert_run(run, session_id=s.session_id, user_id=run.user_id or s.user_id, run_index=i)
                s.runs = runs or None
                if s.updated_at != s.created_at:
                    clock["t"] = float(s.updated_at)
                    assert db.upsert_session(s) is not None
            else:
                # 2.x: upsert_session writes the whole runs list; insert first, then the final save
                clock["t"] = float(s.created_at)
                assert db.upsert_session(s) is not None
                if s.updated_at != s.created_at:
                    clock["t"] = float(s.updated_at)
                    assert db.upsert_session(s) is not None


def sqlite_db(path: Path, custom: bool):
    from agno.db.sqlite import SqliteDb

    kw = {"session_table": CUSTOM_TABLE} if custom else {}
    return SqliteDb(db_file=str(path), **kw)


def pg_db(url: str, schema: Optional[str], custom: bool):
    from agno.db.postgres import PostgresDb

    kw: Dict[str, Any] = {}
    if schema:
        kw["db_schema"] = schema
    if custom:
        kw["session_table"] = CUSTOM_TABLE
    return PostgresDb(db_url=url, **kw)


def dispose(db) -> None:
    try:
        db.db_engine.dispose()
    except Exception:
        pass


def finish_sqlite(path: Path) -> None:
    """Checkpoint the WAL into the main file (journal mode left as agno set it); VACUUM rollback-journal files."""
    con = sqlite3.connect(str(path))
    mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    if mode == "wal":
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        con.execute("VACUUM")
    con.close()
    for suffix in ("-wal", "-shm", "-journal"):
        p = Path(str(path) + suffix)
        if p.exists():
            raise RuntimeError(f"{p} left behind")


# --------------------------------------------------------------------------------------
# Postgres helpers
# --------------------------------------------------------------------------------------


def libpq_url(sa_url: str) -> str:
    return sa_url.replace("postgresql+psycopg://", "postgresql://", 1)


def with_database(sa_url: str, dbname: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(sa_url).set(database=dbname).render_as_string(hide_password=False)


def pg_admin(server_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(libpq_url(server_url), autocommit=True) as con:
        for st in statements:
            con.execute(st)


def recreate_database(server_url: str, name: str) -> str:
    pg_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return with_database(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    pg_admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_dump(db_url: str, out: Path) -> None:
    with open(out, "w", encoding="utf-8") as fh:
        subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "--inserts", "--dbname", libpq_url(db_url)],
                       check=True, stdout=fh)


def restore_dump(db_url: str, dump: Path) -> None:
    """Replay a pg_dump --inserts file with a plain driver: skip psql meta-commands (lines starting with a backslash)."""
    import psycopg

    sql = "".join(line for line in dump.read_text(encoding="utf-8").splitlines(keepends=True)
                  if not line.startswith("\\"))
    with psycopg.connect(libpq_url(db_url), autocommit=True) as con:
        con.execute(sql)


# --------------------------------------------------------------------------------------
# MySQL / MariaDB helpers
# --------------------------------------------------------------------------------------

# One dump per MySQL database, without CREATE DATABASE / USE, so a test loads it into any database.
# --skip-extended-insert: one INSERT per row; --order-by-primary: rows in primary-key order;
# --skip-add-locks/--skip-disable-keys: no LOCK TABLES / ALTER TABLE ... DISABLE KEYS.
MYSQLDUMP_ARGS = ["--no-create-db", "--skip-comments", "--skip-dump-date", "--skip-extended-insert",
                  "--order-by-primary", "--skip-add-locks", "--skip-disable-keys", "--default-character-set=utf8mb4"]
# (label, session_table, custom): label "ai" is agno's default db_schema, "app" the custom-table one
MYSQL_VARIANTS = [("ai", "agno_sessions", False), ("app", CUSTOM_TABLE, True)]
MYSQL_JSON_COLUMNS = ("session_data", "agent_data", "team_data", "workflow_data", "metadata", "runs", "summary")


def _mysql_dump_module():
    """tests/support/mysql_dump.py, loaded by path (it needs only the standard library)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "support" / "mysql_dump.py"
    spec = importlib.util.spec_from_file_location("kern_tests_mysql_dump", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def mysql_params(sa_url: str) -> Dict[str, Any]:
    from sqlalchemy.engine import make_url

    u = make_url(sa_url)
    return {"host": u.host or "127.0.0.1", "port": u.port or 3306, "user": u.username or "root",
            "password": u.password or ""}


def mysql_connect(sa_url: str, database: Optional[str] = None):
    import pymysql

    return pymysql.connect(**mysql_params(sa_url), database=database, charset="utf8mb4", autocommit=True)


def mysql_recreate(server_url: str, name: str) -> None:
    con = mysql_connect(server_url)
    try:
        with con.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cur.execute(f"CREATE DATABASE `{name}`")
    finally:
        con.close()


def mysql_drop(server_url: str, name: str) -> None:
    con = mysql_connect(server_url)
    try:
        with con.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        con.close()


def mysql_db(server_url: str, database: str, custom: bool):
    from agno.db.mysql import MySQLDb

    kw = {"session_table": CUSTOM_TABLE} if custom else {}
    return MySQLDb(db_url=server_url, db_schema=database, **kw)


def mysqldump(server_url: str, database: str, out: Path) -> None:
    p = mysql_params(server_url)
    cmd = ["mysqldump", f"--host={p['host']}", f"--port={p['port']}", f"--user={p['user']}", *MYSQLDUMP_ARGS]
    env = dict(os.environ)
    if p["password"]:
        env["MYSQL_PWD"] = p["password"]
    text = subprocess.run([*cmd, database], check=True, stdout=subprocess.PIPE, env=env).stdout.decode("utf-8")
    if database in text:
        raise RuntimeError(f"{out.name} names the scratch database {database}")
    out.write_text(sort_index_lines(text), encoding="utf-8")


def sort_index_lines(dump: str) -> str:
    """Sort each CREATE TABLE's run of `  KEY ...` lines by name.

    SQLAlchemy creates a table's indexes in the order of a set of Index objects (hashed by
    identity), so the order mysqldump shows differs between regenerations; the indexes do not.
    """
    lines = dump.split("\n")
    out: List[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("  KEY "):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].startswith("  KEY "):
            j += 1
        block = lines[i:j]
        last_comma = block[-1].endswith(",")
        keys = sorted(line.rstrip(",") for line in block)
        out.extend(k + ("," if n < len(keys) - 1 or last_comma else "") for n, k in enumerate(keys))
        i = j
    return "\n".join(out)


def mysql_load(server_url: str, database: str, dump: Path) -> None:
    """Recreate `database` and replay the dump into it with PyMySQL (tests/support/mysql_dump.py)."""
    mysql_recreate(server_url, database)
    con = mysql_connect(server_url, database)
    try:
        _mysql_dump_module().load_mysql_dump(con, dump)
    finally:
        con.close()


def layout_mysql(server_url: str, database: str, table: str) -> Dict[str, Any]:
    """Tables, version rows, runs column/table, and how agno stored the JSON (raw SQL, not agno)."""
    runs_table = f"{table}_runs" if table != "agno_sessions" else "agno_runs"
    con = mysql_connect(server_url, database)
    try:
        cur = con.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema=%s ORDER BY table_name",
                    (database,))
        tables = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT column_name, column_type, is_nullable, collation_name FROM information_schema.columns "
                    "WHERE table_schema=%s AND table_name=%s ORDER BY ordinal_position", (database, table))
        columns = {name: {"type": ctype, "nullable": nullable == "YES", "collation": coll}
                   for name, ctype, nullable, coll in cur.fetchall()}
        cur.execute("SELECT table_name, table_collation, engine FROM information_schema.tables "
                    "WHERE table_schema=%s ORDER BY table_name", (database,))
        table_info = {t: {"collation": c, "engine": e} for t, c, e in cur.fetchall()}
        cur.execute("SELECT tc.table_name, cc.constraint_name, cc.check_clause FROM information_schema.check_constraints cc "
                    "JOIN information_schema.table_constraints tc ON tc.constraint_schema = cc.constraint_schema "
                    "AND tc.constraint_name = cc.constraint_name AND tc.table_name = cc.table_name "
                    "WHERE cc.constraint_schema=%s ORDER BY 1, 2", (database,))
        checks: Dict[str, List[str]] = {}
        for t, _name, clause in cur.fetchall():
            checks.setdefault(t, []).append(clause)
        cur.execute("SELECT table_name, index_name, non_unique, GROUP_CONCAT(column_name ORDER BY seq_in_index) "
                    "FROM information_schema.statistics WHERE table_schema=%s GROUP BY 1, 2, 3 ORDER BY 1, 2",
                    (database,))
        indexes: Dict[str, List[Dict[str, Any]]] = {}
        for t, name, non_unique, cols in cur.fetchall():
            indexes.setdefault(t, []).append({"name": name, "unique": not non_unique, "columns": cols.split(",")})
        versions = []
        if "agno_schema_versions" in tables:
            cur.execute("SELECT table_name, version FROM agno_schema_versions ORDER BY table_name")
            versions = [{"table_name": a, "version": b} for a, b in cur.fetchall()]
        info: Dict[str, Any] = {"tables": tables}
        has_col, has_tab = "runs" in columns, runs_table in tables
        if has_tab:
            info["runs_table"] = runs_table
            cur.execute(f"SELECT COUNT(*) FROM `{runs_table}`")
            info["runs_table_rows"] = cur.fetchone()[0]
        if has_col:
            cur.execute(f"SELECT COUNT(*) FROM `{table}` WHERE runs IS NOT NULL")
            info["legacy_runs_column_non_null"] = cur.fetchone()[0]
        # per JSON column: SQL NULL / JSON null / JSON_TYPE of the stored value
        json_values: Dict[str, Dict[str, int]] = {}
        for col in MYSQL_JSON_COLUMNS:
            if col not in columns:
                continue
            cur.execute(f"SELECT CASE WHEN `{col}` IS NULL THEN 'SQL NULL' ELSE JSON_TYPE(`{col}`) END, COUNT(*) "
                        f"FROM `{table}` GROUP BY 1 ORDER BY 1")
            json_values[col] = {k: v for k, v in cur.fetchall()}
        if has_tab:
            cur.execute(f"SELECT JSON_TYPE(run_data), COUNT(*) FROM `{runs_table}` GROUP BY 1 ORDER BY 1")
            json_values[f"{runs_table}.run_data"] = {k: v for k, v in cur.fetchall()}
        # non-ASCII: escaped (\\uXXXX in the raw text) or stored as characters
        cur.execute(f"SELECT session_data FROM `{table}` WHERE JSON_VALUE(session_data, '$.session_name') LIKE %s",
                    ("Café%",))
        raw = [r[0] for r in cur.fetchall()]
        cur.execute(f"SELECT COUNT(*) FROM `{table}` WHERE session_data LIKE %s", ("%Zürich%",))
        raw_like = cur.fetchone()[0]
        storage = {
            "table_info": table_info,
            "columns": {table: columns},
            "check_constraints": checks,
            "indexes": indexes,
            "json_values": json_values,
            "non_ascii": {
                "session_name_raw_is_escaped": [("\\u00e9" in r or "\\u00fc" in r) for r in raw],
                "raw_like_zurich_matches": raw_like,
            },
        }
        if has_tab:
            cur.execute("SELECT column_name, column_type, is_nullable FROM information_schema.columns "
                        "WHERE table_schema=%s AND table_name=%s ORDER BY ordinal_position", (database, runs_table))
            storage["columns"][runs_table] = {n: {"type": t, "nullable": nl == "YES"} for n, t, nl in cur.fetchall()}
        cur.close()
    finally:
        con.close()
    return {"layout": "both" if has_col and has_tab else ("column" if has_col else "table"),
            "schema_versions": versions, **info, "mysql_storage": storage}


def mysql_variants() -> List[tuple]:
    """(dump file, database label, session_table, custom) of the running agno version."""
    p = f"agno{AGNO_MAJOR}_mysql"
    return [(f"{p}_{label}.sql", label, table, custom) for label, table, custom in MYSQL_VARIANTS]


def read_mysql_variant(server_url: str, database: str, label: str, table: str, custom: bool,
                       **extra) -> Dict[str, Any]:
    layout = layout_mysql(server_url, database, table)
    db = mysql_db(server_url, database, custom)
    str_columns: Dict[str, int] = {}

    def decode_str_json(row: Dict[str, Any]) -> Dict[str, Any]:
        """agno reflects an existing MariaDB table, whose JSON columns are LONGTEXT: it returns their text."""
        row = dict(row)
        for col in MYSQL_JSON_COLUMNS:
            if isinstance(row.get(col), str):
                str_columns[col] = str_columns.get(col, 0) + 1
                row[col] = json.loads(row[col])
        return row

    read = read_back(db, fix_row=decode_str_json)
    non_ascii = db.get_sessions(session_name="Zürich", deserialize=False)
    agno_logger = logging.getLogger("agno")
    level = agno_logger.level
    agno_logger.setLevel(logging.ERROR)  # 2.9.0 warns about every item of a runs column it got as text
    try:
        deserialized = db.get_sessions()
    finally:
        agno_logger.setLevel(level)
    dispose(db)
    storage = layout["mysql_storage"]
    storage["non_ascii"]["agno_get_sessions_session_name_zurich"] = non_ascii[1]
    storage["agno_returned_json_text"] = dict(sorted(str_columns.items()))
    storage["agno_deserialized_session_data_types"] = _tally(type(x.session_data).__name__ for x in deserialized)
    storage["agno_deserialized_runs_types"] = _tally(type(x.runs).__name__ for x in deserialized)
    return variant_entry(read, layout, backend="mysql", db_schema=label, session_table=table, **extra)


def generate_mysql(out: Path, server_url: str) -> Dict[str, Any]:
    entries: Dict[str, Any] = {}
    for fname, label, table, custom in mysql_variants():
        database = f"agno{AGNO_MAJOR}_fixture_{label}"
        mysql_recreate(server_url, database)
        try:
            db = mysql_db(server_url, database, custom)
            write_sessions(db, build_sessions())
            dispose(db)
            mysqldump(server_url, database, out / fname)
            entries[f"{fname}:{table}"] = read_mysql_variant(server_url, database, label, table, custom)
        finally:
            mysql_drop(server_url, database)
        print(f"wrote {fname}", file=sys.stderr)
    if AGNO_MAJOR >= 3:
        src = out / "agno2_mysql_ai.sql"
        if not src.exists():
            print("agno2_mysql_ai.sql missing: run the 2.x pass first to get agno3_migrated_mysql.sql", file=sys.stderr)
            return entries
        from agno.db.migrations.manager import MigrationManager

        dst = out / "agno3_migrated_mysql.sql"
        database = "agno3_fixture_migrated"
        mysql_load(server_url, database, src)
        try:
            db = mysql_db(server_url, database, False)
            with frozen(MIGRATION_STAMP_TIME) as clock:
                clock["t"] = float(datetime(2026, 1, 2, 9, 0, tzinfo=timezone.utc).timestamp())
                asyncio.run(MigrationManager(db).up())
            # As on SQLite, 3.1.10 then writes one more session. On MariaDB it cannot: the sessions table
            # existed before this MySQLDb, so agno reflects it (JSON columns are LONGTEXT there) and PyMySQL
            # gets a dict parameter. upsert_session logs the error and returns None; record that outcome.
            extra = build_extra_session()
            with frozen(MIGRATION_STAMP_TIME) as clock:
                clock["t"] = float(extra.created_at)
                extra.runs = None
                saved = db.upsert_session(extra)
            dispose(db)
            mysqldump(server_url, database, dst)
            entries[f"{dst.name}:agno_sessions"] = read_mysql_variant(
                server_url, database, "ai", "agno_sessions", False, migrated_from="agno2_mysql_ai.sql (agno 2.9.0)",
                after_migration_upsert_session=(f"saved {extra.session_id}" if saved is not None
                                                else f"returned None for {extra.session_id}: not written"))
        finally:
            mysql_drop(server_url, database)
        print(f"wrote {dst.name}", file=sys.stderr)
    return entries


def verify_mysql(out: Path, server_url: str, compare) -> None:
    names = [(f, label, table, custom) for f, label, table, custom in mysql_variants()]
    if AGNO_MAJOR >= 3:
        names.append(("agno3_migrated_mysql.sql", "ai", "agno_sessions", False))
    for fname, label, table, custom in names:
        dump = out / fname
        if not dump.exists():
            continue
        database = f"agno{AGNO_MAJOR}_verify_{label}"
        mysql_load(server_url, database, dump)
        try:
            compare(f"{fname}:{table}", read_mysql_variant(server_url, database, label, table, custom))
        finally:
            mysql_drop(server_url, database)


# --------------------------------------------------------------------------------------
# Reading back through agno -> EXPECTED.json
# --------------------------------------------------------------------------------------


def canon(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def run_type(run: Dict[str, Any]) -> str:
    if run.get("agent_id") or run.get("agent_name"):
        return "agent"
    if run.get("team_id") or run.get("team_name"):
        return "team"
    return "workflow"


def layout_sqlite(path: Path, table: str) -> Dict[str, Any]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        runs_table = f"{table}_runs" if table != "agno_sessions" else "agno_runs"
        versions = []
        if "agno_schema_versions" in tables:
            versions = [{"table_name": a, "version": b} for a, b in con.execute(
                "SELECT table_name, version FROM agno_schema_versions ORDER BY table_name")]
        journal = con.execute("PRAGMA journal_mode").fetchone()[0]
        info = {"tables": sorted(tables), "journal_mode": journal}
        has_col, has_tab = "runs" in cols, runs_table in tables
        if has_tab:
            info["runs_table"] = runs_table
            info["runs_table_rows"] = con.execute(f'SELECT COUNT(*) FROM "{runs_table}"').fetchone()[0]
        if has_col:
            info["legacy_runs_column_non_null"] = con.execute(
                f'SELECT COUNT(*) FROM "{table}" WHERE runs IS NOT NULL').fetchone()[0]
        enc = {}
        for (v,) in con.execute(f'SELECT json_type(session_data) FROM "{table}"'):
            key = {"text": "double-encoded", "object": "single-encoded"}.get(v, str(v))
            enc[key] = enc.get(key, 0) + 1
        info["session_data_encoding"] = enc
    finally:
        con.close()
    return {"layout": "both" if has_col and has_tab else ("column" if has_col else "table"),
            "schema_versions": versions, **info}


def layout_pg(db_url: str, schema: str, table: str) -> Dict[str, Any]:
    import psycopg

    runs_table = f"{table}_runs" if table != "agno_sessions" else "agno_runs"
    with psycopg.connect(libpq_url(db_url)) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema=%s ORDER BY table_name", (schema,))]
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema=%s AND table_name=%s",
            (schema, table))]
        versions = []
        if "agno_schema_versions" in tables:
            versions = [{"table_name": a, "version": b} for a, b in con.execute(
                f'SELECT table_name, version FROM "{schema}".agno_schema_versions ORDER BY table_name')]
        info: Dict[str, Any] = {"tables": tables}
        has_col, has_tab = "runs" in cols, runs_table in tables
        if has_tab:
            info["runs_table"] = runs_table
            info["runs_table_rows"] = con.execute(f'SELECT COUNT(*) FROM "{schema}"."{runs_table}"').fetchone()[0]
        if has_col:
            info["legacy_runs_column_non_null"] = con.execute(
                f'SELECT COUNT(*) FROM "{schema}"."{table}" WHERE runs IS NOT NULL').fetchone()[0]
    return {"layout": "both" if has_col and has_tab else ("column" if has_col else "table"),
            "schema_versions": versions, **info}


def read_back(db, fix_row=None) -> Dict[str, Any]:
    """What agno returns; `fix_row` (MySQL) is applied to every row agno returned, after the raw comparison."""
    import inspect

    # 3.x PostgresDb/SqliteDb attach runs only on request; MySQLDb has no such parameter and always does
    kw = {"include_runs": True} if "include_runs" in inspect.signature(db.get_sessions).parameters else {}
    rows, total = db.get_sessions(deserialize=False, **kw)
    rows = sorted(rows, key=lambda r: r["session_id"])
    mismatches = []
    for r in rows:
        one = db.get_session(r["session_id"], deserialize=False)
        if canon(one) != canon(r):
            mismatches.append(r["session_id"])
    if fix_row is not None:
        rows = [fix_row(r) for r in rows]
    runs_all = [run for r in rows for run in (r.get("runs") or [])]
    counts = {
        "sessions": len(rows),
        "get_sessions_total_count": total,
        "sessions_by_type": _tally(r["session_type"] for r in rows),
        "sessions_by_user": _tally(str(r["user_id"]) for r in rows),
        "runs": len(runs_all),
        "top_level_runs": sum(1 for x in runs_all if not x.get("parent_run_id")),
        "member_runs": sum(1 for x in runs_all if x.get("parent_run_id")),
        "runs_by_type": _tally(run_type(x) for x in runs_all),
        "runs_by_status": _tally(x.get("status") for x in runs_all),
        "sessions_with_zero_runs": sum(1 for r in rows if not r.get("runs")),
    }
    return {"sessions": rows, "counts": counts, "get_session_mismatches": mismatches}


def _tally(items) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for i in items:
        out[i] = out.get(i, 0) + 1
    return dict(sorted(out.items()))


def variant_entry(read: Dict[str, Any], layout: Dict[str, Any], **extra) -> Dict[str, Any]:
    sessions = read["sessions"]
    return {
        "agno_version": AGNO_VERSION,
        **extra,
        **layout,
        "counts": read["counts"],
        "get_session_matches_get_sessions": not read["get_session_mismatches"],
        "sessions_sha256": hashlib.sha256(canon(sessions).encode("utf-8")).hexdigest(),
        "run_ids": {s["session_id"]: [x["run_id"] for x in (s.get("runs") or [])] for s in sessions},
        "sessions": sessions,
    }


# --------------------------------------------------------------------------------------
# Targets per agno version
# --------------------------------------------------------------------------------------


def sqlite_variants() -> List[tuple]:
    p = f"agno{AGNO_MAJOR}"
    return [(f"{p}.sqlite", False), (f"{p}_custom_table.sqlite", True)]


def pg_variants() -> List[tuple]:
    return [("ai", "agno_sessions", None, False), ("app", CUSTOM_TABLE, "app", True)]


def generate(out: Path, server_url: Optional[str], mysql_url: Optional[str] = None,
             mysql_only: bool = False) -> Dict[str, Any]:
    if mysql_only:
        return generate_mysql(out, mysql_url) if mysql_url else {}
    entries: Dict[str, Any] = {}
    for fname, custom in sqlite_variants():
        path = out / fname
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        db = sqlite_db(path, custom)
        write_sessions(db, build_sessions())
        dispose(db)
        finish_sqlite(path)
        entries[fname] = read_sqlite_variant(path, custom)
        print(f"wrote {fname}", file=sys.stderr)

    if server_url:
        dbname = f"agno{AGNO_MAJOR}_fixture"
        url = recreate_database(server_url, dbname)
        try:
            for schema, table, schema_arg, custom in pg_variants():
                db = pg_db(url, schema_arg, custom)
                write_sessions(db, build_sessions())
                dispose(db)
            dump = out / f"agno{AGNO_MAJOR}_postgres.sql"
            pg_dump(url, dump)
            for schema, table, schema_arg, custom in pg_variants():
                entries[f"{dump.name}:{schema}.{table}"] = read_pg_variant(url, schema, table, schema_arg, custom)
            print(f"wrote {dump.name}", file=sys.stderr)
        finally:
            drop_database(server_url, dbname)

    if AGNO_MAJOR >= 3:
        src = out / "agno2.sqlite"
        if not src.exists():
            print("agno2.sqlite missing: run the 2.x pass first to get agno3_migrated.sqlite", file=sys.stderr)
        else:
            dst = out / "agno3_migrated.sqlite"
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(dst) + suffix).unlink(missing_ok=True)
            shutil.copyfile(src, dst)
            from agno.db.migrations.manager import MigrationManager

            db = sqlite_db(dst, False)
            with frozen(MIGRATION_STAMP_TIME) as clock:
                clock["t"] = float(datetime(2026, 1, 2, 9, 0, tzinfo=timezone.utc).timestamp())
                asyncio.run(MigrationManager(db).up())
            write_sessions(db, [build_extra_session()], stamp=MIGRATION_STAMP_TIME)
            dispose(db)
            finish_sqlite(dst)
            entries[dst.name] = read_sqlite_variant(dst, False, migrated_from="agno2.sqlite (agno 2.9.0)")
            print(f"wrote {dst.name}", file=sys.stderr)
    if mysql_url:
        entries.update(generate_mysql(out, mysql_url))
    return entries


def read_sqlite_variant(path: Path, custom: bool, **extra) -> Dict[str, Any]:
    """Read through agno from a scratch copy, so the fixture file itself is never opened read-write."""
    table = CUSTOM_TABLE if custom else "agno_sessions"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        # even a read-only sqlite3 open of a WAL file leaves empty -wal/-shm files behind: inspect the copy
        layout = layout_sqlite(copy, table)
        db = sqlite_db(copy, custom)
        read = read_back(db)
        dispose(db)
    return variant_entry(read, layout, backend="sqlite", session_table=table, **extra)


def read_pg_variant(url: str, schema: str, table: str, schema_arg, custom: bool) -> Dict[str, Any]:
    layout = layout_pg(url, schema, table)
    db = pg_db(url, schema_arg, custom)
    read = read_back(db)
    dispose(db)
    return variant_entry(read, layout, backend="postgres", db_schema=schema, session_table=table)


# --------------------------------------------------------------------------------------
# EXPECTED.json
# --------------------------------------------------------------------------------------

MAX_FULL_BYTES = 6_000_000


def load_expected(out: Path) -> Dict[str, Any]:
    """Return {variant: entry-with-sessions} from EXPECTED.json (+ expected_sessions.json)."""
    exp_path = out / "EXPECTED.json"
    if not exp_path.exists():
        return {}
    exp = json.loads(exp_path.read_text(encoding="utf-8"))
    store_path = out / "expected_sessions.json"
    store = json.loads(store_path.read_text(encoding="utf-8")) if store_path.exists() else {}
    variants = {}
    for name, e in exp.get("variants", {}).items():
        e = dict(e)
        if "sessions" not in e:
            e["sessions"] = store[e["sessions_sha256"]]
        variants[name] = e
    return variants


def save_expected(out: Path, variants: Dict[str, Any]) -> None:
    variants = dict(sorted(variants.items()))
    full = {"format": 1, "variants": variants}
    text = json.dumps(full, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    store_path = out / "expected_sessions.json"
    if len(text.encode("utf-8")) <= MAX_FULL_BYTES:
        store_path.unlink(missing_ok=True)
    else:
        store: Dict[str, Any] = {}
        slim = {}
        for name, e in variants.items():
            store[e["sessions_sha256"]] = e["sessions"]
            slim[name] = {k: v for k, v in e.items() if k != "sessions"}
        groups: Dict[str, List[str]] = {}
        for name, e in slim.items():
            groups.setdefault(e["sessions_sha256"], []).append(name)
        full = {"format": 2, "sessions_file": "expected_sessions.json",
                "identical_sessions": {h: sorted(v) for h, v in sorted(groups.items())}, "variants": slim}
        text = json.dumps(full, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        store_path.write_text(json.dumps(dict(sorted(store.items())), sort_keys=True, indent=1, ensure_ascii=False)
                              + "\n", encoding="utf-8")
    (out / "EXPECTED.json").write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------


def verify(out: Path, server_url: Optional[str], mysql_url: Optional[str] = None,
           mysql_only: bool = False) -> bool:
    expected = load_expected(out)
    ok = True

    def compare(name: str, got: Dict[str, Any]) -> None:
        nonlocal ok
        exp = expected.get(name)
        if exp is None:
            print(f"MISSING in EXPECTED.json: {name}")
            ok = False
            return
        same = exp["sessions_sha256"] == got["sessions_sha256"] and canon(exp["sessions"]) == canon(got["sessions"])
        keys = ("layout", "counts", "schema_versions", "runs_table_rows", "legacy_runs_column_non_null",
                "mysql_storage", "tables")
        meta_same = all(exp.get(k) == got.get(k) for k in keys)
        print(f"{'OK ' if same and meta_same else 'BAD'} {name}: {got['counts']['sessions']} sessions, "
              f"{got['counts']['runs']} runs, layout={got['layout']}")
        ok = ok and same and meta_same

    if mysql_url:
        verify_mysql(out, mysql_url, compare)
    if mysql_only:
        return ok
    names = [f for f, _ in sqlite_variants()] + (["agno3_migrated.sqlite"] if AGNO_MAJOR >= 3 else [])
    for fname in names:
        path = out / fname
        if not path.exists():
            continue
        # plain sqlite3, read-only (immutable=1: a mode=ro open of a WAL file would create -wal/-shm)
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        for suffix in ("-wal", "-shm"):
            if Path(str(path) + suffix).exists():
                print(f"BAD {fname}: {suffix} file present")
                ok = False
        compare(fname, read_sqlite_variant(path, fname.endswith("_custom_table.sqlite")))

    dump = out / f"agno{AGNO_MAJOR}_postgres.sql"
    if server_url and dump.exists():
        dbname = f"agno{AGNO_MAJOR}_verify"
        url = recreate_database(server_url, dbname)
        try:
            restore_dump(url, dump)
            for schema, table, schema_arg, custom in pg_variants():
                compare(f"{dump.name}:{schema}.{table}", read_pg_variant(url, schema, table, schema_arg, custom))
        finally:
            drop_database(server_url, dbname)
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent), help="output directory")
    ap.add_argument("--pg-url", default=None,
                    help="SQLAlchemy URL of a Postgres server; its database part is the maintenance database "
                         "used for CREATE/DROP DATABASE (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)")
    ap.add_argument("--mysql-url", default=None,
                    help="SQLAlchemy URL of a MySQL/MariaDB server (mysql+pymysql://root@127.0.0.1:3306/test); "
                         "its credentials are used for CREATE/DROP DATABASE of the scratch databases")
    ap.add_argument("--mysql-only", action="store_true",
                    help="write/verify only the MySQL variants (leave the SQLite files and Postgres dumps alone)")
    ap.add_argument("--verify", action="store_true", help="only re-read the fixtures and compare with EXPECTED.json")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.verify:
        return 0 if verify(out, args.pg_url, args.mysql_url, args.mysql_only) else 1
    t0 = time.monotonic()
    entries = generate(out, args.pg_url, args.mysql_url, args.mysql_only)
    variants = load_expected(out)
    variants.update(entries)
    save_expected(out, variants)
    print(f"agno {AGNO_VERSION}: {len(entries)} variants written in {time.monotonic() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
