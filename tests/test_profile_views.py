"""The runner's profile page: unit, usual run time and time zone, and the paces it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planner.models import Runner
from tests.access import covers
from tests.factories import make_runner
from tests.http import browser_client, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def runner() -> Runner:
    return make_runner(unit="mi")


@covers("planner:my_profile")
def test_a_runner_changes_unit_run_time_and_time_zone(runner: Runner) -> None:
    client = browser_client(runner.user)
    data = {"unit": "km", "usual_run_time": "06:45", "time_zone": "America/New_York"}

    response = post(client, reverse("planner:my_profile"), data)

    assert response.status_code == 302
    runner.refresh_from_db()
    assert (runner.unit, f"{runner.usual_run_time:%H:%M}", runner.time_zone) == (
        "km",
        "06:45",
        "America/New_York",
    )


def test_a_bad_time_zone_is_refused_and_nothing_is_saved(runner: Runner) -> None:
    client = browser_client(runner.user)
    data = {"unit": "km", "usual_run_time": "", "time_zone": "Mars/Olympus"}

    response = post(client, reverse("planner:my_profile"), data)

    assert response.status_code == 422
    assert "Mars/Olympus is not a time zone" in response.content.decode()
    runner.refresh_from_db()
    assert (runner.unit, runner.time_zone) == ("mi", "Europe/London")


def test_the_profile_shows_race_vdot_and_every_training_pace_in_the_unit(
    runner: Runner,
) -> None:
    client = browser_client(runner.user)

    html = client.get(reverse("planner:my_profile")).content.decode()

    assert "10 km in 50:00" in html
    assert "VDOT <strong>40.0</strong>" in html
    for name in ("Easy", "Marathon", "Threshold", "10K", "Interval"):
        assert f'<th scope="row">{name}</th>' in html
    assert "8:03 /mi" in html
