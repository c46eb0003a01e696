"""Exit codes and the one-line error format, in-process and in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kern_cli import errors
from kern_cli.errors import UsageError, handle_errors
from kern_core.errors import (
    BadInputError,
    ConflictError,
    ConnectError,
    KernError,
    NotFoundError,
    TableMissingError,
    UnrecognisedTableError,
    VerificationError,
)

probe = typer.Typer()
_to_raise: list[BaseException] = []


@probe.command()
@handle_errors
def boom(
    name: str = typer.Option("x", help="A parameter, to check the signature survives."),
) -> None:
    """Raise whatever the test queued."""
    print(f"partial output for {name}")
    raise _to_raise[0]


def run_probe(exc: BaseException, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    _to_raise[:] = [exc]
    return CliRunner().invoke(probe, ["--name", "n", *args], env=env)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (KernError("plain"), 1),
        (BadInputError("bad"), 1),
        (ConflictError("dup"), 1),
        (VerificationError("differs"), 1),
        (NotFoundError("no session 'x'"), 3),
        (ConnectError("refused"), 4),
        (TableMissingError("no table"), 5),
        (UnrecognisedTableError("not agno"), 5),
        (UsageError("need --yes"), 2),
        (KeyboardInterrupt(), 130),
        (ValueError("oops"), 1),
    ],
)
def test_exit_codes(exc: BaseException, code: int) -> None:
    result = run_probe(exc)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == "partial output for n\n"


def test_error_line_and_hint() -> None:
    result = run_probe(NotFoundError("no session 'abc'", hint="list them: kern sessions list"))
    assert result.stderr == "kern: error: no session 'abc'\nhint: list them: kern sessions list\n"


def test_message_is_masked_single_line_and_control_free() -> None:
    exc = ConnectError("cannot reach postgresql://u:hunter2@h/db\nline two \x1b[31mred\x07")
    result = run_probe(exc)
    assert "hunter2" not in result.stderr
    assert result.stderr == "kern: error: cannot reach postgresql://u:***@h/db line two red\\x07\n"


def test_unexpected_exception_names_its_type() -> None:
    result = run_probe(RuntimeError("boom"))
    assert result.exit_code == 1
    assert result.stderr == (
        "kern: error: unexpected RuntimeError: boom (run with --debug for the traceback)\n"
    )


def test_kern_debug_shows_traceback() -> None:
    result = run_probe(RuntimeError("boom"), env={"KERN_DEBUG": "1"})
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert result.stderr.rstrip().endswith("(run with --debug for the traceback)")


def test_decorator_keeps_the_signature_for_help() -> None:
    result = CliRunner().invoke(probe, ["--help"])
    assert result.exit_code == 0
    assert "--name" in result.stdout and "Raise whatever" in result.stdout


def test_usage_error_outside_the_decorator_still_exits_2() -> None:
    app = typer.Typer()

    @app.command()
    def cmd() -> None:
        raise UsageError("bare")

    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "bare" in result.stderr


# Through the real program


def test_root_help_documents_exit_codes(kern: Callable) -> None:  # type: ignore[type-arg]
    result = kern("--help")
    assert result.exit_code == 0
    for code in ("0", "1", "2", "3", "4", "5", "130", "141"):
        assert f" {code}  " in result.stdout


def test_version(kern: Callable) -> None:  # type: ignore[type-arg]
    result = kern("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("kern ") and result.stdout.count(".") == 2


def test_no_arguments_shows_help(kern: Callable) -> None:  # type: ignore[type-arg]
    result = kern()
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_unknown_option_is_usage_error(kern_process: Callable) -> None:  # type: ignore[type-arg]
    result = kern_process("--no-such-option")
    assert result.returncode == 2
    assert result.stdout == ""


def test_debug_flag_shows_traceback_in_real_process(
    kern_process: Callable,  # type: ignore[type-arg]
    config_file: Path,
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text("[targets\n")
    config_file.chmod(0o600)
    plain = kern_process("targets", "list")
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith(f"kern: error: config file {config_file} is not valid TOML")
    debug = kern_process("--debug", "targets", "list")
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_broken_pipe_exits_141_quietly(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    body = "".join(f'[targets.t{i}]\nurl = "/data/db{i}.sqlite"\n' for i in range(5000))
    config_file.write_text(body)
    config_file.chmod(0o600)
    env_path = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": env_path}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kern_cli", "targets", "list", "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == errors.EXIT_BROKEN_PIPE
    assert stderr == b""
