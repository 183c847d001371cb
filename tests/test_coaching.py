"""Coaching a coach would sign: intensity from pace, sized and ordered progression runs,
progression days, the usual long-run day, logged sessions as history, the block page's
plan and report, the preview's refusals, advice, and the easy-pace override."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse

from planner.errors import BlockRefused
from planner.models import (
    BlockProgressionTemplate,
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
)
from tests.factories import make_block, make_runner, make_user, shipped
from tests.http import browser_client, get, post

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)
FIFTHS = "Fifths with fast finish (10 miles)"
STEADY = "Steady 40 + fast 10"


@pytest.fixture
def coach() -> User:
    return make_user(first_name="Cora")


def runner_for(coach: User, ten_k_minutes: int = 50, **overrides: Any) -> Runner:
    return make_runner(coach=coach, race_seconds=ten_k_minutes * 60, **overrides)


def builder_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": MONDAY.isoformat(),
        "weeks": 4,
        "run_days": ["0", "1", "3", "5", "6"],
        "long_run_day": "6",
        "easy_template": shipped("Easy run").pk,
        "easy_minutes": 40,
        "long_template": shipped("Long run").pk,
        "long_minutes": 75,
        "progression_templates": [shipped(STEADY).pk],
        "progression_runs": 6,
        "aerobic_floor": 80,
    }
    data.update(overrides)
    return data


def new_block_url(runner: Runner) -> str:
    return reverse("planner:block_new", args=[runner.pk])


def rows(block: TrainingBlock) -> list[tuple[Any, ...]]:
    return list(
        block.sessions.order_by("date").values_list(
            "date", "title", "total_seconds", "hard_seconds", "status"
        )
    )


def progressions(block: TrainingBlock) -> list[ScheduledSession]:
    return list(block.sessions.filter(kind="progression").order_by("date"))


# --- 1. intensity from pace, through the stored sessions ---


@pytest.mark.parametrize("ten_k_minutes", [35, 50, 70])
def test_steady_40_fast_10_stores_ten_hard_minutes_for_every_runner(
    coach: User, ten_k_minutes: int
) -> None:
    block = make_block(runner_for(coach, ten_k_minutes))

    for session in progressions(block):
        assert round(session.hard_seconds) == 600
        assert [s.zone for s in session.segments.all()] == ["aerobic", "hard"]


@pytest.mark.parametrize(
    ("ten_k_minutes", "zones"),
    [
        (35, ["aerobic", "aerobic", "hard", "hard", "hard"]),
        (50, ["aerobic", "aerobic", "hard", "hard", "hard"]),
        (70, ["aerobic", "hard", "hard", "hard", "hard"]),
    ],
)
def test_fifths_are_hard_where_their_pace_beats_marathon_pace(
    coach: User, ten_k_minutes: int, zones: list[str]
) -> None:
    block = make_block(
        runner_for(coach, ten_k_minutes),
        progression_templates=(shipped(FIFTHS),),
        progression_runs=1,
        aerobic_floor_percent=70,
    )

    (session,) = progressions(block)
    assert [s.zone for s in session.segments.all()] == zones
    assert session.hard_seconds == pytest.approx(
        sum(s.duration_s for s in session.segments.all() if s.zone == "hard")
    )


def test_fifths_for_a_50_minute_10k_runner_are_49_47_hard_in_85_28(coach: User) -> None:
    block = make_block(
        runner_for(coach, 50),
        progression_templates=(shipped(FIFTHS),),
        progression_runs=1,
        aerobic_floor_percent=70,
    )

    (session,) = progressions(block)
    assert round(session.hard_seconds) == 49 * 60 + 47
    assert round(session.total_seconds) == 85 * 60 + 28
    assert session.title == FIFTHS


def rederive_zones() -> Any:
    migration = importlib.import_module("planner.migrations.0006_intensity_from_pace")
    return migration.rederive_zones


def test_the_migration_re_derives_an_old_style_session_and_flags_its_block(coach: User) -> None:
    block = make_block(
        runner_for(coach, 50),
        published=True,
        progression_templates=(shipped(FIFTHS),),
        progression_runs=1,
        aerobic_floor_percent=70,
    )
    (session,) = progressions(block)
    # As migration 0002's labels stored it: only the last two fifths hard.
    segments = list(session.segments.order_by("position"))
    for segment in segments:
        segment.zone = "hard" if segment.position >= 4 else "aerobic"
    SessionSegment.objects.bulk_update(segments, ["zone"])
    old_hard = sum(s.duration_s for s in segments if s.position >= 4)
    ScheduledSession.objects.filter(pk=session.pk).update(
        hard_seconds=old_hard, aerobic_seconds=session.total_seconds - old_hard
    )
    block.refresh_from_db()
    version = block.version
    assert block.verdict_is_current

    rederive_zones()(apps, None)

    session.refresh_from_db()
    block.refresh_from_db()
    assert [s.zone for s in session.segments.order_by("position")] == [
        "aerobic",
        "aerobic",
        "hard",
        "hard",
        "hard",
    ]
    assert round(session.hard_seconds) == 49 * 60 + 47
    assert session.aerobic_seconds + session.hard_seconds == pytest.approx(session.total_seconds)
    assert block.version == version
    assert not block.verdict_is_current
    assert block.is_published


def test_the_migration_leaves_sessions_that_already_agree_alone(coach: User) -> None:
    block = make_block(runner_for(coach, 50))
    before = rows(block)

    rederive_zones()(apps, None)

    block.refresh_from_db()
    assert rows(block) == before
    assert block.verdict_is_current


# --- 2. progression runs sized to the runner ---


def test_the_builder_sizes_fifths_to_sixty_minutes_in_five_equal_distances(coach: User) -> None:
    runner = runner_for(coach, 50)
    fifths = shipped(FIFTHS)
    data = builder_data(
        progression_templates=[fifths.pk],
        **{f"minutes_{fifths.pk}": 60},
        progression_runs=4,
        aerobic_floor=70,
    )

    response = post(browser_client(coach), new_block_url(runner), data)

    assert response.status_code == 302
    block = TrainingBlock.objects.get(runner=runner)
    runs = progressions(block)
    assert len(runs) == 4
    for session in runs:
        assert session.title == "Fifths with fast finish, 60 min"
        assert session.minutes == 60
        assert abs(session.total_seconds - 3600) <= 1
        distances = [s.distance_m for s in session.segments.all()]
        assert len(distances) == 5
        assert max(distances) - min(distances) < 0.01
    assert list(BlockProgressionTemplate.objects.filter(block=block).values_list("minutes")) == [
        (60,)
    ]


def test_the_builder_shows_each_workouts_own_length_for_the_runner(coach: User) -> None:
    runner = runner_for(coach, 50)

    response = browser_client(coach).get(new_block_url(runner))

    assert response.status_code == 200
    assert f"{FIFTHS}: 1:25:28 for Ana" in response.content.decode()


def test_a_copy_keeps_the_coachs_lengths(coach: User) -> None:
    runner = runner_for(coach, 50)
    fifths = shipped(FIFTHS)
    block = make_block(
        runner,
        progression_templates=(fifths,),
        progression_minutes=(60,),
        progression_runs=4,
        aerobic_floor_percent=70,
        progression_days=frozenset({1, 3}),
    )

    copy = block.copy_to(runner, MONDAY + timedelta(weeks=4))

    assert [e.minutes for e in copy.rotation_entries()] == [60]
    assert copy.progression_days == block.progression_days
    assert {s.title for s in progressions(copy)} == {"Fifths with fast finish, 60 min"}


# --- 3. blocks that build: order and progression days ---


def test_the_builder_builds_two_one_two_one_in_the_coachs_order(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=None)
    steady, fifths = shipped(STEADY), shipped(FIFTHS)
    data = builder_data(
        progression_templates=[steady.pk, fifths.pk],
        **{f"order_{fifths.pk}": 1, f"order_{steady.pk}": 2, f"minutes_{fifths.pk}": 50},
        aerobic_floor=70,
    )

    response = post(browser_client(coach), new_block_url(runner), data)

    assert response.status_code == 302
    block = TrainingBlock.objects.get(runner=runner)
    runs = progressions(block)
    per_week = [sum(1 for s in runs if block.week_index(s.date) == week) for week in range(4)]
    assert per_week == [2, 1, 2, 1]
    assert runs[0].title == "Fifths with fast finish, 50 min"
    assert [e.template.name for e in block.rotation_entries()] == [FIFTHS, STEADY]


def test_progression_days_are_honoured_and_stored(coach: User) -> None:
    runner = runner_for(coach, 50)

    response = post(
        browser_client(coach),
        new_block_url(runner),
        builder_data(progression_days=["1", "3"], progression_runs=4),
    )

    assert response.status_code == 302
    block = TrainingBlock.objects.get(runner=runner)
    assert {s.date.weekday() for s in progressions(block)} <= {1, 3}
    assert block.progression_day_set == frozenset({1, 3})


def test_a_progression_day_that_is_no_run_day_is_refused_with_the_fix_once(coach: User) -> None:
    runner = runner_for(coach, 50)

    response = post(
        browser_client(coach), new_block_url(runner), builder_data(progression_days=["2"])
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert html.count("Progression days must be run days; Wednesday is not one") == 1
    assert "add it to the run days" in html
    assert not TrainingBlock.objects.exists()


# --- 4. the usual long-run day ---


def test_a_sunday_long_runner_gets_no_progression_run_on_their_first_monday(
    coach: User,
) -> None:
    sunday_runner = runner_for(coach, 50, long_run_day=6)
    no_usual_day = runner_for(coach, 50, long_run_day=None)

    block = make_block(sunday_runner)
    other = make_block(no_usual_day)

    assert block.sessions.get(date=MONDAY).kind == "easy"
    assert other.sessions.get(date=MONDAY).kind == "progression"


def test_the_usual_long_run_day_does_not_count_inside_another_block(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=6)
    earlier = make_block(
        runner,
        start=MONDAY - timedelta(weeks=4),
        run_days=frozenset({0, 2}),
        long_run_day=None,
        long_template=None,
        long_minutes=None,
        progression_runs=0,
    )

    key_days = ScheduledSession.objects.key_days_next_to(runner.pk, MONDAY, 4)

    # The Sunday before is a rest day of the earlier block: no key session there.
    assert earlier.contains(MONDAY - timedelta(days=1))
    assert key_days == frozenset()


def test_the_dashboards_verdict_counts_the_usual_long_run_day(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=None)
    block = make_block(runner)
    assert block.sessions.get(date=MONDAY).kind == "progression"
    Runner.objects.filter(pk=runner.pk).update(long_run_day=6)

    problem = TrainingBlock.objects.rules_problems([_stale(block)])[block.pk]
    assert problem.startswith("Progression run on Mon 30 Nov is next to a key session on Sun 29")


def _stale(block: TrainingBlock) -> TrainingBlock:
    TrainingBlock.objects.filter(pk=block.pk).update(rules_checked_version=0)
    block.refresh_from_db()
    return block


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

    edits: dict[str, Callable[[], object]] = {
        "change": lambda: block.change_session(
            session.pk, template=shipped("Easy run"), minutes=50, version=block.version
        ),
        "move": lambda: block.move_session(session.pk, free, version=block.version),
        "remove": lambda: block.remove_session(session.pk, version=block.version),
    }

    with pytest.raises(BlockRefused) as refusal:
        edits[edit]()

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

    changed = block.refresh_paces(block.start, version=block.version)

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
        block.move_session(other.pk, session.date, version=block.version)

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
    later = make_block(runner, start=MONDAY + timedelta(weeks=4))
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
    make_block(runner, easy_minutes=20, start=MONDAY - timedelta(weeks=4), progression_runs=0)
    block = make_block(
        runner,
        progression_templates=(shipped(FIFTHS), shipped(STEADY)),
        progression_minutes=(62, None),
        easy_minutes=90,
        aerobic_floor_percent=70,
        long_minutes=60,
    )

    response = browser_client(coach).get(reverse("planner:block_detail", args=[block.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<section class="card advice"' in page
    assert "Worth a look" in page
    assert "below Daniels&#x27; tables" in page
    assert "of the last week before it" in page
    assert "aerobic by sessions, below the 70 % floor" in page
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
