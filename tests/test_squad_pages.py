"""The squad's week: a row per member, its edits (the group day's workout, copying
forward), its export, and who may open any of it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from planner.models import BlockStatus, Recording, TrainingBlock
from planner.models.squads import create_squad_drafts, publish_squad
from tests.access import covers
from tests.factories import block_choices, make_user, shipped
from tests.http import browser_client, page_text, post
from tests.recording_files import gpx_file, run_points
from tests.runs import AS_PLANNED, RUN_DAY, tuesday_block
from tests.squads import START, TUESDAY, member, squad_of

pytestmark = pytest.mark.django_db

SQUAD_VIEWS = (
    "squad_week",
    "squad_week_of",
    "squad_members",
    "squad_member_remove",
    "squad_plan",
    "squad_publish",
    "squad_group_day",
    "squad_copy",
    "squad_export",
)

GET_ONLY = {"squad_week", "squad_week_of", "squad_export"}
POST_ONLY = {"squad_member_remove", "squad_publish", "squad_group_day", "squad_copy"}


@pytest.fixture
def coach() -> User:
    return make_user(username="squad-coach")


def planned_squad(coach: User, size: int, *, published: bool = True) -> Any:
    runners = [member(coach, f"Runner {n:02}", {0, 1, 3, 5, 6}) for n in range(size)]
    squad = squad_of(coach, *runners)
    create_squad_drafts(
        squad, block_choices(start=START, progression_runs=4), frozenset({TUESDAY}), coach
    )
    if published:
        publish_squad(squad, START, coach)
    return squad


def week_url(squad: Any, day: date = START) -> str:
    return reverse("planner:squad_week_of", args=[squad.pk, day])


def test_the_week_shows_each_members_sessions_group_days_shares_and_who_has_no_plan(
    coach: User,
) -> None:
    squad = planned_squad(coach, 2)
    squad.add_member(member(coach, "Zoe Unplanned", {0, 2, 4}))

    page = page_text(browser_client(coach).get(week_url(squad)))

    assert page.count("Group day") >= 1
    assert "Runner 00" in page
    assert "Runner 01" in page
    assert "No published plan this week: Zoe Unplanned." in page
    assert "Steady 40 + fast 10" in page
    assert "Key session:" in page
    assert "Aerobic planned" in page
    assert "Previous week" in page
    assert "Next week" in page


def test_the_week_shows_the_recorded_verdict_and_the_actual_aerobic_share(coach: User) -> None:
    runner = member(coach, "Ana Ribeiro", {1})
    runner.time_zone = "Europe/London"
    runner.save()
    tuesday_block(runner)
    Recording.objects.store_upload(runner, gpx_file(run_points(AS_PLANNED)), "run.gpx")
    squad = squad_of(coach, runner)

    page = page_text(browser_client(coach).get(week_url(squad, RUN_DAY)))

    assert "✓ As planned" in page
    assert page.count(" %") >= 2  # planned and actual shares


@pytest.mark.parametrize("size", [3, 30])
def test_the_week_runs_the_same_queries_whatever_the_squads_size(
    coach: User, size: int, django_assert_num_queries: Any
) -> None:
    squad = planned_squad(coach, size)
    client = browser_client(coach)
    client.get(week_url(squad))  # the session row and the like, read once

    with django_assert_num_queries(10):
        response = client.get(week_url(squad))

    assert page_text(response).count("Runner ") >= size


def test_the_week_is_paged_past_sixty_members(coach: User) -> None:
    runners = [member(coach, f"Runner {n:02}", {0, 1, 3, 5, 6}) for n in range(61)]
    squad = squad_of(coach, *runners)
    client = browser_client(coach)

    first = page_text(client.get(week_url(squad)))
    second = page_text(client.get(week_url(squad) + "?page=2"))

    assert "Runner 59" in first
    assert "Runner 60" not in first
    assert "Runner 60" in second
    assert "Page 2 of 2" in second


def test_changing_the_group_days_workout_changes_it_for_every_member_with_a_progression_run(
    coach: User,
) -> None:
    squad = planned_squad(coach, 2, published=False)
    tuesday = START + timedelta(days=TUESDAY)
    fifths = shipped("Out and back (45 minutes)")
    assert fifths.kind == "progression"

    response = post(
        browser_client(coach),
        reverse("planner:squad_group_day", args=[squad.pk, START]),
        {"day": tuesday.isoformat(), "template": fifths.pk},
    )

    assert response.status_code == 302
    titles = TrainingBlock.objects.filter(sessions__date=tuesday).values_list(
        "sessions__title", flat=True
    )
    assert list(titles) == ["Out and back (45 minutes)"] * 2


def test_a_member_whose_block_would_break_keeps_their_session_and_is_named(coach: User) -> None:
    squad = planned_squad(coach, 2, published=False)
    tuesday = START + timedelta(days=TUESDAY)
    hard = shipped("Out and back (45 minutes)")
    # Runner 01's Monday run becomes a key session the day before the group day, so
    # their block breaks the 48-hour rule with any progression run on Tuesday.
    runner_01 = TrainingBlock.objects.get(runner__name="Runner 01")
    runner_01.sessions.filter(date=START).update(kind="long")
    TrainingBlock.objects.filter(pk=runner_01.pk).update(version=runner_01.version + 1)
    client = browser_client(coach)

    response = post(
        client,
        reverse("planner:squad_group_day", args=[squad.pk, START]),
        {"day": tuesday.isoformat(), "template": hard.pk},
    )

    page = page_text(client.get(response["Location"]))
    assert "changed to Out and back (45 minutes) for Runner 00." in page
    assert "Runner 01 left unchanged:" in page
    assert runner_01.sessions.get(date=tuesday).title != hard.name


def test_copying_forward_copies_every_members_block_to_the_next_start(coach: User) -> None:
    squad = planned_squad(coach, 2)
    after = START + timedelta(weeks=4)

    response = post(
        browser_client(coach),
        reverse("planner:squad_copy", args=[squad.pk, START]),
        {"start": after.isoformat()},
    )

    assert response.status_code == 302
    copies = TrainingBlock.objects.filter(start=after)
    assert copies.count() == 2
    assert set(copies.values_list("status", flat=True)) == {BlockStatus.DRAFT}


def test_the_export_gives_each_runners_unit_and_neutralises_formulas(coach: User) -> None:
    squad = planned_squad(coach, 1)
    miler = squad.members.get()
    km = member(coach, "=HYPERLINK(evil)", {0, 1, 3, 5, 6})
    km.unit = "km"
    km.save()
    squad.add_member(km)
    create_squad_drafts(
        squad,
        block_choices(start=START + timedelta(weeks=4), progression_runs=4),
        frozenset({TUESDAY}),
        coach,
    )
    TrainingBlock.objects.filter(runner=km).update(start=START, end=START + timedelta(days=27))
    client = browser_client(coach)

    as_csv = client.get(reverse("planner:squad_export", args=[squad.pk, START, "csv"]))
    as_json = client.get(reverse("planner:squad_export", args=[squad.pk, START, "json"]))

    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert {(r["runner"], r["unit"]) for r in rows} == {
        (miler.name, "mi"),
        ("'=HYPERLINK(evil)", "km"),
    }
    sessions = json.loads(as_json.content)["sessions"]
    assert {s["unit"] for s in sessions} == {"mi", "km"}
    tuesday_rows = [r for r in rows if r["date"] == (START + timedelta(days=1)).isoformat()]
    assert {r["group_day"] for r in tuesday_rows} == {"True"}


@covers(
    "planner:squad_list",
    "planner:squad_week",
    "planner:squad_week_of",
    "planner:squad_members",
    "planner:squad_member_remove",
    "planner:squad_plan",
    "planner:squad_publish",
    "planner:squad_group_day",
    "planner:squad_copy",
    "planner:squad_export",
)
def test_a_coach_reaches_only_their_squads_and_runners_and_strangers_get_404(
    coach: User,
) -> None:
    squad = planned_squad(coach, 1)
    runner = squad.members.get()
    kwargs: dict[str, dict[str, Any]] = {
        "squad_week": {},
        "squad_members": {},
        "squad_member_remove": {},
        "squad_plan": {},
        "squad_week_of": {"day": START},
        "squad_publish": {"day": START},
        "squad_group_day": {"day": START},
        "squad_copy": {"day": START},
        "squad_export": {"day": START, "file_format": "csv"},
    }
    assert set(kwargs) == set(SQUAD_VIEWS)
    others = [browser_client(make_user()), browser_client(runner.user)]
    before = list(TrainingBlock.objects.values_list("pk", "status", "version"))

    for name, extra in kwargs.items():
        url = reverse(f"planner:{name}", kwargs={"squad_id": squad.pk, **extra})
        for client in others:
            # Another coach learns only which methods an address takes, never whose it is.
            coach_asks = client is others[0]
            got = client.get(url).status_code
            assert got == (405 if coach_asks and name in POST_ONLY else 404), name
            posted = post(client, url, {"runner": runner.pk}).status_code
            assert posted == (405 if coach_asks and name in GET_ONLY else 404), name
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert "/accounts/login/" in anonymous["Location"]

    assert browser_client(coach).get(week_url(squad)).status_code == 200
    assert list(TrainingBlock.objects.values_list("pk", "status", "version")) == before
    assert squad.members.count() == 1
    mine = page_text(browser_client(coach).get(reverse("planner:squad_list")))
    theirs = page_text(browser_client(make_user()).get(reverse("planner:squad_list")))
    assert "Tuesday group" in mine
    assert "Tuesday group" not in theirs


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("9999-12-31", "Choose a day 2000 to 2100."),
        ("not a day", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_a_group_day_change_for_an_impossible_day_is_refused_and_changes_nothing(
    coach: User, day: str, message: str
) -> None:
    squad = planned_squad(coach, 1)
    before = list(TrainingBlock.objects.values_list("pk", "version"))
    client = browser_client(coach)

    response = post(
        client,
        reverse("planner:squad_group_day", args=[squad.pk, START]),
        {"day": day, "template": shipped("Out and back (45 minutes)").pk},
    )

    assert response.status_code == 302
    assert message in page_text(client.get(response["Location"]))
    assert list(TrainingBlock.objects.values_list("pk", "version")) == before
