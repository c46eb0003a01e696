"""``kern sessions show SESSION_ID``: one session as a transcript, Markdown or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from kern_cli import output
from kern_cli.completion_values import complete_run_ids, complete_session_ids
from kern_cli.errors import EXIT_ERROR, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    choice_option,
    format_option,
    with_target,
)
from kern_core.vocab import SHOW_FORMATS, TOOLS_MODES, ShowFormat, ToolsMode

if TYPE_CHECKING:
    from kern_cli.render.runs import Plan
    from kern_core import Session, SessionDb, SessionExtras


@handle_errors
@with_target
def show_command(
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
            help="Only the last N runs (with their members); with --run or --errors, the "
            "last N of the runs they pick.",
            show_default=False,
        ),
    ] = None,
    picks: Annotated[
        list[str] | None,
        typer.Option(
            "--run",
            metavar="N|RUN_ID",
            help="Only this run, with the runs nested in it: its position (1 = the first, as "
            "the transcript numbers them), its run id or a unique prefix of one (member and "
            "workflow step runs by id). Repeatable.",
            autocompletion=complete_run_ids,
            show_default=False,
        ),
    ] = None,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors",
            help="Only failed runs: status ERROR or a tool call that errored (a member run "
            "shown with its team run's context line).",
        ),
    ] = False,
    tools: Annotated[
        ToolsMode | None,
        choice_option(
            "--tools",
            TOOLS_MODES,
            "How tool calls are shown: none (a count), short (trimmed results) or full "
            "(untrimmed). Default: short, full with --full. Not for json (always whole).",
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
        typer.Option(
            "--full",
            help="Trim nothing (tool results too, unless --tools says otherwise); include "
            "workflow step runs and the messages compactions archived.",
        ),
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Do not page the output on a terminal.")
    ] = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    """Show a session as a transcript: header, then each run with tools, reasoning and metrics.

    Team member runs appear under their team run, workflow runs list their steps. Each run's
    heading shows its run id, which --run takes; an unknown run is a usage error (exit 2).
    """
    from kern_cli.render.runs import plan

    fmt = fmt or ("pretty" if output.is_stdout_tty() else "markdown")
    tools = tools or ("full" if full else "short")
    with database.open() as sessions:
        session = load(sessions, session_id)
        extras = load_extras(sessions, session, fmt, full, tools)
        shown = plan(session, extras, picks=picks or (), errors=errors, last=runs, tools=tools)
    with output.pager_context(enabled=not no_pager):
        write(session, fmt, full, shown, extras)
    if session.warnings:
        for warning in session.warnings:
            output.warn(f"session {output.inert(session.session_id)}: {output.inert(warning)}")
        raise typer.Exit(EXIT_ERROR)


def load(sessions: SessionDb, session_id: str) -> Session:
    """The session, or a not-found error (exit 3) naming where kern looked."""
    from kern_cli.render.reports import where
    from kern_core import NotFoundError

    session = sessions.get_session(session_id)
    if session is None:
        raise NotFoundError(
            f"session {session_id} not found in {where(sessions)}",
            hint="list sessions with 'kern sessions list'; check --db, --table and --schema",
        )
    return session


def load_extras(
    sessions: SessionDb, session: Session, fmt: str, full: bool, tools: ToolsMode = "short"
) -> SessionExtras | None:
    """The session's compactions and offloaded tool results (None when the database has no
    such tables). Payloads are read whole only for ``--full`` or ``--tools full``, else a
    transcript reads their first characters and JSON or ``--tools none`` none; a failure
    becomes a warning on the session."""
    from kern_core import KernError

    if not sessions.layout().linked:
        return None
    if full or (tools == "full" and fmt != "json"):
        chars: int | None = None
    elif fmt == "json" or tools == "none":
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
    shown: Plan | None = None,
    extras: SessionExtras | None = None,
) -> None:
    """Write ``session`` to stdout in ``fmt``: the runs ``shown`` picks (all by default)."""
    if fmt == "pretty":
        from kern_cli.render.transcript import print_session

        console = output.stdout_console()
        print_session(console, session, full=full, extras=extras, plan=shown)
        return
    if fmt == "json":
        from kern_cli.render.runs import keep_shown

        kept = keep_shown(session, shown.shown) if shown and shown.narrowed else session
        record = kept.to_dict()
        if extras and extras.compactions:
            record["compactions"] = [c.to_dict(full) for c in extras.compactions]
        if extras and extras.tool_results:
            record["tool_results"] = [r.to_dict() for r in extras.tool_results.values()]
        text = output.json_dumps(record, indent=2) + "\n"
    else:
        from kern_cli.render.markdown import session_markdown

        text = session_markdown(session, full=full, extras=extras, plan=shown)
    _emit(text)


def _emit(text: str) -> None:
    """Plain text to stdout; through the stdout console on a terminal (so the pager sees it)."""
    if output.is_stdout_tty():
        from rich.text import Text

        output.stdout_console().print(Text(output.inert(text)), soft_wrap=True, end="")
    else:
        sys.stdout.write(text)
