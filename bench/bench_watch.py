"""How long a week of watch files takes: median milliseconds over many runs. Reports only.

Run: `python bench/bench_watch.py`. The first table needs only the pure modules; the
second asks the app itself, in-process through Django's test Client on a throwaway
SQLite file: the runner's week ZIP download against rendering the same week's page,
both measured in the same run, so the ratio holds whatever the machine.
"""

from __future__ import annotations

import atexit
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

# A plain `python bench/bench_watch.py` puts bench/ on the path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# One way of timing for every benchmark (bench/ is on the path when a script runs).
from bench_scheduling import median_milliseconds

from planner.paces import paces_for_race
from planner.resolution import ResolvedWorkout, SegmentSpec, resolve
from planner.units import METRES_PER_MILE
from planner.watch import watch_filename, week_archive, workout_file
from tests.pure import watch_steps

if TYPE_CHECKING:
    from django.test import Client

RUNS = 200
VIEW_RUNS = 100
MONDAY = dt.date(2026, 3, 2)
CREATED = dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC)
RUNNER = paces_for_race(10000, 50 * 60)

Template = tuple[str, list[SegmentSpec], list[str]]
EASY: Template = ("Easy run", [SegmentSpec("duration", duration_s=40 * 60)], ["Easy"])
LONG: Template = ("Long run", [SegmentSpec("duration", duration_s=75 * 60)], ["Long"])
STEADY: Template = (
    "Steady 40 + fast 10",
    [
        SegmentSpec("duration", duration_s=40 * 60, pace_anchor="ten_k", offset_s=60),
        SegmentSpec("duration", duration_s=10 * 60, pace_anchor="ten_k"),
    ],
    ["Steady", "Fast finish"],
)
FIFTHS: Template = (
    "Fifths with fast finish (10 miles)",
    [
        SegmentSpec(
            "distance", distance_m=2 * METRES_PER_MILE, pace_anchor="ten_k", offset_s=offset
        )
        for offset in (60, 45, 30, 15, 0)
    ],
    [f"Fifth {n} of 5" for n in range(1, 6)],
)
OUT_AND_BACK: Template = (
    "Out and back (45 minutes)",
    [
        SegmentSpec("duration", duration_s=25 * 60),
        SegmentSpec(
            "same_distance", same_as=1, pace_anchor="segment", pace_segment=1, offset_s=-90
        ),
    ],
    ["Out", "Back"],
)
# Seven run days, the busiest week a block allows.
WEEK = [EASY, STEADY, EASY, FIFTHS, EASY, OUT_AND_BACK, LONG]


def resolve_week() -> list[ResolvedWorkout]:
    return [resolve(specs, RUNNER) for _, specs, _ in WEEK]


def week_zip() -> bytes:
    files = []
    for offset, ((title, _, names), workout) in enumerate(zip(WEEK, resolve_week(), strict=True)):
        day = MONDAY + dt.timedelta(days=offset)
        steps = watch_steps(workout, names, RUNNER)
        files.append((watch_filename(day, title), workout_file(title, day, CREATED, steps)))
    return week_archive(files)


def plain_zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def main() -> None:
    # Baselines measured in the same run, so the ratios hold whatever the machine:
    # resolving the same seven workouts (what the page does anyway), and the standard
    # library zipping the finished files (the least any archive can cost).
    with zipfile.ZipFile(io.BytesIO(week_zip())) as archive:
        files = [(name, archive.read(name)) for name in archive.namelist()]
    size = sum(len(data) for _, data in files)
    building = median_milliseconds(week_zip, RUNS)
    resolving = median_milliseconds(resolve_week, RUNS)
    zipping = median_milliseconds(lambda: plain_zip(files), RUNS)
    print(f"7-session week ZIP ({size} bytes of FIT), median of {RUNS} runs")
    print(f"{'work':<40}  {'ms':>8}  {'week / this':>11}")
    rows = [
        ("week ZIP: resolve, 7 FIT files, zip", building),
        ("baseline: resolve the 7 workouts", resolving),
        ("baseline: zipfile stores the same bytes", zipping),
    ]
    for name, milliseconds in rows:
        print(f"{name:<40}  {milliseconds:8.3f}  {building / milliseconds:11.1f}")


def _django_week() -> tuple[Client, str, str]:
    """A signed-in runner with a published block of seven run days, and two of its URLs."""
    scratch = tempfile.mkdtemp(prefix="ff-bench-watch-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_TESTING", "1")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from planner.models import BlockChoices, Runner, TrainingBlock, WorkoutTemplate
    from planner.weekdays import days_to_mask

    setup_test_environment()  # lets the test Client's "testserver" host in
    call_command("migrate", verbosity=0)
    coach = User.objects.create(username="bench-coach")
    runner = Runner.objects.create(
        user=User.objects.create(username="bench-runner"),
        coach=coach,
        name="Bench Runner",
        race_distance_m=10000,
        race_seconds=50 * 60,
        race_date=dt.date(2026, 2, 1),
        run_days=days_to_mask(set(range(7))),
        long_run_day=6,
    )
    by_name = {template.name: template for template in WorkoutTemplate.objects.all()}
    choices = BlockChoices(
        start=MONDAY,
        run_days=frozenset(range(7)),
        easy_template=by_name["Easy run"],
        long_template=by_name["Long run"],
        long_minutes=75,
        long_run_day=6,
        progression_templates=(by_name["Steady 40 + fast 10"],),
        aerobic_floor_percent=70,
    )
    block = TrainingBlock.objects.create_planned(runner, choices, coach)
    block.publish(by=coach)
    client = Client()
    client.force_login(runner.user)
    week = reverse("planner:my_week_of", args=[MONDAY.isoformat()])
    archive = reverse("planner:week_watch_file", args=[MONDAY.isoformat()])
    return client, week, archive


def view_main() -> None:
    client, week_url, archive_url = _django_week()

    def get(url: str) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return bytes(response.content)

    with zipfile.ZipFile(io.BytesIO(get(archive_url))) as archive:
        count = len(archive.namelist())
    page = median_milliseconds(lambda: get(week_url), VIEW_RUNS)
    download = median_milliseconds(lambda: get(archive_url), VIEW_RUNS)
    print(f"\nThrough the app (Django test Client, in-process), median of {VIEW_RUNS} runs")
    print(f"{'request':<40}  {'ms':>8}  {'/ week page':>11}")
    for name, milliseconds in (
        (f"GET week ZIP ({count} sessions)", download),
        ("GET the same week's page", page),
    ):
        print(f"{name:<40}  {milliseconds:8.3f}  {milliseconds / page:11.2f}")


if __name__ == "__main__":
    main()
    view_main()
