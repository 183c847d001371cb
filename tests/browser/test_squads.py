"""A squad in a real browser: the plan form's live preview naming every member, and the
squad's week on a desktop and on a phone (rows become cards, nothing sideways)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from planner.models import BlockStatus, Runner, Squad, TrainingBlock
from planner.weekdays import days_to_mask
from tests.browser.conftest import PHONE, SMALL_TARGETS, log_in, screenshot
from tests.factories import make_runner, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def tuesday_group(coach: User) -> Squad:
    squad = Squad.objects.create(coach=coach, name="Tuesday group")
    weeks = {"Ana Ribeiro": {0, 1, 3, 5, 6}, "Ben Okafor": {0, 2, 4, 6}, "Cleo Marsh": {1, 2, 4, 6}}
    for name, run_days in weeks.items():
        runner: Runner = make_runner(
            coach=coach, name=name, run_days=days_to_mask(run_days), long_run_day=6
        )
        squad.add_member(runner)
    return squad


def fits_the_phone(page: Page) -> None:
    """Nothing wider than the phone, and no tap target of the page's own too small to hit
    (the header's links are every coach page's, sized for a desktop)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    own = SMALL_TARGETS.replace(
        "document.querySelectorAll(", "document.querySelector('main').querySelectorAll("
    )
    small = page.evaluate(own)
    assert small == [], "\n".join(small)


def plan_the_squad(page: Page, squad: Squad) -> None:
    page.goto(f"/coach/squads/{squad.pk}/plan/")
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Ben Okafor: planned")
    page.get_by_label("Start (a Monday)").fill(next_monday().isoformat())
    page.get_by_label("Progression runs").fill("4")
    page.get_by_label("Tue", exact=True).check()
    expect(preview).to_contain_text("Ben: no run day on Tuesday, the group day")
    expect(preview).to_contain_text("Ana Ribeiro: planned, 4 weeks, 4 progression runs")
    expect(preview).to_contain_text("Cleo Marsh: planned")


def test_the_coach_plans_a_squad_from_the_live_preview_and_publishes_its_week(
    page: Page,
) -> None:
    coach = make_user(username="cora", first_name="Cora")
    squad = tuesday_group(coach)
    log_in(page, "cora")

    plan_the_squad(page, squad)
    screenshot(page, "coach-squad-plan.png", full_page=True)
    page.get_by_role("button", name="Create draft blocks").click()

    expect(page.locator("#messages")).to_contain_text("Draft blocks created for Ana Ribeiro")
    expect(page.locator("#messages")).to_contain_text("No block for Ben Okafor")
    expect(page.get_by_role("columnheader", name="Tue")).to_contain_text("Group day")
    page.get_by_role("button", name="Publish the squad's blocks").click()
    expect(page.locator("#messages")).to_contain_text("Published the blocks of")
    expect(page.locator(".no-plan")).to_contain_text("Ben Okafor")
    screenshot(page, "coach-squad-week.png", full_page=True)
    statuses = set(TrainingBlock.objects.values_list("status", flat=True))
    assert statuses == {BlockStatus.PUBLISHED}
    assert not TrainingBlock.objects.filter(runner__name="Ben Okafor").exists()


def test_the_plan_preview_and_the_squads_week_fit_a_phone(phone: Page) -> None:
    coach = make_user(username="cora", first_name="Cora")
    squad = tuesday_group(coach)
    log_in(phone, "cora")

    plan_the_squad(phone, squad)
    fits_the_phone(phone)
    phone.get_by_role("button", name="Create draft blocks").click()
    expect(phone.locator(".squad-week")).to_contain_text("Ana Ribeiro")

    fits_the_phone(phone)
    card = phone.locator(".squad-week tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    phone.get_by_role("link", name="Next week ›").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Tuesday group")
    fits_the_phone(phone)
