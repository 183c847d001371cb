"""What the coach reads on the block page: history told from its facts, week totals in
hours and the runner's unit, and the redirect that lands on the day edited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from planner import formatting
from planner.formatting import day as format_day
from planner.models import TrainingBlock
from tests.factories import first_session, make_block, make_runner, make_user, shipped
from tests.http import browser_client, page_text, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def block() -> TrainingBlock:
    coach = make_user(first_name="Cora", last_name="Coach")
    return make_block(make_runner(coach=coach, unit="mi"), published=True)


def free_day_after(block: TrainingBlock, day: date) -> date:
    taken = set(block.sessions.values_list("date", flat=True))
    return next(d for d in (day + timedelta(days=n) for n in range(1, 7)) if d not in taken)


def test_history_says_each_fact_once_in_the_pages_date_style(block: TrainingBlock) -> None:
    client = browser_client(block.runner.coach)
    easy = first_session(block, "easy")
    url = reverse("planner:block_detail", args=[block.pk])
    post(
        client,
        reverse("planner:session_edit", args=[block.pk, easy.pk]),
        {"template": shipped("Easy run").pk, "minutes": 42, "version": 2},
    )
    to = free_day_after(block, easy.date)
    move = reverse("planner:session_move", args=[block.pk, easy.pk])
    post(client, move, {"to": to, "version": 3})
    post(client, reverse("planner:session_remove", args=[block.pk, easy.pk]), {"version": 4})

    text = page_text(client.get(url))

    was, now = format_day(easy.date), format_day(to)
    assert f"Cora Coach: Changed {was} from Easy run, 40 min to Easy run, 42 min." in text
    assert f"Cora Coach: Moved Easy run, 42 min from {was} to {now}." in text
    assert f"Cora Coach: Removed Easy run, 42 min from {now}." in text
    assert "before:" not in text
    assert easy.date.isoformat() not in text.split("History")[-1]


def test_a_plain_form_edit_lands_back_on_the_day_it_changed(block: TrainingBlock) -> None:
    easy = first_session(block, "easy")
    to = free_day_after(block, easy.date)

    response = post(
        browser_client(block.runner.coach),
        reverse("planner:session_move", args=[block.pk, easy.pk]),
        {"to": to, "version": 2},
    )

    assert response.status_code == 302
    location = reverse("planner:block_detail", args=[block.pk])
    assert response["Location"] == f"{location}#day-{to.isoformat()}"


def test_week_totals_show_hours_and_the_runners_distance(block: TrainingBlock) -> None:
    first_week = [s for s in block.sessions.all() if (s.date - block.start).days < 7]
    seconds = sum(s.total_seconds for s in first_week)
    metres = sum(s.distance_m for s in first_week)

    text = page_text(
        browser_client(block.runner.coach).get(reverse("planner:block_detail", args=[block.pk]))
    )

    assert seconds >= 3600
    time, distance = formatting.total_time(seconds), formatting.total_distance(metres, "mi")
    assert f"<strong>{time}</strong> · <strong>{distance}</strong> planned" in text
    assert time.endswith(" h")
    assert distance.endswith(" mi")
