"""The coach changes a runner's details: a new race result, run days, and who may."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.access import covers
from tests.factories import make_runner, make_user, runner_edit_form
from tests.http import browser_client, page_ok, post

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "long-run-sunday-42"


# --- a new race result and other changes to a runner ---


def edit_data(**overrides: Any) -> dict[str, Any]:
    return runner_edit_form(
        **{
            "race_distance_m": 5000,
            "race_time": "21:30",
            "run_days": ["0", "2", "4", "6"],
            **overrides,
        }
    )


def test_the_coach_sees_the_runners_details_ready_to_change() -> None:
    runner = make_runner(race_distance_m=10000, race_seconds=3000)

    text = page_ok(browser_client(runner.coach), reverse("planner:runner_edit", args=[runner.pk]))

    assert 'value="50:00"' in text
    assert "VDOT 40.0" in text
    assert "Save details" in text


@covers("planner:runner_edit")
def test_the_coach_enters_a_new_race_and_run_days() -> None:
    runner = make_runner()

    response = post(
        browser_client(runner.coach), reverse("planner:runner_edit", args=[runner.pk]), edit_data()
    )

    runner.refresh_from_db()
    assert response.status_code == 302
    assert (runner.race_distance_m, runner.race_seconds) == (5000, 21 * 60 + 30)
    assert runner.run_day_set == frozenset({0, 2, 4, 6})
    assert runner.user.email.startswith("user")  # the login is untouched


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"race_time": "abc"}, id="time-not-a-time"),
        pytest.param({"race_distance_m": 100}, id="a-100-m-race"),
        pytest.param({"long_run_day": "1"}, id="long-run-on-a-rest-day"),
    ],
)
def test_a_bad_change_to_a_runner_saves_nothing(overrides: dict[str, Any]) -> None:
    runner = make_runner(race_distance_m=10000, race_seconds=3000)

    response = post(
        browser_client(runner.coach),
        reverse("planner:runner_edit", args=[runner.pk]),
        edit_data(**overrides),
    )

    runner.refresh_from_db()
    assert response.status_code == 422
    assert (runner.race_distance_m, runner.race_seconds) == (10000, 3000)


@covers("planner:runner_edit")
@pytest.mark.parametrize("who", ["another coach", "the runner"])
def test_strangers_cannot_see_or_change_a_runners_details(who: str) -> None:
    runner = make_runner(race_seconds=3000)
    person = make_user() if who == "another coach" else runner.user
    client = browser_client(person)
    url = reverse("planner:runner_edit", args=[runner.pk])

    assert client.get(url).status_code == 404
    assert post(client, url, edit_data()).status_code == 404
    runner.refresh_from_db()
    assert runner.race_seconds == 3000
