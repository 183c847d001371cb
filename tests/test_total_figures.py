"""Totals as a coach reads them: hours past an hour, a tenth of the runner's unit."""

from __future__ import annotations

import pytest

from planner import formatting


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0 min"), (59 * 60 + 29, "59 min"), (3600, "1:00 h"), (4 * 3600 + 5 * 60, "4:05 h")],
)
def test_a_total_time_reads_in_minutes_under_an_hour_then_hours_and_minutes(
    seconds: float, shown: str
) -> None:
    assert formatting.total_time(seconds) == shown


def test_a_total_distance_reads_to_a_tenth_in_the_runners_unit() -> None:
    assert formatting.total_distance(42195, "km") == "42.2 km"
    assert formatting.total_distance(16093.44, "mi") == "10.0 mi"
