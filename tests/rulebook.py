"""The rulebook as data for tests that need no database: the shipped templates segment by
segment, and the article's block as the pure scheduler sees it (workouts as aerobic and
hard minutes, a request from Monday 2 March 2026)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from planner.resolution import SegmentSpec
from planner.rules import Workout
from planner.scheduling import BlockPlan, BlockRequest
from planner.units import METRES_PER_MILE

TWO_MILES = 2 * METRES_PER_MILE
TEN_MINUTES_PER_MILE_IN_S_PER_KM = 600 / 1.609344
FIFTHS = "Fifths with fast finish (10 miles)"
OUT_AND_BACK = "Out and back (45 minutes)"
STEADY_40_FAST_10 = "Steady 40 + fast 10"

# The rulebook's table of shipped templates, segment by segment.
RULEBOOK_TEMPLATES: dict[str, list[SegmentSpec]] = {
    "Easy run": [SegmentSpec("duration", duration_s=40 * 60, pace_anchor="easy")],
    "Long run": [SegmentSpec("duration", duration_s=75 * 60, pace_anchor="easy")],
    STEADY_40_FAST_10: [
        SegmentSpec("duration", duration_s=40 * 60, pace_anchor="ten_k", offset_s=60),
        SegmentSpec("duration", duration_s=10 * 60, pace_anchor="ten_k"),
    ],
    FIFTHS: [
        SegmentSpec("distance", distance_m=TWO_MILES, pace_anchor="ten_k", offset_s=offset)
        for offset in (60, 45, 30, 15, 0)
    ],
    OUT_AND_BACK: [
        SegmentSpec("duration", duration_s=25 * 60, pace_anchor="easy"),
        SegmentSpec(
            "same_distance", same_as=1, pace_anchor="segment", pace_segment=1, offset_s=-90
        ),
    ],
}


def rulebook_template(name: str) -> list[SegmentSpec]:
    return list(RULEBOOK_TEMPLATES[name])


# The article's block as the pure scheduler sees it: workouts as aerobic and hard minutes.
PLAN_MONDAY = date(2026, 3, 2)
ARTICLE_RUN_DAYS = frozenset({0, 1, 3, 5, 6})  # Mon, Tue, Thu, Sat, Sun
EASY_WORKOUT = Workout("Easy run", "easy", 40, 0)
LONG_WORKOUT = Workout("Long run", "long", 75, 0)
STEADY_WORKOUT = Workout(STEADY_40_FAST_10, "progression", 40, 10)


def make_block_request(**overrides: Any) -> BlockRequest:
    request = BlockRequest(
        start=PLAN_MONDAY,
        run_days=ARTICLE_RUN_DAYS,
        easy=EASY_WORKOUT,
        progressions=(STEADY_WORKOUT,),
        long=LONG_WORKOUT,
        long_run_day=6,
    )
    return replace(request, **overrides)


# Nothing hard: the floor never binds, which shows where rule 2 alone puts the runs.
EASY_PROGRESSION = Workout("Steady", "progression", 50, 0)


def weekly_counts(plan: BlockPlan) -> list[int]:
    return [week.progression_count for week in plan.weeks]
