"""Coaching a coach would sign, on the pages: logged sessions as history, the block
page's plan and report, the dashboard's notes, the preview's refusals, advice, and the
easy-pace override."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from planner.errors import BlockRefused
from planner.models import Runner, ScheduledSession, TrainingBlock, edits
from tests.builder import builder_data, new_block_url, rows, runner_for
from tests.clock import BLOCK_MONDAY
from tests.factories import make_block, shipped
from tests.http import browser_client, get, page_ok, post
from tests.rulebook import FIFTHS, STEADY_40_FAST_10

pytestmark = pytest.mark.django_db


# --- 5. a logged session is history ---


@pytest.fixture
def logged_block(coach: User) -> tuple[TrainingBlock, ScheduledSession]:
    block = make_block(runner_for(coach, 50), published=True)
    session = block.sessions.filter(kind="easy").order_by("date").first()
    assert session is not None
    session.mark_done(minutes=42, distance_km=7.5, effort=4, note="Legs heavy")
    return block, session


@pytest.mark.parametrize("edit", ["change", "move", "remove"])
def test_a_logged_session_cannot_be_changed_moved_or_removed(
    logged_block: tuple[TrainingBlock, ScheduledSession], edit: str
) -> None:
    block, session = logged_block
    before = rows(block)
    free = next(
        block.start + timedelta(days=d)
        for d in range(28)
        if not block.sessions.filter(date=block.start + timedelta(days=d)).exists()
    )

    attempts: dict[str, Callable[[], object]] = {
        "change": lambda: edits.change_session(
            block, session.pk, template=shipped("Easy run"), minutes=50, version=block.version
        ),
        "move": lambda: edits.move_session(block, session.pk, free, version=block.version),
        "remove": lambda: edits.remove_session(block, session.pk, version=block.version),
    }

    with pytest.raises(BlockRefused) as refusal:
        attempts[edit]()

    assert str(refusal.value) == (
        f"{session.date:%a} {session.date.day} {session.date:%b} was logged as done by "
        "Ana Ribeiro; a logged session is history and cannot be changed."
    )
    assert rows(block) == before
    block.refresh_from_db()
    assert block.version == 2


def test_the_block_page_answers_a_refused_edit_of_a_logged_session_with_422(
    coach: User, logged_block: tuple[TrainingBlock, ScheduledSession]
) -> None:
    block, session = logged_block
    before = rows(block)

    response = post(
        browser_client(coach),
        reverse("planner:session_remove", args=[block.pk, session.pk]),
        {"version": block.version},
    )

    assert response.status_code == 422
    assert "a logged session is history" in response.content.decode()
    assert rows(block) == before


def test_updating_paces_leaves_logged_sessions_alone(
    logged_block: tuple[TrainingBlock, ScheduledSession],
) -> None:
    block, session = logged_block
    skipped = block.sessions.filter(kind="easy").order_by("date")[1]
    skipped.mark_skipped("Flu")
    kept = {s.pk: (s.total_seconds, s.sequence) for s in (session, skipped)}
    runner = block.runner
    runner.race_seconds = 45 * 60
    runner.save()

    changed = edits.refresh_paces(block, block.start, version=block.version)

    assert changed == block.sessions.count() - 2
    for pk, (seconds, sequence) in kept.items():
        stored = ScheduledSession.objects.get(pk=pk)
        assert (stored.total_seconds, stored.sequence) == (seconds, sequence)


def test_moving_another_session_onto_a_logged_day_is_refused(
    logged_block: tuple[TrainingBlock, ScheduledSession],
) -> None:
    block, session = logged_block
    other = block.sessions.exclude(pk=session.pk).filter(kind="easy").order_by("date").first()
    assert other is not None
    before = rows(block)

    with pytest.raises(BlockRefused, match="one session a day"):
        edits.move_session(block, other.pk, session.date, version=block.version)

    assert rows(block) == before


# --- 6. the coach sees the plan and the report ---


def test_the_block_page_shows_every_sessions_paces_and_the_runners_log(
    coach: User, logged_block: tuple[TrainingBlock, ScheduledSession]
) -> None:
    block, _ = logged_block
    skipped = block.sessions.filter(kind="easy").order_by("date")[1]
    skipped.mark_skipped("Flu")

    html = browser_client(coach).get(reverse("planner:block_detail", args=[block.pk])).content
    page = html.decode()

    assert page.count('<details class="segments">') == block.sessions.count()
    assert "40 min at 9:03 /mi (4.42 mi)" in page  # the steady part, as the runner reads it
    assert "10 min at 8:03 /mi (1.24 mi, fast finish)" in page
    assert "Ran 42:00, 4.66 mi, effort 4/10" in page
    assert "Legs heavy" in page
    assert 'Skipped: <q class="note">Flu</q>' in page


def test_the_dashboard_shows_each_runners_latest_note(
    coach: User, logged_block: tuple[TrainingBlock, ScheduledSession]
) -> None:
    block, session = logged_block
    later = block.sessions.filter(kind="easy", date__gt=session.date).order_by("date").first()
    assert later is not None
    later.mark_done(minutes=40, note="Felt fresh")

    page = browser_client(coach).get(reverse("planner:dashboard")).content.decode()

    assert "Felt fresh" in page
    assert "Legs heavy" not in page


# --- 7. the preview refuses what creating would refuse ---


def test_the_preview_refuses_an_overlap_with_creatings_message(coach: User) -> None:
    runner = runner_for(coach, 50)
    make_block(runner)
    client = browser_client(coach)
    message = f"{runner.name} already has a block from Mon 30 Nov to Sun 27 Dec 2026"

    preview = get(client, new_block_url(runner), builder_data(start="2026-12-14"), htmx=True)
    created = post(client, new_block_url(runner), builder_data(start="2026-12-14"))

    assert preview.status_code == 200
    assert preview.content.decode().count(message) == 1
    assert created.status_code == 422
    assert created.content.decode().count(message) == 1
    assert TrainingBlock.objects.count() == 1


def test_the_preview_refuses_a_long_run_next_to_a_neighbours_key_day_once(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=None)
    later = make_block(runner, start=BLOCK_MONDAY + timedelta(weeks=4))
    assert later.sessions.get(date=later.start).kind == "progression"
    data = builder_data()

    response = post(browser_client(coach), new_block_url(runner), data)

    html = response.content.decode()
    assert response.status_code == 422
    assert html.count("would be next to the key session on Mon 28 Dec") == 1
    assert TrainingBlock.objects.count() == 1


def test_the_builder_starts_the_monday_after_the_runners_last_block(coach: User) -> None:
    runner = runner_for(coach, 50)
    last = make_block(runner, start=date(2031, 3, 3))

    response = browser_client(coach).get(new_block_url(runner))

    assert response.status_code == 200
    assert f'value="{(last.end + timedelta(days=1)).isoformat()}"' in response.content.decode()


# --- 8. advice ---


def test_the_block_page_gives_every_piece_of_advice(coach: User) -> None:
    runner = runner_for(coach, 80)  # VDOT 22.8: below Daniels' tables
    make_block(runner, easy_minutes=20, start=BLOCK_MONDAY - timedelta(weeks=4), progression_runs=0)
    block = make_block(
        runner,
        progression_templates=(shipped(FIFTHS), shipped(STEADY_40_FAST_10)),
        progression_minutes=(62, None),
        easy_minutes=90,
        aerobic_floor_percent=70,
        long_minutes=60,
    )

    page = page_ok(browser_client(coach), reverse("planner:block_detail", args=[block.pk]))

    assert '<section class="card advice"' in page
    assert "Worth a look" in page
    assert "below Daniels&#x27; tables" in page
    assert "of the last week before it" in page
    assert "by sessions" not in page  # the floor is kept by minutes: no other measure
    assert "is longer than week 1&#x27;s long run" in page


def test_advice_shows_on_the_preview_and_never_blocks_creating(coach: User) -> None:
    runner = runner_for(coach, 50)
    fifths = shipped(FIFTHS)
    data = builder_data(progression_templates=[fifths.pk], aerobic_floor=70, progression_runs=4)
    client = browser_client(coach)

    preview = get(client, new_block_url(runner), data, htmx=True)
    created = post(client, new_block_url(runner), data)

    assert "Worth a look" in preview.content.decode()
    assert "longer than week 1&#x27;s long run" in preview.content.decode()
    assert created.status_code == 302
    assert TrainingBlock.objects.filter(runner=runner).count() == 1


# --- 9. the easy-pace override ---


def runner_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Dee",
        "email": "dee@example.com",
        "unit": "mi",
        "race_distance_m": "10000",
        "race_time": "50:00",
        "race_date": "2026-10-04",
        "run_days": ["0", "1", "3", "5", "6"],
        "long_run_day": "6",
        "time_zone": "Europe/London",
        "easy_pace": "10:00",
    }
    data.update(overrides)
    return data


def test_the_easy_pace_override_is_stored_per_km(coach: User) -> None:
    response = post(browser_client(coach), reverse("planner:runner_new"), runner_form())

    assert response.status_code == 302
    runner = Runner.objects.get(name="Dee")
    assert runner.easy_pace_override_s_per_km == pytest.approx(600 / 1.609344)


def test_the_race_preview_shows_the_easy_pace_the_override_gives(coach: User) -> None:
    client = browser_client(coach)
    race = {"unit": "mi", "race_distance_m": "10000", "race_time": "50:00", "easy_pace": "10:00"}

    response = get(client, reverse("planner:runner_new"), race, htmx=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Easy (your pace)" in html
    assert "10:00 /mi" in html


def test_an_implausible_easy_pace_is_refused_and_nothing_is_stored(coach: User) -> None:
    response = post(
        browser_client(coach), reverse("planner:runner_new"), runner_form(easy_pace="1:00")
    )

    assert response.status_code == 422
    assert "An easy pace must be between" in response.content.decode()
    assert not Runner.objects.filter(name="Dee").exists()


def test_the_edit_form_shows_and_clears_the_override(coach: User) -> None:
    runner = runner_for(coach, 50, unit="mi", easy_pace_override_s_per_km=600 / 1.609344)
    client = browser_client(coach)
    url = reverse("planner:runner_edit", args=[runner.pk])

    shown = client.get(url).content.decode()
    data = runner_form(easy_pace="")
    del data["email"]
    saved = post(client, url, data)

    assert 'value="10:00"' in shown
    assert saved.status_code == 302
    runner.refresh_from_db()
    assert runner.easy_pace_override_s_per_km is None
