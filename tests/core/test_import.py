"""Import: export -> import -> export is identical; validation happens before any write."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kern_core import (
    ConflictError,
    ConnectError,
    ImportReport,
    InvalidRecordsError,
    RecordSource,
    SessionDb,
    TableMissingError,
    import_sessions,
    parse_records,
)

from tests.support.db import DbFactory, open_variant
from tests.support.ops import dump, jsonl, make_session


class Pipe(io.StringIO):
    """A stream that cannot seek, like stdin from a pipe."""

    def seekable(self) -> bool:
        return False


def assert_no_table(db: SessionDb) -> None:
    with pytest.raises((TableMissingError, ConnectError)):
        db.layout(refresh=True)


def _records(text: str, fmt: str | None = None, pipe: bool = False) -> RecordSource:
    return RecordSource(Pipe(text) if pipe else io.StringIO(text), fmt)


@pytest.mark.parametrize("layout", ["column", "table"])
@pytest.mark.parametrize(
    "variant",
    [
        "agno2.sqlite",
        "agno3.sqlite",
        "agno3_migrated.sqlite",
        "agno2_mysql_app.sql:my_agent_sessions",
        "agno3_migrated_mysql.sql:agno_sessions",
    ],
)
def test_round_trip_is_identical(
    variant: str, layout: str, make_db: DbFactory, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    with open_variant(variant, tmp_path, request) as src:
        exported = dump(src)
    for fmt, text in (("jsonl", jsonl(exported)), ("json", json.dumps(exported))):
        db = make_db(layout=layout, table=f"imp_{fmt}", name=f"imp_{fmt}")
        report = import_sessions(db, _records(text, pipe=fmt == "json"), batch_size=7)
        assert report.inserted == len(exported) and not report.invalid
        assert db.layout().kind == layout
        assert dump(db) == exported


def test_malformed_line_writes_nothing(make_db: DbFactory) -> None:
    good = [make_session(i).to_dict() for i in range(3)]
    lines = jsonl(good).splitlines()
    lines.insert(1, '{"session_id": "x", ')
    lines.insert(3, json.dumps({"session_id": "y", "session_type": "robot", "created_at": 1}))
    db = make_db()
    with pytest.raises(InvalidRecordsError) as err:
        import_sessions(db, _records("\n".join(lines)))
    assert [line for line, _ in err.value.report.invalid] == [2, 4]
    assert "malformed JSON" in err.value.report.invalid[0][1]
    assert_no_table(db)  # not even the table was created
    report = import_sessions(db, _records("\n".join(lines)), skip_invalid=True)
    assert (report.inserted, len(report.invalid)) == (3, 2)
    assert [r["session_id"] for r in dump(db)] == [s["session_id"] for s in good]


def test_on_conflict_modes_and_dry_run(make_db: DbFactory) -> None:
    db = make_db(layout="table")
    first = jsonl([make_session(i).to_dict() for i in range(2)])
    import_sessions(db, list(parse_records(io.StringIO(first))))
    changed = make_session(1, runs=1).to_dict()
    changed["user_id"] = "u9"
    text = jsonl([changed, make_session(5).to_dict()])
    before = dump(db)
    with pytest.raises(ConflictError):
        import_sessions(db, _records(text), on_conflict="fail")
    assert dump(db) == before  # the new session 5 was not written either
    for mode, want in (("skip", (1, 0, 1)), ("replace", (1, 1, 0))):
        dry = import_sessions(db, _records(text), on_conflict=mode, dry_run=True)
        assert (dry.inserted, dry.replaced, dry.skipped) == want and dry.dry_run
        assert dump(db) == before
    real = import_sessions(db, _records(text), on_conflict="replace")
    assert (real.inserted, real.replaced, real.skipped) == (1, 1, 0)
    stored = {r["session_id"]: r for r in dump(db)}
    assert stored["s0001"] == changed  # replaced whole, runs included (1 run now)


def test_dry_run_on_missing_table_creates_nothing(make_db: DbFactory) -> None:
    db = make_db()
    report = import_sessions(db, _records(jsonl([make_session(1).to_dict()])), dry_run=True)
    assert report == ImportReport(inserted=1, runs_written=2, dry_run=True)
    assert_no_table(db)


def test_duplicate_ids_in_input_are_invalid(make_db: DbFactory) -> None:
    rec = make_session(1).to_dict()
    with pytest.raises(InvalidRecordsError) as err:
        import_sessions(make_db(), _records(jsonl([rec, rec])))
    assert err.value.report.invalid == [(2, "session s0001 appears twice (first on line 1)")]


def test_json_array_is_streamed_with_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    import kern_core.importing as importing

    monkeypatch.setattr(importing, "_CHUNK", 16)  # values span many reads
    recs = [make_session(i).to_dict() for i in range(3)]
    recs[1]["session_type"] = "bad"
    text = "\n  [\n" + ",\n".join(json.dumps(r, indent=1) for r in recs) + "\n]\n"
    parsed = list(parse_records(Pipe(text)))
    assert [p.session is not None for p in parsed] == [True, False, True]
    assert parsed[1].error and parsed[1].error.startswith("item 1: ")
    assert parsed[0].line == 3
    with pytest.raises(Exception, match="malformed JSON"):
        list(parse_records(io.StringIO('[{"session_id": "a"}, {"x": tru')))
    assert list(parse_records(io.StringIO(" [ ] "))) == []


def test_pipe_input_is_read_twice_through_a_spool(make_db: DbFactory) -> None:
    recs = [make_session(i).to_dict() for i in range(4)]
    db = make_db()
    seen: list[int] = []
    report = import_sessions(
        db,
        _records(jsonl(recs), pipe=True),
        batch_size=3,
        on_progress=lambda r: seen.append(r.inserted),
    )
    assert report.inserted == 4 and seen == [3, 4]
    assert dump(db) == recs
