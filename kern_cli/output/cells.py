"""One value as text for each machine format: plain text, JSON, a TSV cell, a CSV cell."""

from __future__ import annotations

import re
from typing import Any

from kern_cli.safe_text import escape_char, inert

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def to_text(value: Any) -> str:
    """Plain text for a raw value: ``""`` for None, JSON for lists and dicts."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        from kern_core import json_dumps as dumps

        return dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    return str(value)


def json_dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text with non-ASCII kept but DEL, C1 controls, bidi overrides and lone surrogates
    escaped; stored numbers keep their exact text, and NaN or infinity is never written."""
    from kern_core import json_dumps as dumps

    text = dumps(value, ensure_ascii=False, default=str, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile("[\\\\\t\n\r\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_TSV_ESCAPED = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|(.))", re.DOTALL)
_TSV_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def tsv_field(value: Any) -> str:
    """One TSV cell, reversibly escaped (:func:`tsv_unescape` gives the text back).

    Backslash, tab, newline and CR become ``\\\\ \\t \\n \\r``; every other control
    character (escape sequences included), DEL, C1 controls, bidi overrides and Unicode line
    separators become ``\\xNN`` or ``\\uNNNN``. Nothing else is changed.
    """
    return _TSV_SPECIAL.sub(_tsv_escape, to_text(value))


def _tsv_escape(match: re.Match[str]) -> str:
    return _TSV_ESCAPES.get(match.group()) or escape_char(match)


def tsv_unescape(cell: str) -> str:
    """The text a :func:`tsv_field` cell was made from."""
    return _TSV_ESCAPED.sub(_tsv_unescape, cell)


def _tsv_unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    return _TSV_UNESCAPES.get(match.group(3), match.group())


#: Leading characters that make a spreadsheet read a CSV cell as a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: text made inert, and a ``'`` put before text a spreadsheet would run as
    a formula (starting with ``= + - @``, tab or CR). Numbers are written as they are."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return to_text(value)
    text = inert(to_text(value))
    return "'" + text if text.startswith(_FORMULA_START) else text
