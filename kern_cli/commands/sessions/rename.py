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
            help="The session to rename: its id, or a unique prefix of it.",
            autocompletion=complete_session_ids,
            show_default=False,
        ),
    ],
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new name.")],
    database: TargetOptions = ANY_TARGET,
) -> None:
    """Set a session's name (session_data.session_name, as agno's rename does).

    Also sets updated_at to now. SESSION_ID may be a unique prefix of the id (at least 4
    characters). Exit 3 when the session does not exist, 2 when the prefix is ambiguous.
    """
    from kern_cli.session_ids import full_id, not_found

    if not name.strip():
        raise UsageError("the new name is empty")
    with database.open() as sessions:
        if not sessions.rename_session(session_id, name):
            session_id = full_id(sessions, session_id)
            if not sessions.rename_session(session_id, name):
                raise not_found(sessions, session_id)
    output.info(f"renamed {session_id} to {name!r}")
