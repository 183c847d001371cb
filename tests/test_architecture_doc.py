"""docs/architecture.md says what the code is: its module table and its drawing are checked.

The table names every module of `planner/` (outside `migrations/` and the `__init__.py`
files), either by its path in the first column or, inside a folder row such as
`planner/models/`, by its file name in that row; and it names no module that is gone.
The drawing's pure box has arrows that point the way the imports go.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from tests.test_layers import PLANNER, PURE_MODULES, ROOT, imported_modules, planner_modules

DOC = ROOT / "docs" / "architecture.md"
ARROW = "─►"
# A group of modules joined by " · ", then one or more arrows to further groups.
GROUP = r"[\w/]+(?: · [\w/]+)*"
CHAIN = re.compile(rf"{GROUP}(?:\s*{ARROW}\s*{GROUP})+")


def table_rows() -> dict[str, str]:
    """The module table's first cell (a path) and the rest of its row."""
    text = DOC.read_text()
    table = text[text.index("## What each module is for") :]
    rows = {}
    for line in table.splitlines():
        match = re.match(r"\| `([^`]+)` \| (.*) \|$", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


def pure_box() -> list[str]:
    """The lines inside the drawing's pure box, between its side walls."""
    lines = DOC.read_text().splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith(" pure "))
    box = []
    for line in lines[top:]:
        if "└" in line:
            break
        box.append(line.split("│")[1])
    return box


def arrows(box: list[str]) -> set[tuple[str, str]]:
    """Every (importer, imported) pair the drawing shows, as written (``runs/`` a folder)."""
    found: set[tuple[str, str]] = set()
    for line in box:
        for chain in CHAIN.finditer(line):
            groups = [group.split(" · ") for group in re.split(rf"\s*{ARROW}\s*", chain.group())]
            for before, after in pairwise(groups):
                found.update((a.strip(), b.strip()) for a in before for b in after)
    return found


def modules_drawn_as(name: str, modules: dict[str, Path]) -> set[str]:
    """``runs/`` stands for the package and every module in it; ``paces`` for planner.paces."""
    dotted = "planner." + name.rstrip("/")
    return {module for module in modules if module == dotted or module.startswith(dotted + ".")}


def uncovered(rows: dict[str, str], modules: list[str]) -> list[str]:
    missing = []
    for path in modules:
        folders = [row for row in rows if row.endswith("/") and path.startswith(row)]
        named_in_folder = any(f"`{path.removeprefix(row)}`" in rows[row] for row in folders)
        if path not in rows and not named_in_folder:
            missing.append(path)
    return missing


def planner_module_paths() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in PLANNER.rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    )


def test_the_module_table_names_every_module_in_planner() -> None:
    assert uncovered(table_rows(), planner_module_paths()) == []


def test_a_module_missing_from_the_table_is_named() -> None:
    rows = {"planner/models/": "tables: `runners.py`", "planner/paces.py": "paces"}

    missing = uncovered(rows, ["planner/paces.py", "planner/models/runners.py", "planner/x.py"])

    assert missing == ["planner/x.py"]


def test_every_module_the_table_names_exists() -> None:
    gone = []
    for path, text in table_rows().items():
        if not (ROOT / path).exists():
            gone.append(path)
        if path.startswith("planner/") and path.endswith("/"):
            named = re.findall(r"`([\w/]+\.py)`", text)
            gone += [path + name for name in named if not (ROOT / path / name).exists()]

    assert gone == []


def test_every_name_the_table_gives_is_in_the_code() -> None:
    code = " ".join(path.read_text() for path in planner_modules().values())
    words = set(re.findall(r"\w+", code))
    names = {
        name
        for text in table_rows().values()
        for name in re.findall(r"`([A-Za-z_][\w.]*)`", text)
        if not name.endswith(".py") and not name.startswith("planner.")
    }

    assert sorted(name for name in names if name.rsplit(".", 1)[-1] not in words) == []


def test_every_arrow_in_the_pure_box_is_an_import_the_code_makes() -> None:
    modules = planner_modules()
    known = set(modules)
    drawn = arrows(pure_box())
    wrong = []
    for importer, imported in sorted(drawn):
        sources = modules_drawn_as(importer, modules)
        targets = modules_drawn_as(imported, modules)
        made = set().union(*(imported_modules(m, modules[m], known) for m in sources))
        if not sources or not targets or not made & targets:
            wrong.append(f"{importer} ─► {imported}")

    assert drawn, "the pure box shows no arrows"
    assert wrong == []


def test_the_pure_box_shows_every_pure_module() -> None:
    words = set(re.findall(r"[\w/]+", " ".join(pure_box())))
    shown = {
        module
        for module in PURE_MODULES
        if any(modules_drawn_as(word, {module: PLANNER}) for word in words)
    }

    assert sorted(set(PURE_MODULES) - shown) == []


def test_the_arrow_reader_reads_chains_and_groups() -> None:
    box = ["a ─► b · c ─► d    e ─► f", "beneath: g ─► h · i"]

    assert arrows(box) == {
        ("a", "b"),
        ("a", "c"),
        ("b", "d"),
        ("c", "d"),
        ("e", "f"),
        ("g", "h"),
        ("g", "i"),
    }
