"""Blocks in the database: planned and stored whole, and edited only within the rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError

from planner import rules
from planner.errors import BlockRefused, StaleBlock
from planner.models import ScheduledSession, SessionSegment, TrainingBlock, edits
from tests.clock import BLOCK_MONDAY
from tests.factories import (
    changed_easy_run,
    first_session,
    make_block,
    make_progression,
    make_runner,
    make_user,
    shipped,
)

pytestmark = pytest.mark.django_db


def snapshot(block: TrainingBlock) -> list[tuple[Any, ...]]:
    return list(
        ScheduledSession.objects.filter(block=block)
        .order_by("date")
        .values_list("date", "kind", "title", "total_seconds", "hard_seconds")
    )


def session_on(block: TrainingBlock, day: date) -> ScheduledSession:
    return block.sessions.get(date=day)


def test_creating_a_block_stores_every_session_with_resolved_segments() -> None:
    runner = make_runner(race_distance_m=10000, race_seconds=3000)

    block = make_block(runner)

    sessions = list(block.sessions.order_by("date"))
    assert len(sessions) == 4 * 5
    assert block.end == BLOCK_MONDAY + timedelta(days=27)
    assert sum(s.kind == "progression" for s in sessions) == 6
    assert {s.date.weekday() for s in sessions} == {0, 1, 3, 5, 6}
    assert all(s.date.weekday() == 6 for s in sessions if s.kind == "long")
    progression = next(s for s in sessions if s.kind == "progression")
    steady, fast = progression.segments.order_by("position")
    assert round(fast.pace_s_per_km) == 300  # 10K pace for a 50:00 10K
    assert round(steady.pace_s_per_km * 1.609344) == round(482.8 + 60)
    assert progression.hard_seconds == pytest.approx(600)
    assert block.violations(sessions) == []
    assert [t.name for t in block.rotation_templates()] == ["Steady 40 + fast 10"]


def test_easy_and_long_minutes_stretch_the_templates() -> None:
    block = make_block(easy_minutes=45, long_minutes=90)

    easy = block.sessions.filter(kind="easy").first()
    long = block.sessions.filter(kind="long").first()
    assert easy is not None
    assert long is not None
    assert easy.total_seconds == pytest.approx(45 * 60)
    assert long.total_seconds == pytest.approx(90 * 60)


def test_a_block_that_overlaps_another_of_the_runner_is_refused() -> None:
    runner = make_runner()
    make_block(runner)

    with pytest.raises(BlockRefused, match="cannot overlap"):
        make_block(runner, start=BLOCK_MONDAY + timedelta(weeks=3))

    assert TrainingBlock.objects.filter(runner=runner).count() == 1


def test_another_runners_block_in_the_same_weeks_is_fine() -> None:
    coach = make_user()
    make_block(make_runner(coach=coach))

    make_block(make_runner(coach=coach))

    assert TrainingBlock.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"start": BLOCK_MONDAY + timedelta(days=1)}, "Monday", id="start-not-a-monday"
        ),
        pytest.param({"aerobic_floor_percent": 85}, "80", id="floor-too-high"),
        pytest.param({"weeks": 17}, "16", id="too-many-weeks"),
        pytest.param({"easy_minutes": 0}, "1 to 600", id="no-easy-minutes"),
        pytest.param({"progression_templates": ()}, "at least one", id="no-progression-workout"),
        pytest.param(
            {"run_days": frozenset({2, 6})},
            "4",
            id="two-run-days-leave-room-for-four",
        ),
    ],
)
def test_an_invalid_request_is_refused_and_stores_nothing(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(BlockRefused, match=message):
        make_block(**overrides)

    assert not TrainingBlock.objects.exists()
    assert not ScheduledSession.objects.exists()


def test_a_template_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(BlockRefused, match="not a progression workout"):
        make_block(progression_templates=(shipped("Easy run"),))

    assert not TrainingBlock.objects.exists()


def test_a_failure_while_storing_leaves_no_half_block() -> None:
    runner = make_runner()

    with (
        mock.patch.object(
            SessionSegment.objects, "bulk_create", side_effect=DatabaseError("disk full")
        ),
        pytest.raises(DatabaseError),
    ):
        make_block(runner)

    assert not TrainingBlock.objects.exists()
    assert not ScheduledSession.objects.exists()


def test_two_progression_templates_rotate_through_the_block() -> None:
    block = make_block(
        progression_templates=(
            shipped("Steady 40 + fast 10"),
            shipped("Out and back (45 minutes)"),
        ),
    )

    titles = list(
        block.sessions.filter(kind="progression").order_by("date").values_list("title", flat=True)
    )
    assert len(titles) == 6
    assert set(titles) == {"Steady 40 + fast 10", "Out and back (45 minutes)"}
    assert abs(titles.count("Steady 40 + fast 10") - titles.count("Out and back (45 minutes)")) <= 1


# --- edits (rule 3) ---


def first_progression(block: TrainingBlock) -> ScheduledSession:
    return first_session(block, "progression")


def test_moving_a_progression_run_next_to_the_long_run_is_refused_and_changes_nothing() -> None:
    block = make_block()
    progression = block.sessions.filter(
        kind="progression", date__lt=BLOCK_MONDAY + timedelta(6)
    ).first()
    assert progression is not None
    saturday = BLOCK_MONDAY + timedelta(days=5)
    edits.remove_session(block, session_on(block, saturday).pk, version=block.version)
    before = snapshot(block)
    version = block.version

    with pytest.raises(BlockRefused, match="consecutive days") as refusal:
        edits.move_session(block, progression.pk, saturday, version=block.version)

    assert refusal.value.violations[0].rule == "consecutive_key_days"
    assert snapshot(block) == before
    block.refresh_from_db()
    assert block.version == version


def test_moving_an_easy_run_to_a_rest_day_is_accepted_and_bumps_the_version() -> None:
    block = make_block()
    monday_easy = first_session(block, "easy")
    rest_day = next(
        BLOCK_MONDAY + timedelta(days=offset)
        for offset in range(7)
        if not block.sessions.filter(date=BLOCK_MONDAY + timedelta(days=offset)).exists()
    )

    edits.move_session(block, monday_easy.pk, rest_day, version=1)

    monday_easy.refresh_from_db()
    assert monday_easy.date == rest_day
    block.refresh_from_db()
    assert block.version == 2


def test_a_longer_easy_run_that_keeps_the_floor_is_accepted() -> None:
    block = make_block()

    easy, changed = changed_easy_run(block, minutes=60)

    assert changed.date == easy.date
    assert changed.total_seconds == pytest.approx(3600)
    assert changed.segments.count() == 1
    assert block.sessions.count() == 20


def test_turning_easy_runs_into_progressions_below_the_floor_is_refused() -> None:
    runner = make_runner()
    hard = make_progression("All hard", (60, "ten_k"))
    block = make_block(runner)
    easy = first_session(block, "easy")
    before = snapshot(block)

    with pytest.raises(BlockRefused, match="floor"):
        edits.change_session(block, easy.pk, template=hard, minutes=None, version=1)

    assert snapshot(block) == before


def test_adding_on_a_rest_day_and_removing_are_checked_edits() -> None:
    block = make_block()
    wednesday = BLOCK_MONDAY + timedelta(days=2)
    assert not block.sessions.filter(date=wednesday).exists()

    added = edits.add_session(block, wednesday, template=shipped("Easy run"), minutes=30, version=1)
    edits.remove_session(block, added.pk, version=2)

    assert not block.sessions.filter(date=wednesday).exists()
    block.refresh_from_db()
    assert block.version == 3


@pytest.mark.parametrize(
    ("day_offset", "message"),
    [
        pytest.param(-1, "outside this block", id="before-the-block"),
        pytest.param(28, "outside this block", id="after-the-block"),
        pytest.param(0, "already has", id="a-day-with-a-session"),
    ],
)
def test_adding_on_a_day_that_is_not_a_free_day_of_the_block_is_refused(
    day_offset: int, message: str
) -> None:
    block = make_block()
    before = snapshot(block)

    with pytest.raises(BlockRefused, match=message):
        edits.add_session(
            block,
            BLOCK_MONDAY + timedelta(days=day_offset),
            template=shipped("Easy run"),
            minutes=30,
            version=1,
        )

    assert snapshot(block) == before


def test_a_stale_edit_is_refused_and_never_overwrites_the_newer_one() -> None:
    block = make_block()
    easy = first_session(block, "easy")
    first_tab = TrainingBlock.objects.get(pk=block.pk)
    second_tab = TrainingBlock.objects.get(pk=block.pk)
    edits.change_session(first_tab, easy.pk, template=shipped("Easy run"), minutes=50, version=1)
    after_first = snapshot(block)

    with pytest.raises(StaleBlock, match="changed since you opened it"):
        edits.remove_session(second_tab, easy.pk, version=1)

    assert snapshot(block) == after_first


def test_a_session_of_another_block_cannot_be_edited_through_this_one() -> None:
    block = make_block()
    other = make_block()
    before = snapshot(other)

    with pytest.raises(BlockRefused, match="not in this block"):
        edits.remove_session(block, first_progression(other).pk, version=1)

    assert snapshot(other) == before


def test_minutes_out_of_range_are_refused() -> None:
    block = make_block()
    easy = block.sessions.filter(kind="easy").first()
    assert easy is not None

    with pytest.raises(BlockRefused, match="1 to 600"):
        edits.change_session(block, easy.pk, template=shipped("Easy run"), minutes=-5, version=1)


def test_week_summaries_show_shares_and_progression_counts() -> None:
    block = make_block()

    weeks = block.week_summaries(block.sessions.all())

    assert [w.progression_count for w in weeks] in (
        [2, 1, 2, 1],
        [1, 2, 1, 2],
        [2, 2, 1, 1],
        [1, 1, 2, 2],
        [2, 1, 1, 2],
        [1, 2, 2, 1],
    )
    assert all(w.aerobic_share >= 0.8 for w in weeks)
    assert isinstance(weeks[0], rules.WeekSummary)
