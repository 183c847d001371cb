"""The coach's block page as a coach uses it, in Chromium with the real htmx and
SortableJS: on a phone and a laptop, the coach's place kept through every edit, sessions
dragged to another day, and every block two clicks from the dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import Runner, ScheduledSession, TrainingBlock
from planner.weekdays import monday_of
from tests.browser.conftest import (
    PHONE,
    log_in,
    new_tab,
    screenshot,
    serious_accessibility_problems,
)
from tests.factories import make_block, make_runner, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def laptop(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    with new_tab(browser, live_server, viewport=LAPTOP) as tab:
        yield tab


@pytest.fixture
def runner() -> Runner:
    coach = make_user(username="cora", first_name="Cora", last_name="Coach")
    return make_runner(coach=coach, name="Ana Ribeiro", unit="mi")


@pytest.fixture
def block(runner: Runner) -> TrainingBlock:
    return make_block(runner, start=monday_of(timezone.localdate()), published=True)


def session_link(page: Page, day: date) -> Locator:
    return page.locator(f"#day-{day.isoformat()} a.session")


def free_days(block: TrainingBlock) -> list[date]:
    taken = set(block.sessions.values_list("date", flat=True))
    days = (block.start + timedelta(days=n) for n in range(7 * block.weeks))
    return [day for day in days if day not in taken]


def a_refused_move(block: TrainingBlock) -> tuple[ScheduledSession, date]:
    """A progression run and a rest day next to another key session: rule 2 refuses it."""
    sessions = list(block.sessions.order_by("date"))
    keys = {s.date for s in sessions if s.is_key}
    for run in (s for s in sessions if s.kind == "progression"):
        for day in free_days(block):
            neighbours = {day - timedelta(days=1), day + timedelta(days=1)}
            if neighbours & (keys - {run.date}):
                return run, day
    raise AssertionError("the block has no move rule 2 would refuse")


def an_allowed_move(block: TrainingBlock) -> tuple[ScheduledSession, date]:
    """An easy run and a rest day in its own week: nothing the rules mind."""
    easy = block.sessions.filter(kind="easy").order_by("date")
    for run in easy:
        monday = monday_of(run.date)
        for day in free_days(block):
            if monday <= day < monday + timedelta(days=7):
                return run, day
    raise AssertionError("the block has no free day beside an easy run")


CSP_WATCH = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));"""


def csp_violations(page: Page) -> list[str]:
    """What the page's own listener saw refused, beside the console the conftest reads."""
    return list(page.evaluate("window.cspViolations"))


def fits_without_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def drag(page: Page, source: Locator, target: Locator) -> None:
    """Press, move in steps and release, as a hand on a mouse does."""
    start, end = source.bounding_box(), target.bounding_box()
    assert start is not None
    assert end is not None
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 8, start["y"] + 8, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.up()


def test_the_block_page_and_the_dashboard_fit_a_phone_and_every_session_can_be_tapped(
    phone: Page, block: TrainingBlock
) -> None:
    log_in(phone, "cora")
    expect(phone.get_by_role("heading", name="Your runners")).to_be_visible()
    fits_without_sideways_scroll(phone)
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "coach-phone-dashboard.png", full_page=True, caret="initial")

    phone.goto(f"/coach/blocks/{block.pk}/")
    fits_without_sideways_scroll(phone)
    sessions = phone.locator("a.session")
    assert sessions.count() == block.sessions.count()
    for box in (sessions.nth(i).bounding_box() for i in range(sessions.count())):
        assert box is not None
        assert box["width"] >= 44
        assert box["height"] >= 24
    assert serious_accessibility_problems(phone) == []
    screenshot(phone, "coach-phone-block.png", full_page=True, caret="initial")

    last = block.sessions.order_by("date").last()
    assert last is not None
    session_link(phone, last.date).tap()
    editor = phone.get_by_role("dialog")
    expect(editor).to_contain_text(last.title)
    expect(editor).to_be_in_viewport()
    fits_without_sideways_scroll(phone)
    expect(phone.locator("dialog.editor:modal")).to_have_count(1)  # the script has it
    phone.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(session_link(phone, last.date)).to_be_focused()
    expect(session_link(phone, last.date)).to_be_in_viewport()


def test_after_save_refusal_and_escape_the_session_edited_keeps_focus_in_view(
    laptop: Page, block: TrainingBlock
) -> None:
    laptop.add_init_script(CSP_WATCH)
    log_in(laptop, "cora")
    laptop.goto(f"/coach/blocks/{block.pk}/")
    week_three = block.start + timedelta(weeks=2)
    easy = block.sessions.filter(kind="easy", date__gte=week_three).order_by("date").first()
    assert easy is not None
    link = session_link(laptop, easy.date)

    link.click()
    editor = laptop.get_by_role("dialog")
    expect(editor).to_be_visible()
    expect(laptop.get_by_label("Workout")).to_be_focused()
    laptop.get_by_label("Minutes").fill("44")
    laptop.get_by_role("button", name="Save workout").click()
    expect(editor).to_have_count(0)
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    expect(link).to_contain_text("44 min")
    expect(laptop.locator("#week-3 .week-status")).to_contain_text("Changed")
    assert serious_accessibility_problems(laptop) == []

    run, day = a_refused_move(block)
    laptop.locator(f'a.session[data-session="{run.pk}"]').click()
    laptop.get_by_label("Day", exact=True).select_option(day.isoformat())
    laptop.get_by_role("button", name="Move session").click()
    refused = session_link(laptop, run.date)
    expect(refused).to_be_focused()
    expect(refused).to_be_in_viewport()
    week = (run.date - block.start).days // 7 + 1
    expect(laptop.locator(f"#week-{week} .week-status")).to_contain_text("Nothing was changed")
    run.refresh_from_db()
    assert run.date != day

    link.click()
    expect(laptop.locator("dialog.editor:modal")).to_have_count(1)
    laptop.keyboard.press("Escape")
    expect(editor).to_have_count(0)
    expect(link).to_be_focused()
    expect(link).to_be_in_viewport()
    assert csp_violations(laptop) == []


def test_a_session_dragged_to_a_rest_day_moves_and_a_refused_drop_leaves_it(
    laptop: Page, block: TrainingBlock
) -> None:
    laptop.add_init_script(CSP_WATCH)
    log_in(laptop, "cora")
    laptop.goto(f"/coach/blocks/{block.pk}/")
    easy, to = an_allowed_move(block)

    drag(laptop, session_link(laptop, easy.date), laptop.locator(f"#day-{to.isoformat()}"))

    expect(laptop.locator("#messages")).to_contain_text("Moved")
    expect(session_link(laptop, to)).to_be_focused()
    easy.refresh_from_db()
    assert easy.date == to

    run, day = a_refused_move(block)
    before = run.date
    drag(laptop, session_link(laptop, before), laptop.locator(f"#day-{day.isoformat()}"))

    expect(laptop.locator("#messages")).to_contain_text("Nothing was changed")
    expect(session_link(laptop, before)).to_have_attribute("data-session", str(run.pk))
    expect(laptop.locator(f"#day-{day.isoformat()} a.session")).to_have_count(0)
    run.refresh_from_db()
    assert run.date == before
    assert csp_violations(laptop) == []


def test_every_block_of_a_runner_is_two_clicks_from_the_dashboard(
    laptop: Page, block: TrainingBlock, runner: Runner
) -> None:
    past = make_block(runner, start=block.start - timedelta(weeks=8), published=True)
    draft = make_block(runner, start=block.start + timedelta(weeks=4))
    log_in(laptop, "cora")

    for each in (past, block, draft):
        laptop.goto("/coach/")
        laptop.get_by_role("link", name=runner.name, exact=True).click()
        expect(laptop.get_by_role("heading", level=1)).to_contain_text(runner.name)
        laptop.locator(f'a[href="/coach/blocks/{each.pk}/"]').first.click()
        expect(laptop.locator(".badge").first).to_have_text(each.get_status_display())
        expect(laptop.get_by_role("heading", level=1)).to_contain_text(f"{each.start.day}")

    laptop.goto(f"/coach/runners/{runner.pk}/blocks/")
    assert serious_accessibility_problems(laptop) == []
    screenshot(laptop, "coach-runner-blocks.png", full_page=True, caret="initial")


def touch_drag(page: Page, source: Locator, target: Locator) -> None:
    """A finger: press, hold past the library's touch delay, slide, lift."""
    start, end = source.bounding_box(), target.bounding_box()
    assert start is not None
    assert end is not None
    cdp = page.context.new_cdp_session(page)
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_x, to_y = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    page.wait_for_timeout(400)  # the hold that tells a drag from a scroll; no assertion on time
    for step in range(1, 13):
        point = {"x": x + (to_x - x) * step / 12, "y": y + (to_y - y) * step / 12}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_on_a_phone_a_session_held_and_dragged_to_a_rest_day_moves(
    phone: Page, block: TrainingBlock
) -> None:
    log_in(phone, "cora")
    phone.goto(f"/coach/blocks/{block.pk}/")
    easy, to = an_allowed_move(block)
    target = phone.locator(f"#day-{to.isoformat()}")
    target.scroll_into_view_if_needed()

    touch_drag(phone, session_link(phone, easy.date), target)

    expect(phone.locator("#messages")).to_contain_text("Moved")
    expect(session_link(phone, to)).to_be_focused()
    easy.refresh_from_db()
    assert easy.date == to


def test_a_session_dropped_on_a_day_that_has_one_stays_and_says_why(
    laptop: Page, block: TrainingBlock
) -> None:
    log_in(laptop, "cora")
    laptop.goto(f"/coach/blocks/{block.pk}/")
    first, second = block.sessions.order_by("date")[:2]

    drag(laptop, session_link(laptop, first.date), laptop.locator(f"#day-{second.date}"))

    expect(laptop.locator("#messages")).to_contain_text("one session a day")
    expect(laptop.locator("#week-1 .week-status")).to_contain_text("already has a session")
    expect(session_link(laptop, first.date)).to_be_focused()
    assert block.sessions.get(pk=first.pk).date == first.date
    assert block.sessions.get(pk=second.pk).date == second.date
