"""The block page reads what it shows in few queries and draws each cell once: what it
reads together agrees with the reads it replaces, and each cell says each fact once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.forms import Form, ModelChoiceField
from django.urls import reverse

from planner import limits
from planner.forms.blocks import ChangeSessionForm, CopyBlockForm, MoveSessionForm
from planner.forms.renderer import compact_field
from planner.models import ScheduledSession, TrainingBlock, edits
from planner.models.around import around_block
from planner.presenters.block_calendar import short_title
from tests.block_pages import block, easy_session, runner
from tests.clock import BLOCK_MONDAY
from tests.factories import make_block, make_runner, shipped
from tests.http import browser_client, page_ok

__all__ = ["block", "runner"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _separately(block: TrainingBlock) -> tuple[frozenset[object], float | None]:
    sessions = ScheduledSession.objects
    return (
        sessions.key_days_next_to(block.runner_id, block.start, block.weeks, block.pk),
        sessions.previous_week_minutes(block.runner_id, block.start),
    )


def test_the_block_pages_one_read_around_a_block_agrees_with_the_two_it_replaces(
    coach: User,
) -> None:
    runner = make_runner(coach=coach)
    earlier = make_block(runner, start=BLOCK_MONDAY - timedelta(weeks=4))
    middle = make_block(runner, start=BLOCK_MONDAY)
    later = make_block(runner, start=BLOCK_MONDAY + timedelta(weeks=4))
    # Alone, with and without a usual long-run day: that day before it counts as key.
    alone = make_block(make_runner(coach=coach, long_run_day=6))
    no_usual_day = make_block(make_runner(coach=coach, long_run_day=None))
    # A Sunday runner whose earlier block runs long on Saturday and rests on the Sunday
    # before: no key day there.
    resting = make_runner(coach=coach, long_run_day=6)
    make_block(
        resting,
        start=BLOCK_MONDAY - timedelta(weeks=4),
        run_days=frozenset({0, 2, 5}),
        long_run_day=5,
    )
    after_rest = make_block(resting, start=BLOCK_MONDAY)

    for each in (earlier, middle, later, alone, no_usual_day, after_rest):
        assert around_block(each) == _separately(each)
    key_days, minutes = around_block(middle)
    # The earlier block's Sunday long run; its last week's planned minutes.
    assert BLOCK_MONDAY - timedelta(days=1) in key_days
    assert minutes is not None
    assert minutes > 0
    assert around_block(alone)[0] == {BLOCK_MONDAY - timedelta(days=1)}
    assert around_block(no_usual_day) == (
        frozenset(),
        None,
    )
    assert around_block(after_rest)[0] == frozenset()


def test_a_resized_easy_run_says_its_length_once_in_its_cell(
    coach: User, block: TrainingBlock
) -> None:
    session = easy_session(block)
    edits.change_session(block, session.pk, template=shipped("Easy run"), minutes=70, version=1)
    session.refresh_from_db()
    assert session.title == "Easy run, 70 min"

    page = page_ok(browser_client(coach), reverse("planner:block_detail", args=[block.pk]))

    cell = re.search(rf'<td[^>]* id="day-{session.date.isoformat()}".*?</td>', page, re.S)
    assert cell is not None
    # The paces list (folded away) says each segment's own length: a fact of its own.
    outside = re.sub(r"<details.*?</details>", "", cell.group(0), flags=re.S)
    words = re.sub(r"<[^>]+>", " ", outside)
    assert '<span class="title">Easy run</span>' in cell.group(0)
    assert '<span class="mins">70 min</span>' in cell.group(0)
    assert words.count("70 min") == 1
    # The editor's heading still names the session as stored.
    editor = page_ok(
        browser_client(coach),
        reverse("planner:session_edit", args=[block.pk, session.pk]),
    )
    assert "Easy run, 70 min on" in editor


def test_a_title_keeps_a_length_other_than_the_one_shown_beside_it() -> None:
    assert short_title("Easy run, 70 min", "70 min") == "Easy run"
    assert short_title("Fifths with fast finish, 60 min", "65 min") == (
        "Fifths with fast finish, 60 min"
    )
    assert short_title("Long run", "90 min") == "Long run"
    assert short_title(", 70 min", "70 min") == ", 70 min"


def _drawn_forms() -> list[Form]:
    change = ChangeSessionForm(auto_id="change-%s", initial={"template": 2, "minutes": 45})
    bad_change = ChangeSessionForm({"template": "9", "minutes": "0"}, auto_id="add-%s")
    move = MoveSessionForm(auto_id="move-%s")
    copy = CopyBlockForm(
        {"runner": "1", "start": "2026-12-08"}, auto_id="copy-%s", coach=User(pk=1)
    )
    for form, name, choices in (
        (change, "template", [(1, "Easy run (easy)"), (2, "Tempo <fast> (key)")]),
        (bad_change, "template", [(1, "Easy run (easy)")]),
        (copy, "runner", [(1, "Ana"), (2, "Bea & Co")]),
    ):
        field = form.fields[name]
        assert isinstance(field, ModelChoiceField)
        field.choices = choices
    move.fields["to"].widget.choices = [("2026-12-08", "Tue 8 Dec"), ("2026-12-09", "Wed 9 Dec")]
    return [change, bad_change, move, copy]


@pytest.mark.parametrize("form", _drawn_forms())
def test_the_block_editors_fields_are_the_markup_of_the_field_template(form: Form) -> None:
    form.is_bound and form.is_valid()
    for field in form:
        if field.name != "version":
            assert _tags(compact_field(field)) == _tags(field.as_field_group())


def test_the_editor_draws_its_bounds_and_choices_from_the_forms(
    coach: User, block: TrainingBlock
) -> None:
    session = easy_session(block)
    page = page_ok(
        browser_client(coach), reverse("planner:session_edit", args=[block.pk, session.pk])
    )

    minutes = re.search(r'<input[^>]* id="change-minutes"[^>]*>', page)
    assert minutes is not None
    assert f'min="{limits.SHORTEST_SESSION_MINUTES}"' in minutes.group(0)
    assert f'max="{limits.LONGEST_SESSION_MINUTES}"' in minutes.group(0)
    chosen = re.search(r'<select name="template" autofocus id="change-template">.*?</select>', page)
    assert chosen is not None
    assert f'<option value="{session.template_id}" selected>Easy run (easy)</option>' in (
        chosen.group(0)
    )
    assert re.search(r'<select name="to" id="move-to"><option value="\d{4}-\d\d-\d\d">', page)
