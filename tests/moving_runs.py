"""Helpers for the tests of moving a recorded run (``tests/test_moving_recordings*.py``): the
runner's one-week block with the workout on Monday and the run recorded on Tuesday, uploads,
and the move form's data; fixtures for the runner, the block, the uploaded run and its two
sessions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from planner.models import Recording, Runner, ScheduledSession, TrainingBlock
from tests.factories import make_block, make_runner, shipped
from tests.http import browser_client, csrf_token, page_text, post
from tests.recording_files import gpx_file, run_points
from tests.runs import AS_PLANNED, RECORDINGS_MONDAY, RUN_DAY, STEADY_SPEED

LATE_WEEK = [(0, "progression"), (1, "easy"), (3, "easy")]


def late_block(runner: Runner, **overrides: Any) -> TrainingBlock:
    """Monday: Steady 40 + fast 10; Tuesday and Thursday: easy runs."""
    fields: dict[str, Any] = {
        "published": True,
        "start": RECORDINGS_MONDAY,
        "weeks": 1,
        "run_days": frozenset({0, 1, 3}),
        "long_run_day": None,
        "long_template": None,
        "long_minutes": None,
        "progression_runs": 1,
        "progression_days": frozenset({0}),
        "aerobic_floor_percent": 70,
        "progression_templates": (shipped("Steady 40 + fast 10"),),
    }
    fields |= overrides
    block = make_block(runner, **fields)
    start = fields["start"]
    first_week = block.sessions.filter(date__lt=start + timedelta(weeks=1)).order_by("date")
    kinds = list(first_week.values_list("date", "kind"))
    assert kinds == [(start + timedelta(days=d), k) for d, k in LATE_WEEK]
    return block


@pytest.fixture
def runner() -> Runner:
    # No usual long run: the day before the block is no key day, so Monday may hold the workout.
    return make_runner(time_zone="Europe/London", long_run_day=None)


@pytest.fixture
def block(runner: Runner) -> TrainingBlock:
    return late_block(runner)


@pytest.fixture
def recording(runner: Runner, block: TrainingBlock) -> Recording:
    """The workout run a day late, uploaded: it lands on Tuesday's easy run."""
    return uploaded(runner)


# The sessions are read after the upload, as the run left them.
@pytest.fixture
def tuesday(block: TrainingBlock, recording: Recording) -> ScheduledSession:
    """Tuesday's easy run, the session the uploaded workout landed on."""
    return session_on(block, RUN_DAY)


@pytest.fixture
def monday(block: TrainingBlock, recording: Recording) -> ScheduledSession:
    """Monday's Steady 40 + fast 10, the session the workout was meant for."""
    return session_on(block, RECORDINGS_MONDAY)


@pytest.fixture
def onto_the_workout(tuesday: ScheduledSession, monday: ScheduledSession) -> dict[str, str]:
    """The move form's data taking the run from Tuesday onto Monday's workout."""
    return moved_to(monday, tuesday)


def session_on(block: TrainingBlock, day: date) -> ScheduledSession:
    return block.sessions.get(date=day)


def upload(client: Client, data: bytes, url: str = "") -> Any:
    headers = {"X-CSRFToken": csrf_token(client)}
    body = {"file": SimpleUploadedFile("run.gpx", data), "week": RUN_DAY.isoformat()}
    return client.post(url or reverse("planner:upload_run"), body, headers=headers)


def workout_run() -> bytes:
    return gpx_file(run_points(AS_PLANNED))


def easy_jog() -> bytes:
    return gpx_file(run_points([(1200.0, STEADY_SPEED * 0.8)]))


def uploaded(runner: Runner, data: bytes | None = None) -> Recording:
    response = upload(browser_client(runner.user), data or workout_run())
    assert response.status_code == 302, page_text(response)
    return Recording.objects.latest("pk")


def move_url(recording: Recording) -> str:
    return reverse("planner:move_run", args=[recording.pk])


def coach_move_url(block: TrainingBlock, recording: Recording) -> str:
    return reverse("planner:coach_move_run", args=[block.pk, recording.pk])


def moved_to(session: ScheduledSession | None, was_on: ScheduledSession | None) -> dict[str, str]:
    return {
        "session": "" if session is None else str(session.pk),
        "was_on": "" if was_on is None else str(was_on.pk),
    }


def move(
    client: Client,
    recording: Recording,
    onto: ScheduledSession | None,
    was_on: ScheduledSession | None,
    *,
    htmx: bool = False,
) -> Any:
    """The move form of ``recording``, posted: from ``was_on`` onto ``onto`` (None: unplanned)."""
    return post(client, move_url(recording), moved_to(onto, was_on), htmx=htmx)


def database(runner: Runner) -> tuple[Any, ...]:
    """Everything a refused move must leave as it was."""
    return (
        list(Recording.objects.order_by("pk").values_list("pk", "session_id", "verdict")),
        list(
            ScheduledSession.objects.filter(block__runner=runner)
            .order_by("date")
            .values_list("pk", "status", "actual_seconds", "effort", "note")
        ),
    )


def refused(
    runner: Runner,
    recording: Recording,
    data: dict[str, Any],
    message: str | None = None,
    *,
    client: Client | None = None,
    url: str = "",
    status: int = 422,
) -> None:
    """The runner's move of ``recording`` (or ``client``'s post to ``url``) is refused with
    ``status`` and ``message``, and changes nothing."""
    before = database(runner)

    response = post(client or browser_client(runner.user), url or move_url(recording), data)

    assert response.status_code == status
    if message is not None:
        assert message in page_text(response)
    assert database(runner) == before
