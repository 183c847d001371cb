"""What people see of a recorded run: the runner's session page and chart, the coach's
block page and dashboard, the export, and judging again."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from planner.models import Recording, Runner, ScheduledSession
from planner.weekdays import monday_of
from tests.access import covers
from tests.factories import make_block, make_runner
from tests.http import browser_client, page_ok
from tests.recording_files import START, gpx_file, run_points
from tests.runs import AS_PLANNED, STEADY_SPEED, runner, session, tuesday_block

__all__ = ["runner", "session"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


def stored(runner: Runner, legs: list[tuple[float, float]] = AS_PLANNED) -> Recording:
    return Recording.objects.store_upload(runner, gpx_file(run_points(legs)), "run.gpx")


@covers("planner:session_page")
def test_the_session_page_shows_planned_against_actual_and_the_chart(
    runner: Runner, session: ScheduledSession
) -> None:
    stored(runner)

    page = page_ok(browser_client(runner.user), reverse("planner:session_page", args=[session.pk]))

    assert "Planned against actual" in page
    assert "Steady 40 min" in page
    assert "Fast finish (10 min)" in page
    assert page.count("· on target<") == 2
    assert "<svg" in page
    assert 'class="pace-line"' in page
    assert page.count('class="band-steady"') == 1
    assert page.count('class="band-hard"') == 1
    assert "<figcaption" in page
    assert "Pace over" in page
    assert 'style="' not in page  # the Content Security Policy allows no inline styles


def test_a_session_without_a_recording_has_a_page_that_says_so(
    runner: Runner, session: ScheduledSession
) -> None:
    response = browser_client(runner.user).get(reverse("planner:session_page", args=[session.pk]))

    assert response.status_code == 200
    assert "No recording yet" in response.content.decode()


@covers("planner:run_page")
def test_an_unplanned_run_has_its_own_page(runner: Runner) -> None:
    recording = stored(runner, [(1800.0, STEADY_SPEED)])

    response = browser_client(runner.user).get(reverse("planner:run_page", args=[recording.pk]))

    assert response.status_code == 200
    assert "Unplanned run: 30:00" in response.content.decode()


@covers("planner:run_page", "planner:session_page")
def test_strangers_see_no_session_or_run_page(runner: Runner, session: ScheduledSession) -> None:
    recording = stored(runner)
    stranger = browser_client(make_runner(name="Stranger").user)
    coach = browser_client(runner.coach)

    assert stranger.get(reverse("planner:session_page", args=[session.pk])).status_code == 404
    assert stranger.get(reverse("planner:run_page", args=[recording.pk])).status_code == 404
    assert coach.get(reverse("planner:run_page", args=[recording.pk])).status_code == 404


def test_the_block_page_shows_each_verdict_and_the_weeks_actual_share(
    runner: Runner, session: ScheduledSession
) -> None:
    stored(runner)

    page = (
        browser_client(runner.coach)
        .get(reverse("planner:block_detail", args=[session.block_id]))
        .content.decode()
    )

    assert '<span aria-hidden="true">✓</span> As planned' in page
    # 40 steady minutes of 50: the fast 10 are faster than marathon pace.
    assert re.search(r"(79|80)(\.\d)? % aerobic as run", page)


def test_the_block_page_keeps_its_query_count_with_recordings(
    runner: Runner, session: ScheduledSession, django_assert_max_num_queries: Any
) -> None:
    client = browser_client(runner.coach)
    url = reverse("planner:block_detail", args=[session.block_id])
    with django_assert_max_num_queries(14) as before:
        client.get(url)
    stored(runner)

    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_the_dashboard_shows_this_weeks_verdicts_as_a_mark_and_words(runner: Runner) -> None:
    block = make_block(runner, published=True, start=monday_of(runner.today()))
    session = block.sessions.order_by("date").first()
    assert session is not None
    Recording.objects.create(
        runner=runner,
        session=session,
        day=session.date,
        started_at=START,
        file_name="run.fit",
        sha256="0" * 64,
        verdict="started_too_fast",
        moving_seconds=3000,
        distance_m=9000,
        aerobic_seconds=2000,
        stream=b"",
        original=b"",
        original_size=0,
    )

    page = browser_client(runner.coach).get(reverse("planner:dashboard")).content.decode()

    assert '<span aria-hidden="true">⚠</span> Started too fast' in page


def test_the_export_carries_verdicts_segments_and_actual_shares(
    runner: Runner, session: ScheduledSession
) -> None:
    stored(runner)
    client = browser_client(runner.coach)

    exported = json.loads(
        client.get(reverse("planner:runner_export", args=[runner.pk, "json"])).content
    )
    csv = client.get(reverse("planner:runner_export", args=[runner.pk, "csv"])).content.decode()

    block = exported["blocks"][0]
    recording = block["sessions"][0]["recording"]
    assert recording["verdict"] == "as_planned"
    assert [s["status"] for s in recording["segments"]] == ["on_target", "on_target"]
    assert block["recorded_weeks"][0]["actual_aerobic_share"] == pytest.approx(0.8, abs=0.02)
    assert exported["unplanned_runs"] == []
    assert csv.splitlines()[0].endswith(",verdict")
    assert csv.splitlines()[1].endswith(",as_planned")


def test_rejudging_reads_every_original_again(
    runner: Runner, session: ScheduledSession, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = stored(runner)
    Recording.objects.filter(pk=recording.pk).update(verdict="cut_short", judgement=None)

    call_command("rejudge_recordings")

    recording.refresh_from_db()
    assert recording.verdict == "as_planned"
    assert recording.judged() is not None
    out = capsys.readouterr().out
    assert "Judged 1 recording(s) again: 1 verdict(s) changed" in out
    assert f"Recording {recording.pk} ({runner}, 2026-03-03): cut_short → as_planned" in out


def test_a_judgement_stored_under_older_rules_is_not_read_as_todays(
    runner: Runner, session: ScheduledSession
) -> None:
    recording = stored(runner)
    assert recording.judgement is not None
    older = {key: value for key, value in recording.judgement.items() if key != "format"}
    Recording.objects.filter(pk=recording.pk).update(judgement=older)
    recording.refresh_from_db()

    assert recording.judged() is None
    page = page_ok(browser_client(runner.user), reverse("planner:session_page", args=[session.pk]))
    assert "As planned." in page
    assert "50:00" in page


def test_the_date_matching_uses_the_runners_time_zone() -> None:
    # 06:30 UTC on 3 March is still 2 March in Los Angeles (22:30): no session that day there.
    runner = make_runner(time_zone="America/Los_Angeles")
    tuesday_block(runner)

    recording = stored(runner)

    assert recording.day == date(2026, 3, 2)
    assert recording.session is None
