"""Decode JSON column values in every encoding agno has used, and encode them for writing.

agno 2.x (and 3.0.0-3.0.7) stored SQLite JSON columns double-encoded: the column holds a JSON
string literal whose content is the JSON document. PostgreSQL holds jsonb. Both decode here.

Numbers are kept exactly as stored. A number token that a Python ``int`` or ``float`` would not
give back unchanged (``1e400``, which a float turns into infinity, ``1E5``, ``2.50``, ``-0``, an
integer too long for ``int()``) decodes to a :class:`JSONNumber` carrying its text, and every
encoder here writes that text back verbatim. Tokens that are not JSON (``NaN``, ``Infinity``)
are refused as malformed, and NaN or infinity is never written. Lone surrogate escapes
(``"\\ud800"``) decode to lone surrogate characters and are always written back escaped.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from typing import Any

_INT_TEXT_LIMIT = 4300


class MalformedJSON(ValueError):
    """A stored JSON value could not be decoded (or a value cannot be encoded as JSON)."""


class InvalidText(str):
    """Text that was not valid UTF-8 in the database; shown with U+FFFD replacement characters."""

    __slots__ = ()


class JSONNumber:
    """A JSON number kept as its exact text, because ``int``/``float`` would change it.

    Not an ``int`` or ``float`` on purpose: code that checks for numbers treats it as absent
    rather than computing with an infinity or a rounded value. ``float()`` and ``int()`` give
    the nearest Python number where one exists.
    """

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__

    def __float__(self) -> float:
        return float(self.text)

    def __int__(self) -> int:
        value = float(self.text)
        if not math.isfinite(value):
            raise OverflowError(f"JSON number {self.text} is out of range")
        return int(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSONNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("JSONNumber", self.text))


def _float(text: str) -> float | JSONNumber:
    value = float(text)
    if math.isfinite(value) and repr(value) == text:
        return value
    return JSONNumber(text)


def _int(text: str) -> int | JSONNumber:
    if text == "-0" or len(text) > _INT_TEXT_LIMIT:
        return JSONNumber(text)
    return int(text)


def _constant(name: str) -> Any:
    raise MalformedJSON(f"{name} is not a JSON number")


_decoder = json.JSONDecoder(parse_float=_float, parse_int=_int, parse_constant=_constant)
_fast_decoder = json.JSONDecoder(parse_float=_float, parse_constant=_constant)
_NEGATIVE_ZERO = re.compile(r"-0(?![.eE0-9])")


def loads(text: str) -> Any:
    """Parse JSON text with the number rules above; raises ``ValueError`` when it is not JSON.

    Integers are parsed at C speed; only text that may hold ``-0``, or an integer too long for
    ``int()``, takes the decoder that looks at every integer token.
    """
    if _NEGATIVE_ZERO.search(text):
        return _decoder.decode(text)
    try:
        return _fast_decoder.decode(text)
    except ValueError as exc:
        if type(exc) is not ValueError:
            raise
    return _decoder.decode(text)


_loads = loads


def raw_decode(text: str, pos: int = 0) -> tuple[Any, int]:
    """Like :meth:`json.JSONDecoder.raw_decode`, with the number rules above."""
    return _decoder.raw_decode(text, pos)


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


class _HasNumbers(Exception):
    pass


_SURROGATE = re.compile("[\ud800-\udfff]")
_NONCE = os.urandom(8).hex()
_PLACEHOLDER = re.compile(r'"\\u0000kern-number-' + _NONCE + r'-(\d+)\\u0000"')


def dumps(
    value: Any,
    *,
    ensure_ascii: bool = True,
    default: Callable[[Any], Any] | None = None,
    **options: Any,
) -> str:
    """Encode a value; by default as agno does (``json.dumps`` defaults: ASCII-escaped, ``", "``
    separators). Takes ``json.dumps`` options.

    :class:`JSONNumber` values are written as their text. NaN and infinity raise
    :class:`MalformedJSON`. With ``ensure_ascii=False`` lone surrogates are still escaped, so the
    text always encodes as UTF-8.
    """

    def plain(obj: Any) -> Any:
        if isinstance(obj, JSONNumber):
            raise _HasNumbers
        if default is None:
            raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
        return default(obj)

    try:
        try:
            text = json.dumps(
                value, ensure_ascii=ensure_ascii, allow_nan=False, default=plain, **options
            )
        except _HasNumbers:
            text = _dumps_numbers(value, ensure_ascii, default, options)
    except RecursionError:
        raise MalformedJSON("JSON nested too deeply to encode") from None
    except ValueError as exc:
        raise MalformedJSON(f"cannot encode as JSON: {exc}") from None
    if not ensure_ascii and not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _dumps_numbers(
    value: Any, ensure_ascii: bool, default: Callable[[Any], Any] | None, options: dict[str, Any]
) -> str:
    """Encode with each :class:`JSONNumber` as a placeholder string, then put its text in.

    The placeholder holds a NUL (always escaped in JSON text) and a per-process random nonce, so
    no string from the data can look like one.
    """
    texts: list[str] = []

    def hook(obj: Any) -> Any:
        if isinstance(obj, JSONNumber):
            texts.append(obj.text)
            return f"\x00kern-number-{_NONCE}-{len(texts) - 1}\x00"
        if default is None:
            raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
        return default(obj)

    text = json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=False, default=hook, **options)
    return _PLACEHOLDER.sub(lambda m: texts[int(m.group(1))], text)


def has_lone_surrogate(value: Any) -> bool:
    """Whether any string in a decoded value (keys included) holds a lone surrogate."""
    if isinstance(value, str):
        return not value.isascii() and _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(has_lone_surrogate(v) for v in value)
    return False


def encode(value: Any) -> str | None:
    """Encode a value for a JSON column; None becomes SQL NULL."""
    if value is None:
        return None
    return dumps(value)
