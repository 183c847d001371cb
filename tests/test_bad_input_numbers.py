"""Numbers past a database column, in forms, URLs and the admin, and formatting that never
overflows: a clear refusal, never a 500, the database as it was.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from planner import formatting, limits
from planner.models import ScheduledSession
from tests.clock import BLOCK_MONDAY
from tests.factories import (
    make_admin,
    make_block,
    make_runner,
    make_user,
    shipped,
)
from tests.http import browser_client
from tests.refusals import (
    HUGE,
    admin_runner_data,
    block_data,
    copy_refused,
    database,
    refused,
    runner_data,
)

pytestmark = pytest.mark.django_db

# --- 2. numbers too large for the database ---

NUMBERS_PAST_A_COLUMN = [HUGE, "-1", str(2**63), str(limits.LARGEST_DB_INTEGER + 1), "1e400"]


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
@pytest.mark.parametrize(
    "field",
    [
        "weeks",
        "easy_minutes",
        "long_minutes",
        "progression_runs",
        "aerobic_floor",
        "easy_template",
        "long_template",
        "progression_templates",
    ],
)
def test_a_new_block_with_a_number_past_its_column_is_refused(field: str, number: str) -> None:
    runner = make_runner()
    client = browser_client(runner.coach)
    text = refused(
        client, reverse("planner:block_new", args=[runner.pk]), block_data(**{field: number})
    )

    assert "To see the plan, fix" in text


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
@pytest.mark.parametrize("field", ["version", "template", "minutes"])
def test_a_session_change_with_a_number_past_its_column_is_refused(field: str, number: str) -> None:
    block = make_block()
    session = block.sessions.order_by("date").first()
    assert session is not None
    client = browser_client(block.runner.coach)
    data = {"version": block.version, "template": shipped("Easy run").pk, "minutes": 40}
    text = refused(
        client,
        reverse("planner:session_edit", args=[block.pk, session.pk]),
        data | {field: number},
        status=400,
    )

    assert "This change could not be read" in text


@pytest.mark.parametrize("number", [*NUMBERS_PAST_A_COLUMN, "abc", "1.5", "٣"])
def test_a_copy_for_a_runner_id_past_its_column_is_refused(number: str) -> None:
    text = copy_refused(
        lambda block: {"runner": number, "start": (block.end + timedelta(days=1)).isoformat()}
    )

    assert "Select a valid choice" in text


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
def test_a_new_runner_with_a_race_distance_past_its_column_is_refused(number: str) -> None:
    client = browser_client(make_user())
    text = refused(client, reverse("planner:runner_new"), runner_data(race_distance_m=number))

    assert "The runner was not added" in text


@pytest.mark.parametrize("number", NUMBERS_PAST_A_COLUMN)
def test_a_run_logged_with_an_effort_past_its_column_is_refused(number: str) -> None:
    runner = make_runner()
    make_block(runner, published=True, start=BLOCK_MONDAY - timedelta(weeks=1))
    session = ScheduledSession.objects.filter(date__lte=BLOCK_MONDAY).order_by("date").first()
    assert session is not None
    client = browser_client(runner.user)
    text = refused(
        client, reverse("planner:log_done", args=[session.pk]), {"minutes": "40", "effort": number}
    )

    assert "was not logged" in text


# --- 3. a huge race time in the admin ---


@pytest.mark.parametrize(
    ("field", "number"),
    [
        ("race_seconds", 10**30),
        ("race_seconds", 10**400),
        ("race_distance_m", 10**30),
        ("race_distance_m", 10**400),
    ],
)
def test_admin_refuses_a_race_number_past_its_column_with_a_message(
    field: str, number: int
) -> None:
    client = Client()
    client.force_login(make_admin())
    data = admin_runner_data(**{field: number})
    before = database()

    response = client.post(reverse("admin:planner_runner_add"), data)

    assert response.status_code == 200
    assert "That is not a race: 2147483647 is the most this field holds." in response.text
    assert database() == before


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_formatting_never_overflows_for_a_finite_number(number: float) -> None:
    for show in (
        formatting.percent,
        formatting.duration,
        formatting.minutes,
        lambda n: formatting.pace(n, "km"),
        lambda n: formatting.pace(n, "mi"),
        lambda n: formatting.distance(n, "km"),
        lambda n: formatting.distance(n, "mi"),
    ):
        try:
            shown = show(number)
        except ValueError:
            continue  # the formatter's own refusal of a negative or unshowable amount
        assert isinstance(shown, str)


def test_formatting_shows_the_largest_float_as_a_time_and_a_distance() -> None:
    assert re.fullmatch(r"[0-9]+:[0-5][0-9]:[0-5][0-9]", formatting.duration(1e30))
    assert formatting.distance(1.7e308, "km").endswith(" km")
    assert math.isfinite(float(formatting.minutes(1e308).split()[0]))
