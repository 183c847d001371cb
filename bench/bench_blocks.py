"""Creating blocks in the database: resolve, plan and store 1,000 blocks. Reports only.

Run: `python bench/bench_blocks.py` (uses a throwaway SQLite file unless
DATABASE_URL is set). The baseline, measured in the same run, stores the same
number of blocks, sessions and segments with plain bulk inserts and no
resolving, planning or checking; the ratio is what the rules cost on top.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
_scratch = tempfile.mkdtemp(prefix="ff-bench-")
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch}/bench.sqlite3")

import django  # noqa: E402
from seed import article_choices  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from planner.models import (  # noqa: E402
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
    WorkoutTemplate,
)

BLOCKS = 1000
RUNNERS = 50  # each runner gets consecutive 4-week blocks
FIRST_MONDAY = date(2027, 1, 4)


def make_runners(prefix: str) -> list[Runner]:
    coach = User.objects.create(username=f"{prefix}-coach")
    return [
        Runner.objects.create(
            user=User.objects.create(username=f"{prefix}-runner-{number}"),
            coach=coach,
            name=f"Runner {number}",
            race_distance_m=10000,
            race_seconds=2400 + 30 * number,
            race_date=date(2026, 10, 4),
            run_days=0b1101011,
            long_run_day=6,
        )
        for number in range(RUNNERS)
    ]


def planned(runners: list[Runner], by_name: dict[str, WorkoutTemplate], owner: User) -> float:
    started = time.perf_counter()
    for number in range(BLOCKS):
        runner = runners[number % RUNNERS]
        start = FIRST_MONDAY + timedelta(weeks=4 * (number // RUNNERS))
        TrainingBlock.objects.create_planned(
            runner,
            article_choices(by_name, start),
            owner,
        )
    return time.perf_counter() - started


def raw_inserts(runners: list[Runner], easy: WorkoutTemplate) -> float:
    started = time.perf_counter()
    for number in range(BLOCKS):
        start = FIRST_MONDAY + timedelta(weeks=4 * (number // RUNNERS))
        with transaction.atomic():
            block = TrainingBlock.objects.create(
                runner=runners[number % RUNNERS],
                start=start,
                run_days=0b1101011,
                easy_template=easy,
            )
            sessions = ScheduledSession.objects.bulk_create(
                [
                    ScheduledSession(
                        block=block,
                        date=start + timedelta(days=offset),
                        kind="easy",
                        title="Easy run",
                        total_seconds=2400,
                        aerobic_seconds=2400,
                        hard_seconds=0,
                        distance_m=6000,
                    )
                    for offset in range(28)
                    if offset % 7 in {0, 1, 3, 5, 6}
                ]
            )
            SessionSegment.objects.bulk_create(
                [
                    SessionSegment(
                        session=session,
                        position=1,
                        pace_s_per_km=400,
                        duration_s=2400,
                        distance_m=6000,
                        zone="aerobic",
                    )
                    for session in sessions
                ]
            )
    return time.perf_counter() - started


def main() -> None:
    call_command("migrate", verbosity=0)
    by_name = WorkoutTemplate.objects.in_bulk(
        ["Easy run", "Long run", "Steady 40 + fast 10"], field_name="name"
    )
    full = planned(make_runners("planned"), by_name, User.objects.create(username="owner"))
    baseline = raw_inserts(make_runners("raw"), by_name["Easy run"])
    print(f"creating {BLOCKS} four-week blocks ({BLOCKS * 20} sessions), one transaction each")
    print(f"{'what':<44}  {'total s':>8}  {'ms/block':>8}")
    print(f"{'resolve + plan + check + store':<44}  {full:8.2f}  {full / BLOCKS * 1000:8.2f}")
    print(
        f"{'baseline: plain inserts of the same rows':<44}  {baseline:8.2f}  "
        f"{baseline / BLOCKS * 1000:8.2f}"
    )
    print(f"ratio: {full / baseline:.2f}")


if __name__ == "__main__":
    main()
