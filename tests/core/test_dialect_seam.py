"""Every database difference lives in ``kern_core/dialect/``: nothing else asks which database
it is talking to (no comparison of a kind with a database's name, no isinstance on a dialect
class, no driver-specific SQL function outside the dialect modules)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIALECT = ROOT / "kern_core" / "dialect"
DATABASES = {"sqlite", "postgresql", "postgres", "mysql", "mariadb"}
DIALECT_CLASSES = {"SqliteDialect", "PostgresDialect"}
#: Functions only one database has: spelled outside the dialect package, they are a branch in
#: disguise. (The copy digest's SQL, behind the ``digests_in_sql`` trait, is the one exception.)
ONE_DATABASE_SQL = re.compile(
    r"\b(json_extract|json_each|json_type|jsonb_\w+|pg_(?!dump)\w+|sqlite_master)\("
    r"|PRAGMA \w|::jsonb"
)
TRAIT_GATED = {ROOT / "kern_core" / "copying" / "digest.py"}


def _sources() -> list[Path]:
    files = [*(ROOT / "kern_core").rglob("*.py"), *(ROOT / "kern_cli").rglob("*.py")]
    return sorted(p for p in files if DIALECT not in p.parents)


def _branches(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            names = [c.value for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
            if any(isinstance(n, str) and n in DATABASES for n in names):
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "isinstance"
            and any(isinstance(a, ast.Name) and a.id in DIALECT_CLASSES for a in ast.walk(node))
        ):
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_dialect_branch_outside_the_dialect_package() -> None:
    problems = [p for path in _sources() for p in _branches(path)]
    assert not problems, "database branches outside kern_core/dialect:\n" + "\n".join(problems)


def test_no_one_database_sql_outside_the_dialect_package() -> None:
    problems = []
    for path in _sources():
        if path in TRAIT_GATED or "kern_cli" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ONE_DATABASE_SQL.search(line) and not line.lstrip().startswith(("#", '"""')):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not problems, "one database's SQL outside kern_core/dialect:\n" + "\n".join(problems)
