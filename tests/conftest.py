"""The shared fixtures live in tests/support; loading them here makes them suite-wide.

The suite runs in parallel (pytest-xdist, ``-n auto`` in pyproject): every test works in its
own file, schema or database, so tests do not meet; ``-n 0`` runs it in one process.
"""

import os

pytest_plugins = [
    "tests.support.db",
    "tests.support.cli",
    "tests.support.figures",
    "tests.support.markers",
]


def pytest_xdist_auto_num_workers(config: object) -> int:
    """One worker per core, at most 4: each worker restores its own copy of the agno server
    fixtures, and the database servers share the machine's cores with the workers."""
    return max(1, min(os.cpu_count() or 1, 4))
