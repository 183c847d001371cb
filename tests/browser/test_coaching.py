"""A coach sizes and orders the progression runs, reads the advice, and sees the plan
and the runner's report on the block page, in a real browser with the real htmx."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.models import TrainingBlock
from tests.browser.conftest import log_in
from tests.factories import make_runner, make_user
from tests.rulebook import FIFTHS, STEADY_40_FAST_10

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_coach_sizes_and_orders_progression_runs_then_reads_paces_and_a_note(page: Page) -> None:
    coach = make_user(username="cora")
    runner = make_runner(coach=coach)
    log_in(page, "cora")

    page.get_by_role("link", name=f"Plan a block for {runner.name}").first.click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("6 progression runs")
    expect(page.get_by_text(f"{FIFTHS}: 1:25:28 for Ana")).to_be_visible()
    page.get_by_label(FIFTHS, exact=True).check()
    page.get_by_label(f"Order of {FIFTHS}").fill("1")
    page.get_by_label(f"Order of {STEADY_40_FAST_10}").fill("2")
    page.get_by_label(f"Minutes for {FIFTHS}").fill("60")
    expect(preview).to_contain_text("Fifths with fast finish, 60 min")
    page.get_by_label(f"Minutes for {STEADY_40_FAST_10}").fill("80")  # longer than the long run
    expect(preview).to_contain_text("Steady 64 + fast 16")
    advice = preview.locator("section.advice")
    expect(advice).to_contain_text("Worth a look")
    expect(advice).to_contain_text("is longer than week")

    page.get_by_role("button", name="Create draft block").click()
    made = page.locator(".block-line.made")
    expect(made).to_be_focused()
    made.get_by_role("link").click()
    expect(page.locator("#block")).to_be_visible()
    block = TrainingBlock.objects.get(runner=runner)
    assert [e.template.name for e in block.rotation_entries()] == [FIFTHS, STEADY_40_FAST_10]
    assert [e.minutes for e in block.rotation_entries()] == [60, 80]
    expect(page.locator("#block section.advice")).to_contain_text("Worth a look")

    first_run = block.sessions.filter(kind="progression").order_by("date").first()
    assert first_run is not None
    assert first_run.title == "Fifths with fast finish, 60 min"
    cell = page.locator(f'td[data-date="{first_run.date:%Y-%m-%d}"]')
    lines = cell.locator("details.segments li")
    expect(lines.first).to_be_hidden()
    cell.locator("details.segments summary").click()
    expect(lines).to_have_count(5)
    expect(lines.last).to_contain_text("at 8:03 /mi")
    expect(lines.last).to_contain_text("fast finish")

    easy = block.sessions.filter(kind="easy").order_by("date").first()
    assert easy is not None
    easy.mark_done(minutes=41, distance_km=7, effort=3, note="Windy but relaxed")
    page.reload()
    easy_cell = page.locator(f'td[data-date="{easy.date:%Y-%m-%d}"]')
    expect(easy_cell.locator(".logged")).to_contain_text("Ran 41:00")
    expect(easy_cell.locator(".logged")).to_contain_text("Windy but relaxed")
