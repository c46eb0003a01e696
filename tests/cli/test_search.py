"""``kern sessions search`` and ``--grep`` through the CLI, on every backend and both layouts:
rows, formats, limits, exit codes, inert snippets, and --grep on list/export/prune/stats."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_search import corpus
from tests.support.db import VARIANTS, DbFactory, variant_args
from tests.support.reading import run_in_terminal

Kern = Callable[..., Any]


@pytest.fixture(params=["column", "table"])
def target(
    request: pytest.FixtureRequest, make_db: DbFactory, db_url: tuple[str, str]
) -> list[str]:
    db = make_db(layout=request.param)
    db.upsert_sessions(corpus())
    url, schema = db_url
    return ["--db", url, "--schema", schema]


def rows(kern: Kern, db: list[str], *args: str) -> list[list[str]]:
    result = kern("sessions", "search", *db, *args)
    assert result.exit_code == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def test_tsv_rows_newest_first(kern: Kern, target: list[str]) -> None:
    got = rows(kern, target, "ZÜRICH")
    assert [r[:3] for r in got] == [["s6", "r6", "tool"], ["s1", "r1a", "input,output"]]
    assert all(len(r) == 4 and "zürich" in r[3].casefold() for r in got)


def test_json_formats_and_places(kern: Kern, target: list[str]) -> None:
    result = kern("sessions", "search", *target, "quokka", "-f", "json")
    assert result.exit_code == 0, result.stderr
    [hit] = json.loads(result.stdout)
    assert hit["where"] == ["tool", "reasoning"] and hit["run_id"] == "r4"
    assert hit["snippet"][hit["match_start"] : hit["match_end"]] == "quokka"
    result = kern("sessions", "search", *target, "quokka", "--in", "reasoning", "-f", "jsonl")
    assert [json.loads(line)["where"] for line in result.stdout.splitlines()] == [["reasoning"]]
    assert rows(kern, target, "z.RICH", "--regex", "--in", "input") == [
        ["s1", "r1a", "input", rows(kern, target, "zürich", "--in", "input")[0][3]]
    ]


def test_no_match_exit_code_and_filters(kern: Kern, target: list[str]) -> None:
    for needle in ("zebrafish", "input_content", "system prompt"):
        result = kern("sessions", "search", *target, needle)
        assert result.exit_code == 3 and result.stdout == "", needle
    assert rows(kern, target, "zürich", "-u", "u1") == rows(kern, target, "zürich")[1:]
    assert kern("sessions", "search", *target, "zürich", "-u", "nobody").exit_code == 3


def test_limit_and_all(kern: Kern, target: list[str]) -> None:
    assert len(rows(kern, target, "zürich", "-L", "1")) == 1
    assert len(rows(kern, target, "zürich", "--all")) == 2
    assert kern("sessions", "search", *target, "x", "--all", "-L", "2").exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        [
            "",
        ],
        ["x", "--in", "nowhere"],
        ["(", "--regex"],
        ["x", "--in", ","],
    ],
)
def test_bad_input_is_a_usage_error(kern: Kern, target: list[str], args: list[str]) -> None:
    result = kern("sessions", "search", *target, *args)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_hostile_snippets_are_inert(kern: Kern, target: list[str]) -> None:
    for fmt in ("tsv", "json", "jsonl", "csv"):
        result = kern("sessions", "search", *target, "mole", "-f", fmt)
        assert result.exit_code == 0 and "\x1b" not in result.stdout and "\x07" not in result.stdout
    code, screen = run_in_terminal("sessions", "search", *target, "mole")
    assert code == 0, screen
    assert "\x1b[31m" not in screen and "\x07" not in screen and "EVIL" in screen
    assert "\x1b[1;7mmole" in screen or "\x1b[7;1mmole" in screen  # the match, highlighted
    code, screen = run_in_terminal("sessions", "search", *target, "mole", env={"NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in screen.replace("\x1b[?", "")


def test_grep_on_list_export_stats_and_prune(kern: Kern, target: list[str]) -> None:
    listed = kern("sessions", "list", *target, "--grep", "ZÜRICH", "-f", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [r["session_id"] for r in json.loads(listed.stdout)] == ["s6", "s1"]
    assert kern("sessions", "list", *target, "--grep", "zebrafish").stdout == ""
    exported = kern("sessions", "export", *target, "--grep", "straße")
    assert [json.loads(line)["session_id"] for line in exported.stdout.splitlines()] == ["s2"]
    stats = kern("sessions", "stats", *target, "--grep", "zürich", "-f", "json")
    assert json.loads(stats.stdout)["sessions"] == 2
    dry = kern(
        "sessions", "prune", *target, "--grep", "zürich", "-u", "u1", "--dry-run", "-f", "json"
    )
    assert dry.exit_code == 0, dry.stderr
    assert "s1" in dry.stdout and "s6" not in dry.stdout
    done = kern("sessions", "prune", *target, "--grep", "zürich", "-u", "u1", "--yes")
    assert done.exit_code == 0, done.stderr
    left = kern("sessions", "list", *target, "--grep", "zürich", "-f", "json")
    assert [r["session_id"] for r in json.loads(left.stdout)] == ["s6"]
    assert kern("sessions", "prune", *target, "--grep", "zebrafish", "--yes").exit_code == 0
    assert len(kern("sessions", "list", *target, "--all").stdout.splitlines()) == 6


def test_grep_is_not_offered_where_reads_do_not_confirm(kern: Kern, target: list[str]) -> None:
    result = kern("sessions", "migrate", *target, "--grep", "x")
    assert result.exit_code == 2


@pytest.mark.parametrize("variant", VARIANTS)
def test_agno_fixtures(
    kern: Kern, variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = variant_args(variant, tmp_path, request)
    result = kern("sessions", "search", *args, "ZÜRICH", "--all", "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert found and all(
        "zürich" in h["snippet"][h["match_start"] : h["match_end"]].casefold() for h in found
    )
