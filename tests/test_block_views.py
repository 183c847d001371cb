"""The block page under its coach: weeks, shares and totals; edits, history, publishing and
copies; new paces after a race."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from planner.formatting import day as format_day
from planner.models import (
    BlockChange,
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
    edits,
)
from planner.weekdays import monday_of
from tests.block_pages import block, easy_session, edit, runner, snapshot
from tests.clock import BLOCK_MONDAY
from tests.factories import make_block, make_runner, shipped
from tests.http import browser_client, missing, page_ok, post

__all__ = ["block", "runner"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


# --- the block page ---


def test_block_page_shows_weeks_shares_and_totals(coach: User, block: TrainingBlock) -> None:
    page = page_ok(browser_client(coach), reverse("planner:block_detail", args=[block.pk]))

    assert page.count('class="summary"') == 4
    assert (
        missing(
            page,
            "6 of 6</strong> progression runs",
            "60 min</strong> fast-finish running",
            "3 of 5 runs easy",
            "aerobic against a 80 % floor",
        )
        == []
    )


def test_block_page_uses_a_fixed_number_of_queries(
    coach: User, django_assert_max_num_queries: Any
) -> None:
    small = make_block(make_runner(coach=coach), weeks=1, progression_runs=1)
    big = make_block(make_runner(coach=coach), weeks=16, progression_runs=24, published=True)
    edits.change_session(
        big, easy_session(big).pk, template=shipped("Easy run"), minutes=45, version=2
    )
    client = browser_client(coach)
    client.get(reverse("planner:block_detail", args=[small.pk]))  # warm the session
    caches["default"].clear()  # both pages drawn here, not served from the page cache

    # 15: one for the recorded runs, one for the roster the copy list shows
    with django_assert_max_num_queries(15) as small_page:
        small_response = client.get(reverse("planner:block_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        response = client.get(reverse("planner:block_detail", args=[big.pk]))

    assert small_response.status_code == 200
    assert small_response.content.decode().count('class="summary"') == 1
    assert response.status_code == 200
    assert response.content.decode().count('class="summary"') == 16


def test_moving_a_progression_run_next_to_the_long_run_is_refused_with_the_reason(
    coach: User, block: TrainingBlock
) -> None:
    saturday = BLOCK_MONDAY + timedelta(days=5)
    edits.remove_session(block, block.sessions.get(date=saturday).pk, version=1)
    progression = block.sessions.filter(kind="progression", date__lt=saturday).first()
    assert progression is not None
    before = snapshot(block)

    response = edit(
        coach,
        "session_move",
        block,
        progression,
        {"to": saturday.isoformat(), "version": 2},
        htmx=True,
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "consecutive days" in page
    assert "Nothing was changed" in page
    assert 'hx-swap-oob="innerHTML"' in page
    assert snapshot(block) == before


def test_changing_an_easy_runs_minutes_updates_the_week_in_the_fragment(
    coach: User, block: TrainingBlock
) -> None:
    session = easy_session(block)

    response = edit(
        coach,
        "session_edit",
        block,
        session,
        {"template": shipped("Easy run").pk, "minutes": 60, "version": 1},
        htmx=True,
    )

    page = response.content.decode()
    session.refresh_from_db()
    assert response.status_code == 200
    assert session.total_seconds == pytest.approx(3600)
    assert "<html" not in page
    assert 'id="block"' in page
    assert "Changed" in page
    block.refresh_from_db()
    assert block.version == 2


def test_without_javascript_an_edit_redirects_back_to_the_block(
    coach: User, block: TrainingBlock
) -> None:
    session = easy_session(block)

    response = edit(coach, "session_remove", block, session, {"version": 1})

    assert response.status_code == 302
    assert not ScheduledSession.objects.filter(pk=session.pk).exists()


def test_a_stale_edit_is_refused_and_shows_the_current_block(
    coach: User, block: TrainingBlock
) -> None:
    session = easy_session(block)
    edits.change_session(block, session.pk, template=shipped("Easy run"), minutes=50, version=1)
    before = snapshot(block)

    response = edit(coach, "session_remove", block, session, {"version": 1}, htmx=True)

    assert response.status_code == 409
    assert "changed since you opened it" in response.content.decode()
    assert snapshot(block) == before


@pytest.mark.parametrize(
    ("url_name", "data", "status"),
    [
        pytest.param("session_remove", {"version": "abc"}, 400, id="version-not-a-number"),
        pytest.param("session_remove", {}, 400, id="version-missing"),
        pytest.param("session_remove", {"version": 999}, 409, id="version-tampered"),
        pytest.param("session_move", {"to": "2030-01-01", "version": 1}, 422, id="date-outside"),
        pytest.param("session_move", {"to": "yesterday", "version": 1}, 400, id="date-garbage"),
        pytest.param(
            "session_edit", {"template": 999999, "version": 1}, 400, id="unknown-template"
        ),
        pytest.param(
            "session_edit",
            {"template": "EASY", "minutes": -5, "version": 1},
            400,
            id="negative-minutes",
        ),
    ],
)
def test_bad_edit_input_gets_a_4xx_and_leaves_the_block_as_it_was(
    coach: User, block: TrainingBlock, url_name: str, data: dict[str, Any], status: int
) -> None:
    session = easy_session(block)
    if data.get("template") == "EASY":
        data = {**data, "template": shipped("Easy run").pk}
    before = snapshot(block)

    response = post(
        browser_client(coach),
        reverse(f"planner:{url_name}", args=[block.pk, session.pk]),
        data,
        htmx=True,
    )

    assert response.status_code == status
    assert 'class="message' in response.content.decode()
    assert snapshot(block) == before
    block.refresh_from_db()
    assert block.version == 1


def test_an_unknown_session_id_is_refused_with_a_message(coach: User, block: TrainingBlock) -> None:
    before = snapshot(block)

    response = post(
        browser_client(coach),
        reverse("planner:session_remove", args=[block.pk, 99999]),
        {"version": 1},
        htmx=True,
    )

    assert response.status_code == 422
    assert "not in this block" in response.content.decode()
    assert snapshot(block) == before


def test_adding_on_a_rest_day_through_the_page(coach: User, block: TrainingBlock) -> None:
    wednesday = BLOCK_MONDAY + timedelta(days=2)
    client = browser_client(coach)

    form = client.get(reverse("planner:session_add", args=[block.pk, wednesday.isoformat()]))
    response = post(
        client,
        reverse("planner:session_add", args=[block.pk, wednesday.isoformat()]),
        {"template": shipped("Easy run").pk, "minutes": 30, "version": 1},
    )

    assert form.status_code == 200
    assert "Add a session on Wednesday 2 December" in form.content.decode()
    assert response.status_code == 302
    assert block.sessions.get(date=wednesday).total_seconds == pytest.approx(1800)


@pytest.mark.parametrize("day", ["not-a-day", "2026-02-30", "0001-01-01", "9999-12-27"])
def test_adding_on_a_malformed_or_implausible_day_is_a_404(
    coach: User, block: TrainingBlock, day: str
) -> None:
    url = reverse("planner:session_add", args=[block.pk, "2026-01-01"]).replace("2026-01-01", day)

    response = browser_client(coach).get(url)

    assert response.status_code == 404


def test_publishing_then_editing_records_history_on_the_page(
    coach: User, block: TrainingBlock
) -> None:
    client = browser_client(coach)
    post(client, reverse("planner:block_publish", args=[block.pk]), {"version": 1})
    session = easy_session(block)
    post(
        client,
        reverse("planner:session_edit", args=[block.pk, session.pk]),
        {"template": shipped("Easy run").pk, "minutes": 45, "version": 2},
    )

    page = client.get(reverse("planner:block_detail", args=[block.pk])).content.decode()

    block.refresh_from_db()
    assert block.is_published
    assert list(BlockChange.objects.filter(block=block).values_list("action", flat=True)) == [
        "change",
        "publish",
    ]
    assert "Published the block" in page
    day = format_day(session.date)
    assert f"Changed {day} from Easy run, 40 min to Easy run, 45 min." in page
    assert "(45 min)" not in page
    assert "Cora Coach" in page


def test_unpublishing_hides_the_block_again(coach: User, runner: Runner) -> None:
    block = make_block(runner, published=True)

    response = post(
        browser_client(coach), reverse("planner:block_unpublish", args=[block.pk]), {"version": 2}
    )

    block.refresh_from_db()
    assert response.status_code == 302
    assert not block.is_published


def test_copying_to_another_runner_of_the_same_coach(coach: User, block: TrainingBlock) -> None:
    other = make_runner(coach=coach, name="Ben", race_seconds=40 * 60)

    response = post(
        browser_client(coach),
        reverse("planner:block_copy", args=[block.pk]),
        {"runner": other.pk, "start": BLOCK_MONDAY.isoformat()},
    )

    copy = TrainingBlock.objects.get(runner=other)
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("planner:runner_blocks", args=[other.pk]) + f"#block-{copy.pk}"
    )
    assert copy.sessions.count() == block.sessions.count()


def test_copying_to_another_coachs_runner_is_refused(coach: User, block: TrainingBlock) -> None:
    stranger = make_runner()

    response = post(
        browser_client(coach),
        reverse("planner:block_copy", args=[block.pk]),
        {"runner": stranger.pk, "start": BLOCK_MONDAY.isoformat()},
    )

    assert response.status_code == 400
    assert not TrainingBlock.objects.filter(runner=stranger).exists()


def test_updating_paces_after_a_new_race_rewrites_the_sessions_ahead(
    coach: User, runner: Runner
) -> None:
    block = make_block(runner, start=monday_of(timezone.localdate()) + timedelta(weeks=1))
    runner.race_seconds = 45 * 60
    runner.save()

    response = post(
        browser_client(coach),
        reverse("planner:block_paces", args=[block.pk]),
        {"version": 1},
        htmx=True,
    )

    assert response.status_code == 200
    assert "Updated 20 sessions" in response.content.decode()
    fast = SessionSegment.objects.filter(
        session__block=block, session__kind="progression", zone="hard"
    ).first()
    assert fast is not None
    assert round(fast.pace_s_per_km) == 270
