"""Every upload's cost is bounded before the work starts (issue 16), through the real URLs.

Each hostile file goes to the runner's upload and the coach's, and must come back as a
refusal with its reason, with nothing stored, having cost a bounded amount of work:
points counted, bytes inflated, and the peak of memory allocated while the request was
served (``tracemalloc``), never a clock.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from planner import limits
from planner.models import Recording, Runner, ScheduledSession
from planner.runs import fit_reader as fit_reading
from planner.runs import unpack as unpacking
from planner.runs.fit_reader import PointCount
from tests import hostile_files as hostile
from tests.factories import make_runner
from tests.http import browser_client, csrf_token
from tests.recording_files import START, fit_file, gpx_file, gzip_of, run_points, tcx_file
from tests.runs import AS_PLANNED, RUN_DAY, runner, session

__all__ = ["runner", "session"]  # the fixtures, shared

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
# What serving one upload may allocate at its peak, the upload's own copies included
# (the test client's request body, Django's parsed file, the bytes read from it).
PEAK_BUDGET = 200 * MB


@dataclass
class Work:
    """What the readers did for one request."""

    points: int = 0
    inflated: int = 0
    fit_messages: int = 0
    peak: int = 0


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Work:
    """Counts the points the readers met and the bytes gunzip inflated."""
    counted = Work()
    point = PointCount.point
    gunzip = unpacking._gunzip

    def counting_point(self: PointCount) -> None:
        counted.points += 1
        point(self)

    def counting_gunzip(packed: Iterator[bytes]) -> Iterator[bytes]:
        for piece in gunzip(packed):
            counted.inflated += len(piece)
            yield piece

    decoded = fit_reading._decoded

    def counting_decoded(data: bytes) -> Iterator[Any]:
        for frame in decoded(data):
            counted.fit_messages += 1
            yield frame

    monkeypatch.setattr(PointCount, "point", counting_point)
    monkeypatch.setattr(unpacking, "_gunzip", counting_gunzip)
    monkeypatch.setattr(fit_reading, "_decoded", counting_decoded)
    return counted


def upload(client: Client, data: bytes, name: str, url: str, work: Work | None = None) -> Any:
    """Post the file; with ``work``, the peak of memory allocated meanwhile is kept."""
    headers = {"X-CSRFToken": csrf_token(client)}
    body = {"file": SimpleUploadedFile(name, data), "week": RUN_DAY.isoformat()}
    if work is None:
        return client.post(url, body, headers=headers)
    tracemalloc.start()
    try:
        return client.post(url, body, headers=headers)
    finally:
        work.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def stored(runner: Runner) -> tuple[Any, ...]:
    return (
        list(Recording.objects.values_list("pk", flat=True)),
        list(
            ScheduledSession.objects.filter(block__runner=runner).values_list(
                "status", "actual_seconds"
            )
        ),
    )


@pytest.fixture(params=["runner", "coach"])
def sender(request: pytest.FixtureRequest, runner: Runner, session: ScheduledSession) -> Any:
    """(client, url): the runner on their week, or their coach on the block page."""
    if request.param == "runner":
        return browser_client(runner.user), reverse("planner:upload_run")
    url = reverse("planner:coach_upload_run", args=[session.block_id])
    return browser_client(runner.coach), url


def refused(
    sender: Any, runner: Runner, data: bytes, name: str, work: Work, *, traced: bool = True
) -> str:
    """Send the file, check it was refused and nothing was stored; the page.

    ``traced``: measure the peak of memory too (tracemalloc makes fitdecode, which
    allocates an object per field, ten times slower; its files are counted instead)."""
    client, url = sender
    before = stored(runner)
    work.points = work.inflated = work.fit_messages = 0
    response = upload(client, data, name, url, work if traced else None)
    page: str = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was uploaded." in page
    assert stored(runner) == before
    assert work.peak < PEAK_BUDGET
    return page


ONE_RUN = run_points(AS_PLANNED, every_s=10)
# For the heaviest files: the runner's URL reads them as the coach's does, so one is enough.
RUNNERS_URL_ONLY = pytest.mark.parametrize("sender", ["runner"], indirect=True)


def test_a_gzip_of_many_members_is_refused_after_the_first(
    sender: Any, runner: Runner, work: Work
) -> None:
    real = fit_file(ONE_RUN)
    data = hostile.many_gzip_members(real, 5 * MB)

    page = refused(sender, runner, data, "run.fit.gz", work)

    assert "several packed parts" in page
    assert work.inflated == len(real)  # the first member, and nothing of the others
    assert work.peak < 40 * MB


def test_a_gpx_of_millions_of_points_without_times_is_refused_at_the_bound(
    sender: Any, runner: Runner, work: Work
) -> None:
    data = hostile.gpx_points_without_times(2_600_000)
    assert len(data) < 200_000  # 151 KB as sent; 62 MB unpacked

    page = refused(sender, runner, data, "route.gpx.gz", work)

    assert f"more than {limits.MAX_RECORDING_POINTS:,} points" in page
    assert work.points == limits.MAX_RECORDING_POINTS + 1
    assert work.inflated < 4 * MB
    assert work.peak < 20 * MB


@RUNNERS_URL_ONLY
def test_a_gpx_of_880_thousand_timed_points_is_refused_at_the_bound(
    sender: Any, runner: Runner, work: Work
) -> None:
    page = refused(sender, runner, hostile.gpx_timed_points(880_000), "long.gpx.gz", work)

    assert "points, more than any run" in page
    assert work.points == limits.MAX_RECORDING_POINTS + 1
    assert work.inflated < 8 * MB


@RUNNERS_URL_ONLY
def test_a_plain_gpx_of_300_thousand_points_is_refused_at_the_bound(
    sender: Any, runner: Runner, work: Work
) -> None:
    data = hostile.gpx_timed_points(300_000, packed=False)
    assert len(data) > 20 * MB

    page = refused(sender, runner, data, "long.gpx", work)

    assert "points, more than any run" in page
    assert work.points == limits.MAX_RECORDING_POINTS + 1


def test_xml_nested_a_million_deep_is_refused_at_the_depth_bound(
    sender: Any, runner: Runner, work: Work
) -> None:
    page = refused(sender, runner, hostile.deep_xml(1_000_000), "deep.gpx.gz", work)

    assert f"more than {limits.MAX_XML_DEPTH} deep" in page
    assert work.inflated < 1 * MB
    assert work.peak < 10 * MB


@RUNNERS_URL_ONLY
def test_xml_of_millions_of_other_elements_is_refused_at_the_element_bound(
    sender: Any, runner: Runner, work: Work
) -> None:
    page = refused(sender, runner, hostile.many_elements(16_000_000), "junk.gpx.gz", work)

    assert f"more than {limits.MAX_XML_ELEMENTS:,} elements" in page
    assert work.inflated < 4 * limits.MAX_XML_ELEMENTS + MB
    assert work.peak < 20 * MB


@pytest.mark.parametrize("token", ["attribute", "comment"])
def test_a_tag_or_comment_megabytes_long_is_refused_after_the_first(
    sender: Any, runner: Runner, work: Work, token: str
) -> None:
    page = refused(sender, runner, hostile.gpx_with_a_long_token(token, 60), "long.gpx.gz", work)

    assert "over 1 MB long" in page
    assert work.inflated < 3 * MB
    assert work.peak < 20 * MB


def test_a_zip_of_ten_thousand_entries_is_refused_from_its_directory_record(
    sender: Any, runner: Runner, work: Work, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = hostile.zip_of_many(gpx_file(ONE_RUN), "run.gpx", 10_000)
    monkeypatch.setattr("zipfile.ZipFile", None)  # never opened

    page = refused(sender, runner, data, "runs.zip", work)

    assert "lists 10000 entries" in page
    assert f"at most {limits.MAX_ZIP_ENTRIES} entries" in page
    assert work.peak < 20 * MB


def test_a_zip_in_a_zip_in_a_zip_is_refused(sender: Any, runner: Runner, work: Work) -> None:
    page = refused(
        sender, runner, hostile.zip_in_zip(gpx_file(ONE_RUN), "run.gpx", 3), "r.zip", work
    )

    assert "packed inside too many archives" in page


@RUNNERS_URL_ONLY
def test_a_fit_file_of_many_small_messages_is_refused_at_the_message_bound(
    sender: Any, runner: Runner, work: Work
) -> None:
    page = refused(sender, runner, hostile.fit_of_messages(400_000), "run.fit", work, traced=False)

    assert "more messages than any run" in page
    # The definition and the data messages up to the bound were decoded; no more.
    assert work.fit_messages + 1 == limits.MAX_FIT_MESSAGES


def test_a_fit_file_larger_than_any_run_is_refused_unread(
    sender: Any, runner: Runner, work: Work
) -> None:
    data = gzip_of(hostile.fit_of_messages(200, fields=255, field_size=255))

    page = refused(sender, runner, data, "run.fit.gz", work)

    assert f"over {limits.MAX_FIT_MB} MB" in page
    assert work.inflated <= limits.MAX_FIT_BYTES + MB


def test_one_trackpoint_dated_2200_makes_the_run_too_long(
    sender: Any, runner: Runner, work: Work
) -> None:
    late = (
        "<Trackpoint><Time>2200-01-01T00:00:00Z</Time>"
        "<DistanceMeters>9000</DistanceMeters></Trackpoint></Track>"
    )
    data = tcx_file(ONE_RUN).replace(b"</Track>", late.encode())

    page = refused(sender, runner, data, "run.tcx", work)

    assert f"over {limits.LONGEST_RUN_HOURS} hours" in page
    assert work.peak < 10 * MB


def test_a_run_dated_tomorrow_is_refused_and_tomorrows_session_stays_planned(
    sender: Any, runner: Runner, session: ScheduledSession, work: Work, time_machine: Any
) -> None:
    time_machine.move_to(START - dt.timedelta(days=1), tick=False)

    page = refused(sender, runner, gpx_file(ONE_RUN), "run.gpx", work)

    assert "has not come yet" in page
    session.refresh_from_db()
    assert session.status == "planned"


def test_the_same_run_with_a_changed_comment_is_refused_as_already_uploaded(
    sender: Any, runner: Runner, work: Work
) -> None:
    client, url = sender
    first = gpx_file(ONE_RUN)
    assert upload(client, first, "run.gpx", url).status_code == 302
    again = first.replace(b"<trk>", b"<!-- exported again --><trk>")

    page = refused(sender, runner, again, "run-again.gpx", work)

    assert "already uploaded" in page
    assert "same second and has the same moving time" in page
    assert Recording.objects.count() == 1


def test_the_same_run_from_another_format_is_refused_as_already_uploaded(
    sender: Any, runner: Runner, work: Work
) -> None:
    client, url = sender
    assert upload(client, fit_file(ONE_RUN), "run.fit", url).status_code == 302

    page = refused(sender, runner, gpx_file(ONE_RUN), "run.gpx", work)

    assert "already uploaded" in page


def test_a_run_with_another_moving_time_on_the_same_second_is_another_run(
    time_machine: Any,
) -> None:
    time_machine.move_to(START + dt.timedelta(days=1), tick=False)
    unplanned = make_runner(name="No Block", time_zone="Europe/London")
    client = browser_client(unplanned.user)
    url = reverse("planner:upload_run")
    assert upload(client, gpx_file(ONE_RUN), "run.gpx", url).status_code == 302
    shorter = gpx_file(run_points([(1200.0, 3.0)], every_s=10))

    response = upload(client, shorter, "short.gpx", url)

    assert response.status_code == 302
    assert Recording.objects.filter(runner=unplanned).count() == 2


def test_a_runner_at_the_storage_bound_is_told_how_to_make_room(
    sender: Any, runner: Runner, work: Work
) -> None:
    client, url = sender
    assert upload(client, gpx_file(ONE_RUN), "run.gpx", url).status_code == 302
    Recording.objects.update(original_size=limits.MAX_STORED_BYTES_PER_RUNNER - 1000)
    other_day = gpx_file(ONE_RUN).replace(b"2026-03-03", b"2026-03-04")

    page = refused(sender, runner, other_day, "wednesday.gpx", work)

    assert f"of the {limits.MAX_STORED_MB_PER_RUNNER} MB each runner may keep" in page
    assert "Delete recording" in page
    assert work.points == 0  # refused before the file was read


def test_a_deleted_run_makes_room_again(runner: Runner, session: ScheduledSession) -> None:
    client = browser_client(runner.user)
    url = reverse("planner:upload_run")
    upload(client, gpx_file(ONE_RUN), "run.gpx", url)
    recording = Recording.objects.get()
    Recording.objects.update(original_size=limits.MAX_STORED_BYTES_PER_RUNNER)
    client.post(
        reverse("planner:delete_run", args=[recording.pk]),
        headers={"X-CSRFToken": csrf_token(client)},
    )

    response = upload(client, gpx_file(ONE_RUN), "run.gpx", url)

    assert response.status_code == 302
    assert Recording.objects.count() == 1


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "1999-12-27", "not a date"])
@pytest.mark.parametrize("htmx", [False, True])
def test_an_implausible_hidden_week_is_refused_by_the_form(
    runner: Runner, session: ScheduledSession, week: str, htmx: bool
) -> None:
    client = browser_client(runner.user)
    headers = {"X-CSRFToken": csrf_token(client)} | ({"HX-Request": "true"} if htmx else {})
    before = stored(runner)

    response = client.post(
        reverse("planner:upload_run"),
        {"file": SimpleUploadedFile("run.gpx", gpx_file(ONE_RUN)), "week": week},
        headers=headers,
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was uploaded." in page
    assert "The week to go back to" in page
    assert stored(runner) == before
