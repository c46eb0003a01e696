"""The session record and its runs, as kern reads and writes them.

Runs stay the plain dicts agno stored (unknown keys are kept); :class:`Run` only adds typed
accessors for the fields the CLI shows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kern_core import jsoncodec
from kern_core.errors import BadInputError
from kern_core.vocab import FIELDS as FIELDS
from kern_core.vocab import ID_FIELDS as ID_FIELDS
from kern_core.vocab import ROW_FIELDS
from kern_core.vocab import SESSION_TYPES as SESSION_TYPES

DICT_FIELDS = ("session_data", "agent_data", "team_data", "workflow_data", "metadata")
JSON_FIELDS = (*DICT_FIELDS, "runs", "summary")
#: The JSON documents of a session other than its runs.
DOC_FIELDS = (*DICT_FIELDS, "summary")
#: The session table's columns kern writes, but for the legacy ``runs`` column.
SESSION_WRITE_COLUMNS = tuple(f for f in FIELDS if f != "runs")
#: The runs table's columns, in agno's order (``build_single_run_row``).
RUN_COLUMNS = (
    "run_id",
    "session_id",
    "run_type",
    "agent_id",
    "team_id",
    "workflow_id",
    "user_id",
    "parent_run_id",
    "status",
    "run_index",
    "run_data",
    "created_at",
    "updated_at",
)
TOKEN_KEYS = ("input_tokens", "output_tokens", "total_tokens")


class Run(dict):  # type: ignore[type-arg]
    """One stored run: a dict exactly as agno wrote it, with read-only typed accessors."""

    _INPUT_MEDIA = (
        ("images", "image"),
        ("videos", "video"),
        ("audios", "audio"),
        ("files", "file"),
    )
    _OUTPUT_MEDIA = (
        ("images", "image"),
        ("videos", "video"),
        ("audio", "audio"),
        ("files", "file"),
        ("response_audio", "audio"),
    )
    _MESSAGE_MEDIA = (
        ("images", "image"),
        ("videos", "video"),
        ("audio", "audio"),
        ("files", "file"),
        ("image_output", "image"),
        ("video_output", "video"),
        ("audio_output", "audio"),
        ("file_output", "file"),
    )
    _LINEAGE_KEYS = (
        "regenerated_from",
        "forked_from_run_id",
        "forked_from_message_index",
        "forked_from_session_id",
    )

    @staticmethod
    def _items(value: Any) -> list[Any]:
        """A stored list as is; a single non-empty value as a one-item list; nothing for None."""
        if value is None or value == "" or value == {}:
            return []
        return list(value) if isinstance(value, list) else [value]

    @classmethod
    def _media_items(
        cls, holder: Mapping[str, Any], keys: Iterable[tuple[str, str]]
    ) -> list[tuple[str, Any]]:
        return [(kind, item) for key, kind in keys for item in cls._items(holder.get(key))]

    @property
    def run_id(self) -> str | None:
        value = self.get("run_id")
        return value if isinstance(value, str) else None

    @property
    def status(self) -> str | None:
        value = self.get("status")
        return value if isinstance(value, str) else None

    @property
    def parent_run_id(self) -> str | None:
        value = self.get("parent_run_id")
        return value if isinstance(value, str) else None

    @property
    def run_type(self) -> str:
        """agent, team or workflow, decided the way agno decides it for a runs-table row."""
        if self.get("agent_id") or self.get("agent_name"):
            return "agent"
        if self.get("team_id") or self.get("team_name"):
            return "team"
        return "workflow"

    @property
    def created_at(self) -> int | None:
        return _as_int(self.get("created_at"))

    @property
    def messages(self) -> list[dict[str, Any]]:
        return _dicts(self.get("messages"))

    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        """Tool executions (``tools``): name, args, result, error flag, metrics."""
        return _dicts(self.get("tools"))

    @property
    def metrics(self) -> dict[str, Any]:
        value = self.get("metrics")
        return value if isinstance(value, dict) else {}

    @property
    def member_runs(self) -> list[Run]:
        """Member runs embedded in a team run (``member_responses``)."""
        return [Run(d) for d in _dicts(self.get("member_responses"))]

    @property
    def steps(self) -> list[dict[str, Any]]:
        """Workflow step results, parallel groups flattened in order."""
        out: list[dict[str, Any]] = []
        for item in self.get("step_results") or []:
            if isinstance(item, list):
                out.extend(_dicts(item))
            elif isinstance(item, dict):
                out.append(item)
        return out

    @property
    def input_text(self) -> str | None:
        """The run's input as text: ``input.input_content`` for agents/teams, raw for workflows."""
        value = self.get("input")
        if isinstance(value, dict) and "input_content" in value:
            value = value["input_content"]
        if value is None:
            return None
        return value if isinstance(value, str) else _compact(value)

    def input_media(self) -> list[tuple[str, Any]]:
        """Media attached to the input (``input.images/videos/audios/files``) as (kind, item).

        Items are returned as stored, whatever their type, so a reader can flag bad ones.
        """
        value = self.get("input")
        if not isinstance(value, dict):
            return []
        return self._media_items(value, self._INPUT_MEDIA)

    def output_media(self) -> list[tuple[str, Any]]:
        """Media the run produced (``images``, ``videos``, ``audio``, ``files``,
        ``response_audio``) as (kind, item), items as stored."""
        return self._media_items(self, self._OUTPUT_MEDIA)

    def message_media(self) -> list[tuple[str, Any]]:
        """Media attached to the run's own messages (not those marked ``from_history``)."""
        out: list[tuple[str, Any]] = []
        for message in self.messages:
            if message.get("from_history") is not True:
                out += self._media_items(message, self._MESSAGE_MEDIA)
        return out

    @property
    def requirements(self) -> list[Any]:
        """What a paused agent/team run waits for (``requirements``), items as stored."""
        return self._items(self.get("requirements"))

    @property
    def step_requirements(self) -> list[Any]:
        """What a paused workflow run waits for (``step_requirements``, ``error_requirements``)."""
        return self._items(self.get("step_requirements")) + self._items(
            self.get("error_requirements")
        )

    @property
    def paused_step(self) -> dict[str, Any]:
        """A paused workflow's position: ``index``, ``name`` and ``kind`` when stored."""
        out: dict[str, Any] = {}
        index = _as_int(self.get("paused_step_index"))
        if index is not None:
            out["index"] = index
        for key, name in (("paused_step_name", "name"), ("pause_kind", "kind")):
            value = self.get(key)
            if isinstance(value, str) and value:
                out[name] = value
        return out

    @property
    def lineage(self) -> dict[str, Any]:
        """Regenerate / fork provenance: ``regenerated_from`` and ``forked_from_*`` ids (strings)
        and ``forked_from_message_index`` (an integer), when stored with those types."""
        out: dict[str, Any] = {}
        for key in self._LINEAGE_KEYS:
            value = self.get(key)
            wanted = _is_int(value) if key.endswith("_index") else isinstance(value, str)
            if wanted and value != "":
                out[key] = value
        return out

    @property
    def tokens(self) -> dict[str, int]:
        """Token totals: the run's own metrics, or the sum over workflow steps."""
        metrics = self.metrics
        if any(k in metrics for k in TOKEN_KEYS):
            return {k: _as_int(metrics.get(k)) or 0 for k in TOKEN_KEYS}
        totals = dict.fromkeys(TOKEN_KEYS, 0)
        steps = metrics.get("steps")
        if isinstance(steps, dict):
            for step in steps.values():
                step_metrics = step.get("metrics") if isinstance(step, dict) else None
                if isinstance(step_metrics, dict):
                    for k in TOKEN_KEYS:
                        totals[k] += _as_int(step_metrics.get(k)) or 0
        return totals


@dataclass
class Session:
    """A session record with all its runs in stored order."""

    session_id: str
    session_type: str
    agent_id: str | None = None
    team_id: str | None = None
    workflow_id: str | None = None
    user_id: str | None = None
    session_data: dict[str, Any] | None = None
    agent_data: dict[str, Any] | None = None
    team_data: dict[str, Any] | None = None
    workflow_data: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None
    runs: list[Run] = field(default_factory=list)
    summary: Any = None
    created_at: int = 0
    updated_at: int | None = None
    #: Problems met while reading the row (malformed JSON, invalid UTF-8); empty when clean.
    warnings: list[str] = field(default_factory=list, compare=False, repr=False)
    #: agno 3.1's session-linked rows an import record carried (:mod:`kern_core.linked.transfer`).
    linked: dict[str, list[dict[str, Any]]] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.runs = [r if isinstance(r, Run) else Run(r) for r in self.runs or []]

    @property
    def session_name(self) -> str | None:
        data = self.session_data
        name = data.get("session_name") if isinstance(data, dict) else None
        return name if isinstance(name, str) else None

    @property
    def owner_id(self) -> str | None:
        """The agent, team or workflow id that owns the session."""
        return self.agent_id or self.team_id or self.workflow_id

    @property
    def top_level_runs(self) -> list[Run]:
        return [r for r in self.runs if not r.parent_run_id]

    def first_user_message(self) -> str | None:
        for run in self.runs:
            if not run.parent_run_id and run.input_text:
                return run.input_text
        return None

    def token_totals(self) -> dict[str, int]:
        """Token totals: ``session_metrics`` when stored, else the sum over top-level runs."""
        data = self.session_data if isinstance(self.session_data, dict) else {}
        metrics = data.get("session_metrics")
        if isinstance(metrics, dict) and any(k in metrics for k in TOKEN_KEYS):
            return {k: _as_int(metrics.get(k)) or 0 for k in TOKEN_KEYS}
        totals = dict.fromkeys(TOKEN_KEYS, 0)
        for run in self.runs:
            for k, v in run.tokens.items():
                totals[k] += v
        return totals

    def to_dict(self) -> dict[str, Any]:
        """The record with agno's column names; ``runs`` as a list of plain dicts."""
        out = {name: getattr(self, name) for name in FIELDS}
        out["runs"] = [dict(r) for r in self.runs]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        """Build a session from a record (as ``to_dict`` or ``kern sessions export`` writes it).

        Validates types and raises :class:`BadInputError` naming the first bad field.
        Unknown top-level keys are rejected so that typos do not silently drop data.
        """
        if not isinstance(data, Mapping):
            raise BadInputError("a session record must be a JSON object")
        from kern_core.linked.transfer import split_record

        data, linked = split_record(data)
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise BadInputError(f"unknown field(s): {', '.join(unknown)}")
        sid = data.get("session_id")
        if not isinstance(sid, str) or not sid:
            raise BadInputError("session_id must be a non-empty string")
        stype = data.get("session_type")
        if stype not in SESSION_TYPES:
            raise BadInputError(f"session {sid}: session_type must be one of agent, team, workflow")
        for name in ID_FIELDS[2:]:
            if data.get(name) is not None and not isinstance(data.get(name), str):
                raise BadInputError(f"session {sid}: {name} must be a string or null")
        for name in DICT_FIELDS:
            if data.get(name) is not None and not isinstance(data.get(name), dict):
                raise BadInputError(f"session {sid}: {name} must be an object or null")
        runs = data.get("runs")
        if runs is None:
            runs = []
        problem = run_problem(runs)
        if problem:
            raise BadInputError(f"session {sid}: {problem}")
        created = data.get("created_at")
        if not _is_int(created):
            raise BadInputError(f"session {sid}: created_at must be an integer (unix seconds)")
        updated = data.get("updated_at")
        if updated is not None and not _is_int(updated):
            raise BadInputError(f"session {sid}: updated_at must be an integer or null")
        return cls(
            session_id=sid,
            session_type=stype,
            agent_id=data.get("agent_id"),
            team_id=data.get("team_id"),
            workflow_id=data.get("workflow_id"),
            user_id=data.get("user_id"),
            session_data=data.get("session_data"),
            agent_data=data.get("agent_data"),
            team_data=data.get("team_data"),
            workflow_data=data.get("workflow_data"),
            metadata=data.get("metadata"),
            runs=[Run(r) for r in runs],
            summary=data.get("summary"),
            created_at=int(created),  # type: ignore[arg-type]
            updated_at=None if updated is None else int(updated),
            linked=linked,
        )


@dataclass(frozen=True)
class SessionRow:
    """One line of a listing: the session's columns without its runs' payloads."""

    session_id: str
    session_type: str
    agent_id: str | None
    team_id: str | None
    workflow_id: str | None
    user_id: str | None
    session_name: str | None
    created_at: int
    updated_at: int | None
    run_count: int | None = None

    @property
    def owner_id(self) -> str | None:
        return self.agent_id or self.team_id or self.workflow_id

    def to_dict(self) -> dict[str, Any]:
        """The row with :data:`~kern_core.vocab.ROW_FIELDS` as keys."""
        out = {name: getattr(self, name) for name in ROW_FIELDS if name != "runs"}
        out["runs"] = self.run_count
        return {name: out[name] for name in ROW_FIELDS}


def decode_stored(value: Any) -> Any:
    """A stored JSON column value as agno reads it.

    :func:`jsoncodec.decode` first (SQL NULL and JSON null are None, double encoding undone);
    then a string result that is itself a JSON document is parsed once more, as agno's
    ``deserialize_session_json_fields`` and its run readers do: the double-encoded JSON null
    (the string ``"null"``) a 2.x writer stores for an empty ``metadata`` reads as None.
    """
    return _parse_json_string(jsoncodec.decode(value))


def _parse_json_string(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        parsed = json.loads(value, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return value
    if isinstance(parsed, float) and not math.isfinite(parsed):
        return value
    return parsed


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def run_problem(runs: Any) -> str | None:
    """Why an import would refuse ``runs`` (None when it is a list of run objects whose run ids
    are strings, each at most once)."""
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        return "runs must be a list of objects"
    seen: set[str] = set()
    for i, run in enumerate(runs):
        rid = run.get("run_id")
        if rid is None:
            continue
        if not isinstance(rid, str) or not rid:
            return f"run {i} has a run_id that is not a string"
        if rid in seen:
            return f"run_id {rid} appears twice"
        seen.add(rid)
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    return None


def _dicts(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict)]


def _compact(value: Any) -> str:
    from kern_core.jsoncodec import dumps

    return dumps(value, ensure_ascii=False, default=str)
