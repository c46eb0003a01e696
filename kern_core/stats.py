"""Aggregate numbers over the sessions a filter selects, computed in SQL.

Sessions and runs by type, by user, by owner (agent, team or workflow id) and by day; token
totals from ``session_data.session_metrics``; the largest sessions by stored size. Runs come
from the runs table joined to the filtered sessions, from the legacy JSON column, or (for a
migrated table) from both merged the way agno merges them: the runs table wins on a shared
``run_id``. Malformed or double-encoded JSON never aborts a query: SQLite expressions are
guarded with ``json_valid``, and unreadable values count as missing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kern_core.filters import SessionFilter, run_sources, where_clause
from kern_core.model import JSON_FIELDS, TOKEN_KEYS
from kern_core.table import SessionTable

#: The columns of a ``usage`` :meth:`Queries.run_source` row after ``sid, stype``.
USAGE_COLUMNS = ("rid", "uid", "agent", "team", "workflow", "created", "v")


@dataclass(frozen=True)
class GroupCount:
    """Sessions and their runs for one value of a grouping (a user, an owner, a day)."""

    key: str | None
    sessions: int
    runs: int
    session_type: str | None = None


@dataclass(frozen=True)
class SessionSize:
    """One session and the bytes its row and runs take in storage."""

    session_id: str
    session_type: str
    owner_id: str | None
    user_id: str | None
    bytes: int


@dataclass
class Stats:
    """Everything ``kern sessions stats`` shows; ``top`` bounds the user, owner and size lists."""

    sessions: int = 0
    runs: int = 0
    users: int = 0
    sessions_by_type: dict[str, int] = field(default_factory=dict)
    runs_by_session_type: dict[str, int] = field(default_factory=dict)
    runs_by_run_type: dict[str, int] = field(default_factory=dict)
    runs_by_status: dict[str, int] = field(default_factory=dict)
    by_user: list[GroupCount] = field(default_factory=list)
    by_owner: list[GroupCount] = field(default_factory=list)
    by_day: list[GroupCount] = field(default_factory=list)
    tokens: dict[str, int] = field(default_factory=dict)
    sessions_with_metrics: int = 0
    largest: list[SessionSize] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def session_stats(t: SessionTable, flt: SessionFilter, top: int = 10) -> Stats:
    """Compute :class:`Stats` for the sessions ``flt`` selects (read-only queries)."""
    q = Queries(t, flt)
    stats = Stats()
    for stype, count in t.conn.execute(*q.sessions_by_type()).fetchall():
        stats.sessions_by_type[str(stype)] = int(count)
    stats.sessions = sum(stats.sessions_by_type.values())
    for stype, status, rtype, count in t.conn.execute(*q.runs_breakdown()).fetchall():
        _add(stats.runs_by_session_type, str(stype), count)
        _add(stats.runs_by_status, str(status) if status is not None else "unknown", count)
        _add(stats.runs_by_run_type, str(rtype), count)
    stats.runs = sum(stats.runs_by_session_type.values())
    stats.users = int(t.conn.execute(*q.distinct_users()).fetchone()[0] or 0)
    stats.by_user = [
        GroupCount(_text(k), int(s), int(r or 0))
        for k, s, r in t.conn.execute(*q.grouped("user", top)).fetchall()
    ]
    stats.by_owner = [
        GroupCount(_text(k), int(s), int(r or 0), _text(kind))
        for kind, k, s, r in t.conn.execute(*q.grouped("owner", top)).fetchall()
    ]
    stats.by_day = [
        GroupCount(_text(k), int(s), int(r or 0))
        for k, s, r in t.conn.execute(*q.grouped("day", None)).fetchall()
    ]
    row = t.conn.execute(*q.tokens()).fetchone()
    stats.tokens = {k: int(v or 0) for k, v in zip(TOKEN_KEYS, row[:3], strict=True)}
    stats.sessions_with_metrics = int(row[3] or 0)
    stats.largest = [
        SessionSize(str(sid), str(stype), _text(owner), _text(user), int(size or 0))
        for sid, stype, owner, user, size in t.conn.execute(*q.largest(top)).fetchall()
    ]
    return stats


def _add(counts: dict[str, int], key: str, value: Any) -> None:
    counts[key] = counts.get(key, 0) + int(value)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


class Queries:
    """The SQL for one filter on one dialect and layout; each method returns (sql, params)."""

    def __init__(self, t: SessionTable, flt: SessionFilter) -> None:
        self.b = t.dialect
        self.layout = t.layout
        self.where, self.params = where_clause(t.dialect, t.layout, flt, alias="s.")
        self.sessions = f"{t.sessions} s"

    def col(self, name: str) -> str:
        return f"s.{name}" if self.layout.has(name) else "NULL"

    def sessions_by_type(self) -> tuple[str, list[Any]]:
        sql = f"SELECT s.session_type, count(*) FROM {self.sessions} {self.where} GROUP BY 1"
        return sql, list(self.params)

    def distinct_users(self) -> tuple[str, list[Any]]:
        sql = f"SELECT count(DISTINCT {self.col('user_id')}) FROM {self.sessions} {self.where}"
        return sql, list(self.params)

    # -- runs --------------------------------------------------------------------------------

    def run_source(self, shape: str = "value") -> tuple[str, list[Any]]:
        """One row per stored run of a filtered session: ``sid, stype`` and, by ``shape``,
        ``v`` (``value``: its JSON object, NULL when unreadable), ``status, rtype``
        (``breakdown``), :data:`USAGE_COLUMNS` (``usage``) or nothing more (``count``).

        A runs table's ``status`` and ``run_type`` columns are read where they are not NULL,
        so the JSON payload is parsed only for rows that lack them (and for the legacy column)."""
        parts: list[str] = []
        params: list[Any] = []
        head = "SELECT s.session_id AS sid, s.session_type AS stype"
        for src in run_sources(self.b, self.layout, "s"):
            cond = src.link
            from_sql = f"FROM {self.sessions}, {src.from_sql}"
            columns = self.layout.runs_columns if src.alias else ()
            if shape == "breakdown":
                status, rtype = self._status_type(src.value)
                if {"status", "run_type"} <= set(columns):
                    # Two parts, so that the rows with both columns set never touch run_data
                    # (a COALESCE over it still makes SQLite read every payload).
                    both = f"{src.alias}.status IS NOT NULL AND {src.alias}.run_type IS NOT NULL"
                    parts.append(
                        f"{head}, {src.alias}.status AS status, {src.alias}.run_type AS rtype "
                        f"{from_sql} {self._and_where(f'{cond} AND {both}')}"
                    )
                    params += self.params
                    status = f"COALESCE({src.alias}.status, {status})"
                    rtype = f"COALESCE({src.alias}.run_type, {rtype})"
                    cond = f"{cond} AND NOT ({both})"
                tail = f", {status} AS status, {rtype} AS rtype"
            elif shape == "usage":
                tail = self._usage_tail(src.alias, src.value)
            else:
                tail = f", {src.value} AS v" if shape == "value" else ""
            parts.append(f"{head}{tail} {from_sql} {self._and_where(cond)}")
            params += self.params
        if not parts:
            extra_columns = {
                "value": ", NULL AS v",
                "breakdown": ", NULL AS status, NULL AS rtype",
                "usage": ", " + ", ".join(f"NULL AS {c}" for c in USAGE_COLUMNS),
            }
            return f"{head}{extra_columns.get(shape, '')} WHERE 1 = 0", []
        return " UNION ALL ".join(parts), params

    def _usage_tail(self, alias: str | None, value: str) -> str:
        """The :data:`USAGE_COLUMNS` of a run from the runs table (``alias`` ``r``) or of an
        element of the legacy column (``alias`` None, ``value`` its JSON). The owner ids are
        the run's (a team's member run names its agent), else the session's."""
        cols = self.layout.runs_columns if alias else ()
        key = self.b.json_key_text

        def run_value(name: str, from_json: str) -> str:
            return f"{alias}.{name}" if name in cols else from_json

        owners = [
            f"COALESCE({run_value(c, key(value, c))}, {self.col(c)}) AS {c[:-3]}"
            for c in ("agent_id", "team_id", "workflow_id")
        ]
        created = run_value("created_at", self.b.json_number(value, "created_at"))
        return (
            f", {run_value('run_id', key(value, 'run_id'))} AS rid, {self.col('user_id')} AS uid, "
            f"{', '.join(owners)}, COALESCE({created}, s.created_at) AS created, {value} AS v"
        )

    def _and_where(self, cond: str) -> str:
        """The filter's WHERE clause with ``cond`` ANDed to it (``cond`` may be empty)."""
        if not cond:
            return self.where
        return f"{self.where} AND {cond}" if self.where else f"WHERE {cond}"

    def _status_type(self, value: str) -> tuple[str, str]:
        """SQL for a run's status and run type from its JSON object ``value``; the type is
        agno's rule for a run dict (agent_id/agent_name: agent, team_id/team_name: team,
        else workflow)."""
        key = self.b.json_key_text
        rtype = (
            f"CASE WHEN COALESCE({key(value, 'agent_id')}, {key(value, 'agent_name')}, '') <> '' "
            f"THEN 'agent' WHEN COALESCE({key(value, 'team_id')}, {key(value, 'team_name')}, '')"
            f" <> '' THEN 'team' ELSE 'workflow' END"
        )
        return key(value, "status"), rtype

    def runs_breakdown(self) -> tuple[str, list[Any]]:
        src, params = self.run_source("breakdown")
        sql = f"SELECT x.stype, x.status, x.rtype, count(*) FROM ({src}) x GROUP BY 1, 2, 3"
        return sql, params

    def run_counts(self) -> tuple[str, list[Any]]:
        """``SELECT sid, n``: stored runs per filtered session (sessions without runs absent)."""
        if self.layout.kind == "column":
            n = self.b.json_array_length_expr("s.runs")
            return f"SELECT s.session_id AS sid, {n} AS n FROM {self.sessions} {self.where}", list(
                self.params
            )
        src, params = self.run_source("count")
        return f"SELECT x.sid, count(*) AS n FROM ({src}) x GROUP BY x.sid", params

    def grouped(self, by: str, top: int | None) -> tuple[str, list[Any]]:
        counts, params = self.run_counts()
        owner = (
            f"COALESCE({self.col('agent_id')}, {self.col('team_id')}, {self.col('workflow_id')})"
        )
        keys = {
            "user": self.col("user_id"),
            "owner": f"s.session_type, {owner}",
            "day": self._day(),
        }
        order = "1" if by == "day" else f"{2 if by != 'owner' else 3} DESC, 1"
        sql = (
            f"SELECT {keys[by]}, count(*), sum(COALESCE(rc.n, 0)) FROM {self.sessions} "
            f"LEFT JOIN ({counts}) rc ON rc.sid = s.session_id {self.where} "
            f"GROUP BY {'1, 2' if by == 'owner' else '1'} ORDER BY {order}"
        )
        if top is not None:
            sql += f" LIMIT {int(top)}"
        return sql, params + self.params

    def _day(self) -> str:
        """The UTC day of ``created_at``; NULL for a time outside the years 1 to 9999, which
        PostgreSQL's ``to_timestamp`` would refuse with an error for the whole query."""
        day = self.b.utc_day("s.created_at")
        return f"(CASE WHEN s.created_at BETWEEN -62135596800 AND 253402300799 THEN {day} END)"

    # -- tokens and sizes --------------------------------------------------------------------

    def tokens(self) -> tuple[str, list[Any]]:
        if not self.layout.has("session_data"):
            return "SELECT 0, 0, 0, 0", []
        values = [self.b.json_number("s.session_data", "session_metrics", k) for k in TOKEN_KEYS]
        sums = ", ".join(self.b.safe_sum(v) for v in values)
        has = " OR ".join(f"{v} IS NOT NULL" for v in values)
        sql = (
            f"SELECT {sums}, sum(CASE WHEN {has} THEN 1 ELSE 0 END) "
            f"FROM {self.sessions} {self.where}"
        )
        return sql, list(self.params)

    def largest(self, top: int) -> tuple[str, list[Any]]:
        owner = (
            f"COALESCE({self.col('agent_id')}, {self.col('team_id')}, {self.col('workflow_id')})"
        )
        row_size = self.b.row_bytes("s", [c for c in JSON_FIELDS if self.layout.has(c)])
        run_size = self.b.stored_bytes("run_data")
        join, size = "", row_size
        if self.layout.runs_table:
            runs = self.b.table(self.layout.runs_table)
            join = (
                f"LEFT JOIN (SELECT session_id, sum({run_size}) AS bytes FROM {runs} "
                f"GROUP BY session_id) rb ON rb.session_id = s.session_id"
            )
            size = f"{row_size} + COALESCE(rb.bytes, 0)"
        sql = (
            f"SELECT s.session_id, s.session_type, {owner}, {self.col('user_id')}, {size} AS size "
            f"FROM {self.sessions} {join} {self.where} ORDER BY size DESC, s.session_id "
            f"LIMIT {int(top)}"
        )
        return sql, list(self.params)
