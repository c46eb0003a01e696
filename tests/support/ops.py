"""Helpers shared by the import/prune/copy/upgrade tests: sessions built in code, and dumps."""

from __future__ import annotations

import json
from typing import Any

from kern_core import Session, SessionDb
from kern_core.model import FIELDS

from tests.support.sessions import session

BASE_TIME = 1_760_000_000
DAY = 86_400


def make_session(i: int, runs: int = 2, user: str | None = "u1", kind: str = "agent") -> Session:
    """A session created ``i`` days after BASE_TIME with ``runs`` runs (ids unique per session)."""
    created = BASE_TIME + i * DAY
    sid = f"s{i:04d}"
    return session(
        sid,
        created,
        session_type=kind,
        agent_id="agent-a" if kind == "agent" else None,
        team_id="team-t" if kind == "team" else None,
        workflow_id="wf" if kind == "workflow" else None,
        user_id=user,
        session_data={"session_state": {"n": i}, "session_name": f"name {i} Zürich"},
        agent_data={"name": "A"} if kind == "agent" else None,
        metadata=None,
        summary=None,
        runs=[
            {
                "run_id": f"{sid}-r{j}",
                "agent_id": "agent-a",
                "status": "COMPLETED",
                "created_at": created + j,
                "content": f"answer {j} ☕",
                "metrics": {"input_tokens": 3 + j},
            }
            for j in range(runs)
        ],
        updated_at=created + 100,
    )


def dump(db: SessionDb) -> list[dict[str, Any]]:
    """Every session of ``db`` as ``to_dict`` records, sorted by id."""
    return sorted((s.to_dict() for s in db.iter_sessions()), key=lambda r: r["session_id"])


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def normal(record: dict[str, Any]) -> dict[str, Any]:
    out = {k: record.get(k) for k in FIELDS}
    out["runs"] = out.get("runs") or []
    return out
