"""What a coach would want pointed out about a block, without refusing it.

The rules in ``planner.rules`` refuse a block; advice never does. Each note names
the week or the session it is about, in the words a coach would use
(docs/domain.md, "Advice"). Pure Python: weeks, numbers and dates in, notes out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from planner.formatting import day as format_day
from planner.formatting import duration as format_duration
from planner.formatting import pace as format_pace
from planner.formatting import percent
from planner.limits import SHARE_TOLERANCE
from planner.rules import WeekSummary
from planner.units import Unit

AdviceCode = Literal[
    "only_key_sessions",
    "progression_longer_than_long_run",
    "vdot_outside_tables",
    "first_week_jump",
    "easy_override_too_fast",
]

# Daniels' published tables run from VDOT 30 to 85; the formula goes on beyond them,
# but nobody has checked its paces there against runners.
TABLES_LOWEST_VDOT = 30.0
TABLES_HIGHEST_VDOT = 85.0
# The usual rule of thumb for building up: at most 10 % more running than last week.
LARGEST_WEEKLY_INCREASE = 0.10


@dataclass(frozen=True)
class Advice:
    """One note for the coach.

    ``week`` is the 0-based week it is about, as in ``rules.Violation`` (``None`` for
    the whole block); ``day`` is the session it is about, when it is about one.
    """

    code: AdviceCode
    message: str
    week: int | None
    day: dt.date | None


def only_key_sessions(weeks: Sequence[WeekSummary]) -> tuple[Advice, ...]:
    """Weeks in which every run is a key session: no easy day to recover on.

    Said without a share: the floor is counted by minutes (rule 1), and a week that
    keeps it is never called "below the floor" by another measure.
    """
    notes = []
    for week in weeks:
        total = len(week.sessions)
        if not total or len(week.key_sessions) < total:
            continue
        progressions = len(week.progression_runs)
        longs = total - progressions
        parts = []
        if progressions:
            parts.append(f"{progressions} progression run{'s' if progressions != 1 else ''}")
        if longs:
            parts.append("the long run" if longs == 1 else f"{longs} long runs")
        notes.append(
            Advice(
                code="only_key_sessions",
                message=(
                    f"Week {week.number} has no easy run: "
                    f"{'its one run is' if total == 1 else f'all {total} of its runs are'} "
                    f"key sessions ({' and '.join(parts)}). An easy day instead of a key "
                    "session would give the runner more recovery."
                ),
                week=week.index,
                day=None,
            )
        )
    return tuple(notes)


def progressions_longer_than_long_run(weeks: Sequence[WeekSummary]) -> tuple[Advice, ...]:
    """Progression runs that last longer than the long run of their week."""
    notes = []
    for week in weeks:
        long_runs = [s for s in week.sessions if s.workout.kind == "long"]
        if not long_runs:
            continue
        longest = max(long_runs, key=lambda session: session.workout.total_minutes)
        long_seconds = longest.workout.total_minutes * 60
        for run in week.progression_runs:
            run_seconds = run.workout.total_minutes * 60
            # Compared as shown, to the second: a run that reads as long as the long
            # run is not pointed out as longer.
            if round(run_seconds) <= round(long_seconds):
                continue
            notes.append(
                Advice(
                    code="progression_longer_than_long_run",
                    message=(
                        f"The progression run on {format_day(run.date)} "
                        f"({format_duration(run_seconds)}) is longer than week "
                        f"{week.number}'s long run on {format_day(longest.date)} "
                        f"({format_duration(long_seconds)}); shorten the progression run "
                        "or lengthen the long run."
                    ),
                    week=week.index,
                    day=run.date,
                )
            )
    return tuple(notes)


def vdot_outside_tables(vdot: float) -> Advice | None:
    """A note when the race lies beyond Daniels' tables, so its paces are extrapolated."""
    if TABLES_LOWEST_VDOT <= vdot <= TABLES_HIGHEST_VDOT:
        return None
    # Rounded away from the tables, so VDOT 29.96 never reads as the 30.0 it is not.
    if vdot < TABLES_LOWEST_VDOT:
        shown, side = math.floor(vdot * 10) / 10, "below"
    else:
        shown, side = math.ceil(vdot * 10) / 10, "above"
    return Advice(
        code="vdot_outside_tables",
        message=(
            f"The race result works out at VDOT {shown:.1f}, {side} Daniels' tables "
            f"({TABLES_LOWEST_VDOT:.0f} to {TABLES_HIGHEST_VDOT:.0f}): the paces are "
            "extrapolated, so check them against how the runner's runs feel."
        ),
        week=None,
        day=None,
    )


def first_week_jump(
    weeks: Sequence[WeekSummary], previous_week_minutes: float | None
) -> Advice | None:
    """A note when week 1 has over 10 % more minutes than the runner's previous week."""
    if previous_week_minutes is None or not weeks:
        return None
    if not (math.isfinite(previous_week_minutes) and previous_week_minutes >= 0):
        raise ValueError(f"{previous_week_minutes} is not a number of minutes.")
    first = weeks[0]
    planned = first.planned_minutes
    # Under half a minute reads as "0 min", and a rise from it as no percentage at all.
    if previous_week_minutes < 0.5:
        if planned <= 0:
            return None
        rise = "after a week with no running"
    else:
        increase = planned / previous_week_minutes - 1
        if increase <= LARGEST_WEEKLY_INCREASE + SHARE_TOLERANCE:
            return None
        # Rounded up, so an increase just over 10 % never reads as "10%".
        shown = math.ceil(increase * 1000 - SHARE_TOLERANCE * 1000) / 1000
        rise = (
            f"{percent(shown, decimals=1)} more than the {_minutes(previous_week_minutes)} "
            "of the last week before it"
        )
    return Advice(
        code="first_week_jump",
        message=(
            f"Week {first.number} plans {_minutes(planned)} of running, {rise}; "
            f"runners build up safely by at most {percent(LARGEST_WEEKLY_INCREASE)} "
            "a week."
        ),
        week=first.index,
        day=None,
    )


def easy_override_too_fast(
    easy_s_per_km: float | None, marathon_s_per_km: float, unit: Unit
) -> Advice | None:
    """A note when the coach's easy pace is faster than marathon pace: every easy minute
    would then count as hard, and no week could keep the floor."""
    if easy_s_per_km is None or round(easy_s_per_km, 1) >= round(marathon_s_per_km, 1):
        return None
    return Advice(
        code="easy_override_too_fast",
        message=(
            f"The easy pace override, {format_pace(easy_s_per_km, unit)}, is faster than "
            f"the runner's marathon pace, {format_pace(marathon_s_per_km, unit)}: every "
            "easy minute would count as hard against the aerobic floor. "
            "Set an easy pace slower than marathon pace, or leave it empty to take it "
            "from the race."
        ),
        week=None,
        day=None,
    )


def advise(
    weeks: Sequence[WeekSummary],
    floor: float,
    vdot: float,
    previous_week_minutes: float | None = None,
) -> tuple[Advice, ...]:
    """Every note for a block: the race first, then week by week in calendar order.

    ``previous_week_minutes`` is the planned minutes of the last week of the runner's
    previous block, or ``None`` when there is none to compare with. ``floor`` is kept
    for the callers: no note is about the share, which the rules judge by minutes.
    """
    notes: list[Advice] = []
    race = vdot_outside_tables(vdot)
    if race is not None:
        notes.append(race)
    jump = first_week_jump(weeks, previous_week_minutes)
    if jump is not None:
        notes.append(jump)
    by_week = [*only_key_sessions(weeks), *progressions_longer_than_long_run(weeks)]
    # Stable sort: a week's own note first, then its sessions' notes in date order.
    notes += sorted(by_week, key=lambda note: (note.week or 0, note.day or dt.date.min))
    return tuple(notes)


def _minutes(minutes: float) -> str:
    # Half a minute goes up, like every rounded number the coach reads.
    return f"{math.floor(minutes + 0.5)} min"
