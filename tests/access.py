"""Which tests check who may use each view.

A test declares the named views it checks with ``@covers("planner:view_name")``: the
owner's use, a stranger's 404, the other kind of user, an anonymous visitor. The walk in
``test_access_walk.py`` imports every test module, then fails for a view no test covers
and for a covered name that is no view, so a renamed or moved test keeps its claim and a
misspelt view name cannot pass unnoticed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Test = TypeVar("Test", bound=Callable[..., object])

_COVERED: defaultdict[str, set[str]] = defaultdict(set)


def covers(*views: str) -> Callable[[Test], Test]:
    """Record that the decorated test checks who may use each of ``views``."""
    assert views, "name the views the test covers"

    def declare(test: Test) -> Test:
        name = f"{test.__module__}.{test.__name__}"
        assert test.__name__.startswith("test_"), f"{name} is not collected by pytest"
        for view in views:
            _COVERED[view].add(name)
        return test

    return declare


def covered_views() -> dict[str, set[str]]:
    """Every view some test covers, with those tests; every test module is imported first
    (the browser tests' too), so the answer does not depend on which tests were collected."""
    root = Path(__file__).resolve().parent
    for module in pkgutil.walk_packages([str(root)], prefix="tests."):
        if module.name.rsplit(".", 1)[-1].startswith("test_"):
            importlib.import_module(module.name)
    return {view: set(tests) for view, tests in _COVERED.items()}
