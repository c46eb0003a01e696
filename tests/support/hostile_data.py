"""Build session tables full of hostile and broken rows, written raw, the way no framework should.

Used by the reliability tests: every command must either handle each row (showing text inert)
or skip it with a warning, and none may crash or hang.
"""

from __future__ import annotations

import json
from typing import Any

from kern_core import Session, SessionDb

ESCAPES = (
    "\x1b[2J\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x9b6n [bold red]boom[/bold red] [link=x]y[/link]"
)
QUOTED_ID = "h 'quoted\" id; DROP TABLE agno_sessions; --"
BIG_RUN_BYTES = 50 * 1024 * 1024
DEEP = 100_000


def clean_base() -> list[Session]:
    """A few well-formed sessions the hostile ones sit among."""
    return [
        Session(
            session_id=f"ok-{i}",
            session_type="agent",
            agent_id="agent",
            user_id="u1",
            session_data={"session_name": f"fine {i}"},
            runs=[
                {
                    "run_id": f"ok-{i}-r",
                    "agent_id": "agent",
                    "status": "COMPLETED",
                    "input": {"input_content": "hello"},
                    "content": "world",
                }
            ],
            created_at=1_700_000_000 + i,
            updated_at=1_700_000_000 + i,
        )
        for i in range(3)
    ]


def hostile_sessions(big: bool = True) -> list[Session]:
    """Hostile rows every backend can store (valid JSON, valid UTF-8, no NUL characters)."""
    run = {
        "run_id": "esc-r",
        "agent_id": ESCAPES,
        "status": "ERROR",
        "input": {"input_content": ESCAPES},
        "content": ESCAPES,
        "reasoning_content": ESCAPES,
        "messages": [
            {"role": "user", "content": ESCAPES},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": "c1",
                        "type": "function",
                        "function": {"name": ESCAPES, "arguments": ESCAPES},
                    }
                ],
            },
            {"role": "tool", "tool_name": ESCAPES, "content": ESCAPES},
        ],
        "tools": [
            {
                "tool_call_id": "c1",
                "tool_name": ESCAPES,
                "tool_args": {ESCAPES: ESCAPES},
                "result": ESCAPES,
                "tool_call_error": True,
            }
        ],
        "metrics": {"input_tokens": "lots", "total_tokens": None},
    }
    out = [
        Session(
            session_id="h-escapes",
            session_type="agent",
            agent_id=ESCAPES,
            user_id=ESCAPES,
            session_data={"session_name": ESCAPES, "session_metrics": {"total_tokens": "x"}},
            metadata={ESCAPES: ESCAPES},
            summary={"summary": ESCAPES, "topics": [ESCAPES]},
            runs=[run],
            created_at=1_700_000_100,
            updated_at=1_700_000_100,
        ),
        Session(
            session_id=QUOTED_ID,
            session_type="team",
            team_id="t' OR 1=1 --",
            user_id="u 'x'",
            created_at=1_700_000_101,
        ),
        Session(session_id="h-nulls", session_type="workflow", created_at=1_700_000_102),
        Session(
            session_id="h-odd-shapes",
            session_type="agent",
            session_data={"session_name": 42, "session_metrics": [1, 2]},
            runs=[
                {
                    "run_id": "odd-r",
                    "messages": "not a list",
                    "tools": {"a": 1},
                    "metrics": "fast",
                    "member_responses": [1, "x"],
                    "step_results": "none",
                    "input": [1, {"x": None}],
                    "content": {"structured": True},
                }
            ],
            summary="just text",
            created_at=1_700_000_103,
        ),
        Session(
            session_id="h-deep-ok",
            session_type="agent",
            metadata={"deep": _nest(200)},
            runs=[{"run_id": "deep-ok-r", "content": _nest(200)}],
            created_at=1_700_000_104,
        ),
    ]
    if big:
        out.append(
            Session(
                session_id="h-big",
                session_type="agent",
                agent_id="big",
                runs=[
                    {
                        "run_id": "big-r",
                        "agent_id": "big",
                        "content": "x" * BIG_RUN_BYTES,
                        "input": {"input_content": "big"},
                    }
                ],
                created_at=1_700_000_105,
            )
        )
    return out


def _nest(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def write_sqlite_raw_rows(db: SessionDb) -> list[str]:
    """Rows only SQLite can hold: malformed JSON, invalid UTF-8, NUL bytes, wrong types.

    The table must exist (write the clean base first). Returns the ids written.
    """
    layout = db.layout(refresh=True)
    conn = db._write_conn()  # noqa: SLF001 - writing broken rows on purpose
    table = db.dialect.table(layout.session_table)
    rows: list[tuple[str, str, str, Any]] = []
    for column in ("session_data", "agent_data", "metadata", "summary"):
        rows.append((f"h-malformed-{column}", column, "value", "{broken"))
    rows.append(("h-unknown-type", "session_type", "value", "robot"))
    rows.append(("h-text-time", "created_at", "value", "yesterday"))
    rows.append(("h-nul", "user_id", "value", "u\x00ser"))
    rows.append(("h-badutf8", "user_id", "blob", b"\xff\xfe bad"))
    rows.append(("h-badutf8-json", "session_data", "blob", b'{"session_name": "\xff"}'))
    rows.append(("h-deep", "metadata", "value", "[" * DEEP + "]" * DEEP))
    rows.append(("h-raw-control", "session_data", "value", '{"session_name": "a\x1bb"}'))
    ids = []
    for sid, column, how, value in rows:
        conn.execute(
            f"INSERT INTO {table} (session_id, session_type, created_at) VALUES (?, 'agent', ?)",
            (sid, 1_700_000_200 + len(ids)),
        )
        expr = "CAST(? AS TEXT)" if how == "blob" else "?"
        quoted = '"metadata"' if column == "metadata" else column
        conn.execute(f"UPDATE {table} SET {quoted} = {expr} WHERE session_id = ?", (value, sid))
        ids.append(sid)
    if layout.runs_table:
        runs = db.dialect.table(layout.runs_table)
        for sid, data in (("h-bad-run", "[1,"), ("h-deep-run", "[" * DEEP + "]" * DEEP)):
            conn.execute(
                f"INSERT INTO {table} (session_id, session_type, created_at) "
                "VALUES (?, 'agent', ?)",
                (sid, 1_700_000_300 + len(ids)),
            )
            conn.execute(
                f"INSERT INTO {runs} "
                "(run_id, session_id, run_type, run_index, run_data, created_at) "
                "VALUES (?, ?, 'agent', 0, ?, 0)",
                (sid + "-r", sid, data),
            )
            ids.append(sid)
    else:
        for sid, data in (("h-runs-not-list", json.dumps({"a": 1})), ("h-bad-runs", "[{")):
            conn.execute(
                f"INSERT INTO {table} (session_id, session_type, created_at, runs) "
                "VALUES (?, 'agent', ?, ?)",
                (sid, 1_700_000_300 + len(ids), data),
            )
            ids.append(sid)
    return ids


#: A stored number a float would turn into infinity, one it would reformat, a negative zero and
#: a 401-digit integer; and times in milliseconds, before 1970 and past any calendar.
HUGE_INT = "1" + "0" * 400
MS_TIME = 1_733_000_000_000
NEGATIVE_TIME = -5
FAR_TIME = 10**16


def odd_number_sessions() -> list[Session]:
    """Sessions every backend can store, with number tokens and times that break naive code."""
    from kern_core.jsoncodec import JSONNumber

    inf, e5, zero, huge = (JSONNumber(t) for t in ("1e400", "1E5", "-0", HUGE_INT))
    run = {
        "run_id": "num-r",
        "agent_id": "agent",
        "status": "COMPLETED",
        "input": {"input_content": "numbers"},
        "content": "odd numbers",
        "created_at": inf,
        "metrics": {
            "input_tokens": inf,
            "output_tokens": huge,
            "total_tokens": e5,
            "duration": inf,
        },
        "tools": [
            {"tool_name": "t", "tool_args": {"n": inf}, "result": "r", "metrics": {"x": zero}}
        ],
    }
    return [
        Session(
            session_id="h-numbers",
            session_type="agent",
            agent_id="agent",
            session_data={"session_name": "numbers", "session_metrics": {"total_tokens": inf}},
            metadata={"inf": inf, "e5": e5, "zero": zero, "huge": huge},
            runs=[run],
            created_at=1_700_000_400,
            updated_at=1_700_000_400,
        ),
        Session(
            session_id="h-ms-time",
            session_type="agent",
            session_data={"session_name": "milliseconds"},
            runs=[{"run_id": "ms-r", "content": "c", "created_at": MS_TIME}],
            created_at=MS_TIME,
            updated_at=MS_TIME,
        ),
        Session(
            session_id="h-far-time",
            session_type="agent",
            runs=[{"run_id": "far-r", "content": "c", "created_at": FAR_TIME}],
            created_at=FAR_TIME,
            updated_at=FAR_TIME,
        ),
        Session(
            session_id="h-negative-time",
            session_type="agent",
            runs=[{"run_id": "neg-r", "content": "c", "created_at": NEGATIVE_TIME}],
            created_at=NEGATIVE_TIME,
            updated_at=NEGATIVE_TIME,
        ),
    ]


#: Raw SQLite rows no PostgreSQL jsonb or UTF-8 text column can hold.
BAD_UTF8_ID = b"h-bad\xffid"
SURROGATE_ID = "h-surrogate"
NAN_ID = "h-nan"


def write_sqlite_odd_rows(db: SessionDb) -> list[str]:
    """A lone surrogate escape (readable: shown escaped), NaN and Infinity tokens (not JSON:
    skipped), and a session id that is not UTF-8 (skipped, named). Returns the readable ids."""
    layout = db.layout(refresh=True)
    conn = db._write_conn()  # noqa: SLF001 - writing broken rows on purpose
    table = db.dialect.table(layout.session_table)
    rows = (
        (
            SURROGATE_ID,
            '{"session_name": "a\\ud800b"}',
            '{"run_id": "sur-r", "content": "x\\udc00"}',
        ),
        (NAN_ID, '{"session_name": "nan", "v": NaN}', '{"run_id": "nan-r", "v": Infinity}'),
    )
    for i, (sid, data, run) in enumerate(rows):
        conn.execute(
            f"INSERT INTO {table} (session_id, session_type, created_at, session_data) "
            "VALUES (?, 'agent', ?, ?)",
            (sid, 1_700_000_500 + i, data),
        )
        if layout.runs_table:
            conn.execute(
                f"INSERT INTO {db.dialect.table(layout.runs_table)} "
                "(run_id, session_id, run_type, run_index, run_data, created_at) "
                "VALUES (?, ?, 'agent', 0, ?, 0)",
                (sid + "-r", sid, run),
            )
        else:
            conn.execute(
                f"UPDATE {table} SET runs = ? WHERE session_id = ?", ("[" + run + "]", sid)
            )
    conn.execute(
        f"INSERT INTO {table} (session_id, session_type, created_at) "
        "VALUES (CAST(? AS TEXT), 'agent', 1700000510)",
        (BAD_UTF8_ID,),
    )
    return [SURROGATE_ID, NAN_ID]
