"""Write the shell completion scripts in ``completions/`` (``python -m kern_cli.completions``).

The scripts are Typer's own, the ones ``kern --show-completion SHELL`` prints: they
call back into ``kern`` (through ``_KERN_COMPLETE``) at completion time, so they stay
valid as commands are added. A test fails when the committed files drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROG_NAME = "kern"
COMPLETE_VAR = "_KERN_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def completion_script(shell: str) -> str:
    """The completion script for ``shell``, ending with a newline."""
    # typer.completion is the public home of the scripts behind --show-completion; it imports
    # get_completion_script without re-exporting it, which strict mypy reports.
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    script = get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell)
    return script + "\n"


def default_directory() -> Path:
    """The ``completions/`` directory at the root of the source tree."""
    return Path(__file__).resolve().parent.parent / "completions"


def write_all(directory: Path | None = None) -> list[Path]:
    """Regenerate every script in ``directory``; return the paths written."""
    target = directory or default_directory()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for shell in SHELLS:
        path = target / f"{PROG_NAME}.{shell}"
        path.write_text(completion_script(shell), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """Regenerate the scripts in the directory given as the only argument (or the default)."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_all(Path(args[0]) if args else None):
        print(path)


if __name__ == "__main__":
    main()
