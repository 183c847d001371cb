"""Pieces of the models' check constraints that several models share."""

from __future__ import annotations

from django.db.models import Q, UniqueConstraint

from planner.limits import LONGEST_SESSION_MINUTES, SHORTEST_SESSION_MINUTES


def empty_or_between(field: str, low: float, high: float) -> Q:
    """An optional column's range: empty, or from ``low`` to ``high`` inclusive.

    Built the way the constraints were first written, so the migrations see no change.
    """
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high})


def empty_or_session_minutes(field: str) -> Q:
    """A coach's optional length for a session: empty (the template's own), or a length
    the planner accepts."""
    return empty_or_between(field, SHORTEST_SESSION_MINUTES, LONGEST_SESSION_MINUTES)


def unique_position(parent: str, name: str) -> UniqueConstraint:
    """One row per position within its parent (a block's rotation, a session's segments)."""
    return UniqueConstraint(fields=[parent, "position"], name=name)
