"""``kern sessions show SESSION_ID``: one session as a transcript, Markdown or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.commands.groups import sessions_app
from kern_cli.completion_values import complete_session_ids
from kern_cli.errors import EXIT_ERROR, handle_errors
from kern_cli.options import DbOpt, SchemaOpt, TableOpt, TargetOpt, format_option

if TYPE_CHECKING:
    from kern_core import Session, SessionDb

SHOW_FORMATS = ("pretty", "markdown", "json")


@sessions_app.command("show")
@handle_errors
def show(
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="SESSION_ID",
            help="The session to show.",
            autocompletion=complete_session_ids,
            show_default=False,
        ),
    ],
    runs: Annotated[
        int | None,
        typer.Option(
            "--runs",
            "-n",
            metavar="N",
            min=0,
            help="Only the last N runs (with their members).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        format_option(
            *SHOW_FORMATS,
            help="pretty (a transcript), markdown or json (the whole record). "
            "Default: pretty on a terminal, markdown when piped.",
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Do not trim tool results; include workflow step runs."),
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Do not page the output on a terminal.")
    ] = False,
    db: DbOpt = None,
    target: TargetOpt = None,
    table: TableOpt = None,
    schema: SchemaOpt = None,
) -> None:
    """Show a session as a transcript: header, then each run with tools, reasoning and metrics.

    Team member runs appear under their team run, workflow runs list their steps.
    """
    from kern_cli.context import open_target

    with open_target(db, target, table, schema) as sessions:
        session = load(sessions, session_id)
    fmt = fmt or ("pretty" if output.is_stdout_tty() else "markdown")
    with output.pager_context(enabled=not no_pager):
        write(session, fmt, full, runs)
    if session.warnings:
        for warning in session.warnings:
            output.warn(f"session {output.inert(session.session_id)}: {output.inert(warning)}")
        raise typer.Exit(EXIT_ERROR)


def load(sessions: SessionDb, session_id: str) -> Session:
    """The session, or a not-found error (exit 3) naming where kern looked."""
    from kern_core import NotFoundError

    session = sessions.get_session(session_id)
    if session is None:
        raise NotFoundError(
            f"session {session_id} not found in {sessions.backend.display} "
            f"(table {sessions.session_table})",
            hint="list sessions with 'kern sessions list'; check --db, --table and --schema",
        )
    return session


def write(session: Session, fmt: str, full: bool, last_runs: int | None = None) -> None:
    """Write ``session`` to stdout in ``fmt``; ``last_runs`` keeps the last N top-level runs."""
    if fmt == "pretty":
        from kern_cli.render.transcript import print_session

        print_session(output.stdout_console(), session, full=full, last_runs=last_runs)
        return
    if fmt == "json":
        from kern_cli.render.runs import keep_last_runs

        record = keep_last_runs(session, last_runs).to_dict()
        text = output.json_dumps(record, indent=2) + "\n"
    else:
        from kern_cli.render.markdown import session_markdown

        text = session_markdown(session, full=full, last_runs=last_runs)
    _emit(text)


def _emit(text: str) -> None:
    """Plain text to stdout; through the stdout console on a terminal (so the pager sees it)."""
    if output.is_stdout_tty():
        from rich.text import Text

        output.stdout_console().print(Text(output.inert(text)), soft_wrap=True, end="")
    else:
        sys.stdout.write(text)
