"""The layers hold: pure modules stay free of Django, and `planner/` keeps its shape.

The pure modules are where the rules live; they are imported in a fresh interpreter
so that nothing else the suite has loaded can hide a Django import.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANNER = ROOT / "planner"
PURE_MODULES = [
    "planner.paces",
    "planner.rules",
    "planner.scheduling",
    "planner.placement",
    "planner.rotation_search",
    "planner.resolution",
    "planner.weekdays",
    "planner.units",
    "planner.formatting",
    "planner.limits",
    "planner.bands",
    "planner.advice",
    "planner.watch",
    "planner.errors",
    "planner.demo_runs",
    "planner.runs",
    *sorted(
        f"planner.runs.{path.stem}"
        for path in (PLANNER / "runs").glob("*.py")
        if path.stem != "__init__"
    ),
]
MAX_LINES = 450
# Every Python file outside migrations is held to MAX_LINES: the app, its tests, the
# benchmarks, the tools and the settings.
CHECKED_FOR_LENGTH = ("planner", "tests", "bench", "tools", "config")
# Test modules still over MAX_LINES while the tests are being split by what they test;
# each is taken off this list when it is split (the test fails on a stale entry too).
NOT_YET_SPLIT: frozenset[str] = frozenset()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def planner_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted(PLANNER.rglob("*.py"))
        if "migrations" not in path.relative_to(PLANNER).parts
    }


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The planner modules this one imports anywhere: top level, in functions, for typing."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                # `from package import module` imports the module, not just the package.
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {module for module in found if module in known and module != name}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as the path that closes it, or None."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        for target in sorted(graph[module]):
            cycle = visit(target, [*path, module])
            if cycle:
                return cycle
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module, [])
        if cycle:
            return cycle
    return None


@pytest.mark.parametrize("module", PURE_MODULES)
def test_a_pure_module_imports_without_django(module: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}

    result = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print('django' in sys.modules)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False", f"importing {module} imports Django"


def test_no_import_cycle_inside_planner() -> None:
    modules = planner_modules()
    graph = {name: imported_modules(name, path, set(modules)) for name, path in modules.items()}

    cycle = find_cycle(graph)

    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def line_counts() -> dict[str, int]:
    """Lines of every Python file outside migrations, by its path from the checkout."""
    return {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for folder in CHECKED_FOR_LENGTH
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    }


def test_no_module_anywhere_is_over_450_lines() -> None:
    counts = line_counts()
    too_long = {
        path: lines
        for path, lines in counts.items()
        if lines > MAX_LINES and path not in NOT_YET_SPLIT
    }
    split_already = sorted(path for path in NOT_YET_SPLIT if counts.get(path, 0) <= MAX_LINES)

    assert too_long == {}, "split these by meaning"
    assert split_already == [], "take these off NOT_YET_SPLIT"


def test_the_line_count_reaches_the_benchmarks_and_the_tests() -> None:
    counts = line_counts()

    assert "bench/bench_http.py" in counts
    assert "tests/test_layers.py" in counts
    assert not any("migrations" in path for path in counts)


def test_no_view_recovers_the_coach_or_runner_with_a_private_helper() -> None:
    # The audience decorators hand views request.coach and request.runner.
    found = [
        f"{path.name}:{node.lineno} {node.name}"
        for path in sorted((PLANNER / "views").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name in ("_coach", "_runner")
    ]

    assert found == []
