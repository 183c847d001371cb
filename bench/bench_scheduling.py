"""How long plan_block takes: median milliseconds over many runs. Reports, never judges.

Run: `python bench/bench_scheduling.py` (needs nothing but the standard library).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

# A plain `python bench/bench_scheduling.py` puts bench/ on the path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.rules import Workout, check_block
from planner.scheduling import BlockRequest, SchedulingError, plan_block
from tests.pure import ROTATING

RUNS = 200
SWEEP_RUNS = 3  # per request of the sweep: hundreds of requests, each timed briefly
MONDAY = dt.date(2026, 3, 2)
EASY = Workout("Easy run", "easy", 40, 0)
LONG = Workout("Long run", "long", 75, 0)
STEADY = Workout("Steady 40 + fast 10", "progression", 40, 10)
OUT_AND_BACK = Workout("Out and back (45 minutes)", "progression", 25, 21.25)

# The sweeps' hardest: templates that take many changes to share out evenly.
HEAVY = tuple(
    Workout(name, "progression", aerobic, hard)
    for name, (aerobic, hard) in zip(
        "ABCDEF", [(50, 40), (40, 40), (45, 15), (50, 40), (45, 25), (40, 20)], strict=True
    )
)
UNEVEN = tuple(
    Workout(f"T{i}", "progression", aerobic, hard)
    for i, (aerobic, hard) in enumerate([(35, 10), (25, 20), (35, 15), (40, 0), (35, 30), (45, 25)])
)
# A light template at the same dates: the baseline for a refused request.
LIGHT = Workout("Steady", "progression", 50, 0)

# The two bases every request below varies: the article's week, and every day with no long run.
ARTICLE = BlockRequest(
    start=MONDAY,
    run_days=frozenset({0, 1, 3, 5, 6}),
    easy=EASY,
    progressions=(STEADY,),
    long=LONG,
    long_run_day=6,
)
EVERY_DAY = BlockRequest(
    start=MONDAY, run_days=frozenset(range(7)), easy=EASY, progressions=(STEADY,)
)
ROTATING_WEEKS = replace(
    EVERY_DAY, progressions=ROTATING, weeks=7, progression_runs=24, aerobic_floor=0.75
)

REQUESTS = {
    "default: 4 weeks, 6 runs, 5 run days": ARTICLE,
    "16 weeks, 24 runs, 6 run days": replace(
        ARTICLE, run_days=frozenset({0, 1, 2, 3, 5, 6}), weeks=16, progression_runs=24
    ),
    "16 weeks, 24 runs, 7 days, no long run, 2 templates": replace(
        EVERY_DAY,
        progressions=(STEADY, OUT_AND_BACK),
        weeks=16,
        progression_runs=24,
        aerobic_floor=0.75,
    ),
    "16 weeks, 15 runs, 7 days (weeks may be empty)": replace(
        EVERY_DAY, weeks=16, progression_runs=15
    ),
    "7 weeks, 24 runs, 7 days, 6 rotating templates, floor 75%": ROTATING_WEEKS,
    "8 weeks, 24 runs, Mon-Sat, Tue/Thu/Sat, 6 templates": replace(
        ROTATING_WEEKS, run_days=frozenset(range(6)), weeks=8, progression_days=frozenset({1, 3, 5})
    ),
    "6 weeks, 19 runs, 7 days, 6 heavy templates, floor 73.32%": replace(
        EVERY_DAY, progressions=HEAVY, weeks=6, progression_runs=19, aerobic_floor=0.7332
    ),
    "10 weeks, 23 runs, 5 days, shares cannot be even (refused)": replace(
        EVERY_DAY,
        run_days=frozenset({0, 1, 3, 5, 6}),
        easy=Workout("Easy run", "easy", 30, 0),
        progressions=UNEVEN,
        weeks=10,
        progression_runs=23,
        aerobic_floor=0.7955555555555556,
    ),
}


def sweep() -> Iterator[tuple[str, BlockRequest]]:
    """Hard requests: every length and count, the densest run days, many templates."""
    dense = {
        "7 days": {"run_days": frozenset(range(7))},
        "7 days, Sunday long run": {
            "run_days": frozenset(range(7)),
            "long": LONG,
            "long_run_day": 6,
        },
        "Mon-Sat, Tue/Thu/Sat progression days": {
            "run_days": frozenset(range(6)),
            "progression_days": frozenset({1, 3, 5}),
        },
    }
    for days_name, days in dense.items():
        for kinds in (1, 6):
            for weeks in range(1, 17):
                for runs in range(1, 25):
                    request = replace(
                        ROTATING_WEEKS,
                        progressions=ROTATING[:kinds] if kinds > 1 else (STEADY,),
                        weeks=weeks,
                        progression_runs=runs,
                        **days,  # type: ignore[arg-type]
                    )
                    name = f"{weeks} weeks, {runs} runs, {days_name}, {kinds} template(s)"
                    yield name, request


def median_milliseconds(work: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def checking_milliseconds(request: BlockRequest, runs: int = RUNS) -> float:
    try:
        plan = plan_block(request)
    except SchedulingError:
        # A refusal has no plan to check: check the plan a light template gets instead,
        # the same dates and sessions, so the baseline does the same work.
        plan = plan_block(replace(request, progressions=(LIGHT,)))
    return median_milliseconds(
        lambda: check_block(request.start, request.weeks, plan.sessions, request.aerobic_floor),
        runs,
    )


def main() -> None:
    # The baseline, measured in the same run, is checking the finished plan with the
    # rules checker: the least work any planner must do. The ratio says what the
    # search costs on top of that, whatever the machine's speed.
    width = max(len(name) for name in REQUESTS)
    print(f"plan_block, median of {RUNS} runs; baseline = check_block on the same plan")
    print("(a refused request's baseline checks the same dates with a light template)")
    print(f"{'request':<{width}}  {'plan ms':>8}  {'check ms':>8}  {'ratio':>6}")
    for name, request in REQUESTS.items():

        def plan_or_refuse(request: BlockRequest = request) -> None:
            with contextlib.suppress(SchedulingError):
                plan_block(request)

        planning = median_milliseconds(plan_or_refuse)
        checking = checking_milliseconds(request)
        print(f"{name:<{width}}  {planning:8.3f}  {checking:8.3f}  {planning / checking:6.1f}")

    # The sweep reports its slowest requests; refusals are timed too, since a coach
    # waits for them as long as for a plan.
    timed = []
    for name, request in sweep():

        def plan_or_refuse(request: BlockRequest = request) -> None:
            with contextlib.suppress(SchedulingError):
                plan_block(request)

        timed.append((median_milliseconds(plan_or_refuse, SWEEP_RUNS), name, request))
    timed.sort(key=lambda entry: entry[0], reverse=True)
    print(f"\nsweep of {len(timed)} requests, median of {SWEEP_RUNS} runs; slowest five:")
    width = max(len(name) for _, name, _ in timed[:5])
    print(f"{'request':<{width}}  {'plan ms':>8}  {'check ms':>8}  {'ratio':>6}")
    for planning, name, request in timed[:5]:
        checking = checking_milliseconds(request)
        print(f"{name:<{width}}  {planning:8.3f}  {checking:8.3f}  {planning / checking:6.1f}")


if __name__ == "__main__":
    main()
