"""The root ``kern`` command: global options, exit codes and the command groups."""

from __future__ import annotations

from typing import Annotated

import typer

from kern_cli import errors
from kern_cli.commands import db, demo, sessions, targets

app = typer.Typer(
    name="kern",
    help="Inspect and manage the sessions Agno agents store in SQLite, PostgreSQL and MySQL.",
    epilog=errors.EXIT_CODES_HELP,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def version() -> str:
    """kern's version: the installed distribution's, else the package's own."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("kern")
    except PackageNotFoundError:
        from kern_cli import __version__

        return __version__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"kern {version()}")
        raise typer.Exit()


@app.callback()
def root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks on errors. Env: KERN_DEBUG=1.")
    ] = False,
) -> None:
    """Inspect and manage the sessions Agno agents store in SQLite, PostgreSQL and MySQL."""
    errors.set_debug(debug)


app.command("demo")(demo.demo_command)
app.add_typer(targets.app, name="targets")
app.add_typer(sessions.app, name="sessions")
app.add_typer(db.app, name="db")


def main() -> None:
    """Console-script entry point: run kern and exit with its documented exit code."""
    errors.run(app, prog_name="kern")
