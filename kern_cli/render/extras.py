"""What a transcript shows of agno 3.1's session-linked rows (Markdown and rich alike).

A compaction is shown in place: at the top of the run it belongs to, else before the first
run created after it. A tool result that agno offloaded (its envelope ``<result id="res_…"
…>``) is shown as the payload agno resolves for it, trimmed like any tool result unless
``--full``. Every string returned here is inert (:func:`kern_cli.output.inert`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kern_cli.render import runs as view
from kern_cli.safe_text import inert

if TYPE_CHECKING:
    from kern_core import Compaction, Session, SessionExtras

#: Payload characters read for a trimmed transcript: enough to tell whether trimming cuts.
PAYLOAD_HEAD = view.TRIM_CHARS


@dataclass(frozen=True)
class ResultView:
    """A tool result as shown: a note about where it came from (None for an ordinary result),
    whether that note reports a problem, and the text."""

    note: str | None
    body: str
    missing: bool = False


@dataclass(frozen=True)
class CompactionView:
    """A compaction as shown: headline, summary, the archived messages or a count of them."""

    headline: str
    meta: str
    summary: str | None
    archived: list[tuple[str, str]]
    note: str | None


def result_view(result: str, extras: SessionExtras | None, full: bool) -> ResultView:
    """``result`` (already inert) trimmed, or the offloaded payload its envelope points at."""
    from kern_core import envelope_id

    rid = envelope_id(result) if extras is not None else None
    if rid is None or extras is None:
        return ResultView(None, view.trim(result, full))
    stored = extras.tool_results.get(rid)
    label = f"offloaded result {inert(rid)}"
    if stored is None:
        return ResultView(f"{label} (payload missing)", view.trim(result, full), True)
    facts = _facts(stored.row.get("size_bytes"), stored.row.get("line_count"))
    payload = stored.payload
    if payload is None or payload.content is None:
        return ResultView(f"{label}{facts} (payload missing)", view.trim(result, full), True)
    body = inert(payload.content)
    if not payload.complete and not full:
        body = _trim_head(body, payload.size_bytes)
    else:
        body = view.trim(body, full)
    return ResultView(f"{label}{facts}", body)


def _facts(size: object, lines: object) -> str:
    parts = []
    if isinstance(size, int):
        parts.append(view.human_size(size))
    if isinstance(lines, int):
        parts.append(f"{lines} line" + ("" if lines == 1 else "s"))
    return f" ({', '.join(parts)})" if parts else ""


def _trim_head(head: str, size: int | None) -> str:
    """The first part of a payload that continues beyond it, cut like :func:`view.trim`."""
    short = "\n".join(head.splitlines()[: view.TRIM_LINES])[: view.TRIM_CHARS]
    total = f"{view.human_size(size)} in all; " if size is not None else ""
    return f"{short.rstrip()} … [{total}--full shows all]"


def placed_compactions(
    session: Session, extras: SessionExtras | None, last: int | None = None
) -> dict[int, list[Compaction]]:
    """The compactions to show, by the position (among the shown top-level runs) of the run
    they are shown before; the number of shown runs means "after the last one"."""
    if extras is None or not extras.compactions:
        return {}
    nodes = view.run_tree(session)
    top_of: dict[str, int] = {}
    for index, node in enumerate(nodes):
        for one in _walk(node):
            if one.run.run_id and one.run.run_id not in top_of:
                top_of[one.run.run_id] = index
    first_shown = 0 if last is None else max(len(nodes) - last, 0)
    placed: dict[int, list[Compaction]] = {}
    ordered = sorted(extras.compactions, key=lambda c: (c.created_at or 0, c.compaction_id))
    for compaction in ordered:
        position = top_of.get(compaction.run_id or "")
        if position is None:
            position = next(
                (
                    i
                    for i, node in enumerate(nodes)
                    if (node.run.created_at or 0) > (compaction.created_at or 0)
                ),
                len(nodes),
            )
        if position >= first_shown and (position < len(nodes) or last != 0):
            placed.setdefault(position - first_shown, []).append(compaction)
    return placed


def _walk(node: view.RunNode) -> list[view.RunNode]:
    out = [node]
    for member in node.members:
        out += _walk(member)
    return out


def compaction_view(compaction: Compaction, full: bool) -> CompactionView:
    """Headline ``Compacted 8 messages (81 → 55 tokens)``, when (``manual`` for a fold with no
    run), the summary, and the archived messages (``full``) or a line counting them."""
    count = compaction.messages_compacted
    blocks = compaction.archived() if compaction.archived_messages is not None else []
    if count is None and blocks:
        count = len(blocks)
    noun = "message" if count == 1 else "messages"
    headline = f"Compacted {count} {noun}" if count is not None else "Compacted"
    before, after = compaction.tokens_before, compaction.tokens_after
    if before is not None or after is not None:
        headline += f" ({_num(before)} → {_num(after)} tokens)"
    meta = view.when(compaction.created_at)
    if compaction.run_id is None:
        meta += " · manual"
    summary = None if not compaction.summary else inert(compaction.summary)
    archived: list[tuple[str, str]] = []
    note: str | None = None
    if full and blocks:
        for block in blocks:
            label = block.role + (f" ({block.tool_name})" if block.tool_name else "")
            archived.append((inert(label), inert(block.text)))
    elif compaction.archived_chars:
        shown = f"{count} archived {noun}" if count is not None else "archived messages"
        note = f"{shown} ({compaction.archived_chars} characters); --full shows them"
    return CompactionView(inert(headline), meta, summary, archived, note)


def _num(value: int | None) -> str:
    return "?" if value is None else str(value)
