"""Helpers for the squad tests: a coach, a squad of runners with different weeks, the
plan form's data."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User

from planner.models import Runner, Squad
from planner.weekdays import days_to_mask
from tests.builder import builder_data
from tests.factories import make_runner

START = date(2026, 12, 14)  # the Monday after TEST_TODAY
TUESDAY, THURSDAY = 1, 3


def member(coach: User, name: str, run_days: set[int], long_run_day: int | None = 6) -> Runner:
    return make_runner(
        coach=coach, name=name, run_days=days_to_mask(run_days), long_run_day=long_run_day
    )


def squad_of(coach: User, *runners: Runner, name: str = "Tuesday group") -> Squad:
    squad = Squad.objects.create(coach=coach, name=name)
    for runner in runners:
        squad.add_member(runner)
    return squad


def plan_data(**overrides: Any) -> dict[str, Any]:
    """The squad's plan form: the new-block form less each runner's own days."""
    data = builder_data(start=START.isoformat(), **overrides)
    for own in ("run_days", "long_run_day"):
        data.pop(own, None)
    return data
