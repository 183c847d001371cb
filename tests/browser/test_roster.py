from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from planner.weekdays import monday_of
from tests.browser.conftest import log_in, screenshot, serious_accessibility_problems
from tests.factories import make_block, make_runner, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_coach_adds_a_runner_sees_the_paces_live_and_gets_the_invitation_link(
    page: Page,
) -> None:
    coach = make_user(username="coach.kim")
    ana = make_runner(coach=coach, name="Ana Ribeiro")
    block = make_block(ana, start=monday_of(timezone.localdate()), published=True)
    first, second = block.sessions.order_by("date")[:2]
    first.mark_done(minutes=42)
    second.mark_skipped("work trip")
    make_runner(coach=coach, name="Chris Adeyemi", unit="km")

    log_in(page, coach.username)
    expect(page.get_by_role("heading", name="Your runners")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Ana Ribeiro"))).to_contain_text("Week 1 of 4")
    expect(page.get_by_role("row", name=re.compile("Chris Adeyemi"))).to_contain_text(
        "Plan a block"
    )

    page.get_by_role("link", name="Add runner").click()
    expect(page).to_have_url(re.compile(r"/coach/runners/new/$"))
    page.get_by_label("Name").fill("Bea Okafor")
    page.get_by_label("Email").fill("bea@example.com")
    page.get_by_label("Race distance").select_option(label="10K")
    page.get_by_label("Race time").fill("50:00")
    preview = page.locator("#race-preview")
    # The preview arrives over htmx while the form is still unsent.
    expect(preview).to_contain_text("VDOT 40.0")
    expect(preview).to_contain_text("5:00 /km")
    page.get_by_label("Miles (min/mi)").check()
    expect(preview).to_contain_text("8:03 /mi")
    expect(page).to_have_url(re.compile(r"/coach/runners/new/$"))
    page.get_by_label("Race time").fill("abc")
    expect(preview).to_contain_text("is not a time")
    page.get_by_label("Race time").fill("50:00")
    expect(preview).to_contain_text("VDOT 40.0")
    page.get_by_label("Race date").fill("2026-10-04")
    page.get_by_label("Saturday").uncheck()
    page.get_by_label("Long-run day").select_option(label="Sunday")
    screenshot(page, "coach-add-runner.png", full_page=True)
    assert serious_accessibility_problems(page) == []

    page.get_by_role("button", name="Add runner and send invitation").click()

    expect(page.get_by_role("status")).to_contain_text("Bea Okafor is on your roster")
    expect(page.get_by_label("Invitation link")).to_have_value(re.compile(r"/invite/[^/]+/[^/]+/$"))
    expect(page.get_by_role("row", name=re.compile("Bea Okafor"))).to_contain_text("No block")
    screenshot(page, "coach-dashboard.png", full_page=True)
    assert serious_accessibility_problems(page) == []


def test_runner_opens_the_invitation_chooses_a_password_and_lands_on_their_week(
    page: Page,
) -> None:
    runner = make_runner(name="Bea Okafor")
    runner.user.set_unusable_password()
    runner.user.save()
    uidb64 = urlsafe_base64_encode(force_bytes(runner.user.pk))
    link = f"/invite/{uidb64}/{default_token_generator.make_token(runner.user)}/"

    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome, Bea Okafor")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("long-run-sunday-42")
    page.get_by_label("New password confirmation").fill("long-run-sunday-42")
    page.get_by_role("button", name="Set password and start").click()

    expect(page).to_have_url(re.compile(r"/week/$"))
    page.goto(link)
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
