"""``kern db upgrade``: move a runs-column table (agno 2.x) to the runs-table layout (3.x)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.options import (
    ANY_TARGET,
    BatchOpt,
    DryRunOpt,
    TargetOptions,
    YesOpt,
    choice_option,
    with_target,
)
from kern_core.vocab import REPORT_FORMATS, ReportFormat

if TYPE_CHECKING:
    from kern_core import SessionDb, UpgradePlan

DEFAULT_BATCH = 200  # kern_core.upgrade.DEFAULT_BATCH_SIZE

HELP = """Upgrade a runs-column session table (agno 2.x) to the runs-table layout (3.x).

Does what agno's own 3.0.0 migration does: creates the runs table (agno_runs for
agno_sessions, else <table>_runs), copies every run of the legacy runs column into it, and
stamps the table 3.0.0 in agno_schema_versions, so agno 3.x sees it as migrated and reads
every run. The legacy column is kept as a backup, as agno keeps it. One transaction per batch
of sessions and the stamp last: an interrupted upgrade is finished by running it again. A
table already upgraded is left alone ("nothing to do"). No other kern command ever upgrades.

--dry-run prints the plan and its SQL on stdout and changes nothing. Otherwise the plan is
shown and confirmed (it changes the schema); --yes is needed when not on a terminal.
Back up first: kern db backup PATH (SQLite), or the pg_dump / mysqldump command it prints.
"""


@handle_errors
@with_target
def upgrade_command(
    dry_run: DryRunOpt = False,
    fmt: Annotated[
        ReportFormat,
        choice_option("--format", REPORT_FORMATS, "text (stderr; SQL on stdout) or json.", "-f"),
    ] = "text",
    batch_size: BatchOpt = DEFAULT_BATCH,
    yes: YesOpt = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_cli.render import reports
    from kern_core import plan_upgrade

    with database.open() as sessions:
        plan = plan_upgrade(sessions)
        where = sessions.display
        if not plan.needed:
            output.info(
                f"nothing to do: {sessions.session_table} in {where} is already in the "
                f"runs-table layout (version {plan.version or 'unknown'})"
            )
            if fmt == "json":
                reports.write_json(reports.upgrade_json(plan, None))
            return
        if dry_run:
            _show_dry_run(plan, sessions.session_table, where, fmt)
            return
        _upgrade(sessions, plan, where, fmt, batch_size, yes)


def _show_dry_run(plan: UpgradePlan, table: str, where: str, fmt: str) -> None:
    from kern_cli.render import reports

    if fmt == "json":
        reports.write_json(reports.upgrade_json(plan, None))
    else:
        sys.stdout.write(reports.upgrade_plan_text(plan, table, where))


def _upgrade(
    sessions: SessionDb, plan: UpgradePlan, where: str, fmt: str, batch_size: int, yes: bool
) -> None:
    from kern_cli.render import reports
    from kern_core import upgrade_table

    reports.show_plan(
        f"upgrade {sessions.session_table} in {where} to the runs-table layout",
        [(str(i), step) for i, step in enumerate(plan.steps, 1)],
    )
    if sessions.can_backup:
        output.info("  tip: back up first with: kern db backup PATH")
    reports.confirm(f"upgrade {sessions.session_table}", yes=yes)
    seen = [0]
    with output.progress("upgrading", plan.sessions) as bar:

        def tick(report: object) -> None:
            done = int(getattr(report, "sessions", 0))
            bar.advance(done - seen[0])
            seen[0] = done

        report = upgrade_table(sessions, batch_size=batch_size, on_progress=tick)
    for line in reports.upgrade_summary(report, plan.runs_table):
        (output.warn if line.startswith("warning: ") else output.info)(
            line.removeprefix("warning: ")
        )
    if fmt == "json":
        reports.write_json(reports.upgrade_json(plan, report))
