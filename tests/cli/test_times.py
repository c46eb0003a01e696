"""The time forms of the filters: today, yesterday, now, calendar months, --on, --tz, and
a reversed --since/--until range. "Now" is fixed through ``parse_time(now=...)``; the CLI
tests place sessions relative to the real start of today and retry if midnight passes."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from kern_cli.errors import UsageError
from kern_cli.timeparse import (
    LOCAL,
    day_start,
    iso_utc,
    parse_ago,
    parse_time,
    parse_zone,
    whole_day,
)
from kern_core import SessionDb

from tests.support.changes import db_args
from tests.support.db import DbFactory
from tests.support.sessions import session

NOW = 1_738_324_800  # 2025-01-31T12:00:00Z
PLUS2 = timezone(timedelta(hours=2))
MINUS530 = timezone(-timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("today", None, "2025-01-31T00:00:00Z"),
        ("TODAY", None, "2025-01-31T00:00:00Z"),
        ("yesterday", None, "2025-01-30T00:00:00Z"),
        ("now", None, "2025-01-31T12:00:00Z"),
        ("today", PLUS2, "2025-01-30T22:00:00Z"),
        ("yesterday", MINUS530, "2025-01-30T05:30:00Z"),
        ("2025-01-31", PLUS2, "2025-01-30T22:00:00Z"),
        ("2025-01-31T12:00", MINUS530, "2025-01-31T17:30:00Z"),
        ("2025-01-31T12:00Z", PLUS2, "2025-01-31T12:00:00Z"),  # an offset given wins
        ("2025-01-31T12:00+01:00", MINUS530, "2025-01-31T11:00:00Z"),
        ("3mo", None, "2024-10-31T12:00:00Z"),
        ("1mo", None, "2024-12-31T12:00:00Z"),
        ("2 months ago", None, "2024-11-30T12:00:00Z"),  # the last day of a shorter month
        ("1mo1d", None, "2024-12-30T12:00:00Z"),
        ("12mo", None, "2024-01-31T12:00:00Z"),
        ("7d", PLUS2, "2025-01-24T12:00:00Z"),  # a duration is the same instant in any zone
    ],
)
def test_keywords_months_and_zones(text: str, zone: Any, expected: str) -> None:
    assert iso_utc(parse_time(text, option="--since", now=NOW, tz=zone)) == expected


def test_months_back_across_a_zone_boundary() -> None:
    """Months count on the zone's calendar: at 2025-03-01T00:30 in +02:00 (still February in
    UTC) one month back is 2025-02-01T00:30 there."""
    now = int(datetime(2025, 3, 1, 0, 30, tzinfo=PLUS2).timestamp())
    back = parse_ago("1mo", now=now, tz=PLUS2)
    assert back == int(datetime(2025, 2, 1, 0, 30, tzinfo=PLUS2).timestamp())
    assert parse_ago("1mo", now=now) == int(
        datetime(2025, 1, 28, 22, 30, tzinfo=timezone.utc).timestamp()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UTC", timedelta(0)),
        ("utc", timedelta(0)),
        ("+02:00", timedelta(hours=2)),
        ("-0530", -timedelta(hours=5, minutes=30)),
        ("+02", timedelta(hours=2)),
    ],
)
def test_zones(text: str, expected: timedelta) -> None:
    assert parse_zone(text).utcoffset(None) == expected


def test_local_zone_follows_the_machine() -> None:
    assert parse_zone("local") is LOCAL
    start = day_start("2025-06-15", tz=LOCAL)
    assert start == int(datetime(2025, 6, 15).astimezone().timestamp())


@pytest.mark.parametrize("text", ["+25:00", "+02:61", "Mars/Olympus", "", "2 hours", "../etc"])
def test_bad_zones_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="invalid --tz"):
        parse_zone(text)


def test_whole_day() -> None:
    assert whole_day("2025-01-31") == (NOW - 12 * 3600, NOW + 12 * 3600 - 1)
    start, end = whole_day("today", now=NOW, tz=PLUS2)
    assert (iso_utc(start), iso_utc(end)) == ("2025-01-30T22:00:00Z", "2025-01-31T21:59:59Z")
    start, end = whole_day("yesterday", now=NOW)
    assert (iso_utc(start), iso_utc(end)) == ("2025-01-30T00:00:00Z", "2025-01-30T23:59:59Z")
    assert whole_day("9999-12-31")[1] == 253_402_300_799


@pytest.mark.parametrize("text", ["31-01-2025", "2025-02-30", "tomorrow", "7d", "2025-01-31T10:00"])
def test_bad_days_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--on"):
        whole_day(text)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("0001-01-01", PLUS2),
        ("30000mo", None),
        ("9999-12-31T23:00-02:00", None),
        ("9999-12-31T23:00", MINUS530),
    ],
)
def test_outside_years_1_to_9999_is_a_usage_error(text: str, zone: Any) -> None:
    with pytest.raises(UsageError, match="outside the years 1 to 9999"):
        parse_time(text, option="--since", now=NOW, tz=zone)


def test_the_edges_of_the_years_1_to_9999_are_accepted() -> None:
    assert parse_time("0001-01-01", option="--since") == -62_135_596_800
    assert parse_time("0001-01-01", option="--since", tz=MINUS530) > -62_135_596_800
    assert whole_day("9999-12-31")[1] == 253_402_300_799


# -- through the CLI ----------------------------------------------------------------------

DAY = 86_400


def _filled(make_db: DbFactory, today: int) -> SessionDb:
    """Sessions around the start of today (UTC): yesterday's first and last second, today's
    first second, and two days ago."""
    db = make_db(layout="table")
    times = {
        "two-days": today - 2 * DAY + 5,
        "yesterday-first": today - DAY,
        "yesterday-last": today - 1,
        "today-first": today,
    }
    db.upsert_sessions([session(sid, ts, user_id="u") for sid, ts in times.items()])
    return db


def _listed(kern: Callable[..., Any], args: list[str], *extra: str) -> set[str]:
    result = kern("sessions", "list", *args, "--all", "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return {row["session_id"] for row in json.loads(result.stdout)}


def _today() -> int:
    return int(time.time()) // DAY * DAY


def test_day_keywords_on_the_command_line(kern: Callable[..., Any], make_db: DbFactory) -> None:
    for _ in range(2):  # a second try only when midnight (UTC) passes during the first
        today = _today()
        db = _filled(make_db, today)
        args = db_args(db)
        got = {
            "today": _listed(kern, args, "--since", "today"),
            "yesterday": _listed(kern, args, "--since", "yesterday", "--until", "today"),
            "on-yesterday": _listed(kern, args, "--on", "yesterday"),
            "on-date": _listed(
                kern,
                args,
                "--on",
                datetime.fromtimestamp(today - DAY, timezone.utc).date().isoformat(),
            ),
            "until-yesterday": _listed(kern, args, "--until", "yesterday"),
            "2mo": _listed(kern, args, "--since", "2mo"),
        }
        if _today() == today:
            break
        db.close()
    assert got["today"] == {"today-first"}
    assert got["yesterday"] == {"yesterday-first", "yesterday-last", "today-first"}
    assert got["on-yesterday"] == {"yesterday-first", "yesterday-last"}
    assert got["on-date"] == got["on-yesterday"]
    assert got["until-yesterday"] == {"two-days", "yesterday-first"}
    assert got["2mo"] == {"two-days", "yesterday-first", "yesterday-last", "today-first"}


def test_tz_moves_the_day(kern: Callable[..., Any], make_db: DbFactory) -> None:
    """--on a date in -01:00 runs from 01:00Z that day to 00:59:59Z the next."""
    day = "2025-01-31"
    base = int(datetime(2025, 1, 31, tzinfo=timezone.utc).timestamp())
    db = make_db(layout="column")
    times = {"utc-midnight": base, "one-am": base + 3600, "next-0030": base + DAY + 1800}
    db.upsert_sessions([session(sid, ts) for sid, ts in times.items()])
    args = db_args(db)
    assert _listed(kern, args, "--on", day) == {"utc-midnight", "one-am"}
    assert _listed(kern, args, "--on", day, "--tz", "-01:00") == {"one-am", "next-0030"}
    assert _listed(kern, args, "--since", "2025-01-31T01:00", "--tz", "+01:00") == {
        "utc-midnight",
        "one-am",
        "next-0030",
    }
    assert _listed(kern, args, "--until", "2025-01-31T01:00", "--tz", "UTC") == {
        "utc-midnight",
        "one-am",
    }


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--since", "2025-02-01", "--until", "2025-01-01"], "is after --until"),
        (["--since", "today", "--until", "yesterday"], "is after --until"),
        (["--since", "1d", "--until", "7d"], "is after --until"),
        (["--on", "today", "--since", "1d"], "--on cannot be used with --since or --until"),
        (["--tz", "nowhere"], "invalid --tz 'nowhere'"),
        (["--on", "someday"], "invalid --on 'someday'"),
        (["--since", "3M"], "'M' is ambiguous"),
        (["--since", "0001-01-01", "--tz", "+05:00"], "outside the years 1 to 9999"),
    ],
)
def test_bad_times_are_one_line_usage_errors(
    kern: Callable[..., Any], tmp_path: Path, extra: list[str], message: str
) -> None:
    for command in ("list", "export", "stats"):
        result = kern("sessions", command, "--db", str(tmp_path / "none.db"), *extra)
        assert result.exit_code == 2, (command, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_reversed_range_is_one_line(kern: Callable[..., Any], tmp_path: Path) -> None:
    result = kern(
        "sessions", "list", "--db", str(tmp_path / "none.db"), "--since", "1d", "--until", "2d"
    )
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_prune_older_than_months(kern: Callable[..., Any], make_db: DbFactory) -> None:
    db = make_db(layout="table")
    now = int(time.time())
    db.upsert_sessions([session("old", now - 200 * DAY), session("young", now - 10 * DAY)])
    result = kern("sessions", "prune", *db_args(db), "--older-than", "3mo", "--yes")
    assert result.exit_code == 0, result.stderr
    assert _listed(kern, db_args(db)) == {"young"}


def test_prune_before_reads_dates_in_tz(kern: Callable[..., Any], make_db: DbFactory) -> None:
    """--before 2025-01-31 --tz +02:00 cuts at 2025-01-30T22:00:00Z."""
    db = make_db(layout="column")
    cut = int(datetime(2025, 1, 30, 22, tzinfo=timezone.utc).timestamp())
    db.upsert_sessions([session("before", cut - 1), session("at", cut)])
    args = db_args(db)
    result = kern("sessions", "prune", *args, "--before", "2025-01-31", "--tz", "+02:00", "--yes")
    assert result.exit_code == 0, result.stderr
    assert _listed(kern, args) == {"at"}
    alone = kern("sessions", "prune", *args, "--tz", "+02:00", "--yes")
    assert alone.exit_code == 2 and "at least one filter" in alone.stderr
