"""Uploading a watch's file through the views: matched, judged, stored, or refused whole.

The runner's block holds one session, Tuesday 3 March 2026 (the day the test files were
recorded, ``tests.recording_files.START``): Steady 40 + fast 10, or an easy run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from planner.models import Recording, Runner, ScheduledSession
from planner.runs import MAX_UPLOAD_BYTES
from tests.access import covers
from tests.factories import make_runner, make_user
from tests.http import browser_client, csrf_token, missing, page_ok
from tests.recording_files import (
    PNG,
    fit_file,
    gpx_file,
    gzip_of,
    run_points,
    tcx_file,
    zip_bomb,
    zip_of,
)
from tests.runs import (
    AS_PLANNED,
    FAST_SPEED,
    RUN_DAY,
    STEADY_SPEED,
    TOO_FAST_SPEED,
    runner,
    session,
    tuesday_block,
)

__all__ = ["runner", "session"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


def upload(
    client: Client, data: bytes, name: str = "run.gpx", *, htmx: bool = False, url: str = ""
) -> Any:
    headers = {"X-CSRFToken": csrf_token(client)}
    if htmx:
        headers["HX-Request"] = "true"
    body = {"file": SimpleUploadedFile(name, data), "week": RUN_DAY.isoformat()}
    return client.post(url or reverse("planner:upload_run"), body, headers=headers)


def gpx(legs: list[tuple[float, float]]) -> bytes:
    return gpx_file(run_points(legs))


def database(runner: Runner) -> tuple[Any, ...]:
    return (
        Recording.objects.count(),
        list(
            ScheduledSession.objects.filter(block__runner=runner).values_list(
                "status", "actual_seconds"
            )
        ),
    )


@covers("planner:upload_run")
def test_a_run_as_planned_is_judged_stored_and_marks_the_session_done(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    data = fit_file(run_points(AS_PLANNED, every_s=10))

    response = upload(client, data, "run.fit")

    assert response.status_code == 302
    assert response["Location"] == reverse("planner:my_week_of", args=["2026-03-02"])
    recording = Recording.objects.get()
    assert recording.session == session
    assert recording.verdict == "as_planned"
    assert recording.moving_seconds == pytest.approx(3000, abs=2)
    assert recording.original_bytes() == data
    judgement = recording.judged()
    assert judgement is not None
    assert len(judgement.segments) == 2
    session.refresh_from_db()
    assert session.status == "done"
    assert session.actual_seconds == pytest.approx(3000, abs=2)
    page = page_ok(client, response["Location"])
    expected = (
        "As planned.",
        "The fast finish (10 min) at 8:03 /mi, target 8:03: on target",
        reverse("planner:session_page", args=[session.pk]),
    )
    assert missing(page, *expected) == []


def test_with_htmx_the_matched_card_comes_back_in_place(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)

    response = upload(client, gpx(AS_PLANNED), htmx=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#session-{session.pk}"
    assert html.lstrip().startswith(f'<article id="session-{session.pk}"')
    assert missing(html, '<div id="messages" hx-swap-oob="innerHTML">', "Delete recording") == []


def test_a_run_all_at_the_steady_pace_has_no_fast_finish(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)

    upload(client, gpx([(3000.0, STEADY_SPEED)]))

    assert Recording.objects.get().verdict == "no_fast_finish"
    page = client.get(reverse("planner:my_week")).content  # any page: the message waits
    assert page


def test_a_steady_part_faster_than_marathon_pace_started_too_fast(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)

    upload(client, tcx_file(run_points([(2400.0, TOO_FAST_SPEED), (600.0, FAST_SPEED)])), "run.tcx")

    assert Recording.objects.get().verdict == "started_too_fast"


def test_an_unplanned_run_is_kept_and_counted_in_the_week(runner: Runner) -> None:
    # The block's only session is on Thursday; the run was on Tuesday.
    block = tuesday_block(runner)
    block.sessions.update(date=date(2026, 3, 5))
    client = browser_client(runner.user)

    response = upload(client, gpx([(1800.0, STEADY_SPEED)]))

    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.session is None
    assert recording.verdict == ""
    assert recording.aerobic_seconds == pytest.approx(1800, abs=10)
    assert (
        missing(
            page_ok(client, response["Location"]),
            "Unplanned run: 30:00",
            "<dt>Done</dt><dd>30 min</dd>",
            "<dt>Actual aerobic share</dt><dd>100 % of recorded time</dd>",
        )
        == []
    )


def test_the_same_file_twice_is_refused_as_already_uploaded(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    data = gpx(AS_PLANNED)
    upload(client, data)
    before = database(runner)

    response = upload(client, data, "again.gpx", htmx=True)

    assert response.status_code == 422
    assert "already uploaded" in response.content.decode()
    assert database(runner) == before


BAD_FILES = {
    "not a recording": (PNG, "photo.png", "not a FIT, GPX or TCX"),
    "truncated": (fit_file(run_points(AS_PLANNED, every_s=10))[:300], "run.fit", ""),
    "zip with two": (zip_of({"a.gpx": gpx(AS_PLANNED), "b.gpx": gpx(AS_PLANNED)}), "r.zip", ""),
    "zip bomb": (zip_bomb(), "run.zip", ""),
    "no timestamps": (gpx_file(run_points(AS_PLANNED), times=False), "run.gpx", "timestamps"),
    "under two minutes": (gpx([(100.0, STEADY_SPEED)]), "run.gpx", "under 2 minutes"),
    "not running": (gpx_file(run_points(AS_PLANNED), sport="cycling"), "ride.gpx", "cycling"),
    "a year away": (gpx(AS_PLANNED).replace(b"2026-03-03", b"2024-03-03"), "old.gpx", "year"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_stored(
    runner: Runner, session: ScheduledSession, kind: str
) -> None:
    data, name, words = BAD_FILES[kind]
    client = browser_client(runner.user)
    before = database(runner)

    response = upload(client, data, name)

    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was uploaded." in page
    assert words in page
    assert database(runner) == before


def test_a_gzipped_fit_file_is_read() -> None:
    runner = make_runner()
    tuesday_block(runner)

    response = upload(
        browser_client(runner.user),
        gzip_of(fit_file(run_points(AS_PLANNED, every_s=10))),
        "r.fit.gz",
    )

    assert response.status_code == 302
    assert Recording.objects.get().verdict == "as_planned"


def test_a_body_over_the_limit_is_refused_unread_with_413(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    headers = {"X-CSRFToken": csrf_token(client)}

    response = client.generic(
        "POST",
        reverse("planner:upload_run"),
        b"x" * 16,
        content_type="multipart/form-data; boundary=x",
        headers=headers,
        CONTENT_LENGTH=str(MAX_UPLOAD_BYTES + 1024 * 1024),
    )

    assert response.status_code == 413
    assert "over 25 MB" in response.content.decode()
    assert not response.has_header("Connection")  # hop-by-hop: the server's to set
    assert Recording.objects.count() == 0


@covers("planner:delete_run")
def test_deleting_a_recording_removes_it_and_sends_the_session_back_to_planned(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    upload(client, gpx(AS_PLANNED))
    recording = Recording.objects.get()

    response = client.post(
        reverse("planner:delete_run", args=[recording.pk]),
        headers={"X-CSRFToken": csrf_token(client)},
    )

    assert response.status_code == 302
    assert Recording.objects.count() == 0
    session.refresh_from_db()
    assert (session.status, session.actual_seconds) == ("planned", None)


@covers("planner:delete_run", "planner:upload_run")
def test_a_runner_cannot_upload_to_or_delete_another_runners_runs(
    runner: Runner, session: ScheduledSession, time_machine: Any
) -> None:
    # The stranger's run is unplanned: kept only within a year of today, so today is
    # the day after the run.
    time_machine.move_to(datetime.combine(RUN_DAY, time(12), UTC) + timedelta(days=1), tick=False)
    upload(browser_client(runner.user), gpx(AS_PLANNED))
    recording = Recording.objects.get()
    stranger = make_runner(name="Stranger")
    client = browser_client(stranger.user)

    stored = upload(client, gpx([(2400.0, STEADY_SPEED), (660.0, FAST_SPEED)]))
    deleted = client.post(
        reverse("planner:delete_run", args=[recording.pk]),
        headers={"X-CSRFToken": csrf_token(client)},
    )
    seen = client.get(reverse("planner:run_page", args=[recording.pk]))

    assert deleted.status_code == 404
    assert seen.status_code == 404
    assert Recording.objects.filter(pk=recording.pk).exists()
    # The stranger has no block: the run is theirs, unplanned, never the owner's session.
    assert stored.status_code == 302
    assert Recording.objects.get(runner=stranger).session is None


@covers("planner:coach_upload_run")
def test_a_coach_uploads_for_their_runner_from_the_block_page(
    runner: Runner, session: ScheduledSession
) -> None:
    client = browser_client(runner.coach)
    url = reverse("planner:coach_upload_run", args=[session.block_id])

    response = upload(client, gpx(AS_PLANNED), url=url)

    assert response.status_code == 302
    assert Recording.objects.get().session == session
    page = client.get(response["Location"]).content.decode()
    assert "✓</span> As planned" in page


@covers("planner:coach_upload_run")
def test_a_coach_cannot_upload_for_another_coachs_runner(
    runner: Runner, session: ScheduledSession
) -> None:
    stranger: User = make_user()
    url = reverse("planner:coach_upload_run", args=[session.block_id])

    response = upload(browser_client(stranger), gpx(AS_PLANNED), url=url)

    assert response.status_code == 404
    assert Recording.objects.count() == 0
