"""``kern_cli.output`` exports its helpers lazily; a helper that shares its module's name
(``progress`` in ``kern_cli.output.progress``) must stay the helper whichever name is asked for
first, or a command that runs after a spinner finds a module where it calls a function."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kern_cli import output

SHADOWED = [name for name, module in output._EXPORTS.items() if module.endswith(f".{name}")]


@pytest.mark.parametrize("name", SHADOWED)
def test_an_export_named_like_its_module_is_the_helper_after_a_sibling_was_used(
    name: str,
) -> None:
    module = output._EXPORTS[name]
    siblings = [n for n, m in output._EXPORTS.items() if m == module and n != name]
    assert siblings, f"{name} has no sibling export to use first"
    code = (
        "from kern_cli import output; "
        + "; ".join(f"output.{s}" for s in siblings)
        + f"; import types; assert not isinstance(output.{name}, types.ModuleType)"
        + f"; assert callable(output.{name})"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
