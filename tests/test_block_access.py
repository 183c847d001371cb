"""Who may use the block pages: the owner coach may use every one; another coach and the
runner get 404 and change nothing; an anonymous visitor is sent to log in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from planner.models import (
    TrainingBlock,
)
from tests.access import covers
from tests.block_pages import block, block_urls, request_as, runner, snapshot
from tests.factories import make_user
from tests.http import browser_client

__all__ = ["block", "runner"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


# Every view of the block pages, each of which the tests below request.
BLOCK_VIEWS = (
    "planner:block_copy",
    "planner:block_detail",
    "planner:block_new",
    "planner:block_paces",
    "planner:block_publish",
    "planner:block_unpublish",
    "planner:session_add",
    "planner:session_edit",
    "planner:session_move",
    "planner:session_remove",
)


@covers(*BLOCK_VIEWS)
@pytest.mark.parametrize("who", ["another coach", "the runner"])
def test_strangers_get_404_on_every_block_page_and_change_nothing(
    block: TrainingBlock, who: str
) -> None:
    person = make_user() if who == "another coach" else block.runner.user
    client = browser_client(person)
    before = snapshot(block)

    for method, url, data in block_urls(block):
        response = request_as(client, method, url, data)
        assert response.status_code == 404, (method, url)

    assert snapshot(block) == before
    assert TrainingBlock.objects.count() == 1
    block.refresh_from_db()
    assert (block.version, block.status) == (1, "draft")


@covers(*BLOCK_VIEWS)
def test_the_owner_coach_may_use_every_block_page(coach: User, block: TrainingBlock) -> None:
    client = browser_client(coach)

    statuses = [
        (url, request_as(client, method, url, data).status_code)
        for method, url, data in block_urls(block)
    ]

    # Every page answered the owner. The new block overlaps the one already there (422);
    # each edit carries version 1, so after the first (the session edit, 302) the later
    # ones are stale (409). The copy goes to the Monday after the block, whose first
    # progression run (2, 1, 2, 1 builds from a rest Monday) keeps clear of the long run.
    assert [status for _, status in statuses] == [
        200,  # new block form
        422,  # new block, overlapping
        200,  # block page
        200,  # session edit form
        302,  # session edit
        409,  # move
        409,  # remove
        200,  # add form
        409,  # add
        409,  # publish
        409,  # unpublish
        409,  # paces
        302,  # copy, to the week after
    ], statuses


@covers(*BLOCK_VIEWS)
def test_anonymous_visitors_are_sent_to_log_in(block: TrainingBlock) -> None:
    client = browser_client()

    for method, url, data in block_urls(block):
        response = request_as(client, method, url, data)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/")
