"""A runner uploads today's run from a phone and sees the verdict and the chart; the coach
then sees the verdict and the week's actual aerobic share on the block page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from planner.models import Runner
from tests import recording_files
from tests.browser.conftest import (
    PHONE,
    fits_the_phone,
    log_in,
    runner_with_todays_workout,
    screenshot,
    serious_accessibility_problems,
)
from tests.recording_files import fit_file, run_points
from tests.runs import AS_PLANNED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def recorded_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[Runner]:
    """A runner whose only session this week is today's Steady 40 + fast 10, and a FIT
    file of it run as planned this morning."""
    runner, _ = runner_with_todays_workout("mi")
    today = runner.today()
    # Started an hour and a half ago, in the runner's daytime: today's, and over by now.
    started = timezone.now() - dt.timedelta(minutes=90)
    assert started.astimezone(runner.zone).date() == today
    monkeypatch.setattr(recording_files, "START", started.astimezone(dt.UTC))
    fit_file.cache_clear()
    yield runner
    fit_file.cache_clear()


def test_a_runner_uploads_todays_run_and_the_coach_sees_the_verdict(
    plain_phone: Page, page: Page, recorded_today: Runner
) -> None:
    runner = recorded_today
    data = fit_file(run_points(AS_PLANNED, every_s=10))

    log_in(plain_phone, runner.user.username)
    plain_phone.evaluate("window.stayedOnThePage = true")
    card = plain_phone.locator("article.day-card.today")
    card.locator("summary", has_text="Upload run").click()
    card.get_by_label("Watch file").set_input_files(
        {"name": "morning-run.fit", "mimeType": "application/octet-stream", "buffer": data}
    )
    card.get_by_role("button", name="Upload", exact=True).click()

    today = plain_phone.locator("article.day-card.today")
    expect(today).to_contain_text("As planned.")
    expect(today).to_contain_text("Done (recorded): 50:00")
    expect(plain_phone.locator("#messages")).to_contain_text("Uploaded Steady 40 + fast 10")
    expect(plain_phone.locator("#week-summary")).to_contain_text("Actual aerobic share")
    assert plain_phone.evaluate("window.stayedOnThePage") is True  # htmx swapped the card
    fits_the_phone(plain_phone)
    assert serious_accessibility_problems(plain_phone) == []

    plain_phone.get_by_role("link", name=re.compile("Planned against actual")).click()
    expect(plain_phone.locator("figure.pace-chart svg path.pace-line")).to_be_visible()
    expect(plain_phone.locator("figcaption")).to_contain_text("Pace over")
    expect(plain_phone.locator("ol.run-segments")).to_contain_text("on target")
    assert plain_phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_accessibility_problems(plain_phone) == []
    screenshot(plain_phone, "runner-recorded-run.png", full_page=True)

    log_in(page, runner.coach.username)
    page.goto(f"/coach/blocks/{runner.blocks.get().pk}/")
    calendar = page.locator("table.calendar")
    expect(calendar).to_contain_text("As planned")
    expect(calendar).to_contain_text(re.compile(r"\d+(\.\d)? % aerobic as run"))
