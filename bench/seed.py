"""The data the HTTP benchmarks measure: a coach's runners on the article's block, each
with a run recorded this morning (also bench_blocks.py's block choices)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from planner.models import BlockChoices, Runner, TrainingBlock, WorkoutTemplate


def article_choices(
    by_name: dict[str, WorkoutTemplate], start: date, weeks: int = 4
) -> BlockChoices:
    """The article's block from ``start``: five run days, six progression runs every four
    weeks of Steady 40 + fast 10; ``by_name`` holds the three shipped templates it uses."""
    from planner.models import BlockChoices

    return BlockChoices(
        start=start,
        weeks=weeks,
        run_days=frozenset({0, 1, 3, 5, 6}),
        long_run_day=6,
        easy_template=by_name["Easy run"],
        long_template=by_name["Long run"],
        long_minutes=75,
        progression_templates=(by_name["Steady 40 + fast 10"],),
        progression_runs=6 * weeks // 4,
    )


def make_roster(coach_name: str, runners: int, weeks: int) -> list[TrainingBlock]:
    """A coach whose runners each have one published block, running since last Monday,
    and a run recorded on the latest morning."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from planner.models import Recording, TrainingBlock, WorkoutTemplate

    todays_run = recorded_run_today()
    by_name = WorkoutTemplate.objects.in_bulk(
        ["Easy run", "Long run", "Steady 40 + fast 10"], field_name="name"
    )
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday() + 7)
    coach = User.objects.create(username=coach_name)
    blocks = []
    for number in range(runners):
        runner = ten_k_runner(
            coach, f"{coach_name}-runner-{number}", f"Runner {number:03d}", 2400 + 5 * number
        )
        block = TrainingBlock.objects.create_planned(
            runner,
            article_choices(by_name, start, weeks),
            coach,
        )
        block.publish(by=coach)
        Recording.objects.store_upload(runner, todays_run, "run.gpx")
        blocks.append(block)
    return blocks


def ten_k_runner(
    coach: User,
    username: str,
    name: str,
    ten_k_seconds: int,
    run_days: frozenset[int] = frozenset({0, 1, 3, 5, 6}),
    long_run_day: int = 6,
) -> Runner:
    """A runner of ``coach`` (and their account) whose last race was a 10K a month ago."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from planner.models import Runner
    from planner.weekdays import days_to_mask

    return Runner.objects.create(
        user=User.objects.create(username=username),
        coach=coach,
        name=name,
        race_distance_m=10000,
        race_seconds=ten_k_seconds,
        race_date=timezone.localdate() - timedelta(days=30),
        run_days=days_to_mask(run_days),
        long_run_day=long_run_day,
    )


def recorded_run_today() -> bytes:
    """The latest morning's Steady 40 + fast 10 as a GPX file, so the week pages show a
    verdict: this morning's once it has been run, yesterday's before that."""
    import datetime as dt

    from django.utils import timezone

    from tests import recording_files

    now = timezone.now()
    morning = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(6, 30)))
    if morning + dt.timedelta(hours=1) > now:
        morning -= dt.timedelta(days=1)
    recording_files.START = morning.astimezone(dt.UTC)
    steady, fast = 1000 / 330.0, 1000 / 300.0  # m/s
    return recording_files.gpx_file(recording_files.run_points([(2400.0, steady), (600.0, fast)]))
