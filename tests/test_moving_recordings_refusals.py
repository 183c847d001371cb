"""Moving a recorded run, refused: a clear message and nothing changed; strangers get 404
and anonymous visitors are sent to log in. The block is the one of ``tests/moving_runs.py``."""

from __future__ import annotations

import zlib
from datetime import date

import pytest
from django.test import Client

from planner.models import Recording, Runner, ScheduledSession, TrainingBlock
from tests import moving_runs as moving
from tests.access import covers
from tests.factories import make_runner, make_user
from tests.http import browser_client, post
from tests.moving_runs import block, monday, onto_the_workout, recording, runner, tuesday
from tests.runs import RECORDINGS_MONDAY

__all__ = [
    "block",
    "monday",
    "onto_the_workout",
    "recording",
    "runner",
    "tuesday",
]  # the fixtures, shared

pytestmark = pytest.mark.django_db


# --- refusals: a clear message, nothing changed ----------------------------------------


def test_a_session_that_already_has_a_run_takes_no_other(
    runner: Runner, recording: Recording, tuesday: ScheduledSession
) -> None:
    second = moving.uploaded(runner, moving.easy_jog())
    assert (recording.session, second.session) == (tuesday, None)

    moving.refused(
        runner,
        second,
        moving.moved_to(tuesday, None),
        "Easy run of Tue 3 Mar already has a recorded run",
    )


def test_a_session_logged_as_skipped_takes_no_run(
    runner: Runner, recording: Recording, monday: ScheduledSession, onto_the_workout: dict[str, str]
) -> None:
    monday.mark_skipped("Rain")

    moving.refused(
        runner, recording, onto_the_workout, "was logged as skipped; undo the skip first"
    )


def test_a_session_of_another_block_is_refused(
    runner: Runner, recording: Recording, tuesday: ScheduledSession
) -> None:
    later = moving.late_block(runner, start=date(2026, 3, 9)).sessions.first()
    assert later is not None

    moving.refused(
        runner,
        recording,
        moving.moved_to(later, tuesday),
        "a run moves only to another session of its own block",
    )


def test_a_session_the_runner_does_not_own_is_refused(
    runner: Runner, recording: Recording, tuesday: ScheduledSession
) -> None:
    someone_else = moving.late_block(make_runner(time_zone="Europe/London", long_run_day=None))

    moving.refused(
        runner,
        recording,
        moving.moved_to(moving.session_on(someone_else, RECORDINGS_MONDAY), tuesday),
        "not in this run's training block",
    )


def test_a_move_drawn_before_another_move_is_refused_and_undoes_nothing(
    runner: Runner, recording: Recording, tuesday: ScheduledSession, monday: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    moving.move(client, recording, monday, was_on=tuesday)

    # A second tab still shows the run on Tuesday and moves it off.
    moving.refused(
        runner,
        recording,
        moving.moved_to(None, was_on=tuesday),
        "This run was moved meanwhile",
        client=client,
    )


def test_a_move_that_cannot_be_read_changes_nothing(runner: Runner, recording: Recording) -> None:
    moving.refused(runner, recording, {"session": "monday", "was_on": ""}, "The run was not moved.")


def test_a_run_whose_stored_file_no_longer_reads_is_not_moved_and_nothing_changes(
    runner: Runner, recording: Recording, onto_the_workout: dict[str, str]
) -> None:
    Recording.objects.filter(pk=recording.pk).update(original=zlib.compress(b"not a run"))

    moving.refused(runner, recording, onto_the_workout, "The run was not moved.")


def test_with_htmx_a_refusal_only_fills_the_live_region(
    runner: Runner, recording: Recording, monday: ScheduledSession
) -> None:
    response = moving.move(browser_client(runner.user), recording, None, was_on=monday, htmx=True)

    assert response.status_code == 422
    assert response["HX-Reswap"] == "none"
    assert "This run was moved meanwhile" in response.content.decode()


# --- who may move ---------------------------------------------------------------------


@covers("planner:coach_move_run", "planner:move_run")
def test_strangers_cannot_move_a_run_and_nothing_changes(
    runner: Runner, block: TrainingBlock, recording: Recording, onto_the_workout: dict[str, str]
) -> None:
    data = onto_the_workout
    before = moving.database(runner)
    other_runner = make_runner().user
    other_coach = make_user()

    answers = [
        post(browser_client(other_runner), moving.move_url(recording), data).status_code,
        post(browser_client(runner.coach), moving.move_url(recording), data).status_code,
        post(
            browser_client(other_coach), moving.coach_move_url(block, recording), data
        ).status_code,
        post(
            browser_client(runner.user), moving.coach_move_url(block, recording), data
        ).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert moving.database(runner) == before


@covers("planner:move_run")
def test_anonymous_visitors_are_sent_to_log_in_to_move_a_run(
    block: TrainingBlock, recording: Recording
) -> None:
    for url in (moving.move_url(recording), moving.coach_move_url(block, recording)):
        response = Client().post(url, {})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
