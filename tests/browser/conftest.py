"""Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API keeps an event loop in the main thread, which Django's
async-safety check mistakes for async code; DJANGO_ALLOW_ASYNC_UNSAFE is set
only while a browser module runs, and Playwright is stopped after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests: /usr/bin/chromium is missing.")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium).")
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Inside Playwright's sync API Django's connections live in another context, so the
    # wrappers there lack the serialized copy that serialized_rollback restores from.
    kept = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    try:
        with sync_playwright() as playwright:
            for alias, contents in kept.items():
                if contents is not None and not hasattr(
                    connections[alias], "_test_serialized_contents"
                ):
                    connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        patch.undo()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused = watch_for_csp_refusals(tab)
    yield tab
    context.close()
    assert refused == [], f"the Content Security Policy blocked: {refused}"


def watch_for_csp_refusals(tab: Page) -> list[str]:
    """Collect what the browser refused under our Content Security Policy."""
    refused: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    tab.on("console", on_console)
    return refused
