"""The words the presenters work out once per page read exactly as the template filters
they replace: a day as `|date:"l j F"` and `|date:"j M"`, a number as `|floatformat:0`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat

from planner import formatting

DAYS = [date(2026, 1, 1) + timedelta(days=offset) for offset in range(0, 365, 17)]


@pytest.mark.parametrize("day", DAYS)
def test_a_calendar_day_reads_as_the_date_filter_wrote_it(day: date) -> None:
    assert formatting.weekday_date(day) == date_filter(day, "l j F")
    assert formatting.day_month(day) == date_filter(day, "j M")


@pytest.mark.parametrize("value", [0.0, 0.5, 1.5, 2.5, 254.5, 254.49, 59.999, 300.0, 1e-9])
def test_a_whole_number_rounds_as_floatformat_does(value: float) -> None:
    assert formatting.whole(value) == floatformat(value, 0)
