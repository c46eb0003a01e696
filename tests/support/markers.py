"""Markers applied from what a test uses, so that ``-m`` selects by need, not by hand.

``postgres``: the test uses a PostgreSQL fixture (directly, or through a parametrised backend
whose value is ``postgres``). ``agno``: the test uses the agno interpreter.
"""

from __future__ import annotations

import pytest

#: Fixtures that reach the PostgreSQL server.
PG_FIXTURES = frozenset({"pg_url", "pg_schema", "agno_pg_dbs"})
#: Fixtures that run agno 3.x in its own interpreter.
AGNO_FIXTURES = frozenset({"agno_py"})


#: Parameter values that pick PostgreSQL: a backend name, or an agno pg_dump variant.
PG_WORDS = frozenset({"postgres", "pg"})


def _picks_postgres(value: object) -> bool:
    """``postgres``, ``sqlite->postgres``, ``postgres/table``, ``agno3_postgres.sql:ai.t``..."""
    if isinstance(value, (tuple, list)):
        return any(_picks_postgres(v) for v in value)
    if not isinstance(value, str):
        return False
    words = value.replace("->", "/").split("/")
    return bool(PG_WORDS.intersection(words)) or value.endswith(".sql") or ".sql:" in value


def uses_postgres(item: pytest.Item) -> bool:
    """Whether the test asks for a PostgreSQL fixture, or is parametrised onto PostgreSQL
    (its fixtures then request ``pg_url`` only at run time)."""
    if set(getattr(item, "fixturenames", ())) & PG_FIXTURES:
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and any(map(_picks_postgres, callspec.params.values()))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if uses_postgres(item):
            item.add_marker(pytest.mark.postgres)
        if names & AGNO_FIXTURES:
            item.add_marker(pytest.mark.agno)
