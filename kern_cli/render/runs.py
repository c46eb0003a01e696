"""What a transcript shows of a session, shared by the Markdown and the rich renderers.

Runs are arranged as a tree: team member runs under their team run (stored member rows by
``parent_run_id``, else the team run's embedded ``member_responses``; never both). Every string
these helpers return has been through :func:`kern_cli.output.inert`: it is safe to print.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kern_cli.output import inert, to_text
from kern_core.jsoncodec import dumps, loads

if TYPE_CHECKING:
    from kern_core import Run, Session

TRIM_LINES = 12
TRIM_CHARS = 800
BODY_LINES = 400
BODY_CHARS = 20_000
PROBLEM_STATUSES = ("ERROR", "CANCELLED")


@dataclass
class RunNode:
    """A run and the member runs shown under it."""

    run: Run
    members: list[RunNode] = field(default_factory=list)


@dataclass(frozen=True)
class ToolCall:
    """One tool call as shown: name, compact arguments, result text, error flag."""

    name: str
    args: str
    result: str | None
    error: bool


def clean(value: Any) -> str:
    """Any stored value as safe display text (JSON for lists and dicts)."""
    return inert(to_text(value))


def run_tree(session: Session) -> list[RunNode]:
    """The session's top-level runs in stored order, each with its members nested."""
    by_id = {r.run_id: r for r in session.runs if r.run_id}
    children: dict[str, list[Run]] = {}
    top: list[Run] = []
    for run in session.runs:
        parent = run.parent_run_id
        if parent and parent in by_id and parent != run.run_id:
            children.setdefault(parent, []).append(run)
        else:
            top.append(run)
    shown: set[str] = set()
    return [_node(run, children, shown) for run in top]


def _node(run: Run, children: dict[str, list[Run]], shown: set[str]) -> RunNode:
    if run.run_id:
        shown.add(run.run_id)
    members = list(children.get(run.run_id or "", []))
    stored_ids = {m.run_id for m in members}
    for embedded in run.member_runs:
        if embedded.run_id not in stored_ids and embedded.run_id not in shown:
            members.append(embedded)
    nodes = []
    for member in members:
        if member.run_id and member.run_id in shown:
            continue
        nodes.append(_node(member, children, shown))
    return RunNode(run, nodes)


def numbered_runs(session: Session, last: int | None = None) -> list[tuple[int, RunNode]]:
    """The top-level run nodes with their 1-based position, only the last ``last`` if given."""
    nodes = list(enumerate(run_tree(session), start=1))
    if last is None:
        return nodes
    return nodes[len(nodes) - last :] if last else []


def keep_last_runs(session: Session, count: int | None) -> Session:
    """A copy of the session holding only its last ``count`` top-level runs and their members."""
    if count is None:
        return session
    tree = run_tree(session)
    kept = tree[len(tree) - count :] if count else []
    ids = {id(node.run) for node in _walk(kept)}
    runs = [r for r in session.runs if id(r) in ids]
    return dataclasses.replace(session, runs=runs)


def _walk(nodes: Iterable[RunNode]) -> Iterable[RunNode]:
    for node in nodes:
        yield node
        yield from _walk(node.members)


def run_kind(run: Run) -> str:
    return run.run_type


def run_name(run: Run) -> str:
    """The agent, team or workflow name (or id) that produced the run."""
    for key in ("agent_name", "team_name", "workflow_name", "agent_id", "team_id", "workflow_id"):
        value = run.get(key)
        if isinstance(value, str) and value:
            return inert(value)
    return run.run_type


def owner_name(session: Session) -> str | None:
    """The name stored in agent_data, team_data or workflow_data."""
    for data in (session.agent_data, session.team_data, session.workflow_data):
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            return inert(data["name"])
    return None


def status(run: Run) -> str:
    return inert(run.status or "UNKNOWN")


def is_problem(run: Run) -> bool:
    return run.status in PROBLEM_STATUSES


def input_text(run: Run) -> str | None:
    text = run.input_text
    return None if text is None else inert(text)


def reply_text(run: Run) -> str | None:
    """The run's output: text as stored, structured output as indented JSON."""
    content = run.get("content")
    if content is None or content == "":
        return None
    if isinstance(content, (dict, list)):
        return inert(dumps(content, ensure_ascii=False, indent=2, default=str))
    return inert(str(content))


def is_structured(run: Run) -> bool:
    return isinstance(run.get("content"), (dict, list))


def reasoning_text(run: Run) -> str | None:
    """``reasoning_content`` of the run, else of its assistant messages, joined."""
    value = run.get("reasoning_content")
    if isinstance(value, str) and value.strip():
        return inert(value)
    parts = [
        m["reasoning_content"]
        for m in run.messages
        if isinstance(m.get("reasoning_content"), str) and m["reasoning_content"].strip()
    ]
    return inert("\n\n".join(parts)) if parts else None


def tool_calls(run: Run) -> list[ToolCall]:
    """The run's tool executions; from its messages when ``tools`` was not stored."""
    calls = run.tool_calls
    if calls:
        return [
            ToolCall(
                name=clean(c.get("tool_name") or "?"),
                args=format_args(c.get("tool_args")),
                result=None if c.get("result") is None else clean(c.get("result")),
                error=bool(c.get("tool_call_error")),
            )
            for c in calls
        ]
    return _calls_from_messages(run.messages)


def _calls_from_messages(messages: list[dict[str, Any]]) -> list[ToolCall]:
    results = {m.get("tool_call_id"): m for m in messages if m.get("role") == "tool"}
    out = []
    for message in messages:
        for call in message.get("tool_calls") or []:
            if not isinstance(call, dict):
                continue
            function = call.get("function") if isinstance(call.get("function"), dict) else {}
            answer = results.get(call.get("id"), {})
            out.append(
                ToolCall(
                    name=clean(function.get("name") or "?"),
                    args=format_args(_maybe_json(function.get("arguments"))),
                    result=None if answer.get("content") is None else clean(answer["content"]),
                    error=bool(answer.get("tool_call_error")),
                )
            )
    return out


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return loads(value)
        except (ValueError, RecursionError):
            return value
    return value


def format_args(args: Any) -> str:
    """Tool arguments as ``key=value, ...`` (values as JSON)."""
    if args is None:
        return ""
    if isinstance(args, dict):
        return inert(
            ", ".join(f"{k}={dumps(v, ensure_ascii=False, default=str)}" for k, v in args.items())
        )
    return clean(args)


def trim(text: str, full: bool, lines: int = TRIM_LINES, chars: int = TRIM_CHARS) -> str:
    """``text`` cut to a few lines and characters (unless ``full``), saying how much was cut."""
    all_lines = text.splitlines()
    if full or (len(all_lines) <= lines and len(text) <= chars):
        return text
    short = "\n".join(all_lines[:lines])[:chars]
    return f"{short.rstrip()} … [{len(text) - len(short)} more characters; --full shows all]"


def metrics_line(run: Run) -> str | None:
    """``tokens 1129 in · 275 out · 1404 total · 2.59 s · gpt-4o (OpenAI)``, or None."""
    tokens = run.tokens
    parts = []
    if any(tokens.values()):
        parts.append(
            f"tokens {tokens['input_tokens']} in · {tokens['output_tokens']} out · "
            f"{tokens['total_tokens']} total"
        )
    duration = run.metrics.get("duration")
    if isinstance(duration, (int, float)) and not isinstance(duration, bool):
        with contextlib.suppress(OverflowError):
            parts.append(f"{float(duration):.2f} s")
    model = run.get("model")
    if isinstance(model, str) and model:
        provider = run.get("model_provider")
        parts.append(f"{model} ({provider})" if isinstance(provider, str) and provider else model)
    return inert(" · ".join(parts)) if parts else None


def token_line(totals: dict[str, int]) -> str:
    return (
        f"{totals['input_tokens']} in · {totals['output_tokens']} out · "
        f"{totals['total_tokens']} total"
    )


@dataclass(frozen=True)
class StepView:
    """One workflow step result as shown."""

    name: str
    executor: str
    ok: bool
    error: str | None
    content: str | None
    depth: int


def workflow_steps(run: Run) -> list[StepView]:
    """The run's step results in order, parallel groups and nested steps flattened."""
    out: list[StepView] = []
    _collect_steps(run.get("step_results"), 0, out)
    return out


def _collect_steps(items: Any, depth: int, out: list[StepView]) -> None:
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, list):
            _collect_steps(item, depth, out)
        elif isinstance(item, dict):
            out.append(_step_view(item, depth))
            _collect_steps(item.get("steps"), depth + 1, out)


def _step_view(step: dict[str, Any], depth: int) -> StepView:
    executor = " ".join(
        clean(step[k]) for k in ("executor_type", "executor_name") if step.get(k)
    ) or clean(step.get("step_type") or "")
    error = step.get("error")
    content = step.get("content")
    return StepView(
        name=clean(step.get("step_name") or "?"),
        executor=executor,
        ok=step.get("success") is not False and not error,
        error=None if error is None else clean(error),
        content=None if content is None else clean(content),
        depth=depth,
    )


def executor_runs(run: Run) -> list[Run]:
    """Workflow step-executor runs (stored only inside the workflow run)."""
    from kern_core import Run as RunCls

    value = run.get("step_executor_runs")
    if not isinstance(value, list):
        return []
    return [RunCls(v) for v in value if isinstance(v, dict)]


def when(ts: int | None) -> str:
    """A stored time for people (a millisecond one shown as such); ``?`` when there is none."""
    from kern_cli.timeparse import stored_iso

    return stored_iso(ts) if ts else "?"


def summary_text(session: Session) -> tuple[str | None, list[str]]:
    """The session summary's text and topics."""
    summary = session.summary
    if isinstance(summary, str):
        return inert(summary), []
    if not isinstance(summary, dict):
        return None, []
    text = summary.get("summary")
    topics = summary.get("topics")
    topic_list = [clean(t) for t in topics] if isinstance(topics, list) else []
    return (clean(text) if text else None), topic_list


def header_fields(session: Session, last: int | None = None) -> list[tuple[str, str]]:
    """The session header as (label, value) pairs, in display order."""
    from kern_cli.timeparse import humanize_ago

    owner = session.owner_id
    name = owner_name(session)
    who = " ".join(p for p in (clean(owner) if owner else None, f"({name})" if name else None) if p)
    fields = [
        ("Session", clean(session.session_id)),
        ("Type", clean(session.session_type) + (f" · {who}" if who else "")),
        ("User", clean(session.user_id) if session.user_id else "(anonymous)"),
    ]
    if session.session_name:
        fields.append(("Name", clean(session.session_name)))
    fields.append(("Created", f"{when(session.created_at)} ({humanize_ago(session.created_at)})"))
    if session.updated_at:
        fields.append(
            ("Updated", f"{when(session.updated_at)} ({humanize_ago(session.updated_at)})")
        )
    runs = len(session.top_level_runs)
    members = len(session.runs) - runs
    count = f"{runs}" + (f" (+{members} member runs)" if members else "")
    if last is not None and last < runs:
        count += f"; showing the last {last}"
    fields.append(("Runs", count))
    fields.append(("Tokens", token_line(session.token_totals())))
    if session.metadata:
        fields.append(("Metadata", clean(session.metadata)))
    return fields
