"""The root ``kern`` command: global options, exit codes and the command groups."""

from __future__ import annotations

from typing import Annotated

import typer

from kern_cli import errors
from kern_cli.commands import db, demo, sessions, targets
from kern_cli.entry import VERSION_FLAGS
from kern_cli.help_text import help_when_bare, reflow_app
from kern_cli.output.messages import set_log_target

app = typer.Typer(
    name="kern",
    help="Inspect and manage the sessions Agno agents store in SQLite, PostgreSQL and MySQL.",
    epilog=errors.EXIT_CODES_HELP,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from kern_cli.entry import version_line

        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    show_version: Annotated[
        bool,
        typer.Option(
            *VERSION_FLAGS,
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks on errors. Env: KERN_DEBUG=1.")
    ] = False,
) -> None:
    """Inspect and manage the sessions Agno agents store in SQLite, PostgreSQL and MySQL."""
    errors.set_debug(debug)
    set_log_target(None)
    help_when_bare(ctx)


app.command("demo")(demo.demo_command)
app.add_typer(targets.app, name="targets")
app.add_typer(sessions.app, name="sessions")
app.add_typer(db.app, name="db")
reflow_app(app)


def main() -> None:
    """Console-script entry point: run kern and exit with its documented exit code."""
    from kern_cli.output.terminal import keep_the_width_on_a_dumb_terminal

    keep_the_width_on_a_dumb_terminal()
    errors.run(app, prog_name="kern")
