"""The calendar feed: what calendar apps read, and the secret address that opens it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar, Event

from planner.models import (
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
    WorkoutTemplate,
    edits,
)
from planner.presenters.sessions import segment_line
from tests.access import covers
from tests.clock import BLOCK_MONDAY
from tests.factories import first_session, make_block, make_runner
from tests.http import browser_client, post

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("planner:calendar_feed", args=[token])


def read_feed(token: str) -> dict[str, Event]:
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.events}


def uid(session: ScheduledSession) -> str:
    return f"session-{session.pk}@fastfinish"


# --- the words, without a database ---


@pytest.mark.parametrize(
    ("duration_s", "distance_m", "pace", "by_distance", "unit", "expected"),
    [
        (600, 1242.8, 300.0, False, "mi", "10 min at 8:03 /mi (0.77 mi)"),
        (1056.4, 3218.688, 328.2, True, "mi", "2 mi at 8:48 /mi (17:36)"),
        (1056.4, 3218.688, 328.2, True, "km", "3.22 km at 5:28 /km (17:36)"),
        (2400, 7000.0, 342.9, False, "km", "40 min at 5:43 /km (7 km)"),
        # A distance that happens to take whole minutes still reads as a distance.
        (960, 3218.688, 298.3, True, "mi", "2 mi at 8:00 /mi (16:00)"),
        (2550, 7000.0, 364.3, False, "km", "42:30 at 6:04 /km (7 km)"),
    ],
)
def test_a_segment_reads_as_its_template_measured_it_at_a_pace_in_the_unit(
    duration_s: float,
    distance_m: float,
    pace: float,
    by_distance: bool,
    unit: Any,
    expected: str,
) -> None:
    segment = SessionSegment(
        position=1,
        duration_s=duration_s,
        distance_m=distance_m,
        pace_s_per_km=pace,
        zone="aerobic",
        by_distance=by_distance,
    )

    assert segment_line(segment, unit).full_text == expected


def test_a_hard_segment_is_marked_as_the_fast_finish() -> None:
    segment = SessionSegment(
        position=2, duration_s=600, distance_m=2000, pace_s_per_km=300, zone="hard"
    )

    assert segment_line(segment, "km").full_text == "10 min at 5:00 /km (2 km, fast finish)"


# --- the feed ---


@pytest.fixture
def runner() -> Runner:
    # No usual long-run day: these blocks start the article's way, with a Monday progression run.
    return make_runner(unit="mi", long_run_day=None)


@pytest.fixture
def block(runner: Runner) -> TrainingBlock:
    return make_block(runner, published=True)


def test_every_published_session_is_one_all_day_event_with_a_stable_uid(
    block: TrainingBlock,
) -> None:
    token = block.runner.reset_feed_token()

    events = read_feed(token)

    sessions = list(block.sessions.all())
    assert set(events) == {uid(s) for s in sessions}
    for session in sessions:
        event = events[uid(session)]
        assert event.start == session.date
        assert event.end == session.date + timedelta(days=1)
        assert str(event["SUMMARY"]) == session.title
        assert event["SEQUENCE"] == 0
    assert read_feed(token).keys() == events.keys()


def test_the_description_lists_the_segments_with_paces_in_the_runners_unit(
    block: TrainingBlock,
) -> None:
    progression = first_session(block, "progression")

    event = read_feed(block.runner.reset_feed_token())[uid(progression)]

    description = str(event["DESCRIPTION"])
    assert "40 min at 9:03 /mi" in description
    assert "10 min at 8:03 /mi (1.24 mi, fast finish)" in description


def test_a_km_runner_reads_kilometres() -> None:
    block = make_block(make_runner(unit="km"), published=True)

    event = read_feed(block.runner.reset_feed_token())[uid(first_session(block, "progression"))]

    assert "10 min at 5:00 /km" in str(event["DESCRIPTION"])


def test_with_a_usual_run_time_events_are_timed_in_the_runners_zone(runner: Runner) -> None:
    runner.usual_run_time = time(6, 30)
    runner.time_zone = "America/New_York"
    runner.save()
    block = make_block(runner, published=True)
    progression = first_session(block, "progression")

    response = Client().get(feed_url(runner.reset_feed_token()))

    event = {str(e["UID"]): e for e in Calendar.from_ical(response.content).events}[
        uid(progression)
    ]
    assert isinstance(event.start, datetime)
    assert (event.start.date(), event.start.time()) == (progression.date, time(6, 30))
    assert str(event.start.tzinfo) == "America/New_York"
    assert event.duration == timedelta(minutes=50)
    assert b"BEGIN:VTIMEZONE" in response.content


def test_a_coachs_edit_raises_the_sequence_and_a_removal_drops_the_event(
    block: TrainingBlock,
) -> None:
    other, easy = block.sessions.filter(kind="easy").order_by("date")[:2]  # Tue, Sat
    token = block.runner.reset_feed_token()
    edits.change_session(
        block,
        easy.pk,
        template=WorkoutTemplate.objects.get(name="Easy run"),
        minutes=45,
        version=block.version,
    )
    edits.move_session(
        block, other.pk, other.date + timedelta(days=1), version=block.version
    )  # Wed
    removed = first_session(block, "long")
    edits.remove_session(block, removed.pk, version=block.version)

    events = read_feed(token)

    assert events[uid(easy)]["SEQUENCE"] == 1
    assert events[uid(easy)].start == easy.date
    assert "45 min at" in str(events[uid(easy)]["DESCRIPTION"])
    assert events[uid(other)]["SEQUENCE"] == 1
    assert events[uid(other)].start == other.date + timedelta(days=1)
    assert uid(removed) not in events


def test_drafts_and_other_runners_sessions_stay_out_of_the_feed(block: TrainingBlock) -> None:
    draft = make_block(block.runner, start=BLOCK_MONDAY + timedelta(weeks=4))
    stranger = make_block(make_runner(name="Ben"), published=True)

    events = read_feed(block.runner.reset_feed_token())

    assert not {uid(s) for s in draft.sessions.all()} & events.keys()
    assert not {uid(s) for s in stranger.sessions.all()} & events.keys()
    assert len(events) == block.sessions.count()


def test_the_feed_answers_with_private_calendar_headers(block: TrainingBlock) -> None:
    token = block.runner.reset_feed_token()
    response = Client().get(feed_url(token))

    assert Client().head(feed_url(token)).status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "private, max-age=300"


@covers("planner:calendar_feed")
def test_an_unknown_or_reset_token_is_404_without_logging_in(runner: Runner) -> None:
    old = runner.reset_feed_token()
    new = runner.reset_feed_token()

    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url("not-a-token")).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


# --- the address on the profile page ---


def test_creating_the_address_shows_it_once_and_stores_only_its_hash(runner: Runner) -> None:
    client = browser_client(runner.user)

    response = post(client, reverse("planner:reset_calendar_feed"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = html.split("/calendar/", 1)[1].split(".ics", 1)[0]
    runner.refresh_from_db()
    assert Runner.objects.by_feed_token(token) == runner
    assert token not in runner.feed_token_hash
    assert 'value="http://testserver/calendar/' in html
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html
    again = client.get(reverse("planner:my_profile")).content.decode()
    assert token not in again
    assert "Reset calendar address" in again


def test_resetting_closes_the_old_address(runner: Runner) -> None:
    old = runner.reset_feed_token()
    client = browser_client(runner.user)

    response = post(client, reverse("planner:reset_calendar_feed"))

    assert "The old address has stopped working." in response.content.decode()
    assert Client().get(feed_url(old)).status_code == 404


@covers("planner:calendar_feed")
def test_the_token_opens_the_feed_and_nothing_else(block: TrainingBlock) -> None:
    token = block.runner.reset_feed_token()
    client = Client()

    assert client.get(feed_url(token)).status_code == 200
    assert client.get(reverse("planner:my_week"), {"token": token}).status_code == 302
    assert client.get(reverse("planner:my_profile"), {"token": token}).status_code == 302


@covers("planner:reset_calendar_feed")
def test_only_the_runner_can_reset_their_address(block: TrainingBlock) -> None:
    token = block.runner.reset_feed_token()
    coach = browser_client(block.runner.coach)
    stranger = browser_client(make_runner(name="Ben").user)

    coach_response = post(coach, reverse("planner:reset_calendar_feed"))
    stranger_response = post(stranger, reverse("planner:reset_calendar_feed"))

    assert coach_response.status_code == 404
    assert stranger_response.status_code == 200  # resets Ben's own address, not Ana's
    assert Client().get(feed_url(token)).status_code == 200
    assert token not in stranger_response.content.decode()
