"""The columns and records of ``kern sessions usage``: raw values for programs, and for the
table numbers with separators, costs in dollars ("unknown", "partial") and a total row."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kern_cli.output.records import Column

if TYPE_CHECKING:
    from kern_core import Usage

#: Table headers of the token fields (machine formats use the field names).
TOKEN_HEADERS = {
    "input_tokens": "INPUT",
    "output_tokens": "OUTPUT",
    "cache_read_tokens": "CACHED",
    "cache_write_tokens": "CACHE WRITE",
    "reasoning_tokens": "REASONING",
    "total_tokens": "TOTAL",
}
KEY_HEADERS = {
    "user_id": "USER",
    "agent_id": "AGENT",
    "team_id": "TEAM",
    "workflow_id": "WORKFLOW",
    "model": "MODEL",
    "provider": "PROVIDER",
    "day": "DAY",
    "month": "MONTH",
}


def _count(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "—"


def _key(value: Any) -> str:
    return "—" if value is None else str(value)


def _cost_text(record: dict[str, Any]) -> str:
    status, cost = record.get("cost_status"), record.get("cost_usd")
    if status == "unknown" or cost is None:
        return "unknown"
    text = f"${cost:,.4f}" if cost < 1000 else f"${cost:,.2f}"
    return f"{text} (partial)" if status == "partial" else text


def usage_records(usage: Usage, *, with_total: bool) -> Iterator[dict[str, Any]]:
    """One record per group; ``with_total`` adds the total (keys ``total``) when there are
    groups to add up. The table's cost cell is precomputed as ``cost``."""
    for group in usage.groups:
        record = group.to_dict()
        record["cost"] = _cost_text(record)
        yield record
    if with_total and usage.by and usage.groups:
        record = usage.total.to_dict()
        first = next(iter(usage.total.key), None)
        if first is not None:
            record[first] = "total"
        record["cost"] = _cost_text(record)
        yield record


def usage_columns(usage: Usage, *, table: bool) -> list[Column]:
    """The key columns of the grouping, then counts, tokens and costs; the table shows the
    cost as text and hides zero-only cache/reasoning columns and an empty stored cost."""
    keys = [
        Column(k, KEY_HEADERS.get(k, k.upper()), formatter=_key, max_width=40)
        for k in usage.total.key
    ]
    counts = [Column(k, k.upper(), formatter=_count, justify="right") for k in ("sessions", "runs")]
    tokens = [
        Column(k, TOKEN_HEADERS[k], formatter=_count, justify="right")
        for k in TOKEN_HEADERS
        if not table
        or k not in ("cache_write_tokens", "reasoning_tokens", "cache_read_tokens")
        or usage.total.tokens.get(k)
    ]
    if not table:
        return [
            *keys,
            *counts,
            *tokens,
            Column("cost_usd"),
            Column("cost_status"),
            Column("stored_cost"),
        ]
    costs = [Column("cost", "COST (EST.)", justify="right")]
    if usage.total.stored_cost is not None:
        costs.append(
            Column(
                "stored_cost",
                "STORED COST",
                formatter=lambda v: "—" if v is None else f"${v:,.4f}",
                justify="right",
            )
        )
    return [*keys, *counts, *tokens, *costs]
