"""Parse what a user gives as a database (a URL or a plain SQLite path) and mask passwords in it.

Kept free of SQLAlchemy and psycopg imports so that read commands start fast.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from kern_core.errors import BadInputError

_SQLITE_SCHEMES = {"sqlite", "sqlite+pysqlite"}
_PG_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2", "pgsql"}
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Location:
    """Where a database lives: a SQLite file (``path``) or a PostgreSQL conninfo URL."""

    kind: str  # "sqlite" or "postgresql"
    path: str | None = None
    conninfo: str | None = None

    @property
    def display(self) -> str:
        """A human-readable name with any password masked."""
        if self.kind == "sqlite":
            return str(self.path)
        return mask_url(self.conninfo or "")


def is_url(text: str) -> bool:
    """True when ``text`` looks like ``scheme://...`` rather than a file path."""
    return bool(_SCHEME_RE.match(text))


def parse_location(url_or_path: str) -> Location:
    """Turn a SQLAlchemy-style URL or a SQLite file path into a :class:`Location`.

    Raises :class:`BadInputError` for an empty string, an unsupported scheme or a URL
    that cannot be parsed.
    """
    text = (url_or_path or "").strip()
    if not text:
        raise BadInputError("no database given", hint="pass --db URL|PATH or --target NAME")
    if not is_url(text):
        return Location("sqlite", path=os.path.expanduser(text))
    scheme = text.split("://", 1)[0].lower()
    if scheme in _SQLITE_SCHEMES:
        rest = text.split("://", 1)[1]
        if not rest.startswith("/"):
            raise BadInputError(f"malformed SQLite URL: {text}", hint="use sqlite:///relative.db")
        path = unquote(rest[1:].split("?", 1)[0])
        if not path or path == ":memory:":
            raise BadInputError("an in-memory SQLite database holds no sessions; give a file")
        return Location("sqlite", path=os.path.expanduser(path))
    if scheme in _PG_SCHEMES:
        try:
            parts = urlsplit(text)
            _ = parts.port  # validates the port
        except ValueError as exc:
            raise BadInputError(f"malformed PostgreSQL URL: {mask_url(text)} ({exc})") from None
        conninfo = urlunsplit(("postgresql",) + tuple(parts)[1:])
        return Location("postgresql", conninfo=conninfo)
    raise BadInputError(
        f"unsupported database URL scheme '{scheme}'",
        hint="kern reads sqlite:///FILE, a plain file path, or postgresql://USER@HOST/DB",
    )


def mask_url(text: str) -> str:
    """Replace the password of a URL (and any ``password=`` parameter) with ``***``."""
    masked = re.sub(r"(://[^:/?#@\s]*:)[^@/\s]*@", r"\1***@", text)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", masked)
