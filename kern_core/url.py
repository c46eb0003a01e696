"""Parse what a user gives as a database (a URL, a libpq ``key=value`` string or a plain
SQLite path) and keep its password out of every message.

A password may hold any character, ``@``, ``/``, ``?``, ``#``, spaces and stray ``%`` included,
typed raw or percent-encoded. The userinfo of a PostgreSQL URL ends at the right-most ``@``
before the host (the first ``@`` after which the host part holds no other ``@``), so a raw
``@`` or ``/`` stays in the password; the connection string kern hands to the driver carries
it percent-encoded. Every password parsed is remembered for the life of the process, and
:func:`mask_url` scrubs it, raw, percent-decoded and percent-encoded, from any text (driver
messages can echo the connection string).

Kept free of SQLAlchemy and psycopg imports so that read commands start fast.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlencode, urlsplit

from kern_core.errors import BadInputError

_SQLITE_SCHEMES = {"sqlite", "sqlite+pysqlite"}
_PG_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2", "pgsql"}
_MYSQL_SCHEMES = {"mysql", "mysql+pymysql", "mariadb", "mariadb+pymysql"}
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
MASK = "***"
# libpq connection keywords; a string starting with ``KEYWORD=`` is a libpq conninfo.
_LIBPQ_KEYWORDS = frozenset(
    [
        "host",
        "hostaddr",
        "port",
        "dbname",
        "user",
        "password",
        "passfile",
        "channel_binding",
        "connect_timeout",
        "client_encoding",
        "options",
        "application_name",
        "fallback_application_name",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "replication",
        "gssencmode",
        "sslmode",
        "requiressl",
        "sslcompression",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslrootcert",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "requirepeer",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "krbsrvname",
        "gsslib",
        "gssdelegation",
        "service",
        "target_session_attrs",
        "load_balance_hosts",
    ]
)
_KEYWORD_START_RE = re.compile(r"^\s*([A-Za-z_]+)\s*=")
# Shorter passwords are masked where they sit in a URL but not scrubbed from free text,
# where replacing every occurrence of one or two characters would garble the message.
_MIN_SCRUB_LEN = 3
_known_secrets: set[str] = set()


@dataclass(frozen=True)
class Location:
    """Where a database lives: a SQLite file (``path``), or a server's URL (``conninfo``:
    ``postgresql://`` for libpq, ``mysql://`` for MySQL and MariaDB), password percent-encoded."""

    kind: str  # "sqlite", "postgresql" or "mysql"
    path: str | None = None
    conninfo: str | None = None

    @property
    def display(self) -> str:
        """A human-readable name with any password masked."""
        if self.path is not None:
            return str(self.path)
        return mask_url(self.conninfo or "")


def is_url(text: str) -> bool:
    """True when ``text`` looks like ``scheme://...`` rather than a file path."""
    return bool(_SCHEME_RE.match(text))


def is_keyword_conninfo(text: str) -> bool:
    """True when ``text`` is a libpq ``key=value`` string such as ``host=db dbname=app``."""
    match = _KEYWORD_START_RE.match(text)
    return match is not None and match.group(1).lower() in _LIBPQ_KEYWORDS


def parse_location(url_or_path: str) -> Location:
    """Turn a SQLAlchemy-style URL, a libpq ``key=value`` string or a SQLite file path
    into a :class:`Location`.

    A ``key=value`` string (``host=db user=me password=...``) is PostgreSQL, never a file
    name; a SQLite file literally named like that is given as ``./host=...``. Raises
    :class:`BadInputError` for an empty string, an unsupported scheme or a malformed URL.
    """
    text = (url_or_path or "").strip()
    if not text:
        raise BadInputError("no database given", hint="pass {option:database}")
    if is_keyword_conninfo(text):
        return Location("postgresql", conninfo=_keywords_to_url(text))
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
        return Location("postgresql", conninfo=_server_conninfo(text, "postgresql", "PostgreSQL"))
    if scheme in _MYSQL_SCHEMES:
        return Location("mysql", conninfo=_server_conninfo(text, "mysql", "MySQL"))
    raise BadInputError(
        f"unsupported database URL scheme '{scheme}'",
        hint="kern reads sqlite:///FILE, a plain file path, postgresql://USER@HOST/DB "
        "or mysql://USER@HOST/DB",
    )


def mask_url(text: str) -> str:
    """Mask passwords in ``text``: a URL's, a ``password=`` parameter's or ``key=value``'s,
    and every password this process has parsed, wherever it appears."""
    text = str(text)
    stripped = text.strip()
    if is_url(stripped) and stripped == text:
        masked = _mask_whole_url(text)
    else:
        masked = re.sub(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@]*:)\S*@", rf"\1{MASK}@", text)
        masked = re.sub(
            r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|(?:\\.|[^\s&#\\])*)",
            rf"\1{MASK}",
            masked,
        )
    return scrub_secrets(masked)


def remember_secret(password: str) -> None:
    """Scrub ``password`` (raw, decoded and encoded) from all text :func:`mask_url` sees."""
    for form in _forms(password):
        if len(form) >= _MIN_SCRUB_LEN:
            _known_secrets.add(form)


def scrub_secrets(text: str) -> str:
    """Replace every remembered password in ``text`` with ``***``, longest first."""
    for secret in sorted(_known_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def _forms(password: str) -> set[str]:
    decoded = unquote(password)
    return {
        password,
        decoded,
        quote(password, safe=""),
        quote(decoded, safe=""),
        quote(decoded, safe="!$&'()*+,;=:"),
    }


@dataclass(frozen=True)
class _Authority:
    scheme: str
    user: str | None
    password: str | None
    hostport: str
    tail: str  # "/db?query#fragment", as given


def _split_url(text: str) -> _Authority:
    """Split ``scheme://[user[:password]@]hostport[tail]``, userinfo up to the right-most
    ``@`` before the host.

    An ``@`` in the usual authority (up to the first ``/``, ``?`` or ``#``) ends the userinfo
    at the last one there. Without one, a later ``@`` still does when the text before it
    holds a ``:`` (a password with ``/``, ``?`` or ``#`` typed raw), unless the authority is
    a valid ``host:port`` and a query comes first (``host:5432/db?user=me@corp``).
    """
    scheme, rest = text.split("://", 1)
    netloc = re.split(r"[/?#]", rest, maxsplit=1)[0]
    userinfo: str | None = None
    if "@" in netloc:
        userinfo, rest = rest[: netloc.rindex("@")], rest[netloc.rindex("@") + 1 :]
    else:
        for at in (i for i, ch in enumerate(rest) if ch == "@"):
            host = re.split(r"[/?#]", rest[at + 1 :], maxsplit=1)[0]
            if "@" in host:
                continue
            candidate = rest[:at]
            plain_host = re.fullmatch(r"(\[[^\]]*\]|[^:]*)(:\d*)?", netloc) is not None
            raw_password = ":" in candidate and not candidate.startswith("/")
            if raw_password and not (plain_host and "?" in candidate):
                userinfo, rest = candidate, rest[at + 1 :]
            break
    cut = re.search(r"[/?#]", rest)
    hostport, tail = (rest[: cut.start()], rest[cut.start() :]) if cut else (rest, "")
    user = password = None
    if userinfo is not None:
        user, sep, pw = userinfo.partition(":")
        password = pw if sep else None
    return _Authority(scheme, user, password, hostport, tail)


def _query_passwords(tail: str) -> list[str]:
    query = tail.split("?", 1)[1] if "?" in tail else ""
    return re.findall(r"(?i)(?:^|&)password=([^&#]*)", query)


def _server_conninfo(text: str, scheme: str, server: str) -> str:
    """The URL kern connects with: userinfo percent-encoded, the scheme normalised to
    ``scheme`` (``postgresql`` for libpq, ``mysql``); ``server`` names it in errors."""
    parts = _split_url(text)
    for secret in ([parts.password] if parts.password else []) + _query_passwords(parts.tail):
        remember_secret(secret)
    userinfo = ""
    if parts.user is not None:
        userinfo = quote(unquote(parts.user), safe="")
        if parts.password is not None:
            userinfo += ":" + quote(unquote(parts.password), safe="")
        userinfo += "@"
    conninfo = f"{scheme}://{userinfo}{parts.hostport}{parts.tail}"
    try:
        _ = urlsplit(conninfo).port
    except ValueError as exc:
        raise BadInputError(f"malformed {server} URL: {mask_url(text)} ({exc})") from None
    return conninfo


def _mask_whole_url(text: str) -> str:
    parts = _split_url(text)
    for secret in _query_passwords(parts.tail):
        remember_secret(secret)
    tail = re.sub(r"(?i)([?&]password=)[^&#]*", rf"\1{MASK}", parts.tail)
    if parts.password is None:
        return (
            f"{parts.scheme}://{parts.user}@{parts.hostport}{tail}"
            if parts.user is not None
            else f"{parts.scheme}://{parts.hostport}{tail}"
        )
    remember_secret(parts.password)
    return f"{parts.scheme}://{parts.user}:{MASK}@{parts.hostport}{tail}"


def _keywords_to_url(text: str) -> str:
    """A libpq ``key=value`` string as the equivalent ``postgresql://`` URL."""
    pairs = _parse_keywords(text)
    for key, value in pairs:
        if key == "password":
            remember_secret(value)
    values = dict(pairs)
    userinfo = ""
    if "user" in values:
        userinfo = quote(values.pop("user"), safe="")
        if "password" in values:
            userinfo += ":" + quote(values.pop("password"), safe="")
        userinfo += "@"
    dbname = quote(values.pop("dbname", ""), safe="")
    query = urlencode(values, quote_via=quote)
    return f"postgresql://{userinfo}/{dbname}" + (f"?{query}" if query else "")


def _parse_keywords(text: str) -> list[tuple[str, str]]:
    """Parse libpq's ``key = value`` syntax: values bare or single-quoted, ``\\`` escapes."""
    pairs: list[tuple[str, str]] = []
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return pairs
        match = re.compile(r"([A-Za-z_]+)\s*=\s*").match(text, pos)
        if not match or match.group(1).lower() not in _LIBPQ_KEYWORDS:
            word = re.split(r"[\s=]", text[pos:], maxsplit=1)[0]
            raise BadInputError(
                f"malformed connection string: unknown or missing keyword at '{mask_url(word)}'",
                hint="write key=value pairs (host=... dbname=... user=...) or a postgresql:// URL",
            )
        key, pos = match.group(1).lower(), match.end()
        value: list[str] = []
        quoted = pos < end and text[pos] == "'"
        pos += quoted
        while pos < end:
            ch = text[pos]
            if ch == "\\" and pos + 1 < end:
                value.append(text[pos + 1])
                pos += 2
                continue
            if (quoted and ch == "'") or (not quoted and ch.isspace()):
                break
            value.append(ch)
            pos += 1
        if quoted:
            if pos >= end:
                if key == "password":
                    remember_secret("".join(value))
                raise BadInputError("malformed connection string: unterminated quoted value")
            pos += 1
        pairs.append((key, "".join(value)))
