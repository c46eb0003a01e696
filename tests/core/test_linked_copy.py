"""migrate and export|import carry agno 3.1's session-linked rows, and agno reads them back.

On the files agno 3.1.10 wrote (EXPECTED31.json records what agno read there), kern copies
SQLite -> PostgreSQL and PostgreSQL -> SQLite into either layout; then agno itself, in the
target, resolves every offloaded result id to the same payload (sha256) and its compaction
search returns the same ids as in the source. ``--delete-source`` leaves the source without
the copied sessions' linked rows and the target with them.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kern_core import PostgresDb, SessionDb, SqliteDb
from kern_core.copying.sessions import copy_sessions
from kern_core.filters import SessionFilter
from kern_core.importing import import_sessions, parse_records
from kern_core.linked.transfer import namespace_for
from kern_core.model import FIELDS

from tests.support.db import FIXTURES, _admin_execute, restore_dump
from tests.support.linked_data import agno_reads

EXPECTED31 = json.loads((FIXTURES / "EXPECTED31.json").read_text())
SQLITE_VARIANT = "agno31.sqlite"
PG_VARIANT = "agno31_postgres.sql:ai.agno_sessions"
TERMS = ("Alfama", "tram 28", "no-such-words")


def expected_reads(variant: str) -> dict[str, Any]:
    """EXPECTED31's record of what agno read in the source, in :func:`agno_reads`' shape."""
    out = {}
    for sid, info in EXPECTED31["variants"][variant]["linked"].items():
        search = info.get("compaction_search") or {t: [] for t in TERMS}
        comps = [c["compaction_id"] for c in info.get("compactions", [])]
        resolved = {k: v["payload_sha256"] for k, v in info.get("resolved", {}).items()}
        out[sid] = {"search": search, "compactions": comps, "resolved": resolved}
    return out


def copied_sids(variant: str) -> list[str]:
    """The linked sessions that have a session row (the ghost id has only a transcript)."""
    info = EXPECTED31["variants"][variant]
    present = {s["session_id"] for s in info["sessions"]}
    return [s for s in info["linked"] if s in present]


@pytest.fixture
def source(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, SessionDb]:
    variant = request.param
    info = EXPECTED31["variants"][variant]
    if ":" not in variant:
        copy = tmp_path / "source.sqlite"
        shutil.copy(FIXTURES / variant, copy)
        db: SessionDb = SqliteDb(db_file=copy, session_table=info["session_table"])
    else:
        pg_url = request.getfixturevalue("pg_url")
        url = restore_dump(pg_url, FIXTURES / variant.split(":")[0])
        request.addfinalizer(lambda: _drop(pg_url, url))
        db = PostgresDb(url, session_table=info["session_table"], db_schema=info["db_schema"])
    request.addfinalizer(db.close)
    return variant, db


def _drop(pg_url: str, url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_target(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    source: SessionDb,
    layout: str,
    backend: str = "other",
) -> SessionDb:
    """The other backend: PostgreSQL (a fresh database) for a SQLite source, and back; with
    ``backend="mysql"`` a fresh MySQL database."""
    if backend == "mysql":
        from kern_core import MySQLDb

        url = str(request.getfixturevalue("mysql_url"))
        schema = str(request.getfixturevalue("mysql_schema"))
        mysql = MySQLDb(url, db_schema=schema, new_layout=layout)
        request.addfinalizer(mysql.close)
        return mysql
    if source.dialect.kind == "sqlite":
        pg_url = request.getfixturevalue("pg_url")
        name = f"kern_lc_{tmp_path.name[-20:].lower().replace('-', '_')}"
        _admin_execute(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin_execute(pg_url, f'CREATE DATABASE "{name}"')
        url = urlsplit(pg_url)._replace(path="/" + name).geturl()
        request.addfinalizer(lambda: _drop(pg_url, url))
        db: SessionDb = PostgresDb(url, db_schema="app", new_layout=layout)
    else:
        db = SqliteDb(db_file=tmp_path / "target.db", new_layout=layout)
    request.addfinalizer(db.close)
    return db


def linked_count(db: SessionDb, sids: list[str]) -> dict[str, int]:
    from kern_core.linked.tables import count_linked

    with db.reading(refresh=True) as t:
        ids_sql = ", ".join(db.dialect.param for _ in sids)
        found = count_linked(t, ids_sql, sids)
    return {name.removeprefix("fs."): n for name, n in found.items()}


VARIANTS = [SQLITE_VARIANT, PG_VARIANT]


@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_migrate_carries_linked_rows_agno_reads_them_in_the_target(
    source: tuple[str, SessionDb],
    layout: str,
    agno_py: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    variant, src = source
    dst = make_target(request, tmp_path, src, layout)
    sids = copied_sids(variant)
    before = linked_count(src, sids)
    assert all(before.values())
    only = SessionFilter(session_ids=tuple(sids))
    report = copy_sessions(src, dst, only, delete_source=True)
    assert report.verified and report.linked["source"] == report.linked["target"]
    assert report.linked["source_checksum"] == report.linked["target_checksum"]
    assert agno_reads(agno_py, dst, sids) == {s: expected_reads(variant)[s] for s in sids}
    assert not any(linked_count(src, sids).values())
    assert linked_count(dst, sids) == before


def test_namespace_matches_agno() -> None:
    """kern's namespace rule gives the namespaces agno wrote in each fixture."""
    for variant, scope in ((SQLITE_VARIANT, ""), (PG_VARIANT, "ai")):
        for sid, info in EXPECTED31["variants"][variant]["linked"].items():
            if "namespace_for_session" in info:
                assert namespace_for(sid, scope) == info["namespace_for_session"]


@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_export_import_carries_linked_rows(
    source: tuple[str, SessionDb], agno_py: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    variant, src = source
    dst = make_target(request, tmp_path, src, "table")
    sids = copied_sids(variant)
    buf = export_text(
        src, SessionFilter(session_ids=(*sids, "31000000-0000-4000-8000-000000000003"))
    )
    records = [json.loads(line) for line in buf.splitlines()]
    keys = {"compactions", "tool_results", "transcripts"}
    with_keys = {r["session_id"] for r in records if keys & set(r)}
    assert with_keys == set(sids)
    plain = [r for r in records if r["session_id"].endswith("0003")]
    assert len(plain) == 1 and set(plain[0]) == set(FIELDS)
    report = import_sessions(dst, parse_records(io.StringIO(buf)))
    assert report.inserted == len(records)
    assert agno_reads(agno_py, dst, sids) == {s: expected_reads(variant)[s] for s in sids}
    assert linked_count(dst, sids) == linked_count(src, sids)


def export_text(db: SessionDb, flt: SessionFilter) -> str:
    from kern_core.exporting import ExportReport, export_lines

    with db.reading() as t:
        lines = list(export_lines(t, flt, ExportReport()))
    return "\n".join(lines) + "\n"


LINKED_TABLES = ("agno_compactions", "agno_tool_results", "agno_transcripts", "agno_fs")


def sqlite_ddl(path: Path) -> dict[str, str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {name: sql for name, table, sql in rows if table in LINKED_TABLES}


def pg_ddl(url: str, schema: str) -> dict[str, Any]:
    """Columns, constraints and indexes of the linked tables (schema ``schema``, and fs)."""
    import psycopg

    out: dict[str, Any] = {}
    with psycopg.connect(url) as conn:
        for table in LINKED_TABLES:
            where = "fs" if table == "agno_fs" else schema
            cols = conn.execute(
                "SELECT column_name, data_type, is_nullable, column_default, ordinal_position "
                "FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
                "ORDER BY ordinal_position",
                (where, table),
            ).fetchall()
            cons = conn.execute(
                "SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = "
                "t.relnamespace WHERE n.nspname = %s AND t.relname = %s ORDER BY conname",
                (where, table),
            ).fetchall()
            idx = conn.execute(
                "SELECT indexname, replace(indexdef, %s, '') FROM pg_indexes "
                "WHERE schemaname = %s AND tablename = %s ORDER BY indexname",
                (f" {where}.", where, table),
            ).fetchall()
            out[table] = (cols, cons, idx)
        stamps = conn.execute(
            f'SELECT table_name, version FROM "{schema}".agno_schema_versions '
            "WHERE table_name LIKE 'agno\\_%%' ORDER BY table_name"
        ).fetchall()
    out["stamps"] = [tuple(r) for r in stamps if r[0] in LINKED_TABLES]
    return out


@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_target_tables_are_created_as_agno_creates_them(
    source: tuple[str, SessionDb], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The linked tables kern creates in a target have agno's DDL: columns, types, defaults,
    primary keys, unique constraints and index names (compared with agno's own files), and
    the version stamps agno writes (none for agno_fs)."""
    variant, src = source
    dst = make_target(request, tmp_path, src, "table")
    copy_sessions(src, dst, SessionFilter(session_ids=tuple(copied_sids(variant))))
    if dst.dialect.kind == "sqlite":
        made_sqlite = sqlite_ddl(Path(dst.dialect.path))
        assert len([n for n in made_sqlite if n.startswith("idx_")]) == 4
        assert made_sqlite == sqlite_ddl(FIXTURES / SQLITE_VARIANT)
        return
    pg_url = request.getfixturevalue("pg_url")
    agno_url = restore_dump(pg_url, FIXTURES / "agno31_postgres.sql")
    request.addfinalizer(lambda: _drop(pg_url, agno_url))
    made = pg_ddl(str(dst.dialect.location.conninfo), "app")
    assert all(made[t][0] and made[t][1] for t in LINKED_TABLES)
    assert made == pg_ddl(agno_url, "app")
    assert made["stamps"] == [(t, "3.0.0") for t in sorted(LINKED_TABLES[:3])]


def _add_compaction(db: SessionDb, sid: str, cid: str, text: str) -> None:
    p = db.dialect.param
    with db.dialect.open_conn(read_only=False) as conn, db.dialect.transaction(conn):
        conn.execute(
            f"INSERT INTO {db.dialect.table('agno_compactions')} "
            "(compaction_id, session_id, summary, archived_messages, created_at) "
            f"VALUES ({p}, {p}, {p}, {p}, {p})",
            [cid, sid, "late", text, 1],
        )


@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_delete_source_keeps_a_session_whose_linked_rows_changed(
    source: tuple[str, SessionDb], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A compaction agno writes after the session was copied (here: once the first batch is
    written, before the delete) is not in the target, so that session stays in the source,
    with every linked row, and is reported; the other sessions move."""
    variant, src = source
    dst = make_target(request, tmp_path, src, "table")
    sids = sorted(copied_sids(variant))
    first = sids[0]
    written: list[int] = []

    def late_fold(report: Any) -> None:
        if not written:
            _add_compaction(src, first, "late-fold", "folded after the copy")
        written.append(report.copied)

    report = copy_sessions(
        src,
        dst,
        SessionFilter(session_ids=tuple(sids)),
        batch_size=1,
        on_progress=late_fold,
        delete_source=True,
    )
    assert report.changed_since_copy == [first]
    assert report.deleted_from_source == len(sids) - 1
    kept = linked_count(src, [first])
    assert kept["agno_compactions"] == 3 and linked_count(dst, [first])["agno_compactions"] == 2
    assert not any(linked_count(src, sids[1:]).values())


@pytest.mark.parametrize("target", ["other", "mysql"])
@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_a_target_row_that_differs_fails_verification_and_keeps_the_source(
    source: tuple[str, SessionDb], target: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A compaction id the target (the other backend, or MySQL) already holds with other
    content is never overwritten: the check finds the difference and nothing is deleted from
    the source."""
    from kern_core.copying.sessions import CopyVerificationError

    variant, src = source
    dst = make_target(request, tmp_path, src, "table", target)
    sid = copied_sids(variant)[0]
    cid = EXPECTED31["variants"][variant]["linked"][sid]["compactions"][0]["compaction_id"]
    dst.ensure_tables()
    from kern_core.linked import schema as linked_schema

    with dst.dialect.open_conn(read_only=False) as conn, dst.dialect.transaction(conn):
        linked_schema.create_missing(dst.dialect, conn, {"agno_compactions"})
    _add_compaction(dst, "someone-else", cid, "not the same fold")
    before = linked_count(src, [sid])
    with pytest.raises(CopyVerificationError) as err:
        copy_sessions(src, dst, SessionFilter(session_ids=(sid,)), delete_source=True)
    assert err.value.report.mismatched == [sid] and not err.value.report.verified
    assert "session-linked rows of 1 session(s) differ" in err.value.message
    assert linked_count(src, [sid]) == before
    assert err.value.report.deleted_from_source == 0


def test_same_file_other_table_leaves_the_shared_linked_rows(tmp_path: Path) -> None:
    """Two session tables in one SQLite file share agno's linked tables: a move between them
    writes no second copy and its delete leaves them, so the moved sessions keep theirs."""
    path = tmp_path / "one.sqlite"
    shutil.copy(FIXTURES / SQLITE_VARIANT, path)
    sids = copied_sids(SQLITE_VARIANT)
    with (
        SqliteDb(db_file=path) as src,
        SqliteDb(db_file=path, session_table="moved", new_layout="table") as dst,
    ):
        before = linked_count(src, sids)
        report = copy_sessions(src, dst, SessionFilter(session_ids=tuple(sids)), delete_source=True)
        assert report.deleted_from_source == len(sids)
        assert linked_count(dst, sids) == before


@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_import_replace_replaces_linked_rows_and_skip_leaves_them(
    source: tuple[str, SessionDb], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """``replace`` makes a session's linked rows those of its record (no duplicates, an edited
    compaction comes in); ``skip`` leaves the stored ones; a record without the keys leaves
    them too."""
    variant, src = source
    dst = make_target(request, tmp_path, src, "table")
    sid = copied_sids(variant)[0]
    text = export_text(src, SessionFilter(session_ids=(sid,)))
    import_sessions(dst, parse_records(io.StringIO(text)))
    before = linked_count(dst, [sid])
    record = json.loads(text)
    record["compactions"] = record["compactions"][:1]
    record["compactions"][0]["summary"] = "edited"
    edited = json.dumps(record) + "\n"
    import_sessions(dst, parse_records(io.StringIO(edited)), on_conflict="skip")
    assert linked_count(dst, [sid]) == before
    import_sessions(dst, parse_records(io.StringIO(edited)), on_conflict="replace")
    after = json.loads(export_text(dst, SessionFilter(session_ids=(sid,))))
    assert [c["summary"] for c in after["compactions"]] == ["edited"]
    assert linked_count(dst, [sid]) == {**before, "agno_compactions": 1}
    bare = {k: v for k, v in record.items() if k not in ("compactions", "tool_results")}
    bare.pop("transcripts", None)
    import_sessions(dst, parse_records(io.StringIO(json.dumps(bare))), on_conflict="replace")
    assert linked_count(dst, [sid]) == {**before, "agno_compactions": 1}


@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_rerun_fills_linked_rows_of_sessions_copied_without_them(
    source: tuple[str, SessionDb], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Sessions the target already holds identically but without their linked rows (as a copy
    made before they were carried left them) get them on a rerun, which then verifies; a
    session the target holds differently (a conflict) gets none of them."""
    variant, src = source
    dst = make_target(request, tmp_path, src, "table")
    sids = sorted(copied_sids(variant))
    only = SessionFilter(session_ids=tuple(sids))
    copy_sessions(src, dst, only)
    want = linked_count(dst, sids)
    changed = sids[0]
    with dst.dialect.open_conn(read_only=False) as conn, dst.dialect.transaction(conn):
        for table in ("agno_compactions", "agno_tool_results", "agno_transcripts"):
            conn.execute(f"DELETE FROM {dst.dialect.table(table)}")
        fs = "fs.agno_fs" if dst.dialect.kind == "postgresql" else "agno_fs"
        conn.execute(f"DELETE FROM {fs}")
        p = dst.dialect.param
        conn.execute(
            f"UPDATE {dst.dialect.table(dst.session_table)} SET updated_at = 7 "
            f"WHERE session_id = {p}",
            [changed],
        )
    report = copy_sessions(src, dst, only)
    assert report.conflicts == [changed] and report.already_present == len(sids) - 1
    assert not any(linked_count(dst, [changed]).values())
    rest = sids[1:]
    assert any(linked_count(src, rest).values())
    assert linked_count(dst, rest) == linked_count(src, rest)
    assert want == linked_count(src, sids)


@pytest.mark.postgres  # requests PostgreSQL at run time, not as a parameter
def test_a_nul_in_a_linked_row_is_refused_by_a_postgres_target(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """SQLite keeps a NUL that PostgreSQL text cannot hold: the copy and the import name the
    session and write nothing of it, and the source keeps everything."""
    from kern_core.errors import BadInputError

    path = tmp_path / "source.sqlite"
    shutil.copy(FIXTURES / SQLITE_VARIANT, path)
    sid = copied_sids(SQLITE_VARIANT)[0]
    with SqliteDb(db_file=path) as src:
        _add_compaction(src, sid, "nul-fold", "a NUL \x00 inside")
        before = linked_count(src, [sid])
        dst = make_target(request, tmp_path, src, "table")
        with pytest.raises(BadInputError, match=f"session '{sid}': a row of its compactions"):
            copy_sessions(src, dst, SessionFilter(session_ids=(sid,)), delete_source=True)
        assert linked_count(src, [sid]) == before
        text = export_text(src, SessionFilter(session_ids=(sid,)))
        with pytest.raises(BadInputError, match="contains a NUL character"):
            import_sessions(dst, parse_records(io.StringIO(text)))
        assert dst.count_sessions(SessionFilter()) == 0


@pytest.mark.postgres
@pytest.mark.mysql
@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize("source", VARIANTS, indirect=True)
def test_through_mysql_and_on_agno_reads_what_it_wrote(
    source: tuple[str, SessionDb],
    layout: str,
    agno_py: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    """agno 3.1.10's own files -> MySQL (which its MySQLDb does not read linked rows from)
    with ``--delete-source``, verified by the linked rows' counts and checksums -> the other
    backend: agno there resolves every result and finds every compaction as in the source."""
    from kern_core import MySQLDb

    variant, src = source
    sids = copied_sids(variant)
    before = linked_count(src, sids)
    url = str(request.getfixturevalue("mysql_url"))
    mysql = MySQLDb(url, db_schema=str(request.getfixturevalue("mysql_schema")), new_layout=layout)
    request.addfinalizer(mysql.close)
    only = SessionFilter(session_ids=tuple(sids))
    report = copy_sessions(src, mysql, only, delete_source=True)
    assert report.verified and report.linked["source"] == report.linked["target"]
    assert report.linked["source_checksum"] == report.linked["target_checksum"]
    assert report.linked_note
    assert not any(linked_count(src, sids).values())
    assert linked_count(mysql, sids) == before
    dst = make_target(request, tmp_path, src, "table")
    onwards = copy_sessions(mysql, dst, only)
    assert onwards.verified and onwards.linked["target"] == report.linked["target"]
    assert not onwards.linked_note
    assert agno_reads(agno_py, dst, sids) == {s: expected_reads(variant)[s] for s in sids}
