"""A runner on a phone: the week at 360 px, logging with htmx, switching units."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Runner
from planner.weekdays import monday_of
from tests.browser.conftest import SCREENSHOTS, watch_for_csp_refusals
from tests.factories import PASSWORD, make_block, make_runner

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE: ViewportSize = {"width": 360, "height": 740}
# A radio's target is its label, which the stylesheet makes 44 px tall.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'a, button, summary, input:not([type=hidden]), select, textarea')]
  .map(el => (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') || el)
  .filter(el => { const r = el.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && r.right > 0; })
  .filter(el => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
  .map(el => el.outerHTML.slice(0, 80))"""


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused = watch_for_csp_refusals(tab)
    yield tab
    context.close()
    assert refused == [], f"the Content Security Policy blocked: {refused}"


def log_in(page: Page, runner: Runner) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(runner.user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/week/$"))


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SMALL_TARGETS) == []


def serious_problems(page: Page) -> list[Any]:
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["html"][:80] for n in v["nodes"]])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_a_runner_logs_a_run_on_a_phone_and_switches_to_kilometres(phone: Page) -> None:
    runner = make_runner(unit="mi")
    today = timezone.now().astimezone(runner.zone).date()
    make_block(runner, published=True, start=monday_of(today))

    log_in(phone, runner)

    cards = phone.locator("article.day-card")
    expect(cards).to_have_count(7)
    expect(cards.first).to_have_class(re.compile(r"\btoday\b"))
    expect(cards.first).to_contain_text("Today")
    expect(phone.locator("#week")).to_contain_text(re.compile(r"\d+ min at \d+:\d\d /mi"))
    expect(phone.get_by_role("heading", name="Week 1 of 4")).to_be_visible()
    fits_the_phone(phone)
    assert serious_problems(phone) == []

    phone.evaluate("window.stayedOnThePage = true")
    card = phone.locator("article.day-card:has(details.log)").first
    card_id = card.get_attribute("id")
    card.locator("summary", has_text="Done").click()
    card.get_by_label("Minutes run").fill("41")
    card.get_by_label("Effort").fill("6")
    fits_the_phone(phone)
    card.get_by_role("button", name="Save as done").click()

    logged = phone.locator(f"#{card_id}")
    expect(logged).to_contain_text("Done: 41:00")
    expect(logged.get_by_role("button", name=re.compile("Undo"))).to_be_visible()
    expect(phone.locator("#week-summary")).to_contain_text("Done41 min")
    expect(phone.locator("#messages")).to_contain_text("Logged")
    assert phone.evaluate("window.stayedOnThePage") is True
    fits_the_phone(phone)
    assert serious_problems(phone) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "runner-week.png"), full_page=True, scale="css")

    phone.get_by_role("link", name="Profile").click()
    expect(phone.get_by_role("heading", name="Your paces")).to_be_visible()
    fits_the_phone(phone)
    assert serious_problems(phone) == []
    phone.get_by_label("Kilometres (min/km)").check()
    phone.get_by_role("button", name="Save settings").click()
    expect(phone.locator("#messages")).to_contain_text("Saved")
    expect(phone.locator("table.paces")).to_contain_text("/km")

    phone.get_by_role("link", name="My week").click()
    expect(phone.locator("#week")).to_contain_text(re.compile(r"\d+ min at \d+:\d\d /km"))
    expect(phone.locator("#week")).not_to_contain_text("/mi")
    fits_the_phone(phone)


def test_the_week_works_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    runner = make_runner(unit="mi")
    make_block(
        runner, published=True, start=monday_of(timezone.now().astimezone(runner.zone).date())
    )
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, runner)
        card = page.locator("article.day-card:has(details.log)").first
        card_id = card.get_attribute("id")
        card.locator("summary", has_text="Skipped").click()
        card.get_by_label("Why (optional)").fill("sore calf")
        card.get_by_role("button", name="Save as skipped").click()

        expect(page.locator(f"#{card_id}")).to_contain_text("Skipped: sore calf")
        expect(page.locator("#messages")).to_contain_text("Marked")
        fits_the_phone(page)
    finally:
        context.close()
