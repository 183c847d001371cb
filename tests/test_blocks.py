"""Blocks in the database: planned and stored whole, and edited only within the rules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.db import DatabaseError

from planner import rules
from planner.errors import BlockRefused, StaleBlock
from planner.models import (
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
    edits,
)
from tests.clock import BLOCK_MONDAY
from tests.factories import (
    first_session,
    make_block,
    make_runner,
    make_template,
    make_user,
    shipped,
)

pytestmark = pytest.mark.django_db


def create_block(runner: Runner | None = None, **overrides: Any) -> TrainingBlock:
    return make_block(runner, **overrides)


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

    block = create_block(runner)

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
    block = create_block(easy_minutes=45, long_minutes=90)

    easy = block.sessions.filter(kind="easy").first()
    long = block.sessions.filter(kind="long").first()
    assert easy is not None
    assert long is not None
    assert easy.total_seconds == pytest.approx(45 * 60)
    assert long.total_seconds == pytest.approx(90 * 60)


def test_a_block_that_overlaps_another_of_the_runner_is_refused() -> None:
    runner = make_runner()
    create_block(runner)

    with pytest.raises(BlockRefused, match="cannot overlap"):
        create_block(runner, start=BLOCK_MONDAY + timedelta(weeks=3))

    assert TrainingBlock.objects.filter(runner=runner).count() == 1


def test_another_runners_block_in_the_same_weeks_is_fine() -> None:
    coach = make_user()
    create_block(make_runner(coach=coach))

    create_block(make_runner(coach=coach))

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
        create_block(**overrides)

    assert not TrainingBlock.objects.exists()
    assert not ScheduledSession.objects.exists()


def test_a_template_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(BlockRefused, match="not a progression workout"):
        create_block(progression_templates=(shipped("Easy run"),))

    assert not TrainingBlock.objects.exists()


def test_a_failure_while_storing_leaves_no_half_block() -> None:
    runner = make_runner()

    with (
        mock.patch.object(
            SessionSegment.objects, "bulk_create", side_effect=DatabaseError("disk full")
        ),
        pytest.raises(DatabaseError),
    ):
        create_block(runner)

    assert not TrainingBlock.objects.exists()
    assert not ScheduledSession.objects.exists()


def test_two_progression_templates_rotate_through_the_block() -> None:
    block = create_block(
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
    block = create_block()
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
    block = create_block()
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
    block = create_block()
    easy = first_session(block, "easy")

    changed = edits.change_session(
        block, easy.pk, template=shipped("Easy run"), minutes=60, version=1
    )

    assert changed.date == easy.date
    assert changed.total_seconds == pytest.approx(3600)
    assert changed.segments.count() == 1
    assert block.sessions.count() == 20


def test_turning_easy_runs_into_progressions_below_the_floor_is_refused() -> None:
    runner = make_runner()
    hard = make_template(
        name="All hard",
        kind="progression",
        segments=[{"amount_kind": "duration", "duration_s": 3600, "pace_anchor": "ten_k"}],
    )
    block = create_block(runner)
    easy = first_session(block, "easy")
    before = snapshot(block)

    with pytest.raises(BlockRefused, match="floor"):
        edits.change_session(block, easy.pk, template=hard, minutes=None, version=1)

    assert snapshot(block) == before


def test_adding_on_a_rest_day_and_removing_are_checked_edits() -> None:
    block = create_block()
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
    block = create_block()
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
    block = create_block()
    easy = first_session(block, "easy")
    first_tab = TrainingBlock.objects.get(pk=block.pk)
    second_tab = TrainingBlock.objects.get(pk=block.pk)
    edits.change_session(first_tab, easy.pk, template=shipped("Easy run"), minutes=50, version=1)
    after_first = snapshot(block)

    with pytest.raises(StaleBlock, match="changed since you opened it"):
        edits.remove_session(second_tab, easy.pk, version=1)

    assert snapshot(block) == after_first


def test_a_session_of_another_block_cannot_be_edited_through_this_one() -> None:
    block = create_block()
    other = create_block()
    before = snapshot(other)

    with pytest.raises(BlockRefused, match="not in this block"):
        edits.remove_session(block, first_progression(other).pk, version=1)

    assert snapshot(other) == before


def test_minutes_out_of_range_are_refused() -> None:
    block = create_block()
    easy = block.sessions.filter(kind="easy").first()
    assert easy is not None

    with pytest.raises(BlockRefused, match="1 to 600"):
        edits.change_session(block, easy.pk, template=shipped("Easy run"), minutes=-5, version=1)


def test_week_summaries_show_shares_and_progression_counts() -> None:
    block = create_block()

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


# --- publishing, history and copies ---


def test_publishing_bumps_the_version_and_opens_the_history() -> None:
    block = create_block()
    coach = block.runner.coach

    block.publish(by=coach, version=1)

    block.refresh_from_db()
    assert block.is_published
    assert block.version == 2
    change = block.changes.get()
    assert (change.action, change.by, change.version) == ("publish", coach, 2)


def test_edits_to_a_draft_leave_no_history_but_edits_to_a_published_block_do() -> None:
    block = create_block()
    easy = first_session(block, "easy")
    edits.change_session(block, easy.pk, template=shipped("Easy run"), minutes=45, version=1)
    assert not block.changes.exists()
    block.publish(version=2)
    coach = block.runner.coach

    edits.change_session(
        block, easy.pk, template=shipped("Easy run"), minutes=50, version=3, by=coach
    )

    change = block.changes.filter(action="change").get()
    assert change.by == coach
    assert change.before is not None
    assert change.after is not None
    assert (change.before["minutes"], change.after["minutes"]) == (45, 50)
    assert change.version == 4
    assert "Easy run, 45 min (45 min) to Easy run, 50 min (50 min)" in change.summary


def test_a_changed_session_keeps_its_id_and_bumps_its_calendar_sequence() -> None:
    block = create_block()
    easy = first_session(block, "easy")

    changed = edits.change_session(
        block, easy.pk, template=shipped("Easy run"), minutes=30, version=1
    )

    assert changed.pk == easy.pk
    easy.refresh_from_db()
    assert easy.sequence == 1
    assert easy.minutes == 30


def test_a_stale_publish_is_refused() -> None:
    block = create_block()
    easy = first_session(block, "easy")
    edits.remove_session(block, easy.pk, version=1)

    with pytest.raises(StaleBlock):
        TrainingBlock.objects.get(pk=block.pk).publish(version=1)

    block.refresh_from_db()
    assert not block.is_published


def test_copying_to_the_next_weeks_keeps_weekdays_and_workouts() -> None:
    block = create_block(run_days=frozenset({1, 3, 5, 6}))
    next_start = block.start + timedelta(weeks=4)

    copy = edits.copy_block(block, block.runner, next_start)

    original = [(s.date.weekday(), s.title, s.total_seconds) for s in block.sessions.all()]
    copied = [(s.date.weekday(), s.title, s.total_seconds) for s in copy.sessions.all()]
    assert copied == original
    assert copy.start == next_start
    assert not copy.is_published
    assert [t.name for t in copy.rotation_templates()] == ["Steady 40 + fast 10"]


def test_copying_to_another_runner_re_resolves_the_paces_for_them() -> None:
    block = create_block(make_runner(race_seconds=50 * 60))
    quicker = make_runner(coach=block.runner.coach, race_seconds=40 * 60)

    copy = edits.copy_block(block, quicker, block.start)

    slow_fast_finish = SessionSegment.objects.filter(
        session__block=block, session__kind="progression", zone="hard"
    ).first()
    quick_fast_finish = SessionSegment.objects.filter(
        session__block=copy, session__kind="progression", zone="hard"
    ).first()
    assert slow_fast_finish is not None
    assert quick_fast_finish is not None
    assert round(slow_fast_finish.pace_s_per_km) == 300
    assert round(quick_fast_finish.pace_s_per_km) == 240


def test_a_copy_whose_first_monday_follows_the_long_run_is_refused_with_the_reason() -> None:
    # No usual long-run day, so the plan puts a progression run on the first Monday.
    block = create_block(make_runner(long_run_day=None))
    assert block.sessions.get(date=BLOCK_MONDAY).kind == "progression"

    with pytest.raises(BlockRefused, match="48 hours") as refusal:
        edits.copy_block(block, block.runner, BLOCK_MONDAY + timedelta(weeks=4))

    assert "block before this one" in str(refusal.value)
    assert TrainingBlock.objects.count() == 1


def test_a_block_planned_after_another_keeps_48_hours_across_the_boundary() -> None:
    first = create_block()

    second = create_block(first.runner, start=BLOCK_MONDAY + timedelta(weeks=4))

    first_day = second.sessions.get(date=second.start)
    assert first_day.kind != "progression"


def test_an_edit_next_to_the_neighbouring_blocks_long_run_is_refused() -> None:
    first = create_block()
    second = create_block(first.runner, start=BLOCK_MONDAY + timedelta(weeks=4))
    monday = second.sessions.get(date=second.start)

    with pytest.raises(BlockRefused, match="block before this one"):
        edits.change_session(
            second, monday.pk, template=shipped("Steady 40 + fast 10"), minutes=None, version=1
        )


def test_copying_over_an_existing_block_is_refused_and_stores_nothing() -> None:
    block = create_block()

    with pytest.raises(BlockRefused, match="cannot overlap"):
        edits.copy_block(block, block.runner, block.start + timedelta(weeks=2))

    assert TrainingBlock.objects.count() == 1


def test_copying_to_a_day_that_is_not_a_monday_is_refused() -> None:
    block = create_block()

    with pytest.raises(BlockRefused, match="Monday"):
        edits.copy_block(block, block.runner, block.start + timedelta(weeks=4, days=2))


def test_every_checked_change_keeps_the_rules_verdict_for_its_version() -> None:
    block = create_block()
    assert (block.rules_checked_version, block.rules_problem) == (1, "")
    easy = block.sessions.filter(kind="easy").first()
    assert easy is not None

    edits.change_session(block, easy.pk, template=shipped("Easy run"), minutes=45, version=1)
    block.publish(version=2)
    block.unpublish(version=3)

    block.refresh_from_db()
    assert block.version == 4
    assert block.verdict_is_current
    assert block.rules_problem == ""


# --- a new race result ---


def test_refreshing_paces_after_a_new_race_updates_only_sessions_from_that_day() -> None:
    runner = make_runner(race_seconds=50 * 60)
    block = create_block(runner)
    cutoff = BLOCK_MONDAY + timedelta(weeks=2)
    before_cutoff = snapshot_paces(block, before=cutoff)
    runner.race_seconds = 45 * 60
    runner.save()

    changed = edits.refresh_paces(block, cutoff, version=1, by=runner.coach)

    assert changed == block.sessions.filter(date__gte=cutoff).count()
    assert snapshot_paces(block, before=cutoff) == before_cutoff
    fast_finish = SessionSegment.objects.filter(
        session__block=block, session__date__gte=cutoff, session__kind="progression", zone="hard"
    ).first()
    assert fast_finish is not None
    assert round(fast_finish.pace_s_per_km) == 270  # the 45:00 10K pace, 4:30 /km
    easy = block.sessions.filter(date__gte=cutoff, kind="easy").first()
    assert easy is not None
    assert easy.total_seconds == pytest.approx(40 * 60)  # the coach's minutes kept
    assert easy.sequence == 1
    block.refresh_from_db()
    assert block.version == 2


def test_refreshing_paces_with_a_stale_version_changes_nothing() -> None:
    block = create_block()
    easy = first_session(block, "easy")
    edits.remove_session(block, easy.pk, version=1)
    before = snapshot_paces(block, before=BLOCK_MONDAY + timedelta(weeks=8))

    with pytest.raises(StaleBlock):
        edits.refresh_paces(TrainingBlock.objects.get(pk=block.pk), BLOCK_MONDAY, version=1)

    assert snapshot_paces(block, before=BLOCK_MONDAY + timedelta(weeks=8)) == before


def snapshot_paces(block: TrainingBlock, *, before: date) -> list[tuple[Any, ...]]:
    return list(
        SessionSegment.objects.filter(session__block=block, session__date__lt=before)
        .order_by("session__date", "position")
        .values_list("session__date", "position", "pace_s_per_km", "duration_s")
    )
