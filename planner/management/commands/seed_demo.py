"""Demo data for trying Fast Finish on one machine: an admin, a coach, two runners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from planner.models import (
    BlockChoices,
    Recording,
    Runner,
    ScheduledSession,
    TrainingBlock,
    Unit,
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
        Unit.MI,
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
        Unit.KM,
        5000,
        20 * 60,
        frozenset({0, 1, 2, 3, 5, 6}),
        5,
        ("Steady 40 + fast 10", "Out and back (45 minutes)"),
        publish=False,
    ),
)


class Command(BaseCommand):
    help = "Create demo logins (admin, coach, two runners). Only with DJANGO_DEBUG=1."

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
                    self.block(runner, demo, this_monday, coach)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  admin  {admin.username:<6} -> /admin/ (workout templates)")
        self.stdout.write(f"  coach  {coach.username:<6} -> /coach/ (runners and blocks)")
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
            block.publish()
            ran = block.sessions.filter(date__lte=runner.today()).order_by("-date").first()
            if ran is not None:
                Recording.objects.store_upload(runner, demo_run(ran), "demo-run.gpx")

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


def demo_run(session: ScheduledSession) -> bytes:
    """A GPX file of the session run at 06:30 on its day, each segment 1 % slower than
    planned (so the fast finish lands on target), one point every 5 s along a line."""
    start = datetime.combine(session.date, time(6, 30), tzinfo=session.block.runner.zone)
    points, t, metres = [], 0.0, 0.0
    for segment in session.segments.all():
        speed = 1000 / (segment.pace_s_per_km * 1.01)
        for _ in range(round(segment.duration_s * 1.01 / 5)):
            points.append((t, metres))
            t, metres = t + 5, metres + 5 * speed
    points.append((t, metres))
    # 111,195 m per degree of latitude on the reader's sphere: the run heads due north.
    rows = "".join(
        f'<trkpt lat="{51.5 + m / 111_195:.7f}" lon="-0.1200000"><time>'
        f"{(start + timedelta(seconds=s)).astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
        for s, m in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Fast Finish demo" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        f"{rows}</trkseg></trk></gpx>"
    ).encode()
