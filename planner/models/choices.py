"""The fixed vocabularies as the database and the admin see them.

Units, session kinds, segment amounts, pace anchors and zones are written once, as a
``Literal`` and its tuple in the pure module that reasons with them (``units``,
``rules``, ``resolution``); each ``TextChoices`` here is made from that tuple (member
``HARD`` for the value ``"hard"``) with the words a person reads. Code compares with the
values themselves (``zone == "hard"``), which mypy checks wherever the pure type is
expected. Only the statuses of a block and of a session, which no pure module reads,
are written here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import models

from planner.resolution import AMOUNT_KINDS, PACE_ANCHORS, ZONES
from planner.rules import SESSION_KINDS
from planner.units import UNIT_NAMES, UNITS

Value = TypeVar("Value", bound=str)


def _in_words(value: str) -> str:
    return value.replace("_", " ").capitalize()


def made_from(
    name: str, values: tuple[Value, ...], label: Callable[[Value], str] = _in_words
) -> type[models.TextChoices]:
    """A ``TextChoices`` whose values are ``values``, in their order, each labelled."""
    members = [(value.upper(), (value, label(value))) for value in values]
    # django-stubs types only the class form of TextChoices; the functional form is
    # Enum's, and Django's ChoicesType reads each (value, label) pair as a class would.
    made: type[models.TextChoices] = models.TextChoices(name, members)  # type: ignore[call-overload]
    return made


_PACE_ANCHOR_WORDS = {"ten_k": "10K pace", "segment": "Pace of segment…"}

Unit = made_from("Unit", UNITS, lambda unit: f"{UNIT_NAMES[unit].capitalize()} (min/{unit})")
WorkoutKind = made_from("WorkoutKind", SESSION_KINDS)
AmountKind = made_from(
    "AmountKind",
    AMOUNT_KINDS,
    lambda kind: "Same distance as segment…" if kind == "same_distance" else _in_words(kind),
)
PaceAnchor = made_from(
    "PaceAnchor",
    PACE_ANCHORS,
    lambda anchor: _PACE_ANCHOR_WORDS.get(anchor, f"{_in_words(anchor)} pace"),
)
Zone = made_from("Zone", ZONES)


class BlockStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
