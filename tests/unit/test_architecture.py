"""The shape of the code: data flows one way (no import cycles, lazy imports included), the CLI is
a thin layer, and every write to a store goes through the write service."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kg_builder", "api", "policykg")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, module: str, modules: dict[str, Path]) -> set[str]:
    """The project modules a module imports anywhere in it (in functions too), resolved to modules."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            names.update(f"{base}.{alias.name}" for alias in node.names)
            names.add(base)
    targets = set()
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module:
            targets.add(name)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports; a package's __init__ importing its own submodules is how
    a package exposes them, not a cycle."""
    modules = _modules()
    return {
        module: {t for t in _imports(path, module, modules) if not t.startswith(module + ".")}
        for module, path in modules.items()
    }


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, or [] when there is none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as err:
        return list(err.args[1])
    return []


def test_no_module_imports_itself_through_others() -> None:
    assert cycle(import_graph()) == []


def test_the_finder_sees_a_cycle() -> None:
    """The check above can fail: a module imported back by one it imports makes a cycle it reports."""
    graph = import_graph()
    graph["kg_builder.errors"] = {"kg_builder.ingest"}
    assert "kg_builder.errors" in cycle(graph)


def test_the_cli_is_thin() -> None:
    assert len((ROOT / "policykg" / "cli.py").read_text(encoding="utf-8").splitlines()) <= 300


def test_one_write_path_loads_every_store() -> None:
    """`store.load(` / `target.load(` appear in the write service alone: build, load, uploads and the
    engines all call it."""
    loads = re.compile(r"\b(?:store|target)\.load\b")
    callers = sorted(
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if loads.search(path.read_text(encoding="utf-8"))
    )
    assert callers == ["kg_builder/service/write.py"]
