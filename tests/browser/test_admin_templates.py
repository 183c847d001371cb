from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planner.models import WorkoutTemplate
from tests.browser.conftest import SCREENSHOTS
from tests.factories import PASSWORD, make_admin

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_logs_in_and_sees_a_templates_preview_for_sample_runners(page: Page) -> None:
    admin = make_admin(username="ada")
    fifths = WorkoutTemplate.objects.get(name="Fifths with fast finish (10 miles)")

    page.goto("/admin/")
    page.get_by_label("Username").fill(admin.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Workout templates").click()
    page.get_by_role("link", name=fifths.name).click()

    preview = page.locator("section.template-preview")
    expect(
        preview.get_by_role("heading", name="10K in 50:00 (10K pace 8:03 /mi, 5:00 /km)")
    ).to_be_visible()
    fifty = preview.locator("table").nth(1)
    expect(fifty.locator("tbody tr")).to_have_count(5)
    expect(fifty.locator("tbody tr").first).to_contain_text("9:03 /mi")
    expect(fifty.locator("tbody tr").last).to_contain_text("8:03 /mi")
    expect(fifty.locator("tfoot")).to_contain_text("1:25:28")
    expect(fifty.locator("tfoot")).to_contain_text("hard: 49:47")  # derived from pace
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    preview.screenshot(path=str(SCREENSHOTS / "admin-template-preview.png"))
