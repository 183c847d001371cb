"""Every edit of a block is held to the rules once, and says why when it is refused.

The spies wrap the real functions, so the edits still run as they do for a coach;
they only count how often the rules' checker and the neighbours' query are asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from planner import rules
from planner.models import Runner, ScheduledSession, TrainingBlock, WorkoutTemplate, edits
from planner.models.sessions import ScheduledSessionQuerySet
from planner.weekdays import monday_of
from tests.factories import first_session, make_block, make_runner, make_template, shipped
from tests.http import browser_client, page_text, post

pytestmark = pytest.mark.django_db

OVERRIDE_CAUSE = "because the easy pace override is faster than the runner's marathon pace"
OVERRIDE_FIX = "Set the easy pace override on the runner's page slower than marathon pace"


@pytest.fixture
def block() -> TrainingBlock:
    # From next Monday, so "Update paces" has sessions ahead of today to resolve again.
    return make_block(make_runner(), start=monday_of(timezone.localdate()) + timedelta(weeks=1))


@pytest.fixture
def coach(block: TrainingBlock) -> User:
    return block.runner.coach


class Spies:
    def __init__(self, check_block: mock.MagicMock, key_days: mock.MagicMock) -> None:
        self.check_block = check_block
        self.key_days = key_days


@pytest.fixture
def spies() -> Iterator[Spies]:
    real_key_days = ScheduledSessionQuerySet.key_days_next_to
    with (
        mock.patch.object(rules, "check_block", wraps=rules.check_block) as check_block,
        mock.patch.object(
            ScheduledSessionQuerySet, "key_days_next_to", autospec=True, side_effect=real_key_days
        ) as key_days,
    ):
        yield Spies(check_block, key_days)


def hard_easy_run() -> WorkoutTemplate:
    """An "easy" run at 10 km pace for two hours: hard whatever the easy pace is."""
    fast = {"amount_kind": "duration", "duration_s": 7200, "pace_anchor": "ten_k"}
    return make_template("Too fast easy run", kind="easy", segments=[fast])


def rest_day(block: TrainingBlock) -> Any:
    taken = set(block.sessions.values_list("date", flat=True))
    return next(
        day
        for day in (block.start + timedelta(days=offset) for offset in range(7 * block.weeks))
        if day not in taken
    )


def edit_request(block: TrainingBlock, edit: str) -> tuple[str, dict[str, Any]]:
    """The URL and form of one edit the rules allow on the article's block."""
    easy = first_session(block, "easy")
    session_url = {"block_id": block.pk, "session_id": easy.pk}
    requests: dict[str, tuple[str, dict[str, Any]]] = {
        "move": (
            reverse("planner:session_move", kwargs=session_url),
            {"to": rest_day(block).isoformat()},
        ),
        "change": (
            reverse("planner:session_edit", kwargs=session_url),
            {"template": shipped("Easy run").pk, "minutes": 45},
        ),
        "add": (
            reverse("planner:session_add", args=[block.pk, rest_day(block)]),
            {"template": shipped("Easy run").pk, "minutes": 30},
        ),
        "remove": (reverse("planner:session_remove", kwargs=session_url), {}),
        "paces": (reverse("planner:block_paces", args=[block.pk]), {}),
        "publish": (reverse("planner:block_publish", args=[block.pk]), {}),
    }
    url, data = requests[edit]
    return url, data | {"version": block.version}


@pytest.mark.parametrize("edit", ["move", "change", "add", "remove", "paces", "publish"])
@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain-form"])
def test_an_edit_checks_the_rules_once_and_its_page_reads_that_verdict(
    coach: User, block: TrainingBlock, spies: Spies, edit: str, htmx: bool
) -> None:
    url, data = edit_request(block, edit)
    client = browser_client(coach)
    client.get(reverse("planner:block_detail", args=[block.pk]))  # the page the coach had open
    spies.check_block.reset_mock()
    spies.key_days.reset_mock()

    response = post(client, url, data, htmx=htmx)

    assert response.status_code == (200 if htmx else 302)
    block.refresh_from_db()
    assert block.version == 2
    # Once for the edit: the block page drawn after it shows the verdict the edit found.
    assert spies.check_block.call_count == 1
    assert spies.key_days.call_count == 1


def test_a_refused_edit_fetches_the_neighbouring_key_days_once(
    coach: User, block: TrainingBlock, spies: Spies
) -> None:
    easy = first_session(block, "easy")
    url = reverse("planner:session_edit", args=[block.pk, easy.pk])
    hard = {"template": hard_easy_run().pk, "version": 1}

    response = post(browser_client(coach), url, hard, htmx=True)

    assert response.status_code == 422
    assert "below the 80 % floor" in page_text(response)
    # The edit's check and the page's check of the block as it stands share the neighbours.
    assert spies.key_days.call_count == 1


def test_an_edit_made_outside_a_page_checks_the_rules_once(
    block: TrainingBlock, spies: Spies
) -> None:
    edits.move_session(block, first_session(block, "easy").pk, rest_day(block), version=1)

    assert spies.check_block.call_count == 1
    assert spies.key_days.call_count == 1
    assert block.violations(block.sessions.all()) == []
    assert spies.check_block.call_count == 1  # the block just checked is the block stored


# --- a fast easy-pace override, named in the refusal ---


def give_a_fast_easy_pace(runner: Runner) -> None:
    """5:00 per km for a 50-minute 10 km runner: faster than their marathon pace."""
    runner.easy_pace_override_s_per_km = 300.0
    runner.save()


def test_updating_paces_to_a_fast_easy_pace_override_is_refused_naming_it_and_the_fix(
    coach: User, block: TrainingBlock
) -> None:
    give_a_fast_easy_pace(block.runner)
    before = list(ScheduledSession.objects.filter(block=block).values_list("pk", "hard_seconds"))

    response = post(
        browser_client(coach),
        reverse("planner:block_paces", args=[block.pk]),
        {"version": 1},
        htmx=True,
    )

    text = page_text(response)
    assert response.status_code == 422
    assert OVERRIDE_CAUSE in text
    assert OVERRIDE_FIX in text
    assert "Nothing was changed." in text
    after = list(ScheduledSession.objects.filter(block=block).values_list("pk", "hard_seconds"))
    assert after == before
    block.refresh_from_db()
    assert block.version == 1


def test_a_longer_easy_run_at_a_fast_override_is_refused_naming_it_and_the_fix(
    coach: User, block: TrainingBlock
) -> None:
    give_a_fast_easy_pace(block.runner)
    easy = first_session(block, "easy")

    response = post(
        browser_client(coach),
        reverse("planner:session_edit", args=[block.pk, easy.pk]),
        {"template": shipped("Easy run").pk, "minutes": 90, "version": 1},
        htmx=True,
    )

    text = page_text(response)
    assert response.status_code == 422
    assert OVERRIDE_CAUSE in text
    assert OVERRIDE_FIX in text
    easy.refresh_from_db()
    assert easy.hard_seconds == 0


def test_an_edit_below_the_floor_without_an_override_never_blames_the_easy_pace(
    coach: User, block: TrainingBlock
) -> None:
    easy = first_session(block, "easy")

    response = post(
        browser_client(coach),
        reverse("planner:session_edit", args=[block.pk, easy.pk]),
        {"template": hard_easy_run().pk, "version": 1},
        htmx=True,
    )

    text = page_text(response)
    assert response.status_code == 422
    assert "below the 80 % floor" in text
    assert "easy pace override" not in text
