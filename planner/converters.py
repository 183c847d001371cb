"""URL parts that cannot reach the database as nonsense.

An id is a whole number a database column holds (a larger one is 404, not an
overflow), and a day is an ISO date within the plausible range (the year 1 or
9999 is 404, not an OverflowError deep in date arithmetic).
"""

from __future__ import annotations

import datetime as dt

from planner.limits import LARGEST_DB_INTEGER, is_plausible_day


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= LARGEST_DB_INTEGER:
            raise ValueError(f"{value} is not an id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class DayConverter:
    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> dt.date:
        day = dt.date.fromisoformat(value)  # ValueError for 2026-02-30: no match, 404
        if not is_plausible_day(day):
            raise ValueError(f"{value} is outside the plausible range")
        return day

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
