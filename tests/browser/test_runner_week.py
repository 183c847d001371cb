"""A runner on a phone: the week at 360 px, logging with htmx, switching units."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Runner
from planner.weekdays import monday_of
from tests.browser.conftest import (
    PHONE,
    fits_the_phone,
    log_in,
    new_tab,
    screenshot,
    serious_accessibility_problems,
)
from tests.factories import make_block, make_runner

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A radio's target is its label, which the stylesheet makes 44 px tall.


def open_the_week(page: Page, runner: Runner) -> None:
    log_in(page, runner.user.username)
    expect(page).to_have_url(re.compile(r"/week/$"))


def test_a_runner_logs_a_run_on_a_phone_and_switches_to_kilometres(phone: Page) -> None:
    runner = make_runner(unit="mi")
    today = timezone.now().astimezone(runner.zone).date()
    make_block(runner, published=True, start=monday_of(today))

    open_the_week(phone, runner)

    cards = phone.locator("article.day-card")
    expect(cards).to_have_count(7)
    # The first card is today's session, or the week's next one when today is rest.
    lead = phone.locator("section.lead article.day-card")
    expect(lead).to_have_count(1)
    expect(cards.first).to_have_attribute("id", lead.get_attribute("id") or "")
    expect(phone.locator("#week")).to_contain_text(re.compile(r"\d+ min at \d+:\d\d /mi"))
    expect(phone.locator(".week-head")).to_contain_text("Week 1 of 4")
    fits_the_phone(phone)
    assert serious_accessibility_problems(phone) == []

    phone.evaluate("window.stayedOnThePage = true")
    # The first card that can be logged as done: a session of today or before (when
    # today is a rest day, the leading card is a later session, which can only be skipped).
    done = phone.locator("details.log summary", has_text="Done")
    card = phone.locator("article.day-card").filter(has=done).first
    card_id = card.get_attribute("id")
    card.locator("summary", has_text="Done").click()
    card.get_by_label("Minutes run").fill("41")
    card.get_by_label("Effort").fill("6")
    fits_the_phone(phone)
    card.get_by_role("button", name="Save as done").click()

    logged = phone.locator(f"#{card_id}")
    expect(logged).to_contain_text("Done: 41:00")
    expect(logged.get_by_role("button", name=re.compile("Undo"))).to_be_visible()
    expect(phone.locator("#week-summary summary")).to_contain_text("done 41 min")
    expect(phone.locator("#messages")).to_contain_text("Logged")
    assert phone.evaluate("window.stayedOnThePage") is True
    fits_the_phone(phone)
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "runner-week.png", full_page=True, scale="css")

    phone.get_by_role("link", name="Profile").click()
    expect(phone.get_by_role("heading", name="Your paces")).to_be_visible()
    fits_the_phone(phone)
    assert serious_accessibility_problems(phone) == []
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
    with new_tab(browser, live_server, viewport=PHONE, java_script_enabled=False) as page:
        open_the_week(page, runner)
        card = page.locator("article.day-card:has(details.log)").first
        card_id = card.get_attribute("id")
        card.locator("summary", has_text="Skipped").click()
        card.get_by_label("Why (optional)").fill("sore calf")
        card.get_by_role("button", name="Save as skipped").click()

        expect(page.locator(f"#{card_id}")).to_contain_text("Skipped: sore calf")
        expect(page).to_have_url(re.compile(rf"#{card_id}$"))  # the reload lands on the card
        expect(page.locator("#messages")).to_contain_text("Marked")
        fits_the_phone(page)
