"""Generate a large, deterministic corpus of agno-shaped sessions for kern's benchmarks.

Tables are created with kern_core's own DDL (identical to what agno 3.x / 2.x creates; kern's
extra ``user_id`` index is dropped unless ``--kern-index``), then bulk-loaded: SQLite with
``executemany`` in big transactions, PostgreSQL with ``COPY ... FREEZE`` from a writer thread, so
both backends load in one pass over the generated data. Indexes (and the PostgreSQL foreign key)
are built after the load; the final schema is exactly the one the DDL created.

Run payloads are built from f-string templates over a pool of word-salad text (no per-run
``json.dumps``); every template is valid JSON in agno's RunOutput / TeamRunOutput /
WorkflowRunOutput shape (``--check`` decodes a sample to prove it).

Examples::

    python bench/gen_corpus.py --sqlite bench/corpus/small.db \\
        --sessions 1000 --runs 5000
    python bench/gen_corpus.py --sqlite bench/corpus/full.db \\
        --pg postgresql://postgres@127.0.0.1/kern_bench_full --sessions 100000 --runs 500000

The fixed benchmark inputs (a mid-size user, the heavy user, a session with 5 runs, the prune
cutoff) are printed as one JSON object on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import bisect
import heapq
import json
import os
import queue
import random
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DEFAULT_NOW = 1795538720  # fixed so that a seed always gives the same corpus
DAY = 86400

# -- text --------------------------------------------------------------------------------------

_WORDS = (  # noqa: SIM905 - a word list reads best as text
    "the of and to in is that for it as with was on be by this are from or at an which "
    "have not but all can has more one their will been they there if about would into when "
    "what so some other its time only could new these two may first then do any like my "
    "now over such our man me even most made after also did many before must through back "
    "years where much your way well down should because each just those people how too "
    "little state good very make world still own see men work long get here between both "
    "life being under never day same another know while last might us great old year off "
    "come since against go came right used take three invoice billing account refund "
    "payment order shipment delivery customer support ticket request database query index "
    "table schema migration backup server cluster latency throughput error warning timeout "
    "retry session agent team workflow report summary analysis forecast revenue quarter "
    "region market product feature release version deploy pipeline build test coverage "
    "metric dashboard alert incident outage escalation priority contract renewal discount "
    "subscription plan tier upgrade downgrade usage quota limit storage bandwidth region "
    "zone replica shard partition vector embedding search ranking relevance document "
    "paragraph citation source reference weather forecast temperature humidity wind city "
    "travel flight hotel booking itinerary recipe ingredient calendar meeting schedule "
    "reminder deadline project milestone budget caf\\u00e9 Z\\u00fcrich na\\u00efve "
    "r\\u00e9sum\\u00e9 M\\u00fcnchen"
).split()
_ASCII_WORDS = [w for w in _WORDS if "\\" not in w]
_TOPICS = ("billing", "support", "research", "travel", "weather", "infra", "sales", "hr", "legal")
_TOOLS = (
    ("search_kb", "query"),
    ("get_invoice", "invoice_id"),
    ("web_search", "query"),
    ("get_weather", "city"),
    ("run_sql", "sql"),
    ("lookup_customer", "email"),
    ("create_ticket", "title"),
    ("fetch_document", "url"),
)
_MODELS = (
    ("gpt-4o", "OpenAI", "OpenAIChat"),
    ("gpt-4o-mini", "OpenAI", "OpenAIChat"),
    ("claude-sonnet-4-5", "Anthropic", "Claude"),
    ("gemini-2.5-flash", "Google", "Gemini"),
)


class TextPool:
    """A long word-salad string; ``take(rng, n)`` returns ~n characters starting at a word."""

    def __init__(self, rng: random.Random, size: int = 1 << 20) -> None:
        weights = [1.0 / (i + 1) ** 0.9 for i in range(len(_WORDS))]
        words = rng.choices(_WORDS, weights=weights, k=size // 5)
        out: list[str] = []
        starts: list[int] = []
        pos = 0
        i = 0
        while i < len(words):
            n = rng.randint(6, 18)
            sentence = " ".join(words[i : i + n])
            sentence = sentence[:1].upper() + sentence[1:] + ("," if rng.random() < 0.1 else ".")
            starts.append(pos)
            out.append(sentence)
            pos += len(sentence) + 1
            i += n
        self.text = " ".join(out)
        self.starts = starts
        self.limit = bisect.bisect_right(starts, len(self.text) - 20000)

    def take(self, rng: random.Random, n: int) -> str:
        if n <= 0:
            return ""
        s = self.starts[rng.randrange(self.limit)]
        chunk = self.text[s : s + n]
        cut = chunk.rfind(" ")
        if cut > n // 2:
            chunk = chunk[:cut]
        # never end inside a \uXXXX escape
        back = chunk.rfind("\\", max(0, len(chunk) - 6))
        if back != -1:
            chunk = chunk[:back]
        return chunk.rstrip(" ,")


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"


def _call_id(rng: random.Random) -> str:
    return f"call_{rng.getrandbits(120):030x}"[:29]


# -- the plan: who, when, how many runs (cheap; payloads are built later) ----------------------


@dataclass
class RunSpec:
    run_id: str
    kind: str  # agent | member | team | workflow
    created_at: int
    index: int
    parent: str | None = None
    members: list[int] = field(default_factory=list)  # team run: indexes of its member runs
    actor: str = ""  # agent_id of a member run
    status: str = "COMPLETED"
    in_tokens: int = 0
    out_tokens: int = 0


@dataclass
class SessionSpec:
    session_id: str
    session_type: str
    owner: str  # agent_id / team_id / workflow_id
    user_id: str | None
    created_at: int
    runs: list[RunSpec]
    named: bool
    summary: bool
    metadata: bool

    @property
    def updated_at(self) -> int:
        return max(r.created_at for r in self.runs) if self.runs else self.created_at


@dataclass
class World:
    agents: list[tuple[str, str, int]]  # id, display name, model index
    teams: list[tuple[str, str, int, list[int]]]  # id, name, model, member agent indexes
    workflows: list[tuple[str, str, list[tuple[str, str, int]]]]  # id, name, steps(name,id,agent)
    # (a step's agent index is -1 for a function step: no executor run, no metrics)
    users: list[str]


def _zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


def build_world(args: argparse.Namespace, rng: random.Random) -> World:
    agents = [
        (f"agent-{i:03d}", f"Agent {i:03d}", rng.randrange(len(_MODELS)))
        for i in range(args.agents)
    ]
    teams = [
        (
            f"team-{i:02d}",
            f"Team {i:02d}",
            rng.randrange(len(_MODELS)),
            rng.sample(range(args.agents), min(args.agents, rng.randint(2, 4))),
        )
        for i in range(args.teams)
    ]
    workflows = []
    for i in range(args.workflows):
        steps = [
            (
                rng.choice(("extract", "research", "draft", "review", "edit", "publish")) + f"-{j}",
                _uuid(rng),
                rng.randrange(args.agents) if j == 0 or rng.random() < 0.4 else -1,
            )
            for j in range(rng.randint(1, 3))
        ]
        workflows.append((f"workflow-{i:02d}", f"Workflow {i:02d}", steps))
    users = [f"user-{i:04d}" for i in range(args.users)]
    rng.shuffle(users)  # rank 0 (the heaviest) is not user-0000
    return World(agents, teams, workflows, users)


def plan(args: argparse.Namespace) -> tuple[World, list[SessionSpec]]:
    rng = random.Random(args.seed)
    world = build_world(args, rng)
    n, m = args.sessions, max(args.runs, args.sessions)
    # rows per session: 1 each, the rest spread with a cap of 15
    counts = [1] * n
    extra = m - n
    while extra:
        i = rng.randrange(n)
        if counts[i] < 15:
            counts[i] += 1
            extra -= 1
    user_w = _zipf_weights(len(world.users), args.user_skew)
    agent_w = _zipf_weights(len(world.agents), 0.8)
    users = rng.choices(world.users, weights=user_w, k=n)
    start = args.now - args.days * DAY
    sessions: list[SessionSpec] = []
    for i in range(n):
        r = rng.random()
        stype = (
            "agent"
            if r < 0.7 or not world.teams and not world.workflows
            else ("team" if (r < 0.9 and world.teams) or not world.workflows else "workflow")
        )
        created = rng.randrange(start, args.now - 3600)
        user = users[i] if rng.random() > 0.02 else None
        t = created
        runs: list[RunSpec] = []
        if stype == "agent":
            owner = world.agents[rng.choices(range(len(world.agents)), weights=agent_w)[0]][0]
            for k in range(counts[i]):
                runs.append(RunSpec(_uuid(rng), "agent", t, k, status=_status(rng)))
                t += rng.randint(20, 900)
        elif stype == "workflow":
            owner = rng.choice(world.workflows)[0]
            for k in range(counts[i]):
                runs.append(RunSpec(_uuid(rng), "workflow", t, k, status=_status(rng)))
                t += rng.randint(60, 3600)
        else:
            team = rng.choice(world.teams)
            owner = team[0]
            left = counts[i]
            while left:
                nm = 0 if left == 1 else min(left - 1, rng.choices((0, 1, 2), (3, 6, 1))[0])
                team_id = _uuid(rng)
                team_run = RunSpec(team_id, "team", t, 0, status=_status(rng))
                for j in range(nm):
                    agent = world.agents[team[3][j % len(team[3])]][0]
                    member = RunSpec(
                        _uuid(rng), "member", t + 1 + j, 0, parent=team_id, actor=agent
                    )
                    team_run.members.append(len(runs))
                    runs.append(member)
                runs.append(team_run)
                left -= nm + 1
                t += rng.randint(20, 900)
            for k, run in enumerate(runs):
                run.index = k
        for run in runs:
            run.in_tokens = rng.randint(300, 4000)
            run.out_tokens = rng.randint(20, 600)
        sessions.append(
            SessionSpec(
                _uuid(rng),
                stype,
                owner,
                user,
                created,
                runs,
                named=rng.random() < 0.5,
                summary=stype != "workflow" and rng.random() < 0.25,
                metadata=rng.random() < 0.3,
            )
        )
    sessions.sort(key=lambda s: (s.created_at, s.session_id))
    return world, sessions


def _status(rng: random.Random) -> str:
    r = rng.random()
    return "COMPLETED" if r < 0.96 else ("ERROR" if r < 0.99 else "CANCELLED")


# -- payloads -------------------------------------------------------------------------------


class Payloads:
    """Builds the JSON text of sessions and runs from templates (no json.dumps per run)."""

    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed * 7919 + 1)
        self.pool = TextPool(random.Random(seed * 31 + 7))
        self.agent_by_id = {a[0]: a for a in world.agents}
        self.team_by_id = {t[0]: t for t in world.teams}
        self.wf_by_id = {w[0]: w for w in world.workflows}

    # small pieces
    def _msg(self, role: str, content: str, t: int, extra: str = "") -> str:
        return (
            f'{{"id": "{_uuid(self.rng)}", "content": "{content}", "from_history": false, '
            f'"stop_after_tool_call": false, "role": "{role}"{extra}, "created_at": {t}}}'
        )

    def _metrics(self, model: int, i: int, o: int, with_timing: bool = True) -> str:
        mid, prov, _ = _MODELS[model]
        timing = (
            f', "time_to_first_token": {self.rng.uniform(0.2, 2):.4f}, '
            f'"duration": {self.rng.uniform(1, 20):.4f}'
            if with_timing
            else ""
        )
        return (
            f'{{"input_tokens": {i}, "output_tokens": {o}, "total_tokens": {i + o}{timing}, '
            f'"details": {{"model": [{{"input_tokens": {i}, "output_tokens": {o}, '
            f'"total_tokens": {i + o}, "id": "{mid}", "provider": "{prov}"}}]}}}}'
        )

    def _tool_exec(self, call: str, name: str, args: str, result: str, t: int) -> str:
        start = t + self.rng.random()
        dur = self.rng.uniform(0.05, 3)
        return (
            f'{{"tool_call_id": "{call}", "tool_name": "{name}", "tool_args": {args}, '
            f'"tool_call_error": false, "result": "{result}", "metrics": {{"start_time": '
            f'{start:.7f}, "end_time": {start + dur:.7f}, "duration": {dur:.4f}}}, '
            '"child_run_id": null, "stop_after_tool_call": false, '
            f'"created_at": {t}, "requires_confirmation": null, "confirmed": null, '
            '"confirmation_note": null, "requires_user_input": null, "user_input_schema": null, '
            '"user_feedback_schema": null, "answered": null, "external_execution_required": '
            'null, "external_execution_silent": null, "approval_type": null, "approval_id": '
            'null, "parent_tool_call_id": null}'
        )

    def _words(self, k: int) -> str:
        return " ".join(self.rng.choices(_ASCII_WORDS, k=k))

    def _agent_body(
        self,
        run: RunSpec,
        agent: tuple[str, str, int],
        question: str,
        answer: str,
        ntools: int,
        tool_text: int,
        light: bool,
    ) -> tuple[str, str]:
        """(messages, tools) JSON arrays of a tool-using agent turn."""
        rng = self.rng
        t = run.created_at
        system = self.pool.take(rng, rng.randint(60, 160) if light else rng.randint(250, 600))
        calls, tools_msgs, execs = [], [], []
        for _ in range(ntools):
            name, key = _TOOLS[rng.randrange(len(_TOOLS))]
            call = _call_id(rng)
            value = self._words(rng.randint(2, 5))
            calls.append(
                f'{{"id": "{call}", "type": "function", "function": {{"name": "{name}", '
                f'"arguments": "{{\\"{key}\\": \\"{value}\\"}}"}}}}'
            )
            result = self.pool.take(rng, tool_text)
            tools_msgs.append(
                self._msg(
                    "tool",
                    result,
                    t + 2,
                    f', "tool_call_id": "{call}", "tool_name": "{name}", '
                    f'"tool_args": {{"{key}": "{value}"}}, "tool_call_error": false',
                )
            )
            execs.append(self._tool_exec(call, name, f'{{"{key}": "{value}"}}', result, t + 2))
        model = agent[2]
        first_in = run.in_tokens // 2
        msgs = [
            self._msg("system", system, t),
            self._msg("user", question, t),
        ]
        if ntools:
            msgs.append(
                f'{{"id": "{_uuid(rng)}", "from_history": false, "stop_after_tool_call": false, '
                f'"role": "assistant", "tool_calls": [{", ".join(calls)}], "metrics": '
                f'{{"input_tokens": {first_in}, "output_tokens": 22, "total_tokens": '
                f'{first_in + 22}}}, "created_at": {t + 1}}}'
            )
            msgs.extend(tools_msgs)
        last_in = run.in_tokens - first_in
        msgs.append(
            self._msg(
                "assistant",
                answer,
                t + 3,
                f', "metrics": {{"input_tokens": {last_in}, "output_tokens": {run.out_tokens}, '
                f'"total_tokens": {last_in + run.out_tokens}, "time_to_first_token": '
                f"{rng.uniform(0.1, 1.5):.4f}}}",
            )
        )
        _ = model
        return "[" + ", ".join(msgs) + "]", "[" + ", ".join(execs) + "]"

    def agent_run(
        self,
        s: SessionSpec,
        run: RunSpec,
        target: int,
        agent_id: str | None = None,
        parent: str | None = None,
        extra: str = "",
    ) -> str:
        rng = self.rng
        agent = self.agent_by_id[agent_id or s.owner]
        mid, prov, _ = _MODELS[agent[2]]
        light = target < 2500
        question = self.pool.take(rng, rng.randint(30, 80) if light else rng.randint(40, 200))
        ntools = rng.choice((0, 0, 1)) if light else rng.choice((1, 1, 2))
        tool_text = rng.randint(60, 150) if light else rng.randint(150, 400)
        # size everything but the answer, then fill the answer (it appears twice)
        msgs, tools = self._agent_body(run, agent, question, "@@A@@", ntools, tool_text, light)
        user = f', "user_id": "{s.user_id}"' if s.user_id else ""
        par = f', "parent_run_id": "{parent}"' if parent else ""
        metrics = (
            ""
            if run.status != "COMPLETED"
            else f', "metrics": {self._metrics(agent[2], run.in_tokens, run.out_tokens)}'
        )
        head = (
            f'{{"run_id": "{run.run_id}", "agent_id": "{agent[0]}", "agent_name": "{agent[1]}", '
            f'"session_id": "{s.session_id}"{par}{user}{extra}, "content": "@@A@@", '
            f'"content_type": "str", "model": "{mid}", "model_provider": "{prov}", '
            f'"session_state": {{}}, "created_at": {run.created_at}, '
            f'"status": "{run.status}"{metrics}, "messages": {msgs}, "tools": {tools}, '
            f'"input": {{"input_content": "{question}"}}}}'
        )
        fill = max(40, (target - len(head) + 10) // 2)
        answer = (
            self.pool.take(rng, fill)
            if run.status != "CANCELLED"
            else f"Run {run.run_id} was cancelled"
        )
        return head.replace("@@A@@", answer)

    def team_run(self, s: SessionSpec, run: RunSpec, members: Sequence[str], target: int) -> str:
        rng = self.rng
        team = self.team_by_id[s.owner]
        mid, prov, _ = _MODELS[team[2]]
        t = run.created_at
        question = self.pool.take(rng, rng.randint(40, 200))
        calls, tmsgs, execs = [], [], []
        for j in range(max(1, len(members))):
            member = self.world.agents[team[3][j % len(team[3])]]
            call = _call_id(rng)
            task = self._words(rng.randint(4, 10))
            calls.append(
                f'{{"id": "{call}", "type": "function", "function": {{"name": '
                f'"delegate_task_to_member", "arguments": "{{\\"member_id\\": \\"{member[0]}\\", '
                f'\\"task\\": \\"{task}\\"}}"}}}}'
            )
            result = self.pool.take(rng, rng.randint(100, 300))
            args = f'{{"member_id": "{member[0]}", "task": "{task}"}}'
            tmsgs.append(
                self._msg(
                    "tool",
                    result,
                    t + 2,
                    f', "tool_call_id": "{call}", "tool_name": "delegate_task_to_member", '
                    f'"tool_args": {args}, "tool_call_error": false',
                )
            )
            execs.append(self._tool_exec(call, "delegate_task_to_member", args, result, t + 2))
        system = self.pool.take(rng, rng.randint(200, 500))
        msgs = [
            self._msg("system", f"<team>{system}</team>", t),
            self._msg("user", question, t),
            f'{{"id": "{_uuid(rng)}", "from_history": false, "stop_after_tool_call": false, '
            f'"role": "assistant", "tool_calls": [{", ".join(calls)}], "created_at": {t + 1}}}',
            *tmsgs,
            self._msg("assistant", "@@A@@", t + 4),
        ]
        user = f', "user_id": "{s.user_id}"' if s.user_id else ""
        metrics = (
            ""
            if run.status != "COMPLETED"
            else f', "metrics": {self._metrics(team[2], run.in_tokens, run.out_tokens)}'
        )
        head = (
            f'{{"run_id": "{run.run_id}", "team_id": "{team[0]}", "team_name": "{team[1]}", '
            f'"session_id": "{s.session_id}"{user}, "content": "@@A@@", "content_type": "str", '
            f'"model": "{mid}", "model_provider": "{prov}", "session_state": {{}}, '
            f'"created_at": {t}, "status": "{run.status}"{metrics}, '
            f'"messages": [{", ".join(msgs)}], "member_responses": [{", ".join(members)}], '
            f'"tools": [{", ".join(execs)}], "input": {{"input_content": "{question}"}}}}'
        )
        fill = max(40, (target - len(head) + 10) // 2)
        return head.replace("@@A@@", self.pool.take(rng, fill))

    def workflow_run(self, s: SessionSpec, run: RunSpec, target: int) -> str:
        rng = self.rng
        wf = self.wf_by_id[s.owner]
        steps = wf[2]
        t = run.created_at
        question = self.pool.take(rng, rng.randint(20, 80))
        n_agent = sum(1 for _, _, a in steps if a >= 0)
        per_step = max(1100, (target - 700 - 300 * len(steps) - 450 * n_agent) // n_agent)
        results, executors, step_metrics = [], [], []
        for name, step_id, agent_idx in steps:
            if agent_idx < 0:
                fn = name.split("-")[0] + "_rows"
                results.append(
                    f'{{"content": "{fn}: {rng.randint(10, 99999)} rows", "step_name": "{name}", '
                    f'"step_id": "{step_id}", "step_type": "Step", "executor_type": "function", '
                    f'"executor_name": "{fn}", "step_run_id": null, "images": null, '
                    '"videos": null, "audio": null, "files": null, "metrics": null, '
                    '"success": true, "error": null, "stop": false, "is_paused": false}'
                )
                continue
            agent = self.world.agents[agent_idx]
            sub = RunSpec(
                _uuid(rng),
                "agent",
                t,
                0,
                in_tokens=rng.randint(300, 2000),
                out_tokens=rng.randint(20, 400),
            )
            executors.append(
                self.agent_run(
                    s,
                    sub,
                    per_step,
                    agent_id=agent[0],
                    parent=run.run_id,
                    extra=f', "workflow_id": "{wf[0]}", "workflow_step_id": "{step_id}", '
                    '"metadata": {}',
                )
            )
            m = self._metrics(agent[2], sub.in_tokens, sub.out_tokens)
            results.append(
                f'{{"content": "{self.pool.take(rng, rng.randint(60, 160))}", "step_name": '
                f'"{name}", "step_id": "{step_id}", "step_type": "Step", "executor_type": '
                f'"agent", "executor_name": "{agent[1]}", "step_run_id": "{sub.run_id}", '
                '"images": null, "videos": null, "audio": null, "files": null, '
                f'"metrics": {m}, "success": true, "error": null, "stop": false, '
                '"is_paused": false}'
            )
            step_metrics.append(
                f'"{name}": {{"step_name": "{name}", "executor_type": "agent", '
                f'"executor_name": "{agent[1]}", "metrics": {m}}}'
            )
            t += rng.randint(2, 30)
        user = f', "user_id": "{s.user_id}"' if s.user_id else ""
        return (
            f'{{"input": "{question}", "content": "{self.pool.take(rng, rng.randint(80, 400))}", '
            f'"content_type": "str", "workflow_id": "{wf[0]}", "workflow_name": "{wf[1]}", '
            f'"run_id": "{run.run_id}", "session_id": "{s.session_id}"{user}, '
            f'"created_at": {run.created_at}, "status": "{run.status}", "metadata": {{}}, '
            '"images": [], "videos": [], "audio": [], "files": [], '
            f'"step_results": [{", ".join(results)}], '
            f'"step_executor_runs": [{", ".join(executors)}], '
            f'"metrics": {{"steps": {{{", ".join(step_metrics)}}}, '
            f'"duration": {rng.uniform(2, 60):.4f}}}}}'
        )

    def session_runs(self, s: SessionSpec) -> list[str]:
        """The run_data texts of a session, in run_index order."""
        rng = self.rng
        out: list[str] = []
        cache: dict[int, str] = {}
        for k, run in enumerate(s.runs):
            target = rng.randint(3100, 6100)
            if run.kind == "agent":
                out.append(self.agent_run(s, run, target))
            elif run.kind == "workflow":
                out.append(self.workflow_run(s, run, target))
            elif run.kind == "member":
                cache[k] = self.agent_run(
                    s,
                    run,
                    rng.randint(1100, 1800),
                    agent_id=run.actor,
                    parent=run.parent,
                )
                out.append(cache[k])
            else:
                members = [cache[i] for i in run.members]
                need = sum(len(m) for m in members) + 2200
                out.append(self.team_run(s, run, members, max(target, need)))
        return out

    def session_json(self, s: SessionSpec) -> dict[str, str | None]:
        """JSON texts of the session columns (None = SQL NULL; 'null' = JSON null)."""
        rng = self.rng
        i = sum(r.in_tokens for r in s.runs)
        o = sum(r.out_tokens for r in s.runs)
        name = (
            f', "session_name": "{self.pool.take(rng, rng.randint(12, 40)).capitalize()}"'
            if s.named
            else ""
        )
        if s.session_type == "agent":
            model = self.agent_by_id[s.owner][2]
        elif s.session_type == "team":
            model = self.team_by_id[s.owner][2]
        else:
            model = 0
        metrics = (
            self._metrics(model, i, o, with_timing=False) if s.session_type != "workflow" else "{}"
        )
        data = f'{{"session_state": {{}}, "session_metrics": {metrics}{name}}}'
        out: dict[str, str | None] = {
            "session_data": data,
            "agent_data": None,
            "team_data": None,
            "workflow_data": None,
        }
        mid, prov, mname = _MODELS[model]
        if s.session_type == "agent":
            a = self.agent_by_id[s.owner]
            out["agent_data"] = (
                f'{{"name": "{a[1]}", "agent_id": "{a[0]}", "model": {{"name": "{mname}", '
                f'"id": "{mid}", "provider": "{prov}"}}}}'
            )
        elif s.session_type == "team":
            tm = self.team_by_id[s.owner]
            out["team_data"] = (
                f'{{"name": "{tm[1]}", "team_id": "{tm[0]}", "model": {{"name": "{mname}", '
                f'"id": "{mid}", "provider": "{prov}"}}}}'
            )
        else:
            wf = self.wf_by_id[s.owner]
            steps = ", ".join(
                f'{{"name": "{n}", "description": null, "type": "Step"}}' for n, _, _ in wf[2]
            )
            out["workflow_data"] = (
                f'{{"workflow_id": "{wf[0]}", "name": "{wf[1]}", "steps": [{steps}]}}'
            )
        if s.session_type == "workflow":
            out["metadata"] = "{}"
        elif s.metadata:
            out["metadata"] = (
                f'{{"source": "{rng.choice(("api", "slack", "web", "cli"))}", '
                f'"priority": {rng.randint(1, 5)}}}'
            )
        else:
            out["metadata"] = "null"
        if s.summary:
            topics = ", ".join(f'"{x}"' for x in rng.sample(_TOPICS, rng.randint(1, 3)))
            when = datetime.fromtimestamp(s.updated_at, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
            out["summary"] = (
                f'{{"summary": "{self.pool.take(rng, rng.randint(120, 400))}", '
                f'"topics": [{topics}], "updated_at": "{when}"}}'
            )
        else:
            out["summary"] = "null"
        return out


# -- loading ----------------------------------------------------------------------------------

SESSION_COLS = (
    "session_id",
    "session_type",
    "agent_id",
    "team_id",
    "workflow_id",
    "user_id",
    "session_data",
    "agent_data",
    "team_data",
    "workflow_data",
    "metadata",
    "summary",
    "created_at",
    "updated_at",
)
RUN_COLS = (
    "run_id",
    "session_id",
    "run_type",
    "agent_id",
    "team_id",
    "workflow_id",
    "user_id",
    "parent_run_id",
    "status",
    "run_index",
    "run_data",
    "created_at",
    "updated_at",
)


def session_row(
    s: SessionSpec, js: dict[str, str | None], runs: str | None, column_layout: bool
) -> tuple[Any, ...]:
    owner = {"agent": 2, "team": 3, "workflow": 4}[s.session_type]
    ids: list[str | None] = [s.session_id, s.session_type, None, None, None, s.user_id]
    ids[owner] = s.owner
    values = [
        js["session_data"],
        js["agent_data"],
        js["team_data"],
        js["workflow_data"],
        js["metadata"],
    ]
    if column_layout:
        values.append(runs)
    values.append(js["summary"])
    return (*ids, *values, s.created_at, s.updated_at)


def run_row(s: SessionSpec, run: RunSpec, data: str) -> tuple[Any, ...]:
    rtype = "agent" if run.kind in ("agent", "member") else run.kind
    agent = run.actor if run.kind == "member" else (s.owner if run.kind == "agent" else None)
    return (
        run.run_id,
        s.session_id,
        rtype,
        agent,
        s.owner if run.kind == "team" else None,
        s.owner if run.kind == "workflow" else None,
        s.user_id,
        run.parent,
        run.status,
        run.index,
        data,
        run.created_at,
        run.created_at + 5,
    )


def _copy_escape(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, int):
        return str(value)
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    return value


def copy_line(row: Sequence[Any]) -> str:
    return "\t".join([_copy_escape(v) for v in row]) + "\n"


class PgLoader:
    """COPY rows into PostgreSQL from a writer thread fed through a bounded queue."""

    def __init__(self, conn: Any, schema: str, table: str, columns: Sequence[str]) -> None:
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self.conn = conn
        cols = ", ".join('"metadata"' if c == "metadata" else c for c in columns)
        self.sql = f'COPY "{schema}"."{table}" ({cols}) FROM STDIN WITH (FREEZE)'
        self.error: BaseException | None = None
        self.buf: list[str] = []
        self.size = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            with self.conn.cursor() as cur, cur.copy(self.sql) as copy:
                while True:
                    chunk = self.q.get()
                    if chunk is None:
                        break
                    copy.write(chunk)
        except BaseException as exc:  # noqa: BLE001 - reported in close()
            self.error = exc
            while self.q.get() is not None:
                pass

    def add(self, row: Sequence[Any]) -> None:
        line = copy_line(row)
        self.buf.append(line)
        self.size += len(line)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        if self.buf:
            self.q.put("".join(self.buf).encode())
            self.buf, self.size = [], 0

    def close(self) -> None:
        self.flush()
        self.q.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def psycopg_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=False)


def _log(msg: str) -> None:
    print(f"[gen {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def create_sqlite(
    path: Path, column_layout: bool, replace: bool
) -> tuple[sqlite3.Connection, list[str]]:
    from kern_core import writing
    from kern_core.dialect import SqliteDialect
    from kern_core.url import Location

    if path.exists() or Path(f"{path}-wal").exists():
        if not replace:
            sys.exit(f"{path} exists (pass --replace)")
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            p.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    backend = SqliteDialect(Location("sqlite", path=str(path)))
    conn = backend.connect_creating()
    with backend.transaction(conn):
        stmts = writing.create_tables(
            backend, conn, "agno_sessions", None if column_layout else "agno_runs", column_layout
        )
    conn.close()
    raw = sqlite3.connect(path, isolation_level=None)
    for p in (
        "journal_mode = OFF",
        "synchronous = OFF",
        "cache_size = -262144",
        "foreign_keys = OFF",
        "temp_store = MEMORY",
    ):
        raw.execute(f"PRAGMA {p}")
    indexes = _index_statements(stmts)
    for name in _index_names(indexes):
        raw.execute(f'DROP INDEX "{name}"')
    return raw, indexes


def _index_statements(stmts: Sequence[str]) -> list[str]:
    return [s for s in stmts if s.upper().startswith("CREATE INDEX") and "schema_versions" not in s]


def _index_names(indexes: Sequence[str]) -> list[str]:
    out = []
    for s in indexes:
        name = s.split(" ON ")[0].split()[-1]
        out.append(name.split(".")[-1].strip('"'))
    return out


def create_pg(
    url: str, schema: str, column_layout: bool, replace: bool
) -> tuple[list[Any], list[str], list[str]]:
    import psycopg

    from kern_core import writing
    from kern_core.dialect import PostgresDialect
    from kern_core.url import parse_location

    backend = PostgresDialect(parse_location(url), schema=schema)
    conn = backend.connect(read_only=False)
    existing = set(backend.list_tables(conn))
    ours = {"agno_sessions", "agno_runs", "agno_schema_versions"}
    if existing & ours:
        if not replace:
            sys.exit(f"tables {sorted(existing & ours)} exist in {schema} (pass --replace)")
        conn.execute(
            ", ".join(f'"{schema}"."{t}"' for t in sorted(existing & ours)).join(
                ("DROP TABLE ", " CASCADE")
            )
        )
    stmts = writing.create_tables(
        backend, conn, "agno_sessions", None if column_layout else "agno_runs", column_layout
    )
    conn.commit()
    indexes = _index_statements(stmts)
    fks: list[str] = []
    for name, definition in conn.execute(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE c.contype = 'f' AND n.nspname = %s AND t.relname = 'agno_runs'",
        (schema,),
    ).fetchall():
        fks.append(f'ALTER TABLE "{schema}"."agno_runs" ADD CONSTRAINT "{name}" {definition}')
        conn.execute(f'ALTER TABLE "{schema}"."agno_runs" DROP CONSTRAINT "{name}"')
    for name in _index_names(indexes):
        conn.execute(f'DROP INDEX "{schema}"."{name}"')
    conn.commit()
    conn.close()
    # two loading connections (sessions, runs) so both COPYs stream at once; COPY FREEZE needs
    # the table truncated in the loading transaction
    loads = []
    for table in ("agno_sessions",) if column_layout else ("agno_sessions", "agno_runs"):
        load = psycopg.connect(url, autocommit=False)
        load.execute("SET synchronous_commit = off")
        load.execute(f'TRUNCATE "{schema}"."{table}"')
        loads.append(load)
    return loads, indexes, fks


def fixed_inputs(sessions: Sequence[SessionSpec], now: int) -> dict[str, Any]:
    per_user = Counter(s.user_id for s in sessions if s.user_id)
    ranked = per_user.most_common()
    heavy_user, heavy_n = ranked[0]
    # a mid-size user: the one closest to 1.5x the median count (a few dozen sessions at full size)
    counts = sorted(per_user.values())
    want = max(5, int(counts[len(counts) // 2] * 1.5))
    mid_user, mid_n = min(ranked, key=lambda kv: (abs(kv[1] - want), kv[0]))
    five = next(
        (s for s in sessions if s.session_type == "agent" and len(s.runs) == 5),
        sessions[len(sessions) // 2],
    )
    cutoff = now - 90 * DAY
    pruned = [s for s in sessions if s.created_at < cutoff]
    return {
        "user": mid_user,
        "user_sessions": mid_n,
        "heavy_user": heavy_user,
        "heavy_user_sessions": heavy_n,
        "session_id": five.session_id,
        "session_runs": len(five.runs),
        "prune_before": cutoff,
        "prune_before_date": datetime.fromtimestamp(cutoff, timezone.utc).strftime("%Y-%m-%d"),
        "prune_sessions": len(pruned),
        "prune_runs": sum(len(s.runs) for s in pruned),
        "sessions": len(sessions),
        "runs": sum(len(s.runs) for s in sessions),
        "now": now,
    }


def generate(args: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    world, sessions = plan(args)
    inputs = fixed_inputs(sessions, args.now)
    _log(
        f"planned {len(sessions)} sessions, {inputs['runs']} runs in "
        f"{time.perf_counter() - t0:.1f}s"
    )
    column = args.layout == "column"
    payloads = Payloads(world, args.seed)

    lite: sqlite3.Connection | None = None
    lite_indexes: list[str] = []
    pg: list[Any] | None = None
    pg_indexes: list[str] = []
    pg_fks: list[str] = []
    if args.sqlite:
        lite, lite_indexes = create_sqlite(Path(args.sqlite), column, args.replace)
    if args.pg:
        pg, pg_indexes, pg_fks = create_pg(args.pg, args.pg_schema, column, args.replace)

    scols = list(SESSION_COLS)
    if column:
        scols.insert(scols.index("summary"), "runs")
    s_sql = f"INSERT INTO agno_sessions ({', '.join(scols)}) VALUES ({', '.join('?' * len(scols))})"
    r_sql = f"INSERT INTO agno_runs ({', '.join(RUN_COLS)}) VALUES ({', '.join('?' * 13)})"

    # Runs go in in created_at order across sessions, as a live system writes them. Sessions
    # come in created_at order and a session's runs never start before it, so a small heap
    # releases every run older than the current session: memory stays bounded.
    total_bytes = 0
    pg_s = pg_r = None
    if pg is not None:
        pg_s = PgLoader(pg[0], args.pg_schema, "agno_sessions", scols)
        if not column:
            pg_r = PgLoader(pg[1], args.pg_schema, "agno_runs", RUN_COLS)
    s_batch: list[tuple[Any, ...]] = []
    r_batch: list[tuple[Any, ...]] = []
    heap: list[tuple[int, str, tuple[Any, ...]]] = []
    if lite is not None:
        lite.execute("BEGIN")

    def emit_runs(rows: list[tuple[Any, ...]]) -> None:
        if lite is not None:
            lite.executemany(r_sql, rows)
        if pg_r is not None:
            for r in rows:
                pg_r.add(r)

    for n_done, s in enumerate(sessions, 1):
        runs = payloads.session_runs(s)
        js = payloads.session_json(s)
        runs_text: str | None = None
        if column:
            runs_text = "[" + ", ".join(runs) + "]"
            total_bytes += len(runs_text)
        else:
            while heap and heap[0][0] < s.created_at:
                r_batch.append(heapq.heappop(heap)[2])
            for run, data in zip(s.runs, runs, strict=False):
                heapq.heappush(heap, (run.created_at, run.run_id, run_row(s, run, data)))
                total_bytes += len(data)
            if len(r_batch) >= 5000:
                emit_runs(r_batch)
                r_batch = []
        row = session_row(s, js, runs_text, column)
        if lite is not None:
            if column:  # agno 2.x SQLite: every session JSON column is double-encoded
                s_batch.append(
                    tuple(
                        json.dumps(v) if 6 <= k <= 12 and v is not None else v
                        for k, v in enumerate(row)
                    )
                )
            else:
                s_batch.append(row)
            if len(s_batch) >= 2000:
                lite.executemany(s_sql, s_batch)
                s_batch = []
        if pg_s is not None:
            pg_s.add(row)
        if n_done % 20000 == 0:
            _log(
                f"{n_done} sessions generated ({total_bytes / 1e6:.0f} MB of runs) "
                f"{time.perf_counter() - t0:.1f}s"
            )
    while heap:
        r_batch.append(heapq.heappop(heap)[2])
    if r_batch:
        emit_runs(r_batch)
    if lite is not None and s_batch:
        lite.executemany(s_sql, s_batch)
    for loader in (pg_s, pg_r):
        if loader is not None:
            loader.close()
    _log(f"sessions and runs loaded {time.perf_counter() - t0:.1f}s")
    if lite is not None:
        lite.execute("COMMIT")
        for stmt in lite_indexes:
            lite.execute(stmt)
        if not args.kern_index:
            lite.execute("DROP INDEX IF EXISTS idx_agno_sessions_user_id_created_at")
        lite.execute("ANALYZE")
        mode = "DELETE" if column else "WAL"
        lite.execute(f"PRAGMA journal_mode = {mode}")
        lite.close()
        _log(f"sqlite indexed, analyzed ({mode}) {time.perf_counter() - t0:.1f}s")
    if pg is not None:
        for load in pg:
            load.commit()
            load.close()
        post = psycopg_connect(args.pg)
        post.execute("SET maintenance_work_mem = '256MB'")
        for stmt in pg_indexes:
            if args.kern_index or "idx_agno_sessions_user_id_created_at" not in stmt:
                post.execute(stmt)
        for stmt in pg_fks:
            post.execute(stmt)
        post.commit()
        post.autocommit = True
        post.execute(f'VACUUM ANALYZE "{args.pg_schema}"."agno_sessions"')
        if not column:
            post.execute(f'VACUUM ANALYZE "{args.pg_schema}"."agno_runs"')
        post.close()
        _log(f"postgres indexed, vacuumed {time.perf_counter() - t0:.1f}s")
    inputs["run_json_bytes"] = total_bytes
    inputs["layout"] = args.layout
    inputs["seconds"] = round(time.perf_counter() - t0, 1)
    return inputs


def check(args: argparse.Namespace) -> None:
    """Decode a sample of generated payloads and print their size distribution."""
    world, sessions = plan(args)
    payloads = Payloads(world, args.seed)
    sizes: dict[str, list[int]] = {}
    for s in sessions[: min(len(sessions), 3000)]:
        for run, text in zip(s.runs, payloads.session_runs(s), strict=False):
            data = json.loads(text)
            assert data["run_id"] == run.run_id
            sizes.setdefault(run.kind, []).append(len(text))
        for _name, text in payloads.session_json(s).items():
            if text is not None:
                json.loads(text)
    for kind, v in sorted(sizes.items()):
        v.sort()
        print(
            f"{kind:9s} n={len(v):6d} min={v[0]} median={v[len(v) // 2]} max={v[-1]} "
            f"mean={sum(v) / len(v):.0f}"
        )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sqlite", help="SQLite file to create")
    p.add_argument("--pg", help="PostgreSQL URL of an existing database to fill")
    p.add_argument("--pg-schema", default="ai")
    p.add_argument("--sessions", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=500_000)
    p.add_argument("--users", type=int, default=1000)
    p.add_argument("--agents", type=int, default=50)
    p.add_argument("--teams", type=int, default=10)
    p.add_argument("--workflows", type=int, default=5)
    p.add_argument("--days", type=int, default=180)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--now", type=int, default=DEFAULT_NOW, help="corpus end, epoch seconds")
    p.add_argument(
        "--layout",
        choices=("table", "column"),
        default="table",
        help="table: agno 3.x runs table; column: agno 2.x runs JSON column",
    )
    p.add_argument("--user-skew", type=float, default=1.0, help="Zipf exponent of users")
    p.add_argument(
        "--kern-index",
        action="store_true",
        help="keep kern's idx_agno_sessions_user_id_created_at (agno's tables lack it)",
    )
    p.add_argument("--replace", action="store_true", help="replace an existing corpus")
    p.add_argument("--inputs-only", action="store_true", help="print the fixed inputs only")
    p.add_argument("--check", action="store_true", help="validate a sample of payloads")
    args = p.parse_args(argv)
    if args.sessions < 1 or args.users < 1 or args.agents < 1:
        p.error("--sessions, --users and --agents must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.check:
        check(args)
        return 0
    if args.inputs_only or not (args.sqlite or args.pg):
        print(json.dumps(fixed_inputs(plan(args)[1], args.now)))
        return 0
    os.environ.setdefault("PGAPPNAME", "kern-bench-gen")
    print(json.dumps(generate(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
