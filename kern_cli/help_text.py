"""Command help as paragraphs, so rich wraps it to the terminal's width.

The help texts are written wrapped to the source's line length; Typer keeps every newline,
so on a narrower terminal each source line would break again mid-sentence. :func:`reflow_app`
joins each prose paragraph into one line once, for every command of the app; a paragraph
whose lines are indented (examples) keeps its lines as written.
"""

from __future__ import annotations

import inspect

import typer


def reflow(text: str) -> str:
    """``text`` with the lines of each prose paragraph joined by spaces."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(_reflow_paragraph(p) for p in paragraphs)


def _reflow_paragraph(paragraph: str) -> str:
    lines = paragraph.split("\n")
    if any(line[:1].isspace() for line in lines):
        return paragraph
    return " ".join(line.strip() for line in lines)


def reflow_app(app: typer.Typer) -> None:
    """Reflow the help of ``app``, its commands and its groups, recursively, in place."""
    if isinstance(app.info.help, str):
        app.info.help = reflow(app.info.help)
    for command in app.registered_commands:
        doc = command.help if command.help is not None else inspect.getdoc(command.callback)
        if doc:
            command.help = reflow(doc)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            reflow_app(group.typer_instance)


def help_when_bare(ctx: typer.Context) -> None:
    """A group called without a command prints its help and exits 0 (there is no error)."""
    if ctx.invoked_subcommand is None:
        text = ctx.get_help()  # rich prints it itself and returns ""
        if text:
            print(text)
        raise typer.Exit()
