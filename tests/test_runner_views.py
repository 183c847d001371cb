"""The runner's pages under three people: the runner, another runner, and the coach."""

from __future__ import annotations

import gzip
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from planner.models import Runner, ScheduledSession, TrainingBlock
from planner.weekdays import monday_of
from tests.access import covers
from tests.clock import EARLIER_BLOCK_MONDAY
from tests.factories import first_session, make_block, make_runner
from tests.http import browser_client, get, page_ok, page_text, post

pytestmark = pytest.mark.django_db

# The block starts two weeks back, so its first sessions can be logged as done
# (a run cannot be logged before its day) whatever day the suite runs.
PAGE_BUDGET_BYTES = 60_000


def today_of(runner: Runner) -> date:
    return timezone.now().astimezone(runner.zone).date()


def week_url(day: date) -> str:
    return reverse("planner:my_week_of", args=[day.isoformat()])


def first(block: TrainingBlock, kind: str = "easy") -> ScheduledSession:
    return first_session(block, kind)


def state(session: ScheduledSession) -> tuple[Any, ...]:
    session.refresh_from_db()
    return (session.status, session.actual_seconds, session.effort, session.skip_reason)


@pytest.fixture
def runner() -> Runner:
    return make_runner(unit="mi")


@pytest.fixture
def block(runner: Runner) -> TrainingBlock:
    return make_block(runner, published=True, start=EARLIER_BLOCK_MONDAY)


def action_urls(session_id: int) -> list[str]:
    return [
        reverse("planner:log_done", args=[session_id]),
        reverse("planner:log_skipped", args=[session_id]),
        reverse("planner:undo_log", args=[session_id]),
    ]


# --- who may see what ---

# The runner's own pages and actions, each requested by the two tests below.
RUNNER_PAGES = (
    "planner:log_done",
    "planner:log_skipped",
    "planner:my_profile",
    "planner:my_week",
    "planner:my_week_of",
    "planner:undo_log",
)


@covers(*RUNNER_PAGES, "planner:reset_calendar_feed")
def test_anonymous_is_sent_to_log_in_from_every_runner_page(block: TrainingBlock) -> None:
    session = first(block)
    client = browser_client()
    pages = [
        reverse("planner:my_week"),
        week_url(EARLIER_BLOCK_MONDAY),
        reverse("planner:my_profile"),
    ]
    actions = [*action_urls(session.pk), reverse("planner:reset_calendar_feed")]

    responses = [client.get(url) for url in pages] + [post(client, url) for url in actions]

    assert [r.status_code for r in responses] == [302] * len(responses)
    assert all(r["Location"].startswith("/accounts/login/?next=") for r in responses)
    assert state(session) == ("planned", None, None, "")


@covers(*RUNNER_PAGES)
def test_the_runners_coach_gets_404_on_every_runner_page(block: TrainingBlock) -> None:
    session = first(block)
    coach = browser_client(block.runner.coach)
    pages = [
        reverse("planner:my_week"),
        week_url(EARLIER_BLOCK_MONDAY),
        reverse("planner:my_profile"),
    ]
    actions = [*action_urls(session.pk), reverse("planner:reset_calendar_feed")]

    responses = [coach.get(url) for url in pages] + [
        post(coach, url, {"minutes": "40"}) for url in actions
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert state(session) == ("planned", None, None, "")
    block.runner.refresh_from_db()
    assert not block.runner.has_feed


@covers("planner:log_done", "planner:log_skipped", "planner:undo_log")
def test_another_runner_cannot_log_or_undo_someone_elses_session(block: TrainingBlock) -> None:
    session = first(block)
    session.mark_skipped("ill")
    stranger = browser_client(make_runner(name="Ben").user)

    responses = [post(stranger, url, {"minutes": "40"}) for url in action_urls(session.pk)]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert "not in your published plan" in responses[0].content.decode()
    assert state(session) == ("skipped", None, None, "ill")


@covers("planner:my_week")
def test_a_runner_sees_only_their_own_published_sessions(block: TrainingBlock) -> None:
    other = make_block(make_runner(name="Ben"), published=True)
    draft = make_block(block.runner, start=EARLIER_BLOCK_MONDAY + timedelta(weeks=4))
    client = browser_client(block.runner.user)

    this_week = client.get(week_url(EARLIER_BLOCK_MONDAY)).content.decode()
    draft_week = client.get(week_url(draft.start)).content.decode()

    assert all(
        f'id="session-{s.pk}"' in this_week
        for s in block.sessions.filter(date__lt=EARLIER_BLOCK_MONDAY + timedelta(days=7))
    )
    assert not any(f'id="session-{s.pk}"' in this_week for s in other.sessions.all())
    assert not any(f'id="session-{s.pk}"' in draft_week for s in draft.sessions.all())
    assert "not published any sessions" in draft_week
    assert "Rest day" not in draft_week


def test_a_draft_blocks_session_cannot_be_logged(runner: Runner) -> None:
    session = first(make_block(runner))
    client = browser_client(runner.user)

    response = post(client, reverse("planner:log_done", args=[session.pk]), {"minutes": "40"})

    assert response.status_code == 404
    assert state(session) == ("planned", None, None, "")


# --- the week ---


def test_the_week_shows_today_first_with_concrete_paces_in_miles(runner: Runner) -> None:
    today = today_of(runner)
    block = make_block(runner, published=True, start=monday_of(today))
    client = browser_client(runner.user)

    html = page_ok(client, reverse("planner:my_week"))

    today_card = html.index('aria-current="date"')
    assert today_card < html.index("The rest of the week")
    assert "Week 1 of 4" in html
    progression = first(block, "progression")
    steady = client.get(week_url(monday_of(progression.date))).content.decode()
    assert "40 min at 9:03 /mi" in steady
    assert "10 min at 8:03 /mi" in steady
    assert "Fast finish" in steady
    assert "Rest day" in html  # five run days leave two rest days


def test_the_week_shows_paces_in_kilometres_for_a_km_runner() -> None:
    runner = make_runner(unit="km")
    block = make_block(runner, published=True)
    client = browser_client(runner.user)

    html = client.get(week_url(monday_of(first(block, "progression").date))).content.decode()

    assert "10 min at 5:00 /km" in html
    assert "/mi" not in html


@covers("planner:my_week_of")
def test_the_week_links_to_the_weeks_around_it_and_says_where_it_sits(
    block: TrainingBlock,
) -> None:
    client = browser_client(block.runner.user)

    html = client.get(week_url(EARLIER_BLOCK_MONDAY + timedelta(weeks=1))).content.decode()

    assert "Week 2 of 4" in html
    assert f'href="{week_url(EARLIER_BLOCK_MONDAY)}"' in html
    assert f'href="{week_url(EARLIER_BLOCK_MONDAY + timedelta(weeks=2))}"' in html
    assert "Aerobic share" in html


def test_a_date_inside_a_week_redirects_to_its_monday_and_nonsense_is_404(
    runner: Runner,
) -> None:
    client = browser_client(runner.user)

    assert client.get(week_url(EARLIER_BLOCK_MONDAY + timedelta(days=3)))["Location"] == week_url(
        EARLIER_BLOCK_MONDAY
    )
    assert client.get("/week/someday/").status_code == 404


def test_week_navigation_with_htmx_returns_the_week_fragment(block: TrainingBlock) -> None:
    client = browser_client(block.runner.user)

    response = get(client, week_url(EARLIER_BLOCK_MONDAY), htmx=True)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="week"')
    assert "<html" not in html


@pytest.mark.parametrize("weeks", [1, 16])
def test_the_week_page_costs_the_same_queries_whatever_the_blocks_size(
    runner: Runner, weeks: int, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    make_block(
        runner, published=True, start=EARLIER_BLOCK_MONDAY, weeks=weeks, progression_runs=weeks
    )
    client = browser_client(runner.user)

    with django_assert_max_num_queries(7):  # 7: one for the recorded runs
        response = client.get(week_url(EARLIER_BLOCK_MONDAY))

    assert response.status_code == 200
    assert f"Week 1 of {weeks}" in page_text(response)


# --- logging ---


def test_marking_done_without_javascript_stores_the_log_and_redirects_to_its_card(
    block: TrainingBlock,
) -> None:
    session = first(block)
    client = browser_client(block.runner.user)
    data = {"minutes": "42", "distance": "5", "effort": "4", "note": "windy"}

    response = post(client, reverse("planner:log_done", args=[session.pk]), data)

    assert response.status_code == 302
    assert response["Location"] == f"{week_url(monday_of(session.date))}#session-{session.pk}"
    assert state(session) == ("done", 42 * 60, 4, "")
    assert session.actual_distance_m == pytest.approx(5 * 1609.344)
    page = client.get(response["Location"]).content.decode()
    assert "Logged Easy run: 42 min as logged, within 20 % of the planned time." in page
    assert "Done as logged, within 20 % of the planned time" in page
    assert "✓ Done as planned" not in page


def test_marking_done_with_htmx_answers_with_the_card_summary_and_message(
    block: TrainingBlock,
) -> None:
    session = first(block)
    client = browser_client(block.runner.user)

    response = post(
        client,
        reverse("planner:log_done", args=[session.pk]),
        {"minutes": "40"},
        htmx=True,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<article id="session-{session.pk}"')
    assert 'id="week-summary" class="week-summary card"' in html
    assert 'hx-swap-oob="true"' in html
    assert '<div id="messages" hx-swap-oob="innerHTML">' in html
    assert "<html" not in html
    assert "Undo" in html
    assert state(session)[0] == "done"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes": "-5"}, "Minutes run must be more than 0."),
        ({"minutes": "40", "effort": "11"}, "Effort is 1 (very easy) to 10 (all out)."),
        ({"minutes": "601"}, "Minutes run must be at most 600."),
        ({"minutes": "40", "distance": "-1"}, "Distance cannot be negative."),
        ({"minutes": "40", "distance": "150"}, "Distance must be between 0 and 200 km."),
        ({"minutes": ""}, "Say how many minutes you ran."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_impossible_logs_are_refused_with_422_and_change_nothing(
    block: TrainingBlock, data: dict[str, str], message: str, htmx: bool
) -> None:
    session = first(block)
    client = browser_client(block.runner.user)

    response = post(client, reverse("planner:log_done", args=[session.pk]), data, htmx=htmx)

    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert ("<html" in html) is not htmx
    assert '<details class="log" open>' in html
    assert state(session) == ("planned", None, None, "")


def test_logging_a_rest_day_or_an_unknown_session_is_404(block: TrainingBlock) -> None:
    client = browser_client(block.runner.user)
    missing = ScheduledSession.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1

    plain = post(client, reverse("planner:log_done", args=[missing]), {"minutes": "40"})
    htmx = post(
        client,
        reverse("planner:log_skipped", args=[missing]),
        htmx=True,
    )

    assert plain.status_code == 404
    assert "A rest day has nothing to log" in plain.content.decode()
    assert htmx.status_code == 404
    assert htmx["HX-Redirect"] == reverse("planner:my_week")
    assert not ScheduledSession.objects.exclude(status="planned").exists()


def test_skipping_keeps_the_reason_and_undo_returns_to_planned(block: TrainingBlock) -> None:
    session = first(block)
    client = browser_client(block.runner.user)

    skipped = post(client, reverse("planner:log_skipped", args=[session.pk]), {"reason": "flu"})
    assert skipped.status_code == 302
    assert state(session) == ("skipped", None, None, "flu")

    undone = post(client, reverse("planner:undo_log", args=[session.pk]), htmx=True)

    assert undone.status_code == 200
    assert "back to planned" in undone.content.decode()
    assert state(session) == ("planned", None, None, "")


def test_the_summary_counts_planned_and_done_minutes_and_sessions_done_as_planned(
    block: TrainingBlock,
) -> None:
    sessions = list(block.sessions.filter(date__lt=EARLIER_BLOCK_MONDAY + timedelta(days=7)))
    sessions[0].mark_done(minutes=sessions[0].total_minutes)
    sessions[1].mark_done(minutes=5)
    client = browser_client(block.runner.user)

    html = client.get(week_url(EARLIER_BLOCK_MONDAY)).content.decode()

    planned = round(sum(s.total_seconds for s in sessions) / 60)
    done = round(sessions[0].total_minutes) + 5
    assert f"<dt>Planned</dt><dd>{planned} min</dd>" in html
    assert f"<dt>Done</dt><dd>{done} min</dd>" in html
    assert f"<dd>1 of {len(sessions)} sessions</dd>" in html


def test_changes_need_post_and_a_csrf_token(block: TrainingBlock) -> None:
    session = first(block)
    client = browser_client(block.runner.user)
    url = reverse("planner:log_done", args=[session.pk])

    assert client.get(url).status_code == 405
    assert client.post(url, {"minutes": "40"}).status_code == 403
    assert state(session) == ("planned", None, None, "")


# --- phone weight ---


def test_the_week_page_with_its_css_and_scripts_is_under_60_kb_compressed(
    block: TrainingBlock,
) -> None:
    client = browser_client(block.runner.user)
    response = client.get(week_url(EARLIER_BLOCK_MONDAY))
    html = response.content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)

    found = [finders.find(asset.decode()) for asset in assets]
    total = len(gzip.compress(html)) + sum(
        len(gzip.compress(Path(str(path)).read_bytes())) for path in found
    )

    assert {Path(asset.decode()).name for asset in assets} >= {
        "app.css",
        "runner.css",
        "htmx-2.min.js",
    }
    print(f"week page, compressed: {total} bytes")
    assert total < PAGE_BUDGET_BYTES


def test_a_future_session_cannot_be_logged_as_done_but_can_be_skipped(runner: Runner) -> None:
    today = today_of(runner)
    block = make_block(runner, published=True, start=monday_of(today) + timedelta(weeks=1))
    session = first(block)
    client = browser_client(runner.user)

    done = post(client, reverse("planner:log_done", args=[session.pk]), {"minutes": 40})
    skipped = post(
        client, reverse("planner:log_skipped", args=[session.pk]), {"reason": "travelling"}
    )

    assert done.status_code == 422
    assert "log it on the day or after" in done.content.decode()
    assert skipped.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.skip_reason) == ("skipped", "travelling")
