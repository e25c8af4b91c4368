"""The package's import structure: the contracts in pyproject.toml hold (rules < core <
capabilities < home and operations; rules without Django), and no module imports, through
any chain, a module that imports it back. Function-level imports count: a cycle hidden in a
function is still a cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent

ABOVE_CORE = (
    "dangjian.accounts", "dangjian.orgs", "dangjian.members", "dangjian.dues",
    "dangjian.assistant", "dangjian.api", "dangjian.demo", "dangjian.jobs", "dangjian.ops",
    "dangjian.home", "dangjian.urls",
)  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("dangjian", include_external_packages=True)


def import_cycles(graph: grimp.ImportGraph, package: str = "dangjian") -> list[list[str]]:
    """The strongly connected groups (two or more modules) of ``package``'s import graph,
    each sorted, by Tarjan's algorithm (iterative: the graph is a few hundred modules deep)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(f"{package}."))
    inside = set(modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    work: list[tuple[str, list[str]]] = []  # the depth-first path, with imports left to visit

    def enter(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        imported = sorted(graph.find_modules_directly_imported_by(module) & inside)
        work.append((module, imported))

    for start in modules:
        if start in index:
            continue
        enter(start)
        while work:
            module, pending = work[-1]
            if pending:
                target = pending.pop()
                if target not in index:
                    enter(target)
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def test_the_import_contracts_are_kept() -> None:
    # In a process of its own: import-linter configures logging, which would disable the
    # loggers of the modules already imported here for the tests that run after this one.
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache",
               "--config", str(ROOT / "pyproject.toml")]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (
        "an import contract of pyproject.toml is broken: run `uv run lint-imports`\n"
        + result.stdout[-2000:]
    )


def test_no_import_cycle_between_modules_of_the_package(graph: grimp.ImportGraph) -> None:
    assert import_cycles(graph) == []


def test_core_imports_nothing_above_it(graph: grimp.ImportGraph) -> None:
    upward = sorted(
        (module, imported)
        for module in graph.find_descendants("dangjian.core") | {"dangjian.core"}
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith(tuple(f"{p}." for p in ABOVE_CORE)) or imported in ABOVE_CORE
    )
    assert upward == []


def test_the_rules_layer_imports_no_django(graph: grimp.ImportGraph) -> None:
    rules = graph.find_descendants("dangjian.rules") | {"dangjian.rules"}
    django = sorted(
        (module, imported)
        for module in rules
        for imported in graph.find_modules_directly_imported_by(module)
        if imported == "django" or imported.startswith("django.")
    )
    assert django == []
    assert not any(graph.chain_exists(importer=m, imported="django") for m in rules)


def test_the_cycle_finder_finds_cycles_through_any_chain() -> None:
    small = grimp.ImportGraph()
    for importer, imported in [
        ("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"),  # a three-module cycle
        ("p.d", "p.e"), ("p.e", "p.d"),  # a two-module one
        ("p.f", "p.a"), ("p.g", "q.x"), ("q.x", "p.g"),  # outside the package: not counted
    ]:  # fmt: skip
        small.add_import(importer=importer, imported=imported)
    small.add_module("p")
    assert import_cycles(small, "p") == [["p.a", "p.b", "p.c"], ["p.d", "p.e"]]
