"""The runner's profile: the calendar address with a Copy button."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import PHONE, fits_the_phone, log_in, new_tab
from tests.factories import make_runner

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_copy_button_puts_the_calendar_address_on_the_clipboard_and_says_so(
    browser: Browser, live_server: LiveServer
) -> None:
    runner = make_runner()
    with new_tab(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True) as phone:
        phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
        log_in(phone, runner.user.username)
        phone.get_by_role("link", name="Profile").click()
        phone.get_by_role("button", name="Create calendar address").click()
        address = phone.locator("#feed-url").input_value()
        assert "/feed/" in address or address.startswith("http")

        phone.get_by_role("button", name="Copy the calendar address").click()

        expect(phone.locator("#feed-url-copied")).to_contain_text("Copied")
        assert phone.evaluate("navigator.clipboard.readText()") == address
        fits_the_phone(phone)


def test_without_javascript_there_is_no_copy_button_and_the_address_can_be_selected(
    browser: Browser, live_server: LiveServer
) -> None:
    runner = make_runner()
    with new_tab(browser, live_server, viewport=PHONE, java_script_enabled=False) as phone:
        log_in(phone, runner.user.username)
        phone.get_by_role("link", name="Profile").click()
        phone.get_by_role("button", name="Create calendar address").click()
        expect(phone.get_by_role("button", name="Copy the calendar address")).to_be_hidden()
        field = phone.get_by_label("Your calendar address (shown only this once)")
        field.select_text()
        assert phone.evaluate("window.getSelection().toString() || document.activeElement.value")
