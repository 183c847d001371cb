"""Coaching a coach would sign: intensity from pace, sized and ordered progression runs,
progression days, the usual long-run day, logged sessions as history, the block page's
plan and report, the preview's refusals, advice, and the easy-pace override.

This module holds the planning side; ``test_coaching_pages`` the pages and edits."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from planner.models import (
    BlockProgressionTemplate,
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
    edits,
)
from tests.builder import builder_data, new_block_url, progressions, rows, runner_for
from tests.clock import BLOCK_MONDAY
from tests.factories import make_block, shipped
from tests.http import browser_client, post
from tests.rulebook import FIFTHS, STEADY_40_FAST_10

pytestmark = pytest.mark.django_db

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

    copy = edits.copy_block(block, runner, BLOCK_MONDAY + timedelta(weeks=4))

    assert [e.minutes for e in copy.rotation_entries()] == [60]
    assert copy.progression_days == block.progression_days
    assert {s.title for s in progressions(copy)} == {"Fifths with fast finish, 60 min"}


# --- 3. blocks that build: order and progression days ---


def test_the_builder_builds_two_one_two_one_in_the_coachs_order(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=None)
    steady, fifths = shipped(STEADY_40_FAST_10), shipped(FIFTHS)
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
    assert [e.template.name for e in block.rotation_entries()] == [FIFTHS, STEADY_40_FAST_10]


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

    assert block.sessions.get(date=BLOCK_MONDAY).kind == "easy"
    assert other.sessions.get(date=BLOCK_MONDAY).kind == "progression"


def test_the_usual_long_run_day_does_not_count_inside_another_block(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=6)
    earlier = make_block(
        runner,
        start=BLOCK_MONDAY - timedelta(weeks=4),
        run_days=frozenset({0, 2}),
        long_run_day=None,
        long_template=None,
        long_minutes=None,
        progression_runs=0,
    )

    key_days = ScheduledSession.objects.key_days_next_to(runner.pk, BLOCK_MONDAY, 4)

    # The Sunday before is a rest day of the earlier block: no key session there.
    assert earlier.contains(BLOCK_MONDAY - timedelta(days=1))
    assert key_days == frozenset()


def test_the_dashboards_verdict_counts_the_usual_long_run_day(coach: User) -> None:
    runner = runner_for(coach, 50, long_run_day=None)
    block = make_block(runner)
    assert block.sessions.get(date=BLOCK_MONDAY).kind == "progression"
    Runner.objects.filter(pk=runner.pk).update(long_run_day=6)

    problem = TrainingBlock.objects.rules_problems([_stale(block)])[block.pk]
    assert problem.startswith("Progression run on Mon 30 Nov is next to a key day on Sun 29 Nov")
    assert "or their usual long run" in problem


def _stale(block: TrainingBlock) -> TrainingBlock:
    TrainingBlock.objects.filter(pk=block.pk).update(rules_checked_version=0)
    block.refresh_from_db()
    return block
