"""The session page of a recorded run, as a runner reads it on a phone and a coach on a
desktop: the warm-up apart from the workout, heart rate per segment, no sideways scroll,
and a chart whose labels are at least 12 px with its bands and laps drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Recording, Runner, ScheduledSession
from planner.weekdays import monday_of
from tests import recording_files
from tests.browser.conftest import (
    PHONE,
    log_in,
    new_tab,
    screenshot,
    serious_accessibility_problems,
)
from tests.factories import make_block, make_runner, shipped
from tests.recording_files import fit_file, noisy_points

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Browser tests run on the machine's clock: a runner for whom it is now daytime has
# run this morning's 6 o'clock run already, whatever the hour in UTC.
ZONES = (
    "Europe/London",
    "Asia/Tokyo",
    "America/New_York",
    "Pacific/Auckland",
    "America/Los_Angeles",
)


def zone_in_daytime() -> str:
    """A time zone where it is now between 8:00 and 22:59."""
    now = timezone.now()
    return next(zone for zone in ZONES if 8 <= now.astimezone(ZoneInfo(zone)).hour <= 22)


TICK_PIXELS = """() => [...document.querySelectorAll('.pace-chart text.tick')].map(
  tick => parseFloat(getComputedStyle(tick).fontSize) * tick.getScreenCTM().a)"""


@pytest.fixture
def recorded_session(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Runner, ScheduledSession]]:
    """Today's Steady 40 + fast 10, run this morning after a 10-minute warm-up while the
    watch followed the workout: a lap per step, heart rate all along."""
    runner = make_runner(unit="km", time_zone=zone_in_daytime(), long_run_day=None)
    today = runner.today()
    block = make_block(
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
    session = block.sessions.get()
    morning = dt.datetime.combine(today, dt.time(6, 0), tzinfo=runner.zone)
    monkeypatch.setattr(recording_files, "START", morning.astimezone(dt.UTC))
    fit_file.cache_clear()
    steady, fast = (segment.pace_s_per_km for segment in session.segments.all())
    easy = runner.training_paces().easy
    legs = [(600.0, 1000 / easy), (2400.0, 1000 / steady), (600.0, 1000 / fast)]
    laps = ((0.0, 600.0, None), (600.0, 3000.0, 0), (3000.0, 3600.0, 1))
    data = fit_file(noisy_points(legs, seed=7, every_s=10), laps=laps)
    Recording.objects.store_upload(runner, data, "morning.fit")
    yield runner, session
    fit_file.cache_clear()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_session_page_reads_on_a_phone_and_a_desktop(
    browser: Browser,
    live_server: LiveServer,
    recorded_session: tuple[Runner, ScheduledSession],
    viewport: ViewportSize,
) -> None:
    runner, session = recorded_session
    with new_tab(browser, live_server, viewport=viewport) as tab:
        log_in(tab, runner.user.username)
        tab.goto(reverse("planner:session_page", args=[session.pk]))
        check_the_page(tab, viewport)
        screenshot(tab, f"runner-recorded-run-{viewport['width']}.png", full_page=True)


def check_the_page(tab: Page, viewport: ViewportSize) -> None:
    expect(tab.locator(".verdict")).to_contain_text("As planned.")
    expect(tab.locator(".run-part")).to_contain_text("Warm-up")
    segments = tab.locator("ol.run-segments > li")
    expect(segments).to_have_count(2)
    for index in range(2):
        expect(segments.nth(index)).to_contain_text("on target")
        expect(segments.nth(index)).to_contain_text("bpm")
    assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    sizes = tab.evaluate(TICK_PIXELS)
    assert sizes
    assert min(sizes) >= 12
    expect(tab.locator(".pace-chart rect.band-steady")).to_have_count(1)
    expect(tab.locator(".pace-chart rect.band-hard")).to_have_count(1)
    expect(tab.locator(".pace-chart line.lap")).to_have_count(2)
    expect(tab.locator("figcaption")).to_contain_text("dashed lines the laps")
    assert serious_accessibility_problems(tab) == []
