"""The bounds an input carries in the HTML are the limits the forms and the database
hold, read from ``planner.limits`` (one home for each limit)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planner import limits
from planner.weekdays import monday_of
from tests.factories import make_block, make_runner
from tests.http import browser_client, page_ok

pytestmark = pytest.mark.django_db


def test_the_runners_log_forms_carry_the_limits_of_a_session_note_and_reason() -> None:
    runner = make_runner()
    make_block(runner, published=True, start=monday_of(runner.today()))

    page = page_ok(browser_client(runner.user), reverse("planner:my_week"))

    assert f'max="{limits.LONGEST_SESSION_MINUTES}"' in page
    assert f'maxlength="{limits.SKIP_REASON_LENGTH}"' in page


def test_the_coachs_session_editor_carries_the_session_length_limits() -> None:
    block = make_block()
    session = block.sessions.first()
    assert session is not None

    page = page_ok(
        browser_client(block.runner.coach),
        reverse("planner:session_edit", args=[block.pk, session.pk]),
    )

    assert f'min="{limits.SHORTEST_SESSION_MINUTES}" max="{limits.LONGEST_SESSION_MINUTES}"' in page
