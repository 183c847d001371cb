"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API keeps an event loop in the main thread, which Django's
async-safety check mistakes for async code; DJANGO_ALLOW_ASYNC_UNSAFE is set
only while a browser module runs, and Playwright is stopped after it.

The pictures in docs/screenshots are taken only under `make screenshots`
(FF_SCREENSHOTS=1), so running the tests leaves the working tree as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from django.utils import timezone
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Locator,
    Page,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from planner.models import Runner, ScheduledSession
from planner.weekdays import monday_of
from tests.factories import PASSWORD, make_block, make_runner, shipped

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("FF_SCREENSHOTS") == "1"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Browser tests run on the machine's clock: a runner for whom it is now daytime has run
# this morning's run already, whatever the hour in UTC (between them these zones cover
# every hour of the day).
DAYTIME_ZONES = (
    "Europe/London",
    "Asia/Tokyo",
    "America/New_York",
    "Pacific/Auckland",
    "America/Los_Angeles",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests: /usr/bin/chromium is missing.")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Inside Playwright's sync API Django's connections live in another context, so the
    # wrappers there lack the serialized copy that serialized_rollback restores from.
    kept = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    try:
        with sync_playwright() as playwright:
            for alias, contents in kept.items():
                if contents is not None and not hasattr(
                    connections[alias], "_test_serialized_contents"
                ):
                    connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        patch.undo()


@contextmanager
def new_tab(browser: Browser, live_server: LiveServer, **options: Any) -> Iterator[Page]:
    """A page in a fresh browser context; what the CSP refused there fails the test."""
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused = watch_for_csp_refusals(tab)
    try:
        yield tab
    finally:
        context.close()
    assert refused == [], f"the Content Security Policy blocked: {refused}"


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    with new_tab(browser, live_server, viewport=DESKTOP) as tab:
        yield tab


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    with new_tab(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    ) as tab:
        yield tab


@pytest.fixture
def plain_phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A phone at one pixel a point that keeps what it downloads: for the watch download,
    the upload and their screenshots."""
    with new_tab(
        browser,
        live_server,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        accept_downloads=True,
    ) as tab:
        yield tab


SMALL_TARGETS = """() => [...document.querySelectorAll(
    'a, button, summary, input:not([type=hidden]), select, textarea')]
  .map(el => (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') || el)
  .filter(el => { const r = el.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && r.right > 0; })
  .filter(el => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
  .map(el => el.outerHTML.slice(0, 80))"""


def fits_the_phone(page: Page) -> None:
    """Nothing wider than the phone, and no tap target too small to hit."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SMALL_TARGETS) == []


def log_in(page: Page, username: str, login_path: str = "/accounts/login/") -> None:
    page.goto(login_path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def serious_accessibility_problems(page: Page) -> list[tuple[str, str, list[str]]]:
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["html"][:80] for n in v["nodes"]])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(target: Page | Locator, name: str, **options: Any) -> None:
    """A picture for the docs, taken only under `make screenshots`."""
    if not TAKE_SCREENSHOTS:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Playwright hides the caret by injecting a style, which our policy refuses (and a
    # refusal fails the test): keep the caret as it is.
    options.setdefault("caret", "initial")
    target.screenshot(path=str(SCREENSHOTS / name), **options)


def watch_for_csp_refusals(tab: Page) -> list[str]:
    """Collect what the browser refused under our Content Security Policy."""
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    tab.on("console", on_console)
    return refused


def zone_in_daytime() -> str:
    """A time zone where it is now between 08:00 and 19:59, so that a run this morning at 6
    o'clock, or one started an hour and a half ago, was today's there and is over."""
    now = timezone.now()
    return next(zone for zone in DAYTIME_ZONES if 8 <= now.astimezone(ZoneInfo(zone)).hour < 20)


def runner_with_todays_workout(unit: str) -> tuple[Runner, ScheduledSession]:
    """A runner in daytime whose one-week block holds one session: today's Steady 40 +
    fast 10. No usual long-run day: on a Monday it would be a key day the day before."""
    runner = make_runner(unit=unit, time_zone=zone_in_daytime(), long_run_day=None)
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
    return runner, block.sessions.get()
