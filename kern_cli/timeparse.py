"""Parse the time options (``--since``, ``--until``, ``--older-than``, ``--before``).

Accepted forms (agno stores times as Unix seconds, so everything becomes an int):

* a duration meaning "that long ago": a number and a unit, optionally repeated and
  optionally followed by ``ago``: ``30s``, ``15m``, ``12h``, ``7d``, ``2w``, ``1y``,
  ``1d12h``, ``3 days``. Units: s (seconds), m (minutes), h (hours), d (days),
  w (weeks), y (365 days), with long forms such as ``min``, ``hours``, ``weeks``.
  Months are refused because their length varies and ``M``/``mo`` are easily
  confused with minutes: use days or weeks.
* an ISO 8601 date or date-time: ``2025-01-31`` (midnight at the start of that day),
  ``2025-01-31T12:00``, ``2025-01-31 12:00:00+02:00``, ``2025-01-31T12:00Z``.
  Without an offset the time is UTC.
* ``@SECONDS``: a Unix timestamp, as in ``@1738324800``.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

from kern_cli.errors import UsageError

ACCEPTED_FORMS = (
    "a duration such as 30s, 15m, 12h, 7d, 2w, 1y or 1d12h; "
    "an ISO date or date-time such as 2025-01-31, 2025-01-31T12:00 or "
    "2025-01-31 12:00:00+02:00 (UTC unless an offset is given); or @UNIXSECONDS"
)

_UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), 365 * 86400),
}
_MONTHS = {"M", "mo", "mos", "mon", "mons", "month", "months"}
_DURATION = re.compile(r"(?:\d+\s*[A-Za-z]+\s*)+")
_PART = re.compile(r"(\d+)\s*([A-Za-z]+)")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_time(value: str, *, option: str = "time", now: float | None = None) -> int:
    """Turn a time option's value into Unix seconds (see the module docstring).

    ``option`` names the option in error messages. Raises :class:`UsageError` (exit 2)
    listing the accepted forms when the value is not understood.
    """
    text = value.strip()
    if text.lower().endswith(" ago"):
        text = text[:-4].rstrip()
    if text.startswith("@") and text[1:].isdigit() and len(text) <= 20:
        return _in_range(int(text[1:]), value, option)
    if _ISO_START.match(text):
        return _parse_iso(text, option)
    if _DURATION.fullmatch(text):
        current = time.time() if now is None else now
        return _in_range(int(current - parse_duration(text, option=option)), value, option)
    raise _bad(value, option)


#: The times kern accepts and shows: 0001-01-01T00:00:00Z up to 9999-12-31T23:59:59Z.
MIN_TIME = -62_135_596_800
MAX_TIME = 253_402_300_799


def _in_range(ts: int, value: str, option: str) -> int:
    if not MIN_TIME <= ts <= MAX_TIME:
        raise UsageError(
            f"invalid {option} '{value}': outside the years 1 to 9999",
            hint="give a shorter duration or a date between 0001-01-01 and 9999-12-31",
        )
    return ts


def parse_duration(value: str, *, option: str = "duration") -> int:
    """Turn a duration such as ``7d`` or ``1h30m`` into seconds."""
    text = value.strip()
    if not _DURATION.fullmatch(text) or len(text) > 100:
        raise _bad(value, option)
    total = 0
    for number, unit in _PART.findall(text):
        if unit in _MONTHS or unit.lower() in _MONTHS - {"M"}:
            raise UsageError(
                f"invalid {option} '{value}': months are ambiguous",
                hint="give days or weeks instead, e.g. 90d or 12w",
            )
        seconds = _UNITS.get(unit.lower())
        if seconds is None:
            raise UsageError(
                f"invalid {option} '{value}': unknown unit '{unit}'",
                hint="units: s (seconds), m (minutes), h, d, w, y",
            )
        total += int(number) * seconds
    if total > MAX_TIME - MIN_TIME:
        raise UsageError(
            f"invalid {option} '{value}': longer than 10,000 years",
            hint="give a shorter duration, e.g. 90d or 5y",
        )
    return total


def _parse_iso(text: str, option: str) -> int:
    normalised = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        moment = datetime.fromisoformat(normalised)
    except ValueError:
        raise _bad(text, option) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return _in_range(int(moment.timestamp()), text, option)


def _bad(value: str, option: str) -> UsageError:
    return UsageError(f"invalid {option} '{value}'", hint=f"use {ACCEPTED_FORMS}")


#: A stored time at least this large is read as milliseconds: in seconds it is past the year
#: 5138, and a stored millisecond time (some writers use them) is from after March 1973.
MILLISECONDS_FROM = 100_000_000_000


def stored_seconds(ts: float) -> tuple[float, str]:
    """A stored time as Unix seconds plus a note for people: ``" (stored in ms)"`` when it was
    taken as milliseconds, ``""`` otherwise. Raises ``ValueError`` for a time outside the years
    1 to 9999 either way."""
    seconds, note = float(ts), ""
    if abs(seconds) >= MILLISECONDS_FROM and MIN_TIME <= seconds / 1000 <= MAX_TIME:
        seconds, note = seconds / 1000, " (stored in ms)"
    if not MIN_TIME <= seconds <= MAX_TIME:
        raise ValueError(f"time {ts} is out of range")
    return seconds, note


def iso_utc(ts: float) -> str:
    """RFC 3339 time in UTC, to the second: ``2025-01-31T12:00:00Z``; a time no calendar date
    fits (outside the years 1 to 9999) is shown as the number, ``@1e+20 (out of range)``."""
    try:
        seconds = float(ts)
        if not MIN_TIME <= seconds <= MAX_TIME:
            raise ValueError(ts)
    except (TypeError, ValueError, OverflowError):
        return f"@{ts} (out of range)"
    moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=int(seconds))
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"
    )


def stored_iso(ts: float) -> str:
    """:func:`iso_utc` for a time read from the database, where a millisecond time is shown as
    such, with ``(stored in ms)`` after it."""
    try:
        seconds, note = stored_seconds(ts)
    except (TypeError, ValueError, OverflowError):
        return iso_utc(ts)
    return iso_utc(seconds) + note


_STEPS = (
    (365 * 86400, "year"),
    (30 * 86400, "month"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
    (1, "second"),
)


def humanize_ago(ts: float, now: float | None = None) -> str:
    """A rough relative time for people: ``3 minutes ago``, ``in 2 days``, ``just now``.

    ``ts`` is a stored time: a millisecond one is read as such (see :func:`stored_seconds`).
    """
    current = time.time() if now is None else now
    try:
        seconds, _ = stored_seconds(ts)
    except (TypeError, ValueError, OverflowError):
        return "out of range"
    delta = int(current - seconds)
    if abs(delta) < 1:
        return "just now"
    seconds = abs(delta)
    for size, name in _STEPS:
        if seconds >= size:
            count = seconds // size
            phrase = f"{count} {name}{'' if count == 1 else 's'}"
            return f"{phrase} ago" if delta > 0 else f"in {phrase}"
    return "just now"  # pragma: no cover
