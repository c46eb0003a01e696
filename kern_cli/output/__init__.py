"""Everything kern writes: data on stdout, messages and progress on stderr.

One module per job: :mod:`~kern_cli.output.terminal` (terminal detection, consoles, pager),
:mod:`~kern_cli.output.messages` (notes and warnings), :mod:`~kern_cli.output.records`
(lists of records in every format), :mod:`~kern_cli.output.cells` (one value as TSV, CSV or
JSON text), :mod:`~kern_cli.output.progress` (bars and spinners) and
:mod:`~kern_cli.output.prompts` (confirmation); :mod:`kern_cli.safe_text` makes untrusted
text inert. ``output.NAME`` finds NAME in its module on first use, so start-up loads only
what a command touches.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "inert": "kern_cli.safe_text",
    "is_stdout_tty": "kern_cli.output.terminal",
    "is_stderr_tty": "kern_cli.output.terminal",
    "stdout_console": "kern_cli.output.terminal",
    "stderr_console": "kern_cli.output.terminal",
    "reset_consoles": "kern_cli.output.terminal",
    "pager_command": "kern_cli.output.terminal",
    "pager_context": "kern_cli.output.terminal",
    "info": "kern_cli.output.messages",
    "warn": "kern_cli.output.messages",
    "success": "kern_cli.output.messages",
    "json_dumps": "kern_cli.output.cells",
    "tsv_field": "kern_cli.output.cells",
    "tsv_unescape": "kern_cli.output.cells",
    "csv_cell": "kern_cli.output.cells",
    "Column": "kern_cli.output.records",
    "cell_text": "kern_cli.output.records",
    "default_format": "kern_cli.output.records",
    "select_fields": "kern_cli.output.records",
    "columns_for": "kern_cli.output.records",
    "write_records": "kern_cli.output.records",
    "progress": "kern_cli.output.progress",
    "spinner": "kern_cli.output.progress",
    "require_yes": "kern_cli.output.prompts",
    "confirm": "kern_cli.output.prompts",
}

__all__ = [
    "Column",
    "cell_text",
    "columns_for",
    "confirm",
    "csv_cell",
    "default_format",
    "inert",
    "info",
    "is_stderr_tty",
    "is_stdout_tty",
    "json_dumps",
    "pager_command",
    "pager_context",
    "progress",
    "require_yes",
    "reset_consoles",
    "select_fields",
    "spinner",
    "stderr_console",
    "stdout_console",
    "success",
    "tsv_field",
    "tsv_unescape",
    "warn",
    "write_records",
]


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` and bind every name it exports here at once.

    Importing ``kern_cli.output.progress`` sets this package's ``progress`` attribute to that
    submodule; binding all of its exports together puts the function back, whichever of its
    names (``progress`` or ``spinner``) was asked for first.
    """
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kern_cli.output' has no attribute {name!r}")
    imported = import_module(module)
    for export, source in _EXPORTS.items():
        if source == module:
            globals()[export] = getattr(imported, export)
    return globals()[name]


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from kern_cli.output.cells import csv_cell, json_dumps, tsv_field, tsv_unescape
    from kern_cli.output.messages import info, success, warn
    from kern_cli.output.progress import progress, spinner
    from kern_cli.output.prompts import confirm, require_yes
    from kern_cli.output.records import (
        Column,
        cell_text,
        columns_for,
        default_format,
        select_fields,
        write_records,
    )
    from kern_cli.output.terminal import (
        is_stderr_tty,
        is_stdout_tty,
        pager_command,
        pager_context,
        reset_consoles,
        stderr_console,
        stdout_console,
    )
    from kern_cli.safe_text import inert
