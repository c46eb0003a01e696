"""Content search (``SessionDb.search``, ``SessionFilter(grep=...)``): hits and misses on every
backend and both layouts, escaped unicode and case folding, JSON keys never matching, the
places ``fields`` narrows to, the agno-written fixtures (3.1 compactions and offloaded
results), and nothing written to the database."""

from __future__ import annotations

import hashlib
import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from kern_core import SessionDb, SessionFilter, TextQuery
from kern_core.prune import plan_prune, prune
from kern_core.search import ASCII_FOLDING, coarse_plan

from tests.support.db import FIXTURES, VARIANTS, DbFactory, open_variant
from tests.support.sessions import session

BASE = 1_780_000_000


def _run(run_id: str, **fields: Any) -> dict[str, Any]:
    return {"run_id": run_id, "agent_id": "a", "status": "COMPLETED", **fields}


def corpus() -> list[Any]:
    tool_call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": json.dumps({"city": "Zürich"})},
    }
    runs = {
        "s1": [
            _run("r1a", input={"input_content": "Weather in Zürich?"}, content="Zürich: 8°C"),
            _run("r1b", input={"input_content": "and tomorrow?"}, content="fog"),
        ],
        "s2": [_run("r2", input={"input_content": "the Straße plan"}, content="ok")],
        "s3": [
            _run(
                "r3",
                input={"input_content": "hello"},
                content={"zebrafish": 1},
                tools=[{"tool_name": "t", "tool_args": {"zebrafish": "x"}, "result": "done"}],
            )
        ],
        "s4": [
            _run(
                "r4",
                input={"input_content": "think"},
                reasoning_content="pondering the quokka",
                tools=[{"tool_name": "count", "tool_args": {}, "result": "quokka count 7"}],
            )
        ],
        "s5": [_run("r5", input={"input_content": "x"}, content="\x1b[31mEVIL\x1b[0m\x07 mole")],
        "s6": [
            _run(
                "r6",
                input={"input_content": "call"},
                messages=[
                    {"role": "system", "content": "system prompt about Zürich"},
                    {"role": "user", "content": "call"},
                    {"role": "assistant", "content": None, "tool_calls": [tool_call]},
                ],
            )
        ],
        "s7": [_run("r7", input={"input_content": 'say "hi\\there" / <b>'}, content="y")],
    }
    return [
        session(sid, BASE + i * 100, runs=rs, user_id="u2" if sid == "s6" else "u1")
        for i, (sid, rs) in enumerate(runs.items())
    ]


def seeded(make_db: DbFactory, layout: str) -> SessionDb:
    db = make_db(layout=layout)
    db.upsert_sessions(corpus())
    return db


def hits(db: SessionDb, text: str, **kw: Any) -> set[tuple[str, str | None, tuple[str, ...]]]:
    flt = kw.pop("flt", None)
    return {(h.session_id, h.run_id, h.where) for h in db.search(TextQuery(text, **kw), flt)}


CASES = [
    ("zürich", {("s1", "r1a", ("input", "output")), ("s6", "r6", ("tool",))}),
    ("ZÜRICH", {("s1", "r1a", ("input", "output")), ("s6", "r6", ("tool",))}),
    ("STRASSE", {("s2", "r2", ("input",))}),
    ("straße", {("s2", "r2", ("input",))}),
    ("ẞ", {("s2", "r2", ("input",))}),
    ("zebrafish", set()),  # only ever a JSON key
    ("tool_name", set()),
    ("input_content", set()),
    ("quokka", {("s4", "r4", ("tool", "reasoning"))}),
    ('"hi\\there"', {("s7", "r7", ("input",))}),
    ("/ <b>", {("s7", "r7", ("input",))}),
    ("system prompt", set()),
    ("nowhere at all", set()),
]


@pytest.mark.parametrize("layout", ["column", "table"])
def test_hits_and_misses(make_db: DbFactory, layout: str) -> None:
    db = seeded(make_db, layout)
    for needle, want in CASES:
        assert hits(db, needle) == want, needle


@pytest.mark.parametrize("layout", ["column", "table"])
def test_places_regex_filters_and_order(make_db: DbFactory, layout: str) -> None:
    db = seeded(make_db, layout)
    assert hits(db, "quokka", fields=("reasoning",)) == {("s4", "r4", ("reasoning",))}
    assert hits(db, "quokka", fields=("tool",)) == {("s4", "r4", ("tool",))}
    assert hits(db, "quokka", fields=("input", "output")) == set()
    assert hits(db, "zürich", fields=("input",)) == {("s1", "r1a", ("input",))}
    assert hits(db, r"z\w+rich", regex=True) == hits(db, "zürich")
    assert hits(db, "zürich", flt=SessionFilter(user_id="u2")) == {("s6", "r6", ("tool",))}
    newest_first = [h.session_id for h in db.search(TextQuery("zürich"))]
    assert newest_first == ["s6", "s1"]
    hit = next(iter(db.search(TextQuery("ZÜRICH"), SessionFilter(user_id="u1"))))
    assert hit.snippet[hit.start : hit.end] == "Zürich"


@pytest.mark.parametrize("layout", ["column", "table"])
def test_grep_filter_on_list_count_export_stats_and_prune(make_db: DbFactory, layout: str) -> None:
    db = seeded(make_db, layout)
    for needle, want in [("ZÜRICH", {"s1", "s6"}), ("zebrafish", set()), ("mole", {"s5"})]:
        flt = SessionFilter(grep=TextQuery(needle))
        assert {r.session_id for r in db.list_sessions(flt, limit=None).rows} == want
        assert {r.session_id for r in db.iter_list_rows(flt, page_size=1)} == want
        assert db.count_sessions(flt) == len(want)
        assert {json.loads(line)["session_id"] for line in db.export_lines(flt)} == want
        assert db.stats(flt).sessions == len(want)
    page = db.list_sessions(SessionFilter(grep=TextQuery("zürich")), limit=1)
    assert [r.session_id for r in page.rows] == ["s6"]
    rest = db.list_sessions(SessionFilter(grep=TextQuery("zürich")), cursor=page.next_cursor)
    assert [r.session_id for r in rest.rows] == ["s1"]
    flt = SessionFilter(grep=TextQuery("zebrafish"))
    assert plan_prune(db, flt, sample=None).sample_ids == []
    assert prune(db, flt).sessions == 0
    flt = SessionFilter(grep=TextQuery("zürich"), user_id="u1")
    assert plan_prune(db, flt, sample=None).sample_ids == ["s1"]
    assert prune(db, flt).sessions == 1
    assert {r.session_id for r in db.list_sessions(limit=None).rows} == {
        "s2",
        "s3",
        "s4",
        "s5",
        "s6",
        "s7",
    }


def test_an_unresolved_content_filter_is_refused_in_sql() -> None:
    from kern_core import BadInputError
    from kern_core.dialect import SqliteDialect
    from kern_core.filters import where_clause
    from kern_core.layout import Layout
    from kern_core.url import parse_location

    dialect = SqliteDialect(parse_location("x.db"))
    layout = Layout("agno_sessions", ("session_id", "runs"), None)
    with pytest.raises(BadInputError):
        where_clause(dialect, layout, SessionFilter(grep=TextQuery("x")))


def test_sqlite_stores_escapes_and_search_writes_nothing(make_db: DbFactory, kind: str) -> None:
    if kind != "sqlite":
        pytest.skip("the file's bytes: SQLite")
    db = seeded(make_db, "table")
    path = Path(db.dialect.file or "")
    db.close()
    raw = path.read_bytes()
    assert b"Z\\u00fcrich" in raw and "Zürich".encode() not in raw
    stat = path.stat()
    assert hits(db, "zürich")
    assert db.count_sessions(SessionFilter(grep=TextQuery("zürich"))) == 2
    db.close()
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(raw).digest()
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name)) == [
        path.name
    ]


def test_servers_gain_no_relation(make_db: DbFactory, kind: str) -> None:
    if kind == "sqlite":
        pytest.skip("the server catalog: PostgreSQL and MySQL")
    db = seeded(make_db, "table")
    schema = db.dialect.schema
    if kind == "postgres":
        sql = (
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s OR c.relpersistence = 't'"
        )
    else:
        sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s"

    def relations() -> int:
        with db.connection(own=True) as conn:
            return int(conn.execute(sql, [schema]).fetchone()[0])

    before = relations()
    assert hits(db, "zürich")
    assert db.count_sessions(SessionFilter(grep=TextQuery("ẞ"))) == 1
    assert relations() == before


def test_coarse_plan_never_relies_on_folded_or_escaped_ascii() -> None:
    computed = {}
    for code in range(0x80, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        folded = chr(code).casefold()
        if any(ch.isascii() for ch in folded):
            computed[chr(code)] = folded
    if unicodedata.unidata_version == "15.0.0":
        assert computed == ASCII_FOLDING
    plan = coarse_plan(TextQuery("STRASSE"))
    assert plan.literal == "strasse" and "ß" in plan.folding and "ſ" in plan.folding
    assert "s" not in plan.fallback
    assert coarse_plan(TextQuery('say "hi"')).literal == "say "
    assert coarse_plan(TextQuery("日本")).any_of == ("日",)
    assert coarse_plan(TextQuery("a.b", regex=True)).everything


def test_bad_queries() -> None:
    from kern_core import BadInputError

    for kwargs in ({"text": ""}, {"text": "x", "fields": ("nope",)}, {"text": "(", "regex": True}):
        with pytest.raises(BadInputError):
            TextQuery(**kwargs)


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_written_inputs(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """agno stores ``\\u00fc`` escapes (2.x inside a double-encoded string): every run whose
    input holds the text is found, and nothing else."""
    with open_variant(variant, tmp_path, request) as db:
        want = {
            (s.session_id, r.run_id)
            for s in db.iter_sessions()
            for r in s.runs
            if "zürich" in (r.input_text or "").casefold()
        }
        got = {(h.session_id, h.run_id) for h in db.search(TextQuery("ZÜRICH", fields=("input",)))}
        assert want and got == want, variant
        flt = SessionFilter(grep=TextQuery("ZÜRICH"))
        listed = {r.session_id for r in db.list_sessions(flt, limit=None).rows}
        assert {sid for sid, _ in want} <= listed
        assert db.count_sessions(SessionFilter(grep=TextQuery("input_content"))) == 0


@pytest.mark.parametrize(
    "where", ["sqlite", "sqlite-custom", "postgres", "postgres-custom", "mysql"]
)
def test_agno31_compactions_and_offloaded_results(
    where: str, tmp_path: Path, request: pytest.FixtureRequest, backend_db: Any
) -> None:
    """Text only in an offloaded payload is found (as agno resolves it: not an unindexed
    file, not another partition's); folded conversations are searched. MySQL: agno writes no
    linked rows there, so the SQLite fixture is copied over by kern first."""
    from kern_core import PostgresDb, SqliteDb, copy_sessions

    variants = json.loads((FIXTURES / "EXPECTED31.json").read_text())["variants"]
    name = "agno31_custom.sqlite" if where.endswith("custom") else "agno31.sqlite"
    info = variants[name]
    shutil.copy(FIXTURES / name, tmp_path / name)
    db: SessionDb = SqliteDb(
        db_file=tmp_path / name, session_table=info["session_table"], runs_table=info["runs_table"]
    )
    if where.startswith("postgres"):
        db.close()
        variant = "agno31_postgres.sql:" + (
            "app.my_sessions" if "custom" in where else "ai.agno_sessions"
        )
        info = variants[variant]
        url = request.getfixturevalue("agno_pg_dbs")["agno31_postgres.sql"]
        db = PostgresDb(
            url,
            session_table=info["session_table"],
            db_schema=info["db_schema"],
            runs_table=info["runs_table"],
        )
    elif where == "mysql":
        target = backend_db("mysql", layout="table")
        copy_sessions(db, target, SessionFilter())
        db.close()
        db = target
    with db:
        only_payload = list(db.search(TextQuery("NORTH-00200")))
        assert [(h.run_id, h.where) for h in only_payload] == [("run-31-010", ("tool_result",))]
        assert only_payload[0].item_id == "res_e5e031c2b5"
        assert not list(db.search(TextQuery("NORTH-00200", fields=("input", "output"))))
        assert not list(db.search(TextQuery("written beside the offloaded")))  # not indexed
        assert not list(db.search(TextQuery("bob's own copy")))  # another partition
        folded = [h for h in db.search(TextQuery("alfama suites")) if "compaction" in h.where]
        assert folded and all(h.item_id for h in folded)
        assert db.count_sessions(SessionFilter(grep=TextQuery("north-00200"))) == 1


@pytest.mark.parametrize("layout", ["column", "table"])
def test_worker_processes_find_what_one_process_finds(make_db: DbFactory, layout: str) -> None:
    """With a page per session, every session past the first pages goes to the workers:
    the hits, their order and their snippets are those of a single process, and stopping
    early ends the workers."""
    import multiprocessing
    from itertools import islice

    from kern_core.search import SERIAL_PAGES, search

    db = seeded(make_db, layout)
    db.upsert_sessions(
        [
            session(f"w{i:02d}", BASE + 10_000 + i, runs=[_run(f"wr{i}", content=f"Zürich {i}")])
            for i in range(12)
        ]
    )
    for needle, regex in (("zürich", False), ("quokka", False), (r"z\w+rich \d", True)):
        query = TextQuery(needle, regex=regex)
        with db.snapshot() as t:
            one = list(search(t, query, page_size=1))
        with db.snapshot() as t:
            many = list(search(t, query, page_size=1, jobs=2))
        assert many == one, needle
    assert len(one) > SERIAL_PAGES + 4
    with db.snapshot() as t:
        hits = search(t, TextQuery("zürich"), page_size=1, jobs=2)
        first = list(islice(hits, SERIAL_PAGES + 3))
        hits.close()  # type: ignore[attr-defined]
    assert [h.session_id for h in first] == ["w11", "w10", "w09", "w08", "w07"]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("layout", ["column", "table"])
def test_what_the_fast_decoder_refuses_is_still_searched(make_db: DbFactory, layout: str) -> None:
    """A run orjson cannot read (an integer beyond 64 bits) is read by the standard library;
    a place whose serialization lacks the needle is skipped, one that holds it only as a key
    of JSON nested in a string never matches."""
    nested_key = {
        "id": "c1",
        "type": "function",
        "function": {"name": "f", "arguments": json.dumps({"Pelican": 1, "note": "a heron"})},
    }
    db = make_db(layout=layout)
    db.upsert_sessions(
        [
            session(
                "big",
                BASE,
                runs=[
                    _run(
                        "rb",
                        input={"input_content": "look"},
                        content="a NARWHAL sighting",
                        metrics={"input_tokens": 2**70},
                    )
                ],
            ),
            session(
                "keys",
                BASE + 1,
                runs=[
                    _run(
                        "rk",
                        input={"input_content": "call"},
                        messages=[
                            {"role": "assistant", "content": None, "tool_calls": [nested_key]}
                        ],
                    )
                ],
            ),
        ]
    )
    assert hits(db, "narwhal") == {("big", "rb", ("output",))}
    assert hits(db, "pelican") == set()
    assert hits(db, "HERON") == {("keys", "rk", ("tool",))}
