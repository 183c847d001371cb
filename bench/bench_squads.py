"""Squads: planning a squad of 60 runners, and the squad's week page. Reports only.

Run: `python bench/bench_squads.py` (a throwaway SQLite file unless DATABASE_URL is
set). Sixty runners with five different weekly patterns: the preview plans every
member's own block and stores nothing; creating stores a draft for each, one
transaction each. The squad's week is requested in-process through every middleware,
signed in, against the minimal page (/bench/minimal/) measured in the same run; the
number of queries it runs is reported for 6 and for 60 members (it must not grow).
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_TESTING", "1")
os.environ["FF_BENCH_ENDPOINTS"] = "1"
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
_scratch = tempfile.mkdtemp(prefix="ff-bench-")
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_scratch}/bench.sqlite3")

import django  # noqa: E402
from seed import article_choices, ten_k_runner  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from planner.models import Squad, WorkoutTemplate  # noqa: E402
from planner.models.squads import create_squad_drafts, plan_squad, publish_squad  # noqa: E402

MEMBERS = 60
REQUESTS = 40
# Five weekly patterns (run days, long-run day), every one with Tuesday and Thursday.
PATTERNS = [
    ({0, 1, 3, 5, 6}, 6),
    ({1, 2, 3, 5, 6}, 6),
    ({1, 3, 4, 5, 6}, 5),
    ({0, 1, 3, 4, 6}, 6),
    ({1, 2, 3, 4, 5, 6}, 6),
]


def make_squad(name: str, size: int, coach: User) -> Squad:
    squad = Squad.objects.create(coach=coach, name=name)
    for number in range(size):
        run_days, long_day = PATTERNS[number % len(PATTERNS)]
        runner = ten_k_runner(
            coach,
            f"{name}-runner-{number}",
            f"{name} runner {number:02d}",
            2400 + 20 * number,
            frozenset(run_days),
            long_day,
        )
        squad.add_member(runner)
    return squad


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def median_ms(client: Client, url: str) -> float:
    client.get(url)  # warm
    samples = [timed(lambda: client.get(url)) for _ in range(REQUESTS)]
    return statistics.median(samples) * 1000


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    by_name = WorkoutTemplate.objects.in_bulk(
        ["Easy run", "Long run", "Steady 40 + fast 10"], field_name="name"
    )
    today = timezone.localdate()
    start = today - timedelta(days=today.weekday())
    choices = article_choices(by_name, start)
    group = frozenset({1, 3})
    coach = User.objects.create(username="bench-coach")
    squad = make_squad("big", MEMBERS, coach)
    small = make_squad("small", 6, coach)
    members = squad.member_list()

    preview = timed(lambda: plan_squad(members, choices, group))
    created: list[object] = []
    create = timed(lambda: created.extend(create_squad_drafts(squad, choices, group, coach)))
    create_squad_drafts(small, choices, group, coach)
    publish_squad(squad, start, coach)
    planned = sum(1 for outcome in created if getattr(outcome, "block", None) is not None)

    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.force_login(coach)
    week = f"/coach/squads/{squad.pk}/{start.isoformat()}/"
    page = median_ms(client, week)
    minimal = median_ms(client, "/bench/minimal/")

    print(f"planning a squad of {MEMBERS} runners, five weekly patterns, group days Tue+Thu")
    print(f"{'what':<52}  {'total s':>8}  {'ms/runner':>9}")
    print(
        f"{'preview: plan every member, store nothing':<52}  {preview:8.2f}  "
        f"{preview / MEMBERS * 1000:9.1f}"
    )
    print(
        f"{'create: a draft per member, a transaction each':<52}  {create:8.2f}  "
        f"{create / MEMBERS * 1000:9.1f}"
    )
    print(f"drafts created: {planned} of {MEMBERS}")
    print()
    print(f"the squad's week, in-process, median of {REQUESTS} requests")
    print(f"{'page':<52}  {'ms':>8}")
    print(f"{'minimal page (baseline)':<52}  {minimal:8.2f}")
    print(f"{f'squad week, {MEMBERS} members':<52}  {page:8.2f}")
    print(f"ratio: {page / minimal:.1f}")
    small_week = f"/coach/squads/{small.pk}/{start.isoformat()}/"
    print(
        f"queries: {queries(client, small_week)} with 6 members, "
        f"{queries(client, week)} with {MEMBERS}"
    )


if __name__ == "__main__":
    main()
