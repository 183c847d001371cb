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

# A bound no budget reaches: no assignment finishes from that state.
_NEVER = 1 << 30


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
    """The fewest changes to the rotation, found by a programme over (week, uses so far).

    Exact: a week's changes depend only on which templates it holds (put against its
    rotation slots as well as they can be), and what remains possible only on the uses
    per template so far, so the programme covers every assignment. It runs under a budget
    of changes raised only when proven too small (iterative deepening); a state remembers
    its exact cost once found, or the lower bound it was proven to need, so no pass
    searches it twice for nothing. Lower bounds (``_lower_bound``) keep the states few.
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
        self.patterns = patterns
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
        self.prices = [0.0] * kinds
        self.priced_after = [0.0] * (weeks + 1)
        self.by_price = list(range(kinds))
        if self.least_after[0] < _NEVER:
            self._set_prices()

        self.exact: dict[tuple[int, int], int] = {}
        self.bound: dict[tuple[int, int], int] = {}

    def _most_worth(self, uses: Sequence[int], runs: int, worth: Sequence[float],
                    by_worth: Sequence[int]) -> tuple[float, list[int]] | None:
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

    def _set_prices(self) -> None:
        """Prices per use of each template for the relaxed bound of ``_lower_bound``.

        For any prices p, every assignment from a state costs at least the sum, over the
        weeks left, of each week's cheapest (changes + p x uses) less the most p x uses
        the remaining runs can have (a Lagrangian relaxation of the even shares). Any
        prices give a true bound; a few subgradient steps at the start make it tight.
        """
        kinds, weeks = self.kinds, self.weeks
        counts: dict[tuple[int, ...], int] = {}
        for slots in self.week_slots:
            counts[slots] = counts.get(slots, 0) + 1
        total = self.runs_after[0]
        prices = [0.0] * kinds
        best_value, best_prices = -math.inf, prices
        for step in range(12):
            value, uses = 0.0, [0] * kinds
            for slots, n in counts.items():
                cost, chosen = min(
                    (c + sum(prices[t] for t in chosen), chosen)
                    for c, _, chosen in self.patterns[slots]
                )
                value += n * cost
                for t in chosen:
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
            size = 1.0 / (norm * (1 + step) ** 0.5)
            prices = [p + size * g for p, g in zip(prices, gradient, strict=True)]
        self.prices = best_prices
        self.by_price = sorted(range(kinds), key=lambda t: -best_prices[t])
        for week in reversed(range(weeks)):
            self.priced_after[week] = self.priced_after[week + 1] + min(
                c + sum(best_prices[t] for t in chosen)
                for c, _, chosen in self.patterns[self.week_slots[week]]
            )

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
        relaxed = math.ceil(self.priced_after[week] - priced[0] - 1e-6)
        return max(over, short, self.least_after[week], relaxed)

    def cost(self, week: int, used: int, budget: int) -> int:
        """The fewest changes from `week` on if at most `budget`, else a bound above it."""
        key = (week, used)
        known = self.exact.get(key)
        if known is not None:
            return known
        bound = self.bound.get(key)
        if bound is None:
            bound = self._lower_bound(week, used)
            if bound == 0 and week == self.weeks:
                self.exact[key] = 0
                return 0
        if bound > budget:
            self.bound[key] = bound
            return bound
        best = _NEVER
        guard, past_most = self.top_bits, self.past_most
        least_next = self.least_after[week + 1]
        for changes, added in self.options[week]:
            limit = min(budget, best - 1)
            if changes + least_next > limit:
                best = min(best, changes + least_next)
                break
            after = used + added
            if (after + past_most) & guard:
                continue
            best = min(best, changes + self.cost(week + 1, after, limit - changes))
        if best <= budget:
            self.exact[key] = best
        else:
            self.bound[key] = best
        return best

    def best(self) -> tuple[int, ...] | None:
        budget = 0
        while True:
            remaining = self.cost(0, 0, budget)
            if remaining <= budget:
                break
            if remaining >= _NEVER:
                return None
            budget = remaining
        used = 0
        assignment: list[int] = []
        for week, slots in enumerate(self.week_slots):
            fitting = []
            for changes, added, chosen in self.patterns[slots]:
                if changes > remaining:
                    break
                after = used + added
                if (after + self.past_most) & self.top_bits:
                    continue
                rest = self.cost(week + 1, after, remaining - changes)
                if changes + rest == remaining:
                    fitting.append((_arranged(chosen, slots, changes), after, rest))
            order, used, remaining = min(fitting)
            assignment.extend(order)
        return tuple(assignment)


def _arranged(chosen: tuple[int, ...], slots: tuple[int, ...], changes: int) -> tuple[int, ...]:
    """The earliest order of `chosen` that changes only `changes` runs of `slots`."""
    return min(
        order
        for order in set(permutations(chosen))
        if sum(a != b for a, b in zip(order, slots, strict=True)) == changes
    )
