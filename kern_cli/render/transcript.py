"""A session as a rich transcript for the terminal (``kern sessions show``, ``--format pretty``).

Database text only ever becomes rich ``Text`` (never markup) or, for the assistant's reply,
``Markdown`` of already-inert text with hyperlinks off, so nothing stored can style, move
the cursor or retitle the terminal. Off a terminal the same renderables print as plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kern_cli.render import runs as view

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from kern_core import Compaction, Run, Session, SessionExtras
    from kern_core.vocab import ToolsMode

STATUS_STYLES = {
    "ERROR": "bold red",
    "CANCELLED": "bold yellow",
    "PAUSED": "bold magenta",
    "COMPLETED": "green",
}
_INDENT = 2


def print_session(
    console: Console,
    session: Session,
    *,
    full: bool = False,
    extras: SessionExtras | None = None,
    plan: view.Plan | None = None,
) -> None:
    """Print the header and the runs ``plan`` shows of ``session`` (all by default) on
    ``console``, with the session's compactions in place and offloaded tool results resolved
    (``extras``)."""
    plan = plan or view.plan(session, extras, tools="full" if full else "short")
    console.print(header(session, plan, full))
    for index, shown in enumerate(plan.shown):
        for compaction in plan.compactions.get(index, []):
            console.print(compaction_block(compaction, full))
        console.print(
            run_block(
                shown.node, shown.label, full, extras=extras, tools=plan.tools, parent=shown.parent
            )
        )
    for compaction in plan.compactions.get(len(plan.shown), []):
        console.print(compaction_block(compaction, full))


def compaction_block(compaction: Compaction, full: bool) -> RenderableType:
    """A fold of the history: headline, summary, archived messages (``full``) or their count."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from kern_cli.render.extras import compaction_view

    shown = compaction_view(compaction, full)
    title = Text(f"{shown.headline}:" if shown.summary else shown.headline, style="bold yellow")
    if shown.summary:
        title.append(" " + _body_text(shown.summary, full))
    meta = shown.meta + (f" · {shown.note}" if shown.note else "")
    parts: list[RenderableType] = [title, Padding(Text(meta, style="dim"), (0, 0, 0, 2))]
    for label, text in shown.archived:
        parts.append(Padding(_labelled(label, text, "bold", body_style="dim"), (0, 0, 0, 2)))
    return Padding(Group(*parts), (1, 0, 0, 0))


#: How the header's problem counts stand out (:func:`kern_cli.render.runs.run_count_parts`).
COUNT_STYLES = {"error": "bold red", "tool error": "bold red", "cancelled": "bold yellow"}


def header(session: Session, plan: view.Plan, full: bool = False) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for label, value in view.header_fields(session, plan.counts, full):
        cell = Text(value, overflow="fold")
        if label == view.RUNS_FIELD:
            cell = Text(overflow="fold")
            for piece, kind in plan.counts:
                cell.append(piece, style=COUNT_STYLES.get(kind or "", ""))
        grid.add_row(Text(label), cell)
    parts: list[RenderableType] = [grid]
    text, topics = view.summary_text(session)
    if text:
        summary = Text("\n")
        summary.append("Summary: ", style="bold")
        summary.append(text)
        if topics:
            summary.append(f"\nTopics: {', '.join(topics)}", style="dim")
        parts.append(summary)
    for warning in session.warnings:
        parts.append(Text(f"warning: {view.clean(warning)}", style="yellow"))
    title = Text(view.clean(session.session_name or session.session_id), style="bold")
    return Panel(Group(*parts), title=title, title_align="left", border_style="blue")


def run_block(
    node: view.RunNode,
    label: str,
    full: bool,
    depth: int = 0,
    extras: SessionExtras | None = None,
    tools: ToolsMode = "short",
    parent: tuple[str, Run] | None = None,
) -> RenderableType:
    """A run under a rule naming it, its id, its body, then the runs nested in it; a run
    shown without the run it is nested in (``parent``) first says where it sits."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    run = node.run
    parts: list[RenderableType] = []
    if parent is not None:
        parts.append(Text(f"in {view.context_line(*parent)}", style="dim"))
    parts.append(Rule(_title(run, label), align="left", style=_rule_style(run)))
    if run.run_id:
        parts.append(Text(f"run id {view.clean(run.run_id)}", style="dim", overflow="fold"))
    parts += _body(run, full, node.regenerated_as, extras, tools)
    for number, member in enumerate(node.members, start=1):
        parts.append(run_block(member, f"Member {number}", full, depth + 1, extras, tools))
    if full:
        for number, step_run in enumerate(view.executor_runs(run), start=1):
            step = view.RunNode(step_run)
            parts.append(run_block(step, f"Step run {number}", full, depth + 1, extras, tools))
    group = Group(*parts)
    return Padding(group, (1, 0, 0, _INDENT)) if depth else Padding(group, (1, 0, 0, 0))


def _title(run: Run, label: str) -> Text:
    from rich.text import Text

    title = Text(f"{label} · ", style="bold")
    title.append(f"{run.run_type} {view.run_name(run)}", style="bold cyan")
    title.append(" · ")
    title.append(view.status(run), style=STATUS_STYLES.get(run.status or "", "yellow"))
    title.append(f" · {view.when(run.created_at)}", style="dim")
    return title


def _rule_style(run: Run) -> str:
    if run.status == "ERROR":
        return "red"
    if run.status == "CANCELLED":
        return "yellow"
    if view.is_paused(run):
        return "magenta"
    return "dim"


def _body(
    run: Run,
    full: bool,
    regenerated_as: list[str],
    extras: SessionExtras | None = None,
    tools: ToolsMode = "short",
) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = []
    text = view.input_text(run)
    if text is not None:
        parts.append(_labelled("User", _body_text(text, full), "bold magenta"))
    media = view.media_lines(run)
    parts += _media("Attached", media.get("input"))
    reasoning = view.reasoning_text(run)
    if reasoning:
        parts.append(
            _labelled("Reasoning", view.trim(reasoning, full), "dim", body_style="dim italic")
        )
    parts += _tools(run, tools, extras)
    parts += _steps(run, full)
    parts += _requirements(run)
    parts += _reply(run, full)
    parts += _media("Produced", media.get("output"))
    parts += _media("In messages", media.get("messages"))
    lineage = view.lineage_line(run, regenerated_as)
    if lineage:
        parts.append(_labelled("Lineage", lineage, "bold blue"))
    metrics = view.metrics_line(run)
    if metrics:
        parts.append(Text(metrics, style="dim"))
    return parts


def _labelled(label: str, body: str, style: str, body_style: str = "") -> Text:
    from rich.text import Text

    text = Text(f"{label}: ", style=style, no_wrap=len(body) > HUGE)
    text.append(body, style=body_style)
    return text


#: Beyond this many characters a body is printed unwrapped (the terminal wraps it): rich's
#: own wrapping and Markdown grow much faster than linearly on multi-megabyte texts.
HUGE = 200_000


def _body_text(text: str, full: bool) -> str:
    """Inputs and replies are the transcript itself, so they are cut far later than tool
    results, and only to keep a multi-megabyte run from flooding the terminal."""
    return view.trim(text, full, lines=view.BODY_LINES, chars=view.BODY_CHARS)


def _tools(run: Run, tools: ToolsMode, extras: SessionExtras | None = None) -> list[RenderableType]:
    """The run's tool calls: each with its result (untrimmed for ``full``), or for ``none``
    one line counting them."""
    from rich.padding import Padding
    from rich.text import Text

    from kern_cli.render.extras import result_view

    calls = view.tool_calls(run)
    if tools == "none":
        if not calls:
            return []
        count, errors = view.hidden_tools(calls)
        line = Text(f"→ {count}", style="dim")
        if errors:
            line.append(" · ", style="dim")
            line.append(errors, style="bold red")
        line.append(" (--tools short shows them)", style="dim")
        return [line]
    full = tools == "full"
    out: list[RenderableType] = []
    for call in calls:
        line = Text("→ ", style="dim")
        line.append(call.name, style="bold red" if call.error else "bold")
        line.append(f"({call.args})")
        if call.error:
            line.append("  error", style="bold red")
        if call.note:
            line.append(f" ({call.note})", style="red")
        out.append(line)
        if call.result is not None:
            style = "red" if call.error else "dim"
            shown = result_view(call.result, extras, full)
            if shown.note:
                note_style = "bold yellow" if shown.missing else "cyan"
                out.append(Padding(Text(shown.note, style=note_style), (0, 0, 0, 4)))
            out.append(Padding(Text(shown.body, style=style), (0, 0, 0, 4)))
    return out


def _steps(run: Run, full: bool) -> list[RenderableType]:
    from rich.padding import Padding
    from rich.text import Text

    out: list[RenderableType] = []
    for step in view.workflow_steps(run):
        line = Text("  " * step.depth + "▸ ", style="dim")
        line.append(step.name, style="bold")
        line.append(f" ({step.executor}) ", style="dim")
        if step.paused and step.ok:
            line.append("PAUSED", style="bold magenta")
        else:
            line.append("ok" if step.ok else "FAILED", style="green" if step.ok else "bold red")
        out.append(line)
        detail = step.error if step.error else step.content
        if detail:
            body = Text(
                view.trim(detail, full, lines=4, chars=300), style="red" if step.error else "dim"
            )
            out.append(Padding(body, (0, 0, 0, 4 + 2 * step.depth)))
    return out


def _media(label: str, lines: list[str] | None) -> list[RenderableType]:
    from rich.padding import Padding
    from rich.text import Text

    if not lines:
        return []
    out: list[RenderableType] = [Text(f"{label}:", style="bold cyan")]
    out += [Padding(Text(f"▪ {line}"), (0, 0, 0, 2)) for line in lines]
    return out


def _requirements(run: Run) -> list[RenderableType]:
    """What a paused run waits for, in the paused style; resolved ones dim."""
    from rich.padding import Padding
    from rich.text import Text

    items = view.requirements(run)
    pause = view.pause_line(run)
    if not items and not pause:
        return []
    waiting = view.is_paused(run) or any(r.pending for r in items)
    title = Text("Waiting for:" if waiting else "Requirements:", style="bold magenta")
    if pause:
        title.append(f" {pause}", style="magenta")
    out: list[RenderableType] = [title]
    for item in items:
        marker = "⏸ " if item.pending else "? " if item.state == "unreadable" else "✓ "
        line = Text(marker, style="magenta" if item.pending else "dim")
        line.append(item.kind, style="bold")
        line.append(f" · {item.subject} — ")
        line.append(item.state, style="bold magenta" if item.pending else "green")
        out.append(Padding(line, (0, 0, 0, 2)))
        for detail in item.details:
            out.append(Padding(Text(detail, style="dim"), (0, 0, 0, 6)))
    return out


def _reply(run: Run, full: bool) -> list[RenderableType]:
    from rich.text import Text

    text = view.reply_text(run)
    if text is None:
        return []
    text = _body_text(text, full)
    if run.status == "ERROR":
        return [_labelled("Error", text, "bold red", body_style="red")]
    if run.status == "CANCELLED":
        return [_labelled("Cancelled", text, "bold yellow", body_style="yellow")]
    label = Text("Assistant:", style="bold green")
    if len(text) > HUGE:
        return [label, Text(text, no_wrap=True, overflow="ignore")]
    if view.is_structured(run):
        from rich.syntax import Syntax

        return [label, Syntax(text, "json", theme="ansi_dark", word_wrap=True)]
    from rich.markdown import Markdown

    return [label, Markdown(text, hyperlinks=False)]
