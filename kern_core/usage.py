"""Token usage and estimated cost over the runs a filter selects, grouped as asked.

What is counted (the rule that keeps every token counted once): each *stored* run counts the
token totals of its own ``metrics``. agno writes a team run's metrics as the leader's usage
only and stores each member run as a run of its own, so team and member runs add up without
overlap; the copies of member runs inside ``member_responses`` (and of step runs inside a
workflow run's ``step_executor_runs``, which are not stored as runs) are not read. A workflow
run stores no top-level token totals: it counts the metrics of each step in its
``metrics.steps`` (agno's WorkflowMetrics; a workflow session's ``session_metrics`` is their
sum), and counts as one run. The totals therefore equal the sum of the stored runs' ``metrics``
and their steps' (what ``session_metrics`` sums for agent, team and workflow sessions).

Per model, tokens come from ``metrics.details`` (one entry per model id and provider in each
model role: ``model``, ``output_model``, ``reasoning_model`` ...; agno adds every entry into
the run's totals); a run without entries (metrics before agno 2.5.4, or none) counts its
totals under its ``model`` / ``model_provider``.

Cost is estimated with the ``genai-prices`` data, per model, provider and UTC day of the run's
``created_at``, so a dated price change applies from its date on. Prices are per token at the
model's base tier (tokens are summed before pricing, so per-request long-context tiers cannot
apply). A model the data does not know has an unknown cost (None, never 0); a group mixing
priced and unknown tokens reports the priced part with ``cost_status`` ``partial``. The
``cost`` agno itself stores in metrics (when a provider reports one) is summed apart as
``stored_cost`` and never mixed into the estimate: it is missing for most providers.

Everything but the pricing runs in SQL: GROUP BY over numbers extracted from the run JSON.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter
from kern_core.stats import Queries
from kern_core.table import SessionTable
from kern_core.vocab import USAGE_GROUPINGS

GROUPINGS = USAGE_GROUPINGS
#: The token counts summed, as agno's metrics name them.
USAGE_TOKENS = (
    "input_tokens",
    "output_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "reasoning_tokens",
    "total_tokens",
)
#: The key columns a grouping adds (``model`` is a model id and its provider).
KEY_COLUMNS = {
    "user": ("user_id",),
    "agent": ("agent_id",),
    "team": ("team_id",),
    "workflow": ("workflow_id",),
    "model": ("model", "provider"),
    "day": ("day",),
    "month": ("month",),
}
#: The states of a group's estimated cost.
COST_STATUSES = ("priced", "partial", "unknown")


@dataclass
class UsageGroup:
    """Sessions, runs, tokens and cost of one combination of the grouping values."""

    key: dict[str, str | None]
    sessions: int = 0
    runs: int = 0
    tokens: dict[str, int] = field(default_factory=lambda: dict.fromkeys(USAGE_TOKENS, 0))
    cost: Decimal | None = None
    cost_status: str = "priced"
    stored_cost: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """A flat record: the key columns, the counts, the tokens, the costs (USD)."""
        return {
            **self.key,
            "sessions": self.sessions,
            "runs": self.runs,
            **self.tokens,
            "cost_usd": None if self.cost is None else float(self.cost),
            "cost_status": self.cost_status,
            "stored_cost": self.stored_cost,
        }


@dataclass
class Usage:
    """The groups (ordered by their key) and the total over all of them."""

    by: tuple[str, ...]
    groups: list[UsageGroup]
    total: UsageGroup


def parse_groupings(values: Sequence[str]) -> tuple[str, ...]:
    """``["user,model", "day"]`` -> ``("user", "model", "day")``; unknown names are bad input."""
    out: list[str] = []
    for value in values:
        for name in (part.strip() for part in value.split(",")):
            if not name:
                continue
            if name not in GROUPINGS:
                raise BadInputError(
                    f"cannot group usage by {name!r}; choose from {', '.join(GROUPINGS)}"
                )
            if name not in out:
                out.append(name)
    return tuple(out)


def session_usage(t: SessionTable, flt: SessionFilter, by: Sequence[str]) -> Usage:
    """Compute :class:`Usage` for the runs of the sessions ``flt`` selects (read-only)."""
    by = parse_groupings(by)
    sql = _UsageSql(t, flt, by)
    groups: dict[tuple[Any, ...], UsageGroup] = {}
    priced: dict[tuple[Any, ...], list[tuple[Decimal | None, bool]]] = {}
    width, n = len(sql.keys), len(USAGE_TOKENS)
    for row in t.conn.execute(*sql.statement()).fetchall():
        key = tuple(_text(v) for v in row[1 : 1 + width])
        model, provider, day = (_text(v) for v in row[1 + width : 4 + width])
        sessions, runs = row[4 + width : 6 + width]
        tokens = dict(zip(USAGE_TOKENS, (_int(v) for v in row[6 + width :]), strict=False))
        if row[0] == "p":
            priced.setdefault(key, []).append(_cost(model, provider, day, tokens))
            continue
        g = groups[key] = UsageGroup(dict(zip(sql.keys, key, strict=True)), tokens=tokens)
        g.sessions, g.runs = int(sessions or 0), int(runs or 0)
        stored, stored_n = row[6 + width + n :]
        g.stored_cost = float(stored) if stored_n else None
    for key, g in groups.items():
        g.cost, g.cost_status = _combine(priced.get(key, []))
    ordered = [groups[k] for k in sorted(groups, key=_sort_key)]
    total = _total(ordered, sql.keys)
    if by:  # a grouping may split a session (day, agent) or a run (model): count them apart
        sessions, runs = t.conn.execute(*sql.distinct_counts()).fetchone()
        total.sessions, total.runs = int(sessions or 0), int(runs or 0)
    return Usage(by, ordered, total)


def _total(groups: list[UsageGroup], keys: Sequence[str]) -> UsageGroup:
    """The sum over the groups (tokens and costs; sessions and runs too, which are right
    for one group only)."""
    total = UsageGroup(dict.fromkeys(keys))
    stored: list[float] = []
    for g in groups:
        total.sessions += g.sessions
        total.runs += g.runs
        for k in USAGE_TOKENS:
            total.tokens[k] += g.tokens[k]
        if g.stored_cost is not None:
            stored.append(g.stored_cost)
    total.cost, total.cost_status = _combine_groups(groups)
    total.stored_cost = sum(stored) if stored else None
    return total


def _combine(parts: list[tuple[Decimal | None, bool]]) -> tuple[Decimal | None, str]:
    """One group's cost from its priced parts ``(cost, has_tokens)``: unknown parts with
    tokens make it partial, or unknown when nothing with tokens was priced."""
    known = [c for c, _ in parts if c is not None]
    unknown = any(c is None and has for c, has in parts)
    if not unknown:
        return sum(known, Decimal(0)), "priced"
    if any(c is not None and has for c, has in parts):
        return sum(known, Decimal(0)), "partial"
    return None, "unknown"


def _combine_groups(groups: list[UsageGroup]) -> tuple[Decimal | None, str]:
    statuses = {g.cost_status for g in groups}
    known = sum((g.cost for g in groups if g.cost is not None), Decimal(0))
    if statuses <= {"priced"}:
        return known, "priced"
    if statuses == {"unknown"}:
        return None, "unknown"
    return known, "partial"


def _sort_key(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is None, v or "") for v in key)


def _int(value: Any) -> int:
    return int(value or 0)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


# -- pricing ----------------------------------------------------------------------------------


def _cost(
    model: str | None, provider: str | None, day: str | None, tokens: dict[str, int]
) -> tuple[Decimal | None, bool]:
    """(cost, has_tokens) of one model's tokens on one day; cost None when not priced."""
    billable = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")
    if not any(tokens[k] for k in billable):
        return Decimal(0), False
    unit = unit_prices(model, provider, day)
    if unit is None:
        return None, True
    p_in, p_out, p_read, p_write = unit
    read, write = tokens["cache_read_tokens"], tokens["cache_write_tokens"]
    fresh = max(tokens["input_tokens"] - read - write, 0)
    cost = fresh * p_in + read * p_read + write * p_write + tokens["output_tokens"] * p_out
    return cost, True


#: Tokens per probe: below every tier threshold, so a probe prices the base tier.
_PROBE = 1000


@lru_cache(maxsize=4096)
def unit_prices(
    model: str | None, provider: str | None, day: str | None
) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
    """USD per input, output, cache-read and cache-write token of ``model`` at noon UTC of
    ``day`` (``YYYY-MM-DD``; today when None), or None when genai-prices does not know it.
    The provider is tried as genai-prices names it (lower case), then left to its matching."""
    if not model:
        return None
    from datetime import datetime, timezone

    try:
        from genai_prices import Usage as PriceUsage
        from genai_prices import calc_price
    except ImportError:  # genai-prices needs Python 3.11: on 3.10 every cost is unknown
        return None

    when = datetime.now(timezone.utc)
    if day:
        with contextlib.suppress(ValueError):
            when = datetime.fromisoformat(f"{day}T12:00:00+00:00")
    for provider_id in [provider.lower(), None] if provider else [None]:
        probes = (
            {"input_tokens": _PROBE},
            {"output_tokens": _PROBE},
            {"input_tokens": _PROBE, "cache_read_tokens": _PROBE},
            {"input_tokens": _PROBE, "cache_write_tokens": _PROBE},
        )
        try:
            p_in, p_out, p_read, p_write = (
                Decimal(
                    calc_price(
                        PriceUsage(**usage),
                        model,
                        provider_id=provider_id,
                        genai_request_timestamp=when,
                    ).total_price
                )
                / _PROBE
                for usage in probes
            )
        except LookupError:
            continue
        return p_in, p_out, p_read, p_write
    return None


# -- SQL --------------------------------------------------------------------------------------


class _UsageSql:
    """The query: counts and tokens per group, and tokens per group, model and day."""

    def __init__(self, t: SessionTable, flt: SessionFilter, by: tuple[str, ...]) -> None:
        self.q = Queries(t, flt)
        self.b = t.dialect
        self.by = by
        self.keys = [c for name in by for c in KEY_COLUMNS[name]]

    def _runs(self) -> tuple[str, list[Any]]:
        """One row per run: ids, owners, day, month, metrics JSON, model and provider."""
        src, params = self.q.run_source("usage")
        b = self.b
        day = b.utc_day("x.created")
        day = f"(CASE WHEN x.created BETWEEN -62135596800 AND 253402300799 THEN {day} END)"
        sql = (
            f"SELECT x.sid, x.rid, x.uid AS user_id, x.agent AS agent_id, x.team AS team_id, "
            f"x.workflow AS workflow_id, {day} AS day, {b.json_value_at('x.v', 'metrics')} AS m, "
            f"{b.json_key_text('x.v', 'model')} AS rmodel, "
            f"{b.json_key_text('x.v', 'model_provider')} AS rprovider "
            f"FROM ({b.computed_once(src)}) x"
        )
        return b.computed_once(sql), params

    _COLS = "u.sid, u.rid, u.user_id, u.agent_id, u.team_id, u.workflow_id, u.day"

    def _steps(self, alias: str = "st") -> str:
        """The FROM item of the steps of a workflow run ``u`` (its ``metrics.steps``): agno
        stores a workflow run's usage only there (its session metrics are their sum); the step
        runs in ``step_executor_runs`` are copies, never read. Used with :data:`_WORKFLOW`."""
        return self.b.member_values_from(self.b.json_value_at("u.m", "steps"), alias)

    def _step_metrics(self) -> str:
        """The metrics of the step ``st`` of :meth:`_steps`."""
        return self.b.json_value_at("st.value", "metrics")

    #: Only a workflow's run (one with a workflow id) is looked into for steps: the other
    #: runs are spared parsing their metrics again.
    _WORKFLOW = "u.workflow_id IS NOT NULL"

    def _units(self) -> str:
        """What carries tokens, from the CTE ``u``: one row per run (``n`` 1, its metrics
        ``m``) and one per step of a workflow run (``n`` 0, ``m`` the step's metrics)."""
        step = self._step_metrics()
        return (
            f"SELECT {self._COLS}, u.m AS m, 1 AS n FROM u "
            f"UNION ALL SELECT {self._COLS}, {step} AS m, 0 AS n FROM u, {self._steps()} "
            f"WHERE {self._WORKFLOW}"
        )

    def _entries(self) -> str:
        """One row per model entry of each run of the CTE ``u`` and of each step of a workflow
        run (or per run or step without entries, but for a workflow run whose steps carry its
        usage): the run's columns, ``model``, ``provider``, the entry's tokens ``t0``.. and
        stored cost ``c``."""
        step = self._step_metrics()
        no_steps = f"NOT ({self._WORKFLOW} AND EXISTS (SELECT 1 FROM {self._steps('st0')}))"
        return (
            f"{self._entries_of('u.m', '', no_steps)} "
            f"UNION ALL {self._entries_of(step, ', ' + self._steps(), self._WORKFLOW)}"
        )

    def _entries_of(self, m: str, joined: str, cond: str) -> str:
        """The entries of the metrics ``m`` of each row of ``u`` (and ``joined`` FROM
        items) where ``cond`` holds, and, where ``m`` has none, its totals as one entry of
        the run's model."""
        b = self.b
        details = b.json_value_at(m, "details")
        entry = ", ".join(
            f"{b.json_number_of('e.value', k)} AS t{i}" for i, k in enumerate(USAGE_TOKENS)
        )
        whole = ", ".join(f"{b.json_number_of(m, k)} AS t{i}" for i, k in enumerate(USAGE_TOKENS))
        return (
            f"SELECT {self._COLS}, {b.element_key_text('e', 'id')} AS model, "
            f"{b.element_key_text('e', 'provider')} AS provider, {entry}, "
            f"{b.json_number_of('e.value', 'cost')} AS c "
            f"FROM u{joined}, {b.nested_elements_from(details, 'e')} "
            f"WHERE {cond} AND {b.element_is_object('e')} "
            f"UNION ALL SELECT {self._COLS}, u.rmodel, u.rprovider, {whole}, "
            f"{b.json_number_of(m, 'cost')} AS c FROM u{joined} "
            f"WHERE {cond} AND NOT EXISTS (SELECT 1 FROM "
            f"{b.nested_elements_from(details, 'e2')} WHERE {b.element_is_object('e2')})"
        )

    def _key_exprs(self, alias: str) -> list[str]:
        return [f"substr({alias}.day, 1, 7)" if k == "month" else f"{alias}.{k}" for k in self.keys]

    def distinct_counts(self) -> tuple[str, list[Any]]:
        """``sessions with runs, runs`` of the filter (no JSON is read)."""
        src, params = self.q.run_source("count")
        return f"SELECT count(DISTINCT x.sid), count(*) FROM ({src}) x", params

    def statement(self) -> tuple[str, list[Any]]:
        """One statement, so the run JSON is read once: rows ``'c', keys..., NULL x3,
        sessions, runs, tokens..., stored cost, runs with a stored cost`` per group, and
        ``'p', keys..., model, provider, day, NULL x2, tokens..., NULL x2`` per group, model
        and UTC day (what pricing needs)."""
        b = self.b
        n = range(len(USAGE_TOKENS))
        runs, params = self._runs()
        if "model" not in self.by:
            source = f"({self._units()}) w"
            runs_counted = "sum(w.n)"
            tokens = [b.json_number_of("w.m", k) for k in USAGE_TOKENS]
            cost = b.json_number_of("w.m", "cost")
        else:
            # A run counts once per model: its entries per (model, provider) summed first.
            inner = ", ".join(f"{b.safe_sum(f'y.t{i}')} AS t{i}" for i in n)
            group = "y.sid, y.rid, y.user_id, y.agent_id, y.team_id, y.workflow_id, y.day"
            source = (
                f"(SELECT {group}, y.model, y.provider, {inner}, {b.safe_sum('y.c')} AS c, "
                f"count(y.c) AS cn FROM ent y GROUP BY {group}, y.model, y.provider) w"
            )
            runs_counted = "count(*)"
            tokens = [f"w.t{i}" for i in n]
            cost = "(CASE WHEN w.cn > 0 THEN w.c END)"
        keys = self._key_exprs("w")
        sums = [b.safe_sum(t) for t in tokens]
        counts = ", ".join(
            ["'c'", *keys, "NULL, NULL, NULL", "count(DISTINCT w.sid)", runs_counted, *sums]
        )
        counted = f"SELECT {counts}, {b.safe_sum(cost)}, count({cost}) FROM {source}"
        if keys:
            counted += f" GROUP BY {', '.join(keys)}"
        pkeys = self._key_exprs("y")
        extra = ["y.model", "y.provider", "y.day"]
        psums = ", ".join(b.safe_sum(f"y.t{i}") for i in n)
        group = ", ".join(dict.fromkeys([*pkeys, *extra]))
        head = ", ".join(["'p'", *pkeys, *extra])
        prices = f"SELECT {head}, NULL, NULL, {psums}, NULL, NULL FROM ent y GROUP BY {group}"
        sql = f"WITH u AS ({runs}), ent AS ({self._entries()}) {counted} UNION ALL {prices}"
        return sql, params
