"""The block pages' people and helpers: the coach's runner and their draft block, what an
edit posts, and every block page as (method, URL, data) for the access tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from planner.models import (
    Runner,
    ScheduledSession,
    TrainingBlock,
)
from tests.builder import builder_data, new_block_url
from tests.clock import BLOCK_MONDAY
from tests.factories import first_session, make_block, make_runner, shipped
from tests.http import browser_client, page_ok, post


@pytest.fixture
def runner(coach: User) -> Runner:
    return make_runner(coach=coach)


@pytest.fixture
def block(runner: Runner) -> TrainingBlock:
    return make_block(runner)


@pytest.fixture
def new_block_page(coach: User, runner: Runner) -> str:
    """The new-block page, as the runner's coach opens it."""
    return page_ok(browser_client(coach), new_block_url(runner))


def snapshot(block: TrainingBlock) -> list[tuple[Any, ...]]:
    return list(
        ScheduledSession.objects.filter(block=block)
        .order_by("date")
        .values_list("pk", "date", "title", "total_seconds")
    )


def easy_session(block: TrainingBlock) -> ScheduledSession:
    return first_session(block, "easy")


# --- new block ---


def edit(
    coach: User,
    view: str,
    block: TrainingBlock,
    session: ScheduledSession,
    data: dict[str, Any],
    *,
    htmx: bool = False,
) -> Any:
    """The coach posts one edit of a session of the block (as htmx, or a plain form)."""
    url = reverse(f"planner:{view}", args=[block.pk, session.pk])
    return post(browser_client(coach), url, data, htmx=htmx)


def block_urls(block: TrainingBlock) -> list[tuple[str, str, dict[str, Any]]]:
    session = easy_session(block)
    wednesday = (BLOCK_MONDAY + timedelta(days=2)).isoformat()
    return [
        ("GET", reverse("planner:block_new", args=[block.runner_id]), {}),
        ("POST", reverse("planner:block_new", args=[block.runner_id]), builder_data()),
        ("GET", reverse("planner:block_detail", args=[block.pk]), {}),
        ("GET", reverse("planner:session_edit", args=[block.pk, session.pk]), {}),
        (
            "POST",
            reverse("planner:session_edit", args=[block.pk, session.pk]),
            {"template": shipped("Easy run").pk, "minutes": 45, "version": 1},
        ),
        (
            "POST",
            reverse("planner:session_move", args=[block.pk, session.pk]),
            {"to": wednesday, "version": 1},
        ),
        ("POST", reverse("planner:session_remove", args=[block.pk, session.pk]), {"version": 1}),
        ("GET", reverse("planner:session_add", args=[block.pk, wednesday]), {}),
        (
            "POST",
            reverse("planner:session_add", args=[block.pk, wednesday]),
            {"template": shipped("Easy run").pk, "version": 1},
        ),
        ("POST", reverse("planner:block_publish", args=[block.pk]), {"version": 1}),
        ("POST", reverse("planner:block_unpublish", args=[block.pk]), {"version": 1}),
        ("POST", reverse("planner:block_paces", args=[block.pk]), {"version": 1}),
        (
            "POST",
            reverse("planner:block_copy", args=[block.pk]),
            {"runner": block.runner_id, "start": (BLOCK_MONDAY + timedelta(weeks=4)).isoformat()},
        ),
    ]


def request_as(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return post(client, url, data) if method == "POST" else client.get(url)
