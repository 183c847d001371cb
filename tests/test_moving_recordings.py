"""Moving a recorded run between sessions of its block, and back to being unplanned,
through the real URLs; and a second run of a day kept as an unplanned run.

The runner's one-week block (from Monday 2 March 2026) has Steady 40 + fast 10 on
Monday and an easy run on Tuesday, the day the test files were recorded: the workout
was run a day late, so the upload lands on Tuesday's easy run.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from planner.models import Recording, Runner, ScheduledSession, TrainingBlock
from planner.presenters.moving import near
from tests import moving_runs as moving
from tests.access import covers
from tests.http import browser_client, page_text, post
from tests.moving_runs import block, monday, recording, runner, tuesday
from tests.runs import RECORDINGS_MONDAY, RUN_DAY

__all__ = ["block", "monday", "recording", "runner", "tuesday"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


# --- the runner moves a workout run a day late onto its session, and back --------------


def test_a_workout_run_a_day_late_lands_on_the_next_days_session_and_is_judged_as_easy(
    block: TrainingBlock, recording: Recording
) -> None:
    assert recording.session == moving.session_on(block, RUN_DAY)
    judgement = recording.judged()
    assert judgement is not None
    assert len(judgement.segments) == 1  # judged as the one-segment easy run it is not


@covers("planner:move_run")
def test_the_runner_moves_the_run_onto_the_workout_and_it_is_judged_against_it(
    runner: Runner, recording: Recording, tuesday: ScheduledSession, monday: ScheduledSession
) -> None:
    tuesday.effort, tuesday.note = 6, "Felt strong at the end"
    tuesday.save()
    client = browser_client(runner.user)

    response = moving.move(client, recording, monday, was_on=tuesday)

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("planner:my_week_of", args=["2026-03-02"]) + f"#session-{monday.pk}"
    )
    recording.refresh_from_db()
    monday.refresh_from_db()
    tuesday.refresh_from_db()
    assert recording.session == monday
    assert recording.verdict == "as_planned"
    judgement = recording.judged()
    assert judgement is not None
    assert len(judgement.segments) == 2  # steady 40 and fast 10: judged against Monday
    assert monday.status == "done"
    assert monday.actual_seconds == pytest.approx(3000, abs=2)
    assert (monday.effort, monday.note) == (6, "Felt strong at the end")  # they go with the run
    assert (tuesday.status, tuesday.note) == ("planned", "")
    assert tuesday.actual_seconds is None
    assert tuesday.effort is None
    week = page_text(client.get(response["Location"]))
    assert "Moved the run of Tue 3 Mar to Steady 40 + fast 10 of Mon 2 Mar" in week
    assert "As planned." in week


def test_the_runner_moves_the_run_off_its_session_and_back(
    runner: Runner, recording: Recording, tuesday: ScheduledSession, monday: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    moving.move(client, recording, monday, was_on=tuesday)

    off = moving.move(client, recording, None, was_on=monday)

    recording.refresh_from_db()
    monday.refresh_from_db()
    assert off.status_code == 302
    assert (recording.session, recording.verdict, recording.judgement) == (None, "", None)
    assert monday.status == "planned"
    week = page_text(client.get(off["Location"]))
    assert "it is an unplanned run now" in week
    assert "Unplanned run: 50:00" in week

    back = moving.move(client, recording, monday, was_on=None)

    recording.refresh_from_db()
    monday.refresh_from_db()
    assert back.status_code == 302
    assert (recording.session, recording.verdict) == (monday, "as_planned")
    assert monday.status == "done"


def test_with_htmx_the_week_comes_back_with_focus_on_the_card_the_run_is_on(
    runner: Runner, recording: Recording, tuesday: ScheduledSession, monday: ScheduledSession
) -> None:
    response = moving.move(
        browser_client(runner.user), recording, monday, was_on=tuesday, htmx=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#week"
    assert response["HX-Push-Url"] == reverse("planner:my_week_of", args=["2026-03-02"])
    assert f'id="session-{monday.pk}"' in html
    assert 'tabindex="-1" autofocus' in html.split(f'id="session-{monday.pk}"')[1].split(">")[0]
    assert '<div id="messages" hx-swap-oob="innerHTML">' in html


def test_the_week_offers_the_blocks_sessions_without_a_run_and_unplanned(
    runner: Runner, block: TrainingBlock, monday: ScheduledSession
) -> None:
    thursday = moving.session_on(block, date(2026, 3, 5))
    thursday.mark_skipped("Travel")

    week = browser_client(runner.user).get(reverse("planner:my_week_of", args=["2026-03-02"]))

    html = week.content.decode()
    assert f'<option value="{monday.pk}">Mon 2 Mar: Steady 40 + fast 10</option>' in html
    assert f'<option value="{thursday.pk}">' not in html  # skipped: no run goes there
    assert '<option value="">No session: an unplanned run</option>' in html


def test_the_runner_moves_from_the_session_page_and_lands_on_the_new_sessions_page(
    runner: Runner, recording: Recording, tuesday: ScheduledSession, monday: ScheduledSession
) -> None:
    client = browser_client(runner.user)
    page = client.get(reverse("planner:session_page", args=[tuesday.pk]))
    assert "Move the run of Tuesday 3 March to" in page_text(page)

    response = post(
        client,
        moving.move_url(recording),
        moving.moved_to(monday, was_on=tuesday) | {"back": "page"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("planner:session_page", args=[monday.pk])


def test_a_run_moved_into_the_next_week_shows_on_that_weeks_card_only(runner: Runner) -> None:
    block = moving.late_block(runner, weeks=2, progression_runs=2)
    recording = moving.uploaded(runner)
    next_monday = moving.session_on(block, RECORDINGS_MONDAY + timedelta(weeks=1))
    client = browser_client(runner.user)

    post(
        client,
        moving.move_url(recording),
        moving.moved_to(next_monday, moving.session_on(block, RUN_DAY)),
    )

    this_week = page_text(client.get(reverse("planner:my_week_of", args=["2026-03-02"])))
    next_week = client.get(reverse("planner:my_week_of", args=["2026-03-09"]))
    assert "Unplanned run" not in this_week
    assert "<dt>Done</dt><dd>0 min</dd>" in this_week.replace("> <", "><")
    card = next_week.content.decode().split(f'id="session-{next_monday.pk}"')[1]
    assert "As planned." in card.split("</article>")[0]


# --- the coach moves from the block page -------------------------------------------------


@covers("planner:coach_move_run")
def test_the_coach_moves_their_runners_run_from_the_block_page_and_back(
    runner: Runner,
    block: TrainingBlock,
    recording: Recording,
    tuesday: ScheduledSession,
    monday: ScheduledSession,
) -> None:
    client = browser_client(runner.coach)
    page = page_text(client.get(reverse("planner:block_detail", args=[block.pk])))
    assert "Move the run of Tuesday 3 March to" in page

    response = post(
        client, moving.coach_move_url(block, recording), moving.moved_to(monday, tuesday)
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#run-{recording.pk}")
    recording.refresh_from_db()
    assert (recording.session, recording.verdict) == (monday, "as_planned")
    page = page_text(client.get(response["Location"]))
    assert "Moved the run of Tue 3 Mar to Steady 40 + fast 10 of Mon 2 Mar" in page

    back = post(
        client, moving.coach_move_url(block, recording), moving.moved_to(None, monday), htmx=True
    )

    recording.refresh_from_db()
    assert back.status_code == 200
    assert recording.session is None
    assert f'id="run-{recording.pk}" tabindex="-1" autofocus' in back.content.decode()


@covers("planner:coach_move_run")
def test_the_coach_cannot_move_a_run_from_another_block_page(
    runner: Runner, recording: Recording, tuesday: ScheduledSession
) -> None:
    other = moving.late_block(runner, start=date(2026, 3, 9))
    onto_the_other_block = moving.moved_to(moving.session_on(other, date(2026, 3, 9)), tuesday)

    moving.refused(
        runner,
        recording,
        onto_the_other_block,
        client=browser_client(runner.coach),
        url=moving.coach_move_url(other, recording),
        status=404,
    )


# --- a second run on a day whose session has one ---------------------------------------


def test_a_second_run_of_the_day_is_kept_as_an_unplanned_run(
    runner: Runner, block: TrainingBlock, recording: Recording
) -> None:
    first = recording
    client = browser_client(runner.user)

    response = moving.upload(client, moving.easy_jog())

    assert response.status_code == 302
    second = Recording.objects.latest("pk")
    assert first.session == moving.session_on(block, RUN_DAY)
    assert (second.session, second.verdict) == (None, "")
    week = page_text(client.get(response["Location"]))
    assert "Uploaded an unplanned run of Tuesday 3 March" in week
    assert "Unplanned run: 20:00" in week


def test_a_move_list_offers_the_sessions_within_a_week_of_the_run() -> None:
    sessions = [
        ScheduledSession(date=RECORDINGS_MONDAY + timedelta(days=offset), title=f"Day {offset}")
        for offset in (-8, -7, 0, 7, 8)
    ]

    offered = near(sessions, RECORDINGS_MONDAY)

    assert [session.title for session in offered] == ["Day -7", "Day 0", "Day 7"]
