"""Decode JSON column values in every encoding agno has used, and encode them for writing.

agno 2.x (and 3.0.0-3.0.7) stored SQLite JSON columns double-encoded: the column holds a JSON
string literal whose content is the JSON document. PostgreSQL holds jsonb. Both decode here.
"""

from __future__ import annotations

import json
from typing import Any

_decoder = json.JSONDecoder()
_loads = json.loads


class MalformedJSON(ValueError):
    """A stored JSON value could not be decoded."""


class InvalidText(str):
    """Text that was not valid UTF-8 in the database; shown with U+FFFD replacement characters."""

    __slots__ = ()


def sqlite_text_factory(raw: bytes) -> str:
    """Decode SQLite TEXT; invalid UTF-8 becomes an :class:`InvalidText` instead of an error."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return InvalidText(raw.decode("utf-8", "replace"))


def decode(value: Any) -> Any:
    """Decode a stored JSON value: SQL NULL and JSON ``null`` both become None.

    Strings are decoded again while the result is still a string that holds JSON, which undoes
    agno's double encoding. Raises :class:`MalformedJSON` when the outer text is not JSON.
    """
    if value is None:
        return None
    if isinstance(value, (bytes, bytearray, memoryview)):
        value = bytes(value).decode("utf-8", "replace")
    if not isinstance(value, str):
        return value
    if isinstance(value, InvalidText):
        raise MalformedJSON("stored JSON is not valid UTF-8")
    try:
        result = _loads(value)
    except ValueError as exc:
        raise MalformedJSON(f"malformed JSON: {exc}") from None
    except RecursionError:
        raise MalformedJSON("JSON nested too deeply to decode") from None
    while isinstance(result, str):
        stripped = result.lstrip()
        if not stripped or stripped[0] not in '{["':
            break
        try:
            result = _loads(result)
        except (ValueError, RecursionError):
            break
    return result


def json_text(value: Any) -> str | None:
    """Return the JSON document text of a stored value without building Python objects.

    Double-encoded text is unwrapped (which validates it); single-encoded text is returned as is,
    so the caller must validate it some other way (SQLite ``json_valid``, or PostgreSQL's jsonb).
    Returns None for SQL NULL.
    """
    if value is None:
        return None
    if isinstance(value, InvalidText):
        raise MalformedJSON("stored JSON is not valid UTF-8")
    if not isinstance(value, str):
        return dumps(value)
    head = value.lstrip()[:1]
    if head != '"':
        return value
    inner = decode(value)
    return dumps(inner)


def dumps(value: Any) -> str:
    """Encode a value as agno does: ``json.dumps`` defaults (ASCII-escaped, ``", "`` separators)."""
    try:
        return json.dumps(value)
    except RecursionError:
        raise MalformedJSON("JSON nested too deeply to encode") from None


def encode(value: Any) -> str | None:
    """Encode a value for a JSON column; None becomes SQL NULL."""
    if value is None:
        return None
    return json.dumps(value)
