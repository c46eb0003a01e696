"""``kern sessions rename``: set a session's name."""

from __future__ import annotations

from typing import Annotated

import typer

from kern_cli import output
from kern_cli.completion_values import complete_session_ids
from kern_cli.errors import UsageError, handle_errors
from kern_cli.options import (
    ANY_TARGET,
    TargetOptions,
    with_target,
)


@handle_errors
@with_target
def rename_command(
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="SESSION_ID",
            help="The session to rename.",
            autocompletion=complete_session_ids,
            show_default=False,
        ),
    ],
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new name.")],
    database: TargetOptions = ANY_TARGET,
) -> None:
    """Set a session's name (session_data.session_name, as agno's rename does).

    Also sets updated_at to now. Exit 3 when the session does not exist.
    """
    from kern_cli.render.reports import where
    from kern_core import NotFoundError

    if not name.strip():
        raise UsageError("the new name is empty")
    with database.open() as sessions:
        if not sessions.rename_session(session_id, name):
            raise NotFoundError(
                f"session {session_id} not found in {where(sessions)}",
                hint="list sessions with 'kern sessions list'",
            )
    output.info(f"renamed {session_id} to {name!r}")
