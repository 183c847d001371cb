"""How long plan_block takes: median milliseconds over many runs. Reports, never judges.

Run: `python bench/bench_scheduling.py` (needs nothing but the standard library).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# A plain `python bench/bench_scheduling.py` puts bench/ on the path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.rules import Workout, check_block
from planner.scheduling import BlockRequest, plan_block

RUNS = 200
MONDAY = dt.date(2026, 3, 2)
EASY = Workout("Easy run", "easy", 40, 0)
LONG = Workout("Long run", "long", 75, 0)
STEADY = Workout("Steady 40 + fast 10", "progression", 40, 10)
OUT_AND_BACK = Workout("Out and back (45 minutes)", "progression", 25, 21.25)

REQUESTS = {
    "default: 4 weeks, 6 runs, 5 run days": BlockRequest(
        start=MONDAY,
        run_days=frozenset({0, 1, 3, 5, 6}),
        easy=EASY,
        progressions=(STEADY,),
        long=LONG,
        long_run_day=6,
    ),
    "16 weeks, 24 runs, 6 run days": BlockRequest(
        start=MONDAY,
        run_days=frozenset({0, 1, 2, 3, 5, 6}),
        easy=EASY,
        progressions=(STEADY,),
        long=LONG,
        long_run_day=6,
        weeks=16,
        progression_runs=24,
    ),
    "16 weeks, 24 runs, 7 days, no long run, 2 templates": BlockRequest(
        start=MONDAY,
        run_days=frozenset(range(7)),
        easy=EASY,
        progressions=(STEADY, OUT_AND_BACK),
        weeks=16,
        progression_runs=24,
        aerobic_floor=0.75,
    ),
    "16 weeks, 15 runs, 7 days (weeks may be empty)": BlockRequest(
        start=MONDAY,
        run_days=frozenset(range(7)),
        easy=EASY,
        progressions=(STEADY,),
        weeks=16,
        progression_runs=15,
    ),
}


def median_milliseconds(work: Callable[[], object]) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    # The baseline, measured in the same run, is checking the finished plan with the
    # rules checker: the least work any planner must do. The ratio says what the
    # search costs on top of that, whatever the machine's speed.
    width = max(len(name) for name in REQUESTS)
    print(f"plan_block, median of {RUNS} runs; baseline = check_block on the same plan")
    print(f"{'request':<{width}}  {'plan ms':>8}  {'check ms':>8}  {'ratio':>6}")
    for name, request in REQUESTS.items():
        plan = plan_block(request)
        planning = median_milliseconds(lambda request=request: plan_block(request))  # type: ignore[misc]
        checking = median_milliseconds(
            lambda plan=plan, request=request: check_block(  # type: ignore[misc]
                request.start, request.weeks, plan.sessions, request.aerobic_floor
            )
        )
        print(f"{name:<{width}}  {planning:8.3f}  {checking:8.3f}  {planning / checking:6.1f}")


if __name__ == "__main__":
    main()
