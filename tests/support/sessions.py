"""Sessions built in code: :func:`session` is the one way tests make a kern ``Session``.

The helper modules' presets (``ops.make_session``, ``reading.make_session``,
``stores.make_sessions``, and the few a test file keeps for its own data) all call it, so a
session is always validated the way an imported record is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kern_core import Session


def session(
    session_id: str,
    created_at: int,
    *,
    runs: Iterable[Mapping[str, Any]] = (),
    updated_at: int | None = None,
    session_type: str = "agent",
    **fields: Any,
) -> Session:
    """A session from its id, creation time and runs (dicts as agno stores them); any other
    column (``user_id``, ``session_data``, ``agent_id``...) by name. ``updated_at`` defaults
    to ``created_at``."""
    return Session.from_dict(
        {
            "session_id": session_id,
            "session_type": session_type,
            **fields,
            "runs": [dict(run) for run in runs],
            "created_at": created_at,
            "updated_at": created_at if updated_at is None else updated_at,
        }
    )
