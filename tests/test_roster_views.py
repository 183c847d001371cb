"""The coach's roster: the dashboard, adding a runner, and who may open them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from planner.models import Runner, TrainingBlock
from planner.presenters import roster
from tests.access import covers
from tests.factories import make_block, make_runner, make_user, runner_form
from tests.http import browser_client, get, page_text, post

pytestmark = pytest.mark.django_db

DASHBOARD = "/coach/"
RUNNER_NEW = "/coach/runners/new/"
# Thursday of the second week of the factories' block (Monday 30 November 2026).
THURSDAY_NOON = datetime.datetime(2026, 12, 10, 12, 0, tzinfo=datetime.UTC)
NEW_PASSWORD = "long-run-sunday-42"


@pytest.fixture
def on_thursday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: THURSDAY_NOON)


# --- who may open what ---


@covers("planner:dashboard", "planner:runner_new")
@pytest.mark.parametrize(
    ("who", "method", "url", "status", "runners_after"),
    [
        ("owner", "get", DASHBOARD, 200, 1),
        ("other coach", "get", DASHBOARD, 200, 1),
        ("runner", "get", DASHBOARD, 404, 1),
        ("anonymous", "get", DASHBOARD, 302, 1),
        ("owner", "post", DASHBOARD, 405, 1),
        ("runner", "post", DASHBOARD, 404, 1),
        ("owner", "get", RUNNER_NEW, 200, 1),
        ("other coach", "get", RUNNER_NEW, 200, 1),
        ("runner", "get", RUNNER_NEW, 404, 1),
        ("anonymous", "get", RUNNER_NEW, 302, 1),
        ("owner", "post", RUNNER_NEW, 302, 2),
        ("other coach", "post", RUNNER_NEW, 302, 2),
        ("runner", "post", RUNNER_NEW, 404, 1),
        ("anonymous", "post", RUNNER_NEW, 302, 1),
    ],
)
def test_each_person_gets_what_their_role_allows(
    who: str, method: str, url: str, status: int, runners_after: int
) -> None:
    ana = make_runner(name="Ana Ribeiro")
    person = {"owner": ana.coach, "other coach": make_user(), "runner": ana.user}.get(who)
    client = browser_client(person)

    response = get(client, url) if method == "get" else post(client, url, runner_form())

    assert response.status_code == status
    assert Runner.objects.count() == runners_after
    if who == "anonymous":
        assert response["Location"] == f"/accounts/login/?next={url}"
    if runners_after == 2:
        assert Runner.objects.get(name="Bea Okafor").coach == person


@covers("planner:dashboard")
def test_coach_sees_only_their_own_runners() -> None:
    mine = make_runner(name="Ana Ribeiro")
    make_runner(name="Zed Stranger")

    mine_text = get(browser_client(mine.coach), DASHBOARD).text
    other_text = get(browser_client(make_user()), DASHBOARD).text

    assert "Ana Ribeiro" in mine_text
    assert "Zed Stranger" not in mine_text
    assert "Ana Ribeiro" not in other_text
    assert "No runners yet" in other_text


def test_post_without_csrf_token_is_refused_and_creates_nothing() -> None:
    response = browser_client(make_user()).post(RUNNER_NEW, runner_form())

    assert response.status_code == 403
    assert not Runner.objects.exists()
    assert mail.outbox == []


# --- the dashboard ---


def test_dashboard_shows_week_status_minutes_and_each_sessions_state(on_thursday: None) -> None:
    runner = make_runner(name="Ana Ribeiro")
    block = make_block(runner)
    week_two = {s.date.weekday(): s for s in block.sessions.filter(date__gte="2026-12-07")[:5]}
    week_two[0].mark_done(minutes=45)  # Monday
    week_two[3].mark_skipped("sore calf")  # Thursday, today
    planned = round(sum(s.total_seconds for s in week_two.values()) / 60)

    text = page_text(get(browser_client(runner.coach), DASHBOARD))

    assert 'Week 2 of 4 <span class="status status-draft">Draft</span>' in text
    assert f"{planned} min planned" in text
    assert "45 min done" in text
    for day, state in [("Mon", "done"), ("Tue", "missed"), ("Thu", "skipped"), ("Sat", "planned")]:
        assert f'{day} <span class="mark-state">{state}</span>' in text
    assert "Keeps the rules" in text
    assert reverse("planner:block_detail", args=[block.pk]) in text


def test_dashboard_shows_the_next_block_when_none_runs_today(on_thursday: None) -> None:
    runner = make_runner()
    make_block(runner, start=datetime.date(2027, 1, 4), published=True)

    text = page_text(get(browser_client(runner.coach), DASHBOARD))

    assert "Starts Mon 4 Jan, 4 weeks" in text
    assert "Published" in text
    assert "Not started" in text


def test_dashboard_ignores_a_finished_block_and_offers_to_plan_one(on_thursday: None) -> None:
    runner = make_runner()
    make_block(runner, start=datetime.date(2026, 10, 5))

    text = page_text(get(browser_client(runner.coach), DASHBOARD))

    assert "No block" in text
    assert reverse("planner:block_new", args=[runner.pk]) in text
    assert "Week " not in text


def test_dashboard_names_the_first_broken_rule_even_across_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = make_runner()
    make_block(runner)  # its long run is on Sunday 27 December
    later = make_block(runner, start=datetime.date(2026, 12, 28))
    # A progression run the day after that long run: no edit would allow it.
    later.sessions.filter(date="2026-12-28").update(kind="progression")
    # A change made outside the checked edits must raise the version (a repair or a
    # data migration would); the dashboard then checks that block again.
    TrainingBlock.objects.filter(pk=later.pk).update(version=F("version") + 1)
    monkeypatch.setattr(timezone, "now", lambda: THURSDAY_NOON + datetime.timedelta(weeks=3))
    expected = later.violations(later.sessions.order_by("date"))

    text = page_text(get(browser_client(runner.coach), DASHBOARD))

    assert expected
    assert expected[0].message in text
    assert "Keeps the rules" not in text
    later.refresh_from_db()
    assert not later.verdict_is_current  # a GET writes nothing


def test_dashboard_query_count_does_not_grow_with_runners(
    on_thursday: None, django_assert_max_num_queries: Any
) -> None:
    coach = make_user()
    make_block(make_runner(coach=coach), weeks=16)
    client = browser_client(coach)
    with CaptureQueriesContext(connection) as one_runner:
        assert get(client, DASHBOARD).status_code == 200
    for number in range(49):
        make_block(make_runner(coach=coach, name=f"Runner {number:02d}"), weeks=16)

    with django_assert_max_num_queries(len(one_runner)):
        response = get(client, DASHBOARD)

    assert response.status_code == 200
    assert response.text.count("Week 2 of 16") == 50


@pytest.mark.parametrize(
    ("asked", "shown", "names", "previous", "next_"),
    [
        ("1", "Runners 1–2 of 5", ["Ada", "Bo"], False, True),
        ("2", "Runners 3–4 of 5", ["Cy", "Di"], True, True),
        ("3", "Runners 5–5 of 5", ["Ed"], True, False),
        ("9", "Runners 5–5 of 5", ["Ed"], True, False),  # past the last: the last
        ("nine", "Runners 1–2 of 5", ["Ada", "Bo"], False, True),
    ],
)
def test_the_dashboard_pages_its_runners_by_name_and_counts_them_all(
    monkeypatch: pytest.MonkeyPatch,
    asked: str,
    shown: str,
    names: list[str],
    previous: bool,
    next_: bool,
) -> None:
    monkeypatch.setattr("planner.presenters.roster.RUNNERS_PER_PAGE", 2)
    coach = make_user()
    everyone = ["Ed", "Cy", "Ada", "Di", "Bo"]
    for name in everyone:
        make_runner(coach=coach, name=name)

    response = get(browser_client(coach), f"{DASHBOARD}?page={asked}")
    text = page_text(response)

    assert shown in text
    assert [name for name in sorted(everyone) if f">{name}</a>" in response.text] == names
    assert ("Previous" in text) is previous
    assert ("Next" in text) is next_


def test_the_dashboards_query_shapes_keep_nothing_they_read(on_thursday: None) -> None:
    coach = make_user()
    make_block(make_runner(coach=coach), weeks=16)
    client = browser_client(coach)

    first, second = get(client, DASHBOARD), get(client, DASHBOARD)

    assert first.status_code == second.status_code == 200
    # Built once at import and only ever narrowed: never run, so never holding rows.
    assert roster._ROSTER._result_cache is None
    assert roster._LATEST_NOTES._result_cache is None


def test_dashboard_shows_the_invitation_link_once() -> None:
    client = browser_client(make_user())
    post(client, RUNNER_NEW, runner_form())

    first, second = get(client, DASHBOARD), get(client, DASHBOARD)

    assert 'id="invitation-link"' in first.text
    assert "http://testserver/invite/" in first.text
    assert 'id="invitation-link"' not in second.text
    assert "http://testserver/invite/" not in second.text
    assert "Bea Okafor" in second.text


# --- adding a runner: the live race preview ---


@pytest.mark.parametrize(("unit", "pace"), [("mi", "8:03 /mi"), ("km", "5:00 /km")])
def test_race_preview_shows_vdot_and_ten_k_pace_in_the_runners_unit(unit: str, pace: str) -> None:
    race = {"race_distance_m": "10000", "race_time": "50:00", "unit": unit}

    response = get(browser_client(make_user()), RUNNER_NEW, race, htmx=True)

    assert response.status_code == 200
    assert "VDOT 40.0" in response.text
    assert pace in response.text
    assert response.text.lstrip().startswith('<div id="race-preview"')
    assert "<form" not in response.text


@pytest.mark.parametrize(
    ("distance", "time", "message"),
    [
        ("100", "0:15", "100 m is not a running race"),
        ("10000", "abc", "is not a time; write it as h:mm:ss"),
        ("10000", "1:00", "is 10,000 m per minute"),
        ("10000", "", "Type the race time"),
    ],
)
def test_race_preview_explains_a_race_the_tables_cannot_use(
    distance: str, time: str, message: str
) -> None:
    race = {"race_distance_m": distance, "race_time": time, "unit": "km"}

    response = get(browser_client(make_user()), RUNNER_NEW, race, htmx=True)

    assert response.status_code == 200
    assert message in response.text
    assert "VDOT 4" not in response.text


def test_plain_get_with_a_race_shows_the_whole_form_with_its_paces() -> None:
    race = {"race_distance_m": "5000", "race_time": "20:00", "unit": "km"}

    response = get(browser_client(make_user()), RUNNER_NEW, race)

    assert "<form" in response.text
    assert "VDOT 49.8" in response.text
    assert 'value="20:00"' in response.text


# --- adding a runner: the POST ---


def test_coach_adds_a_runner_who_is_emailed_a_one_time_link() -> None:
    coach = make_user()
    client = browser_client(coach)

    response = post(client, RUNNER_NEW, runner_form())

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    runner = Runner.objects.get()
    assert (runner.coach, runner.name, runner.unit) == (coach, "Bea Okafor", "km")
    assert (runner.race_distance_m, runner.race_seconds) == (10000, 3000)
    assert runner.race_date == datetime.date(2025, 10, 5)
    assert (runner.run_day_set, runner.long_run_day) == (frozenset({0, 1, 3, 5, 6}), 6)
    assert runner.user.username == runner.user.email == "bea.okafor@example.com"
    assert not runner.user.has_usable_password()
    assert [message.to for message in mail.outbox] == [["bea.okafor@example.com"]]
    link = re.search(r"http://testserver/invite/\S+/", str(mail.outbox[0].body))
    assert link is not None
    assert link.group() in get(client, DASHBOARD).text


def test_runner_with_no_long_run_day_is_added() -> None:
    post(browser_client(make_user()), RUNNER_NEW, runner_form(long_run_day="", unit="mi"))

    assert Runner.objects.values_list("long_run_day", "unit").get() == (None, "mi")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"race_distance_m": "100"}, "100 m is not a running race"),
        ({"race_time": "abc"}, "is not a time; write it as h:mm:ss"),
        ({"race_time": "50:75"}, "minutes and seconds there go up to 59"),
        ({"run_days": []}, "Choose at least one run day."),
        ({"long_run_day": "2"}, "Wednesday is not one of the run days"),
        ({"time_zone": "Mars/Olympus"}, "Mars/Olympus is not a time zone"),
        ({"race_date": "2999-01-01"}, "The race date is in the future"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_saved(
    overrides: dict[str, Any], message: str
) -> None:
    response = post(browser_client(make_user()), RUNNER_NEW, runner_form(**overrides))

    assert response.status_code == 422
    assert message in response.text
    assert "The runner was not added" in response.text
    assert not Runner.objects.exists()
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_an_email_already_in_use_is_refused_whatever_its_case() -> None:
    make_user(username="someone", email="bea.okafor@example.com")

    response = post(browser_client(make_user()), RUNNER_NEW, runner_form())

    assert response.status_code == 422
    assert "That address cannot be used for a new runner" in response.text
    assert not Runner.objects.exists()
    assert User.objects.count() == 2


def test_a_refused_form_keeps_what_the_coach_typed_and_its_preview() -> None:
    response = post(browser_client(make_user()), RUNNER_NEW, runner_form(run_days=[]))

    assert 'value="Bea Okafor"' in response.text
    assert "VDOT 40.0" in response.text


def test_the_dashboard_links_each_runner_to_a_new_block_and_exports() -> None:
    runner = make_runner()

    page = browser_client(runner.coach).get(reverse("planner:dashboard")).content.decode()

    assert reverse("planner:block_new", args=[runner.pk]) in page
    assert reverse("planner:runner_export", args=[runner.pk, "csv"]) in page


def test_a_large_roster_is_paged_fifty_at_a_time() -> None:
    coach = make_user()
    for number in range(55):
        make_runner(coach=coach, name=f"Runner {number:02d}")
    client = browser_client(coach)

    first = client.get(reverse("planner:dashboard")).content.decode()
    second = client.get(reverse("planner:dashboard"), {"page": 2}).content.decode()
    nonsense = client.get(reverse("planner:dashboard"), {"page": "x"}).content.decode()

    assert "Runner 00" in first
    assert "Runner 49" in first
    assert "Runner 50" not in first
    assert "Runners 1–50 of 55" in first
    assert "Runner 54" in second
    assert "Runner 00" not in second
    assert "Runner 00" in nonsense  # an unreadable page number shows the first page
