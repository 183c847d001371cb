"""The new-block page: its form, the live preview, and what creating a block stores."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from planner.models import Runner, TrainingBlock
from tests.block_pages import new_block_page, runner
from tests.builder import builder_data, new_block_url
from tests.http import browser_client, get, missing, post

__all__ = ["new_block_page", "runner"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


def test_coach_opens_the_new_block_form_with_a_preview_of_the_defaults(new_block_page: str) -> None:
    page = new_block_page

    assert (
        missing(page, "New block for", "6</strong> progression runs", "60 min</strong> fast-finish")
        == []
    )


def test_the_live_preview_is_a_fragment_that_explains_a_refusal(
    coach: User, runner: Runner
) -> None:
    response = get(
        browser_client(coach),
        new_block_url(runner),
        builder_data(run_days=["2", "6"]),
        htmx=True,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Only 4 progression runs fit in 4 weeks" in page


def test_creating_a_block_stores_a_draft_and_lands_on_its_line_among_the_runners_blocks(
    coach: User, runner: Runner
) -> None:
    response = post(browser_client(coach), new_block_url(runner), builder_data())

    block = TrainingBlock.objects.get(runner=runner)
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("planner:runner_blocks", args=[runner.pk]) + f"#block-{block.pk}"
    )
    assert block.sessions.count() == 20
    assert not block.is_published
    assert block.created_by == coach


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"aerobic_floor": 95}, "less than or equal to 80", id="floor-95"),
        pytest.param({"start": "2026-12-01"}, "starts on a Monday", id="not-a-monday"),
        pytest.param({"easy_minutes": -10}, "greater than or equal to 1", id="negative-minutes"),
        pytest.param({"run_days": ["2", "6"]}, "Only 4 progression runs fit", id="no-room"),
        pytest.param({"long_run_day": "2"}, "must be one of the run days", id="long-on-rest-day"),
        pytest.param({"weeks": "many"}, "whole number", id="weeks-not-a-number"),
    ],
)
def test_a_bad_new_block_gets_a_clear_message_and_stores_nothing(
    coach: User, runner: Runner, overrides: dict[str, Any], message: str
) -> None:
    response = post(
        browser_client(coach),
        new_block_url(runner),
        builder_data(**overrides),
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not TrainingBlock.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(coach: User, runner: Runner) -> None:
    client = browser_client(coach)

    response = client.post(new_block_url(runner), builder_data())

    assert response.status_code == 403
    assert not TrainingBlock.objects.exists()
