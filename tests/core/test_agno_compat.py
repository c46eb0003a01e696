"""kern reads databases written by the real agno package exactly as agno reads them back.

The fixtures (tests/agno_fixtures) were written by agno 2.9.0 and 3.1.10 through agno's own
API; EXPECTED.json holds what agno's get_sessions/get_session returned for each of them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from kern_core import PostgresDb, SessionFilter, TableMissingError

from tests.support.db import FIXTURES, VARIANTS, expected, open_variant


def _normal(record: dict[str, Any]) -> dict[str, Any]:
    """agno returns runs=None for a session without runs in some versions; kern returns []."""
    out = dict(record)
    out["runs"] = out.get("runs") or []
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_session_reads_as_agno_reads_it(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    info = expected()[variant]
    with open_variant(variant, tmp_path, request) as db:
        assert db.layout().kind == info["layout"]
        for want in info["sessions"]:
            got = db.get_session(want["session_id"])
            assert got is not None, want["session_id"]
            assert not got.warnings
            assert got.to_dict() == _normal(want)
            assert [r.run_id for r in got.runs] == info["run_ids"][want["session_id"]]


@pytest.mark.parametrize("variant", VARIANTS)
def test_streaming_and_listing_match_agno(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    info = expected()[variant]
    want = sorted((_normal(s) for s in info["sessions"]), key=lambda s: s["session_id"])
    with open_variant(variant, tmp_path, request) as db:
        got = sorted(
            (s.to_dict() for s in db.iter_sessions(batch_size=7)), key=lambda s: s["session_id"]
        )
        assert got == want
        assert db.count_sessions() == info["counts"]["sessions"]
        page = db.list_sessions(limit=None)
        assert sorted(r.session_id for r in page.rows) == [s["session_id"] for s in want]
        runs = {r.session_id: r.run_count for r in page.rows}
        assert runs == {s["session_id"]: len(s["runs"]) for s in want}
        by_user = info["counts"]["sessions_by_user"]
        assert db.count_sessions(SessionFilter(user_id="u1")) == by_user["u1"]
        by_type = info["counts"]["sessions_by_type"]
        assert db.count_sessions(SessionFilter(session_type="team")) == by_type["team"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_odd_sessions_are_there_as_agno_counted_them(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The session equality above covers member runs, workflow steps, the zero-run session and
    the non-ASCII name because each variant holds them; this keeps that true."""
    counts = expected()[variant]["counts"]
    with open_variant(variant, tmp_path, request) as db:
        records = [s.to_dict() for s in db.iter_sessions()]
    runs = [r for s in records for r in s["runs"]]
    assert len(runs) == counts["runs"]
    assert sum(1 for r in runs if r.get("parent_run_id")) == counts["member_runs"] > 0
    assert sum(1 for s in records if not s["runs"]) == counts["sessions_with_zero_runs"] == 1
    workflows = [r for s in records if s["session_type"] == "workflow" for r in s["runs"]]
    assert workflows and any(r.get("step_results") for r in workflows)
    names = {(s.get("session_data") or {}).get("session_name") for s in records}
    assert any(n and "Zürich" in n for n in names)


@pytest.mark.parametrize("variant", [v for v in VARIANTS if ":" not in v])
def test_reading_leaves_sqlite_file_byte_identical(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    copy = tmp_path / variant
    with open_variant(variant, tmp_path, request) as db:
        before = hashlib.sha256(copy.read_bytes()).hexdigest()
        files_before = sorted(p.name for p in tmp_path.iterdir())
        list(db.iter_sessions())
        db.list_sessions(SessionFilter(name="zürich"))
        db.get_session(expected()[variant]["sessions"][0]["session_id"])
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before
    assert (FIXTURES / variant).exists()


def test_name_filter_finds_non_ascii_names(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """agno's own SQLite filter misses this (it LIKEs the escaped JSON text); kern decodes first."""
    for variant in ("agno2.sqlite", "agno3.sqlite"):
        workdir = tmp_path / variant.split(".")[0]
        workdir.mkdir()
        with open_variant(variant, workdir, request) as db:
            assert db.count_sessions(SessionFilter(name="zürich")) == 1
            assert db.count_sessions(SessionFilter(name="session_state")) == 0


@pytest.mark.parametrize("variant", VARIANTS)
def test_export_lines_equal_the_decoded_sessions(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The pass-through JSONL export is field for field what agno reads."""
    import json

    info = expected()[variant]
    want = {s["session_id"]: _normal(s) for s in info["sessions"]}
    with open_variant(variant, tmp_path, request) as db:
        got = [json.loads(line) for line in db.export_lines(batch_size=5)]
    assert len(got) == len(want)
    for record in got:
        assert record == want[record["session_id"]]


@pytest.mark.postgres  # requests PostgreSQL at run time, not as a parameter
def test_reading_postgres_creates_no_objects(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """No table, schema, index or version row appears because kern read a database."""
    import psycopg

    variant = "agno2_postgres.sql:ai.agno_sessions"
    url = request.getfixturevalue("agno_pg_dbs")["agno2_postgres.sql"]

    def objects() -> tuple[list[tuple[str, str]], int]:
        with psycopg.connect(url) as conn:
            rels = conn.execute(
                "SELECT n.nspname, c.relname FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"
            ).fetchall()
            stamps = conn.execute("SELECT count(*) FROM ai.agno_schema_versions").fetchone()[0]
        return rels, stamps

    before = objects()
    with open_variant(variant, tmp_path, request) as db:
        list(db.iter_sessions())
        list(db.export_lines())
        db.list_sessions()
        db.get_session("missing")
    with PostgresDb(url, session_table="no_such_table") as db, pytest.raises(TableMissingError):
        db.count_sessions()
    assert objects() == before
