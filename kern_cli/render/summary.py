"""Rich renderings of ``kern sessions stats`` and ``kern db status`` for a terminal.

Every value from the database goes into a ``Text`` after :func:`kern_cli.output.inert`, so
ids and names can carry neither escape sequences nor markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kern_cli.safe_text import inert

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kern_core import Stats, Status


def _text(value: Any) -> Any:
    from rich.text import Text

    if value is None:
        return Text("—", style="dim")
    if isinstance(value, int) and not isinstance(value, bool):
        return Text(f"{value:,}")
    return Text(inert(" ".join(str(value).split())))


_NUMERIC = {"SESSIONS", "RUNS", "SIZE", "INPUT", "OUTPUT", "TOTAL"}


def _table(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_header=any(headers), header_style="bold")
    for header in headers:
        table.add_column(
            header, justify="right" if header in _NUMERIC else "left", overflow="ellipsis"
        )
    for row in rows:
        table.add_row(*(_text(v) for v in row))
    return Group(Text(""), Text(title, style="bold underline"), table)


def human_bytes(size: int | None) -> str | None:
    if size is None:
        return None
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return None  # pragma: no cover


def _shown_of(groups: Sequence[Any], total: int, noun: str) -> str:
    """``top N of M users``, or ``all M users`` when every one is listed; the group of
    sessions without a user (key None) is a row of its own, not one of the M."""
    named = sum(1 for g in groups if g.key is not None)
    return f"top {named:,} of {total:,} {noun}" if named < total else f"all {total:,} {noun}"


def stats_renderables(stats: Stats, days: int) -> list[RenderableType]:
    """The stats as a list of small tables (the last ``days`` days of the by-day table)."""
    types = sorted(set(stats.sessions_by_type) | set(stats.runs_by_session_type))
    out: list[RenderableType] = [
        _table(
            "By type",
            ["TYPE", "SESSIONS", "RUNS"],
            [
                *(
                    [t, stats.sessions_by_type.get(t, 0), stats.runs_by_session_type.get(t, 0)]
                    for t in types
                ),
                ["total", stats.sessions, stats.runs],
            ],
        ),
        _table("Runs by status", ["STATUS", "RUNS"], sorted(stats.runs_by_status.items())),
        _table(
            f"By user ({_shown_of(stats.by_user, stats.users, 'users')})",
            ["USER", "SESSIONS", "RUNS"],
            [[g.key, g.sessions, g.runs] for g in stats.by_user],
        ),
        _table(
            "By agent / team / workflow",
            ["OWNER", "TYPE", "SESSIONS", "RUNS"],
            [[g.key, g.session_type, g.sessions, g.runs] for g in stats.by_owner],
        ),
    ]
    shown = stats.by_day[-days:] if days else stats.by_day
    title = "By day (UTC, created_at)"
    if len(shown) < len(stats.by_day):
        title += f", last {len(shown)} of {len(stats.by_day)} days with sessions"
    out.append(
        _table(title, ["DAY", "SESSIONS", "RUNS"], [[g.key, g.sessions, g.runs] for g in shown])
    )
    out.append(
        _table(
            f"Tokens (session_metrics of {stats.sessions_with_metrics:,} sessions)",
            ["INPUT", "OUTPUT", "TOTAL"],
            [[stats.tokens.get(k, 0) for k in ("input_tokens", "output_tokens", "total_tokens")]],
        )
    )
    out.append(
        _table(
            "Largest sessions (stored bytes)",
            ["SESSION", "TYPE", "OWNER", "USER", "SIZE"],
            [
                [s.session_id, s.session_type, s.owner_id, s.user_id, human_bytes(s.bytes)]
                for s in stats.largest
            ],
        )
    )
    return out


def status_renderables(status: Status) -> list[RenderableType]:
    """The status as a key/value table, the indexes, and the hints."""
    from rich.text import Text

    layout_text = {
        "column": "column (runs in a JSON column, agno 2.x)",
        "table": "table (runs in a runs table, agno 3.x)",
        "both": "both (runs table, legacy runs column kept)",
    }[status.layout]
    facts: list[list[Any]] = [
        ["backend", status.backend],
        ["database", status.location],
    ]
    if status.schema:
        facts.append(["schema", status.schema])
    facts += [
        ["session table", status.session_table],
        ["layout", layout_text],
        ["runs table", status.runs_table],
        ["version stamp", status.version],
    ]
    if status.runs_table:
        facts.append(["runs table stamp", status.runs_version])
    facts += [["sessions", status.sessions], ["runs", status.runs]]
    if status.legacy_runs is not None and status.layout == "both":
        facts.append(["runs in legacy column", status.legacy_runs])
    if status.journal_mode is not None:
        facts += [
            ["journal mode", status.journal_mode],
            ["file size", human_bytes(status.file_bytes)],
        ]
    if status.session_table_bytes is not None:
        facts.append(["session table size", human_bytes(status.session_table_bytes)])
    if status.runs_table_bytes is not None:
        facts.append(["runs table size", human_bytes(status.runs_table_bytes)])
    out: list[RenderableType] = [_table("Status", ["", ""], facts)]
    index_rows = [
        [table, index.name, ", ".join(index.columns), "yes" if index.unique else ""]
        for table, indexes in (
            (status.session_table, status.session_indexes),
            (status.runs_table, status.runs_indexes),
        )
        for index in indexes
    ]
    out.append(_table("Indexes", ["TABLE", "INDEX", "COLUMNS", "UNIQUE"], index_rows))
    for hint in status.hints:
        line = Text("hint: ", style="yellow")
        line.append(inert(hint.message))
        if hint.statement:
            line.append("\n      " + inert(hint.statement), style="bold")
        out.append(line)
    return out
