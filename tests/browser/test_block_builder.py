"""The coach's block builder in a real browser with the real htmx."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Runner, TrainingBlock
from tests.browser.conftest import log_in, screenshot, watch_for_csp_refusals
from tests.factories import make_runner, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def add_runner_through_the_form(page: Page) -> Runner:
    page.goto("/coach/")
    page.get_by_role("link", name="Add runner").click()
    page.get_by_label("Name").fill("Ana Ribeiro")
    page.get_by_label("Email").fill("ana@example.com")
    page.get_by_label("Race distance").select_option(label="10K")
    page.get_by_label("Race time").fill("50:00")
    expect(page.locator("#race-preview")).to_contain_text("VDOT 40.0")
    page.get_by_label("Race date").fill("2026-10-04")
    for day in ("Monday", "Tuesday", "Thursday", "Saturday", "Sunday"):
        page.get_by_label(day, exact=True).check()
    for day in ("Wednesday", "Friday"):
        page.get_by_label(day, exact=True).uncheck()
    page.get_by_label("Long-run day").select_option(label="Sunday")
    page.get_by_role("button", name="Add runner and send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Ana Ribeiro is on your roster")
    return Runner.objects.get(name="Ana Ribeiro")


def create_block_from_preview(page: Page, runner: Runner) -> TrainingBlock:
    page.goto("/coach/")
    page.get_by_role("link", name=f"Plan a block for {runner.name}").first.click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("6 progression runs")
    # Two run days (Wednesday, Sunday) leave room for 4 progression runs: the
    # preview says so as soon as the boxes change.
    for day in ("Monday", "Tuesday", "Thursday", "Saturday"):
        page.get_by_label(day, exact=True).uncheck()
    page.get_by_label("Wednesday", exact=True).check()
    expect(preview).to_contain_text("Only 4 progression runs fit")
    page.get_by_label("Wednesday", exact=True).uncheck()
    for day in ("Monday", "Tuesday", "Thursday", "Saturday"):
        page.get_by_label(day, exact=True).check()
    expect(preview).to_contain_text("Sat: Easy run")
    expect(preview).to_contain_text("60 min fast-finish running")
    screenshot(page, "coach-new-block.png", full_page=True)
    page.get_by_role("button", name="Create draft block").click()
    # The runner's blocks, with the new one's line focused; its link opens the block.
    made = page.locator(".block-line.made")
    expect(made).to_be_focused()
    block = TrainingBlock.objects.get(runner=runner)
    made.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/coach/blocks/{block.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(runner.name)
    return block


def test_coach_adds_a_runner_then_builds_edits_and_publishes_a_block(page: Page) -> None:
    make_user(username="cora", first_name="Cora")
    log_in(page, "cora")
    runner = add_runner_through_the_form(page)

    block = create_block_from_preview(page, runner)

    # Move week 1's first progression run to the Saturday before the long run.
    saturday = block.start + timedelta(days=5)
    page.locator(f'td[data-date="{saturday:%Y-%m-%d}"] a.session').click()
    page.get_by_role("button", name="Remove this session").click()
    expect(page.locator("#messages")).to_contain_text("Removed the session")
    progression = block.sessions.filter(kind="progression").order_by("date").first()
    assert progression is not None
    page.locator(f'a.session[data-session="{progression.pk}"]').click()
    page.get_by_label("Day", exact=True).select_option(saturday.isoformat())
    page.get_by_role("button", name="Move session").click()
    expect(page.locator("#messages")).to_contain_text("consecutive days")
    expect(page.locator("#messages")).to_contain_text("Nothing was changed")
    progression.refresh_from_db()
    assert progression.date != saturday

    # Lengthen an easy run in week 2 and watch that week's share move.
    easy = block.sessions.filter(kind="easy", date__gte=block.start + timedelta(weeks=1)).first()
    assert easy is not None
    week_two = page.locator("#week-2 .share-number")
    before = week_two.inner_text()
    page.locator(f'a.session[data-session="{easy.pk}"]').click()
    page.get_by_label("Minutes", exact=False).first.fill("70")
    page.get_by_role("button", name="Save workout").click()
    expect(page.locator("#messages")).to_contain_text("Changed")
    expect(week_two).not_to_have_text(before)

    page.get_by_role("button", name="Publish to Ana Ribeiro").click()
    expect(page.locator("#messages")).to_contain_text("Published")
    expect(page.locator(".badge")).to_have_text("Published")
    screenshot(page, "coach-block.png", full_page=True)
    block.refresh_from_db()
    assert block.is_published


def test_a_stale_edit_from_a_second_page_is_refused(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    coach = make_user(username="cora")
    runner = make_runner(coach=coach)
    log_in(page, "cora")
    block = create_block_from_preview(page, runner)
    second = browser.new_context(base_url=live_server.url).new_page()
    refused = watch_for_csp_refusals(second)
    log_in(second, "cora")
    second.goto(f"/coach/blocks/{block.pk}/")
    easy = block.sessions.filter(kind="easy").order_by("date").first()
    assert easy is not None

    page.locator(f'a.session[data-session="{easy.pk}"]').click()
    second.locator(f'a.session[data-session="{easy.pk}"]').click()
    page.get_by_label("Minutes", exact=False).first.fill("55")
    page.get_by_role("button", name="Save workout").click()
    expect(page.locator("#messages")).to_contain_text("Changed")
    second.get_by_label("Minutes", exact=False).first.fill("30")
    second.get_by_role("button", name="Save workout").click()

    expect(second.locator("#messages")).to_contain_text("changed since you opened it")
    easy.refresh_from_db()
    assert round(easy.total_seconds / 60) == 55
    second.context.close()
    assert refused == []
