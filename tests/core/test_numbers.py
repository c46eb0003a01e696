"""Stored JSON numbers survive every decode and encode: no ``Infinity``/``NaN`` is ever written.

SQLite keeps JSON text as written, so a number token comes back exactly (``1e400``, ``1E5``,
``-0``, ``2.50``, a 401-digit integer). PostgreSQL jsonb stores numbers as ``numeric`` and
prints them its own way (``1E5`` as ``100000``, ``1e400`` as 401 digits); that text is what
passes through, still the same number and still JSON.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from kern_core import (
    SessionDb,
    SessionFilter,
    import_sessions,
    upgrade_table,
)
from kern_core.importing import parse_records
from kern_core.jsoncodec import JSONNumber, MalformedJSON, decode, dumps
from kern_core.layout import detect

HUGE = "1" + "0" * 400
TOKENS = ["1e400", "-1e400", "1E5", "2.50", "-0", "-0.0", "1e-400", "0.1", "123", HUGE, "9" * 5000]
RECORD_NUMBERS = '{"inf": 1e400, "neg": -1e400, "e": 1E5, "zero": -0, "huge": ' + HUGE + "}"


def _strict(text: str) -> Any:
    """Parse as JSON, refusing NaN/Infinity and keeping every number exact."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in output: {text[:200]}")

    return json.loads(text, parse_constant=refuse, parse_float=Decimal, parse_int=Decimal)


@pytest.mark.parametrize("token", TOKENS)
def test_codec_writes_back_every_number_token_verbatim(token: str) -> None:
    doc = f'{{"a": {token}, "b": [{token}, "x"], "c": {{"d": {token}}}}}'
    value = decode(doc)
    assert dumps(value) == doc
    assert decode(dumps(value, ensure_ascii=False, indent=2)) == value
    assert decode(json.dumps(doc)) == value, "double-encoded text decodes the same"


def test_numbers_a_float_would_change_are_kept_as_text() -> None:
    value = decode("[1e400, 1E5, -0, 0.5, 7]")
    assert [type(v) for v in value] == [JSONNumber, JSONNumber, JSONNumber, float, int]
    assert float(value[0]) == float("inf") and float(value[1]) == 100000.0
    assert str(value[0]) == "1e400"


@pytest.mark.parametrize("doc", ["NaN", "[Infinity]", '{"a": -Infinity}'])
def test_non_json_constants_are_refused(doc: str) -> None:
    with pytest.raises(MalformedJSON, match="not a JSON number"):
        decode(doc)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"a": [float("-inf")]}])
def test_nan_and_infinity_are_never_written(value: Any) -> None:
    with pytest.raises(MalformedJSON):
        dumps(value)


def test_lone_surrogates_are_written_escaped() -> None:
    value = decode('{"s": "a\\ud800b\\udc00"}')
    assert value == {"s": "a\ud800b\udc00"}
    for ensure_ascii in (True, False):
        text = dumps(value, ensure_ascii=ensure_ascii)
        text.encode("utf-8")
        assert decode(text) == value


@pytest.fixture(params=["column", "table"])
def layout(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _import(db: SessionDb, text: str) -> None:
    report = import_sessions(db, parse_records(io.StringIO(text)))
    assert report.inserted == 1, report


def _check_numbers(line: str, exact: bool) -> None:
    """The exported text holds each number exactly (SQLite) or as jsonb prints it (PostgreSQL)."""
    numbers = _strict(line)["session_data"]
    assert numbers["inf"] == Decimal("1e400") and numbers["neg"] == Decimal("-1e400")
    assert numbers["e"] == 100000 and numbers["zero"] == 0 and numbers["huge"] == int(HUGE)
    if exact:
        assert RECORD_NUMBERS in line


def test_import_export_and_show_keep_stored_numbers(
    make_db: Callable[..., SessionDb], kind: str, layout: str
) -> None:
    run = '{"run_id": "r1", "agent_id": "a", "metrics": {"duration": 1e400, "input_tokens": -0}}'
    record = (
        '{"session_id": "n1", "session_type": "agent", "session_data": '
        + RECORD_NUMBERS
        + ', "runs": ['
        + run
        + '], "created_at": 1700000000}\n'
    )
    db = make_db(layout=layout)
    _import(db, record)
    lines = list(db.export_lines())
    assert len(lines) == 1
    _check_numbers(lines[0], exact=kind == "sqlite")
    metrics = _strict(lines[0])["runs"][0]["metrics"]
    assert metrics["duration"] == Decimal("1e400") and metrics["input_tokens"] == 0
    if kind == "sqlite":
        assert '"duration": 1e400, "input_tokens": -0' in lines[0]
    session = db.get_session("n1")
    assert session is not None and not session.warnings
    shown = dumps(session.to_dict(), ensure_ascii=False, indent=2)
    _check_numbers(shown, exact=False)
    if kind == "sqlite":
        assert '"inf": 1e400,' in shown and '"zero": -0,' in shown
    again = make_db(layout=layout, table="again_sessions", name="again")
    _import(again, lines[0])
    assert list(again.export_lines()) == lines


def test_upgrade_copies_runs_with_their_number_tokens(
    make_db: Callable[..., SessionDb], kind: str
) -> None:
    runs = (
        '[{"run_id": "u1", "agent_id": "a", "created_at": 1e400, "metrics": {"duration": 1e400}},'
        ' {"run_id": "u2", "agent_id": "a", "created_at": 1E3, "n": -0}]'
    )
    record = (
        '{"session_id": "up", "session_type": "agent", "runs": '
        + runs
        + ', "created_at": 1700000000}\n'
    )
    db = make_db(layout="column")
    _import(db, record)
    before = list(db.export_lines())
    report = upgrade_table(db)
    assert report.upgraded and report.runs_copied == 2
    with db.dialect.open_conn(read_only=True) as conn:
        layout = detect(db.dialect, conn, db.session_table, None)
        assert layout.runs_table
        sql = (
            f"SELECT run_id, {db.dialect.json_text('run_data')}, created_at "
            f"FROM {db.dialect.table(layout.runs_table)} ORDER BY run_index"
        )
        rows = conn.execute(sql).fetchall()
    texts = [str(t) for _, t, _ in rows]
    for text in texts:
        _strict(text)
    assert _strict(texts[0])["metrics"]["duration"] == Decimal("1e400")
    if kind == "sqlite":
        assert '"created_at": 1e400' in texts[0] and '"n": -0' in texts[1]
    assert rows[1][2] == 1000, "a finite created_at is stored as its integer"
    assert isinstance(rows[0][2], int), "an out-of-range one becomes the upgrade time"
    assert list(db.export_lines()) == before
    assert db.count_sessions(SessionFilter()) == 1
