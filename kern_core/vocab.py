"""The words both layers share: column names and the kinds of things, as ``Literal`` types
with the tuple of their values.

This module imports nothing from kern, so the CLI can use it at start-up for free. A tuple
``X`` and its type ``XKind`` list the same values; ``typing.get_args(XKind) == X``.
"""

from __future__ import annotations

from typing import Literal

SessionType = Literal["agent", "team", "workflow"]
SESSION_TYPES: tuple[SessionType, ...] = ("agent", "team", "workflow")

#: The timestamps a listing sorts by and a time filter compares with.
TimeField = Literal["created_at", "updated_at"]
TIME_FIELDS: tuple[TimeField, ...] = ("created_at", "updated_at")

#: The run statuses agno stores (``RunStatus`` values, upper case; REGENERATED since 2.7.0).
RunStatus = Literal[
    "COMPLETED", "ERROR", "CANCELLED", "PAUSED", "RUNNING", "PENDING", "REGENERATED"
]
RUN_STATUSES: tuple[RunStatus, ...] = (
    "COMPLETED",
    "ERROR",
    "CANCELLED",
    "PAUSED",
    "RUNNING",
    "PENDING",
    "REGENERATED",
)

#: The layouts kern can create: runs in a JSON column of the session row, or a runs table.
NewLayout = Literal["column", "table"]
NEW_LAYOUTS: tuple[NewLayout, ...] = ("column", "table")
#: The layouts kern can find; ``both`` is a runs table next to the legacy runs column.
LayoutKind = Literal["column", "table", "both"]
LAYOUT_KINDS: tuple[LayoutKind, ...] = ("column", "table", "both")

#: What an import does with a session that already exists.
OnConflict = Literal["skip", "replace", "fail"]
ON_CONFLICT: tuple[OnConflict, ...] = ("skip", "replace", "fail")

#: The formats of a list of records (``kern sessions list``, ``kern targets list``).
RecordFormat = Literal["table", "tsv", "csv", "json", "jsonl"]
RECORD_FORMATS: tuple[RecordFormat, ...] = ("table", "tsv", "csv", "json", "jsonl")
#: The formats of ``kern sessions export``.
ExportFormat = Literal["jsonl", "json", "csv", "markdown"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("jsonl", "json", "csv", "markdown")
#: The formats of ``kern sessions import`` (``auto`` looks at the first character).
InputFormat = Literal["auto", "jsonl", "json"]
INPUT_FORMATS: tuple[InputFormat, ...] = ("auto", "jsonl", "json")
#: The formats of one session (``kern sessions show``).
ShowFormat = Literal["pretty", "markdown", "json"]
SHOW_FORMATS: tuple[ShowFormat, ...] = ("pretty", "markdown", "json")
#: How a transcript shows tool calls: a count only, trimmed (the default), untrimmed.
ToolsMode = Literal["none", "short", "full"]
TOOLS_MODES: tuple[ToolsMode, ...] = ("none", "short", "full")
#: The formats of a report (prune, migrate, upgrade): text on stderr or JSON on stdout.
ReportFormat = Literal["text", "json"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("text", "json")
#: What ``usage`` groups runs by.
USAGE_GROUPINGS = ("user", "agent", "team", "workflow", "model", "day", "month")
#: The formats of a summary (status, stats): tables or one JSON object.
SummaryFormat = Literal["table", "json"]
SUMMARY_FORMATS: tuple[SummaryFormat, ...] = ("table", "json")

#: The session identity columns, in agno's order.
ID_FIELDS = ("session_id", "session_type", "agent_id", "team_id", "workflow_id", "user_id")
#: A list row's fields (:class:`kern_core.model.SessionRow`): no run payloads, ``runs`` a count.
ROW_FIELDS = (*ID_FIELDS, "session_name", "runs", *TIME_FIELDS)
#: The session record's fields, in the order agno's table lists them.
FIELDS = (
    *ID_FIELDS,
    "session_data",
    "agent_data",
    "team_data",
    "workflow_data",
    "metadata",
    "runs",
    "summary",
    *TIME_FIELDS,
)
