"""``kern sessions show SESSION_ID``: one session as a transcript, Markdown or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.completion_values import complete_session_ids
from kern_cli.errors import EXIT_ERROR, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    format_option,
    with_target,
)
from kern_core.vocab import SHOW_FORMATS, ShowFormat

if TYPE_CHECKING:
    from kern_core import Session, SessionDb, SessionExtras


@handle_errors
@with_target
def show_command(
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="SESSION_ID",
            help="The session to show: its id, or a unique prefix of it.",
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
        ShowFormat | None,
        format_option(
            SHOW_FORMATS,
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
    database: TargetOptions = ANY_TARGET,
) -> None:
    """Show a session as a transcript: header, then each run with tools, reasoning and metrics.

    Team member runs appear under their team run, workflow runs list their steps.
    """

    fmt = fmt or ("pretty" if output.is_stdout_tty() else "markdown")
    with database.open() as sessions:
        session = load(sessions, session_id)
        extras = load_extras(sessions, session, fmt, full)
    with output.pager_context(enabled=not no_pager):
        write(session, fmt, full, runs, extras)
    if session.warnings:
        for warning in session.warnings:
            output.warn(f"session {output.inert(session.session_id)}: {output.inert(warning)}")
        raise typer.Exit(EXIT_ERROR)


def load(sessions: SessionDb, session_id: str) -> Session:
    """The session of that id or unique id prefix, else not found (exit 3) or ambiguous
    (exit 2); the exact id is read first, so it costs no lookup more."""
    session = sessions.get_session(session_id)
    if session is None:
        from kern_cli.session_ids import full_id, not_found

        session = sessions.get_session(full_id(sessions, session_id))
        if session is None:
            raise not_found(sessions, session_id)
    return session


def load_extras(
    sessions: SessionDb, session: Session, fmt: str, full: bool
) -> SessionExtras | None:
    """The session's compactions and offloaded tool results (None when the database has no
    such tables). Payloads are read whole only for ``--full``, else a transcript reads their
    first characters and JSON none; a failure becomes a warning on the session."""
    from kern_core import KernError

    if not sessions.layout().linked:
        return None
    if full:
        chars: int | None = None
    elif fmt == "json":
        chars = 0
    else:
        from kern_cli.render.extras import PAYLOAD_HEAD

        chars = PAYLOAD_HEAD
    try:
        return sessions.get_session_extras(session.session_id, payload_chars=chars, archived=full)
    except KernError as exc:
        session.warnings.append(f"compactions and offloaded tool results not shown: {exc}")
        return None


def write(
    session: Session,
    fmt: ShowFormat,
    full: bool,
    last_runs: int | None = None,
    extras: SessionExtras | None = None,
) -> None:
    """Write ``session`` to stdout in ``fmt``; ``last_runs`` keeps the last N top-level runs."""
    if fmt == "pretty":
        from kern_cli.render.transcript import print_session

        console = output.stdout_console()
        print_session(console, session, full=full, last_runs=last_runs, extras=extras)
        return
    if fmt == "json":
        from kern_cli.render.runs import keep_last_runs

        record = keep_last_runs(session, last_runs).to_dict()
        if extras and extras.compactions:
            record["compactions"] = [c.to_dict(full) for c in extras.compactions]
        if extras and extras.tool_results:
            record["tool_results"] = [r.to_dict() for r in extras.tool_results.values()]
        text = output.json_dumps(record, indent=2) + "\n"
    else:
        from kern_cli.render.markdown import session_markdown

        text = session_markdown(session, full=full, last_runs=last_runs, extras=extras)
    _emit(text)


def _emit(text: str) -> None:
    """Plain text to stdout; through the stdout console on a terminal (so the pager sees it)."""
    if output.is_stdout_tty():
        from rich.text import Text

        output.stdout_console().print(Text(output.inert(text)), soft_wrap=True, end="")
    else:
        sys.stdout.write(text)
