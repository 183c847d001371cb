"""Squads: members, planning every member's own block from one request, creating the
drafts one member at a time, publishing them in one action."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse

from planner.models import BlockStatus, ScheduledSession, Squad, SquadMember, TrainingBlock
from planner.models.sessions import ScheduledSessionQuerySet
from tests.access import covers
from tests.factories import make_user
from tests.http import browser_client, get, page_text, post
from tests.squads import START, THURSDAY, TUESDAY, member, plan_data, squad_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach() -> User:
    return make_user(username="squad-coach")


def progression_weekdays(block: TrainingBlock) -> set[int]:
    return {s.date.weekday() for s in block.sessions.filter(kind="progression")}


def test_a_coach_adds_their_runner_and_another_coachs_runner_is_refused_as_unknown(
    coach: User,
) -> None:
    squad = squad_of(coach)
    mine = member(coach, "Ana Ribeiro", {0, 1, 3, 5, 6})
    theirs = member(make_user(), "Ben Okafor", {0, 1, 3, 5, 6})
    client = browser_client(coach)
    url = reverse("planner:squad_members", args=[squad.pk])

    added = post(client, url, {"runner": mine.pk})
    other = post(client, url, {"runner": theirs.pk})
    unknown = post(client, url, {"runner": 999_999})

    assert added.status_code == 302
    assert other.status_code == unknown.status_code == 422
    assert "There is no such runner among yours." in page_text(other)
    assert "There is no such runner among yours." in page_text(unknown)
    assert "Ben Okafor" not in page_text(other)
    assert list(squad.members.all()) == [mine]


def test_a_runner_may_be_in_several_squads_and_leaves_one_without_losing_blocks(
    coach: User,
) -> None:
    ana = member(coach, "Ana Ribeiro", {0, 1, 3, 5, 6})
    tuesday, marathon = squad_of(coach, ana), squad_of(coach, ana, name="Marathon squad")
    client = browser_client(coach)

    removed = post(
        client, reverse("planner:squad_member_remove", args=[tuesday.pk]), {"runner": ana.pk}
    )

    assert removed.status_code == 302
    assert list(ana.squads.all()) == [marathon]


def test_members_with_different_run_days_get_different_rule_keeping_plans_from_one_request(
    coach: User,
) -> None:
    ana = member(coach, "Ana Ribeiro", {0, 1, 3, 5, 6})
    cleo = member(coach, "Cleo Marsh", {0, 2, 4, 5, 6}, long_run_day=5)
    squad = squad_of(coach, ana, cleo)

    response = post(
        browser_client(coach), reverse("planner:squad_plan", args=[squad.pk]), plan_data()
    )

    assert response.status_code == 302
    ana_block, cleo_block = (TrainingBlock.objects.get(runner=r) for r in (ana, cleo))
    assert {s.date.weekday() for s in ana_block.sessions.all()} <= {0, 1, 3, 5, 6}
    assert {s.date.weekday() for s in cleo_block.sessions.all()} <= {0, 2, 4, 5, 6}
    assert ana_block.sessions.get(date=START.replace(day=20)).kind == "long"  # Sunday
    assert cleo_block.sessions.get(date=START.replace(day=19)).kind == "long"  # Saturday
    for block in (ana_block, cleo_block):
        assert block.status == BlockStatus.DRAFT
        assert block.violations(block.sessions.all()) == []
        assert block.sessions.filter(kind="progression").count() == 6


def test_the_group_day_becomes_each_members_progression_day(coach: User) -> None:
    ana = member(coach, "Ana Ribeiro", {0, 1, 3, 5, 6})
    cleo = member(coach, "Cleo Marsh", {1, 2, 3, 5}, long_run_day=5)
    squad = squad_of(coach, ana, cleo)

    post(
        browser_client(coach),
        reverse("planner:squad_plan", args=[squad.pk]),
        plan_data(progression_days=[str(TUESDAY), str(THURSDAY)], progression_runs=8),
    )

    squad.refresh_from_db()
    assert squad.group_day_set == {TUESDAY, THURSDAY}
    for runner in (ana, cleo):
        assert progression_weekdays(TrainingBlock.objects.get(runner=runner)) <= {
            TUESDAY,
            THURSDAY,
        }


def test_a_member_who_cannot_be_planned_is_named_with_the_reason_while_the_others_are_created(
    coach: User,
) -> None:
    ana = member(coach, "Ana Ribeiro", {0, 1, 3, 5, 6})
    ben = member(coach, "Ben Okafor", {0, 2, 4, 6})
    squad = squad_of(coach, ana, ben)
    client = browser_client(coach)
    url = reverse("planner:squad_plan", args=[squad.pk])

    preview = get(
        client, url, plan_data(progression_days=[str(TUESDAY)], progression_runs=4), htmx=True
    )
    created = post(client, url, plan_data(progression_days=[str(TUESDAY)], progression_runs=4))

    reason = (
        "Ben: no run day on Tuesday, the group day; add it to Ben's run days or plan Ben "
        "on their own days."
    )
    assert reason in page_text(preview)
    assert "Ana Ribeiro: planned, 4 weeks, 4 progression runs" in page_text(preview)
    assert created.status_code == 302
    week = client.get(created["Location"])
    assert "No block for Ben Okafor: no run day on Tuesday, the group day" in page_text(week)
    assert TrainingBlock.objects.filter(runner=ana).count() == 1
    assert not TrainingBlock.objects.filter(runner=ben).exists()


def test_the_preview_stores_nothing_and_lists_every_member(coach: User) -> None:
    runners = [member(coach, f"Runner {n}", {0, 1, 3, 5, 6}) for n in range(3)]
    squad = squad_of(coach, *runners)
    client = browser_client(coach)
    url = reverse("planner:squad_plan", args=[squad.pk])

    page = client.get(url)
    posted = post(client, url, plan_data() | {"preview": "1"})

    for response in (page, posted):
        assert response.status_code == 200
        for runner in runners:
            assert f"{runner.name}: planned" in page_text(response)
    assert not TrainingBlock.objects.exists()


def test_a_write_failing_mid_way_leaves_that_member_without_a_block_and_the_others_with_theirs(
    coach: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    runners = [member(coach, name, {0, 1, 3, 5, 6}) for name in ("Ana", "Ben", "Cleo")]
    squad = squad_of(coach, *runners)
    store = ScheduledSessionQuerySet.store
    calls = {"n": 0}

    def failing_second(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise DatabaseError("disk full")
        return store(self, *args, **kwargs)

    monkeypatch.setattr(ScheduledSessionQuerySet, "store", failing_second)

    response = post(
        browser_client(coach), reverse("planner:squad_plan", args=[squad.pk]), plan_data()
    )

    assert response.status_code == 302
    ana, ben, cleo = runners
    assert TrainingBlock.objects.filter(runner=ana).count() == 1
    assert TrainingBlock.objects.filter(runner=cleo).count() == 1
    assert not TrainingBlock.objects.filter(runner=ben).exists()
    assert not ScheduledSession.objects.filter(block__runner=ben).exists()


def test_publishing_the_squads_blocks_publishes_every_draft_of_the_week_at_once(
    coach: User,
) -> None:
    runners = [member(coach, name, {0, 1, 3, 5, 6}) for name in ("Ana", "Ben")]
    squad = squad_of(coach, *runners)
    client = browser_client(coach)
    post(client, reverse("planner:squad_plan", args=[squad.pk]), plan_data())

    published = post(client, reverse("planner:squad_publish", args=[squad.pk, START]))

    assert published.status_code == 302
    assert set(TrainingBlock.objects.values_list("status", flat=True)) == {BlockStatus.PUBLISHED}


def test_one_block_that_breaks_the_rules_publishes_none_of_the_squad(coach: User) -> None:
    runners = [member(coach, name, {0, 1, 3, 5, 6}) for name in ("Ana", "Ben")]
    squad = squad_of(coach, *runners)
    client = browser_client(coach)
    post(client, reverse("planner:squad_plan", args=[squad.pk]), plan_data())
    broken = TrainingBlock.objects.get(runner=runners[1])
    # Two key sessions on consecutive days, written behind the rules' back.
    long_run = broken.sessions.filter(kind="long").order_by("date").first()
    assert long_run is not None
    saturday = broken.sessions.filter(date=long_run.date.replace(day=long_run.date.day - 1))
    saturday.update(kind="progression", hard_seconds=600)
    TrainingBlock.objects.filter(pk=broken.pk).update(version=broken.version + 1)

    refused = post(client, reverse("planner:squad_publish", args=[squad.pk, START]))

    assert refused.status_code == 302
    assert "Nothing was published." in page_text(client.get(refused["Location"]))
    assert set(TrainingBlock.objects.values_list("status", flat=True)) == {BlockStatus.DRAFT}


@covers("planner:squad_list")
def test_a_squad_name_is_the_coachs_own_and_unique_among_their_squads(coach: User) -> None:
    client = browser_client(coach)
    url = reverse("planner:squad_list")

    made = post(client, url, {"name": "Juniors"})
    again = post(client, url, {"name": "Juniors"})
    other = post(browser_client(make_user()), url, {"name": "Juniors"})

    assert made.status_code == other.status_code == 302
    assert again.status_code == 422
    assert "You already have a squad called Juniors." in page_text(again)
    assert Squad.objects.count() == 2
    assert SquadMember.objects.count() == 0


def test_a_squad_of_sixty_plans_with_a_bounded_number_of_queries_per_member(
    coach: User, django_assert_max_num_queries: Any
) -> None:
    runners = [member(coach, f"Runner {n:02}", {0, 1, 3, 5, 6}) for n in range(10)]
    squad = squad_of(coach, *runners)
    client = browser_client(coach)
    url = reverse("planner:squad_plan", args=[squad.pk])

    with django_assert_max_num_queries(10 + 5 * len(runners)):
        response = get(client, url, plan_data(), htmx=True)

    assert page_text(response).count(": planned") == len(runners)


def test_the_demo_data_has_a_squad_of_the_demo_runners_once(settings: Any) -> None:
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    squad = Squad.objects.get()
    assert squad.coach.username == "coach"
    assert [r.user.username for r in squad.members.order_by("name")] == ["ana", "ben"]
    page = browser_client(squad.coach).get(reverse("planner:squad_week", args=[squad.pk]))
    assert "Ana Ribeiro" in page_text(page)
    assert "Group day" in page_text(page)
