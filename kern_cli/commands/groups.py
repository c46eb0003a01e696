"""The command groups (``kern sessions``, ``kern db``); command modules register onto them."""

from __future__ import annotations

import typer

from kern_cli.errors import EXIT_CODES_HELP

sessions_app = typer.Typer(
    help="List, show, export and manage sessions.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
db_app = typer.Typer(
    help="Inspect, upgrade and back up the session database.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
