"""Plans, confirmations and reports of the commands that change data.

Plans and reports are messages: they go to stderr (through :mod:`kern_cli.output`, so ids
from the database are shown inert). Only an explicit ``--format json`` (or ``--json``)
writes a report to stdout, as one JSON object.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kern_cli import output
from kern_cli.errors import UsageError

if TYPE_CHECKING:
    from kern_core import (
        CopyPlan,
        CopyReport,
        DeleteReport,
        ImportReport,
        SessionDb,
        UpgradePlan,
        UpgradeReport,
    )

SAMPLE = 5
INVALID_SHOWN = 20


def where(db: SessionDb) -> str:
    """Where a command works, for messages: the masked URL and the session table."""
    return f"{db.display} (table {db.session_table})"


def plural(count: int, noun: str) -> str:
    """``1 session``, ``2,000 sessions``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def sessions_and_runs(sessions: int, runs: int) -> str:
    return f"{plural(sessions, 'session')} and {plural(runs, 'run')}"


def sample_text(ids: Sequence[str], total: int) -> str:
    """The first few ids, and how many more there are."""
    shown = ", ".join(ids[:SAMPLE])
    more = total - min(len(ids), SAMPLE)
    return f"{shown} (and {more:,} more)" if more > 0 else shown


def show_plan(heading: str, details: Iterable[tuple[str, str]] = ()) -> None:
    """A plan on stderr: a heading, then indented ``label: value`` lines."""
    lines = [heading] + [f"  {label}: {value}" for label, value in details]
    for line in lines:
        output.info(line)


def confirm(action: str, *, yes: bool) -> None:
    """Ask ``<action>?`` on a terminal; off a terminal without --yes refuse (exit 2)."""
    try:
        output.confirm(f"{action[:1].upper()}{action[1:]}?", yes=yes)
    except UsageError:
        raise _refusal(action) from None


def require_yes(action: str, *, yes: bool) -> None:
    """Refuse off a terminal without --yes even when there is nothing to do (cron safety)."""
    try:
        output.require_yes(yes=yes)
    except UsageError:
        raise _refusal(action) from None


def _refusal(action: str) -> UsageError:
    return UsageError(
        f"refusing to {action} without --yes (not running on a terminal); nothing was changed",
        hint="re-run with --yes to confirm, or with --dry-run to preview",
    )


def write_json(value: Any) -> None:
    """One JSON object on stdout."""
    sys.stdout.write(output.json_dumps(value, indent=2) + "\n")


# -- import -----------------------------------------------------------------------------------


def invalid_lines(invalid: Sequence[tuple[int, str]]) -> list[str]:
    """The first invalid records with their line numbers, then how many more there are."""
    lines = [f"line {line}: {message}" for line, message in invalid[:INVALID_SHOWN]]
    if len(invalid) > INVALID_SHOWN:
        lines.append(f"... and {len(invalid) - INVALID_SHOWN:,} more invalid record(s)")
    return lines


def import_summary(report: ImportReport) -> str:
    verb = "would import" if report.dry_run else "imported"
    return (
        f"{verb}: {report.inserted:,} inserted, {report.replaced:,} replaced, "
        f"{report.skipped:,} skipped (already present), {len(report.invalid):,} invalid; "
        f"{plural(report.runs_written, 'run')} {'to write' if report.dry_run else 'written'}"
    )


def import_json(report: ImportReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "inserted": report.inserted,
        "replaced": report.replaced,
        "skipped": report.skipped,
        "invalid": len(report.invalid),
        "invalid_records": [{"line": n, "error": e} for n, e in report.invalid],
        "runs_written": report.runs_written,
        **({"linked_note": report.linked_note} if report.linked_note else {}),
    }


# -- delete and prune -------------------------------------------------------------------------


def interrupted_progress(done: int, total: int | None, verb: str) -> str:
    """``1,200 of 5,000 sessions copied (committed); rerun to continue``: what the committed
    batches of an interrupted command hold (a batch that committed at the very moment of the
    interrupt may not be counted yet); ``total`` None when it was not counted."""
    of = f" of {total:,}" if total is not None else ""
    noun = "session" if (total if total is not None else done) == 1 else "sessions"
    return f"{done:,}{of} {noun} {verb} (committed); rerun to continue"


def delete_summary(report: DeleteReport) -> str:
    text = f"deleted {sessions_and_runs(report.sessions, report.runs)}"
    linked = linked_text(report.linked)
    return f"{text}; with them, session-linked rows: {linked}" if linked else text


def linked_text(counts: dict[str, int]) -> str:
    """``agno_compactions 3, agno_tool_results 6``: the non-zero counts per linked table."""
    return ", ".join(f"{table} {count:,}" for table, count in counts.items() if count)


def linked_details(counts: dict[str, int]) -> list[tuple[str, str]]:
    """The plan line for the session-linked rows that go with the sessions (none if none)."""
    text = linked_text(counts)
    return [("session-linked rows", text)] if text else []


# -- migrate ----------------------------------------------------------------------------------


def copy_plan_details(plan: CopyPlan, source: str, target: str) -> list[tuple[str, str]]:
    table = (
        f"exists ({plan.target_layout} layout)"
        if plan.target_exists
        else f"will be created ({plan.target_layout} layout)"
    )
    return [
        ("from", source),
        ("to", target),
        ("target table", table),
        ("matching", sessions_and_runs(plan.sessions, plan.runs)),
        ("already in the target", f"{plan.already_present:,} (identical ones are not copied)"),
        *linked_details(plan.linked),
        *([("note", plan.linked_note)] if plan.linked_note else []),
    ]


def copy_plan_json(plan: CopyPlan, source: str, target: str) -> dict[str, Any]:
    return {
        "dry_run": True,
        "source": source,
        "target": target,
        "target_exists": plan.target_exists,
        "target_layout": plan.target_layout,
        "sessions": plan.sessions,
        "runs": plan.runs,
        "already_present": plan.already_present,
        "to_copy": plan.to_copy,
        "runs_to_copy": plan.runs_to_copy,
        **({"linked": plan.linked} if any(plan.linked.values()) else {}),
        **({"linked_note": plan.linked_note} if plan.linked_note else {}),
    }


def copy_summary(report: CopyReport) -> list[str]:
    """The report of a copy: what was copied, what was not, and the verification."""
    lines = [
        f"copied {sessions_and_runs(report.copied, report.runs_copied)}; "
        f"{report.already_present:,} already present; {len(report.conflicts):,} conflicts; "
        f"{len(report.skipped_unreadable):,} skipped (unreadable)",
    ]
    state = "verified" if report.verified else "NOT verified"
    lines.append(
        f"{state}: {plural(report.sessions_checked, 'session')}, "
        f"{report.runs_target:,} of {report.runs_source:,} runs, "
        f"checksum {report.target_checksum[:12] or '-'}"
        + ("" if report.source_checksum == report.target_checksum else " (source differs)")
    )
    target = report.linked.get("target") or {}
    if report.linked.get("source") or target:
        lines.append(f"with them, session-linked rows: {linked_text(target) or 'none'}")
    if report.linked_note:
        lines.append(f"note: {report.linked_note}")
    if report.deleted_from_source or report.changed_since_copy:
        lines.append(
            "deleted from the source: "
            + sessions_and_runs(report.deleted_from_source, report.runs_deleted_from_source)
        )
    return lines


def copy_problems(report: CopyReport) -> list[str]:
    """Warnings for conflicts, unreadable and changed sessions (their first ids)."""
    problems = []
    if report.conflicts:
        problems.append(
            f"{plural(len(report.conflicts), 'session')} differ in the target and were left as "
            f"they are: {sample_text(report.conflicts, len(report.conflicts))}"
        )
    for sid, reason in report.skipped_unreadable[:INVALID_SHOWN]:
        problems.append(f"skipped unreadable session {sid}: {reason}")
    if report.changed_since_copy:
        ids = report.changed_since_copy
        problems.append(
            f"{plural(len(ids), 'session')} changed in the source after the copy and were "
            f"kept there: {sample_text(ids, len(ids))}"
        )
    return problems


def copy_json(report: CopyReport) -> dict[str, Any]:
    return {
        "copied": report.copied,
        "runs_copied": report.runs_copied,
        "already_present": report.already_present,
        "conflicts": report.conflicts,
        "skipped_unreadable": [
            {"session_id": sid, "reason": why} for sid, why in report.skipped_unreadable
        ],
        "target_layout": report.target_layout,
        "verified": report.verified,
        "sessions_checked": report.sessions_checked,
        "runs_source": report.runs_source,
        "runs_target": report.runs_target,
        "source_checksum": report.source_checksum,
        "target_checksum": report.target_checksum,
        "mismatched": report.mismatched,
        "deleted_from_source": report.deleted_from_source,
        "runs_deleted_from_source": report.runs_deleted_from_source,
        "changed_since_copy": report.changed_since_copy,
        "linked": report.linked,
        **({"linked_note": report.linked_note} if report.linked_note else {}),
    }


# -- db upgrade -------------------------------------------------------------------------------


def upgrade_plan_text(plan: UpgradePlan, table: str, where: str) -> str:
    """The plan and its SQL, as text for stdout (``kern db upgrade --dry-run``)."""
    lines = [
        f"-- upgrade {table} in {where} from the runs-column layout to the runs-table layout",
        f"-- {sessions_and_runs(plan.sessions, plan.runs)} in the legacy runs column",
    ]
    lines += [f"-- {i}. {step}" for i, step in enumerate(plan.steps, 1)]
    lines += [statement.strip().rstrip(";") + ";" for statement in plan.statements]
    return "\n".join(lines) + "\n"


def upgrade_json(plan: UpgradePlan, report: UpgradeReport | None) -> dict[str, Any]:
    value: dict[str, Any] = {
        "needed": plan.needed,
        "layout": plan.layout,
        "version": plan.version,
        "runs_table": plan.runs_table,
        "sessions": plan.sessions,
        "runs": plan.runs,
        "steps": plan.steps,
        "statements": plan.statements,
    }
    if report is not None:
        value["report"] = {
            "upgraded": report.upgraded,
            "sessions": report.sessions,
            "runs_copied": report.runs_copied,
            "runs_already_present": report.runs_already_present,
            "duplicate_run_ids": report.duplicate_run_ids,
            "runs_without_id": report.runs_without_id,
        }
    return value


def upgrade_summary(report: UpgradeReport, runs_table: str) -> list[str]:
    lines = [
        f"upgraded: copied {plural(report.runs_copied, 'run')} of "
        f"{plural(report.sessions, 'session')} into {runs_table} "
        f"({report.runs_already_present:,} were already there); the legacy runs column is kept"
    ]
    if report.duplicate_run_ids:
        lines.append(
            f"warning: {plural(report.duplicate_run_ids, 'run id')} found in more than one "
            "session were kept for the first session only (as agno does)"
        )
    if report.runs_without_id:
        lines.append(
            f"warning: {plural(report.runs_without_id, 'run')} without a run_id stay in the "
            "legacy column only (as agno does)"
        )
    return lines
