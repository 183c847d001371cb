"""Blocks in the database after planning: publishing and its history, copies to later weeks
and other runners, and new paces after a race."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from planner.errors import BlockRefused, StaleBlock
from planner.models import SessionSegment, TrainingBlock, edits
from tests.clock import BLOCK_MONDAY
from tests.factories import changed_easy_run, first_session, make_block, make_runner, shipped

pytestmark = pytest.mark.django_db


# --- publishing, history and copies ---


def test_publishing_bumps_the_version_and_opens_the_history() -> None:
    block = make_block()
    coach = block.runner.coach

    block.publish(by=coach, version=1)

    block.refresh_from_db()
    assert block.is_published
    assert block.version == 2
    change = block.changes.get()
    assert (change.action, change.by, change.version) == ("publish", coach, 2)


def test_edits_to_a_draft_leave_no_history_but_edits_to_a_published_block_do() -> None:
    block = make_block()
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
    easy, changed = changed_easy_run(make_block(), minutes=30)

    assert changed.pk == easy.pk
    easy.refresh_from_db()
    assert easy.sequence == 1
    assert easy.minutes == 30


def test_a_stale_publish_is_refused() -> None:
    block = make_block()
    easy = first_session(block, "easy")
    edits.remove_session(block, easy.pk, version=1)

    with pytest.raises(StaleBlock):
        TrainingBlock.objects.get(pk=block.pk).publish(version=1)

    block.refresh_from_db()
    assert not block.is_published


def test_copying_to_the_next_weeks_keeps_weekdays_and_workouts() -> None:
    block = make_block(run_days=frozenset({1, 3, 5, 6}))
    next_start = block.start + timedelta(weeks=4)

    copy = edits.copy_block(block, block.runner, next_start)

    original = [(s.date.weekday(), s.title, s.total_seconds) for s in block.sessions.all()]
    copied = [(s.date.weekday(), s.title, s.total_seconds) for s in copy.sessions.all()]
    assert copied == original
    assert copy.start == next_start
    assert not copy.is_published
    assert [t.name for t in copy.rotation_templates()] == ["Steady 40 + fast 10"]


def test_copying_to_another_runner_re_resolves_the_paces_for_them() -> None:
    block = make_block(make_runner(race_seconds=50 * 60))
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
    block = make_block(make_runner(long_run_day=None))
    assert block.sessions.get(date=BLOCK_MONDAY).kind == "progression"

    with pytest.raises(BlockRefused, match="48 hours") as refusal:
        edits.copy_block(block, block.runner, BLOCK_MONDAY + timedelta(weeks=4))

    assert "block before this one" in str(refusal.value)
    assert TrainingBlock.objects.count() == 1


def test_a_block_planned_after_another_keeps_48_hours_across_the_boundary() -> None:
    first = make_block()

    second = make_block(first.runner, start=BLOCK_MONDAY + timedelta(weeks=4))

    first_day = second.sessions.get(date=second.start)
    assert first_day.kind != "progression"


def test_an_edit_next_to_the_neighbouring_blocks_long_run_is_refused() -> None:
    first = make_block()
    second = make_block(first.runner, start=BLOCK_MONDAY + timedelta(weeks=4))
    monday = second.sessions.get(date=second.start)

    with pytest.raises(BlockRefused, match="block before this one"):
        edits.change_session(
            second, monday.pk, template=shipped("Steady 40 + fast 10"), minutes=None, version=1
        )


def test_copying_over_an_existing_block_is_refused_and_stores_nothing() -> None:
    block = make_block()

    with pytest.raises(BlockRefused, match="cannot overlap"):
        edits.copy_block(block, block.runner, block.start + timedelta(weeks=2))

    assert TrainingBlock.objects.count() == 1


def test_copying_to_a_day_that_is_not_a_monday_is_refused() -> None:
    block = make_block()

    with pytest.raises(BlockRefused, match="Monday"):
        edits.copy_block(block, block.runner, block.start + timedelta(weeks=4, days=2))


def test_every_checked_change_keeps_the_rules_verdict_for_its_version() -> None:
    block = make_block()
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
    block = make_block(runner)
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
    block = make_block()
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
