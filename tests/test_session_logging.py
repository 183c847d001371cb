"""What a runner logs of a session, and the calendar token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from planner.errors import LogRefused
from planner.models import Runner, ScheduledSession
from tests.factories import first_session, make_block, make_runner

pytestmark = pytest.mark.django_db


def a_session() -> ScheduledSession:
    return first_session(make_block(), "easy")


def test_marking_done_keeps_minutes_distance_effort_and_note() -> None:
    session = a_session()

    session.mark_done(minutes=42.5, distance_km=7.1, effort=4, note=" felt good ")

    session.refresh_from_db()
    assert session.status == "done"
    assert session.actual_seconds == 2550
    assert session.actual_distance_m == pytest.approx(7100)
    assert (session.effort, session.note) == (4, "felt good")
    assert session.logged_at is not None
    assert session.done_as_planned  # 42.5 of 40 planned minutes


def test_done_far_from_the_plan_is_not_done_as_planned() -> None:
    session = a_session()

    session.mark_done(minutes=20)

    assert not session.done_as_planned


@pytest.mark.parametrize(
    ("minutes", "distance_km", "effort"),
    [
        (-5, None, None),
        (0, None, None),
        (601, None, None),
        (40, -1, None),
        (40, None, 11),
        (40, None, 0),
    ],
)
def test_impossible_logs_are_refused_and_change_nothing(
    minutes: float, distance_km: float | None, effort: int | None
) -> None:
    session = a_session()

    with pytest.raises(LogRefused):
        session.mark_done(minutes=minutes, distance_km=distance_km, effort=effort)

    session.refresh_from_db()
    assert session.status == "planned"
    assert session.actual_seconds is None


def test_skipping_then_undoing_returns_to_planned() -> None:
    session = a_session()
    session.mark_skipped("sore calf")
    session.refresh_from_db()
    assert (session.status, session.skip_reason) == ("skipped", "sore calf")

    session.undo_log()

    session.refresh_from_db()
    assert (session.status, session.skip_reason, session.logged_at) == ("planned", "", None)


def test_a_past_planned_session_counts_as_missed() -> None:
    session = a_session()

    assert session.state_on(session.date + timedelta(days=1)) == "missed"
    assert session.state_on(session.date) == "planned"


def test_the_database_refuses_done_without_minutes() -> None:
    session = a_session()

    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledSession.objects.filter(pk=session.pk).update(status="done")


def test_a_feed_token_is_stored_hashed_and_a_reset_closes_the_old_one() -> None:
    runner = make_runner()

    first = runner.reset_feed_token()
    second = runner.reset_feed_token()

    assert len(first) >= 43  # 32 random bytes, URL-safe base64
    assert first not in runner.feed_token_hash
    assert Runner.objects.by_feed_token(first) is None
    assert Runner.objects.by_feed_token(second) == runner
    assert Runner.objects.by_feed_token("") is None


def test_runner_zone_comes_from_its_time_zone() -> None:
    runner = make_runner(time_zone="America/New_York")

    assert str(runner.zone) == "America/New_York"
