"""The shared fixtures live in tests/support; loading them here makes them suite-wide."""

pytest_plugins = [
    "tests.support.db",
    "tests.support.cli",
    "tests.support.figures",
    "tests.support.markers",
]
