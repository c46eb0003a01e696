"""Search the content of sessions: inputs, replies, reasoning, tool calls and results, the
conversations agno 3.1 folded into compactions, and offloaded tool results.

Two steps. A coarse scan inside the database keeps the stored JSON texts that may hold the
text (a superset, see :func:`coarse_plan`); each of those is decoded and confirmed in Python,
on the decoded values only (never a key), under Unicode case folding (``STRASSE`` finds
``straße``) or a Python regular expression. Everything here only reads: no table, index or
temporary table is created in the database.

Sessions are read a page at a time in the listing's order (newest first), their runs,
compactions and offloaded results matched page by page, so memory holds one page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import orjson

from kern_core.errors import BadInputError
from kern_core.filters import SessionFilter, encode_cursor, keyset_clause, sort_expr, where_clause
from kern_core.table import SessionTable

#: What ``fields`` may narrow a search to.
SEARCH_FIELDS = ("input", "output", "tool", "reasoning")
#: Where a hit may be, in the order a hit names them.
PLACES = (*SEARCH_FIELDS, "compaction", "tool_result")
#: Sessions per page of a search.
PAGE_SIZE = 200
#: Characters of context a snippet shows before and after the match.
CONTEXT = 40
#: Characters of the match a snippet shows at most.
MATCH_CHARS = 120

#: Characters outside ASCII whose case folding holds ASCII letters (Python's ``str.casefold``;
#: a test checks the table): a folded needle's ASCII may come from them, not from ASCII.
ASCII_FOLDING = {
    "\u00df": "ss",
    "\u0130": "i\u0307",
    "\u0149": "\u02bcn",
    "\u017f": "s",
    "\u01f0": "j\u030c",
    "\u1e96": "h\u0331",
    "\u1e97": "t\u0308",
    "\u1e98": "w\u030a",
    "\u1e99": "y\u030a",
    "\u1e9a": "a\u02be",
    "\u1e9e": "ss",
    "\u212a": "k",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
#: ASCII a JSON writer may escape: the quote, backslash and control characters must be;
#: ``/`` may be (``\\/``), and HTML-safe writers escape ``<``, ``>``, ``&`` and ``'``.
_ESCAPABLE = frozenset("\"\\/<>&'\x7f") | frozenset(chr(i) for i in range(32))


@dataclass(frozen=True)
class TextQuery:
    """What to look for: ``text`` (literal, case-folded; or a Python regular expression,
    ``regex``, matched case-insensitively) in the places ``fields`` names (a subset of
    :data:`SEARCH_FIELDS`; compactions count under the roles of their messages, offloaded
    results under ``tool``)."""

    text: str
    fields: tuple[str, ...] = SEARCH_FIELDS
    regex: bool = False

    def __post_init__(self) -> None:
        if not self.text:
            raise BadInputError("the search text is empty")
        unknown = [f for f in self.fields if f not in SEARCH_FIELDS]
        if unknown or not self.fields:
            raise BadInputError(
                f"cannot search in {', '.join(unknown) or 'nothing'}",
                hint=f"choose from {', '.join(SEARCH_FIELDS)}",
            )
        if self.regex:
            _compiled(self.text)


@dataclass(frozen=True)
class SearchHit:
    """One run (or compaction, or offloaded result) that matched: where, and a snippet whose
    ``snippet[start:end]`` is the (first) match. ``run_id`` may be None for a compaction."""

    session_id: str
    run_id: str | None
    where: tuple[str, ...]
    snippet: str
    start: int
    end: int
    session_type: str | None = None
    user_id: str | None = None
    created_at: int | None = None
    item_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "run_id": self.run_id,
            "where": list(self.where),
            "snippet": self.snippet,
            "match_start": self.start,
            "match_end": self.end,
            "session_type": self.session_type,
            "user_id": self.user_id,
            "created_at": self.created_at,
            "item_id": self.item_id,
        }


# -- the coarse scan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CoarsePlan:
    """A condition every stored JSON text holding the text satisfies: ``literal`` appears
    (ASCII case-insensitively) or, when one of ``folding`` (characters whose case folding
    gives ASCII, which a raw or ``\\uXXXX`` form shows) is there, ``fallback`` does. Where no
    ASCII of the needle can be relied on, ``any_of`` lists the characters one of which must
    be stored. ``everything``: no condition (a regular expression)."""

    literal: str = ""
    fallback: str = ""
    folding: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    everything: bool = False


def coarse_plan(query: TextQuery) -> CoarsePlan:
    """The coarse condition for ``query`` that never misses a stored text holding it.

    The needle is case-folded. A position of the folded needle is *unsafe* when a JSON
    writer may have escaped its character (non-ASCII as ``\\uXXXX``, quotes, backslashes,
    control characters, ``/``), and *folding* when a non-ASCII character whose folding
    yields ASCII (``ß`` -> ``ss``, ``ſ`` -> ``s``, ``K`` -> ``k``) could have produced it.
    ``literal`` is the longest run of safe positions: it is stored as is unless such a
    character is stored; ``fallback`` the longest run that is neither.
    """
    if query.regex:
        return CoarsePlan(everything=True)
    needle = query.text.casefold()
    unsafe = [not ch.isascii() or ch in _ESCAPABLE for ch in needle]
    folding_at = [False] * len(needle)
    sources: set[str] = set()
    for source, folded in ASCII_FOLDING.items():
        for start, end in _overlaps(needle, folded):
            sources.add(source)
            for i in range(start, end):
                folding_at[i] = True
    literal = _longest(needle, unsafe)
    fallback = _longest(needle, [u or f for u, f in zip(unsafe, folding_at, strict=True)])
    if literal:
        folding = tuple(sorted(sources)) if fallback != literal else ()
        return CoarsePlan(literal=literal, fallback=fallback, folding=folding)
    # No ASCII to rely on: one of the needle's characters must be stored, in one of the
    # forms that fold to it; the character with the fewest such forms is the test.
    candidates = [_preimages(ch) for ch in dict.fromkeys(needle) if not ch.isascii()]
    if not candidates:  # only escapable ASCII ('"', '\\', '/'): every form may be escaped
        return CoarsePlan(everything=True)
    return CoarsePlan(any_of=min(candidates, key=len))


def _overlaps(needle: str, piece: str) -> Iterator[tuple[int, int]]:
    """The spans of ``needle`` that ``piece`` can cover in a folded text: where it occurs
    whole, and where a suffix of it starts the needle or a prefix of it ends the needle."""
    start = needle.find(piece)
    while start >= 0:
        yield start, start + len(piece)
        start = needle.find(piece, start + 1)
    for k in range(1, len(piece)):
        if needle.startswith(piece[k:]):
            yield 0, min(len(piece) - k, len(needle))
        if needle.endswith(piece[:k]):
            yield max(len(needle) - k, 0), len(needle)
    if len(piece) > len(needle) and needle in piece:
        yield 0, len(needle)


def _longest(text: str, excluded: Sequence[bool]) -> str:
    best, current = "", list[str]()
    for ch, bad in zip(text, excluded, strict=True):
        if bad:
            current = []
            continue
        current.append(ch)
        if len(current) > len(best):
            best = "".join(current)
    return best


@lru_cache(maxsize=64)
def _preimages(ch: str) -> tuple[str, ...]:
    """Every character whose case folding contains ``ch`` (itself included)."""
    found = [ch]
    for code in range(0x80, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        other = chr(code)
        if other != ch and ch in other.casefold():
            found.append(other)
    return tuple(found)


def _stored_forms(ch: str) -> list[tuple[str, bool]]:
    """How a character may appear in stored JSON: as itself, and as its ``\\u`` escape
    (lower case: compared ASCII case-insensitively). ``True`` marks the folded forms."""
    code = ord(ch)
    if code > 0xFFFF:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        escape = f"\\u{high:04x}\\u{low:04x}"
    else:
        escape = f"\\u{code:04x}"
    return [(ch, False), (escape, True)]


def coarse_condition(t: SessionTable, plan: CoarsePlan, expr: str) -> tuple[str, list[Any]]:
    """SQL (and parameters) for ``plan`` on the stored text ``expr``."""
    if plan.everything:
        return "1 = 1", []
    d = t.dialect
    params: list[Any] = []

    def folded(fragment: str) -> str:
        sql, value = d.contains_ascii_folded(expr, fragment)
        params.append(value)
        return sql

    def present(chars: Sequence[str]) -> str:
        parts = []
        for ch in chars:
            for form, ascii_form in _stored_forms(ch):
                if ascii_form:
                    parts.append(folded(form))
                else:
                    sql, value = d.contains_exact(expr, form)
                    params.append(value)
                    parts.append(sql)
        return "(" + " OR ".join(parts) + ")"

    if plan.any_of:
        return present(plan.any_of), params
    if not plan.folding:
        return folded(plan.literal), params
    # fallback AND (literal OR a folding character): the fallback (a part of the literal)
    # goes first, so that a text holding neither is read once, as by a plain substring scan.
    head = f"{folded(plan.fallback)} AND " if plan.fallback else ""
    literal = folded(plan.literal)
    return f"({head}({literal} OR {present(plan.folding)}))", params


def session_condition(t: SessionTable, query: TextQuery, alias: str = "") -> tuple[str, list[Any]]:
    """SQL true for every session (row ``alias``) that may hold a match: a coarse test of
    its runs, legacy runs column, compactions; a session with offloaded results is always a
    candidate (their payloads are found through agno's canonical names, confirmed later)."""
    plan = coarse_plan(query)
    layout = t.layout
    sid = f"{alias or t.sessions + '.'}session_id"  # qualified: the subqueries have their own
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, values: list[Any]) -> None:
        parts.append(sql)
        params.extend(values)

    if layout.runs_table:
        cond, values = coarse_condition(t, plan, t.dialect.json_text("r.run_data"))
        add(f"EXISTS (SELECT 1 FROM {t.runs} r WHERE r.session_id = {sid} AND {cond})", values)
    if layout.has_runs_column:
        add(*coarse_condition(t, plan, t.dialect.json_text(f"{alias}runs")))
    compactions = t.linked("compactions")
    if compactions is not None:
        summary, values = coarse_condition(t, plan, "c.summary")
        archived, more = coarse_condition(t, plan, "c.archived_messages")
        add(
            f"EXISTS (SELECT 1 FROM {compactions} c WHERE c.session_id = {sid} "
            f"AND ({summary} OR {archived}))",
            values + more,
        )
    results = t.linked("tool_results")
    if results is not None and t.linked("payloads") is not None and "tool" in query.fields:
        add(f"EXISTS (SELECT 1 FROM {results} tr WHERE tr.session_id = {sid})", [])
    if not parts:
        return "1 = 0", []
    return "(" + " OR ".join(parts) + ")", params


# -- confirming ---------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as exc:
        raise BadInputError(f"invalid regular expression {pattern[:60]!r}: {exc}") from None


class Matcher:
    """Finds a query in text: the first match's span in the original text, or None."""

    def __init__(self, query: TextQuery) -> None:
        self.query = query
        self.rx = _compiled(query.text) if query.regex else None
        self.needle = query.text.casefold()
        #: The coarse scan's condition for the query, which the reads of candidates use.
        self.plan = plan = coarse_plan(query)
        #: ASCII every serialized value holding the needle contains (the coarse plan's
        #: fallback: the part no JSON writer escapes and no folding character stands for).
        self.screen = plan.fallback.encode() if plan.fallback and self.rx is None else None

    def may_hold(self, values: list[Any]) -> bool:
        """Whether decoded ``values`` may hold the needle: their serialization (C-fast, keys
        included: a superset) holds :attr:`screen` ASCII case-insensitively. It saves the
        walk over every value of a place, and the decoding of JSON nested in strings, where
        the needle is not. The serialization writes the screen's characters as they are
        (it escapes none of them), as the coarse scan assumes of every JSON writer."""
        if self.screen is None:
            return True
        try:
            dumped = orjson.dumps(values)
        except orjson.JSONEncodeError:  # an integer beyond 64 bits, a surrogate
            return True
        return self.screen in dumped.lower()

    def any(self, texts: list[str]) -> bool:
        """Whether some text may match: one test over them all, joined (exact for a literal
        needle, which cannot span the separator; regular expressions are tested one by one)."""
        if self.rx is not None or "\x00" in self.needle:
            return True
        return self.needle in "\x00".join(texts).casefold()

    def find(self, text: str) -> tuple[int, int] | None:
        if self.rx is not None:
            m = self.rx.search(text)
            return (m.start(), m.end()) if m else None
        folded = text.casefold()
        at = folded.find(self.needle)
        if at < 0:
            return None
        if len(folded) == len(text):  # casefold never shortens: every character kept its place
            return at, at + len(self.needle)
        ends: list[int] = []  # folded position -> index of the original character
        for i, ch in enumerate(text):
            ends.extend([i] * len(ch.casefold()))
        last = at + len(self.needle) - 1
        return ends[at], ends[last] + 1


@dataclass
class _Found:
    places: list[str] = field(default_factory=list)
    snippet: tuple[str, int, int] | None = None

    def add(self, place: str, text: str, span: tuple[int, int]) -> None:
        if place not in self.places:
            self.places.append(place)
        if self.snippet is None:
            self.snippet = snippet(text, span)

    def hit(self, session_id: str, run_id: str | None, item_id: str | None = None) -> SearchHit:
        assert self.snippet is not None
        text, start, end = self.snippet
        order = sorted(self.places, key=PLACES.index)
        return SearchHit(session_id, run_id, tuple(order), text, start, end, item_id=item_id)


_SPACE = re.compile(r"\s+")


def snippet(text: str, span: tuple[int, int]) -> tuple[str, int, int]:
    """Up to :data:`CONTEXT` characters either side of the match, white space collapsed, an
    ellipsis where cut; and the match's span in it."""
    a, b = span
    before = _SPACE.sub(" ", text[max(0, a - CONTEXT) : a])
    match = _SPACE.sub(" ", text[a : min(b, a + MATCH_CHARS)])
    after = _SPACE.sub(" ", text[b : b + CONTEXT])
    if a > CONTEXT:
        before = "…" + before.lstrip()
    if b + CONTEXT < len(text):
        after = after.rstrip() + "…"
    if b - a > MATCH_CHARS:
        match += "…"
    return before + match + after, len(before), len(before) + len(match)


def strings(value: Any, out: list[str] | None = None) -> list[str]:
    """Every string value in a decoded JSON value (keys excluded), appended to ``out``; a
    string that is itself a JSON object or array (tool arguments are stored so) gives its
    values instead."""
    out = [] if out is None else out
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is str:
            if item[:1] in ("{", "[") and (inner := _json_inside(item)) is not None:
                stack.append(inner)
            else:
                out.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str):
            out.append(str(item))
    return out


def _json_inside(text: str) -> Any:
    stripped = text.strip()
    if len(stripped) < 2 or stripped[0] not in "[{" or stripped[-1] not in "]}":
        return None
    value = _loads(stripped)
    return value if isinstance(value, (dict, list)) else None


def _loads(text: str | bytes) -> Any:
    """``text`` (or its UTF-8) as JSON, None when it is not: orjson (about a third faster
    than the standard library on a run, from UTF-8), the standard library where orjson
    refuses what it reads (NaN, integers beyond 64 bits, a lone surrogate, nesting past 1024,
    invalid UTF-8: then None, for the tolerant decoder)."""
    try:
        return orjson.loads(text.encode() if isinstance(text, str) else text)
    except (orjson.JSONDecodeError, UnicodeEncodeError):
        pass
    if isinstance(text, bytes):
        try:
            text = text.decode()
        except UnicodeDecodeError:
            return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


_REASONING_KEYS = ("reasoning_content", "reasoning_steps", "reasoning_messages")
_MESSAGE_REASONING = ("reasoning_content", "thinking", "redacted_thinking")


_NESTED_RUNS = ("member_responses", "step_executor_runs")


def run_parts(run: dict[str, Any], depth: int = 0) -> Iterator[tuple[str, Any]]:
    """A run's searchable values by place: its input, reply, reasoning and tool calls and
    results, also as its own messages carry them (history copies and system prompts
    skipped), and those of the runs it embeds (a team's members, a workflow's steps)."""
    if depth < 8:
        for key in _NESTED_RUNS:
            nested = run.get(key)
            for item in nested if isinstance(nested, list) else []:
                if isinstance(item, dict):
                    yield from run_parts(item, depth + 1)
        steps = run.get("step_results")
        for item in steps if isinstance(steps, list) else []:
            for step in item if isinstance(item, list) else [item]:
                if isinstance(step, dict):
                    yield "output", step.get("content")
    yield "input", run.get("input")
    yield "output", run.get("content")
    for key in _REASONING_KEYS:
        yield "reasoning", run.get(key)
    yield "tool", run.get("tools")
    messages = run.get("messages")
    for message in messages if isinstance(messages, list) else []:
        if not isinstance(message, dict) or message.get("from_history") is True:
            continue
        role = message.get("role")
        if role == "user":
            yield "input", message.get("content")
        elif role == "assistant":
            yield "output", message.get("content")
            yield "tool", message.get("tool_calls")
        elif role == "tool":
            yield "tool", message.get("content")
        for key in _MESSAGE_REASONING:
            yield "reasoning", message.get(key)


_ROLE_PLACES = {"user": "input", "assistant": "output", "tool": "tool"}


def match_run(matcher: Matcher, run: dict[str, Any]) -> _Found:
    """Where in the run the query matches (the values of each place gathered first, then
    tested together: one case folding per place, not per value)."""
    found = _Found()
    values: dict[str, list[Any]] = {place: [] for place in matcher.query.fields}
    for place, value in run_parts(run):
        if value is not None and place in values:
            values[place].append(value)
    for place in PLACES:
        held = values.get(place)
        if held and matcher.may_hold(held):
            texts: list[str] = []
            for value in held:
                if type(value) is str and value[:1] not in ("{", "["):
                    texts.append(value)
                else:
                    strings(value, texts)
            _match_texts(matcher, found, place, texts)
    return found


def _match_value(matcher: Matcher, found: _Found, place: str, value: Any) -> None:
    _match_texts(matcher, found, place, strings(value))


def _match_texts(matcher: Matcher, found: _Found, place: str, texts: list[str]) -> None:
    if not matcher.any(texts):
        return
    for text in texts:
        span = matcher.find(text)
        if span is not None:
            found.add(place, text, span)
            return


# -- the scan -----------------------------------------------------------------------------------


def search(
    t: SessionTable,
    query: TextQuery,
    flt: SessionFilter | None = None,
    *,
    sort: str = "created_at",
    descending: bool = True,
    page_size: int = PAGE_SIZE,
    jobs: int = 1,
) -> Iterator[SearchHit]:
    """Every run, compaction and offloaded result of the sessions ``flt`` selects that holds
    ``query``, sessions in the listing's order (``sort``, newest first unless not
    ``descending``), a session's runs in stored time order, then its compactions and its
    offloaded results. Lazy: stop reading when enough hits came.

    With ``jobs`` 1 the reads run in a worker thread a page ahead of the matching (the
    database scans while Python decodes). With more, the first :data:`SERIAL_PAGES` pages are
    read here and the rest by ``jobs`` worker processes (see :func:`_pages_in_parallel`)."""
    from kern_core.exporting import prefetch

    matcher = Matcher(query)
    pages = _session_pages(t, flt or SessionFilter(), sort, descending, page_size)
    found: Iterator[tuple[dict[str, Sequence[Any]], dict[str, list[SearchHit]]]]
    if jobs > 1:
        found = _pages_in_parallel(t, matcher, pages, jobs)
    else:
        payloads = "tool" in query.fields
        raw_pages = ((info, fetch_page(t, matcher.plan, list(info), payloads)) for info in pages)
        found = ((info, match_page(matcher, raw)) for info, raw in prefetch(raw_pages))
    for info, hits in found:
        for sid, row in info.items():
            kind, user, created = _text(row[1]), _text(row[2]), _int(row[3])
            for h in hits.get(sid, ()):  # SearchHit(...), not replace(): a tenth of the time
                yield SearchHit(
                    h.session_id, h.run_id, h.where, h.snippet, h.start, h.end,
                    kind, user, created, h.item_id,
                )  # fmt: skip


@dataclass
class RawPage:
    """What the database gave for one page of sessions: the stored texts that passed the
    coarse scan (runs as ``(session_id, text)``; compaction and payload rows)."""

    session_ids: list[str]
    runs: list[tuple[str, Any]] = field(default_factory=list)
    compactions: list[Sequence[Any]] = field(default_factory=list)
    payloads: list[tuple[str, str | None, str | None, Any]] = field(default_factory=list)


def _session_pages(
    t: SessionTable, flt: SessionFilter, sort: str, descending: bool, page_size: int
) -> Iterator[dict[str, Sequence[Any]]]:
    """The filter's sessions a page at a time (keyset order of the listing): each page's
    rows ``session_id, session_type, user_id, created_at, sort key`` by session id."""
    if flt.grep is not None:
        flt = replace(flt, grep=None, grep_excluded=None)
    key = sort_expr(sort)
    direction = "DESC" if descending else "ASC"
    names = ("session_type", "user_id", "created_at")
    cols = ", ".join(c if t.layout.has(c) else "NULL" for c in names)
    cursor: str | None = None
    while True:
        where, params = where_clause(t.dialect, t.layout, flt)
        if cursor:
            keyset, keyset_params = keyset_clause(t.dialect, sort, descending, cursor)
            where = f"{where} AND {keyset}" if where else f"WHERE {keyset}"
            params += keyset_params
        sql = (
            f"SELECT session_id, {cols}, {key} FROM {t.sessions} {where} "
            f"ORDER BY {key} {direction}, session_id {direction} LIMIT {int(page_size)}"
        )
        page = t.conn.execute(sql, params).fetchall()
        if not page:
            return
        yield {str(r[0]): r for r in page}
        if len(page) < page_size:
            return
        cursor = encode_cursor(page[-1][4], str(page[-1][0]))


# -- in parallel --------------------------------------------------------------------------------

#: Pages a parallel search reads in its own process before it starts workers: a search that
#: stops early (``--limit``) never pays for them.
SERIAL_PAGES = 2
#: Pages in flight per worker: the workers never wait for work, and memory holds a few pages.
PAGES_AHEAD = 2


def _pages_in_parallel(
    t: SessionTable,
    matcher: Matcher,
    pages: Iterator[dict[str, Sequence[Any]]],
    jobs: int,
) -> Iterator[tuple[dict[str, Sequence[Any]], dict[str, list[SearchHit]]]]:
    """Each page with its hits, in order. The decoding and matching is CPU-bound Python, so
    threads cannot share it: ``jobs`` worker processes each read pages on a read-only
    connection of their own (one snapshot per worker) and match them, while this process
    lists the pages and hands them out; results are taken in page order, at most
    :data:`PAGES_AHEAD` pages per worker ahead of the consumer. Stopping early (or Ctrl-C)
    ends the workers at once."""
    import multiprocessing
    from collections import deque
    from itertools import chain, islice

    for info in islice(pages, SERIAL_PAGES):
        yield info, page_hits(t, matcher, list(info))
    first = next(pages, None)
    if first is None:
        return
    spec = (t.dialect, t.layout, matcher.query)
    pool = multiprocessing.get_context("forkserver").Pool(jobs, initializer=_ignore_sigint)
    finished = False
    try:
        pending: deque[tuple[dict[str, Sequence[Any]], Any]] = deque()
        for info in chain([first], pages):
            pending.append((info, pool.apply_async(_worker_page, (spec, list(info)))))
            if len(pending) > jobs * PAGES_AHEAD:
                head, result = pending.popleft()
                yield head, result.get()
        while pending:
            head, result = pending.popleft()
            yield head, result.get()
        finished = True
    finally:
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which ends them."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


#: A worker's table and matcher, made on its first page.
_WORKER: dict[str, Any] = {}


def _worker_page(
    spec: tuple[Any, Any, TextQuery], session_ids: list[str]
) -> dict[str, list[SearchHit]]:
    """In a worker process: one page's hits (driver errors as :class:`KernError`)."""
    dialect, layout, query = spec
    with dialect.translating_errors():
        if "t" not in _WORKER:
            conn = dialect.connect(read_only=True)
            dialect.begin_snapshot(conn)
            _WORKER.update(
                t=SessionTable(dialect, conn, layout),
                matcher=Matcher(query),
            )
        return page_hits(_WORKER["t"], _WORKER["matcher"], session_ids)


def page_hits(
    t: SessionTable, matcher: Matcher, session_ids: Sequence[str]
) -> dict[str, list[SearchHit]]:
    """The hits of these sessions, by session, each session's in order."""
    raw = fetch_page(t, matcher.plan, session_ids, "tool" in matcher.query.fields)
    return match_page(matcher, raw)


def fetch_page(
    t: SessionTable, plan: CoarsePlan, session_ids: Sequence[str], payloads: bool
) -> RawPage:
    """Every read of one page: its runs, compactions and (``payloads``) offloaded results
    that pass the coarse scan."""
    ids = list(session_ids)
    raw = RawPage(ids, runs=list(_candidate_runs(t, plan, ids)))
    raw.compactions = _compaction_rows(t, plan, ids)
    if payloads:
        raw.payloads = _payload_rows(t, plan, ids)
    return raw


def match_page(matcher: Matcher, raw: RawPage) -> dict[str, list[SearchHit]]:
    """The confirmed hits of one page, by session: runs in stored time order, then
    compactions, then offloaded results."""
    from kern_core.linked.extras import decode_archived

    out: dict[str, list[SearchHit]] = {}
    runs: dict[str, list[tuple[Any, str, SearchHit]]] = {}
    for sid, text in raw.runs:
        run = _decoded(text)
        if not isinstance(run, dict):
            continue
        found = match_run(matcher, run)
        if found.places:
            run_id = run.get("run_id") if isinstance(run.get("run_id"), str) else None
            order = run.get("created_at")
            order = order if isinstance(order, (int, float)) else 0
            runs.setdefault(sid, []).append((order, run_id or "", found.hit(sid, run_id)))
    for sid, items in runs.items():
        items.sort(key=lambda item: (item[0], item[1]))
        out[sid] = [hit for _, _, hit in items]
    fields = matcher.query.fields
    later: list[SearchHit] = []
    for sid, run_id, cid, summary, messages in raw.compactions:
        found = _Found()
        if "output" in fields and summary is not None:
            _match_value(matcher, found, "compaction", _text(summary))
        for message in decode_archived(_text(messages) or ""):
            if _ROLE_PLACES.get(message.role, "output") in fields:
                _match_value(matcher, found, "compaction", message.text)
        if found.places:
            later.append(found.hit(str(sid), _text(run_id), _text(cid)))
    for sid, run_id, result_id, content in raw.payloads:
        found = _Found()
        _match_value(matcher, found, "tool_result", _text(content))
        if found.places:
            later.append(found.hit(sid, run_id, result_id))
    order = {sid: i for i, sid in enumerate(raw.session_ids)}
    for hit in sorted(later, key=lambda h: order.get(h.session_id, 0)):
        out.setdefault(hit.session_id, []).append(hit)
    return out


def _candidate_runs(
    t: SessionTable, plan: CoarsePlan, session_ids: Sequence[str]
) -> Iterator[tuple[str, Any]]:
    """The stored texts of these sessions' runs that pass the coarse scan; for a migrated
    table, the runs table's copy of a run wins (as agno merges).

    A runs table's rows are found by the page's ids alone (the sessions were filtered when
    the page was listed) and each run's text is computed once (:meth:`Dialect.computed_once`)
    for the coarse tests and the read: PostgreSQL would otherwise cast the jsonb (and
    decompress it) again for every test. The legacy column is tested as one text per session
    before its elements are read."""
    from kern_core.filters import run_sources

    d = t.dialect
    ids = list(session_ids)
    parts: list[str] = []
    params: list[Any] = []
    for src in run_sources(d, t.layout, "s"):
        if src.alias:
            where, where_params = d.in_clause(f"{src.alias}.session_id", ids)
            text = d.json_text(src.raw)
            if text == src.raw:  # stored as text: nothing to compute once (a subquery copies)
                cond, cond_params = coarse_condition(t, plan, text)
                parts.append(
                    f"SELECT {src.alias}.session_id AS sid, {d.json_bytes(text)} AS v "
                    f"FROM {src.from_sql} WHERE {where} AND {cond}"
                )
            else:
                inner = (
                    f"SELECT {src.alias}.session_id AS sid, {text} AS v "
                    f"FROM {src.from_sql} WHERE {where}"
                )
                cond, cond_params = coarse_condition(t, plan, "x.v")
                parts.append(
                    f"SELECT x.sid, {d.json_bytes('x.v')} FROM ({d.computed_once(inner)}) x "
                    f"WHERE {cond}"
                )
            params += where_params + cond_params
            continue
        where, where_params = d.in_clause("s.session_id", ids)
        cond, cond_params = coarse_condition(t, plan, d.json_text(src.stored))
        parts.append(
            f"SELECT s.session_id AS sid, {d.json_bytes(d.json_text(src.raw))} AS v "
            f"FROM {t.sessions} s, {src.from_sql} WHERE {where} AND {src.link} AND {cond}"
        )
        params += where_params + cond_params
    if not parts:
        return
    cur = t.conn.execute(" UNION ALL ".join(parts), params)
    while rows := cur.fetchmany(100):
        for sid, text in rows:
            yield str(sid), text


def _decoded(text: Any) -> Any:
    """A stored run as agno reads it: the C decoder first, kern's tolerant one (double
    encoding, bytes, exact numbers) when that fails or gives a string."""
    from kern_core.model import decode_stored

    if isinstance(text, (str, bytes)) and isinstance(value := _loads(text), dict):
        return value
    try:
        return decode_stored(text)
    except (ValueError, RecursionError):
        return None


def _compaction_rows(
    t: SessionTable, plan: CoarsePlan, session_ids: Sequence[str]
) -> list[Sequence[Any]]:
    table = t.linked("compactions")
    if table is None:
        return []
    summary, params = coarse_condition(t, plan, "summary")
    archived, more = coarse_condition(t, plan, "archived_messages")
    cond, ids = t.dialect.in_clause("session_id", list(session_ids))
    sql = (
        f"SELECT session_id, run_id, compaction_id, summary, archived_messages FROM {table} "
        f"WHERE {cond} AND ({summary} OR {archived}) ORDER BY created_at, compaction_id"
    )
    return list(t.conn.execute(sql, ids + params + more).fetchall())


def _payload_rows(
    t: SessionTable, plan: CoarsePlan, session_ids: Sequence[str]
) -> list[tuple[str, str | None, str | None, Any]]:
    """Offloaded tool results, their payloads found as agno's ``ResultStore`` finds them."""
    from kern_core.linked.extras import SHARED_PARTITION, _agno_namespace, _agno_path

    results, payloads = t.linked("tool_results"), t.linked("payloads")
    if results is None or payloads is None:
        return []
    cond, ids = t.dialect.in_clause("session_id", list(session_ids))
    rows = t.conn.execute(
        f"SELECT session_id, run_id, result_id, namespace, path FROM {results} "
        f"WHERE {cond} ORDER BY created_at, result_id",
        ids,
    ).fetchall()
    coarse, coarse_params = coarse_condition(t, plan, "content")
    p = t.param
    sql = (
        f"SELECT content FROM {payloads} WHERE namespace = {p} AND user_id = {p} "
        f"AND path = {p} AND {coarse}"
    )
    out = []
    for sid, run_id, result_id, namespace, path in rows:
        ns, name = _agno_namespace(_text(namespace)), _agno_path(_text(path))
        if ns is None or name is None:
            continue
        for (content,) in t.conn.execute(sql, [ns, SHARED_PARTITION, name, *coarse_params]):
            if content is not None:
                out.append((str(sid), _text(run_id), _text(result_id), content))
    return out


# -- --grep: the filter ---------------------------------------------------------------------------


def resolve_filter(t: SessionTable, flt: SessionFilter) -> SessionFilter:
    """``flt`` with its ``grep`` confirmed: the sessions the coarse scan selects but that
    hold no match are excluded (``grep_excluded``), so that SQL on the filter (a listing, a
    count, a prune) selects exactly the matching sessions. Unchanged without ``grep``."""
    if flt.grep is None or flt.grep_excluded is not None:
        return flt
    query = flt.grep
    matcher = Matcher(query)
    cond, params = session_condition(t, query, alias="s.")
    base, base_params = where_clause(t.dialect, t.layout, replace(flt, grep=None), alias="s.")
    where = f"{base} AND {cond}" if base else f"WHERE {cond}"
    cur = t.conn.execute(f"SELECT s.session_id FROM {t.sessions} s {where}", base_params + params)
    candidates = [str(r[0]) for r in cur.fetchall()]
    rejected: list[str] = []
    for start in range(0, len(candidates), PAGE_SIZE):
        part = candidates[start : start + PAGE_SIZE]
        confirmed = page_hits(t, matcher, part)
        rejected.extend(sid for sid in part if not confirmed.get(sid))
    return replace(flt, grep_excluded=tuple(rejected))


def confirmed_sessions(t: SessionTable, query: TextQuery, session_ids: Sequence[str]) -> set[str]:
    """Those of ``session_ids`` that hold a match of ``query`` now."""
    out: set[str] = set()
    ids = list(dict.fromkeys(session_ids))
    matcher = Matcher(query)
    for start in range(0, len(ids), PAGE_SIZE):
        part = ids[start : start + PAGE_SIZE]
        out.update(sid for sid, hits in page_hits(t, matcher, part).items() if hits)
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def _int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None
