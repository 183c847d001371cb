"""Advice where the coach reads it: the runner's form warns about an easy pace override
faster than marathon pace, and a block refused because of it names it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planner.models import TrainingBlock
from tests.builder import builder_data, new_block_url
from tests.factories import make_runner, runner_edit_form
from tests.http import browser_client, get, page_text, post

pytestmark = pytest.mark.django_db

# A 50:00 10K runner's marathon pace is 5:26 /km: 5:00 /km is faster, 6:30 /km slower.
WARNING = "The easy pace override, 5:00 /km, is faster than the runner's marathon pace, 5:26 /km"


def test_saving_an_easy_pace_faster_than_marathon_pace_warns_and_still_saves() -> None:
    runner = make_runner()
    client = browser_client(runner.coach)

    response = post(
        client, reverse("planner:runner_edit", args=[runner.pk]), runner_edit_form(easy_pace="5:00")
    )

    runner.refresh_from_db()
    assert response.status_code == 302
    assert runner.easy_pace_override_s_per_km == pytest.approx(300.0)
    assert WARNING in page_text(client.get(response["Location"]))


def test_an_easy_pace_slower_than_marathon_pace_is_saved_without_a_warning() -> None:
    runner = make_runner()
    client = browser_client(runner.coach)

    response = post(
        client, reverse("planner:runner_edit", args=[runner.pk]), runner_edit_form(easy_pace="6:30")
    )

    assert response.status_code == 302
    assert "faster than the runner's marathon pace" not in page_text(
        client.get(response["Location"])
    )


def test_the_live_preview_warns_while_the_coach_types_the_easy_pace() -> None:
    runner = make_runner()
    fields = {"unit": "km", "race_distance_m": 10000, "race_time": "50:00"}

    fast = get(
        browser_client(runner.coach),
        reverse("planner:runner_new"),
        fields | {"easy_pace": "5:00"},
        htmx=True,
    )
    slow = get(
        browser_client(runner.coach),
        reverse("planner:runner_new"),
        fields | {"easy_pace": "6:30"},
        htmx=True,
    )

    assert WARNING in page_text(fast)
    assert 'id="easy-pace-warning"' in fast.content.decode()
    assert "faster than the runner's marathon pace" not in page_text(slow)


def test_a_block_refused_by_a_fast_easy_pace_override_names_it_and_the_fix() -> None:
    runner = make_runner(easy_pace_override_s_per_km=300.0)
    client = browser_client(runner.coach)

    preview = get(client, new_block_url(runner), builder_data(), htmx=True)
    created = post(client, new_block_url(runner), builder_data())

    for response in (preview, created):
        text = page_text(response)
        assert "because the easy pace override is faster than the runner's marathon pace" in text
        assert "Set the easy pace override on the runner's page slower than marathon pace" in text
    assert created.status_code == 422
    assert not TrainingBlock.objects.filter(runner=runner).exists()


def test_a_block_for_a_runner_without_an_override_never_blames_the_easy_pace() -> None:
    runner = make_runner()

    preview = get(
        browser_client(runner.coach),
        new_block_url(runner),
        builder_data(progression_runs=12),
        htmx=True,
    )

    assert "easy pace override" not in page_text(preview)
