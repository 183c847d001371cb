"""A runner uploads today's run from a phone and sees the verdict and the chart; the coach
then sees the verdict and the week's actual aerobic share on the block page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Runner
from planner.weekdays import monday_of
from tests import recording_files
from tests.browser.conftest import (
    PHONE,
    fits_the_phone,
    log_in,
    screenshot,
    serious_accessibility_problems,
    watch_for_csp_refusals,
)
from tests.factories import make_block, make_runner, shipped
from tests.recording_files import fit_file, run_points
from tests.runs import AS_PLANNED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def recorded_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[Runner]:
    """A runner whose only session this week is today's Steady 40 + fast 10, and a FIT
    file of it run as planned this morning."""
    # No usual long-run day: on a Monday it would be a key day the day before the block.
    runner = make_runner(unit="mi", time_zone="Europe/London", long_run_day=None)
    today = runner.today()
    make_block(
        runner,
        published=True,
        start=monday_of(today),
        weeks=1,
        run_days=frozenset({today.weekday()}),
        long_run_day=None,
        long_template=None,
        long_minutes=None,
        progression_runs=1,
        progression_templates=(shipped("Steady 40 + fast 10"),),
    )
    morning = dt.datetime.combine(today, dt.time(6, 30), tzinfo=runner.zone)
    monkeypatch.setattr(recording_files, "START", morning.astimezone(dt.UTC))
    fit_file.cache_clear()
    yield runner
    fit_file.cache_clear()


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused = watch_for_csp_refusals(tab)
    yield tab
    context.close()
    assert refused == [], f"the Content Security Policy blocked: {refused}"


def test_a_runner_uploads_todays_run_and_the_coach_sees_the_verdict(
    phone: Page, page: Page, recorded_today: Runner
) -> None:
    runner = recorded_today
    data = fit_file(run_points(AS_PLANNED, every_s=10))

    log_in(phone, runner.user.username)
    phone.evaluate("window.stayedOnThePage = true")
    card = phone.locator("article.day-card.today")
    card.locator("summary", has_text="Upload run").click()
    card.get_by_label("Watch file").set_input_files(
        {"name": "morning-run.fit", "mimeType": "application/octet-stream", "buffer": data}
    )
    card.get_by_role("button", name="Upload", exact=True).click()

    today = phone.locator("article.day-card.today")
    expect(today).to_contain_text("As planned.")
    expect(today).to_contain_text("Done (recorded): 50:00")
    expect(phone.locator("#messages")).to_contain_text("Uploaded Steady 40 + fast 10")
    expect(phone.locator("#week-summary")).to_contain_text("Actual aerobic share")
    assert phone.evaluate("window.stayedOnThePage") is True  # htmx swapped the card
    fits_the_phone(phone)
    assert serious_accessibility_problems(phone) == []

    phone.get_by_role("link", name=re.compile("Planned against actual")).click()
    expect(phone.locator("figure.pace-chart svg path.pace-line")).to_be_visible()
    expect(phone.locator("figcaption")).to_contain_text("Pace over")
    expect(phone.locator("table.run-table")).to_contain_text("on target")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "runner-recorded-run.png", full_page=True)

    log_in(page, runner.coach.username)
    page.goto(f"/coach/blocks/{runner.blocks.get().pk}/")
    calendar = page.locator("table.calendar")
    expect(calendar).to_contain_text("As planned")
    expect(calendar).to_contain_text(re.compile(r"\d+(\.\d)? % aerobic as run"))
