"""Each list and each limit written once, and one markup for a field however it is drawn."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.forms import Form
from django.template.loader import render_to_string
from django.test import RequestFactory

from planner import limits, resolution, rules, units
from planner.forms.blocks import BlockForm, ChangeSessionForm
from planner.forms.renderer import compact_field
from planner.forms.week import DoneForm, SkipForm
from planner.models import (
    AmountKind,
    BlockChange,
    PaceAnchor,
    Runner,
    ScheduledSession,
    Unit,
    WorkoutKind,
    WorkoutTemplate,
    Zone,
)
from planner.presenters.week import build_week
from planner.weekdays import monday_of
from tests.clock import TEST_TODAY
from tests.factories import make_block, make_runner


@pytest.mark.parametrize(
    ("choices", "values"),
    [
        (Unit, units.UNITS),
        (WorkoutKind, rules.SESSION_KINDS),
        (AmountKind, resolution.AMOUNT_KINDS),
        (PaceAnchor, resolution.PACE_ANCHORS),
        (Zone, resolution.ZONES),
    ],
)
def test_each_database_choice_list_is_the_pure_list_in_its_order(
    choices: Any, values: tuple[str, ...]
) -> None:
    assert tuple(choices.values) == values
    assert [member.name for member in choices] == [value.upper() for value in values]


def test_the_choices_keep_the_words_the_admin_shows() -> None:
    assert Unit.choices == [("km", "Kilometres (min/km)"), ("mi", "Miles (min/mi)")]
    assert dict(PaceAnchor.choices)["ten_k"] == "10K pace"
    assert dict(AmountKind.choices)["same_distance"] == "Same distance as segment…"
    assert dict(WorkoutKind.choices)["progression"] == "Progression"


def test_the_key_kinds_and_the_easy_kinds_are_session_kinds() -> None:
    assert set(rules.SESSION_KINDS) == rules.KEY_KINDS | rules.EASY_KINDS


def _bounds(field: Any) -> tuple[Any, Any]:
    return field.min_value, field.max_value


def test_columns_and_forms_read_their_bounds_from_limits() -> None:
    def column(model: Any, name: str) -> Any:
        return model._meta.get_field(name)

    assert column(BlockChange, "summary").max_length == limits.SUMMARY_LENGTH
    assert (
        column(WorkoutTemplate, "name").max_length == column(ScheduledSession, "title").max_length
    )
    done = DoneForm(unit="km").fields
    assert _bounds(done["effort"]) == (limits.LOWEST_EFFORT, limits.HIGHEST_EFFORT)
    assert _bounds(done["minutes"]) == (
        limits.FEWEST_LOGGED_MINUTES,
        limits.LONGEST_SESSION_MINUTES,
    )
    assert _bounds(ChangeSessionForm().fields["minutes"]) == (
        limits.SHORTEST_SESSION_MINUTES,
        limits.LONGEST_SESSION_MINUTES,
    )
    assert _bounds(BlockForm.base_fields["weeks"]) == (limits.MIN_WEEKS, limits.MAX_WEEKS)


@pytest.mark.django_db
def test_effort_and_race_bounds_are_the_databases_too() -> None:
    checks = {
        constraint.name: str(getattr(constraint, "condition", ""))
        for model in (Runner, ScheduledSession)
        for constraint in model._meta.constraints
    }
    assert f"{limits.SHORTEST_RACE_M}" in checks["runner_race_distance_is_a_running_race"]
    assert f"{limits.LONGEST_RACE_M}" in checks["runner_race_distance_is_a_running_race"]
    assert f"{limits.HIGHEST_EFFORT}" in checks["session_effort_1_to_10"]


def test_a_distance_in_miles_is_logged_in_kilometres_by_the_units_module() -> None:
    form = DoneForm({"minutes": "40", "distance": "5"}, unit="mi")
    assert form.is_valid()
    assert form.distance_km() == pytest.approx(5 * units.metres_per_unit("mi") / 1000)


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize(
    "form",
    [
        DoneForm(unit="mi", initial={"minutes": 45.0, "distance": "6.2"}, auto_id="s7-%s"),
        DoneForm(
            {"minutes": "0", "distance": "-1", "effort": "11", "note": "<b>x</b>"},
            unit="km",
            auto_id="s7-%s",
        ),
        SkipForm(auto_id="s7-%s"),
        SkipForm({"reason": "x" * (limits.SKIP_REASON_LENGTH + 1)}, auto_id="s7-%s"),
    ],
)
def test_a_compact_field_is_the_markup_of_the_field_template(form: Form) -> None:
    form.is_bound and form.is_valid()
    for field in form:
        assert _tags(compact_field(field)) == _tags(field.as_field_group())


@pytest.mark.django_db
def test_the_week_draws_its_log_forms_bounds_from_the_limits() -> None:
    runner = make_runner()
    start = monday_of(TEST_TODAY) - timedelta(weeks=1)
    make_block(runner, published=True, start=start)
    request = RequestFactory().get("/")
    request.user = runner.user
    week = build_week(runner, start, TEST_TODAY)
    html = render_to_string("runner/week.html", {"week": week}, request=request)
    effort, minutes, reason = (
        re.search(f'<input[^>]* name="{name}"[^>]*>', html)
        for name in ("effort", "minutes", "reason")
    )
    assert effort
    assert minutes
    assert reason
    assert f'min="{limits.LOWEST_EFFORT}"' in effort[0]
    assert f'max="{limits.HIGHEST_EFFORT}"' in effort[0]
    assert f'min="{limits.FEWEST_LOGGED_MINUTES}"' in minutes[0]
    assert f'max="{limits.LONGEST_SESSION_MINUTES}"' in minutes[0]
    assert f'maxlength="{limits.SKIP_REASON_LENGTH}"' in reason[0]
