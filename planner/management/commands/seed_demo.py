"""Demo data for trying Fast Finish on one machine: an admin, a coach, two runners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from planner import demo_runs
from planner.models import (
    BlockChoices,
    Recording,
    Runner,
    SessionSegment,
    Squad,
    TrainingBlock,
    WorkoutTemplate,
)
from planner.weekdays import days_to_mask, monday_of


@dataclass(frozen=True)
class DemoRunner:
    username: str
    name: str
    unit: str
    race_distance_m: int
    race_seconds: int
    run_days: frozenset[int]
    long_run_day: int
    progression_templates: tuple[str, ...]
    publish: bool


DEMO_PASSWORD = "fast-finish-demo"
DEMO_RUNNERS = (
    DemoRunner(
        "ana",
        "Ana Ribeiro",
        "mi",
        10000,
        50 * 60,
        frozenset({0, 1, 3, 5, 6}),
        6,
        ("Steady 40 + fast 10",),
        publish=True,
    ),
    DemoRunner(
        "ben",
        "Ben Okafor",
        "km",
        5000,
        20 * 60,
        frozenset({0, 1, 2, 3, 5, 6}),
        5,
        ("Steady 40 + fast 10", "Out and back (45 minutes)"),
        publish=False,
    ),
)


# Who the history names for what this command does: the seeded publish reads "Demo data:
# Published the block", not a person nor "someone". An account that cannot log in (no
# usable password, inactive) carries the name, so the history needs no field of its own.
DEMO_ACTOR = ("fast-finish-demo-data", "Demo data")


def system_actor(username: str, name: str) -> User:
    """An account that only names what the system did in a block's history."""
    actor, created = User.objects.get_or_create(
        username=username, defaults={"first_name": name, "is_active": False}
    )
    if created:
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    return actor


class Command(BaseCommand):
    help = (
        "Create demo logins (admin, coach, two runners) and the coach's squad of them. "
        "Only with DJANGO_DEBUG=1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo makes accounts with a published password; it runs only with "
                "DJANGO_DEBUG=1."
            )
        with transaction.atomic():
            admin = self.user("admin", "Ada", "Admin", staff=True)
            coach = self.user("coach", "Cora", "Coach")
            this_monday = monday_of(timezone.localdate())
            # Ana's block began last Monday, so her week has runs to look at.
            starts = {"ana": this_monday - timedelta(weeks=1)}
            for demo in DEMO_RUNNERS:
                first, last = demo.name.split(" ", 1)
                runner, _ = Runner.objects.get_or_create(
                    user=self.user(demo.username, first, last),
                    defaults={
                        "coach": coach,
                        "name": demo.name,
                        "unit": demo.unit,
                        "race_distance_m": demo.race_distance_m,
                        "race_seconds": demo.race_seconds,
                        "race_date": date(2026, 10, 4),
                        "run_days": days_to_mask(demo.run_days),
                        "long_run_day": demo.long_run_day,
                    },
                )
                if not runner.blocks.exists():
                    start = starts.get(demo.username, this_monday)
                    self.block(runner, demo, start, coach)
            # The demo runners as one training group, running their progressions together
            # on Tuesdays where they can (docs/coaching.md, "Squads").
            squad, _ = Squad.objects.get_or_create(
                coach=coach, name="Tuesday group", defaults={"group_days": days_to_mask({1})}
            )
            for runner in Runner.objects.coached_by(coach):
                squad.add_member(runner)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  admin  {admin.username:<6} -> /admin/ (workout templates)")
        self.stdout.write(f"  coach  {coach.username:<6} -> /coach/ (runners, blocks, squads)")
        for demo in DEMO_RUNNERS:
            self.stdout.write(f"  runner {demo.username:<6} -> /week/ (use a phone-sized window)")

    def block(self, runner: Runner, demo: DemoRunner, start: date, coach: User) -> None:
        by_name = WorkoutTemplate.objects.in_bulk(
            ["Easy run", "Long run", *demo.progression_templates], field_name="name"
        )
        block = TrainingBlock.objects.create_planned(
            runner,
            BlockChoices(
                start=start,
                run_days=demo.run_days,
                long_run_day=demo.long_run_day,
                easy_template=by_name["Easy run"],
                long_template=by_name["Long run"],
                long_minutes=75,
                progression_templates=tuple(by_name[n] for n in demo.progression_templates),
            ),
            created_by=coach,
        )
        if demo.publish:
            block.publish(by=system_actor(*DEMO_ACTOR))
            record_demo_runs(runner, block)

    def user(self, username: str, first: str, last: str, *, staff: bool = False) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.com",
                "is_staff": staff,
                "is_superuser": staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user


def record_demo_runs(runner: Runner, block: TrainingBlock) -> None:
    """Every session of the block before today run and uploaded, as a watch records it:
    the first easy run skipped (a work trip), the progression runs from the watch's FIT
    file with their step laps, a warm-up and a cool-down, the first on target and the
    next with a finish that sagged; easy and long runs as GPX tracks from a phone."""
    today = runner.today()
    easy = runner.training_paces().easy
    sessions = list(block.sessions.filter(date__lt=today).prefetch_related("segments"))
    skipped = next((s for s in sessions if s.kind == "easy"), None)
    progressions = 0
    for session in sessions:
        if session == skipped:
            session.mark_skipped("Work trip")
            continue
        start = datetime.combine(session.date, time(6, 30), tzinfo=runner.zone)
        segments = list(session.segments.all())
        seed = session.date.toordinal()
        if session.kind == "progression":
            legs = progression_legs(segments, easy, sagging=progressions > 0)
            data, name = demo_runs.fit_run(legs, start, seed), "demo-workout.fit"
            progressions += 1
        else:
            legs = steady_legs(segments[0].pace_s_per_km, sum(s.duration_s for s in segments))
            data, name = demo_runs.gpx_run(legs, start, seed), "demo-run.gpx"
        Recording.objects.store_upload(runner, data, name)


def progression_legs(
    segments: list[SessionSegment], easy_s_per_km: float, *, sagging: bool
) -> list[demo_runs.Leg]:
    """10 min jogging to warm up, the workout's steps (a light halfway through the
    first), 8 min jogging home. ``sagging``: the fast finish 4 % slower than planned."""
    legs = [demo_runs.Leg(600, easy_s_per_km * 1.06)]
    for step, segment in enumerate(segments):
        last = step == len(segments) - 1
        pace = segment.pace_s_per_km * (1.04 if sagging and last else 0.995)
        if step == 0:
            half = segment.duration_s / 2
            legs += [
                demo_runs.Leg(half, pace, step, stop_s=45),
                demo_runs.Leg(segment.duration_s - half, pace, step),
            ]
        else:
            legs.append(demo_runs.Leg(segment.duration_s, pace, step))
    legs.append(demo_runs.Leg(480, easy_s_per_km * 1.08))
    return legs


def steady_legs(pace_s_per_km: float, seconds: float) -> list[demo_runs.Leg]:
    """An easy or long run: a stop at a light a third of the way, the last third a
    little slower as the legs tire."""
    third = seconds / 3
    return [
        demo_runs.Leg(third, pace_s_per_km * 1.01, stop_s=35),
        demo_runs.Leg(third, pace_s_per_km * 1.00),
        demo_runs.Leg(seconds - 2 * third, pace_s_per_km * 1.03),
    ]
