"""Every page a coach, a runner and an admin reach by following links from where they
land, on the demo data, read by axe at 1280 px and at 360 px: no violation of any impact.

The walk takes one address of each kind (each URL name) so a page is read once whatever
the data, and it follows only what a person would: same-site links, not downloads, not
log-out, and in the admin only the workout templates."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Browser, Page
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from planner.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, new_tab

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Links that fetch a file or end the visit rather than show a page.
NOT_PAGES = (".fit", ".zip", ".csv", ".json", ".ics", "/logout/")
ADMIN_TEMPLATES = "/admin/planner/workouttemplate/"
LINKS = "els => els.map(e => e.getAttribute('href'))"


@pytest.fixture
def demo(settings: Settings) -> None:
    settings.DEBUG = True  # seed_demo refuses to run in production
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False


def _kind(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}"


def _followed(href: str | None, within: str) -> str | None:
    """The address a person following ``href`` would read, or None if it is not a page."""
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith(within):
        return None
    if any(parts.path.endswith(end) for end in NOT_PAGES):
        return None
    if parts.path.startswith("/admin/") and not parts.path.startswith(ADMIN_TEMPLATES):
        return None
    if "/delete/" in parts.path or "/history/" in parts.path:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def pages_reached(tab: Page, start: str, within: str = "/") -> Iterator[str]:
    """Breadth first from ``start``: one address of each kind, as each is reached."""
    kinds: set[str] = set()
    queue = [start]
    while queue:
        address = queue.pop(0)
        kind = _kind(urlsplit(address).path)
        if kind is None or kind in kinds:
            continue
        kinds.add(kind)
        response = tab.goto(address)
        assert response is not None
        assert response.ok, (address, response.status)
        yield address
        for href in tab.eval_on_selector_all("a[href]", LINKS):
            followed = _followed(href, within)
            if followed is not None:
                queue.append(followed)


def _log_in(tab: Page, username: str, path: str) -> None:
    tab.goto(path)
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    tab.wait_for_load_state()


def problems(tab: Page) -> list[tuple[str, str | None, list[str]]]:
    found = Axe().run(tab).response["violations"]
    return [(v["id"], v["impact"], [n["html"][:100] for n in v["nodes"][:3]]) for v in found]


WHO = [
    ("coach", "/accounts/login/", "/coach/", "/"),
    ("ana", "/accounts/login/", "/week/", "/"),
    ("admin", "/admin/login/", ADMIN_TEMPLATES, ADMIN_TEMPLATES),
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize(("username", "login", "start", "within"), WHO, ids=[w[0] for w in WHO])
def test_every_page_a_person_reaches_is_axe_clean(
    browser: Browser,
    live_server: LiveServer,
    demo: None,
    viewport: dict[str, int],
    username: str,
    login: str,
    start: str,
    within: str,
) -> None:
    found = {}
    with new_tab(browser, live_server, viewport=viewport) as tab:
        _log_in(tab, username, login)
        read = list(pages_reached(tab, start, within))
        for address in read:
            tab.goto(address)
            if seen := problems(tab):
                found[address] = seen
    # The walk reaches the pages each person uses, not just the one it starts on.
    assert len(read) >= {"coach": 10, "ana": 3, "admin": 2}[username], read
    assert found == {}
