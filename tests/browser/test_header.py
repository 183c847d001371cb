"""The page header on a phone: every link and button in it is a finger's target, and
none overlaps another, for the coach and for the runner."""

from __future__ import annotations

from typing import TypedDict

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, log_in
from tests.factories import make_runner, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Target(TypedDict):
    text: str
    left: float
    top: float
    right: float
    bottom: float


HEADER_TARGETS = """() => [...document.querySelectorAll('.site-header a, .site-header button')]
  .map(el => { const r = el.getBoundingClientRect();
               return {text: el.textContent.trim(), left: r.left, top: r.top,
                       right: r.right, bottom: r.bottom}; })"""


def header_targets(page: Page) -> list[Target]:
    targets: list[Target] = page.evaluate(HEADER_TARGETS)
    return targets


def too_small(targets: list[Target]) -> list[Target]:
    return [t for t in targets if t["right"] - t["left"] < 44 or t["bottom"] - t["top"] < 44]


def overlapping(targets: list[Target]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(targets)
        for b in targets[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


def assert_every_header_target_is_a_fingers_size(page: Page, names: list[str]) -> None:
    targets = header_targets(page)
    assert [t["text"] for t in targets] == names
    assert too_small(targets) == []
    assert overlapping(targets) == []
    assert all(t["left"] >= 0 and t["right"] <= PHONE["width"] for t in targets)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_coachs_header_links_and_log_out_are_44_px_each_on_a_phone(phone: Page) -> None:
    make_user(username="cora")
    log_in(phone, "cora")
    expect(phone.get_by_role("heading", name="Your runners")).to_be_visible()

    assert_every_header_target_is_a_fingers_size(
        phone, ["Fast Finish", "Runners", "Squads", "Password", "Log out"]
    )


def test_the_runners_header_links_and_log_out_are_44_px_each_on_a_phone(phone: Page) -> None:
    runner = make_runner()
    log_in(phone, runner.user.username)
    expect(phone.get_by_role("link", name="My week")).to_be_visible()

    assert_every_header_target_is_a_fingers_size(
        phone, ["Fast Finish", "My week", "Profile", "Password", "Log out"]
    )
