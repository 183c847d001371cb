"""Headers: every signed-in page is private and kept only with a validator, pages vary on
the htmx header, and favicon.ico sends browsers to the SVG icon.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access import covers
from tests.factories import (
    make_block,
    make_runner,
)
from tests.http import browser_client

pytestmark = pytest.mark.django_db

# --- 10. caching headers ---


def test_every_signed_in_page_and_export_is_private_and_kept_only_with_a_validator() -> None:
    """Never in a shared cache; in the browser only as no-cache with an ETag (it must ask
    again each time, and a 304 comes only for the same page), otherwise not at all."""
    runner = make_runner()
    block = make_block(runner, published=True)
    pages = [
        (runner.coach, reverse("planner:dashboard")),
        (runner.coach, reverse("planner:block_detail", args=[block.pk])),
        (runner.coach, reverse("planner:runner_export", args=[runner.pk, "csv"])),
        (runner.coach, reverse("planner:runner_export", args=[runner.pk, "json"])),
        (runner.user, reverse("planner:my_week")),
        (runner.user, reverse("planner:my_profile")),
    ]
    for person, url in pages:
        client = browser_client(person)
        first = client.get(url)  # sets the CSRF cookie, as a browser's first visit does
        response = client.get(url)

        for answer in (first, response):
            assert answer.status_code == 200, url
            directives = {part.strip() for part in answer["Cache-Control"].split(",")}
            assert "private" in directives, url
            assert "no-store" in directives or (
                "no-cache" in directives and answer.has_header("ETag")
            ), url


def test_the_cached_pages_offer_a_validator_once_the_browser_has_a_csrf_cookie() -> None:
    runner = make_runner()
    block = make_block(runner, published=True)
    pages = [
        (runner.coach, reverse("planner:dashboard")),
        (runner.coach, reverse("planner:block_detail", args=[block.pk])),
        (runner.user, reverse("planner:my_week")),
    ]
    for person, url in pages:
        client = browser_client(person)
        client.get(url)

        response = client.get(url)

        assert response["Cache-Control"] == "private, no-cache", url
        assert response["ETag"].startswith('W/"'), url


def test_the_calendar_feed_keeps_its_own_short_private_cache() -> None:
    runner = make_runner()
    token = runner.reset_feed_token()

    response = Client().get(reverse("planner:calendar_feed", args=[token]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"


def test_a_page_and_its_fragment_vary_on_the_htmx_header() -> None:
    runner = make_runner()
    client = browser_client(runner.user)

    page = client.get(reverse("planner:my_week"))
    fragment = client.get(reverse("planner:my_week"), headers={"HX-Request": "true"})

    for response in (page, fragment):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
    assert "HX-Request" in Client().get(reverse("login"))["Vary"]


# --- 11. favicon.ico ---


@covers("favicon")
def test_favicon_ico_sends_browsers_permanently_to_the_svg_icon() -> None:
    response = Client().get(reverse("favicon"))

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert response["Location"].startswith(settings.STATIC_URL)
