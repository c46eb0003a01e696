"""Markers applied at collection, so that ``-m`` selects by need rather than by hand.

``postgres`` / ``mysql``: the test uses a PostgreSQL / MySQL fixture, or is parametrised onto
that server (its fixtures then request ``pg_url`` / ``mysql_url`` only at run time); the few
tests that request it at run time without such a parameter carry the marker themselves.
``agno``: the test uses the agno interpreter. ``slow``: the test is listed in :data:`SLOW`
(the long crash, concurrency, memory and property loops, and what took over ~10 s in
``--durations``), so that
``-m "not slow"`` is a fast lane that still runs every command.
"""

from __future__ import annotations

import pytest

#: Fixtures that reach the PostgreSQL server.
PG_FIXTURES = frozenset({"pg_url", "pg_schema", "agno_pg_dbs"})
#: Fixtures that reach the MySQL server.
MYSQL_FIXTURES = frozenset({"mysql_url", "mysql_schema", "agno_mysql_dbs"})
#: Fixtures that run agno 3.x in its own interpreter.
AGNO_FIXTURES = frozenset({"agno_py"})
#: Parameter values that pick PostgreSQL: a backend name, or an agno pg_dump variant.
PG_WORDS = frozenset({"postgres", "pg"})
#: Parameter values that pick MySQL.
MYSQL_WORDS = frozenset({"mysql", "mariadb"})

#: Slow tests: a module, a test function (every parametrisation) or one parametrisation.
SLOW = frozenset(
    {
        "tests/reliability/test_crash.py",
        "tests/reliability/test_concurrency.py",
        "tests/reliability/test_properties.py",
        "tests/reliability/test_memory.py::test_list_all_300k_sessions_sqlite",
        "tests/reliability/test_memory.py::test_huge_runs_value_does_not_reach_the_heap",
        "tests/reliability/test_hostile_cli.py::test_every_read_command_on_odd_numbers_times_and_text",
        "tests/reliability/test_hostile_cli.py::test_show_every_session_in_every_format[sqlite/column]",
        "tests/reliability/test_hostile_cli.py::test_show_every_session_in_every_format[sqlite/table]",
        "tests/reliability/test_hostile_cli.py::test_show_every_session_in_every_format[postgres/table]",
        "tests/reliability/test_hostile_cli.py::test_show_every_session_in_every_format[mysql/table]",
        "tests/reliability/test_hostile_cli.py::test_show_every_session_in_every_format[mysql/column]",
        "tests/reliability/test_hostile_cli.py::test_write_commands_on_hostile_rows[sqlite/table]",
        "tests/reliability/test_hostile_cli.py::test_write_commands_on_hostile_rows[postgres/table]",
        "tests/reliability/test_hostile_cli.py::test_write_commands_on_hostile_rows[mysql/table]",
        "tests/reliability/test_hostile_cli.py::test_export_in_every_format[sqlite/table]",
        "tests/reliability/test_hostile_cli.py::test_export_in_every_format[postgres/table]",
        "tests/reliability/test_hostile_cli.py::test_export_in_every_format[mysql/table]",
        "tests/reliability/test_hostile_args.py::test_injected_names_are_refused_on_postgres",
        "tests/reliability/test_hostile_args.py::test_injected_names_are_refused_on_mysql",
        "tests/reliability/test_secrets.py::test_password_never_printed",
        "tests/reliability/test_secrets.py::test_odd_passwords_are_masked_in_targets_and_errors",
        "tests/reliability/test_secrets.py::test_mysql_password_never_printed",
        "tests/reliability/test_secrets.py::test_odd_mysql_passwords_are_masked_in_targets_and_errors",
        "tests/reliability/test_reads_never_write.py::test_postgres_reads_create_nothing",
        "tests/reliability/test_reads_never_write.py::test_mysql_reads_change_nothing",
        "tests/reliability/test_reads_never_write.py::test_mysql_reads_create_nothing",
    }
)


def _words(value: object) -> set[str]:
    """The backend words of a parameter: ``sqlite->postgres``, ``mysql/table``,
    ``agno3_postgres.sql:ai.t`` (a dump names its server), ..."""
    if isinstance(value, (tuple, list)):
        return set().union(*(_words(v) for v in value)) if value else set()
    if not isinstance(value, str):
        return set()
    words = set(value.replace("->", "/").split("/"))
    if value.endswith(".sql") or ".sql:" in value:
        words.add("mysql" if "mysql" in value else "postgres")
    return words


def _uses(item: pytest.Item, fixtures: frozenset[str], words: frozenset[str]) -> bool:
    if set(getattr(item, "fixturenames", ())) & fixtures:
        return True
    callspec = getattr(item, "callspec", None)
    return callspec is not None and any(words & _words(v) for v in callspec.params.values())


def uses_postgres(item: pytest.Item) -> bool:
    """Whether the test asks for a PostgreSQL fixture, or is parametrised onto PostgreSQL."""
    return _uses(item, PG_FIXTURES, PG_WORDS)


def uses_mysql(item: pytest.Item) -> bool:
    """Whether the test asks for a MySQL fixture, or is parametrised onto MySQL."""
    return _uses(item, MYSQL_FIXTURES, MYSQL_WORDS)


def is_slow(nodeid: str) -> bool:
    module, _, test = nodeid.partition("::")
    return bool({module, f"{module}::{test.split('[')[0]}", nodeid} & SLOW)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if uses_postgres(item):
            item.add_marker(pytest.mark.postgres)
        if uses_mysql(item):
            item.add_marker(pytest.mark.mysql)
        if set(getattr(item, "fixturenames", ())) & AGNO_FIXTURES:
            item.add_marker(pytest.mark.agno)
        if is_slow(item.nodeid):
            item.add_marker(pytest.mark.slow)
