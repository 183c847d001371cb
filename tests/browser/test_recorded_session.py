"""The session page of a recorded run, as a runner reads it on a phone and a coach on a
desktop: the warm-up apart from the workout, heart rate per segment, no sideways scroll,
and a chart whose labels are at least 12 px with its bands and laps drawn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Recording, Runner, ScheduledSession
from tests import recording_files
from tests.browser.conftest import (
    PHONE,
    log_in,
    new_tab,
    runner_with_todays_workout,
    screenshot,
    serious_accessibility_problems,
)
from tests.recording_files import fit_file, noisy_points

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DESKTOP: ViewportSize = {"width": 1280, "height": 800}

TICK_PIXELS = """() => [...document.querySelectorAll('.pace-chart text.tick')].map(
  tick => parseFloat(getComputedStyle(tick).fontSize) * tick.getScreenCTM().a)"""


@pytest.fixture
def recorded_session(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Runner, ScheduledSession]]:
    """Today's Steady 40 + fast 10, run this morning after a 10-minute warm-up while the
    watch followed the workout: a lap per step, heart rate all along."""
    runner, session = runner_with_todays_workout("km")
    today = runner.today()
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
