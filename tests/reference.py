"""Reference implementations: slow, obvious readings of the rulebook that the fast code is
checked against (the template search before it was made fast, the rulebook's order of
placements, a week's aerobic share counted by hand). Nothing here is used by the product."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import combinations_with_replacement, pairwise, permutations

from planner.scheduling import BlockRequest


def rulebook_order(placement: tuple[int, ...], weeks: int) -> tuple[object, ...]:
    """Smaller is better: the sorted gaps largest first; then a lighter last week; then
    the fuller weeks' sorted distances largest first; then the earliest dates.

    For a placement keeping rule 2 (every week holds floor(N/W) or ceil(N/W) runs)."""
    runs = len(placement)
    per_week = Counter(d // 7 for d in placement)
    fuller = [w for w in range(weeks) if per_week[w] > runs // weeks]
    gaps = sorted(b - a for a, b in pairwise(placement))
    distances = sorted(b - a for a, b in pairwise(fuller))
    return (
        [-gap for gap in gaps],
        weeks - 1 in fuller,
        [-distance for distance in distances],
        placement,
    )


def week_share(request: BlockRequest, chosen: Sequence[int]) -> float:
    """Aerobic share of a week of the request holding these templates (by index)."""
    templates = request.progressions
    easy_days = len(request.run_days) - (request.long is not None) - len(chosen)
    aerobic = sum(templates[i].aerobic_minutes for i in chosen)
    minutes = sum(templates[i].total_minutes for i in chosen)
    aerobic += easy_days * request.easy.aerobic_minutes
    minutes += easy_days * request.easy.total_minutes
    if request.long is not None:
        aerobic += request.long.aerobic_minutes
        minutes += request.long.total_minutes
    return aerobic / minutes if minutes > 0 else 1.0


def reference_template_order(
    request: BlockRequest, week_counts: Sequence[int]
) -> tuple[int, ...] | None:
    """The templates plan_block chose before its search was made fast: the slow search,
    where a week passes when its aerobic share keeps the request's floor."""

    def passes(chosen: Sequence[int]) -> bool:
        return week_share(request, chosen) >= request.aerobic_floor - 1e-9

    return slow_template_order(week_counts, len(request.progressions), passes)


def slow_template_order(
    week_counts: Sequence[int], kinds: int, passes: Callable[[tuple[int, ...]], bool]
) -> tuple[int, ...] | None:
    """The template search before it was made fast: every week's passing choices (sorted
    template indexes), a programme over (week, uses so far) with no bound passed down,
    None when none fits. The rotation itself when every week of it passes."""
    total = sum(week_counts)
    rotation = tuple(i % kinds for i in range(total))
    slots, taken = [], 0
    for count in week_counts:
        slots.append(rotation[taken : taken + count])
        taken += count
    if all(passes(tuple(sorted(in_week))) for in_week in slots):
        return rotation
    fewest_uses, most_uses = total // kinds, -(-total // kinds)
    options = []
    for in_week in slots:
        choices = []
        for chosen in combinations_with_replacement(range(kinds), len(in_week)):
            if passes(chosen):
                changes, arranged = min(
                    (sum(a != b for a, b in zip(p, in_week, strict=True)), p)
                    for p in set(permutations(chosen))
                )
                choices.append((changes, arranged, Counter(chosen)))
        options.append(choices)

    memo: dict[tuple[int, tuple[int, ...]], int | None] = {}

    def to_finish(week: int, used: tuple[int, ...]) -> int | None:
        if any(u > most_uses for u in used):
            return None
        if week == len(options):
            return 0 if all(u >= fewest_uses for u in used) else None
        if (week, used) not in memo:
            best = None
            for changes, _, added in options[week]:
                rest = to_finish(week + 1, tuple(u + added[i] for i, u in enumerate(used)))
                if rest is not None and (best is None or changes + rest < best):
                    best = changes + rest
            memo[week, used] = best
        return memo[week, used]

    used = (0,) * kinds
    remaining = to_finish(0, used)
    if remaining is None:
        return None
    assignment: list[int] = []
    for week, choices in enumerate(options):
        fitting = []
        for changes, arranged, added in choices:
            after = tuple(u + added[i] for i, u in enumerate(used))
            rest = to_finish(week + 1, after)
            if rest is not None and changes + rest == remaining:
                fitting.append((arranged, after, rest))
        arranged, used, remaining = min(fitting)
        assignment.extend(arranged)
    return tuple(assignment)
