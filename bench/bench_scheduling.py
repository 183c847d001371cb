"""How long plan_block takes: median milliseconds over many runs. Reports, never judges.

Run: `python bench/bench_scheduling.py` (needs nothing but the standard library).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

# A plain `python bench/bench_scheduling.py` puts bench/ on the path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.scheduling import BlockRequest, Workout, plan_block

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


def median_milliseconds(request: BlockRequest) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        plan_block(request)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main() -> None:
    width = max(len(name) for name in REQUESTS)
    print(f"{'request':<{width}}  median ms ({RUNS} runs)")
    for name, request in REQUESTS.items():
        print(f"{name:<{width}}  {median_milliseconds(request):8.3f}")


if __name__ == "__main__":
    main()
