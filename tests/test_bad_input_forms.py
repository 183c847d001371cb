"""Text past a column, blank credentials, the lock-out page, a taken day and an address in
use elsewhere: a form error that says what to change, and nothing stored.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from planner import limits
from planner.models import ScheduledSession
from tests.clock import BLOCK_MONDAY
from tests.factories import (
    make_admin,
    make_block,
    make_runner,
    make_user,
)
from tests.http import browser_client, csrf_token, post
from tests.refusals import (
    TOO_LONG,
    admin_runner_data,
    database,
    refused,
    runner_data,
)

pytestmark = pytest.mark.django_db

TEXT_NEW = ["name", "email", "race_time", "time_zone"]


# --- 4. text longer than its column ---


def test_ten_thousand_characters_in_every_text_input_are_refused_and_change_nothing() -> None:
    runner = make_runner()
    make_block(runner, published=True, start=BLOCK_MONDAY - timedelta(weeks=1))
    session = ScheduledSession.objects.filter(date__lte=BLOCK_MONDAY).order_by("date").first()
    assert session is not None
    admin = make_admin()
    forms: list[tuple[User, str, dict[str, Any], list[str], int]] = [
        (runner.coach, reverse("planner:runner_new"), runner_data(), TEXT_NEW, 422),
        (
            runner.coach,
            reverse("planner:runner_edit", args=[runner.pk]),
            runner_data(),
            ["name", "race_time", "time_zone"],
            422,
        ),
        (runner.user, reverse("planner:my_profile"), {"unit": "km"}, ["time_zone"], 422),
        (
            runner.user,
            reverse("planner:log_done", args=[session.pk]),
            {"minutes": "40"},
            ["note"],
            422,
        ),
        (runner.user, reverse("planner:log_skipped", args=[session.pk]), {}, ["reason"], 422),
        (
            admin,
            reverse("admin:planner_runner_add"),
            admin_runner_data(),
            ["name", "time_zone"],
            200,
        ),
    ]
    checked = 0
    for person, url, valid, fields, status in forms:
        client = browser_client(person)
        for field in fields:
            before = database()

            response = post(client, url, valid | {field: TOO_LONG})

            assert response.status_code == status, (url, field)
            assert "Ensure this value has at most" in response.text, (url, field)
            assert database() == before, (url, field)
            checked += 1
    assert checked == 12


@pytest.mark.parametrize("zone", ["a" * 256, "Europe/" + "a" * 300, "a" * 65])
def test_coach_gets_a_form_error_for_a_time_zone_longer_than_its_column(zone: str) -> None:
    client = browser_client(make_user())
    text = refused(client, reverse("planner:runner_new"), runner_data(time_zone=zone))

    assert f"at most {limits.TIME_ZONE_LENGTH} characters" in text


# --- 5. blank credentials ---


@pytest.mark.parametrize(
    ("username", "password", "blank"),
    [("", "", ["username", "password"]), ("   ", "x", ["username"]), ("cora", "", ["password"])],
)
def test_blank_credentials_show_a_message_under_each_blank_field(
    username: str, password: str, blank: list[str]
) -> None:
    make_user(username="cora")
    client = browser_client()
    before = database()

    response = client.post(
        reverse("login"),
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(client)},
    )

    assert response.status_code == 200
    page = response.text
    for field in blank:
        error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
        assert error is not None, field
        assert "This field is required." in error.group(1)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for described in re.findall(r'aria-describedby="([^"]+)"', page):
        assert set(described.split()) <= ids, described
    assert database() == before


# --- 6. the lock-out page ---


def test_the_lock_out_page_names_the_cool_off_and_promises_no_invitation_link() -> None:
    make_user(username="cora")
    client = Client(enforce_csrf_checks=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "cora", "password": "wrong", "csrfmiddlewaretoken": csrf_token(client)},
        )
    before = database()

    response = client.post(
        reverse("login"),
        {"username": "cora", "password": "wrong", "csrfmiddlewaretoken": csrf_token(client)},
    )

    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    assert response.status_code == 429
    assert f"Wait {minutes} minutes" in response.text
    assert "cool-off" in response.text
    assert "invitation link" not in response.text.lower()
    assert database() == before


# --- 7. the add-session form on a taken day ---


def test_the_add_session_form_refuses_a_day_that_already_has_a_session() -> None:
    block = make_block()
    session = block.sessions.order_by("date").first()
    assert session is not None
    client = browser_client(block.runner.coach)
    before = database()

    response = client.get(reverse("planner:session_add", args=[block.pk, session.date.isoformat()]))

    assert response.status_code == 422
    assert f"already has {session.title}; one session a day" in response.text
    assert database() == before


# --- 9. the add-runner form keeps other coaches' runners private ---


@pytest.mark.parametrize("owner", ["another coach's runner", "a coach", "an admin"])
def test_an_address_in_use_elsewhere_is_refused_without_saying_whose_it_is(owner: str) -> None:
    email = "taken@example.com"
    if owner == "another coach's runner":
        make_runner(user=make_user(username=email, email=email))
    elif owner == "a coach":
        make_user(username="some-coach", email=email)
    else:
        make_admin(username=email)
    client = browser_client(make_user())
    before = database()

    response = post(client, reverse("planner:runner_new"), runner_data(email=email.upper()))

    assert response.status_code == 422
    assert "That address cannot be used for a new runner" in response.text
    assert "already has an account" not in response.text
    assert "Ana Ribeiro" not in response.text
    assert database() == before


def test_an_address_of_the_coachs_own_runner_names_them_and_links_to_their_page() -> None:
    email = "mine@example.com"
    runner = make_runner(user=make_user(username=email, email=email), name="Mo Farrah")
    client = browser_client(runner.coach)
    before = database()

    response = post(client, reverse("planner:runner_new"), runner_data(email=email))

    edit = reverse("planner:runner_edit", args=[runner.pk])
    assert response.status_code == 422
    assert "is already your runner Mo Farrah" in response.text
    assert f'<a href="{edit}">change their details</a>' in response.text
    assert database() == before
