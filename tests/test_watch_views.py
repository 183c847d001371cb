"""The session on the runner's watch: FIT files served to the runner, the coach and the feed.

Every file is read back with fitdecode (tests/fit_reading.py, CRCs checked), a reader
independent of the writer, so a test that decodes a served file has proved it whole.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from planner.bands import band_for
from planner.models import Runner, ScheduledSession, SessionSegment, TrainingBlock, edits
from planner.units import METRES_PER_MILE
from planner.watch import watch_filename
from tests.access import covers
from tests.clock import BLOCK_MONDAY
from tests.factories import make_block, make_runner, make_user, shipped
from tests.fit_reading import FitMessage, fit_is_intact, fit_messages
from tests.rulebook import FIFTHS, OUT_AND_BACK, STEADY_40_FAST_10

pytestmark = pytest.mark.django_db

# fit-tool stores speeds in mm/s, times in ms and distances in cm.
SPEED_ROUNDING = 0.0005
DISTANCE_ROUNDING = 0.005
# Template name: the label and the way each step ends, in order.
SHIPPED_STEPS = {
    STEADY_40_FAST_10: [("Steady", "time"), ("Fast finish", "time")],
    FIFTHS: [(f"Fifth {n} of 5", "distance") for n in range(1, 6)],
    OUT_AND_BACK: [("Out", "time"), ("Back", "distance")],
}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def progression_block(template: str, unit: str = "mi", published: bool = True) -> TrainingBlock:
    runner = make_runner(unit=unit)
    # One progression a week and the lowest floor, so even the fifths fit the rules.
    return make_block(
        runner,
        published=published,
        progression_templates=(shipped(template),),
        progression_runs=4,
        aerobic_floor_percent=70,
    )


def first(block: TrainingBlock, kind: str = "progression") -> ScheduledSession:
    session = block.sessions.filter(kind=kind).order_by("date").first()
    assert session is not None
    return session


def runner_url(session: ScheduledSession) -> str:
    return reverse("planner:session_watch_file", args=[session.pk])


def week_url(day: date) -> str:
    return reverse("planner:week_watch_file", args=[day.isoformat()])


def coach_url(block: TrainingBlock, session: ScheduledSession) -> str:
    return reverse("planner:coach_session_watch_file", args=[block.pk, session.pk])


def feed_file_url(token: str, session: ScheduledSession) -> str:
    return reverse("planner:feed_session_watch_file", args=[token, session.pk])


def downloaded(block: TrainingBlock, session: ScheduledSession) -> bytes:
    response = signed_in(block.runner.user).get(runner_url(session))
    assert response.status_code == 200
    return bytes(response.content)


def ending(step: FitMessage) -> str:
    return str(step["duration_type"])


def stored_segments(session: ScheduledSession) -> list[SessionSegment]:
    return list(session.segments.order_by("position"))


def assert_follows_the_stored_segments(data: bytes, session: ScheduledSession) -> None:
    """Steps, names, endings and speed bands as the session's stored segments say."""
    (workout,) = fit_messages(data, "workout")
    steps = fit_messages(data, "workout_step")
    segments = stored_segments(session)
    assert workout["wkt_name"] == f"{session.date.isoformat()} {session.title}"
    assert workout["num_valid_steps"] == len(segments) == len(steps)
    for segment, step in zip(segments, steps, strict=True):
        assert step["wkt_step_name"] == segment.label
        if segment.by_distance:
            assert ending(step) == "distance"
            assert step["duration_distance"] == pytest.approx(
                segment.distance_m, abs=DISTANCE_ROUNDING
            )
        else:
            assert ending(step) == "time"
            assert step["duration_time"] == pytest.approx(segment.duration_s, abs=0.0005)
        # The band stored on the segment (clipped at marathon pace when aerobic).
        band = segment.band
        assert step["custom_target_speed_low"] == pytest.approx(
            band.low_m_per_s, abs=SPEED_ROUNDING
        )
        assert step["custom_target_speed_high"] == pytest.approx(
            band.high_m_per_s, abs=SPEED_ROUNDING
        )
        assert step["intensity"] == ("interval" if segment.zone == "hard" else "active")


# --- what the watch is given ---


@pytest.mark.parametrize("unit", ["km", "mi"])
@pytest.mark.parametrize("template", [STEADY_40_FAST_10, FIFTHS, OUT_AND_BACK])
def test_each_shipped_progression_reaches_the_watch_with_its_labels_and_bands(
    template: str, unit: str
) -> None:
    block = progression_block(template, unit)
    session = first(block)

    data = downloaded(block, session)

    steps = fit_messages(data, "workout_step")
    assert [(s["wkt_step_name"], ending(s)) for s in steps] == SHIPPED_STEPS[template]
    assert_follows_the_stored_segments(data, session)
    # The bands are the runner's resolved paces, whatever unit they read them in.
    resolved = shipped(template).resolve_for(block.runner.planning_paces())
    for segment, step in zip(resolved.segments, steps, strict=True):
        assert step["custom_target_speed_low"] == pytest.approx(
            band_for(segment.pace_s_per_km).low_m_per_s, abs=SPEED_ROUNDING
        )


def test_the_fifths_end_on_two_miles_each_in_kilometres_too() -> None:
    block = progression_block(FIFTHS, "km")

    steps = fit_messages(downloaded(block, first(block)), "workout_step")

    assert [s["duration_distance"] for s in steps] == [
        pytest.approx(2 * METRES_PER_MILE, abs=DISTANCE_ROUNDING)
    ] * 5


def test_a_session_the_coach_stretched_gives_the_watch_the_stretched_steps() -> None:
    block = progression_block(STEADY_40_FAST_10)
    session = first(block)
    edits.change_session(
        block,
        session.pk,
        template=shipped(STEADY_40_FAST_10),
        minutes=60,
        version=block.version,
        by=block.runner.coach,
    )
    session.refresh_from_db()

    data = downloaded(block, session)

    steps = fit_messages(data, "workout_step")
    assert [s["wkt_step_name"] for s in steps] == ["Steady", "Fast finish"]
    assert [s["duration_time"] for s in steps] == [pytest.approx(48 * 60), pytest.approx(12 * 60)]
    assert_follows_the_stored_segments(data, session)


def test_an_unlabelled_segment_is_named_by_its_place() -> None:
    block = progression_block(STEADY_40_FAST_10)
    session = first(block)
    session.segments.update(label="")

    steps = fit_messages(downloaded(block, session), "workout_step")

    assert [s["wkt_step_name"] for s in steps] == ["Segment 1 of 2", "Segment 2 of 2"]


def test_an_unchanged_session_gives_the_same_bytes_stamped_with_the_blocks_last_change() -> None:
    block = progression_block(OUT_AND_BACK)
    session = first(block)

    once, twice = downloaded(block, session), downloaded(block, session)

    block.refresh_from_db()
    assert once == twice
    # FIT keeps whole seconds (fit-tool rounds), so the stamp is the change to the second.
    created = fit_messages(once, "file_id")[0]["time_created"]
    assert abs(created - block.updated_at) < timedelta(seconds=1)


def test_the_download_is_a_private_fit_attachment_named_by_date_and_title() -> None:
    block = progression_block(STEADY_40_FAST_10)
    session = first(block)

    response = signed_in(block.runner.user).get(runner_url(session))

    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{session.date.isoformat()}-steady-40-fast-10.fit"'
    )
    assert response["Cache-Control"] == "private, no-store"


def test_the_week_zip_holds_one_valid_file_per_session_and_nothing_else() -> None:
    block = progression_block(FIFTHS)
    sessions = list(
        block.sessions.filter(date__range=(BLOCK_MONDAY, BLOCK_MONDAY + timedelta(days=6)))
    )

    response = signed_in(block.runner.user).get(week_url(BLOCK_MONDAY + timedelta(days=3)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"] == 'attachment; filename="fast-finish-week-2026-11-30.zip"'
    )
    assert response["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        files = {name: archive.read(name) for name in names}
    assert len(sessions) == 5
    assert sorted(names) == sorted(watch_filename(s.date, s.title) for s in sessions)
    assert all(fit_is_intact(data) for data in files.values())
    for session in sessions:
        assert files[watch_filename(session.date, session.title)] == downloaded(block, session)


def test_the_week_zip_reads_the_week_in_a_few_queries(
    django_assert_max_num_queries: Any,
) -> None:
    block = progression_block(STEADY_40_FAST_10)
    client = signed_in(block.runner.user)

    with django_assert_max_num_queries(6):
        assert client.get(week_url(BLOCK_MONDAY)).status_code == 200


# --- who may have which file ---


@covers("planner:session_watch_file")
def test_only_the_owner_runner_gets_their_session_file() -> None:
    block = progression_block(STEADY_40_FAST_10)
    url = runner_url(first(block))

    assert signed_in(block.runner.user).get(url).status_code == 200
    assert signed_in(make_runner(name="Other").user).get(url).status_code == 404
    assert signed_in(block.runner.coach).get(url).status_code == 404
    assert signed_in(make_user()).get(url).status_code == 404
    assert Client().get(url).status_code == 302


@covers("planner:session_watch_file")
def test_a_draft_session_is_neither_offered_nor_served_to_the_runner() -> None:
    block = progression_block(STEADY_40_FAST_10, published=False)
    session = first(block)
    client = signed_in(block.runner.user)

    page = client.get(reverse("planner:my_week_of", args=[BLOCK_MONDAY.isoformat()]))

    assert runner_url(session) not in page.content.decode()
    assert week_url(BLOCK_MONDAY) not in page.content.decode()
    assert client.get(runner_url(session)).status_code == 404
    assert client.get(week_url(BLOCK_MONDAY)).status_code == 404


@covers("planner:week_watch_file")
def test_only_the_runner_gets_the_week_zip_of_their_own_week() -> None:
    block = progression_block(STEADY_40_FAST_10)
    url = week_url(BLOCK_MONDAY)

    assert signed_in(block.runner.user).get(url).status_code == 200
    # Another runner's week holds none of these sessions: nothing to send.
    assert signed_in(make_runner(name="Other").user).get(url).status_code == 404
    assert signed_in(block.runner.coach).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_a_week_without_a_published_session_has_no_zip() -> None:
    block = progression_block(STEADY_40_FAST_10)

    response = signed_in(block.runner.user).get(week_url(BLOCK_MONDAY + timedelta(weeks=8)))

    assert response.status_code == 404


@covers("planner:coach_session_watch_file")
def test_the_coach_gets_their_runners_files_draft_or_published() -> None:
    draft = progression_block(STEADY_40_FAST_10, published=False)
    published = progression_block(FIFTHS)
    coach = draft.runner.coach
    published.runner.coach = coach
    published.runner.save()

    for block in (draft, published):
        session = first(block)
        response = signed_in(coach).get(coach_url(block, session))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert_follows_the_stored_segments(response.content, session)


@covers("planner:coach_session_watch_file")
def test_strangers_get_404_from_the_coachs_file() -> None:
    block = progression_block(STEADY_40_FAST_10)
    other = progression_block(STEADY_40_FAST_10)
    url = coach_url(block, first(block))

    assert signed_in(make_user()).get(url).status_code == 404
    assert signed_in(block.runner.user).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    # Another block's session under this block's id is not this block's.
    assert signed_in(block.runner.coach).get(coach_url(block, first(other))).status_code == 404


@covers("planner:feed_session_watch_file")
def test_the_feed_secret_opens_the_file_until_the_feed_is_reset() -> None:
    block = progression_block(STEADY_40_FAST_10)
    session = first(block)
    old = block.runner.reset_feed_token()

    before = Client().get(feed_file_url(old, session))
    new = Runner.objects.get(pk=block.runner.pk).reset_feed_token()

    assert before.status_code == 200
    assert before["Content-Type"] == "application/vnd.ant.fit"
    assert before["Referrer-Policy"] == "no-referrer"
    assert before["X-Robots-Tag"] == "noindex"
    assert_follows_the_stored_segments(before.content, session)
    assert Client().get(feed_file_url(old, session)).status_code == 404
    assert Client().get(feed_file_url(new, session)).status_code == 200
    assert Client().get(feed_file_url("not-a-token", session)).status_code == 404


@covers("planner:feed_session_watch_file")
def test_the_feed_secret_opens_only_its_runners_published_sessions() -> None:
    block = progression_block(STEADY_40_FAST_10)
    draft = make_block(block.runner, start=BLOCK_MONDAY + timedelta(weeks=4))
    stranger = progression_block(STEADY_40_FAST_10)
    token = block.runner.reset_feed_token()

    assert Client().get(feed_file_url(token, first(draft))).status_code == 404
    assert Client().get(feed_file_url(token, first(stranger))).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/week/sessions/4242424/watch.fit",
        "/week/sessions/9999999999/watch.fit",
        "/week/sessions/99999999999999999999/watch.fit",
        "/week/2026-02-30/watch.zip",
        "/week/9999-01-04/watch.zip",
        "/coach/blocks/{block}/sessions/9999999999/watch.fit",
        "/calendar/{token}/sessions/99999999999999/.fit",
        "/calendar/{token}/sessions/4242424.fit",
    ],
)
def test_a_huge_unknown_or_impossible_id_or_day_is_404(path: str) -> None:
    block = progression_block(STEADY_40_FAST_10)
    token = block.runner.reset_feed_token()
    url = path.format(block=block.pk, token=token)
    client = signed_in(block.runner.coach if "/coach/" in url else block.runner.user)

    assert client.get(url).status_code == 404


# --- where the files are offered ---


def test_the_week_offers_each_session_and_the_whole_week_for_the_watch() -> None:
    block = progression_block(STEADY_40_FAST_10)
    sessions = block.sessions.filter(date__range=(BLOCK_MONDAY, BLOCK_MONDAY + timedelta(days=6)))

    html = signed_in(block.runner.user).get(f"/week/{BLOCK_MONDAY.isoformat()}/").content.decode()

    assert html.count("Send to watch (.fit)") == len(sessions)
    assert all(f'href="{runner_url(s)}" download' in html for s in sessions)
    assert "Whole week for the watch (.zip)" in html
    assert f'href="{week_url(BLOCK_MONDAY)}" download' in html


def test_the_block_page_offers_each_session_file_to_the_coach() -> None:
    block = progression_block(STEADY_40_FAST_10, published=False)

    html = signed_in(block.runner.coach).get(f"/coach/blocks/{block.pk}/").content.decode()

    assert all(coach_url(block, s) in html for s in block.sessions.all())


def test_the_calendar_event_links_to_the_sessions_file_by_the_feed_secret() -> None:
    block = progression_block(STEADY_40_FAST_10)
    session = first(block)
    token = block.runner.reset_feed_token()

    feed = Client().get(reverse("planner:calendar_feed", args=[token]))
    event = next(
        e
        for e in Calendar.from_ical(feed.content).events
        if e["UID"] == f"session-{session.pk}@fastfinish"
    )

    link = f"http://testserver{feed_file_url(token, session)}"
    assert f"For your watch (.fit): {link}" in str(event["DESCRIPTION"])
    assert fit_is_intact(Client().get(link).content)


def test_the_profile_says_how_to_get_the_file_onto_a_watch() -> None:
    runner = make_runner()

    html = signed_in(runner.user).get(reverse("planner:my_profile")).content.decode()

    assert "GARMIN/NewFiles" in html
    assert "plans" in html
    assert "intervals.icu" in html


# --- the words on each step ---


def test_the_migration_copies_labels_onto_sessions_planned_before_them() -> None:
    block = progression_block(FIFTHS)
    SessionSegment.objects.filter(session__block=block).update(label="")
    migration = importlib.import_module("planner.migrations.0007_segment_labels")

    migration.label_shipped_templates(apps, None)

    session = first(block)
    assert [s.label for s in stored_segments(session)] == [f"Fifth {n} of 5" for n in range(1, 6)]
    assert set(first(block, "easy").segments.values_list("label", flat=True)) == {"Easy"}
