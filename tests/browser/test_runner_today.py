"""A runner's phone opens on today: the session's paces and its buttons in the first
screen, and the focus stays on the card a log changed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Recording, Runner
from planner.weekdays import days_to_mask, monday_of
from tests import recording_files
from tests.browser.conftest import PHONE, log_in, new_tab, screenshot
from tests.factories import make_block, make_runner
from tests.recording_files import fit_file, run_points
from tests.runs import AS_PLANNED

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOCUSED_CARD = "document.activeElement.closest('article.day-card')?.id ?? null"


EVERY_DAY = frozenset(range(7))


def runner_with_a_run_today() -> Runner:
    """A runner who runs every day, so today has a session whatever today is."""
    runner = make_runner(unit="mi", run_days=days_to_mask(range(7)), long_run_day=6)
    today = timezone.now().astimezone(runner.zone).date()
    make_block(runner, published=True, start=monday_of(today), run_days=EVERY_DAY, long_run_day=6)
    return runner


def bottom(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    return float(box["y"] + box["height"])


def test_todays_first_pace_and_its_buttons_are_in_the_first_screen(phone: Page) -> None:
    runner = runner_with_a_run_today()
    log_in(phone, runner.user.username)

    today = phone.locator("section.lead article.day-card.today")
    expect(today).to_be_visible()
    expect(today.locator(".segments li").first).to_contain_text(re.compile(r"\d+:\d\d /mi"))
    lead = "section.lead article.day-card"
    assert bottom(phone, f"{lead} .segments li") <= PHONE["height"]
    for action in ("Send to watch", "Done", "Upload run", "Skipped"):
        selector = f"{lead} :is(a, summary):has-text('{action}')"
        assert bottom(phone, selector) <= PHONE["height"], action
    # The week's figures are one line under today, the other days after them.
    summary = phone.locator("#week-summary summary")
    expect(summary).to_contain_text(re.compile(r"Planned .+ mi · done .+ mi"))
    assert (
        bottom(phone, "#week-summary summary")
        - (phone.locator("#week-summary summary").bounding_box() or {"y": 0.0})["y"]
        <= 60
    )
    screenshot(phone, "runner-week-today.png", scale="css")


def test_focus_returns_to_the_card_after_done_skipped_and_undo(phone: Page) -> None:
    runner = runner_with_a_run_today()
    log_in(phone, runner.user.username)
    card = phone.locator("section.lead article.day-card")
    card_id = card.get_attribute("id")

    card.locator("summary", has_text="Done").click()
    card.get_by_label("Minutes run").fill("30")
    card.get_by_role("button", name="Save as done").click()
    expect(phone.locator(f"#{card_id}")).to_contain_text("Done: 30:00")
    expect(phone.locator(f"#{card_id}")).to_be_focused()

    phone.locator(f"#{card_id}").get_by_role("button", name=re.compile("Undo")).click()
    expect(phone.locator(f"#{card_id}")).to_contain_text("Planned")
    expect(phone.locator(f"#{card_id}")).to_be_focused()

    later = phone.locator("#others-heading ~ article.day-card:has(details.log)").first
    later_id = later.get_attribute("id")
    later.locator("summary", has_text="Skipped").click()
    later.get_by_role("button", name="Save as skipped").click()
    undo = phone.locator(f"#{later_id}").get_by_role("button", name=re.compile("Undo"))
    expect(undo).to_be_visible()
    expect(phone.locator(f"#{later_id}")).to_be_focused()
    assert phone.evaluate(FOCUSED_CARD) == later_id


def test_the_week_is_read_without_a_policy_refusal_at_both_sizes(
    browser: Browser, live_server: LiveServer
) -> None:
    runner = runner_with_a_run_today()
    for size in (PHONE, {"width": 1280, "height": 800}):
        with new_tab(browser, live_server, viewport=size) as page:  # fails on a refusal
            log_in(page, runner.user.username)
            page.get_by_role("link", name=re.compile("Next")).click()
            expect(page.get_by_role("heading", name=re.compile("Week of"))).to_be_focused()
            page.get_by_role("link", name=re.compile("Previous")).click()
            page.get_by_role("link", name="Profile").click()
            expect(page.get_by_role("heading", name="Your paces")).to_be_visible()


def test_the_pace_chart_button_reads_on_one_line(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Yesterday's session run yesterday morning: a recorded card whatever the time now.
    runner = make_runner(unit="mi", run_days=days_to_mask(range(7)), long_run_day=6)
    yesterday = timezone.now().astimezone(runner.zone).date() - dt.timedelta(days=1)
    make_block(
        runner, published=True, start=monday_of(yesterday), run_days=EVERY_DAY, long_run_day=6
    )
    morning = dt.datetime.combine(yesterday, dt.time(6, 30), tzinfo=runner.zone)
    monkeypatch.setattr(recording_files, "START", morning.astimezone(dt.UTC))
    fit_file.cache_clear()
    Recording.objects.store_upload(runner, fit_file(run_points(AS_PLANNED, every_s=10)), "a.fit")
    fit_file.cache_clear()
    log_in(page, runner.user.username)
    page.goto(f"/week/{yesterday.isoformat()}/")

    button = page.get_by_role("link", name=re.compile("Planned against actual"))
    expect(button).to_have_text(re.compile(r"^Planned against actual, with the pace chart"))
    box = button.bounding_box()
    assert box is not None
    assert box["height"] <= 46  # one line of text in a 44 px button, not two
