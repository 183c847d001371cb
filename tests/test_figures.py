"""Totals people read: h:mm from an hour, distances in the runner's unit."""

from __future__ import annotations

import math

import pytest

from planner import formatting
from planner.units import Unit


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0 min"), (45 * 60, "45 min"), (59 * 60 + 29, "59 min"), (3600, "1:00 h"),
     (4 * 3600 + 5 * 60, "4:05 h"), (165 * 60, "2:45 h"), (10 * 3600 + 59 * 60 + 40, "11:00 h")],
)  # fmt: skip
def test_a_total_reads_in_minutes_under_an_hour_and_as_h_mm_from_an_hour(
    seconds: float, shown: str
) -> None:
    assert formatting.total_time(seconds) == shown


@pytest.mark.parametrize(
    ("metres", "unit", "shown"),
    [(0, "km", "0.0 km"), (10_000, "km", "10.0 km"), (16_093.44, "mi", "10.0 mi"),
     (52_140, "mi", "32.4 mi"), (42_195, "km", "42.2 km")],
)  # fmt: skip
def test_a_weeks_distance_reads_to_a_tenth_in_the_runners_unit(
    metres: float, unit: Unit, shown: str
) -> None:
    assert formatting.total_distance(metres, unit) == shown


def test_a_spreadsheet_distance_is_a_number_in_the_unit_rounded_half_up() -> None:
    assert formatting.in_unit(1609.344 * 5, "mi") == 5.0
    assert formatting.in_unit(8046.7, "mi") == 5.0
    assert formatting.in_unit(12_345, "km") == 12.35
    assert formatting.in_unit(12_345, "km", places=1) == 12.3


@pytest.mark.parametrize("nonsense", [-1.0, math.inf, math.nan])
def test_a_total_that_is_not_a_length_is_refused(nonsense: float) -> None:
    with pytest.raises(ValueError, match="is not a length of time"):
        formatting.total_time(nonsense)
    with pytest.raises(ValueError, match="is not a distance"):
        formatting.total_distance(nonsense, "km")
