"""A session as a GitHub-flavoured Markdown transcript (``--format markdown``, export).

Headings per run (members one level deeper than their team run), the user's input as a
quote, tool calls and results in fenced blocks, the assistant's reply as the Markdown it is.
All database text is made inert first; fences are longer than any backtick run they enclose.

Database text is also inert in any Markdown renderer: outside code blocks and code spans
``&``, ``<`` and ``>`` are written as entities (no raw HTML, no event attributes, no
``<javascript:...>`` autolink), a link or image whose target uses a script or data scheme
(``javascript:``, ``vbscript:``, ``data:``) is broken into plain text, and a reply's code
fence left open is closed so it cannot swallow the rest of the transcript.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kern_cli.render import runs as view

if TYPE_CHECKING:
    from kern_core import Compaction, Run, Session, SessionExtras
    from kern_core.vocab import ToolsMode

_BACKTICKS = re.compile(r"`{3,}")
_MAX_LEVEL = 6
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_CHAR = re.compile("[&<>]")
_UNSAFE_SCHEME = r"(?:(?:java|vb|live)script|data)\s*:"
_UNSAFE_LINK = re.compile(rf"(\]\s*)\((?=\s*(?:&lt;)?\s*{_UNSAFE_SCHEME}|\s*$)", re.I | re.M)
_UNSAFE_DEFINITION = re.compile(
    rf"^(\s{{0,3}})(\[[^\]]*\]:)(?=\s*(?:&lt;)?\s*{_UNSAFE_SCHEME}|\s*$)", re.I | re.M
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_QUOTE_MARKERS = re.compile(r"^(?: {0,3}> ?)+")


def session_markdown(
    session: Session,
    *,
    full: bool = False,
    extras: SessionExtras | None = None,
    plan: view.Plan | None = None,
) -> str:
    """The session as Markdown: a header, then the runs ``plan`` shows (all by default),
    with the session's compactions in place and offloaded tool results resolved (``extras``)."""
    plan = plan or view.plan(session, extras, tools="full" if full else "short")
    lines = _header(session, plan, full)
    for index, shown in enumerate(plan.shown):
        for compaction in plan.compactions.get(index, []):
            lines.extend(_compaction(compaction, full))
        if shown.parent is not None:
            lines += [f"*in {_text(_inline(view.context_line(*shown.parent)))}*", ""]
        lines.extend(_run(shown.node, shown.label, 2, full, extras, plan.tools))
    for compaction in plan.compactions.get(len(plan.shown), []):
        lines.extend(_compaction(compaction, full))
    return "\n".join(lines).rstrip("\n") + "\n"


def _compaction(compaction: Compaction, full: bool) -> list[str]:
    from kern_cli.render.extras import compaction_view

    shown = compaction_view(compaction, full)
    headline = f"**{_text(shown.headline)}:**" if shown.summary else f"**{_text(shown.headline)}**"
    summary = view.trim(shown.summary or "", full, lines=view.BODY_LINES, chars=view.BODY_CHARS)
    first, *rest = summary.splitlines() or [""]
    lines = [f"> {headline} {_text(first)}".rstrip(), *[f"> {_text(line)}" for line in rest]]
    meta = shown.meta + (f" · {shown.note}" if shown.note else "")
    lines += [">", f"> *{_text(meta)}*"]
    lines.append("")
    if shown.archived:
        lines += ["<details><summary>Archived messages</summary>", ""]
        for label, text in shown.archived:
            lines += [f"**{_text(label)}:**", "", *_fenced(text), ""]
        lines += ["</details>", ""]
    return lines


def _header(session: Session, plan: view.Plan, full: bool = False) -> list[str]:
    title = session.session_name or session.session_id
    lines = [f"# Session {_text(view.clean(title))}", ""]
    for label, value in view.header_fields(session, plan.counts, full):
        if label == view.RUNS_FIELD:
            value = "".join(
                f"**{_text(piece)}**" if kind else _text(piece) for piece, kind in plan.counts
            )
            lines.append(f"- **{label}:** {value}")
        else:
            lines.append(f"- **{label}:** {_text(_inline(value))}")
    text, topics = view.summary_text(session)
    if text:
        lines += ["", f"**Summary:** {_text(text)}"]
        if topics:
            lines.append(f"Topics: {_text(', '.join(topics))}")
    for warning in session.warnings:
        lines += ["", f"> **Warning:** {_text(view.clean(warning))}"]
    lines.append("")
    return lines


def _run(
    node: view.RunNode,
    label: str,
    level: int,
    full: bool,
    extras: SessionExtras | None = None,
    tools: ToolsMode = "short",
) -> list[str]:
    run = node.run
    heading = "#" * min(level, _MAX_LEVEL)
    status = view.status(run)
    flag = f" · **{_text(status)}**" if view.stands_out(run) else f" · {_text(status)}"
    lines = [
        f"{heading} {label} · {run.run_type} {_text(view.run_name(run))}{flag}",
        "",
        f"`{view.clean(run.run_id or '?')}` · {view.when(run.created_at)}",
        "",
    ]
    media = view.media_lines(run)
    lines += _input(run)
    lines += _media("Attached", media.get("input"))
    lines += _reasoning(run, full)
    lines += _tools(run, tools, extras)
    lines += _steps(run, full)
    lines += _requirements(run)
    lines += _reply(run)
    lines += _media("Produced", media.get("output"))
    lines += _media("In messages", media.get("messages"))
    lines += _lineage(run, node.regenerated_as)
    metrics = view.metrics_line(run)
    if metrics:
        lines += [f"*{_text(metrics)}*", ""]
    for number, member in enumerate(node.members, start=1):
        lines += _run(member, f"Member {number}", level + 1, full, extras, tools)
    if full:
        for number, step_run in enumerate(view.executor_runs(run), start=1):
            step = view.RunNode(step_run)
            lines += _run(step, f"Step run {number}", level + 1, full, extras, tools)
    return lines


def _input(run: Run) -> list[str]:
    text = view.input_text(run)
    if text is None:
        return []
    return ["**Input:**", "", *[f"> {_text(line)}" for line in text.splitlines() or [""]], ""]


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


def _tools(run: Run, tools: ToolsMode, extras: SessionExtras | None = None) -> list[str]:
    from kern_cli.render.extras import result_view

    calls = view.tool_calls(run)
    if not calls:
        return []
    if tools == "none":
        count, errors = view.hidden_tools(calls)
        flagged = f" · **{errors}**" if errors else ""
        return [f"*{count}*{flagged} (`--tools short` shows them)", ""]
    full = tools == "full"
    lines = ["**Tool calls:**", ""]
    for call in calls:
        marker = " — **error**" if call.error else ""
        if call.note:
            marker += f" ({call.note})"
        lines.append(f"- `{_code_span(f'{call.name}({call.args})')}`{marker}")
        if call.result is not None:
            shown = result_view(call.result, extras, full)
            if shown.note:
                note = f"**{_text(shown.note)}**" if shown.missing else f"*{_text(shown.note)}*"
                lines += ["", f"  {note}"]
            lines += ["", *[_indent("  ", line) for line in _fenced(shown.body)]]
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
        lines.append(f"{indent}- **{_text(step.name)}** ({_text(step.executor)}) — {state}")
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
    return [f"**{label}:**", "", _markdown(text), ""]


def _media(label: str, entries: list[str] | None) -> list[str]:
    if not entries:
        return []
    return [f"**{label}:**", "", *[f"- {_text(_inline(entry))}" for entry in entries], ""]


def _requirements(run: Run) -> list[str]:
    items = view.requirements(run)
    pause = view.pause_line(run)
    if not items and not pause:
        return []
    waiting = view.is_paused(run) or any(r.pending for r in items)
    title = "**Waiting for:**" if waiting else "**Requirements:**"
    lines = [f"{title} {_text(_inline(pause))}" if pause else title, ""]
    for item in items:
        state = f"**{item.state}**" if item.pending else item.state
        subject = _code_span(_inline(item.subject))
        lines.append(f"- {_text(item.kind)} · `{subject}` — {_text(state)}")
        lines += [f"  - {_text(_inline(detail))}" for detail in item.details]
    lines.append("")
    return lines


def _lineage(run: Run, regenerated_as: list[str]) -> list[str]:
    line = view.lineage_line(run, regenerated_as)
    return [f"**Lineage:** {_text(_inline(line))}", ""] if line else []


def _fenced(text: str, lang: str = "") -> list[str]:
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=2)
    fence = "`" * max(3, longest + 1)
    return [fence + lang, *text.splitlines(), fence]


def _text(text: str) -> str:
    """Plain database text, inert as Markdown: HTML escaped, script links broken."""
    return _links(_HTML_CHAR.sub(lambda m: _HTML[m.group()], text))


def _links(text: str) -> str:
    return _UNSAFE_DEFINITION.sub(r"\1\\\2", _UNSAFE_LINK.sub(r"\1\\(", text))


def _markdown(text: str) -> str:
    """Markdown from the database, kept as Markdown but inert: :func:`_text` outside code
    fences and code spans (leading blockquote markers kept), an open fence closed."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            closing = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closing and not line.strip().strip(fence[0]):
                fence = None
            out.append(line)
        elif match:
            fence = match.group(1)
            out.append(line[: match.end()] + _text(line[match.end() :]))
        else:
            out.append(_markdown_line(line))
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


def _markdown_line(line: str) -> str:
    quote = _QUOTE_MARKERS.match(line)
    start = quote.end() if quote else 0
    parts = [line[:start]]
    pos = start
    for span in _CODE_SPAN.finditer(line, start):
        parts += [_text(line[pos : span.start()]), span.group()]
        pos = span.end()
    parts.append(_text(line[pos:]))
    return "".join(parts)


def _code_span(text: str) -> str:
    return text.replace("`", "'")


def _inline(text: str) -> str:
    return " ".join(text.split())


def _indent(prefix: str, line: str) -> str:
    return prefix + line if line else ""
