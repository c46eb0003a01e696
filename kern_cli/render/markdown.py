"""A session as a GitHub-flavoured Markdown transcript (``--format markdown``, export).

Headings per run (members one level deeper than their team run), the user's input as a
quote, tool calls and results in fenced blocks, the assistant's reply as the Markdown it is.
All database text is made inert first; fences are longer than any backtick run they enclose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kern_cli.render import runs as view

if TYPE_CHECKING:
    from kern_core import Run, Session

_BACKTICKS = re.compile(r"`{3,}")
_MAX_LEVEL = 6


def session_markdown(session: Session, *, full: bool = False, last_runs: int | None = None) -> str:
    """The whole session as Markdown: a header, then every run (or the last ``last_runs``)."""
    lines = _header(session, last_runs, full)
    for number, node in view.numbered_runs(session, last_runs):
        lines.extend(_run(node, f"Run {number}", 2, full))
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(session: Session, last: int | None, full: bool = False) -> list[str]:
    title = session.session_name or session.session_id
    lines = [f"# Session {view.clean(title)}", ""]
    lines += [
        f"- **{label}:** {_inline(value)}"
        for label, value in view.header_fields(session, last, full)
    ]
    text, topics = view.summary_text(session)
    if text:
        lines += ["", f"**Summary:** {text}"]
        if topics:
            lines.append(f"Topics: {', '.join(topics)}")
    for warning in session.warnings:
        lines += ["", f"> **Warning:** {view.clean(warning)}"]
    lines.append("")
    return lines


def _run(node: view.RunNode, label: str, level: int, full: bool) -> list[str]:
    run = node.run
    heading = "#" * min(level, _MAX_LEVEL)
    status = view.status(run)
    flag = f" · **{status}**" if view.stands_out(run) else f" · {status}"
    lines = [
        f"{heading} {label} · {run.run_type} {view.run_name(run)}{flag}",
        "",
        f"`{view.clean(run.run_id or '?')}` · {view.when(run.created_at)}",
        "",
    ]
    media = view.media_lines(run)
    lines += _input(run)
    lines += _media("Attached", media.get("input"))
    lines += _reasoning(run, full)
    lines += _tools(run, full)
    lines += _steps(run, full)
    lines += _requirements(run)
    lines += _reply(run)
    lines += _media("Produced", media.get("output"))
    lines += _media("In messages", media.get("messages"))
    lines += _lineage(run, node.regenerated_as)
    metrics = view.metrics_line(run)
    if metrics:
        lines += [f"*{metrics}*", ""]
    for number, member in enumerate(node.members, start=1):
        lines += _run(member, f"Member {number}", level + 1, full)
    if full:
        for number, step_run in enumerate(view.executor_runs(run), start=1):
            lines += _run(view.RunNode(step_run), f"Step run {number}", level + 1, full)
    return lines


def _input(run: Run) -> list[str]:
    text = view.input_text(run)
    if text is None:
        return []
    return ["**Input:**", "", *[f"> {line}" for line in text.splitlines() or [""]], ""]


def _reasoning(run: Run, full: bool) -> list[str]:
    text = view.reasoning_text(run)
    if text is None:
        return []
    return [
        "<details><summary>Reasoning</summary>",
        "",
        *_fenced(view.trim(text, full)),
        "</details>",
        "",
    ]


def _tools(run: Run, full: bool) -> list[str]:
    calls = view.tool_calls(run)
    if not calls:
        return []
    lines = ["**Tool calls:**", ""]
    for call in calls:
        marker = " — **error**" if call.error else ""
        if call.note:
            marker += f" ({call.note})"
        lines.append(f"- `{_code_span(f'{call.name}({call.args})')}`{marker}")
        if call.result is not None:
            lines += ["", *[_indent("  ", line) for line in _fenced(view.trim(call.result, full))]]
    lines.append("")
    return lines


def _steps(run: Run, full: bool) -> list[str]:
    steps = view.workflow_steps(run)
    if not steps:
        return []
    lines = ["**Steps:**", ""]
    for step in steps:
        indent = "  " * step.depth
        state = "ok" if step.ok else "**failed**"
        if step.paused and step.ok:
            state = "**paused**"
        lines.append(f"{indent}- **{step.name}** ({step.executor}) — {state}")
        detail = step.error if step.error else step.content
        if detail:
            block = _fenced(view.trim(detail, full, lines=4, chars=300))
            lines += ["", *[_indent(indent + "  ", line) for line in block]]
    lines.append("")
    return lines


def _reply(run: Run) -> list[str]:
    text = view.reply_text(run)
    if text is None:
        return []
    label = "Error" if run.status == "ERROR" else "Output"
    if view.is_structured(run):
        return [f"**{label}:**", "", *_fenced(text, "json"), ""]
    return [f"**{label}:**", "", text, ""]


def _media(label: str, entries: list[str] | None) -> list[str]:
    if not entries:
        return []
    return [f"**{label}:**", "", *[f"- {_inline(entry)}" for entry in entries], ""]


def _requirements(run: Run) -> list[str]:
    items = view.requirements(run)
    pause = view.pause_line(run)
    if not items and not pause:
        return []
    waiting = view.is_paused(run) or any(r.pending for r in items)
    title = "**Waiting for:**" if waiting else "**Requirements:**"
    lines = [f"{title} {_inline(pause)}" if pause else title, ""]
    for item in items:
        state = f"**{item.state}**" if item.pending else item.state
        lines.append(f"- {item.kind} · `{_code_span(_inline(item.subject))}` — {state}")
        lines += [f"  - {_inline(detail)}" for detail in item.details]
    lines.append("")
    return lines


def _lineage(run: Run, regenerated_as: list[str]) -> list[str]:
    line = view.lineage_line(run, regenerated_as)
    return [f"**Lineage:** {_inline(line)}", ""] if line else []


def _fenced(text: str, lang: str = "") -> list[str]:
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=2)
    fence = "`" * max(3, longest + 1)
    return [fence + lang, *text.splitlines(), fence]


def _code_span(text: str) -> str:
    return text.replace("`", "'")


def _inline(text: str) -> str:
    return " ".join(text.split())


def _indent(prefix: str, line: str) -> str:
    return prefix + line if line else ""
