"""Parse the time options (``--since``, ``--until``, ``--on``, ``--tz``, ``--older-than``,
``--before``).

Accepted forms (agno stores times as Unix seconds, so everything becomes an int):

* a duration meaning "that long ago": a number and a unit, optionally repeated and
  optionally followed by ``ago``: ``30s``, ``15m``, ``12h``, ``7d``, ``2w``, ``3mo``,
  ``1y``, ``1d12h``, ``3 days``. Units: s (seconds), m (minutes), h (hours), d (days),
  w (weeks), mo (calendar months: ``3mo`` is the same day and time of day three months
  back in the zone, the last day of a shorter month), y (365 days), with long forms such
  as ``min``, ``hours``, ``weeks``, ``months``. ``M`` alone is refused: it is too easily
  read as minutes.
* ``today``, ``yesterday`` (midnight at the start of that day) and ``now``.
* an ISO 8601 date or date-time: ``2025-01-31`` (midnight at the start of that day),
  ``2025-01-31T12:00``, ``2025-01-31 12:00:00+02:00``, ``2025-01-31T12:00Z``.
  A time without an offset, a date and a day keyword are read in the zone (``--tz``):
  UTC unless told otherwise.
* ``@SECONDS``: a Unix timestamp, as in ``@1738324800``.

A zone (:func:`parse_zone`) is ``UTC``, ``local`` (this machine's, with its daylight saving
rules), a fixed offset such as ``+02:00`` or ``-0530``, or an IANA name such as
``Europe/Berlin`` where the system has the time zone database.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, timezone, tzinfo

from kern_cli.errors import UsageError

ACCEPTED_FORMS = (
    "a duration such as 30s, 15m, 12h, 7d, 2w, 3mo, 1y or 1d12h; today, yesterday or now; "
    "an ISO date or date-time such as 2025-01-31, 2025-01-31T12:00 or "
    "2025-01-31 12:00:00+02:00 (in the --tz zone, UTC by default, unless an offset is "
    "given); or @UNIXSECONDS"
)
ZONE_FORMS = "UTC, local, an offset such as +02:00 or -0530, or a name such as Europe/Berlin"


class LocalZone(tzinfo):
    """This machine's zone, read for each moment (daylight saving included) by the C
    library's rules: :func:`localize` asks Python's naive-time conversion, which uses them."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        moment = (dt or datetime.now()).replace(tzinfo=None)
        offset = moment.astimezone().utcoffset()
        return offset if offset is not None else timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return "local"


LOCAL = LocalZone()

_UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), 365 * 86400),
}
_MONTHS = {"mo", "mos", "mon", "mons", "month", "months"}
_DURATION = re.compile(r"(?:\d+\s*[A-Za-z]+\s*)+")
_PART = re.compile(r"(\d+)\s*([A-Za-z]+)")
_ISO_START = re.compile(r"\d{4}-\d{2}-\d{2}")
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})?")
_DAYS_BACK = {"today": 0, "yesterday": 1}


def parse_time(
    value: str, *, option: str = "time", now: float | None = None, tz: tzinfo | None = None
) -> int:
    """Turn a time option's value into Unix seconds (see the module docstring).

    ``option`` names the option in error messages; ``now`` replaces the clock (tests);
    ``tz`` is the zone of dates, day keywords and times without an offset (default UTC).
    Raises :class:`UsageError` (exit 2) listing the accepted forms when the value is not
    understood.
    """
    text = value.strip()
    zone = tz if tz is not None else timezone.utc
    current = time.time() if now is None else now
    keyword = text.lower()
    if keyword == "now":
        return _in_range(int(current), value, option)
    if keyword in _DAYS_BACK:
        return day_start(value, option=option, now=current, tz=zone)
    if text.lower().endswith(" ago"):
        text = text[:-4].rstrip()
    if text.startswith("@") and text[1:].isdigit() and len(text) <= 20:
        return _in_range(int(text[1:]), value, option)
    if _ISO_START.match(text):
        return _parse_iso(text, option, zone)
    if _DURATION.fullmatch(text):
        return parse_ago(text, option=option, now=current, tz=zone)
    raise _bad(value, option)


def parse_ago(
    value: str, *, option: str = "duration", now: float | None = None, tz: tzinfo | None = None
) -> int:
    """The moment a duration (``7d``, ``3mo``, ``1d12h``) before ``now``, as Unix seconds:
    months are calendar months in ``tz`` (default UTC), the other units fixed lengths."""
    months, seconds = _duration_parts(value, option)
    current = time.time() if now is None else now
    if months:
        zone = tz if tz is not None else timezone.utc
        try:
            moment = _months_back(_wall_clock(current, zone), months)
            current = _instant(moment, zone)
        except (ValueError, OverflowError, OSError):
            raise _out_of_range(value, option) from None
    return _in_range(int(current - seconds), value, option)


def parse_duration(value: str, *, option: str = "duration") -> int:
    """Turn a duration such as ``7d`` or ``1h30m`` into seconds (months, which have no fixed
    length, are refused here; :func:`parse_ago` takes them)."""
    months, seconds = _duration_parts(value, option)
    if months:
        raise UsageError(
            f"invalid {option} '{value}': a month has no fixed length",
            hint="give days or weeks instead, e.g. 90d or 12w",
        )
    return seconds


def parse_zone(value: str, *, option: str = "--tz") -> tzinfo:
    """``UTC``, ``local``, an offset (``+02:00``, ``-0530``, ``+02``) or an IANA zone name."""
    text = value.strip()
    if text.lower() in ("utc", "z", "gmt"):
        return timezone.utc
    if text.lower() == "local":
        return LOCAL
    match = _OFFSET.fullmatch(text)
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta >= timedelta(hours=24) or int(minutes or 0) >= 60:
            raise UsageError(f"invalid {option} '{value}': offset out of range", hint=_zone_hint())
        return timezone(-delta if sign == "-" else delta)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*", text) and len(text) < 64:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    raise UsageError(f"invalid {option} '{value}'", hint=_zone_hint())


def day_start(
    value: str, *, option: str = "--on", now: float | None = None, tz: tzinfo | None = None
) -> int:
    """Midnight at the start of the day ``value`` names in ``tz`` (default UTC): ``today``,
    ``yesterday`` or an ISO date ``YYYY-MM-DD``."""
    zone = tz if tz is not None else timezone.utc
    text = value.strip()
    try:
        if text.lower() in _DAYS_BACK:
            current = time.time() if now is None else now
            day = _wall_clock(current, zone).date() - timedelta(days=_DAYS_BACK[text.lower()])
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
        else:
            raise UsageError(
                f"invalid {option} '{value}'",
                hint="give a date such as 2025-01-31, today or yesterday",
            )
        return _in_range(_instant(datetime(day.year, day.month, day.day), zone), value, option)
    except (ValueError, OverflowError, OSError):
        raise _out_of_range(value, option) from None


def whole_day(
    value: str, *, option: str = "--on", now: float | None = None, tz: tzinfo | None = None
) -> tuple[int, int]:
    """The first and last second (both inclusive) of the day ``value`` names in ``tz``."""
    start = day_start(value, option=option, now=now, tz=tz)
    zone = tz if tz is not None else timezone.utc
    try:
        following = _wall_clock(start, zone).date() + timedelta(days=1)
        end = _instant(datetime(following.year, following.month, following.day), zone) - 1
    except (ValueError, OverflowError, OSError):
        end = MAX_TIME
    return start, min(end, MAX_TIME)


#: The times kern accepts and shows: 0001-01-01T00:00:00Z up to 9999-12-31T23:59:59Z.
MIN_TIME = -62_135_596_800
MAX_TIME = 253_402_300_799


def _in_range(ts: int, value: str, option: str) -> int:
    if not MIN_TIME <= ts <= MAX_TIME:
        raise _out_of_range(value, option)
    return ts


def _out_of_range(value: str, option: str) -> UsageError:
    return UsageError(
        f"invalid {option} '{value}': outside the years 1 to 9999",
        hint="give a shorter duration or a date between 0001-01-01 and 9999-12-31",
    )


def _duration_parts(value: str, option: str) -> tuple[int, int]:
    """(calendar months, seconds) of a duration."""
    text = value.strip()
    if text.lower().endswith(" ago"):
        text = text[:-4].rstrip()
    if not _DURATION.fullmatch(text) or len(text) > 100:
        raise _bad(value, option)
    months = total = 0
    for number, unit in _PART.findall(text):
        if unit == "M":
            raise UsageError(
                f"invalid {option} '{value}': 'M' is ambiguous",
                hint="give m for minutes or mo for months",
            )
        if unit.lower() in _MONTHS:
            months += int(number)
            continue
        seconds = _UNITS.get(unit.lower())
        if seconds is None:
            raise UsageError(
                f"invalid {option} '{value}': unknown unit '{unit}'",
                hint="units: s (seconds), m (minutes), h, d, w, mo (months), y",
            )
        total += int(number) * seconds
    if total > MAX_TIME - MIN_TIME or months > 12 * 10_000:
        raise UsageError(
            f"invalid {option} '{value}': longer than 10,000 years",
            hint="give a shorter duration, e.g. 90d or 5y",
        )
    return months, total


def _wall_clock(ts: float, zone: tzinfo) -> datetime:
    """The naive wall-clock time of ``ts`` in ``zone``."""
    if zone is LOCAL:
        return datetime.fromtimestamp(ts)
    return datetime.fromtimestamp(ts, zone).replace(tzinfo=None)


def _instant(moment: datetime, zone: tzinfo) -> int:
    """Unix seconds of the naive wall-clock ``moment`` read in ``zone``."""
    if zone is LOCAL:
        return int(moment.astimezone().timestamp())
    return int(moment.replace(tzinfo=zone).timestamp())


def _months_back(moment: datetime, months: int) -> datetime:
    """``moment`` that many calendar months earlier, on the last day of a shorter month."""
    from calendar import monthrange

    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    if year < 1:
        raise ValueError("before the year 1")
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def _parse_iso(text: str, option: str, zone: tzinfo) -> int:
    normalised = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
    try:
        moment = datetime.fromisoformat(normalised)
        if moment.tzinfo is not None:
            return _in_range(int(moment.timestamp()), text, option)
        return _in_range(_instant(moment, zone), text, option)
    except ValueError:
        raise _bad(text, option) from None
    except (OverflowError, OSError):
        raise _out_of_range(text, option) from None


def _bad(value: str, option: str) -> UsageError:
    return UsageError(f"invalid {option} '{value}'", hint=f"use {ACCEPTED_FORMS}")


def _zone_hint() -> str:
    return f"give {ZONE_FORMS}"


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
