"""Make untrusted text safe to show on a terminal.

Database text is untrusted: :func:`inert` strips terminal escape sequences and shows other
control characters as ``\\xNN``. This module imports nothing from kern, so the error path
can use it without pulling in the output machinery.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]                             # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c)  # OSC, DCS, SOS, PM, APC
    | \x1b[ -/]*[0-~]                                             # other ESC sequences
    """,
    re.VERBOSE | re.DOTALL,
)
_UNSAFE_CHAR = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def inert(text: str) -> str:
    """Make database text safe to show: no terminal escapes, no raw control characters.

    Complete escape sequences (CSI, OSC, DCS, ...) are removed; any other C0 control
    except newline and tab, DEL, C1 controls, carriage returns, bidi overrides and
    Unicode line separators are shown as ``\\xNN`` / ``\\uNNNN``.
    """
    return _UNSAFE_CHAR.sub(escape_char, _ESCAPE_SEQUENCE.sub("", text))


def escape_char(match: re.Match[str]) -> str:
    """``\\xNN`` (or ``\\uNNNN``) for the character ``match`` found."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
