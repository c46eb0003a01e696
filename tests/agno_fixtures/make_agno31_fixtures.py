#!/usr/bin/env python3
"""Write agno 3.1 session fixtures by driving the real agno 3.1.10 Agent/Team/Workflow API.

    python make_agno31_fixtures.py [--out DIR] [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
    python make_agno31_fixtures.py --verify [--pg-url ...]

Unlike make_agno_fixtures.py (which builds sessions from agno's classes), every session here is the
result of real runs: Agent.run / continue_run / fork_session, Team.run, Workflow.run, with an offline
scripted model (FakeModel below: a Model subclass that answers from a fixed plan; no network). What
agno persists beyond the session row and its runs is exercised on purpose: compaction records
(agno_compactions), offloaded tool results (agno_tool_results + payloads in agno_fs), external-agent
transcripts (agno_transcripts), a custom runs table name, HITL pauses, a paused workflow step, media,
an unknown tool call, session_state, regenerate/fork provenance and a NUL character.

Determinism: the process re-executes itself with PYTHONHASHSEED=0; the wall clock (time.time,
time.time_ns, time.perf_counter, datetime.now in agno's modules) is a fake clock that starts at a
pinned instant per session and advances a fixed step per call; uuid.uuid4 draws from a seeded RNG
restarted for every database. Session ids, run ids and tool-call ids are pinned explicitly.

Outputs (in --out, default: this directory):
  agno31.sqlite          SqliteDb() default table names
  agno31_custom.sqlite   SqliteDb(session_table="my_sessions", runs_table="my_custom_runs")
  agno31_postgres.sql    pg_dump --no-owner --no-privileges --inserts of one database holding schema
                         "ai" (default tables), schema "app" (my_sessions / my_custom_runs) and
                         schema "fs" (agno_fs, shared by both)
  agno31_mysql_ai.sql    with --mysql-url: mysqldump --no-create-db of MySQLDb() (default names)
  agno31_mysql_app.sql   ... of MySQLDb(session_table="my_sessions", runs_table="my_custom_runs");
                         without the compaction/offload/fs/transcript records MySQLDb cannot store
  EXPECTED31.json        what agno reads back from each variant, and what agno's delete_sessions
                         leaves behind on a copy of each
"""

from __future__ import annotations

import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import argparse  # noqa: E402
import base64  # noqa: E402
import datetime as _dt  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from importlib.metadata import version as pkg_version  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Dict, List, Optional, Tuple  # noqa: E402

SEED = 20260301
BASE = int(_dt.datetime(2026, 2, 2, 9, 0, tzinfo=_dt.timezone.utc).timestamp())
DAY = 86400
CUSTOM_SESSIONS = "my_sessions"
CUSTOM_RUNS = "my_custom_runs"
PG_DATABASE = "agno31_fixture"
PG_VERIFY_DATABASE = "agno31_verify"
DUMP = "agno31_postgres.sql"
LINKED_TABLES = ("agno_compactions", "agno_tool_results", "agno_transcripts")


# --------------------------------------------------------------------------------------
# A deterministic clock and uuid4 (patched at the source modules, so later
# `from time import time` / `from uuid import uuid4` bind the fakes too)
# --------------------------------------------------------------------------------------


class Clock:
    step = 0.0

    def __init__(self) -> None:
        self.t = float(BASE)
        self.rng = random.Random(SEED)

    def reset(self, seed: int) -> None:
        self.t = float(BASE)
        self.rng = random.Random(seed)

    def at(self, t: float) -> None:
        self.t = float(t)

    def time(self) -> float:
        self.t = round(self.t + self.step, 6)
        return self.t

    def time_ns(self) -> int:
        return int(self.time() * 1_000_000_000)

    def uuid4(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


CLOCK = Clock()
_REAL = {"time": time.time, "time_ns": time.time_ns, "perf_counter": time.perf_counter, "uuid4": uuid.uuid4}
time.time = CLOCK.time  # type: ignore[assignment]
time.time_ns = CLOCK.time_ns  # type: ignore[assignment]
time.perf_counter = CLOCK.time  # type: ignore[assignment]
uuid.uuid4 = CLOCK.uuid4  # type: ignore[assignment]


class FixedDatetime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        stamp = _dt.datetime.fromtimestamp(CLOCK.t, _dt.timezone.utc)
        return stamp.astimezone(tz) if tz is not None else stamp.replace(tzinfo=None)

    @classmethod
    def utcnow(cls):  # type: ignore[override]
        return _dt.datetime.fromtimestamp(CLOCK.t, _dt.timezone.utc).replace(tzinfo=None)


def patch_loaded_modules() -> None:
    """Point every already-imported agno module's time/uuid/datetime names at the fakes."""
    swaps = {id(v): k for k, v in _REAL.items()}
    fakes = {"time": CLOCK.time, "time_ns": CLOCK.time_ns, "perf_counter": CLOCK.time, "uuid4": CLOCK.uuid4}
    for name, mod in list(sys.modules.items()):
        if mod is None or not (name.startswith("agno") or name.startswith("sqlalchemy")):
            continue
        for attr, val in list(vars(mod).items()):
            key = swaps.get(id(val))
            if key is not None:
                setattr(mod, attr, fakes[key])
            elif val is _dt.datetime and name.startswith("agno"):
                setattr(mod, attr, FixedDatetime)


import agno  # noqa: E402,F401
from agno.agent import Agent  # noqa: E402
from agno.compaction import Compaction  # noqa: E402
from agno.db.postgres import PostgresDb  # noqa: E402
from agno.db.sqlite import SqliteDb  # noqa: E402
from agno.media import Audio, File, Image  # noqa: E402
from agno.models.base import Model  # noqa: E402
from agno.models.response import ModelResponse  # noqa: E402
from agno.offload import ResultStore  # noqa: E402
from agno.team import Team  # noqa: E402
from agno.tools import tool  # noqa: E402
from agno.workflow import Step, Workflow  # noqa: E402
from agno.workflow.types import HumanReview, StepInput, StepOutput  # noqa: E402

patch_loaded_modules()
logging.getLogger("agno").setLevel(logging.ERROR)
AGNO_VERSION = pkg_version("agno")


# --------------------------------------------------------------------------------------
# The offline model: answers from a plan keyed by the latest user message
# --------------------------------------------------------------------------------------

Reply = Callable[[List[Any]], ModelResponse]


def say(text: str, **kw: Any) -> ModelResponse:
    return ModelResponse(role="assistant", content=text, **kw)


def call(*calls: Tuple[str, str, Dict[str, Any]]) -> ModelResponse:
    return ModelResponse(
        role="assistant",
        content=None,
        tool_calls=[
            {"id": cid, "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
            for cid, name, args in calls
        ],
    )


@dataclass
class FakeModel(Model):
    """A scripted offline model. ``plan`` maps a user prompt to the replies of that turn, one per
    model call (the n-th call after the prompt gets reply n); a tuple of replies gives successive
    alternatives for repeated calls at the same position (regenerate)."""

    id: str = "fake-model-1"
    name: str = "FakeModel"
    provider: str = "Fake"
    plan: Optional[Dict[str, List[Any]]] = None
    default: str = "OK."

    def __post_init__(self) -> None:
        super().__post_init__()
        self._seen: Dict[Tuple[str, int], int] = {}

    def _reply(self, messages: List[Any]) -> ModelResponse:
        last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=-1)
        prompt = messages[last_user].get_content_string() if last_user >= 0 else ""
        position = sum(1 for m in messages[last_user + 1 :] if m.role == "assistant")
        for key, replies in (self.plan or {}).items():
            if key in prompt and position < len(replies):
                reply = replies[position]
                if isinstance(reply, tuple):
                    count = self._seen.get((key, position), 0)
                    self._seen[(key, position)] = count + 1
                    reply = reply[min(count, len(reply) - 1)]
                return reply(messages) if callable(reply) else reply
        return say(self.default)

    def invoke(self, *args: Any, **kwargs: Any) -> ModelResponse:
        response = self._reply(kwargs["messages"])
        # a fresh copy: agno mutates what it is given
        return ModelResponse(
            role=response.role,
            content=response.content,
            tool_calls=json.loads(json.dumps(response.tool_calls)),
            images=response.images,
            audio=response.audio,
            files=response.files,
        )

    async def ainvoke(self, *args: Any, **kwargs: Any) -> ModelResponse:
        return self.invoke(*args, **kwargs)

    def invoke_stream(self, *args: Any, **kwargs: Any):
        yield self.invoke(*args, **kwargs)

    async def ainvoke_stream(self, *args: Any, **kwargs: Any):
        yield self.invoke(*args, **kwargs)

    def _parse_provider_response(self, response: Any, **kwargs: Any) -> ModelResponse:
        return response

    def _parse_provider_response_delta(self, response: Any) -> ModelResponse:
        return response


class Summarizer(FakeModel):
    """The compaction model: always the same summary."""

    def _reply(self, messages: List[Any]) -> ModelResponse:
        return say("The user planned a trip to Lisbon in May; the agent listed hotels and the tram 28 route.")


# --------------------------------------------------------------------------------------
# Tools (real functions; their return values become tool results)
# --------------------------------------------------------------------------------------


def sales_report(region: str, rows: int = 400) -> str:
    """Return the sales ledger of a region, one line per order."""
    return "\n".join(
        f"{region}-{i:05d},{(i * 37) % 1000:>4} EUR,{'paid' if i % 7 else 'refunded'}" for i in range(rows)
    )


def inventory_dump(warehouse: str) -> str:
    """Return the inventory of a warehouse as JSON."""
    items = [{"sku": f"SKU-{i:04d}", "qty": (i * 13) % 97, "warehouse": warehouse} for i in range(120)]
    return json.dumps({"warehouse": warehouse, "items": items})


def get_weather(city: str) -> str:
    """Current weather of a city."""
    return {"Lisbon": "21°C sunny", "Berlin": "11°C cloudy"}.get(city, "unknown")


def find_hotels(city: str) -> str:
    """Hotels in a city."""
    return f"Hotels in {city}: Alfama Suites (4*), Baixa House (3*), LX Boutique (4*)."


@tool(requires_confirmation=True)
def delete_records(table: str, older_than_days: int) -> str:
    """Delete old records from a table (asks for confirmation)."""
    return f"deleted 42 rows from {table} older than {older_than_days} days"


@tool(requires_user_input=True, user_input_fields=["recipient"])
def send_invoice(invoice_id: str, recipient: str) -> str:
    """Send an invoice; the recipient comes from the user."""
    return f"invoice {invoice_id} sent to {recipient}"


def add_to_cart(item: str, run_context: Any = None) -> str:
    """Add an item to the cart kept in session_state."""
    state = run_context.session_state if run_context is not None else {}
    state.setdefault("cart", []).append(item)
    return f"cart now has {len(state['cart'])} items"


PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
WAV_HEADER = b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00@\x1f\x00\x00\x80>\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --------------------------------------------------------------------------------------
# The sessions (same ids on every database)
# --------------------------------------------------------------------------------------

S = {
    "compaction": "31000000-0000-4000-8000-000000000001",
    "offload": "31000000-0000-4000-8000-000000000002",
    "hitl_confirm": "31000000-0000-4000-8000-000000000003",
    "hitl_input": "31000000-0000-4000-8000-000000000004",
    "media": "31000000-0000-4000-8000-000000000005",
    "unknown_tool": "31000000-0000-4000-8000-000000000006",
    "state_nul": "31000000-0000-4000-8000-000000000007",
    "regenerate": "31000000-0000-4000-8000-000000000008",
    "team": "31000000-0000-4000-8000-000000000009",
    "workflow": "31000000-0000-4000-8000-00000000000a",
    "workflow_paused": "31000000-0000-4000-8000-00000000000b",
    "team_offload": "31000000-0000-4000-8000-00000000000c",
}
GHOST = "31000000-0000-4000-8000-0000000000ff"  # linked rows only: no session row
# what delete_sessions is asked to remove on the copy (the ghost id included: an unscoped delete
# cascades every id given, whether or not its session row exists)
DELETE_IDS = sorted([S["compaction"], S["offload"], S["team"], S["regenerate"], GHOST])


def rid(n: int) -> str:
    return f"run-31-{n:03d}"


def offload_store() -> ResultStore:
    return ResultStore(threshold_chars=2000, preview_lines=5, preview_chars=400)


def build(db: Any) -> Dict[str, Any]:
    """Drive every scenario against ``db``; returns facts the readers need (fork session id...)."""
    facts: Dict[str, Any] = {}
    patch_loaded_modules()

    # 1. compaction: four turns, a fold after the third (token_counter pins the trigger)
    CLOCK.at(BASE + 0 * DAY)
    compactor = Agent(
        id="trip-planner",
        name="Trip planner",
        model=FakeModel(
            plan={
                "weather in Lisbon": [call(("call_w1", "get_weather", {"city": "Lisbon"})), say("Lisbon: 21°C, sunny.")],
                "hotels": [call(("call_h1", "find_hotels", {"city": "Lisbon"})), say("Alfama Suites looks best.")],
                "tram": [say("Tram 28 runs from Martim Moniz through Alfama to Campo de Ourique.")],
                "summarise": [say("You go to Lisbon in May, stay in Alfama and ride tram 28.")],
            }
        ),
        db=db,
        tools=[get_weather, find_hotels],
        add_history_to_context=True,
        compaction=Compaction(
            model=Summarizer(id="fake-summarizer"),
            compact_at_tokens=60,
            uncompacted_runs=1,
            token_counter=lambda messages, tools: sum(len(m.get_content_string() or "") for m in messages) // 4,
        ),
    )
    for n, prompt in enumerate(
        [
            "What is the weather in Lisbon in May?",
            "Which hotels are near Alfama?",
            "How does the tram 28 run?",
            "Please summarise my plan.",
        ]
    ):
        CLOCK.at(BASE + 0 * DAY + 600 * n)
        compactor.run(prompt, session_id=S["compaction"], user_id="alice", run_id=rid(1 + n))
    CLOCK.at(BASE + 0 * DAY + 3000)
    compactor.compact(session_id=S["compaction"], user_id="alice")  # a manual fold: run_id NULL

    # 2. offloaded tool results: a text ledger and a JSON dump over the threshold, one small result inline
    CLOCK.at(BASE + 1 * DAY)
    reporter = Agent(
        id="report-agent",
        name="Report agent",
        model=FakeModel(
            plan={
                "ledger": [
                    call(("call_sr1", "sales_report", {"region": "north"})),
                    say("The north ledger has 400 orders; 57 were refunded."),
                ],
                "inventory": [
                    call(
                        ("call_inv1", "inventory_dump", {"warehouse": "W1"}),
                        ("call_wx1", "get_weather", {"city": "Berlin"}),
                    ),
                    say("W1 holds 120 SKUs; Berlin is cloudy."),
                ],
            }
        ),
        db=db,
        tools=[sales_report, inventory_dump, get_weather],
        offload_tool_results=offload_store(),
    )
    reporter.run("Show me the north ledger.", session_id=S["offload"], user_id="bob", run_id=rid(10))
    CLOCK.at(BASE + 1 * DAY + 900)
    reporter.run("And the W1 inventory, plus Berlin weather?", session_id=S["offload"], user_id="bob", run_id=rid(11))

    # 3. HITL confirmation: run 1 confirmed and continued; run 2 left paused
    CLOCK.at(BASE + 2 * DAY)
    ops = Agent(
        id="ops-agent",
        name="Ops agent",
        model=FakeModel(
            plan={
                "audit_log": [
                    call(("call_del1", "delete_records", {"table": "audit_log", "older_than_days": 90})),
                    say("Done: 42 old audit_log rows deleted."),
                ],
                "sessions table": [
                    call(("call_del2", "delete_records", {"table": "sessions", "older_than_days": 30})),
                    say("Deleted."),
                ],
            }
        ),
        db=db,
        tools=[delete_records],
    )
    paused = ops.run("Clean the audit_log table.", session_id=S["hitl_confirm"], user_id="carol", run_id=rid(20))
    for requirement in paused.active_requirements:
        requirement.confirm()
    CLOCK.at(BASE + 2 * DAY + 300)
    ops.continue_run(run_id=rid(20), requirements=paused.requirements, session_id=S["hitl_confirm"], user_id="carol")
    CLOCK.at(BASE + 2 * DAY + 900)
    ops.run("Now clean the sessions table.", session_id=S["hitl_confirm"], user_id="carol", run_id=rid(21))

    # 4. HITL user input: left paused
    CLOCK.at(BASE + 3 * DAY)
    billing = Agent(
        id="billing-agent",
        name="Billing agent",
        model=FakeModel(
            plan={"INV-7": [call(("call_inv7", "send_invoice", {"invoice_id": "INV-7"})), say("Sent.")]}
        ),
        db=db,
        tools=[send_invoice],
    )
    billing.run("Send invoice INV-7.", session_id=S["hitl_input"], user_id="carol", run_id=rid(30))

    # 5. media in and out (URL and bytes)
    CLOCK.at(BASE + 4 * DAY)
    vision = Agent(
        id="vision-agent",
        name="Vision agent",
        model=FakeModel(
            plan={
                "Describe": [
                    say(
                        "A single white pixel, a silent clip and a one-page PDF. Here is a thumbnail.",
                        images=[Image(content=PNG_1x1, mime_type="image/png", id="img-out-1")],
                        audio=Audio(content=WAV_HEADER, format="wav", id="aud-out-1"),
                    )
                ]
            }
        ),
        db=db,
        store_media=True,
    )
    vision.run(
        "Describe these attachments.",
        session_id=S["media"],
        user_id="dave",
        run_id=rid(40),
        images=[
            Image(url="https://example.com/cat.png", id="img-in-url"),
            Image(content=PNG_1x1, mime_type="image/png", id="img-in-bytes"),
        ],
        audio=[Audio(content=WAV_HEADER, format="wav", id="aud-in-bytes")],
        files=[
            File(content=PDF_BYTES, mime_type="application/pdf", filename="one.pdf", id="file-in-bytes"),
            File(url="https://example.com/report.pdf", id="file-in-url"),
        ],
    )

    # 6. a call to a tool that does not exist (it appears only in the messages)
    CLOCK.at(BASE + 5 * DAY)
    confused = Agent(
        id="confused-agent",
        name="Confused agent",
        model=FakeModel(
            plan={
                "stock price": [
                    call(("call_ghost1", "get_stock_price", {"ticker": "ACME"})),
                    call(("call_wx2", "get_weather", {"city": "Berlin"})),
                    say("I cannot look up stock prices; Berlin is 11°C and cloudy."),
                ]
            }
        ),
        db=db,
        tools=[get_weather],
    )
    confused.run("What is the ACME stock price?", session_id=S["unknown_tool"], user_id="erin", run_id=rid(50))

    # 7. session_state and a NUL character (SqliteDb keeps U+0000; PostgresDb strips it)
    CLOCK.at(BASE + 6 * DAY)
    shop = Agent(
        id="shop-agent",
        name="Shop agent",
        model=FakeModel(
            plan={
                "espresso": [
                    call(("call_cart1", "add_to_cart", {"item": "espresso beans"})),
                    say("Added espresso beans.\x00 (NUL above)"),
                ]
            }
        ),
        db=db,
        tools=[add_to_cart],
        session_state={"cart": [], "currency": "EUR"},
    )
    shop.run(
        "Add espresso\x00beans to my cart.",
        session_id=S["state_nul"],
        user_id="erin",
        run_id=rid(60),
        session_state={"cart": ["grinder"], "currency": "EUR", "note": "nul\x00inside"},
    )

    # 8. regenerate (regenerated_from, source REGENERATED) and fork (forked_from_*)
    CLOCK.at(BASE + 7 * DAY)
    poet = Agent(
        id="poet-agent",
        name="Poet",
        model=FakeModel(plan={"haiku": [(say("Autumn moonlight / a worm digs silently / into the chestnut."), say("Old pond / a frog jumps in / water's sound."))]}),
        db=db,
    )
    poet.run("Write a haiku.", session_id=S["regenerate"], user_id="frank", run_id=rid(70))
    CLOCK.at(BASE + 7 * DAY + 300)
    regenerated = poet.continue_run(run_id=rid(70), session_id=S["regenerate"], user_id="frank", regenerate=True)
    facts["regenerated_run_id"] = regenerated.run_id
    CLOCK.at(BASE + 7 * DAY + 600)
    facts["fork_session_id"] = poet.fork_session(source_session_id=S["regenerate"], user_id="frank")

    # 9. a team: the leader delegates to one member
    CLOCK.at(BASE + 8 * DAY)
    researcher = Agent(
        id="researcher",
        name="Researcher",
        model=FakeModel(plan={"Lisbon": [call(("call_rw1", "get_weather", {"city": "Lisbon"})), say("It is 21°C and sunny in Lisbon.")]}),
        tools=[get_weather],
    )
    writer = Agent(id="writer", name="Writer", model=FakeModel(default="Drafted."))
    team = Team(
        id="travel-team",
        name="Travel team",
        members=[researcher, writer],
        model=FakeModel(
            plan={
                "Lisbon": [
                    call(("call_dg1", "delegate_task_to_member", {"member_id": "researcher", "task": "Weather in Lisbon"})),
                    say("The researcher says: 21°C and sunny in Lisbon."),
                ]
            }
        ),
        db=db,
    )
    team.run("What is the weather in Lisbon?", session_id=S["team"], user_id="alice", run_id=rid(80))

    # 10. a team whose member's big result is offloaded
    CLOCK.at(BASE + 9 * DAY)
    analyst = Agent(
        id="analyst",
        name="Analyst",
        model=FakeModel(plan={"south": [call(("call_sr2", "sales_report", {"region": "south", "rows": 200})), say("South: 200 orders.")]}),
        tools=[sales_report],
    )
    team2 = Team(
        id="sales-team",
        name="Sales team",
        members=[analyst],
        model=FakeModel(
            plan={
                "south": [
                    call(("call_dg2", "delegate_task_to_member", {"member_id": "analyst", "task": "south ledger"})),
                    say("The analyst counted 200 south orders."),
                ]
            }
        ),
        db=db,
        offload_tool_results=offload_store(),
    )
    team2.run("Count the south ledger orders.", session_id=S["team_offload"], user_id="bob", run_id=rid(90))

    # 11. workflows: one completed, one paused on a confirmation step
    def normalise(step_input: StepInput) -> StepOutput:
        return StepOutput(content=f"normalised: {str(step_input.input).strip().lower()}")

    def publish(step_input: StepInput) -> StepOutput:
        return StepOutput(content="published")

    CLOCK.at(BASE + 10 * DAY)
    blog_writer = Agent(id="blog-writer", name="Blog writer", model=FakeModel(default="A short post about tram 28."))
    flow = Workflow(
        id="blog-flow",
        name="Blog flow",
        db=db,
        steps=[Step(name="normalise", executor=normalise), Step(name="draft", agent=blog_writer)],
    )
    flow.run(input="Tram 28 ", session_id=S["workflow"], user_id="dave", run_id=rid(100))

    CLOCK.at(BASE + 11 * DAY)
    gated = Workflow(
        id="gated-flow",
        name="Gated flow",
        db=db,
        steps=[
            Step(name="normalise", executor=normalise),
            Step(
                name="publish",
                executor=publish,
                human_review=HumanReview(requires_confirmation=True, confirmation_message="Publish the post?"),
            ),
        ],
    )
    gated.run(input="Release notes", session_id=S["workflow_paused"], user_id="dave", run_id=rid(110))

    # a file in the offload session's namespace that no index row points at, and a second user
    # partition at an indexed path: agno's delete removes payloads by the (namespace, path) of the
    # index rows only, every user partition at that path, and leaves the unindexed file alone
    if is_mysql(db):
        # agno 3.1.10 on MySQL: FileSystem raises ValueError (DbFileSystem supports postgresql and
        # sqlite only) and append_transcript_entries is BaseDb's NotImplementedError
        return facts

    from agno.fs import FileSystem
    from agno.offload.store import namespace_for

    scope = str(getattr(db, "db_schema", None) or "")
    session_fs = FileSystem(db=db, namespace=namespace_for(S["offload"], scope))
    session_fs.write("notes/unindexed.txt", "written beside the offloaded results, not indexed")
    first = db.get_tool_results_for_session(S["offload"])[-1]
    session_fs.partition("bob").write(str(first["path"]), "bob's own copy at an indexed path")

    # 12. external-agent transcripts (agno's own db method: the claude wrapper's store calls it)
    CLOCK.at(BASE + 12 * DAY)
    entries = [
        {"uuid": "e-1", "type": "user", "message": {"role": "user", "content": "hello"}},
        {"uuid": "e-2", "type": "assistant", "message": {"role": "assistant", "content": "hi"}},
    ]
    db.append_transcript_entries("claude", "proj-kern", "ext-session-1", entries, agno_session_id=S["offload"])
    db.append_transcript_entries(
        "claude", "proj-kern", "ext-session-1", [{"uuid": "e-3", "type": "sidechain"}],
        agno_session_id=S["offload"], subpath="subagents/agent-1.jsonl",
    )
    db.append_transcript_entries(
        "claude", "proj-kern", "ext-session-2", [{"uuid": "e-9", "type": "user"}], agno_session_id=S["media"]
    )
    db.append_transcript_entries(
        "claude", "proj-kern", "ext-ghost", [{"uuid": "g-1", "type": "user"}], agno_session_id=GHOST
    )
    return facts


# --------------------------------------------------------------------------------------
# Databases
# --------------------------------------------------------------------------------------


def sqlite_db(path: Path, custom: bool) -> SqliteDb:
    kw = {"session_table": CUSTOM_SESSIONS, "runs_table": CUSTOM_RUNS} if custom else {}
    return SqliteDb(db_file=str(path), **kw)


def pg_db(url: str, schema: str, custom: bool) -> PostgresDb:
    kw = {"session_table": CUSTOM_SESSIONS, "runs_table": CUSTOM_RUNS} if custom else {}
    return PostgresDb(db_url=url, db_schema=schema, **kw)


def is_mysql(db: Any) -> bool:
    return type(db).__name__ == "MySQLDb"


def mysql_db(server_url: str, database: str, custom: bool) -> Any:
    from agno.db.mysql import MySQLDb

    kw = {"session_table": CUSTOM_SESSIONS, "runs_table": CUSTOM_RUNS} if custom else {}
    return MySQLDb(db_url=server_url, db_schema=database, **kw)


def dispose(db: Any) -> None:
    try:
        db.db_engine.dispose()
    except Exception:
        pass


def finish_sqlite(path: Path) -> None:
    con = sqlite3.connect(str(path))
    if con.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        con.execute("VACUUM")
    con.close()
    for suffix in ("-wal", "-shm", "-journal"):
        if Path(str(path) + suffix).exists():
            raise RuntimeError(f"{path}{suffix} left behind")


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
        subprocess.run(
            ["pg_dump", "--no-owner", "--no-privileges", "--inserts", "--dbname", libpq_url(db_url)],
            check=True,
            stdout=fh,
        )


def restore_dump(db_url: str, dump: Path) -> None:
    """Replay the dump as the test suite does: psql meta-commands (backslash lines) skipped."""
    import psycopg

    sql = "\n".join(line for line in dump.read_text(encoding="utf-8").splitlines() if not line.startswith("\\"))
    with psycopg.connect(libpq_url(db_url), autocommit=True) as con:
        con.execute(sql.encode())


# --------------------------------------------------------------------------------------
# Reading back through agno
# --------------------------------------------------------------------------------------


def canon(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha(text: Any) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    return hashlib.sha256(data).hexdigest()


class Raw:
    """Plain SQL over one variant's linked tables (what agno keeps, row by row)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.pg = isinstance(db, PostgresDb)
        self.my = is_mysql(db)
        self.schema = db.db_schema if self.pg or self.my else None

    def q(self, table: str, schema: Optional[str] = None) -> str:
        if self.my:
            return f"`{self.schema}`.`{table}`"
        if not self.pg:
            return f'"{table}"'
        return f'"{schema or self.schema}"."{table}"'

    def exists(self, table: str, schema: Optional[str] = None) -> bool:
        from sqlalchemy import text

        with self.db.db_engine.connect() as con:
            if self.my:
                return con.execute(
                    text("SELECT 1 FROM information_schema.tables WHERE table_schema=:s AND table_name=:t"),
                    {"s": self.schema, "t": table}).first() is not None
            if self.pg:
                return con.execute(text("SELECT to_regclass(:t)"), {"t": f"{schema or self.schema}.{table}"}).scalar() is not None
            return con.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:t"), {"t": table}).first() is not None

    def rows(self, sql: str, **params: Any) -> List[Dict[str, Any]]:
        from sqlalchemy import text

        with self.db.db_engine.connect() as con:
            return [dict(r._mapping) for r in con.execute(text(sql), params)]


def linked_rows(raw: Raw, session_table: str, runs_table: str) -> Dict[str, List[Any]]:
    """Every row of every table a session owns, by primary key (sorted)."""
    out: Dict[str, List[Any]] = {}
    out[session_table] = sorted(r["session_id"] for r in raw.rows(f"SELECT session_id FROM {raw.q(session_table)}"))
    out[runs_table] = sorted(
        [r["session_id"], r["run_id"]] for r in raw.rows(f"SELECT session_id, run_id FROM {raw.q(runs_table)}")
    )
    if raw.exists("agno_compactions"):
        out["agno_compactions"] = sorted(
            [r["session_id"], r["compaction_id"]]
            for r in raw.rows(f"SELECT session_id, compaction_id FROM {raw.q('agno_compactions')}")
        )
    if raw.exists("agno_tool_results"):
        out["agno_tool_results"] = sorted(
            [r["session_id"], r["result_id"]]
            for r in raw.rows(f"SELECT session_id, result_id FROM {raw.q('agno_tool_results')}")
        )
    if raw.exists("agno_transcripts"):
        out["agno_transcripts"] = sorted(
            [r["agno_session_id"], r["framework"], r["project_key"], r["session_id"], r["subpath"], r["position"]]
            for r in raw.rows(
                f"SELECT agno_session_id, framework, project_key, session_id, subpath, position FROM {raw.q('agno_transcripts')}"
            )
        )
    fs_schema = "fs" if raw.pg else None
    if raw.exists("agno_fs", fs_schema):
        out["fs.agno_fs" if raw.pg else "agno_fs"] = sorted(
            [r["namespace"], r["user_id"], r["path"]]
            for r in raw.rows(f"SELECT namespace, user_id, path FROM {raw.q('agno_fs', fs_schema)}")
        )
    return out


def read_variant(db: Any, session_table: str, runs_table: str) -> Dict[str, Any]:
    from agno.offload.store import namespace_for

    import inspect

    raw = Raw(db)
    # MySQLDb.get_sessions has no include_runs: it always attaches the runs
    kw = {"include_runs": True} if "include_runs" in inspect.signature(db.get_sessions).parameters else {}
    sessions = db.get_sessions(deserialize=False, **kw)
    if isinstance(sessions, tuple):
        sessions, total = sessions
    else:
        total = len(sessions)
    sessions = sorted(sessions, key=lambda s: s["session_id"])
    run_ids: Dict[str, List[str]] = {}
    matches = True
    for s in sessions:
        run_ids[s["session_id"]] = [r.get("run_id") for r in (s.get("runs") or [])]
        one = db.get_session(session_id=s["session_id"], session_type=_stype(s), deserialize=False)
        matches = matches and canon(one) == canon(s)
    text_columns: Dict[str, int] = {}
    if raw.my:
        # agno reflects an existing MariaDB table (JSON columns are LONGTEXT there) and returns their text
        sessions = [decode_json_text(s, text_columns) for s in sessions]
    scope = str(getattr(db, "db_schema", None) or "")
    store = ResultStore(db=db)
    per_session: Dict[str, Any] = {}
    ids = sorted({s["session_id"] for s in sessions} | {GHOST})
    fs_schema = "fs" if raw.pg else None
    for sid in [] if raw.my else ids:  # MySQLDb has no compaction/tool-result/fs/transcript storage
        entry: Dict[str, Any] = {}
        comps = db.get_compactions_for_session(sid)
        if comps:
            entry["compactions"] = [
                {
                    "compaction_id": c["compaction_id"],
                    "run_id": c["run_id"],
                    "first_kept_message_id": c["first_kept_message_id"],
                    "messages_compacted": c["messages_compacted"],
                    "archived_message_blocks": (c["archived_messages"] or "").count("\n## ") + (1 if (c["archived_messages"] or "").startswith("## ") else 0),
                    "archived_messages_sha256": sha(c["archived_messages"] or ""),
                    "summary_sha256": sha(c["summary"] or ""),
                    "created_at": c["created_at"],
                }
                for c in comps
            ]
            entry["compaction_search"] = {
                term: [c["compaction_id"] for c in db.search_compactions(sid, term)]
                for term in ("Alfama", "tram 28", "no-such-words")
            }
        results = db.get_tool_results_for_session(sid)
        if results:
            entry["tool_results"] = [
                {k: r[k] for k in ("result_id", "run_id", "tool_call_id", "tool_name", "namespace", "path",
                                   "content_type", "size_bytes", "line_count", "user_id", "created_at", "expires_at")}
                | {"preview_sha256": sha(r["preview"])}
                for r in results
            ]
            entry["namespace_for_session"] = namespace_for(sid, scope)
            entry["resolved"] = {}
            for r in results:
                payload = store.payload(r["result_id"])
                row = store.get_row(r["result_id"]) or {}
                entry["resolved"][r["result_id"]] = {
                    "payload_sha256": sha(payload),
                    "payload_chars": len(payload),
                    "session_id": row.get("session_id"),
                }
        fs_rows = []
        if raw.exists("agno_fs", fs_schema):
            ns = namespace_for(sid, scope)
            fs_rows = [
                {"namespace": r["namespace"], "user_id": r["user_id"], "path": r["path"],
                 "size_bytes": r["size_bytes"], "content_sha256": sha(r["content"])}
                for r in raw.rows(
                    f"SELECT namespace, user_id, path, size_bytes, content FROM {raw.q('agno_fs', fs_schema)} "
                    "WHERE namespace = :ns ORDER BY path", ns=ns)
            ]
        if fs_rows:
            entry["fs"] = fs_rows
        if raw.exists("agno_transcripts"):
            tr = raw.rows(
                f"SELECT framework, project_key, session_id, subpath, position, entry_uuid FROM {raw.q('agno_transcripts')} "
                "WHERE agno_session_id = :sid ORDER BY framework, project_key, session_id, subpath, position", sid=sid)
            if tr:
                entry["transcripts"] = tr
        if entry:
            per_session[sid] = entry
    counts: Dict[str, Any] = {
        "sessions": len(sessions),
        "get_sessions_total_count": total,
        "runs": sum(len(v) for v in run_ids.values()),
        "runs_by_status": _tally(r.get("status") for s in sessions for r in (s.get("runs") or [])),
        "sessions_by_type": _tally(_stype(s) for s in sessions),
    }
    extra: Dict[str, Any] = {"agno_returned_json_text": dict(sorted(text_columns.items()))} if raw.my else {}
    return {
        **extra,
        "counts": counts,
        "get_session_matches_get_sessions": matches,
        "run_ids": run_ids,
        "linked": per_session,
        "rows": linked_rows(raw, session_table, runs_table),
        "sessions_sha256": sha(canon(sessions)),
        "sessions": sessions,
    }


MYSQL_JSON_COLUMNS = ("session_data", "agent_data", "team_data", "workflow_data", "metadata", "summary")


def decode_json_text(session: Dict[str, Any], counter: Dict[str, int]) -> Dict[str, Any]:
    out = dict(session)
    for col in MYSQL_JSON_COLUMNS:
        if isinstance(out.get(col), str):
            counter[col] = counter.get(col, 0) + 1
            out[col] = json.loads(out[col])
    return out


def _stype(s: Dict[str, Any]) -> Any:
    from agno.db.base import SessionType

    return SessionType(s["session_type"]) if s.get("session_type") else None


def _tally(items: Any) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for i in items:
        key = str(getattr(i, "value", i))
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))


def delete_ground_truth(db: Any, session_table: str, runs_table: str) -> Dict[str, Any]:
    """agno's own delete_sessions on a copy: what every linked table keeps afterwards."""
    db.delete_sessions(list(DELETE_IDS))
    return {"session_ids": list(DELETE_IDS), "user_id": None, "remaining": linked_rows(Raw(db), session_table, runs_table)}


def sqlite_tables(path: Path) -> Dict[str, Any]:
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        tables = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'"))
        versions = [
            {"table_name": t, "version": v}
            for t, v in con.execute("SELECT table_name, version FROM agno_schema_versions ORDER BY table_name")
        ]
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()
    return {"tables": tables, "schema_versions": versions, "journal_mode": mode}


def pg_tables(db: Any, schema: str) -> Dict[str, Any]:
    raw = Raw(db)
    tables = sorted(
        f"{r['table_schema']}.{r['table_name']}"
        for r in raw.rows(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN (:s, 'fs')", s=schema
        )
    )
    versions = raw.rows(f"SELECT table_name, version FROM {raw.q('agno_schema_versions')} ORDER BY table_name")
    return {"tables": tables, "schema_versions": versions}


# --------------------------------------------------------------------------------------
# Generate / verify
# --------------------------------------------------------------------------------------

SQLITE_VARIANTS = [("agno31.sqlite", False), ("agno31_custom.sqlite", True)]
PG_VARIANTS = [("ai", False), ("app", True)]


MYSQL_VARIANTS = [("agno31_mysql_ai.sql", "ai", False), ("agno31_mysql_app.sql", "app", True)]
MYSQL_DATABASE = "agno31_fixture"
MYSQL_VERIFY_DATABASE = "agno31_verify"
# what agno 3.1.10 does on MySQLDb with the features whose tables MySQLDb lacks (observed while generating)
MYSQL_NOT_STORED = {
    "compaction": "Agent(compaction=...) logs a warning and turns compaction off: no compaction records",
    "offload_tool_results": "Agent/Team(offload_tool_results=ResultStore(...)) logs a warning and turns "
                            "offloading off: results stay inline in the tool messages",
    "filesystem": "FileSystem(db=MySQLDb) raises ValueError (DbFileSystem supports postgresql and sqlite)",
    "transcripts": "MySQLDb.append_transcript_entries raises NotImplementedError (BaseDb)",
}


def mysql_tables(server_url: str, database: str, table: str) -> Dict[str, Any]:
    import make_agno_fixtures as fx

    con = fx.mysql_connect(server_url, database)
    try:
        cur = con.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema=%s ORDER BY table_name",
                    (database,))
        tables = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT table_name, version FROM agno_schema_versions ORDER BY table_name")
        versions = [{"table_name": a, "version": b} for a, b in cur.fetchall()]
        cur.execute(f"SELECT LOCATE(%s, session_data) > 0, JSON_VALUE(session_data, '$.session_state.note') "
                    f"FROM `{table}` WHERE session_id = %s", ("\\u0000", S["state_nul"]))
        escaped, note = cur.fetchone()
        cur.close()
    finally:
        con.close()
    return {"tables": tables, "schema_versions": versions,
            "nul": {"raw_session_data_has_u0000_escape": bool(escaped), "json_value_note": note}}


def mysql_entry(server_url: str, dump: Path, label: str, custom: bool, facts: Dict[str, Any]) -> Dict[str, Any]:
    import make_agno_fixtures as fx

    table, runs = names(custom)
    database = f"{MYSQL_VERIFY_DATABASE}_{label}"
    fx.mysql_load(server_url, database, dump)
    try:
        db = mysql_db(server_url, database, custom)
        entry = {"agno_version": AGNO_VERSION, "backend": "mysql", "session_table": table, "runs_table": runs,
                 "db_schema": label, "not_stored_on_mysql": MYSQL_NOT_STORED}
        entry |= mysql_tables(server_url, database, table)
        entry |= read_variant(db, table, runs)
        entry["delete_sessions"] = delete_ground_truth(db, table, runs)
        dispose(db)
    finally:
        fx.mysql_drop(server_url, database)
    entry["facts"] = facts
    return entry


def generate_mysql(out: Path, server_url: str) -> Dict[str, Any]:
    import make_agno_fixtures as fx

    facts: Dict[str, Dict[str, Any]] = {}
    for fname, label, custom in MYSQL_VARIANTS:
        database = f"{MYSQL_DATABASE}_{label}"
        fx.mysql_recreate(server_url, database)
        try:
            CLOCK.reset(SEED)
            db = mysql_db(server_url, database, custom)
            facts[f"{fname}:{names(custom)[0]}"] = build(db)
            dispose(db)
            fx.mysqldump(server_url, database, out / fname)
        finally:
            fx.mysql_drop(server_url, database)
    return facts


def read_mysql(out: Path, server_url: str, facts: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    variants: Dict[str, Any] = {}
    for fname, label, custom in MYSQL_VARIANTS:
        if (out / fname).exists():
            key = f"{fname}:{names(custom)[0]}"
            variants[key] = mysql_entry(server_url, out / fname, label, custom, facts.get(key, {}))
    return variants


def names(custom: bool) -> Tuple[str, str]:
    return (CUSTOM_SESSIONS, CUSTOM_RUNS) if custom else ("agno_sessions", "agno_runs")


def sqlite_entry(path: Path, custom: bool, facts: Dict[str, Any]) -> Dict[str, Any]:
    table, runs = names(custom)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        db = sqlite_db(copy, custom)
        entry = {"agno_version": AGNO_VERSION, "backend": "sqlite", "session_table": table, "runs_table": runs}
        entry |= sqlite_tables(path)
        entry |= read_variant(db, table, runs)
        dispose(db)
        db = sqlite_db(copy, custom)
        entry["delete_sessions"] = delete_ground_truth(db, table, runs)
        dispose(db)
    entry["facts"] = facts
    return entry


def pg_entry(server_url: str, dump: Path, schema: str, custom: bool, facts: Dict[str, Any]) -> Dict[str, Any]:
    table, runs = names(custom)
    url = recreate_database(server_url, PG_VERIFY_DATABASE)
    try:
        restore_dump(url, dump)
        db = pg_db(url, schema, custom)
        entry = {"agno_version": AGNO_VERSION, "backend": "postgres", "session_table": table, "runs_table": runs,
                 "db_schema": schema}
        entry |= pg_tables(db, schema)
        entry |= read_variant(db, table, runs)
        entry["delete_sessions"] = delete_ground_truth(db, table, runs)
        dispose(db)
    finally:
        drop_database(server_url, PG_VERIFY_DATABASE)
    entry["facts"] = facts
    return entry


def generate(out: Path, server_url: Optional[str]) -> Dict[str, Any]:
    facts: Dict[str, Dict[str, Any]] = {}
    for n, (name, custom) in enumerate(SQLITE_VARIANTS):
        path = out / name
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        CLOCK.reset(SEED)
        db = sqlite_db(path, custom)
        facts[name] = build(db)
        dispose(db)
        finish_sqlite(path)
    if server_url:
        url = recreate_database(server_url, PG_DATABASE)
        try:
            for schema, custom in PG_VARIANTS:
                CLOCK.reset(SEED)
                db = pg_db(url, schema, custom)
                facts[f"{DUMP}:{schema}.{names(custom)[0]}"] = build(db)
                dispose(db)
            pg_dump(url, out / DUMP)
        finally:
            drop_database(server_url, PG_DATABASE)
    return facts


def read_all(out: Path, server_url: Optional[str], facts: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    variants: Dict[str, Any] = {}
    for name, custom in SQLITE_VARIANTS:
        variants[name] = sqlite_entry(out / name, custom, facts.get(name, {}))
    if server_url and (out / DUMP).exists():
        for schema, custom in PG_VARIANTS:
            table, _ = names(custom)
            key = f"{DUMP}:{schema}.{table}"
            variants[key] = pg_entry(server_url, out / DUMP, schema, custom, facts.get(key, {}))
    return variants


def save_expected(out: Path, variants: Dict[str, Any]) -> None:
    doc = {"format": 1, "agno_version": AGNO_VERSION, "delete_ids": list(DELETE_IDS), "variants": variants}
    (out / "EXPECTED31.json").write_text(
        json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )


def differences(a: Any, b: Any, path: str) -> List[str]:
    if type(a) is not type(b):
        return [f"{path}: {a!r:.80} != {b!r:.80}"]
    if isinstance(a, dict):
        return [d for k in sorted(set(a) | set(b), key=str) for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r:.80} != {b!r:.80}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--pg-url", default=None, help="SQLAlchemy URL of a server (its database runs CREATE/DROP DATABASE)")
    parser.add_argument("--mysql-url", default=None,
                        help="SQLAlchemy URL of a MySQL/MariaDB server (mysql+pymysql://root@127.0.0.1:3306/test)")
    parser.add_argument("--mysql-only", action="store_true",
                        help="write/verify only the MySQL variants; the other EXPECTED31.json entries are kept")
    parser.add_argument("--verify", action="store_true", help="re-read the files and compare with EXPECTED31.json")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    if args.verify:
        want = json.loads((out / "EXPECTED31.json").read_text(encoding="utf-8"))["variants"]
        facts = {k: v.get("facts", {}) for k, v in want.items()}
        got = {} if args.mysql_only else read_all(out, args.pg_url, facts)
        if args.mysql_url:
            got |= read_mysql(out, args.mysql_url, facts)
        got = json.loads(json.dumps(got, default=str))
        bad = [k for k in want if k in got and canon(want[k]) != canon(got[k])]
        missing = [k for k in want if k not in got]
        for k in bad:
            print(f"MISMATCH {k}", file=sys.stderr)
            for line in differences(want[k], got[k], k)[:10]:
                print("  " + line, file=sys.stderr)
        for k in missing:
            print(f"not checked: {k}", file=sys.stderr)
        print("verify:", "OK" if not bad else "FAILED", f"({len(got)} variants checked)")
        return 1 if bad else 0
    if args.mysql_only:
        facts = generate_mysql(out, args.mysql_url) if args.mysql_url else {}
        variants = json.loads((out / "EXPECTED31.json").read_text(encoding="utf-8"))["variants"]
        variants = {k: v for k, v in variants.items() if v["backend"] != "mysql"}
    else:
        facts = generate(out, args.pg_url)
        if args.mysql_url:
            facts |= generate_mysql(out, args.mysql_url)
        variants = read_all(out, args.pg_url, facts)
    if args.mysql_url:
        variants |= read_mysql(out, args.mysql_url, facts)
    save_expected(out, variants)
    print(f"wrote {len(variants)} variants to {out / 'EXPECTED31.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
