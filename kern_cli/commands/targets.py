"""``kern targets``: named databases kept in the config file."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kern_cli import output
from kern_cli.errors import handle_errors
from kern_cli.help_text import help_when_bare
from kern_cli.options import FieldsOpt, complete_target_names, format_option
from kern_core.vocab import RecordFormat

if TYPE_CHECKING:
    from kern_cli.config import Config, TargetConfig

app = typer.Typer(
    name="targets",
    help="Named databases (targets) kept in the config file; use one with --target NAME.",
    callback=help_when_bare,
    invoke_without_command=True,
)

NameArg = Annotated[
    str, typer.Argument(metavar="NAME", help="Target name.", autocompletion=complete_target_names)
]
FIELDS = ["name", "url", "table", "schema", "default"]


def _columns() -> list[output.Column]:
    """The table's columns, the default first (built on use: start-up stays light)."""
    return [
        output.Column("default", "", formatter=lambda is_default: "*" if is_default else ""),
        output.Column("name"),
        output.Column("url"),
        output.Column("table"),
        output.Column("schema"),
    ]


@app.command("add")
@handle_errors
def targets_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name for the target.")],
    url: Annotated[str, typer.Argument(metavar="URL|PATH", help="Database URL or SQLite path.")],
    table: Annotated[str | None, typer.Option(help="Session table name.")] = None,
    schema: Annotated[str | None, typer.Option(help="PostgreSQL schema or MySQL database.")] = None,
    runs_table: Annotated[str | None, typer.Option(help="Runs table (agno's runs_table=).")] = None,
    default: Annotated[bool, typer.Option("--default", help="Make it the default.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a target of that name.")] = False,
) -> None:
    """Add a named target (the URL is checked but not connected to).

    Example: kern targets add prod postgresql://kern@db.example.com/app --default
    """
    from kern_cli.config import TargetConfig, load_config, save_config, validate_target_name
    from kern_core import ConflictError

    validate_target_name(name)
    config = load_config()
    if name in config.targets and not force:
        raise ConflictError(f"target '{name}' already exists", hint="pass --force to replace it")
    entry = TargetConfig(name, _normalise_url(url), table, schema, runs_table=runs_table)
    config = config.with_target(entry)
    if default:
        config = config.with_default(name)
    save_config(config)
    output.success(f"added target '{name}'{' (default)' if default else ''} to {config.path}")
    if _has_password(url):
        output.warn("the password is stored in plain text (file mode 0600); ~/.pgpass avoids that")


@app.command("list")
@handle_errors
def targets_list(
    fmt: Annotated[RecordFormat | None, format_option()] = None,
    fields: FieldsOpt = None,
) -> None:
    """List targets; the default is marked with '*'. Passwords are masked.

    Example: kern targets list --format json
    """
    from kern_cli.config import load_config

    config = load_config()
    chosen = output.select_fields(FIELDS, fields)
    fmt = fmt or output.default_format()
    records = [_record(t, t.name == config.default_target) for t in config.targets.values()]
    columns = output.columns_for(chosen, _columns())
    if fmt == "table" and fields is None:
        columns = _columns()
    output.write_records(records, fmt, columns)
    if not records and output.is_stderr_tty():
        output.info("no targets yet; add one with: kern targets add NAME URL")


@app.command("remove")
@handle_errors
def targets_remove(name: NameArg) -> None:
    """Remove a target (and unset it as the default if it was).

    Example: kern targets remove staging
    """
    from kern_cli.config import save_config

    config = _require(name)
    save_config(config.without_target(name))
    note = "; there is no default target now" if config.default_target == name else ""
    output.success(f"removed target '{name}'{note}")


@app.command("use")
@handle_errors
def targets_use(name: NameArg) -> None:
    """Make a target the default for commands run without --db or --target.

    Example: kern targets use prod
    """
    from kern_cli.config import save_config

    config = _require(name)
    save_config(config.with_default(name))
    output.success(f"default target is now '{name}'")


app.command("ls", hidden=True)(targets_list)
app.command("rm", hidden=True)(targets_remove)


def _require(name: str) -> Config:
    from kern_cli.config import load_config
    from kern_core import NotFoundError

    config = load_config()
    if name not in config.targets:
        known = ", ".join(sorted(config.targets)) or "none"
        raise NotFoundError(f"no target named '{name}'", hint=f"known targets: {known}")
    return config


def _record(target: TargetConfig, is_default: bool) -> dict[str, Any]:
    from kern_cli.target import DEFAULT_SCHEMA, DEFAULT_TABLE
    from kern_core import mask_url

    return {
        "name": target.name,
        "url": mask_url(target.url),
        "table": target.table or DEFAULT_TABLE,
        "schema": target.schema or DEFAULT_SCHEMA,
        "default": is_default,
    }


def _normalise_url(url: str) -> str:
    """Validate the URL; store a relative SQLite path as an absolute one."""
    from kern_core import parse_location

    location = parse_location(url)
    text = url.strip()
    if location.path and not os.path.isabs(location.path):
        return os.path.abspath(location.path)
    return text


def _has_password(url: str) -> bool:
    from kern_core import mask_url

    return mask_url(url) != url
