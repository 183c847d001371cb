"""What every template may read: the product's limits, so an input's bounds in the
HTML are the same numbers the forms and the database hold (``planner.limits``)."""

from __future__ import annotations

from types import ModuleType

from django.http import HttpRequest

from planner import limits


def product_limits(request: HttpRequest) -> dict[str, ModuleType]:
    return {"limits": limits}
