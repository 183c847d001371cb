"""Where the new-block and copy forms land: the runner's blocks page, on the new block's
line, which is marked, takes the focus and says what was made; once, not on a reload."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from planner.models import Runner, TrainingBlock
from tests.block_pages import runner
from tests.builder import builder_data
from tests.clock import BLOCK_MONDAY
from tests.factories import make_block, make_runner
from tests.http import browser_client, page_text, post

__all__ = ["runner"]  # the fixture, shared

pytestmark = pytest.mark.django_db


def landing(client: Client, location: str) -> tuple[str, str]:
    """The page a redirect to ``location`` opens, and the #fragment it lands on."""
    path, _, fragment = location.partition("#")
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), fragment


def text_of(page: str) -> str:
    """The page's words as a reader gets them: tags gone, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).replace("&#x27;", "'").split())


def line_tag(page: str, dom_id: str) -> str:
    found = re.search(rf'<li id="{dom_id}"[^>]*>', page)
    assert found is not None, f"no line {dom_id}"
    return found.group(0)


def test_a_new_block_lands_on_its_marked_and_focused_line_which_says_what_was_made(
    coach: User, runner: Runner
) -> None:
    earlier = make_block(runner, start=BLOCK_MONDAY - timedelta(weeks=8), published=True)
    client = browser_client(coach)

    response = post(client, reverse("planner:block_new", args=[runner.pk]), builder_data())
    page, fragment = landing(client, response["Location"])

    block = TrainingBlock.objects.get(runner=runner, start=BLOCK_MONDAY)
    assert fragment == f"block-{block.pk}"
    made = line_tag(page, fragment)
    assert "made" in made
    assert "autofocus" in made
    assert 'tabindex="-1"' in made
    assert "autofocus" not in line_tag(page, f"block-{earlier.pk}")
    said = f"Made a 4-week draft block for {runner.name}, Mon 30 Nov 2026 – Sun 27 Dec 2026."
    text = text_of(page)
    assert f"New: {said}" in text
    assert text.count(said) == 1  # beside the line, not again at the top of the page


def test_the_mark_is_shown_once_and_a_reload_shows_the_plain_list(
    coach: User, runner: Runner
) -> None:
    client = browser_client(coach)
    post(client, reverse("planner:block_new", args=[runner.pk]), builder_data())
    url = reverse("planner:runner_blocks", args=[runner.pk])
    client.get(url)

    again = client.get(url)

    block = TrainingBlock.objects.get(runner=runner)
    assert "autofocus" not in line_tag(again.content.decode(), f"block-{block.pk}")
    assert "New:" not in page_text(again)


def test_a_copy_for_another_runner_lands_on_that_runners_blocks_and_names_both_blocks(
    coach: User, runner: Runner
) -> None:
    block = make_block(runner, start=BLOCK_MONDAY)
    other = make_runner(coach=coach, name="Ben Baker", race_seconds=40 * 60)
    client = browser_client(coach)

    response = post(
        client,
        reverse("planner:block_copy", args=[block.pk]),
        {"runner": other.pk, "start": BLOCK_MONDAY.isoformat()},
    )
    page, fragment = landing(client, response["Location"])

    copy = TrainingBlock.objects.get(runner=other)
    assert response["Location"].startswith(reverse("planner:runner_blocks", args=[other.pk]))
    assert fragment == f"block-{copy.pk}"
    assert "autofocus" in line_tag(page, fragment)
    text = text_of(page)
    assert (
        f"Copied {runner.name}'s block of Mon 30 Nov 2026 – Sun 27 Dec 2026 as a draft "
        "for Ben Baker, Mon 30 Nov 2026 – Sun 27 Dec 2026." in text
    )


def test_a_copy_sent_with_htmx_loads_the_runners_blocks_as_a_whole_page(
    coach: User, runner: Runner
) -> None:
    block = make_block(runner, start=BLOCK_MONDAY)
    start = BLOCK_MONDAY + timedelta(weeks=5)

    response = post(
        browser_client(coach),
        reverse("planner:block_copy", args=[block.pk]),
        {"runner": runner.pk, "start": start.isoformat()},
        htmx=True,
    )

    copy = TrainingBlock.objects.get(runner=runner, start=start)
    assert response.status_code == 204
    assert response["HX-Redirect"] == (
        reverse("planner:runner_blocks", args=[runner.pk]) + f"#block-{copy.pk}"
    )


def test_a_refused_copy_stays_on_the_block_page_with_the_reason_and_marks_nothing(
    coach: User, runner: Runner
) -> None:
    block = make_block(runner, start=BLOCK_MONDAY)
    client = browser_client(coach)

    response = post(
        client,
        reverse("planner:block_copy", args=[block.pk]),
        {"runner": runner.pk, "start": (BLOCK_MONDAY + timedelta(weeks=2)).isoformat()},
    )

    assert response.status_code == 422
    assert TrainingBlock.objects.filter(runner=runner).count() == 1
    after = client.get(reverse("planner:runner_blocks", args=[runner.pk]))
    assert "New:" not in page_text(after)
