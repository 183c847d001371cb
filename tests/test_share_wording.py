"""A week's aerobic share reads the same wherever a person reads it: the coach's block
page, a refusal, the runner's week and the export (rounded down, "79 %")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from planner.errors import BlockRefused
from planner.models import TrainingBlock, edits
from planner.weekdays import monday_of
from tests.factories import make_block, make_runner
from tests.http import browser_client, page_text

pytestmark = pytest.mark.django_db

SHARE = 0.7996  # a hair under an 80 % floor


@pytest.fixture
def block() -> TrainingBlock:
    """A published block whose first week is 79.96 % aerobic by minutes."""
    runner = make_runner(long_run_day=None)
    block = make_block(runner, published=True, start=monday_of(runner.today()))
    first_week = block.sessions.filter(date__lt=block.start + timedelta(weeks=1))
    first_week.update(
        aerobic_seconds=F("total_seconds") * SHARE, hard_seconds=F("total_seconds") * (1 - SHARE)
    )
    return block


def test_the_block_page_says_79_percent(block: TrainingBlock) -> None:
    response = browser_client(block.runner.coach).get(
        reverse("planner:block_detail", args=[block.pk])
    )

    assert response.status_code == 200
    assert "79 % aerobic against a 80 % floor" in response.content.decode()


def test_a_refusal_says_79_percent(block: TrainingBlock) -> None:
    later = block.sessions.filter(date__gte=block.start + timedelta(weeks=1)).first()
    assert later is not None

    with pytest.raises(BlockRefused) as refusal:
        edits.remove_session(block, later.pk, version=block.version)

    assert "Week 1 is 79 % aerobic by minutes, below the 80 % floor" in str(refusal.value)


def test_the_runners_week_says_79_percent(block: TrainingBlock) -> None:
    response = browser_client(block.runner.user).get(
        reverse("planner:my_week_of", args=[block.start.isoformat()])
    )

    assert response.status_code == 200
    assert "79 % of minutes" in page_text(response)


def test_the_export_says_79_percent(block: TrainingBlock) -> None:
    response = browser_client(block.runner.coach).get(
        reverse("planner:runner_export", args=[block.runner.pk, "json"])
    )

    assert response.status_code == 200
    (exported,) = json.loads(response.content)["blocks"]
    assert exported["planned_weeks"][0]["aerobic_share_text"] == "79 %"
    assert exported["planned_weeks"][0]["aerobic_share"] == pytest.approx(SHARE, abs=1e-4)
