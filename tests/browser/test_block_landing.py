"""After the coach makes a block (the new-block form, a plain post) or copies one (the
block page's copy form, sent with htmx), the browser is on the runner's blocks page with
the new block's line marked, focused and in view, on a laptop and on a phone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from planner.formatting import day_with_year
from planner.models import Runner, TrainingBlock
from planner.weekdays import monday_of
from tests.browser.conftest import PHONE, log_in, new_tab, serious_accessibility_problems
from tests.factories import make_block, make_runner, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LAPTOP: ViewportSize = {"width": 1280, "height": 800}


@pytest.fixture(params=[LAPTOP, PHONE], ids=["1280x800", "360x740"])
def tab(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer
) -> Iterator[Page]:
    viewport: ViewportSize = request.param
    touch = viewport == PHONE
    with new_tab(browser, live_server, viewport=viewport, is_mobile=touch, has_touch=touch) as page:
        yield page


@pytest.fixture
def runner() -> Runner:
    """Ana with a block ahead, the current one and two past ones: the new block's line
    (five weeks on) is the second of five, not the page's first."""
    coach = make_user(username="cora", first_name="Cora", last_name="Coach")
    ana = make_runner(coach=coach, name="Ana Ribeiro")
    monday = this_monday()
    make_block(ana, start=monday + timedelta(weeks=12))
    make_block(ana, start=monday, published=True)
    for weeks_back in (8, 16):
        make_block(ana, start=monday - timedelta(weeks=weeks_back), published=True)
    return ana


def this_monday() -> date:
    return monday_of(timezone.localdate())


def landed_on_the_new_line(page: Page, runner: Runner, start: date) -> TrainingBlock:
    expect(page).to_have_url(re.compile(rf"/coach/runners/{runner.pk}/blocks/#block-\d+$"))
    made = TrainingBlock.objects.get(runner=runner, start=start)
    assert page.url.endswith(f"#block-{made.pk}")
    line = page.locator(f"#block-{made.pk}")
    expect(line).to_be_focused()
    expect(line).to_be_in_viewport(ratio=1)
    note = line.locator(".made-note")
    expect(note).to_be_in_viewport(ratio=1)
    expect(note).to_contain_text(day_with_year(start))
    expect(page.locator(".block-line.made")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]
    assert serious_accessibility_problems(page) == []
    return made


def test_a_new_block_lands_on_its_line_focused_and_in_view(tab: Page, runner: Runner) -> None:
    start = this_monday() + timedelta(weeks=5)
    log_in(tab, "cora")
    tab.goto(f"/coach/runners/{runner.pk}/blocks/")
    tab.get_by_role("link", name="Plan a block").click()
    tab.get_by_label("Start (a Monday)").fill(start.isoformat())
    expect(tab.locator("#preview")).to_contain_text(f"{start:%-d %b}")
    tab.get_by_role("button", name="Create draft block").click()

    made = landed_on_the_new_line(tab, runner, start)

    expect(tab.locator(f"#block-{made.pk} .made-note")).to_contain_text("Made a 4-week draft")
    tab.locator(f"#block-{made.pk} h2 a").click()
    expect(tab).to_have_url(re.compile(rf"/coach/blocks/{made.pk}/$"))


def test_a_copy_lands_on_its_line_focused_and_in_view(tab: Page, runner: Runner) -> None:
    current = TrainingBlock.objects.get(runner=runner, start=this_monday())
    start = this_monday() + timedelta(weeks=5)
    log_in(tab, "cora")
    tab.goto(f"/coach/blocks/{current.pk}/")
    tab.get_by_label("Starting (a Monday)").fill(start.isoformat())
    tab.get_by_role("button", name="Copy", exact=True).click()

    made = landed_on_the_new_line(tab, runner, start)

    expect(tab.locator(f"#block-{made.pk} .made-note")).to_contain_text("Copied Ana Ribeiro's")
    tab.reload()
    expect(tab.locator(".block-line.made")).to_have_count(0)
