"""``kern db``: the group, and its commands in the order its help lists them."""

from __future__ import annotations

import typer

from kern_cli.commands.db.backup import HELP as BACKUP_HELP
from kern_cli.commands.db.backup import backup_command
from kern_cli.commands.db.index import HELP as INDEX_HELP
from kern_cli.commands.db.index import index_command
from kern_cli.commands.db.status import HELP as STATUS_HELP
from kern_cli.commands.db.status import status_command
from kern_cli.commands.db.upgrade import HELP as UPGRADE_HELP
from kern_cli.commands.db.upgrade import upgrade_command
from kern_cli.errors import EXIT_CODES_HELP
from kern_cli.help_text import help_when_bare

app = typer.Typer(
    help="Inspect, upgrade, index and back up the session database.",
    epilog=EXIT_CODES_HELP,
    callback=help_when_bare,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("status", help=STATUS_HELP)(status_command)
app.command("upgrade", help=UPGRADE_HELP)(upgrade_command)
app.command("index", help=INDEX_HELP)(index_command)
app.command("backup", help=BACKUP_HELP)(backup_command)
