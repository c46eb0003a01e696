"""``kern sessions``: the group, and its commands in the order its help lists them."""

from __future__ import annotations

import typer

from kern_cli.commands.sessions.delete import HELP as DELETE_HELP
from kern_cli.commands.sessions.delete import delete_command
from kern_cli.commands.sessions.export import HELP as EXPORT_HELP
from kern_cli.commands.sessions.export import export_command
from kern_cli.commands.sessions.import_ import HELP as IMPORT_HELP
from kern_cli.commands.sessions.import_ import import_command
from kern_cli.commands.sessions.list import HELP as LIST_HELP
from kern_cli.commands.sessions.list import list_command
from kern_cli.commands.sessions.migrate import HELP as MIGRATE_HELP
from kern_cli.commands.sessions.migrate import migrate_command
from kern_cli.commands.sessions.prune import HELP as PRUNE_HELP
from kern_cli.commands.sessions.prune import prune_command
from kern_cli.commands.sessions.rename import rename_command
from kern_cli.commands.sessions.search import HELP as SEARCH_HELP
from kern_cli.commands.sessions.search import search_command
from kern_cli.commands.sessions.show import show_command
from kern_cli.commands.sessions.stats import HELP as STATS_HELP
from kern_cli.commands.sessions.stats import stats_command
from kern_cli.commands.sessions.usage import HELP as USAGE_HELP
from kern_cli.commands.sessions.usage import usage_command
from kern_cli.errors import EXIT_CODES_HELP
from kern_cli.help_text import help_when_bare

app = typer.Typer(
    help="List, show, export and manage sessions.",
    epilog=EXIT_CODES_HELP,
    callback=help_when_bare,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("export", help=EXPORT_HELP)(export_command)
app.command("list", help=LIST_HELP)(list_command)
app.command("search", help=SEARCH_HELP)(search_command)
app.command("stats", help=STATS_HELP)(stats_command)
app.command("usage", help=USAGE_HELP)(usage_command)
app.command("import", help=IMPORT_HELP)(import_command)
app.command("delete", help=DELETE_HELP)(delete_command)
app.command("rename")(rename_command)
app.command("migrate", help=MIGRATE_HELP)(migrate_command)
app.command("prune", help=PRUNE_HELP)(prune_command)
app.command("show")(show_command)
