from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from planner.models import WorkoutTemplate
from tests.browser.conftest import log_in, new_tab, screenshot
from tests.factories import make_admin

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_logs_in_and_sees_a_templates_preview_for_sample_runners(page: Page) -> None:
    admin = make_admin(username="ada")
    fifths = WorkoutTemplate.objects.get(name="Fifths with fast finish (10 miles)")

    log_in(page, admin.username, "/admin/")
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
    expect(fifty.locator("tfoot")).to_contain_text("hard: 49:47")
    screenshot(preview, "admin-template-preview.png")


def all_accessibility_problems(page: Page) -> list[tuple[str, str, list[str]]]:
    violations = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], [n["html"][:80] for n in v["nodes"]]) for v in violations]


def test_the_template_editor_fits_1280_px_is_axe_clean_and_previews_as_the_admin_types(
    browser: Browser, live_server: LiveServer
) -> None:
    admin = make_admin(username="ada")
    fifths = WorkoutTemplate.objects.get(name="Fifths with fast finish (10 miles)")
    with new_tab(browser, live_server, viewport={"width": 1280, "height": 800}) as page:
        log_in(page, admin.username, "/admin/")
        page.goto(f"/admin/planner/workouttemplate/{fifths.pk}/change/")

        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        assert all_accessibility_problems(page) == []
        # Amounts read as an admin writes them, not in metres or seconds.
        expect(page.get_by_label("Segment 1: Distance")).to_have_value("2 mi")

        steady = WorkoutTemplate.objects.get(name="Steady 40 + fast 10")
        page.goto(f"/admin/planner/workouttemplate/{steady.pk}/change/")
        first = page.get_by_label("Segment 1: Duration")
        expect(first).to_have_value("40:00")
        fifty = page.locator("#template-preview-body table").nth(1)
        expect(fifty.locator("tfoot")).to_contain_text("50:00")

        first.fill("60")  # an hour of steady running instead of 40 minutes
        first.dispatch_event("input")

        expect(fifty.locator("tfoot")).to_contain_text("1:10:00")
        expect(fifty.locator("tbody tr").first).to_contain_text("1:00:00")
        assert steady.segments.get(position=1).duration_s == 40 * 60  # nothing saved
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        screenshot(page, "admin-template-editor.png", full_page=True)

        first.fill("an hour")
        first.dispatch_event("input")
        expect(page.locator("#template-preview-body .errornote")).to_contain_text("minutes (40)")
