"""Time option parsing and display."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kern_cli.errors import UsageError
from kern_cli.timeparse import humanize_ago, iso_utc, parse_duration, parse_time

NOW = 1_738_324_800  # 2025-01-31T12:00:00Z


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30s", 30),
        ("15m", 900),
        ("12h", 43200),
        ("7d", 604800),
        ("2w", 1209600),
        ("1y", 31536000),
        ("1d12h", 129600),
        ("3 days", 259200),
        ("90 min", 5400),
        ("2H", 7200),
    ],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds
    assert parse_time(text, now=NOW) == NOW - seconds
    assert parse_time(f"{text} ago", now=NOW) == NOW - seconds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-31", NOW - 12 * 3600),
        ("2025-01-31T12:00", NOW),
        ("2025-01-31 12:00:00", NOW),
        ("2025-01-31T12:00:00Z", NOW),
        ("2025-01-31 14:00:00+02:00", NOW),
        ("2025-01-31T12:00:00.750Z", NOW),
        ("@1738324800", NOW),
    ],
)
def test_absolute_times(text: str, expected: int) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["2M", "1M30m"])
def test_capital_m_is_refused_as_ambiguous(text: str) -> None:
    with pytest.raises(UsageError, match="'M' is ambiguous"):
        parse_time(text, option="--since")


@pytest.mark.parametrize("text", ["3mo", "1 month", "6 months"])
def test_months_have_no_fixed_length(text: str) -> None:
    with pytest.raises(UsageError, match="no fixed length"):
        parse_duration(text, option="--older-than")


@pytest.mark.parametrize(
    "text", ["", "30", "tomorrow", "7x", "2025-13-01", "2025-01-31T25:00", "-3d"]
)
def test_garbage_is_a_usage_error_listing_accepted_forms(text: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_time(text, option="--since")
    assert info.value.hint is not None or "unknown unit" in info.value.message
    assert "--since" in info.value.message


@given(st.text(max_size=30))
def test_parse_time_raises_only_usage_errors(text: str) -> None:
    with contextlib.suppress(UsageError):
        assert isinstance(parse_time(text, now=NOW), int)


def test_iso_utc() -> None:
    assert iso_utc(NOW) == "2025-01-31T12:00:00Z"
    assert iso_utc(NOW + 0.9) == "2025-01-31T12:00:00Z"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (0, "just now"),
        (1, "1 second ago"),
        (59, "59 seconds ago"),
        (180, "3 minutes ago"),
        (3600, "1 hour ago"),
        (2 * 86400 + 5, "2 days ago"),
        (45 * 86400, "1 month ago"),
        (800 * 86400, "2 years ago"),
        (-300, "in 5 minutes"),
    ],
)
def test_humanize_ago(delta: int, text: str) -> None:
    assert humanize_ago(NOW - delta, now=NOW) == text
