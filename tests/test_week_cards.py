"""The runner's day cards, drawn in Python: each card's fields carry its own ids."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse

from planner.presenters.week import FORM_SLOT
from planner.weekdays import monday_of
from tests.factories import make_block, make_runner
from tests.http import browser_client, page_ok

pytestmark = pytest.mark.django_db


def test_every_field_of_the_week_has_its_own_id_and_its_label_points_at_it() -> None:
    runner = make_runner()
    block = make_block(runner, published=True, start=monday_of(runner.today()))

    page = page_ok(browser_client(runner.user), reverse("planner:my_week"))

    assert FORM_SLOT not in page
    ids = Counter(re.findall(r' id="([^"]+)"', page))
    assert [name for name, count in ids.items() if count > 1] == []
    this_week = list(block.sessions.filter(date__range=(block.start, block.start + timedelta(6))))
    assert this_week
    for session in this_week:
        assert f'<label for="s{session.pk}-reason">' in page
        assert f'id="s{session.pk}-reason"' in page
    for target in re.findall(r'<label for="([^"]+)"', page):
        assert target in ids
