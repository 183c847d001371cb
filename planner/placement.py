"""Which days of a block hold its progression runs: the exact search behind rule 2.

Pure Python, no Django. The caller has already reduced the calendar to candidate day
offsets (run days the coach allows, away from the long runs and neighbouring key
sessions); this module only chooses among them.

The order between placements, best first (rulebook, rule 2, revised):

1. the gaps in days between consecutive progression runs, sorted smallest first, are
   lexicographically largest (the smallest gap is as large as it can be, then the next);
2. the last week holds the smaller count floor(N/W) when it can;
3. the weeks holding the larger count ceil(N/W) are as far apart as possible: the
   distances in weeks between consecutive such weeks, sorted smallest first, are
   lexicographically largest (the smallest is the smallest distance between any two);
4. the earliest dates, compared as a tuple.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import TypeAlias

# A partial placement: last progression run (candidate index), runs so far in its week,
# weeks already closed holding the larger of the two even-spread counts.
_State: TypeAlias = tuple[int, int, int]
# A step of a placement: the next state (None once complete) and the price of its gap.
_Step: TypeAlias = tuple[_State | None, int]


class _Search:
    """Every placement of ``count`` runs on ``candidates`` that keeps the even spread.

    A placement is a path through states (last run, runs in its week, fuller weeks
    closed). That state is all the future depends on for spacing and the spread:
    spacing looks back only at the last run, the spread only at the counts, and the
    run total follows from the state. A dynamic programme over it therefore covers every
    placement, which makes the answer exact.
    """

    def __init__(self, candidates: Sequence[int], weeks: int, count: int) -> None:
        self.candidates, self.weeks, self.count = candidates, weeks, count
        self.per_week, self.full_weeks = divmod(count, weeks)
        self.light_weeks = weeks - self.full_weeks
        total_days = 7 * weeks
        # A gap of g days costs base**(days - g): with fewer than `base` gaps, one gap
        # shorter than another placement's outweighs all the rest together, so the
        # cheapest sum is exactly the lexicographically largest sorted gap list.
        base = max(count, 2)
        self.gap_price = [base ** (total_days - gap) for gap in range(total_days + 1)]
        self.week_of = [day // 7 for day in candidates]
        # Index of each week's first candidate, and one past the last week's.
        self.week_starts = [bisect_left(candidates, 7 * week) for week in range(weeks + 1)]
        self.cheapest: dict[_State, int | None] = {}
        first_weeks = 1 if self.per_week else min(weeks, self.light_weeks + 1)
        self.openings: list[_State] = [(i, 1, 0) for i in range(self.week_starts[first_weeks])]

    def next_steps(self, state: _State) -> Iterator[_Step]:
        """Where a placement can go from ``state``, in date order."""
        candidates, per_week, full_weeks = self.candidates, self.per_week, self.full_weeks
        last, in_week, full = state
        week, day = self.week_of[last], candidates[last]
        placed = per_week * week + full + in_week
        if placed < self.count and in_week < per_week + (full < full_weeks):
            for nxt in range(last + 1, self.week_starts[week + 1]):
                if candidates[nxt] - day >= 2:
                    yield (nxt, in_week + 1, full), self.gap_price[candidates[nxt] - day]
        if in_week < per_week:
            return
        full_after = full + (in_week > per_week)
        light_after = week + 1 - full_after
        if full_after > full_weeks or light_after > self.light_weeks:
            return
        if placed == self.count:
            if full_after == full_weeks and (per_week == 0 or week == self.weeks - 1):
                yield None, 0
            return
        if week + 1 == self.weeks:
            return
        # Skipping a week leaves it empty, which only a floor(N/W) of zero allows.
        if per_week:
            last_week = week + 1
        else:
            last_week = min(self.weeks - 1, week + 1 + self.light_weeks - light_after)
        for nxt in range(self.week_starts[week + 1], self.week_starts[last_week + 1]):
            if candidates[nxt] - day >= 2:
                yield (nxt, 1, full_after), self.gap_price[candidates[nxt] - day]

    def gap_cost_to_finish(self, state: _State) -> int | None:
        if state in self.cheapest:
            return self.cheapest[state]
        best: int | None = None
        for step, price in self.next_steps(state):
            rest = 0 if step is None else self.gap_cost_to_finish(step)
            if rest is not None and (best is None or price + rest < best):
                best = price + rest
        self.cheapest[state] = best
        return best

    def best_gap_cost(self) -> int | None:
        costs = (self.gap_cost_to_finish(state) for state in self.openings)
        return min((cost for cost in costs if cost is not None), default=None)

    def evenest_steps(self, state: _State) -> list[_State | None]:
        """The steps from ``state`` that stay on a placement with the best gap list."""
        needed = self.gap_cost_to_finish(state)
        evenest = []
        for step, price in self.next_steps(state):
            rest = 0 if step is None else self.gap_cost_to_finish(step)
            if rest is not None and price + rest == needed:
                evenest.append(step)
        return evenest


def progressions_fit(candidates: Sequence[int], weeks: int, count: int) -> bool:
    """Whether ``count`` runs fit the candidates with the even spread and 48 hours apart."""
    return count == 0 or _Search(candidates, weeks, count).best_gap_cost() is not None


def place_progressions(candidates: Sequence[int], weeks: int, count: int) -> tuple[int, ...] | None:
    """The best placement (see the module's order) of ``count`` runs, or None if none fits.

    Two passes, both exact. The first finds the best gap list; the steps that stay on
    a placement with that gap list form a graph holding every such placement and no
    other. The second searches that graph for the building order (2 and 3), with the
    state grown by the last fuller week, which is all the week distances look back at.
    Both orders are made additive like the gaps: a fuller last week costs more than
    any sum of week distances, and a distance of d weeks costs base**(weeks - d) with
    more than ``weeks - 1`` as base, so one shorter distance outweighs all the rest.
    Walking forward and taking the first optimal next day yields the earliest dates.
    """
    if count == 0:
        return ()
    search = _Search(candidates, weeks, count)
    best_gaps = search.best_gap_cost()
    if best_gaps is None:
        return None
    per_week, week_of = search.per_week, search.week_of
    week_base = max(weeks, 2)
    distance_price = [week_base ** (weeks - distance) for distance in range(weeks + 1)]
    fuller_last_week = week_base**weeks
    evenest: dict[_State, list[_State | None]] = {}

    def steps(state: _State) -> list[_State | None]:
        if state not in evenest:
            evenest[state] = search.evenest_steps(state)
        return evenest[state]

    def building_price(state: _State, step: _State | None, last_full: int) -> tuple[int, int]:
        """What taking ``step`` adds to the building order, and the last fuller week after."""
        last, in_week, _ = state
        if step is not None and step[1] > 1:
            return 0, last_full  # the week goes on
        week = week_of[last]
        if in_week <= per_week:
            return 0, last_full  # a week with the smaller count closes
        price = distance_price[week - last_full] if last_full >= 0 else 0
        if step is None and week == weeks - 1:
            price += fuller_last_week
        return price, week

    least: dict[tuple[_State, int], int] = {}

    def building_cost_to_finish(state: _State, last_full: int) -> int:
        key = (state, last_full)
        if key not in least:
            costs = []
            for step in steps(state):
                price, full_after = building_price(state, step, last_full)
                rest = 0 if step is None else building_cost_to_finish(step, full_after)
                costs.append(price + rest)
            least[key] = min(costs)  # a state on an evenest placement always has a step
        return least[key]

    openings = [s for s in search.openings if search.gap_cost_to_finish(s) == best_gaps]
    remaining = min(building_cost_to_finish(s, -1) for s in openings)
    state: _State | None = next(s for s in openings if building_cost_to_finish(s, -1) == remaining)
    last_full = -1
    placement: list[int] = []
    while state is not None:
        placement.append(candidates[state[0]])
        for step in steps(state):
            price, full_after = building_price(state, step, last_full)
            rest = 0 if step is None else building_cost_to_finish(step, full_after)
            if price + rest == remaining:
                state, last_full, remaining = step, full_after, rest
                break
    return tuple(placement)
