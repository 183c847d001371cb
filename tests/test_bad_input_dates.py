"""Dates at the ends of the calendar: a clear refusal (a form error or a 4xx), never a 500,
and the database exactly as it was.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from planner import limits
from tests.clock import TOMORROW
from tests.factories import (
    make_admin,
    make_runner,
    make_user,
)
from tests.http import browser_client
from tests.refusals import (
    admin_runner_data,
    block_data,
    copy_refused,
    database,
    last_monday_before,
    refused,
    runner_data,
)

pytestmark = pytest.mark.django_db

# --- 1. dates at the ends of the calendar ---

IMPLAUSIBLE_RACE_DATES = [
    pytest.param("0001-01-01", "2000", id="year-one"),
    pytest.param("1999-12-31", "2000", id="a-day-before-the-plausible-range"),
    pytest.param("9999-12-31", "in the future", id="year-9999"),
    pytest.param(TOMORROW.isoformat(), "in the future", id="tomorrow"),
]


@pytest.mark.parametrize(("race_date", "message"), IMPLAUSIBLE_RACE_DATES)
def test_coach_cannot_add_a_runner_with_an_implausible_race_date(
    race_date: str, message: str
) -> None:
    client = browser_client(make_user())
    text = refused(client, reverse("planner:runner_new"), runner_data(race_date=race_date))

    assert message in text


@pytest.mark.parametrize(("race_date", "message"), IMPLAUSIBLE_RACE_DATES)
def test_coach_cannot_change_a_runners_race_date_to_an_implausible_one(
    race_date: str, message: str
) -> None:
    runner = make_runner()
    client = browser_client(runner.coach)
    text = refused(
        client, reverse("planner:runner_edit", args=[runner.pk]), runner_data(race_date=race_date)
    )

    assert message in text


@pytest.mark.parametrize(
    "race_date", ["0001-01-01", "1999-12-31", "9999-12-31", TOMORROW.isoformat()]
)
def test_admin_cannot_store_a_runner_with_an_implausible_race_date(race_date: str) -> None:
    client = Client()
    client.force_login(make_admin())
    data = admin_runner_data(race_date=race_date)
    before = database()

    response = client.post(reverse("admin:planner_runner_add"), data)

    assert response.status_code == 200
    assert "A race date is from 01 January 2000" in response.text
    assert database() == before


@pytest.mark.parametrize(
    ("start", "weeks", "message"),
    [
        pytest.param(date(1, 1, 1), 4, "A block starts between 2000 to 2100", id="year-one"),
        pytest.param(last_monday_before(date(9999, 12, 31)), 4, "starts between", id="year-9999"),
        pytest.param(
            last_monday_before(limits.LATEST_DAY), 4, "must end by 31 December 2100", id="2100"
        ),
    ],
)
def test_coach_cannot_start_a_new_block_at_the_ends_of_the_calendar(
    start: date, weeks: int, message: str
) -> None:
    runner = make_runner()
    client = browser_client(runner.coach)
    text = refused(
        client,
        reverse("planner:block_new", args=[runner.pk]),
        block_data(start=start.isoformat(), weeks=weeks),
    )

    assert message in text


@pytest.mark.parametrize(
    "start", [date(1, 1, 1), last_monday_before(date(9999, 12, 31)), date(1999, 12, 27)]
)
def test_coach_cannot_copy_a_block_to_a_start_outside_the_plausible_range(start: date) -> None:
    text = copy_refused(lambda block: {"runner": block.runner.pk, "start": start.isoformat()})

    assert "A block starts between 2000 to 2100" in text
