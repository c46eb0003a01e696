"""``kern sessions usage`` through the CLI: groupings, formats, filters, bad input, terminal."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_usage import TOKENS, corpus, stored_sums
from tests.support.db import VARIANTS, variant_args
from tests.support.reading import run_in_terminal


@pytest.fixture
def target(make_db: Any, db_url: Any) -> list[str]:
    make_db(layout="table").upsert_sessions(corpus())
    url, schema = db_url
    return ["--db", url, "--schema", schema]


def usage_json(kern: Callable[..., Any], *args: str) -> list[dict[str, Any]]:
    result = kern("sessions", "usage", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_groupings_and_formats(kern: Callable[..., Any], target: list[str]) -> None:
    (total,) = usage_json(kern, *target)
    expected = stored_sums(corpus())
    assert {k: total[k] for k in TOKENS} == {k: expected[k] for k in TOKENS}
    assert total["runs"] == 8 and total["cost_status"] == "partial"

    repeated = usage_json(kern, *target, "--by", "user", "--by", "model")
    assert repeated == usage_json(kern, *target, "--by", "user,model")
    keys = {(r["user_id"], r["model"], r["provider"]) for r in repeated}
    assert ("u2", "no-such-model-x1", "Nowhere") in keys
    unknown = next(r for r in repeated if r["model"] == "no-such-model-x1")
    assert unknown["cost_usd"] is None and unknown["cost_status"] == "unknown"

    days = usage_json(kern, *target, "--by", "day", "-u", "u3")
    assert [(r["day"], r["cost_usd"]) for r in days] == [("2026-08-16", 0.14), ("2026-08-18", 0.22)]

    lines = kern("sessions", "usage", *target, "--by", "model", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == usage_json(kern, *target, "--by", "model")
    table = list(
        csv.DictReader(io.StringIO(kern("sessions", "usage", *target, "-f", "csv").stdout))
    )
    assert table[0]["total_tokens"] == str(expected["total_tokens"])
    tsv = kern("sessions", "usage", *target, "--by", "agent").stdout.splitlines()
    assert tsv and all(len(line.split("\t")) == 1 + 2 + 6 + 3 for line in tsv)  # no header


def test_filters_and_bad_input(kern: Callable[..., Any], target: list[str]) -> None:
    (team,) = usage_json(kern, *target, "--type", "team")
    assert team["sessions"] == 1 and team["runs"] == 2 and team["input_tokens"] == 500
    assert usage_json(kern, *target, "--user", "nobody") == [
        {
            "sessions": 0,
            "runs": 0,
            **dict.fromkeys(
                (
                    "input_tokens",
                    "output_tokens",
                    "cache_read_tokens",
                    "cache_write_tokens",
                    "reasoning_tokens",
                    "total_tokens",
                ),
                0,
            ),
            "cost_usd": 0.0,
            "cost_status": "priced",
            "stored_cost": None,
        }
    ]
    bad = kern("sessions", "usage", *target, "--by", "user,colour")
    assert bad.exit_code == 2 and "cannot group usage by 'colour'" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert kern("sessions", "usage", *target, "--since", "soon").exit_code == 2


def test_terminal_table(target: list[str]) -> None:
    code, screen = run_in_terminal("sessions", "usage", *target, "--by", "model")
    assert code == 0, screen
    for text in ("MODEL", "PROVIDER", "COST (EST.)", "gpt-4o-mini", "unknown", "total"):
        assert text in screen
    assert "(partial)" in screen  # the total mixes priced and unknown models
    code, screen = run_in_terminal(
        "sessions", "usage", *target, "--by", "user", env={"NO_COLOR": "1"}
    )
    assert code == 0 and "\x1b[1m" not in screen and "u3" in screen


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures(
    kern: Callable[..., Any], variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from tests.support.db import open_variant

    (tmp_path / "read").mkdir()
    with open_variant(variant, tmp_path / "read", request) as db:
        expected = stored_sums(db.iter_sessions())
    rows = usage_json(kern, *variant_args(variant, tmp_path, request), "--by", "model,month")
    for k in TOKENS:
        assert sum(r[k] for r in rows) == expected[k]
