"""The page cache is an option: with FF_CACHE=off (Django's dummy cache) every page is
drawn afresh, shows the same thing, and still answers a browser's ETag with a 304."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from planner.models import Runner
from planner.weekdays import monday_of
from tests.factories import first_session, make_block, make_runner
from tests.http import browser_client

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

pytestmark = pytest.mark.django_db


def _pages(runner: Runner) -> list[tuple[User, str]]:
    block = make_block(runner, published=True)
    return [
        (runner.coach, reverse("planner:dashboard")),
        (runner.coach, reverse("planner:block_detail", args=[block.pk])),
        (runner.user, reverse("planner:my_week")),
    ]


def test_without_the_cache_each_page_is_the_same_and_a_kept_copy_is_answered_304() -> None:
    runner = make_runner()
    for person, url in _pages(runner):
        client = browser_client(person)
        client.get(url)  # the CSRF cookie, as a browser's first visit sets it
        cached = client.get(url)
        with override_settings(CACHES=NO_CACHE):
            drawn = client.get(url)
            kept = client.get(url, headers={"If-None-Match": drawn["ETag"]})

        assert drawn.status_code == 200, url
        assert drawn["ETag"] == cached["ETag"], url
        assert drawn["Cache-Control"] == "private, no-cache", url
        assert kept.status_code == 304, url


def test_without_the_cache_a_change_shows_at_once_and_moves_the_etag() -> None:
    runner = make_runner()
    block = make_block(runner, published=True)
    session = first_session(block)
    client = browser_client(runner.user)
    url = reverse("planner:my_week_of", args=[monday_of(session.date).isoformat()])
    client.get(url)
    with override_settings(CACHES=NO_CACHE):
        before = client.get(url)
        session.mark_skipped("travel")
        after = client.get(url, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert "travel" in after.content.decode()
