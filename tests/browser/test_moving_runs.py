"""A runner on a phone moves a workout run a day late onto its session: the week comes
back with the focus on the card the run is now on, judged against that workout."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.models import Recording
from tests.browser.conftest import fits_the_phone, log_in, serious_accessibility_problems
from tests.factories import make_block, make_runner, make_user, shipped
from tests.recording_files import gpx_file, run_points
from tests.runs import AS_PLANNED, RECORDINGS_MONDAY, RUN_DAY

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_runner_moves_a_late_workout_onto_its_session_on_a_phone(phone: Page) -> None:
    runner = make_runner(
        user=make_user(username="ana"), time_zone="Europe/London", long_run_day=None
    )
    block = make_block(
        runner,
        published=True,
        start=RECORDINGS_MONDAY,
        weeks=1,
        run_days=frozenset({0, 1, 3}),
        long_run_day=None,
        long_template=None,
        long_minutes=None,
        progression_runs=1,
        progression_days=frozenset({0}),
        aerobic_floor_percent=70,
        progression_templates=(shipped("Steady 40 + fast 10"),),
    )
    recording = Recording.objects.store_upload(runner, gpx_file(run_points(AS_PLANNED)), "r.gpx")
    monday, tuesday = block.sessions.get(date=RECORDINGS_MONDAY), block.sessions.get(date=RUN_DAY)
    assert recording.session == tuesday
    log_in(phone, "ana")

    phone.goto(f"/week/{RECORDINGS_MONDAY.isoformat()}/")
    card = phone.locator(f"#session-{tuesday.pk}")
    card.locator("summary", has_text="Move run").click()
    card.get_by_label("Move the run of Tuesday 3 March to").select_option(str(monday.pk))
    fits_the_phone(phone)
    card.get_by_role("button", name="Move run").click()

    moved = phone.locator(f"#session-{monday.pk}")
    expect(moved).to_be_focused()
    expect(moved).to_contain_text("As planned.")
    expect(phone.locator("#messages")).to_contain_text(
        "Moved the run of Tue 3 Mar to Steady 40 + fast 10 of Mon 2 Mar"
    )
    expect(phone.locator(f"#session-{tuesday.pk}")).not_to_contain_text("Delete recording")
    fits_the_phone(phone)
    assert serious_accessibility_problems(phone) == []
    recording.refresh_from_db()
    assert recording.session == monday
