"""The words and addresses the presenters work out once per page read exactly as the
template tags they replace: a day as `|date:"l j F"` and `|date:"j M"`, a number as
`|floatformat:0`, an address as `{% url %}`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import reverse

from planner import formatting
from planner.pages import SAMPLE_DAYS, address_pattern

DAYS = [date(2026, 1, 1) + timedelta(days=offset) for offset in range(0, 365, 17)]


@pytest.mark.parametrize("day", DAYS)
def test_a_calendar_day_reads_as_the_date_filter_wrote_it(day: date) -> None:
    assert formatting.weekday_date(day) == date_filter(day, "l j F")
    assert formatting.day_month(day) == date_filter(day, "j M")


@pytest.mark.parametrize("value", [0.0, 0.5, 1.5, 2.5, 254.5, 254.49, 59.999, 300.0, 1e-9])
def test_a_whole_number_rounds_as_floatformat_does(value: float) -> None:
    assert formatting.whole(value) == floatformat(value, 0)


@pytest.mark.parametrize("block_id", [5, 987654321, 1987654321, 123456789])
def test_an_address_pattern_fills_only_the_rows_part(block_id: int) -> None:
    pattern = address_pattern("planner:session_edit", block_id)

    assert pattern.format(42) == reverse("planner:session_edit", args=[block_id, 42])


def test_an_address_pattern_takes_a_day_and_a_part_after_it() -> None:
    added = address_pattern("planner:session_add", 987654321, sample=SAMPLE_DAYS)
    exported = address_pattern("planner:runner_export", after=("csv",))

    assert added.format("2026-12-07") == reverse(
        "planner:session_add", args=[987654321, "2026-12-07"]
    )
    assert exported.format(7) == reverse("planner:runner_export", args=[7, "csv"])
