"""Which progression template each run gets: the coach's rotation, changed only as far
as the floor needs. Pure Python, no Django.

``assign_templates`` knows nothing of minutes: the caller says which templates a week
may hold together (``passes``). Every week of a block has the same run days, easy run
and long run, so only its progression templates tell weeks apart, never their dates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import combinations_with_replacement, permutations
from operator import add
from typing import TypeVar

# A bound no budget reaches: no assignment finishes from that state.
_NEVER = 1 << 30
_PRICE_STEPS = 40
_Value = TypeVar("_Value", int, float)


def assign_templates(
    week_counts: Sequence[int],
    kinds: int,
    passes: Callable[[tuple[int, ...]], bool],
    gains: Sequence[float] | None = None,
) -> tuple[int, ...] | None:
    """Template index for each progression run in date order, or None if none keeps the floor.

    The rotation (0, 1, 2, 0, ...) when every week passes with it. Otherwise the
    assignment that changes the fewest runs of the rotation, using each template within
    one time of every other, with every week passing; among those, the earliest in
    template order (smallest as a tuple). ``passes`` gets a week's templates sorted.

    ``gains`` (optional) weighs each template, the more the likelier a week holding it
    passes (for the floor: aerobic minus floor times total minutes). Any weights keep the
    answer exact; good ones only let the search prove sooner that a state leads nowhere.
    """
    total = sum(week_counts)
    rotation = tuple(i % kinds for i in range(total))
    week_slots: list[tuple[int, ...]] = []
    taken = 0
    for count in week_counts:
        week_slots.append(rotation[taken : taken + count])
        taken += count

    passing: dict[tuple[int, ...], bool] = {}

    def week_passes(chosen: tuple[int, ...]) -> bool:
        key = tuple(sorted(chosen))
        if key not in passing:
            passing[key] = passes(key)
        return passing[key]

    if all(week_passes(slots) for slots in week_slots):
        return rotation
    weights = tuple(gains) if gains is not None else (0.0,) * kinds
    return _Search(week_slots, kinds, week_passes, weights).best()


class _Search:
    """The fewest changes to the rotation, found by a search over (week, uses so far).

    Exact: a week's changes depend only on which templates it holds (put against its
    rotation slots as well as they can be), and what remains possible only on the uses
    per template so far, so these states cover every assignment. The search asks "does
    some assignment finish within this budget of changes?" with the budget raised only
    when proven too small (iterative deepening): the first budget that fits is the
    fewest. A state remembers the budget it fitted in and the lower bound it was proven
    to need, so no question is searched twice. The lower bounds (``_lower_bound``) are
    proven, never guessed, so they only cut states that cannot fit; they also prove a
    refusal at once when no assignment keeps the floor.
    """

    def __init__(
        self,
        week_slots: list[tuple[int, ...]],
        kinds: int,
        week_passes: Callable[[tuple[int, ...]], bool],
        gains: tuple[float, ...],
    ) -> None:
        self.kinds, self.gains, self.week_slots = kinds, gains, week_slots
        weeks = self.weeks = len(week_slots)
        total = sum(map(len, week_slots))
        self.fewest, self.most = total // kinds, -(-total // kinds)
        # Uses per template are packed into one integer, a field of `width` bits each:
        # adding a week's templates is one addition and "is any template past most_uses"
        # one mask test.
        width = max(self.most, *map(len, week_slots)).bit_length() + 2
        self.width, self.field = width, (1 << width) - 1
        self.top_bits = sum(1 << (width * i + width - 1) for i in range(kinds))
        self.past_most = sum(
            ((1 << (width - 1)) - 1 - self.most) << (width * i) for i in range(kinds)
        )

        # Per count, every template choice that passes, and the least gain among them:
        # every week that passes gains at least that much by construction, so the
        # weights need not describe `passes` exactly for the bound to hold.
        choices: dict[int, list[tuple[int, ...]]] = {}
        least_gain: dict[int, float] = {}
        for count in set(map(len, week_slots)):
            choices[count] = [
                chosen
                for chosen in combinations_with_replacement(range(kinds), count)
                if week_passes(chosen)
            ]
            least_gain[count] = min(
                (sum(gains[t] for t in chosen) for chosen in choices[count]), default=0.0
            )

        # Weeks with the same rotation slots have the same choices: one list per pattern,
        # each choice as (changes to the rotation, packed uses, templates), fewest first.
        patterns: dict[tuple[int, ...], list[tuple[int, int, tuple[int, ...]]]] = {}
        for slots in week_slots:
            if slots not in patterns:
                in_slots = [(t, slots.count(t)) for t in set(slots)]
                patterns[slots] = sorted(
                    (
                        len(slots) - sum(min(chosen.count(t), n) for t, n in in_slots),
                        sum(1 << (width * t) for t in chosen),
                        chosen,
                    )
                    for chosen in choices[len(slots)]
                )
        self.patterns, self.choices = patterns, choices
        # The same per pattern in the order of `choices`, and each choice's templates by
        # position: with them, a value per choice is a few C-level maps (``_per_choice``).
        self.aligned: dict[tuple[int, ...], list[int]] = {}
        for slots, listed in patterns.items():
            of = {chosen: n for n, _, chosen in listed}
            self.aligned[slots] = [of[chosen] for chosen in choices[len(slots)]]
        self.columns = {count: list(zip(*listed, strict=True)) for count, listed in choices.items()}
        self.options = [[option[:2] for option in patterns[slots]] for slots in week_slots]

        # From each week on: the least changes the weeks need one by one, the rotation's
        # uses per template, the least gain the weeks need, and how many runs remain.
        self.least_after = [0] * (weeks + 1)
        self.rotation_after = [[0] * kinds for _ in range(weeks + 1)]
        self.gain_after = [0.0] * (weeks + 1)
        self.runs_after = [0] * (weeks + 1)
        for week in reversed(range(weeks)):
            slots, options = week_slots[week], self.options[week]
            self.least_after[week] = self.least_after[week + 1] + (
                options[0][0] if options else _NEVER
            )
            self.rotation_after[week] = list(self.rotation_after[week + 1])
            for template in slots:
                self.rotation_after[week][template] += 1
            self.gain_after[week] = self.gain_after[week + 1] + least_gain[len(slots)]
            self.runs_after[week] = self.runs_after[week + 1] + len(slots)
        # Float sums in another order differ by far less than this; the gain bound only
        # refuses a state short by more, so rounding never refuses a true assignment.
        self.rounding = 1e-9 * (1.0 + total * max(map(abs, gains), default=0.0))
        self.by_gain = sorted(range(kinds), key=lambda t: -gains[t])
        # The programme seen along a few directions of uses; see ``_project``.
        self.projections: list[tuple[list[int], list[dict[int, int]]]] = []
        self.prices, self.by_price = [0.0] * kinds, list(range(kinds))
        self.priced_after = [0.0] * (weeks + 1)
        self.price_rounding = 1e-6
        if self.least_after[0] < _NEVER:
            directions = [
                [int(t in self.by_gain[:cut]) for t in range(kinds)] for cut in range(2, kinds - 1)
            ]
            prices = self.prices = self._prices()
            self.by_price = sorted(range(kinds), key=lambda t: -prices[t])
            for week in reversed(range(weeks)):
                priced = self._per_choice(len(week_slots[week]), prices)
                worth = map(add, self.aligned[week_slots[week]], priced)
                self.priced_after[week] = self.priced_after[week + 1] + min(worth)
            # Costs are whole changes, so the relaxed bound rounds up, short of float noise.
            self.price_rounding = 1e-6 * (1.0 + total * max(map(abs, prices), default=0.0))
            top = max(map(abs, prices), default=0.0)
            if top > 0:
                directions.append([round(p / top) for p in prices])
            for direction in directions:
                self.projections.append((direction, self._project(direction)))

        self.fits: dict[tuple[int, int], int] = {}
        self.bound: dict[tuple[int, int], int] = {}

    def _most_worth(
        self, uses: Sequence[int], runs: int, worth: Sequence[float], by_worth: Sequence[int]
    ) -> tuple[float, list[int]] | None:
        """The most `runs` more uses can be worth, each template ending within
        fewest..most uses, and how many go to each; None if they cannot end so."""
        fewest, most = self.fewest, self.most
        taken = [max(0, fewest - use) for use in uses]
        free = runs - sum(taken)
        if free < 0:
            return None
        for template in by_worth:
            if not free:
                break
            more = min(free, most - uses[template] - taken[template])
            taken[template] += more
            free -= more
        value = sum(n * worth[t] for t, n in enumerate(taken))
        return value, taken

    def _prices(self) -> list[float]:
        """Prices per use of each template under which the even shares cost most.

        For any prices p, an assignment costs at least the sum over weeks of each week's
        cheapest (changes + p x uses) less the most p x uses an even share can have (a
        Lagrangian relaxation). A few subgradient steps find prices that make this
        large; they only choose the direction ``_project`` looks along.
        """
        kinds, choices, changes = self.kinds, self.choices, self.aligned
        weeks_like: dict[tuple[int, ...], int] = {}
        for slots in self.week_slots:
            weeks_like[slots] = weeks_like.get(slots, 0) + 1
        total = self.runs_after[0]
        prices = [0.0] * kinds
        best_value, best_prices = -math.inf, prices
        for _ in range(_PRICE_STEPS):
            value, uses = 0.0, [0] * kinds
            priced = {count: self._per_choice(count, prices) for count in choices}
            for slots, n in weeks_like.items():
                worth = list(map(add, changes[slots], priced[len(slots)]))
                cheapest = min(worth)
                value += n * cheapest
                for t in choices[len(slots)][worth.index(cheapest)]:
                    uses[t] += n
            by_price = sorted(range(kinds), key=lambda t: -prices[t])
            most = self._most_worth([0] * kinds, total, prices, by_price)
            assert most is not None
            value -= most[0]
            if value > best_value:
                best_value, best_prices = value, list(prices)
            gradient = [u - y for u, y in zip(uses, most[1], strict=True)]
            norm = sum(g * g for g in gradient)
            if not norm:
                break
            size = max(0.05, math.floor(best_value + 1e-9) + 1 - value) / norm
            prices = [p + size * g for p, g in zip(prices, gradient, strict=True)]
        return best_prices

    def _per_choice(self, count: int, values: Sequence[_Value]) -> list[_Value]:
        """Per choice of `count` templates, in the order of `choices`, its values' sum."""
        columns = [map(values.__getitem__, column) for column in self.columns[count]]
        if not columns:  # a week without progression runs: its one choice adds nothing
            return [values[0] * 0] * len(self.choices[count])
        first, *rest = columns
        summed: list[_Value] = list(first)
        for column in rest:
            summed = list(map(add, summed, column))
        return summed

    def _project(self, direction: list[int]) -> list[dict[int, int]]:
        """The fewest changes from each week on, seen only along one direction of uses.

        Each week adds to the uses projected on `direction`; the even shares limit where
        the projection may end. The exact programme over (week, projected uses) is small
        and bounds the real one from below: every real assignment projects to one of it.
        Per week, a dict from projected uses so far to that least number of changes.
        """
        kinds, fewest = self.kinds, self.fewest
        extra = self.runs_after[0] - kinds * fewest
        ordered = sorted(direction)
        base = fewest * sum(direction)
        low, high = base + sum(ordered[:extra]), base + sum(ordered[kinds - extra :])
        reach = max(map(abs, direction)) * self.runs_after[0]
        steps = {count: self._per_choice(count, direction) for count in self.choices}
        profiles: dict[tuple[int, ...], dict[int, int]] = {}
        projected: list[dict[int, int]] = [{}] * (self.weeks + 1)
        projected[self.weeks] = dict.fromkeys(range(low, high + 1), 0)
        for week in reversed(range(self.weeks)):
            slots = self.week_slots[week]
            if slots not in profiles:
                profile: dict[int, int] = {}
                for changes, step in zip(self.aligned[slots], steps[len(slots)], strict=True):
                    if changes < profile.get(step, _NEVER):
                        profile[step] = changes
                profiles[slots] = profile
            here: dict[int, int] = {}
            for after, rest in projected[week + 1].items():
                for step, changes in profiles[slots].items():
                    value = after - step
                    if -reach <= value <= reach and changes + rest < here.get(value, _NEVER):
                        here[value] = changes + rest
            projected[week] = here
        return projected

    def _lower_bound(self, week: int, used: int) -> int:
        """Changes the weeks from `week` on need at least, _NEVER if none can finish."""
        uses = [(used >> (self.width * t)) & self.field for t in range(self.kinds)]
        fewest, most = self.fewest, self.most
        # Counts: every change moves one use from one template to another, so the rest
        # of the rotation, left as it is, needs a change per use over `most` and per use
        # short of `fewest`, whichever is more.
        over = short = 0
        for use, rotated in zip(uses, self.rotation_after[week], strict=True):
            after = use + rotated
            if after > most:
                over += after - most
            elif after < fewest:
                short += fewest - after
        if week == self.weeks:
            return _NEVER if short else 0
        runs = self.runs_after[week]
        # Gains: the weeks left gain at least gain_after[week] together; the most the
        # runs left can gain, each template's uses kept within fewest..most, must reach it.
        reach = self._most_worth(uses, runs, self.gains, self.by_gain)
        if reach is None or reach[0] < self.gain_after[week] - self.rounding:
            return _NEVER
        priced = self._most_worth(uses, runs, self.prices, self.by_price)
        assert priced is not None
        bound = max(over, short, self.least_after[week])
        bound = max(bound, math.ceil(self.priced_after[week] - priced[0] - self.price_rounding))
        for direction, projected in self.projections:
            along = sum(d * use for d, use in zip(direction, uses, strict=True))
            bound = max(bound, projected[week].get(along, _NEVER))
        return bound

    def _bound_of(self, week: int, used: int) -> int:
        """``_lower_bound``, remembered (or a stronger bound the search proved)."""
        bound = self.bound.get((week, used))
        if bound is None:
            bound = self.bound[week, used] = self._lower_bound(week, used)
        return bound

    def cost(self, week: int, used: int, budget: int) -> int:
        """Changes from `week` on: of some assignment, at most `budget`, if one fits in it
        (the first found, not always the fewest); else a lower bound above `budget`."""
        key = (week, used)
        fits = self.fits.get(key)
        if fits is not None and fits <= budget:
            return fits
        if week == self.weeks:
            return self._lower_bound(week, used)
        bound = self.bound.get(key)
        if bound is None:
            bound = self._lower_bound(week, used)
        if bound > budget:
            self.bound[key] = bound
            return bound
        least = _NEVER
        guard, past_most = self.top_bits, self.past_most
        least_next = self.least_after[week + 1]
        for changes, added in self.options[week]:
            if changes + least_next > budget:
                least = min(least, changes + least_next)
                break
            after = used + added
            if (after + past_most) & guard:
                continue
            rest = self.cost(week + 1, after, budget - changes)
            if rest <= budget - changes:
                self.fits[key] = changes + rest
                return changes + rest
            least = min(least, changes + rest)
        least = self.bound[key] = max(least, bound)
        return least

    def best(self) -> tuple[int, ...] | None:
        """The assignment ``assign_templates`` describes, or None if none exists."""
        budget = 0
        while True:
            remaining = self.cost(0, 0, budget)
            if remaining <= budget:
                break
            if remaining >= _NEVER:
                return None
            budget = remaining
        # Week by week, the earliest arrangement that still finishes in the fewest
        # changes: candidates are tried earliest first, so most are never searched.
        used = 0
        assignment: list[int] = []
        for week, slots in enumerate(self.week_slots):
            candidates = []
            for changes, added, chosen in self.patterns[slots]:
                if changes > remaining:
                    break
                after = used + added
                if (after + self.past_most) & self.top_bits:
                    continue
                if changes + self._bound_of(week + 1, after) <= remaining:
                    candidates.append((_arranged(chosen, slots, changes), after, changes))
            order, used, changes = next(
                (order, after, changes)
                for order, after, changes in sorted(candidates)
                if self.cost(week + 1, after, remaining - changes) <= remaining - changes
            )
            remaining -= changes
            assignment.extend(order)
        return tuple(assignment)


def _arranged(chosen: tuple[int, ...], slots: tuple[int, ...], changes: int) -> tuple[int, ...]:
    """The earliest order of `chosen` that changes only `changes` runs of `slots`."""
    return min(
        order
        for order in set(permutations(chosen))
        if sum(a != b for a, b in zip(order, slots, strict=True)) == changes
    )
