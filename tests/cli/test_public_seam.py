"""The CLI uses kern_core only through the names it exports (``kern_core.__all__``) and the
shared vocabulary (:mod:`kern_core.vocab`): no core submodule imports, no private attributes."""

from __future__ import annotations

import ast
from pathlib import Path

import kern_core

CLI_ROOT = Path(__file__).resolve().parents[2] / "kern_cli"
#: The one core module the CLI may import by path: names and Literal kinds, importing nothing.
SHARED_MODULES = {"kern_core.vocab"}
#: Objects inside the core a caller must not reach through (``db.dialect.kind``); a report's
#: plain field of the same name (``status.backend``, a string) is fine.
INTERNAL_OBJECTS = {"backend", "dialect"}


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(CLI_ROOT.parent)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("kern_core.") and node.module not in SHARED_MODULES:
                found.append(f"{where}:{node.lineno}: from {node.module} import ...")
            elif node.module == "kern_core":
                found += [
                    f"{where}:{node.lineno}: kern_core does not export {alias.name}"
                    for alias in node.names
                    if alias.name not in kern_core.__all__
                ]
        elif isinstance(node, ast.Import):
            found += [
                f"{where}:{node.lineno}: import {alias.name}"
                for alias in node.names
                if alias.name.startswith("kern_core.") and alias.name not in SHARED_MODULES
            ]
        elif isinstance(node, ast.Attribute) and _private(node):
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def _private(node: ast.Attribute) -> bool:
    """``x._name`` on anything but ``self``/``cls`` (dunders are fine), or ``x.dialect.y``."""
    if isinstance(node.value, ast.Attribute) and node.value.attr in INTERNAL_OBJECTS:
        return True
    if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
        return False
    name = node.attr
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_cli_uses_only_the_exported_core_api() -> None:
    files = sorted(CLI_ROOT.rglob("*.py"))
    assert files, CLI_ROOT
    problems = [problem for path in files for problem in _problems(path)]
    assert not problems, "kern_cli reaches past kern_core's exports:\n" + "\n".join(problems)


def test_every_export_resolves() -> None:
    assert len(set(kern_core.__all__)) == len(kern_core.__all__)
    for name in kern_core.__all__:
        assert getattr(kern_core, name) is not None, name


def test_every_output_name_resolves() -> None:
    from kern_cli import output

    for name in output.__all__:
        assert getattr(output, name) is not None, name


def test_every_hint_option_has_a_flag() -> None:
    """Each ``{option:NAME}`` a core hint uses is said by the library and by the CLI."""
    import re

    from kern_cli.errors import FLAG_TERMS
    from kern_core.errors import LIBRARY_TERMS

    core = CLI_ROOT.parent / "kern_core"
    used = {
        name
        for path in core.rglob("*.py")
        for name in re.findall(r"\{+option:([a-z][a-z-]*)\}+", path.read_text(encoding="utf-8"))
    }
    assert used, "no hint names an option"
    assert used <= set(LIBRARY_TERMS), used - set(LIBRARY_TERMS)
    assert used <= set(FLAG_TERMS), used - set(FLAG_TERMS)


def test_a_hint_in_library_and_cli_terms() -> None:
    from kern_cli.errors import flag_hint
    from kern_core import BadInputError

    exc = BadInputError("x exists", hint="pass {option:force} to replace it")
    assert exc.hint == "pass overwrite=True to replace it"
    assert flag_hint(exc) == "pass --force to replace it"
    assert BadInputError("no hint").hint is None
