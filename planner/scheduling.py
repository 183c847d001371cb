"""Training blocks: where the progression runs go. Pure Python, no Django.

``plan_block`` builds a block from a coach's request, exactly: among all placements
that keep the rules of ``planner.rules`` it returns the one whose smallest gap
between progression runs is largest, the same one every time. The rules' types and
checker are re-exported here, so callers need one import.

The runner's neighbouring blocks enter only through ``neighbour_key_days``: their key
sessions on the day before the first Monday or after the last Sunday.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations_with_replacement, pairwise
from typing import Literal

from planner.formatting import day as format_day
from planner.formatting import percent
from planner.formatting import weekday_name as _weekday_name
from planner.limits import (
    HIGHEST_FLOOR,
    LOWEST_FLOOR,
    MAX_PROGRESSION_RUNS,
    MAX_WEEKS,
    MIN_WEEKS,
    SHARE_TOLERANCE,
)
from planner.placement import place_progressions, progressions_fit
from planner.rotation_search import assign_templates
from planner.rules import (
    EASY_KINDS,
    EASY_OVERRIDE_CAUSE,
    PlannedSession,
    WeekSummary,
    Workout,
    check_block,
    share_of,
    summarize_weeks,
)
from planner.weekdays import WEEKDAY_NAMES, is_monday

# When the rotation misses the floor, the search for another order grows steeply with
# the number of templates: about 30 ms at six, seconds at ten. Six is more than a block
# of 24 runs can use well.
MAX_ROTATING_TEMPLATES = 6

RefusedRule = Literal["request", "progression_spacing", "aerobic_floor"]


@dataclass(frozen=True)
class BlockRequest:
    start: dt.date  # a Monday
    run_days: frozenset[int]  # 0 = Monday ... 6 = Sunday
    easy: Workout
    progressions: tuple[Workout, ...]  # rotated in date order; at least one
    long: Workout | None = None
    long_run_day: int | None = None  # one of run_days when given
    weeks: int = 4
    progression_runs: int = 6
    aerobic_floor: float = 0.80
    # Key sessions of the runner's neighbouring blocks (the day before the start or the
    # day after the end); the 48-hour rule holds across blocks too.
    neighbour_key_days: frozenset[dt.date] = frozenset()
    # Weekdays the coach allows progression runs on; None: any run day but the long run's.
    progression_days: frozenset[int] | None = None
    # The easy pace is the coach's override rather than the race's: when it is faster
    # than marathon pace, a refusal names it as the cause (every easy minute is hard).
    easy_pace_overridden: bool = False


@dataclass(frozen=True)
class BlockPlan:
    request: BlockRequest
    sessions: tuple[PlannedSession, ...]  # sorted by date
    weeks: tuple[WeekSummary, ...]

    @property
    def progression_dates(self) -> tuple[dt.date, ...]:
        return tuple(session.date for session in self.sessions if session.is_progression)

    @property
    def progression_count(self) -> int:
        return len(self.progression_dates)

    @property
    def fast_finish_minutes(self) -> float:
        """The block's extra high-quality stamina work: hard minutes of its progression runs."""
        return sum(
            session.workout.hard_minutes for session in self.sessions if session.is_progression
        )

    @property
    def progression_gaps(self) -> tuple[int, ...]:
        return tuple((later - earlier).days for earlier, later in pairwise(self.progression_dates))

    @property
    def smallest_progression_gap(self) -> int | None:
        return min(self.progression_gaps, default=None)


class SchedulingError(ValueError):
    """A request the rules cannot serve; the message says which rule and what would fix it.

    ``rule`` is "request" for a request no block could honour (a start that is not a
    Monday, a floor outside 70-80 %, ...), "progression_spacing" when the progression
    runs do not fit rule 2, "aerobic_floor" when no week arrangement meets the floor.
    """

    def __init__(self, message: str, rule: RefusedRule = "request") -> None:
        super().__init__(message)
        self.rule: RefusedRule = rule


# --- Planning ---------------------------------------------------------------------------


def validate_request(request: BlockRequest) -> None:
    """Refuse a request no block could honour, before any planning."""
    start, long_day = request.start, request.long_run_day
    if not is_monday(start):
        raise SchedulingError(
            f"A block starts on a Monday; {format_day(start)} is a "
            f"{WEEKDAY_NAMES[start.weekday()]}."
        )
    if not request.run_days:
        raise SchedulingError("Choose at least one run day.")
    if any(not isinstance(day, int) or not 0 <= day <= 6 for day in request.run_days):
        raise SchedulingError("Run days are weekdays, numbered 0 (Monday) to 6 (Sunday).")
    if request.long is not None and long_day is None:
        raise SchedulingError("Choose a long-run day for the long run, or leave the long run out.")
    if request.long is None and long_day is not None:
        raise SchedulingError(
            "Choose a long-run workout for the long-run day, or leave the day out."
        )
    if long_day is not None and long_day not in request.run_days:
        raise SchedulingError(
            f"The long-run day ({_weekday_name(long_day)}) must be one of the run days."
        )
    _validate_progression_days(request)
    if not MIN_WEEKS <= request.weeks <= MAX_WEEKS:
        raise SchedulingError(
            f"A block is {MIN_WEEKS} to {MAX_WEEKS} weeks long, not {request.weeks}."
        )
    if not 0 <= request.progression_runs <= MAX_PROGRESSION_RUNS:
        raise SchedulingError(
            f"Choose 0 to {MAX_PROGRESSION_RUNS} progression runs, not {request.progression_runs}."
        )
    floor = request.aerobic_floor
    if not LOWEST_FLOOR - SHARE_TOLERANCE <= floor <= HIGHEST_FLOOR + SHARE_TOLERANCE:
        raise SchedulingError(
            f"The aerobic floor is between {percent(LOWEST_FLOOR)} and "
            f"{percent(HIGHEST_FLOOR)}, not {percent(floor)}."
        )
    if not request.progressions:
        raise SchedulingError("Choose at least one progression template.")
    if len(request.progressions) > MAX_ROTATING_TEMPLATES:
        raise SchedulingError(
            f"Rotate at most {MAX_ROTATING_TEMPLATES} progression templates in one block, "
            f"not {len(request.progressions)}."
        )
    if request.long is not None and long_day is not None:
        first_long = start + dt.timedelta(days=long_day)
        last_long = first_long + dt.timedelta(weeks=request.weeks - 1)
        for neighbour in sorted(request.neighbour_key_days):
            for long_run in (first_long, last_long):
                if abs((long_run - neighbour).days) == 1:
                    raise SchedulingError(
                        f"The long run on {format_day(long_run)} would be next to the key "
                        f"session on {format_day(neighbour)} in the runner's other block; "
                        "choose another long-run day or move that session.",
                        rule="progression_spacing",
                    )
    if request.easy.kind not in EASY_KINDS:
        raise SchedulingError(f"The easy workout '{request.easy.name}' is not an easy run.")
    if request.long is not None and request.long.kind != "long":
        raise SchedulingError(f"The long-run workout '{request.long.name}' is not a long run.")
    for template in request.progressions:
        if template.kind != "progression":
            raise SchedulingError(f"'{template.name}' is not a progression run.")
    for workout in (request.easy, request.long, *request.progressions):
        if workout is not None and not all(
            math.isfinite(minutes) and minutes >= 0
            for minutes in (workout.aerobic_minutes, workout.hard_minutes)
        ):
            raise SchedulingError(f"'{workout.name}' needs zero or more minutes in each zone.")


def _validate_progression_days(request: BlockRequest) -> None:
    chosen = request.progression_days
    if chosen is None:
        return
    if any(not isinstance(day, int) or not 0 <= day <= 6 for day in chosen):
        raise SchedulingError("Progression days are weekdays, numbered 0 (Monday) to 6 (Sunday).")
    if not chosen:
        raise SchedulingError(
            "Choose at least one progression day, or leave them out to allow every run day."
        )
    not_run_days = sorted(chosen - request.run_days)
    if not_run_days:
        names = _list_weekdays(not_run_days)
        raise SchedulingError(
            f"Progression days must be run days; {names} "
            f"{'is not one' if len(not_run_days) == 1 else 'are not'}: add "
            f"{'it' if len(not_run_days) == 1 else 'them'} to the run days or drop "
            f"{'it' if len(not_run_days) == 1 else 'them'} from the progression days."
        )
    if request.long_run_day in chosen:
        raise SchedulingError(
            f"The long-run day ({_weekday_name(request.long_run_day)}) cannot be a progression "
            "day: drop it from the progression days or choose another long-run day."
        )


def _list_weekdays(days: Iterable[int]) -> str:
    """'Tuesday', 'Tuesday and Thursday', 'Monday, Tuesday and Thursday'."""
    names = [_weekday_name(day) for day in sorted(days)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def plan_block(request: BlockRequest) -> BlockPlan:
    """One session on every run day of every week, progression runs where rule 2 puts them.

    Placement is exact, not a heuristic: among all placements that keep rules 1 and 2
    (each week holds floor(N/W) or ceil(N/W) progression runs, none on the long-run day,
    no key sessions on consecutive days, every week at or above the floor) it returns one
    whose gaps between consecutive progression runs, sorted smallest first, are
    lexicographically largest: the smallest gap is as large as it can be, then the next
    smallest, and so on. Placements with the same gaps are broken by the earliest dates.
    See ``planner.placement`` for why the search is exact.

    Every week has the same run days, easy run and long run, so whether a week meets the
    floor depends only on which progression templates it holds, never on their dates.
    The dates are therefore searched on rule 2 alone and the templates assigned after;
    a block the floor rules out is refused whatever the dates.

    Templates rotate in date order (p0, p1, p2, p0, ...). When that rotation would leave
    a week below the floor, ``_assign_templates`` changes as few runs of it as possible,
    still using each template a number of times within one of the others.
    """
    validate_request(request)
    candidates = _progression_candidates(request)
    days = place_progressions(candidates, request.weeks, request.progression_runs)
    if days is None:
        raise _spacing_refusal(request, candidates)
    week_counts = [0] * request.weeks
    for day in days:
        week_counts[day // 7] += 1
    order = _assign_templates(request, week_counts)
    planned = dict(zip(days, (request.progressions[i] for i in order), strict=True))

    sessions: list[PlannedSession] = []
    for day in range(7 * request.weeks):
        weekday = day % 7
        if weekday not in request.run_days:
            continue
        workout = planned.get(day, request.easy)
        if weekday == request.long_run_day and request.long is not None:
            workout = request.long
        sessions.append(PlannedSession(request.start + dt.timedelta(days=day), workout))

    violations = check_block(
        request.start,
        request.weeks,
        sessions,
        request.aerobic_floor,
        request.long_run_day,
        request.neighbour_key_days,
    )
    if violations:  # a planner bug, never the coach's fault; not an `assert`, which -O drops
        raise AssertionError("; ".join(v.message for v in violations))
    return BlockPlan(
        request=request,
        sessions=tuple(sessions),
        weeks=summarize_weeks(request.start, request.weeks, sessions),
    )


def _progression_candidates(request: BlockRequest) -> list[int]:
    """Day offsets where a progression run may go.

    A run day (a progression day when the coach chose them), not the long-run day, not
    next to a long run or to a neighbouring block's key session.
    """
    total_days = 7 * request.weeks
    long_day = request.long_run_day
    outside = {(day - request.start).days for day in request.neighbour_key_days}
    allowed = request.run_days if request.progression_days is None else request.progression_days

    def is_key_already(day: int) -> bool:
        if 0 <= day < total_days:
            return day % 7 == long_day
        return day in outside

    return [
        day
        for day in range(total_days)
        if day % 7 in allowed
        and day % 7 != long_day
        and not is_key_already(day - 1)
        and not is_key_already(day + 1)
    ]


def _spacing_refusal(request: BlockRequest, candidates: Sequence[int]) -> SchedulingError:
    # Feasibility is monotone in the count (drop a run from a fullest week and the rest
    # still fits), so a binary search finds the most that fit.
    fewest, most = 0, request.progression_runs - 1
    while fewest < most:
        middle = (fewest + most + 1) // 2
        if not progressions_fit(candidates, request.weeks, middle):
            most = middle - 1
        else:
            fewest = middle
    long_rule = ", none on the long-run day" if request.long_run_day is not None else ""
    why = f"one session per run day{long_rule}, 48 hours between key sessions"
    days, fix = "these run days", "add a run day"
    if request.progression_days is not None:
        days = "these run days and progression days"
        why += f", progression runs only on {_list_weekdays(request.progression_days)}"
        anywhere = _progression_candidates(replace(request, progression_days=None))
        if progressions_fit(anywhere, request.weeks, most + 1):
            fix = "allow another progression day"
    weeks = f"{request.weeks} week{'s' if request.weeks != 1 else ''}"
    if most == 0:
        message = f"No progression runs fit in {weeks} with {days} ({why}); {fix} or choose 0."
    else:
        runs = "run fits" if most == 1 else "runs fit"
        message = (
            f"Only {most} progression {runs} in {weeks} with {days} ({why}); "
            f"choose at most {most}, or {fix}."
        )
    return SchedulingError(message, rule="progression_spacing")


# --- Templates and the floor -------------------------------------------------------------


def _week_share(request: BlockRequest, progressions: Iterable[Workout]) -> float:
    """Aerobic share of any week of the block holding these progression runs.

    Every week has the same run days, long run and easy run, so only its progression
    runs tell weeks apart: this is why the floor never depends on where in a week, or
    in which week, the runs fall.
    """
    aerobic = total = 0.0
    easy_days = len(request.run_days) - (request.long is not None)
    for workout in progressions:
        aerobic += workout.aerobic_minutes
        total += workout.total_minutes
        easy_days -= 1
    aerobic += easy_days * request.easy.aerobic_minutes
    total += easy_days * request.easy.total_minutes
    if request.long is not None:
        aerobic += request.long.aerobic_minutes
        total += request.long.total_minutes
    return share_of(aerobic, total)


def _assign_templates(request: BlockRequest, week_counts: Sequence[int]) -> tuple[int, ...]:
    """Template index for each progression run in date order (see ``assign_templates``).

    Raises SchedulingError when no assignment keeps every week at or above the floor.
    """
    templates, floor = request.progressions, request.aerobic_floor

    def passes(chosen: tuple[int, ...]) -> bool:
        return _week_share(request, (templates[i] for i in chosen)) >= floor - SHARE_TOLERANCE

    # A week passes when its aerobic minutes minus the floor times its minutes is not
    # negative: each template adds its own share of that, which guides the search.
    gains = [t.aerobic_minutes - floor * t.total_minutes for t in templates]
    order = assign_templates(week_counts, len(templates), passes, gains)
    if order is None:
        raise _floor_refusal(request, week_counts)
    return order


def _floor_refusal(request: BlockRequest, week_counts: Sequence[int]) -> SchedulingError:
    floor, templates, long = request.aerobic_floor, request.progressions, request.long
    for week, count in enumerate(week_counts):
        best = max(
            _week_share(request, (templates[i] for i in chosen))
            for chosen in combinations_with_replacement(range(len(templates)), count)
        )
        if best >= floor - SHARE_TOLERANCE:
            continue
        if request.easy_pace_overridden and request.easy.hard_minutes > 0:
            return SchedulingError(
                f"Week {week + 1} can be at most {percent(best)} aerobic by minutes, below "
                f"the {percent(floor)} floor, {EASY_OVERRIDE_CAUSE}",
                rule="aerobic_floor",
            )
        if count == 0 or _week_share(request, ()) < floor - SHARE_TOLERANCE:
            # Even a week without progression runs misses the floor: blame what fills it.
            hard_long = long is not None and long.hard_minutes > 0
            if hard_long and request.easy.hard_minutes > 0:
                cause, fix = "with these easy and long runs", "choose lighter easy and long runs"
            elif hard_long:
                cause, fix = "with this long run", "choose a lighter long run"
            else:
                cause, fix = "with this easy run", "choose a lighter easy run"
        else:
            cause = f"with {count} progression run{'s' if count > 1 else ''} in it"
            fix = "choose fewer progression runs or a lighter progression template"
        if best >= LOWEST_FLOOR - SHARE_TOLERANCE:
            fix += ", or lower the floor"
        return SchedulingError(
            f"Week {week + 1} can be at most {percent(best)} aerobic by minutes {cause}, "
            f"below the {percent(floor)} floor: {fix}.",
            rule="aerobic_floor",
        )
    return SchedulingError(
        "The progression templates cannot be shared out evenly with every week at or above "
        f"the {percent(floor)} floor: choose a lighter template, fewer progression "
        "runs, or a lower floor.",
        rule="aerobic_floor",
    )
