"""What a transcript shows of a session, shared by the Markdown and the rich renderers.

Runs are arranged as a tree: team member runs under their team run (stored member rows by
``parent_run_id``, else the team run's embedded ``member_responses``; never both). Every string
these helpers return has been through :func:`kern_cli.output.inert`: it is safe to print.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kern_cli.output.cells import to_text
from kern_cli.safe_text import inert
from kern_core import json_dumps as dumps
from kern_core import json_loads as loads

if TYPE_CHECKING:
    from kern_core import Compaction, Run, Session, SessionExtras
    from kern_core.vocab import ToolsMode

TRIM_LINES = 12
TRIM_CHARS = 800
BODY_LINES = 400
BODY_CHARS = 20_000
PROBLEM_STATUSES = ("ERROR", "CANCELLED")
PAUSED = "PAUSED"


@dataclass
class RunNode:
    """A run, the member runs shown under it, and the runs of the session regenerated from it."""

    run: Run
    members: list[RunNode] = field(default_factory=list)
    regenerated_as: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ToolCall:
    """One tool call as shown: name, compact arguments, result text, error flag.

    ``note`` says why a call is flagged beyond its stored error flag (``not run`` for a call
    that is only in the messages, never executed, e.g. a tool that does not exist)."""

    name: str
    args: str
    result: str | None
    error: bool
    note: str | None = None
    call_id: str | None = None


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
    nodes = [_node(run, children, shown) for run in top]
    successors: dict[str, list[str]] = {}
    for run in session.runs:
        source = run.lineage.get("regenerated_from")
        if isinstance(source, str) and run.run_id and source != run.run_id:
            successors.setdefault(source, []).append(run.run_id)
    for node in _walk(nodes):
        node.regenerated_as = successors.get(node.run.run_id or "", [])
    return nodes


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


@dataclass(frozen=True)
class Shown:
    """One run a transcript shows, with the runs nested under it.

    ``position`` is the 0-based index of the top-level run it belongs to, ``path`` its place
    in the tree (``("3",)`` run 3, ``("3", "m1")`` its first member, ``("3", "s1")`` its
    first workflow step run), ``label`` its heading (``Run 3``, ``Run 3 › Member 1``), and
    ``parent`` the run it is nested in, with that run's label, when it is shown without it.
    """

    position: int
    path: tuple[str, ...]
    label: str
    node: RunNode
    parent: tuple[str, Run] | None = None
    step: bool = False


@dataclass(frozen=True)
class Plan:
    """What one transcript shows: the runs (``shown``), the header's run count with its
    problem counts (``counts``: text and the kind of problem it counts, or None), the
    compactions shown before ``shown[i]`` (key ``len(shown)``: after the last), how tool
    calls are shown, and whether anything narrowed the runs (else every stored run shows)."""

    shown: list[Shown]
    counts: list[tuple[str, str | None]]
    compactions: dict[int, list[Compaction]]
    tools: ToolsMode = "short"
    narrowed: bool = False


def plan(
    session: Session,
    extras: SessionExtras | None = None,
    *,
    picks: Sequence[str] = (),
    errors: bool = False,
    last: int | None = None,
    tools: ToolsMode = "short",
) -> Plan:
    """The transcript of ``session`` as asked: only the runs ``picks`` names (a position, a
    run id or a unique prefix of one; a usage error otherwise), only failed ones
    (``errors``), the last ``last`` of those; with the compactions of the runs shown."""
    from kern_cli.render.extras import placed_compactions

    tree = run_tree(session)
    shown = shown_runs(session, tree, picks, errors, last)
    note = _selection_note(shown, len(session.top_level_runs), picks, errors, last)
    placed = placed_compactions(session, extras)
    first: dict[int, int] = {}
    for index, one in enumerate(shown):
        first.setdefault(one.position, index)
    compactions: dict[int, list[Compaction]] = {}
    for position, items in placed.items():
        if position in first:
            compactions[first[position]] = items
        elif position == len(tree) and _shows_the_end(shown, tree, picks, errors, last):
            compactions[len(shown)] = items
    narrowed = bool(picks) or errors or last is not None
    return Plan(shown, run_count_parts(session, tree, note), compactions, tools, narrowed)


def _shows_the_end(
    shown: list[Shown], tree: list[RunNode], picks: Sequence[str], errors: bool, last: int | None
) -> bool:
    """Whether compactions after the last run belong in the transcript: the last run is
    shown, or the session has no runs and nothing narrowed the transcript to none."""
    if tree:
        return bool(shown) and shown[-1].position == len(tree) - 1
    return not picks and not errors and last != 0


def shown_runs(
    session: Session,
    tree: list[RunNode],
    picks: Sequence[str] = (),
    errors: bool = False,
    last: int | None = None,
) -> list[Shown]:
    """The runs to show in transcript order: every top-level run, or those ``picks`` names,
    or (``errors``) the failed ones among them; then the last ``last`` of those. A run
    nested in one already shown is not shown again."""
    if not picks and not errors:
        shown = [_top(index, node) for index, node in enumerate(tree)]
    else:
        entries = _entries(tree)
        pool = entries
        if picks:
            pool = [_resolve(session, entries, len(tree), value) for value in picks]
        if errors:
            within = [e for e in entries if any(_inside(e, p) for p in pool)]
            pool = [e for e in within if not e.step and is_failed(e.node.run)]
        shown = _outermost(pool)
    if last is not None:
        shown = shown[len(shown) - last :] if last else []
    return shown


def _entries(tree: list[RunNode]) -> list[Shown]:
    """Every run of the tree (top-level, member and workflow step runs), in transcript order."""
    out: list[Shown] = []

    def visit(shown: Shown) -> None:
        out.append(shown)
        node, parent = shown.node, (shown.label, shown.node.run)
        for number, member in enumerate(node.members, start=1):
            path = (*shown.path, f"m{number}")
            visit(Shown(shown.position, path, f"{shown.label} › Member {number}", member, parent))
        for number, run in enumerate(executor_runs(node.run), start=1):
            path = (*shown.path, f"s{number}")
            label = f"{shown.label} › Step run {number}"
            visit(Shown(shown.position, path, label, RunNode(run), parent, step=True))

    for index, node in enumerate(tree):
        visit(_top(index, node))
    return out


def _top(index: int, node: RunNode) -> Shown:
    return Shown(index, (str(index + 1),), f"Run {index + 1}", node)


def run_ids(session: Session) -> list[str]:
    """Every run id of the session that ``--run`` takes, once each, in transcript order."""
    ids = (entry.node.run.run_id for entry in _entries(run_tree(session)))
    return list(dict.fromkeys(rid for rid in ids if isinstance(rid, str) and rid))


def _inside(entry: Shown, outer: Shown) -> bool:
    return entry.path[: len(outer.path)] == outer.path


def _outermost(entries: list[Shown]) -> list[Shown]:
    """``entries`` in transcript order, once each, without those nested in another of them."""
    paths = {e.path for e in entries}
    out: list[Shown] = []
    seen: set[tuple[str, ...]] = set()
    for entry in sorted(entries, key=lambda e: (e.position, _path_key(e.path))):
        nested = any(entry.path[:n] in paths for n in range(1, len(entry.path)))
        if entry.path not in seen and not nested:
            seen.add(entry.path)
            out.append(entry)
    return out


def _path_key(path: tuple[str, ...]) -> list[tuple[int, int]]:
    """Transcript order within a top-level run: members before step runs, by number."""
    return [(0 if part[0] == "m" else 1, int(part[1:])) for part in path[1:]]


#: The fewest characters of a run id that ``--run`` takes as a prefix (as git abbreviates),
#: so that a mistyped position such as ``7`` is not taken for the prefix of some run id.
MIN_PREFIX = 4


def _starts(run: Run, prefix: str) -> bool:
    return isinstance(run.run_id, str) and run.run_id.startswith(prefix)


def _resolve(session: Session, entries: list[Shown], runs: int, value: str) -> Shown:
    """The run ``value`` names: a position among the top-level runs (1 = the first), else a
    run id, else the one run whose id starts with ``value`` (at least :data:`MIN_PREFIX`
    characters)."""
    from kern_cli.errors import UsageError

    where = f"session {clean(session.session_id)}"
    if not value.strip():
        raise UsageError("--run needs a position, a run id or a prefix of one")
    if value.isascii() and value.isdigit() and len(value) < 19 and 1 <= int(value) <= runs:
        return next(e for e in entries if e.path == (str(int(value)),))
    for entry in entries:
        if entry.node.run.run_id == value:
            return entry
    short = len(value) < MIN_PREFIX
    ids = {e.node.run.run_id for e in entries if not short and _starts(e.node.run, value)}
    if len(ids) == 1:
        return next(e for e in entries if e.node.run.run_id in ids)
    if len(ids) > 1:
        raise UsageError(
            f"run {value} is ambiguous in {where}: {len(ids)} run ids start with it",
            hint="give more of the run id",
        )
    if not runs:
        raise UsageError(f"no run {value} in {where}", hint="the session has no runs")
    raise UsageError(
        f"no run {value} in {where}",
        hint=f"--run takes a position from 1 to {runs}, a run id or a unique prefix of one "
        f"({MIN_PREFIX} characters or more; each run's heading shows its id)",
    )


def _selection_note(
    shown: list[Shown], runs: int, picks: Sequence[str], errors: bool, last: int | None
) -> str | None:
    """``showing the last 2``, ``showing Run 3``, ``showing failed runs: Run 2``..."""
    if not picks and not errors:
        return f"showing the last {last}" if last is not None and last < runs else None
    if not shown:
        return "no failed runs" + (" among those picked" if picks else "") if errors else None
    head = "showing failed runs: " if errors else "showing "
    if len(shown) > _NOTE_LABELS:
        return f"showing {len(shown)} " + ("failed runs" if errors else "runs")
    return head + ", ".join(one.label for one in shown)


_NOTE_LABELS = 6


def keep_shown(session: Session, shown: list[Shown]) -> Session:
    """A copy of the session holding only the stored records of the runs ``shown`` and of the
    runs nested in them, in stored order. A shown run stored only inside another run's
    record (an embedded member, a workflow step run) comes after its top-level run."""
    tree = run_tree(session)
    stored = {id(r): index for index, r in enumerate(session.runs)}
    keep = {id(node.run) for one in shown for node in _walk([one.node])}
    ranked: list[tuple[float, int, Run]] = [
        (index, 0, r) for index, r in enumerate(session.runs) if id(r) in keep
    ]
    for number, one in enumerate(shown):
        if id(one.node.run) not in stored:
            top = stored.get(id(tree[one.position].run), len(session.runs))
            ranked.append((top + 0.5, number, one.node.run))
    runs = [r for _, _, r in sorted(ranked, key=lambda item: (item[0], item[1]))]
    return dataclasses.replace(session, runs=runs)


def is_failed(run: Run) -> bool:
    """A run that failed: status ERROR, or a tool call that errored (agno's
    ``tool_call_error``, or a call agno never ran)."""
    return run.status == "ERROR" or any(call.error for call in tool_calls(run, text=False))


def run_count_parts(
    session: Session, tree: list[RunNode], note: str | None = None
) -> list[tuple[str, str | None]]:
    """The header's run count: ``3 (+2 member runs) · 1 error · 1 cancelled · 2 tool
    errors; showing Run 2`` as (text, problem) pieces; a problem is ``error``,
    ``cancelled`` or ``tool error`` and only non-zero counts appear."""
    runs = len(session.top_level_runs)
    members = len(session.runs) - runs
    parts: list[tuple[str, str | None]] = [
        (f"{runs}" + (f" (+{members} member runs)" if members else ""), None)
    ]
    counts = {"error": 0, "cancelled": 0, "tool error": 0}
    for node in _walk(tree):
        if node.run.status == "ERROR":
            counts["error"] += 1
        elif node.run.status == "CANCELLED":
            counts["cancelled"] += 1
        counts["tool error"] += sum(call.error for call in tool_calls(node.run, text=False))
    for kind, count in counts.items():
        if count:
            plural = "s" if count > 1 and kind != "cancelled" else ""
            parts += [(" · ", None), (f"{count} {kind}{plural}", kind)]
    if note:
        parts.append((f"; {note}", None))
    return parts


def _walk(nodes: Iterable[RunNode]) -> Iterable[RunNode]:
    for node in nodes:
        yield node
        yield from _walk(node.members)


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


def stands_out(run: Run) -> bool:
    """Errors, cancellations and paused runs: the statuses a reader must not miss."""
    return is_problem(run) or run.status == PAUSED


def input_text(run: Run) -> str | None:
    """The input as text; structured input (a list of messages, a workflow's dict) as JSON
    with the bytes of any media in it replaced by their size."""
    value = run.get("input")
    if isinstance(value, dict) and "input_content" in value:
        value = value["input_content"]
    if isinstance(value, (dict, list)):
        return clean(without_payloads(value))
    text = run.input_text
    return None if text is None else inert(text)


def reply_text(run: Run) -> str | None:
    """The run's output: text as stored, structured output as indented JSON."""
    content = run.get("content")
    if content is None or content == "":
        return None
    if isinstance(content, (dict, list)):
        shown = without_payloads(content)
        return inert(dumps(shown, ensure_ascii=False, indent=2, default=str))
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


def tool_calls(run: Run, text: bool = True) -> list[ToolCall]:
    """The run's tool executions, then the calls found only in its messages.

    A call the model made that agno did not execute (no such tool, bad arguments) is not in
    ``tools``: its assistant ``tool_calls`` entry and the ``tool`` message with agno's error
    are all that is stored, so it is shown from there, flagged as an error. Without
    ``text`` the calls carry only their flags (empty names, arguments and results), for
    counting without making megabytes of results inert.
    """
    calls = run.tool_calls
    if not calls:
        return _calls_from_messages(run.messages, set(), text)
    executed: set[str] = {
        c["tool_call_id"] for c in calls if isinstance(c.get("tool_call_id"), str)
    }
    shown = [
        ToolCall(
            name=clean(c.get("tool_name") or "?") if text else "",
            args=format_args(c.get("tool_args")) if text else "",
            result=None if c.get("result") is None or not text else clean(c.get("result")),
            error=bool(c.get("tool_call_error")),
        )
        for c in calls
    ]
    missing = _calls_from_messages(run.messages, executed, text)
    if not missing:
        return shown
    order = _call_order(run.messages)
    ids = [c.get("tool_call_id") for c in calls]
    if all(isinstance(i, str) and i in order for i in ids) and all(
        m.call_id in order for m in missing
    ):
        placed = [(order[str(i)], s) for i, s in zip(ids, shown, strict=True)]
        placed += [(order[str(m.call_id)], m) for m in missing]
        return [call for _, call in sorted(placed, key=lambda pair: pair[0])]
    return shown + missing


def hidden_tools(calls: list[ToolCall]) -> tuple[str, str | None]:
    """What ``--tools none`` says instead of the calls: ``3 tool calls hidden`` and, when
    some errored, ``1 error``."""
    errors = sum(call.error for call in calls)
    count = f"{len(calls)} tool call{'s' if len(calls) != 1 else ''} hidden"
    return count, (f"{errors} error{'s' if errors != 1 else ''}" if errors else None)


def context_line(label: str, run: Run) -> str:
    """``Run 3 · team The Team · COMPLETED · RUN_ID``: the run a run shown alone sits in."""
    line = f"{label} · {run.run_type} {run_name(run)} · {status(run)}"
    return line + (f" · {clean(run.run_id)}" if run.run_id else "")


def _call_order(messages: list[dict[str, Any]]) -> dict[str, int]:
    """Each tool call id's position among the assistant messages' calls."""
    order: dict[str, int] = {}
    for message in messages:
        raw_calls = message.get("tool_calls")
        for call in raw_calls if isinstance(raw_calls, list) else []:
            call_id = call.get("id") if isinstance(call, dict) else None
            if isinstance(call_id, str) and call_id not in order:
                order[call_id] = len(order)
    return order


def _calls_from_messages(
    messages: list[dict[str, Any]], executed: set[str] | None, text: bool = True
) -> list[ToolCall]:
    """Calls in assistant messages with their ``tool`` answers; when ``executed`` is a
    non-empty set, only the calls missing from it (those agno never ran)."""
    results = {
        m.get("tool_call_id"): m
        for m in messages
        if isinstance(m.get("tool_call_id"), str) and m.get("role") != "assistant"
    }
    only_missing = bool(executed)
    out = []
    for message in messages:
        if only_missing and message.get("from_history") is True:
            continue
        raw_calls = message.get("tool_calls")
        for call in raw_calls if isinstance(raw_calls, list) else []:
            if not isinstance(call, dict):
                continue
            call_id = call.get("id")
            if only_missing and (not isinstance(call_id, str) or call_id in (executed or set())):
                continue
            raw_function = call.get("function")
            function: dict[str, Any] = raw_function if isinstance(raw_function, dict) else {}
            answer = results.get(call_id, {}) if isinstance(call_id, str) else {}
            error = bool(answer.get("tool_call_error"))
            note: str | None = None
            if only_missing and not error and answer.get("tool_call_error") is None:
                error, note = True, "not run" if answer else "not run, no result stored"
            if not text:
                out.append(ToolCall("", "", None, error, note, call_id=_text_id(call_id)))
                continue
            out.append(
                ToolCall(
                    name=clean(function.get("name") or "?"),
                    args=format_args(_maybe_json(function.get("arguments"))),
                    result=None if answer.get("content") is None else clean(answer["content"]),
                    error=error,
                    note=note,
                    call_id=_text_id(call_id),
                )
            )
    return out


def _text_id(value: Any) -> str | None:
    return value if isinstance(value, str) else None


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
    paused: bool = False


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
        paused=step.get("is_paused") is True,
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


#: The header field holding the run count (:func:`run_count_parts`), which renderers style.
RUNS_FIELD = "Runs"


def header_fields(
    session: Session, counts: list[tuple[str, str | None]], full: bool = False
) -> list[tuple[str, str]]:
    """The session header as (label, value) pairs, in display order; ``counts`` is the run
    count (:func:`run_count_parts`)."""
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
    fields.append((RUNS_FIELD, "".join(text for text, _ in counts)))
    fields.append(("Tokens", token_line(session.token_totals())))
    if session.metadata:
        fields.append(("Metadata", clean(session.metadata)))
    state = session_state(session, full)
    if state:
        fields.append(("State", state))
    fields += session_lineage(session)
    return fields


_BASE64 = re.compile(r"[A-Za-z0-9+/\r\n]*={0,2}")
_LINEAGE_LABELS = {
    "regenerated_from": "regenerated from run",
    "forked_from_run_id": "forked from run",
    "forked_from_message_index": "at message",
    "forked_from_session_id": "from session",
}


def is_paused(run: Run) -> bool:
    return run.status == PAUSED


def media_lines(run: Run) -> dict[str, list[str]]:
    """The run's media as one-line descriptors, by where they are attached: ``input``,
    ``output``, and ``messages`` (only those not already listed for the input or output)."""
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for place, items in (
        ("input", run.input_media()),
        ("output", run.output_media()),
        ("messages", run.message_media()),
    ):
        lines = []
        for kind, item in items:
            key = _media_key(kind, item)
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            lines.append(describe_media(kind, item))
        if lines:
            out[place] = lines
    return out


_MEDIA_KEYS = frozenset(
    (
        "images",
        "videos",
        "audio",
        "audios",
        "files",
        "image_output",
        "video_output",
        "audio_output",
        "file_output",
        "response_audio",
    )
)


def without_payloads(value: Any, media: bool = False) -> Any:
    """``value`` with the ``content`` of every media object (an item under ``images``,
    ``audio``, ``files``, ...) replaced by ``[70 B inline]``, so JSON shown to a reader
    never carries base64 bytes."""
    if isinstance(value, list):
        return [without_payloads(item, media) for item in value]
    if not isinstance(value, dict):
        return value
    out = {
        key: without_payloads(item, isinstance(key, str) and key in _MEDIA_KEYS)
        for key, item in value.items()
    }
    if media and out.get("content") not in (None, ""):
        mime = _first_text(value, "mime_type", "format")
        out["content"] = f"[{_where_stored({'content': value['content']}, mime)}]"
    return out


def _media_key(kind: str, item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    for name in ("id", "url", "filepath"):
        value = item.get(name)
        if isinstance(value, str) and value:
            return f"{kind}:{name}:{value}"
    return None


def describe_media(kind: str, item: Any) -> str:
    """``image cat.png · image/png, 12.3 kB inline``: what it is and where its bytes are,
    never the bytes themselves."""
    if not isinstance(item, dict):
        if isinstance(item, str):
            return f"{kind}: a string of {len(item)} characters, not a media object"
        if isinstance(item, (list, tuple)):
            return f"{kind}: a list of {len(item)} items, not a media object"
        shown = "null" if item is None else trim(clean(item), False, 1, 80)
        return f"{kind}: {shown} (not a media object)"
    name = _first_text(item, "filename", "name", "id")
    head = f"{kind} {clean(name)}" if name else kind
    parts = []
    location = _first_text(item, "url", "filepath")
    if location:
        parts.append(_location(location))
    mime = _first_text(item, "mime_type", "format", "file_type")
    size = _as_size(item.get("size"))
    stored = _where_stored(item, mime)
    facts = [clean(mime)] if mime else []
    if stored:
        facts.append(stored)
    elif size is not None:
        facts.append(human_size(size))
    if facts:
        parts.append(", ".join(facts))
    for key in ("duration", "width", "height"):
        value = item.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"{key} {value:g}")
    return " · ".join([head, *parts])


def _first_text(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _location(value: str) -> str:
    if value[:5].lower() == "data:":
        return f"data URL of {human_size(len(value.encode('utf-8', 'replace')))}"
    return trim(clean(value), False, 1, 200)


def _as_size(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _where_stored(item: dict[str, Any], mime: str | None) -> str | None:
    """``12.3 kB inline`` for stored content, ``in s3 (key)`` for an external reference."""
    reference = item.get("media_reference")
    if isinstance(reference, dict):
        backend = reference.get("storage_backend")
        key = reference.get("storage_key")
        size = _as_size(reference.get("size"))
        text = "stored in " + (clean(backend) if isinstance(backend, str) and backend else "?")
        if isinstance(key, str) and key:
            text += f" ({trim(clean(key), False, 1, 120)})"
        return f"{human_size(size)}, {text}" if size is not None else text
    content = item.get("content")
    if content is None or content == "":
        return None
    size = _content_size(content, mime)
    return f"{human_size(size)} inline" if size is not None else "inline"


def _content_size(content: Any, mime: str | None) -> int | None:
    """The size in bytes of stored content: base64 text decoded, text as UTF-8."""
    if isinstance(content, list):
        return len(content)
    if not isinstance(content, str):
        return None
    raw = content.encode("utf-8", "replace")
    if mime and mime.startswith("text/"):
        return len(raw)
    if _BASE64.fullmatch(content):
        digits = len(content) - content.count("\r") - content.count("\n")
        if digits % 4 == 0:
            return digits * 3 // 4 - len(content.rstrip()) + len(content.rstrip().rstrip("="))
    return len(raw)


def human_size(size: int) -> str:
    """``850 B``, ``12.3 kB``, ``4.1 MB`` (decimal units)."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 1000 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


@dataclass(frozen=True)
class Requirement:
    """One thing a paused run waits for (or waited for): what, about what, and its state."""

    kind: str
    subject: str
    state: str
    pending: bool
    details: list[str] = field(default_factory=list)


def requirements(run: Run) -> list[Requirement]:
    """The run's HITL requirements (agent/team ``requirements``, workflow step and error
    requirements), each with its state; malformed items are shown as such."""
    out = [_requirement(item) for item in run.requirements]
    out += [_step_requirement(item) for item in run.step_requirements]
    return out


def pause_line(run: Run) -> str | None:
    """``paused at step 1 · publish (step)`` for a paused workflow run, else None."""
    step = run.paused_step
    if not step:
        return None
    where = "paused at step" + (f" {step['index']}" if "index" in step else "")
    if "name" in step:
        where += f" · {clean(step['name'])}"
    if "kind" in step:
        where += f" ({clean(step['kind'])})"
    return where


def _unreadable(item: Any) -> Requirement:
    return Requirement("requirement", trim(clean(item), False, 1, 200), "unreadable", False)


def _requirement(item: Any) -> Requirement:
    if not isinstance(item, dict):
        return _unreadable(item)
    raw_tool = item.get("tool_execution")
    tool: dict[str, Any] = raw_tool if isinstance(raw_tool, dict) else {}
    subject = f"{clean(tool.get('tool_name') or '?')}({format_args(tool.get('tool_args'))})"
    member = item.get("member_agent_name") or item.get("member_agent_id")
    if isinstance(member, str) and member:
        subject += f" · member {clean(member)}"
    details: list[str] = []
    input_schema = item.get("user_input_schema") or tool.get("user_input_schema")
    feedback = item.get("user_feedback_schema") or tool.get("user_feedback_schema")
    if tool.get("external_execution_required"):
        kind = "external execution"
        done = item.get("external_execution_result") is not None or tool.get("result") is not None
        state = "result given" if done else "waiting for the result"
    elif tool.get("requires_user_input") or input_schema:
        kind = "user input"
        details = _fields(input_schema)
        done = tool.get("answered") is True or (
            not tool.get("requires_user_input")
            and bool(details)
            and not any(d.endswith("missing") for d in details)
        )
        state = "answered" if done else "waiting for input"
    elif feedback:
        kind = "user feedback"
        details = _questions(feedback)
        done = tool.get("answered") is True
        state = "answered" if done else "waiting for feedback"
    else:
        kind = "confirmation"
        decision = item.get("confirmation")
        if not isinstance(decision, bool):
            decision = tool.get("confirmed")
        done = isinstance(decision, bool)
        state = "waiting for confirmation"
        if done:
            state = "confirmed" if decision else "rejected"
        note = item.get("confirmation_note") or tool.get("confirmation_note")
        if note:
            details.append(f"note: {trim(clean(note), False, 2, 300)}")
    approval = tool.get("approval_type")
    if approval:
        approval_id = tool.get("approval_id")
        details.append(
            f"approval {clean(approval)}" + (f" ({clean(approval_id)})" if approval_id else "")
        )
    return Requirement(kind, subject, state, not done, details)


def _step_requirement(item: Any) -> Requirement:
    if not isinstance(item, dict):
        return _unreadable(item)
    index = item.get("step_index")
    name = item.get("step_name")
    subject = "step" + (f" {clean(index)}" if _is_number(index) else "")
    if name:
        subject += f" · {clean(name)}"
    details: list[str] = []
    for key in ("confirmation_message", "user_input_message", "output_review_message"):
        if item.get(key):
            details.append(trim(clean(item[key]), False, 3, 300))
    if item.get("requires_executor_input"):
        executor = " ".join(
            clean(item[k]) for k in ("executor_type", "executor_name") if item.get(k)
        )
        kind = f"{executor} input" if executor else "executor input"
        raw = item.get("executor_requirements")
        inner = [_requirement(r) for r in (raw if isinstance(raw, list) else [raw] if raw else [])]
        details += [f"{r.kind} · {r.subject} — {r.state}" for r in inner]
        details += [f"  {d}" for r in inner for d in r.details]
        done = bool(inner) and not any(r.pending or r.state == "unreadable" for r in inner)
        state = "answered" if done else "waiting for the step's agent or team"
    elif "error_message" in item or "decision" in item:
        kind = "error decision"
        if item.get("error_message"):
            details.append(f"error: {trim(clean(item['error_message']), False, 3, 300)}")
        decision = item.get("decision")
        done = decision is not None
        state = f"decided: {clean(decision)}" if done else "waiting for retry or skip"
    elif item.get("requires_route_selection"):
        kind = "route selection"
        choices = item.get("available_choices")
        if isinstance(choices, list):
            details.append("choices: " + ", ".join(clean(c) for c in choices))
        done = item.get("selected_choices") is not None
        state = f"selected {clean(item['selected_choices'])}" if done else "waiting for a choice"
    elif item.get("requires_user_input"):
        kind = "user input"
        details += _fields(item.get("user_input_schema"))
        done = item.get("user_input") is not None
        state = "answered" if done else "waiting for input"
    elif item.get("requires_output_review"):
        kind = "output review"
        done = item.get("confirmed") is not None
        state = "reviewed" if done else "waiting for review"
    else:
        kind = "confirmation"
        decision = item.get("confirmed")
        done = isinstance(decision, bool)
        state = ("confirmed" if decision else "rejected") if done else "waiting for confirmation"
    return Requirement(kind, subject, state, not done, details)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fields(schema: Any) -> list[str]:
    """User input fields as ``name (type): description = value`` / ``… — missing``."""
    out = []
    for entry in schema if isinstance(schema, list) else []:
        if not isinstance(entry, dict):
            out.append(f"field {trim(clean(entry), False, 1, 120)} (unreadable)")
            continue
        text = clean(entry.get("name") or "?")
        if entry.get("field_type"):
            text += f" ({clean(entry['field_type'])})"
        if entry.get("description"):
            text += f": {trim(clean(entry['description']), False, 1, 200)}"
        value = entry.get("value")
        if value is None:
            text += " — missing"
        else:
            shown = clean(dumps(value, ensure_ascii=False, default=str))
            text += f" = {trim(shown, False, 1, 200)}"
        out.append(text)
    return out


def _questions(schema: Any) -> list[str]:
    out = []
    for entry in schema if isinstance(schema, list) else []:
        if not isinstance(entry, dict):
            out.append(f"question {trim(clean(entry), False, 1, 120)} (unreadable)")
            continue
        text = trim(clean(entry.get("question") or "?"), False, 2, 300)
        options = entry.get("options")
        if isinstance(options, list):
            labels = [clean(o.get("label")) if isinstance(o, dict) else clean(o) for o in options]
            text += f" [{', '.join(labels)}]"
        if entry.get("selected_options") is not None:
            text += f" = {clean(entry['selected_options'])}"
        out.append(text)
    return out


def lineage_line(run: Run, regenerated_as: Iterable[str] = ()) -> str | None:
    """``regenerated from run R · forked from run R · at message 1 · from session S``, and
    ``regenerated as run R2`` for a source run whose regeneration is in the session."""
    parts = [f"{_LINEAGE_LABELS[k]} {clean(v)}" for k, v in run.lineage.items()]
    parts += [f"regenerated as run {clean(rid)}" for rid in regenerated_as]
    return " · ".join(parts) if parts else None


def session_state(session: Session, full: bool) -> str | None:
    """``session_data.session_state`` as one line of JSON (trimmed unless ``full``)."""
    data = session.session_data if isinstance(session.session_data, dict) else {}
    state = data.get("session_state")
    if state is None or state == {} or state == "":
        return None
    return trim(clean(state), full, lines=1, chars=TRIM_CHARS)


def session_lineage(session: Session) -> list[tuple[str, str]]:
    """Fork provenance stored in ``session_data`` (``forked_from_*`` keys) as header fields."""
    data = session.session_data if isinstance(session.session_data, dict) else {}
    out = []
    for key, value in data.items():
        if isinstance(key, str) and key.startswith("forked_from") and value not in (None, ""):
            label = key.replace("_", " ").capitalize()
            if label == "Forked from session id":
                label = "Forked from"
            out.append((label, trim(clean(value), False, 1, 200)))
    return out
