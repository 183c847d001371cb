"""Which progression template each run gets: the coach's rotation, changed only as far
as the floor needs. Pure Python, no Django.

``assign_templates`` knows nothing of minutes: the caller says which templates a week
may hold together (``passes``). Every week of a block has the same run days, easy run
and long run, so only its progression templates tell weeks apart, never their dates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations_with_replacement, permutations


def assign_templates(
    week_counts: Sequence[int], kinds: int, passes: Callable[[tuple[int, ...]], bool]
) -> tuple[int, ...] | None:
    """Template index for each progression run in date order, or None if none keeps the floor.

    The rotation (0, 1, 2, 0, ...) when every week passes with it. Otherwise the
    assignment that changes the fewest runs of the rotation, using each template within
    one time of every other, with every week passing; among those, the earliest in
    template order (smallest as a tuple). ``passes`` gets a week's templates sorted.

    Exact: a week's changes depend only on which templates it holds (put against its
    rotation slots as well as they can be), and what remains possible only on the uses
    per template so far, so a programme over (week, uses so far) covers every assignment.
    """
    total = sum(week_counts)
    rotation = tuple(i % kinds for i in range(total))
    week_slots: list[tuple[int, ...]] = []
    for count in week_counts:
        taken = sum(map(len, week_slots))
        week_slots.append(rotation[taken : taken + count])

    passing: dict[tuple[int, ...], bool] = {}

    def week_passes(chosen: tuple[int, ...]) -> bool:
        key = tuple(sorted(chosen))
        if key not in passing:
            passing[key] = passes(key)
        return passing[key]

    if all(week_passes(slots) for slots in week_slots):
        return rotation

    fewest_uses, most_uses = total // kinds, -(-total // kinds)
    # Uses per template are packed into one integer, a field of `width` bits each: adding
    # a week's templates is then one addition and "is any template past most_uses" one
    # mask test. The search visits many states; tuples made it several times slower.
    width = max(most_uses, *week_counts).bit_length() + 2
    top_bits = sum(1 << (width * i + width - 1) for i in range(kinds))
    past_most = sum(((1 << (width - 1)) - 1 - most_uses) << (width * i) for i in range(kinds))
    at_fewest = sum(((1 << (width - 1)) - fewest_uses) << (width * i) for i in range(kinds))

    # Per week, every template choice that passes, with its best arrangement (fewest
    # changes to the rotation, then earliest in template order), fewest first.
    week_options: list[list[tuple[int, tuple[int, ...], int]]] = []
    for slots in week_slots:
        options = []
        for chosen in combinations_with_replacement(range(kinds), len(slots)):
            if week_passes(chosen):
                changes, order = min(
                    (sum(a != b for a, b in zip(arranged, slots, strict=True)), arranged)
                    for arranged in set(permutations(chosen))
                )
                options.append((changes, order, sum(1 << (width * i) for i in chosen)))
        week_options.append(sorted(options))
    # No week can take fewer changes than its own best option: a bound that stops the
    # search early once a good assignment is known.
    least_after = [0] * (len(week_options) + 1)
    for week in reversed(range(len(week_options))):
        least_after[week] = least_after[week + 1] + min(
            (o[0] for o in week_options[week]), default=0
        )

    fewest_changes: dict[tuple[int, int], int | None] = {}

    def changes_to_finish(week: int, used: int) -> int | None:
        if week == len(week_options):
            return 0 if (used + at_fewest) & top_bits == top_bits else None
        if (week, used) not in fewest_changes:
            best: int | None = None
            for changes, _, added in week_options[week]:
                if best is not None and changes + least_after[week + 1] >= best:
                    break
                if (used + added + past_most) & top_bits:
                    continue
                rest = changes_to_finish(week + 1, used + added)
                if rest is not None and (best is None or changes + rest < best):
                    best = changes + rest
            fewest_changes[week, used] = best
        return fewest_changes[week, used]

    remaining = changes_to_finish(0, 0)
    if remaining is None:
        return None
    used = 0
    assignment: list[int] = []
    for week, options in enumerate(week_options):
        fitting = []
        for changes, order, added in options:
            if (used + added + past_most) & top_bits:
                continue
            rest = changes_to_finish(week + 1, used + added)
            if rest is not None and changes + rest == remaining:
                fitting.append((order, used + added, rest))
        order, used, remaining = min(fitting)
        assignment.extend(order)
    return tuple(assignment)
