"""Reusable option declarations, so every command spells its options the same way.

Use them as parameter types, e.g. ``db: DbOpt = None``. The database options do not
use Typer's ``envvar=`` because :func:`kern_cli.target.resolve_target` applies the
precedence between flags and ``KERN_*`` variables itself; the help text names them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kern_core.vocab import (
    NEW_LAYOUTS,
    RECORD_FORMATS,
    REPORT_FORMATS,
    NewLayout,
    ReportFormat,
)

if TYPE_CHECKING:
    from kern_cli.target import ResolvedTarget
    from kern_core import SessionDb

DB_PANEL = "Database"


def complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for ``--fields a,b,``: the fields not chosen yet that start with what
    follows the last comma, each after what was typed before it. The fields a command offers
    are its module's ``FIELDS`` (what it passes to :func:`kern_cli.output.select_fields`)."""
    import sys

    try:
        callback = ctx.command.callback
        available = getattr(sys.modules[callback.__module__], "FIELDS", ())
    except (AttributeError, KeyError):
        return []
    done, comma, last = (incomplete or "").rpartition(",")
    chosen = {name.strip() for name in done.split(",")}
    return [
        f"{done}{comma}{name}"
        for name in available
        if name.startswith(last.strip()) and name not in chosen
    ]


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
        help="Database: a SQLite file path, sqlite:///FILE, postgresql://USER@HOST/DB or "
        "mysql://USER@HOST/DB. Env: KERN_DB.",
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
        help="PostgreSQL schema, or MySQL database holding the tables. Env: KERN_SCHEMA. "
        "Default: the target's, else ai.",
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
#: The options that say which database and table a command works on, in the help's order.
TARGET_OPTIONS: dict[str, Any] = {
    "db": DbOpt,
    "target": TargetOpt,
    "table": TableOpt,
    "schema": SchemaOpt,
    "runs_table": RunsTableOpt,
}


@dataclass(frozen=True)
class TargetOptions:
    """--db, --target, --table, --schema and --runs-table as given (None: not given)."""

    db: str | None = None
    target: str | None = None
    table: str | None = None
    schema: str | None = None
    runs_table: str | None = None

    def resolve(self) -> ResolvedTarget:
        """Flags, then ``KERN_*`` variables, then the config's default target, then kern's own."""
        from kern_cli.target import resolve_target

        return resolve_target(
            self.db, self.target, self.table, self.schema, runs_table=self.runs_table
        )

    def open(self, *, new_layout: str = "column") -> SessionDb:
        """The db object, opened lazily (nothing connects before the first read or write)."""
        from kern_cli.context import open_resolved

        return open_resolved(self.resolve(), new_layout=new_layout)


#: The default of a command's ``database: TargetOptions`` parameter (the decorator replaces it).
ANY_TARGET = TargetOptions()

CommandT = TypeVar("CommandT", bound=Callable[..., Any])


def gathered(
    param: str, options: Mapping[str, Any], build: Callable[..., Any]
) -> Callable[[CommandT], CommandT]:
    """Replace the command's ``param`` parameter by the Typer ``options`` (name: annotation) and
    call the command with their values gathered into one object, ``build(**values)``: a
    command states a group of options once instead of repeating each."""

    def decorate(command: CommandT) -> CommandT:
        signature = inspect.signature(command, eval_str=True)
        params: list[inspect.Parameter] = []
        for p in signature.parameters.values():
            if p.name != param:
                params.append(p)
                continue
            params += [
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=a)
                for name, a in options.items()
            ]

        def wrapper(**kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name in options}
            return command(**{param: build(**given)}, **kwargs)

        wrapper.__name__ = command.__name__
        wrapper.__qualname__ = command.__qualname__
        wrapper.__doc__ = command.__doc__
        wrapper.__module__ = command.__module__
        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]
        )
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        return wrapper  # type: ignore[return-value]

    return decorate


#: ``@with_target`` on a command with a ``database: TargetOptions = ANY_TARGET`` parameter: the
#: five database options in its place, handed over as one :class:`TargetOptions`.
with_target = gathered("database", TARGET_OPTIONS, TargetOptions)


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
        autocompletion=complete_fields,
    ),
]


def choice_option(name: str, choices: Sequence[str], help: str, *short: str, **extra: Any) -> Any:
    """An option whose type is a ``Literal`` of ``choices``: Typer checks the value (a usage
    error, exit 2, names the choices) and completes it; the metavar lists the choices."""
    return typer.Option(name, *short, metavar="|".join(choices), help=help, **extra)


def format_option(choices: Sequence[str] = RECORD_FORMATS, *, help: str | None = None) -> Any:
    """The ``--format/-f`` option; use with a ``Literal`` type, e.g.
    ``fmt: Annotated[RecordFormat | None, format_option()] = None``, and pass the value
    through :func:`kern_cli.output.default_format` when it is None."""
    return choice_option(
        "--format",
        choices,
        help or "Output format. Default: table on a terminal, tsv (no header) when piped.",
        "-f",
        show_default=False,
    )


LayoutOpt = Annotated[
    NewLayout,
    choice_option(
        "--layout",
        NEW_LAYOUTS,
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
    ReportFormat, choice_option("--format", REPORT_FORMATS, "text (stderr) or json (stdout).", "-f")
]
