"""``kern db index``: add the indexes kern's filters use that agno does not create."""

from __future__ import annotations

import sys

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.options import ANY_TARGET, DryRunOpt, TargetOptions, YesOpt, with_target

HELP = """Add the indexes kern's filters need that the tables lack.

agno creates no index on the session table's user_id, so --user filters, usage --by user
and prunes read every session; an old runs table may lack its session_id index. kern db
status names what is missing; this adds it, each index built online where the database can
(PostgreSQL CREATE INDEX CONCURRENTLY, MySQL ALGORITHM=INPLACE LOCK=NONE: agents keep
writing; SQLite holds its write lock for the build, about a second per 100,000 sessions).
An interrupted build leaves no half-built index. Indexes are all it adds: no data changes.

--dry-run prints the statements on stdout (each runs as printed in the database's own
client) and changes nothing. Otherwise the plan is shown and confirmed; --yes is needed when
not on a terminal. Nothing missing is "nothing to do" (exit 0).
"""


@handle_errors
@with_target
def index_command(
    dry_run: DryRunOpt = False,
    yes: YesOpt = False,
    database: TargetOptions = ANY_TARGET,
) -> None:
    from kern_cli.render import reports
    from kern_core import add_indexes, plan_indexes

    with database.open() as sessions:
        plans = plan_indexes(sessions)
        where = sessions.display
        if not plans:
            output.info(
                f"nothing to do: {sessions.session_table} in {where} has the indexes kern's "
                "filters use"
            )
            return
        if dry_run:
            for plan in plans:
                output.info(plan.reason)
                sys.stdout.write(plan.statement + "\n")
            return
        reports.show_plan(
            f"add {len(plans)} index{'es' if len(plans) > 1 else ''} in {where}",
            [(plan.reason, plan.statement) for plan in plans],
        )
        reports.confirm(f"add the index{'es' if len(plans) > 1 else ''}", yes=yes)
        added = add_indexes(
            sessions,
            plans,
            on_start=lambda plan: output.info(f"adding an index on {plan.table} ..."),
        )
        for plan in added:
            output.info(f"added: index on {plan.table} ({', '.join(plan.columns)})")
