"""Reusable option declarations, so every command spells its options the same way.

Use them as parameter types, e.g. ``db: DbOpt = None``. The database options do not
use Typer's ``envvar=`` because :func:`kern_cli.target.resolve_target` applies the
precedence between flags and ``KERN_*`` variables itself; the help text names them.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kern_cli.output import FORMATS

DB_PANEL = "Database"


def complete_target_names(incomplete: str) -> list[str]:
    """Shell completion for target names, read from the config file."""
    from kern_cli.config import load_config

    try:
        names = load_config().targets
    except Exception:
        return []
    return sorted(name for name in names if name.startswith(incomplete))


DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL|PATH",
        help="Database: a SQLite file path, sqlite:///FILE or postgresql://USER@HOST/DB. "
        "Env: KERN_DB.",
        rich_help_panel=DB_PANEL,
        show_default=False,
    ),
]
TargetOpt = Annotated[
    str | None,
    typer.Option(
        "--target",
        metavar="NAME",
        help="A named target from the config file (see 'kern targets'). Env: KERN_TARGET.",
        autocompletion=complete_target_names,
        rich_help_panel=DB_PANEL,
        show_default=False,
    ),
]
TableOpt = Annotated[
    str | None,
    typer.Option(
        "--table",
        metavar="NAME",
        help="Session table name. Env: KERN_TABLE. Default: the target's, else agno_sessions.",
        rich_help_panel=DB_PANEL,
        show_default=False,
    ),
]
SchemaOpt = Annotated[
    str | None,
    typer.Option(
        "--schema",
        metavar="NAME",
        help="PostgreSQL schema. Env: KERN_SCHEMA. Default: the target's, else ai.",
        rich_help_panel=DB_PANEL,
        show_default=False,
    ),
]
RunsTableOpt = Annotated[
    str | None,
    typer.Option(
        "--runs-table",
        metavar="NAME",
        help="Runs table, when agno was given runs_table= and kern cannot tell it alone. "
        "Env: KERN_RUNS_TABLE. Default: the target's, else found by its foreign key.",
        rich_help_panel=DB_PANEL,
        show_default=False,
    ),
]
YesOpt = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Do not ask for confirmation (needed off a terminal)."),
]
DryRunOpt = Annotated[
    bool,
    typer.Option("--dry-run", help="Show what would change, and change nothing."),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Comma-separated fields to show; an unknown field lists the available ones.",
        show_default=False,
    ),
]


def format_option(*allowed: str, help: str | None = None) -> Any:
    """An ``--format/-f`` option limited to ``allowed`` (default: every format).

    Use as ``fmt: Annotated[str | None, format_option("table", "json")] = None`` and
    pass the value through :func:`kern_cli.output.default_format` when it is None.
    """
    choices = allowed or FORMATS

    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"'{value}' is not one of: {', '.join(choices)}")
        return value

    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete)]

    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(choices),
        help=help or "Output format. Default: table on a terminal, tsv (no header) when piped.",
        callback=check,
        autocompletion=complete,
        show_default=False,
    )


FormatOpt = Annotated[str | None, format_option()]


LAYOUTS = ("column", "table")
REPORT_FORMATS = ("text", "json")


def choice_option(name: str, choices: tuple[str, ...], help: str, *short: str) -> Any:
    """An option limited to ``choices``, completed in the shell."""

    def check(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f"'{value}' is not one of: {', '.join(choices)}")
        return value

    return typer.Option(
        name,
        *short,
        metavar="|".join(choices),
        help=help,
        callback=check,
        autocompletion=lambda incomplete: [c for c in choices if c.startswith(incomplete)],
    )


LayoutOpt = Annotated[
    str,
    choice_option(
        "--layout",
        LAYOUTS,
        "Layout of a session table kern has to create: column (runs in the session row, read "
        "by agno 2.x and 3.x) or table (a runs table, agno 3.x). An existing table keeps its own.",
    ),
]
#: The largest count an option takes: far above any real page or batch, and inside every
#: database's integer range (a LIMIT past 64 bits is a database error, not an empty result).
MAX_COUNT = 1_000_000_000


def count_option(name: str, *short: str, minimum: int = 1, help: str) -> Any:
    """An integer option that must lie between ``minimum`` and :data:`MAX_COUNT`; anything
    else is a one-line usage error (exit 2)."""

    def check(value: int | None) -> int | None:
        if value is not None and not minimum <= value <= MAX_COUNT:
            from kern_cli.errors import EXIT_USAGE, fail

            fail(
                f"invalid {name} {value}: give a number from {minimum} to {MAX_COUNT:,}",
                code=EXIT_USAGE,
            )
        return value

    return typer.Option(name, *short, metavar="N", help=help, callback=check)


BatchOpt = Annotated[int, count_option("--batch-size", help="Sessions per transaction.")]
ReportFormatOpt = Annotated[
    str, choice_option("--format", REPORT_FORMATS, "text (stderr) or json (stdout).", "-f")
]
