"""The coach's page of one runner: every block of theirs, with its state and a link."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from planner.models import Recording
from tests.access import covers
from tests.factories import make_block, make_runner, make_user
from tests.http import browser_client, page_text

pytestmark = pytest.mark.django_db

# Against the tests' clock (Monday 7 December 2026): a block that ended, the current one
# (from Monday 30 November), and a draft starting after it.
PAST = datetime.date(2026, 10, 5)
CURRENT = datetime.date(2026, 11, 30)
FUTURE = datetime.date(2026, 12, 28)


@covers("planner:runner_blocks")
def test_the_coach_sees_every_block_of_a_runner_with_its_state_and_link(
    django_assert_max_num_queries: object,
) -> None:
    coach = make_user()
    runner = make_runner(coach=coach)
    past = make_block(runner, start=PAST, published=True)
    current = make_block(runner, start=CURRENT, published=True)
    future = make_block(runner, start=FUTURE)
    client = browser_client(coach)
    client.get(reverse("planner:dashboard"))  # the session and the user, read once

    with django_assert_max_num_queries(5):  # type: ignore[operator]
        response = client.get(reverse("planner:runner_blocks", args=[runner.pk]))

    assert response.status_code == 200
    text = page_text(response)
    for block in (past, current, future):
        assert reverse("planner:block_detail", args=[block.pk]) in response.content.decode()
    assert "Past" in text
    assert "Current: week 2 of 4" in text
    assert "Starts in 21 days" in text
    assert "Draft: the runner does not see it" in text
    assert (
        text.index("Mon 28 Dec 2026") < text.index("Mon 30 Nov 2026") < text.index("Mon 5 Oct 2026")
    )
    assert "sees no plan this week" not in text


def test_a_runner_whose_current_block_is_a_draft_sees_no_plan_and_the_page_says_so() -> None:
    coach = make_user()
    runner = make_runner(coach=coach)
    make_block(runner, start=CURRENT)

    response = browser_client(coach).get(reverse("planner:runner_blocks", args=[runner.pk]))

    assert f"{runner.name} sees no plan this week" in page_text(response).replace("’", "'")


@covers("planner:runner_blocks")
def test_another_coach_and_the_runner_get_404_from_a_runners_blocks() -> None:
    runner = make_runner()
    make_block(runner, start=CURRENT, published=True)
    url = reverse("planner:runner_blocks", args=[runner.pk])

    assert browser_client(make_user()).get(url).status_code == 404
    assert browser_client(runner.user).get(url).status_code == 404


@covers("planner:runner_blocks")
def test_anonymous_visitors_are_sent_to_log_in_from_a_runners_blocks() -> None:
    url = reverse("planner:runner_blocks", args=[make_runner().pk])

    response = browser_client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- what the dashboard row flags ---


def test_the_dashboard_row_says_a_started_draft_leaves_the_runner_without_a_plan() -> None:
    coach = make_user()
    runner = make_runner(coach=coach, name="Dora Draft")
    make_block(runner, start=CURRENT)
    make_runner(coach=coach, name="Nell Noblock")

    text = page_text(browser_client(coach).get(reverse("planner:dashboard")))

    assert "Dora Draft sees no plan this week (a draft)" in text
    assert "No block: Nell Noblock sees no plan this week" in text


def test_the_dashboard_row_counts_missed_sessions_and_off_plan_runs_of_the_last_7_days() -> None:
    coach = make_user()
    runner = make_runner(coach=coach, name="Mia Missed")
    block = make_block(runner, start=CURRENT, published=True)
    today = runner.today()
    week = block.sessions.filter(date__gte=today - datetime.timedelta(days=7), date__lt=today)
    missed, judged = list(week.order_by("date"))[:2]
    Recording.objects.create(
        runner=runner, session=judged, day=judged.date, started_at=timezone.now(),
        file_name="run.fit", sha256="1" * 64, verdict="no_fast_finish", moving_seconds=3000,
        distance_m=9000, aerobic_seconds=2000, stream=b"", original=b"", original_size=0,
    )  # fmt: skip
    judged.mark_done(minutes=50)
    still_missed = week.exclude(pk=judged.pk).count()

    text = page_text(browser_client(coach).get(reverse("planner:dashboard")))

    assert missed.pk != judged.pk
    assert f"{still_missed} missed, 1 off plan in the last 7 days" in text
    assert "Mia Missed sees no plan" not in text
