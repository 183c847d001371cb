"""Scheduled sessions with their resolved segments, and what the runner logs of them."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import Protocol

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from planner import resolution, rules
from planner.bands import PaceBand, band_for, segment_band
from planner.errors import LogRefused
from planner.limits import (
    AS_PLANNED_TOLERANCE,
    HIGHEST_EFFORT,
    LONGEST_LOGGED_KM,
    LONGEST_SESSION_MINUTES,
    LOWEST_EFFORT,
    NOTE_LENGTH,
    SEGMENT_LABEL_LENGTH,
    SKIP_REASON_LENGTH,
    TITLE_LENGTH,
)
from planner.models.checks import empty_or_between, empty_or_session_minutes, unique_position
from planner.models.choices import AmountKind, SessionStatus, WorkoutKind, Zone
from planner.models.runners import Runner
from planner.models.templates import PlannedWorkout, WorkoutTemplate

# Their segments take the easy range as their band (the rulebook's "The watch").
EASY_RUN_KINDS = ("easy", "recovery", "long")
EFFORT_REFUSED = f"Effort is {LOWEST_EFFORT} (very easy) to {HIGHEST_EFFORT} (all out)."


def block_edges(start: datetime.date, weeks: int) -> tuple[datetime.date, datetime.date]:
    """The day before a block and the day after it, where the 48-hour rule reaches."""
    return start - datetime.timedelta(days=1), start + datetime.timedelta(weeks=weeks)


def session_state(status: str, day: datetime.date, today: datetime.date) -> str:
    """A session's state on ``today``: done, skipped, missed (planned and in the past), or
    planned; also for pages that read sessions as plain values."""
    return "missed" if status == SessionStatus.PLANNED and day < today else str(status)


class BlockSpan(Protocol):
    """What the 48-hour rule needs of a block: whose it is and when."""

    pk: int
    runner_id: int
    start: datetime.date
    weeks: int


class ScheduledSessionQuerySet(models.QuerySet["ScheduledSession"]):
    def published_for(self, runner_id: int) -> ScheduledSessionQuerySet:
        return self.filter(block__runner_id=runner_id, block__status="published")

    def previous_week_minutes(self, runner_id: int, start: datetime.date) -> float | None:
        """Planned minutes of the last week of the runner's block that ends the day before
        ``start``, or None when none ends there: advice compares the first week with it."""
        last_day = start - datetime.timedelta(days=1)
        seconds = self.filter(
            block__runner_id=runner_id,
            block__end=last_day,
            date__gt=last_day - datetime.timedelta(days=7),
        ).aggregate(total=models.Sum("total_seconds"))["total"]
        return None if seconds is None else float(seconds) / 60

    def key_days_next_to(
        self,
        runner_id: int,
        start: datetime.date,
        weeks: int,
        exclude_block_id: int | None = None,
    ) -> frozenset[datetime.date]:
        """Key sessions of the runner's other blocks on the day before or after one."""
        keys = self.filter(
            block__runner_id=runner_id,
            date__in=block_edges(start, weeks),
            kind__in=rules.KEY_KINDS,
        )
        if exclude_block_id is not None:
            keys = keys.exclude(block_id=exclude_block_id)
        usual = self._usual_long_runs({0: (runner_id, block_edges(start, weeks))})
        return frozenset(keys.values_list("date", flat=True)) | {day for _, day in usual}

    def _usual_long_runs(
        self, spans: dict[int, tuple[int, tuple[datetime.date, datetime.date]]]
    ) -> set[tuple[int, datetime.date]]:
        """(key, day) for each edge day of ``spans`` (key: runner and edges) that falls on
        the runner's usual long-run day outside all of their blocks: between blocks the
        runner still runs long, so that day is a key day. Inside another block, that
        block's own sessions count instead. Two queries at most, whatever the spans."""
        long_days = dict(
            Runner.objects.filter(
                pk__in={runner_id for runner_id, _ in spans.values()}, long_run_day__isnull=False
            ).values_list("pk", "long_run_day")
        )
        candidates = {
            (key, runner_id, day)
            for key, (runner_id, pair) in spans.items()
            for day in pair
            if long_days.get(runner_id) == day.weekday()
        }
        if not candidates:
            return set()
        days = [day for _, _, day in candidates]
        blocks = self.model._meta.get_field("block").related_model._default_manager
        covering = list(
            blocks.filter(
                runner_id__in={runner_id for _, runner_id, _ in candidates},
                start__lte=max(days),
                end__gte=min(days),
            ).values_list("runner_id", "start", "end")
        )
        return {
            (key, day)
            for key, runner_id, day in candidates
            if not any(r == runner_id and first <= day <= last for r, first, last in covering)
        }

    def key_days_next_to_blocks(
        self, blocks: Sequence[BlockSpan]
    ) -> dict[int, frozenset[datetime.date]]:
        """``key_days_next_to`` for many blocks in one query (pages listing runners)."""
        if not blocks:
            return {}
        edges = {block.pk: block_edges(block.start, block.weeks) for block in blocks}
        found = set(
            self.filter(
                block__runner_id__in=[block.runner_id for block in blocks],
                date__in={day for pair in edges.values() for day in pair},
                kind__in=rules.KEY_KINDS,
            )
            .exclude(block__in=[block.pk for block in blocks])
            .values_list("block__runner_id", "date")
        )
        usual = self._usual_long_runs({b.pk: (b.runner_id, edges[b.pk]) for b in blocks})
        return {
            block.pk: frozenset(
                day
                for day in edges[block.pk]
                if (block.runner_id, day) in found or (block.pk, day) in usual
            )
            for block in blocks
        }

    def around(
        self, blocks: Sequence[BlockSpan], server_today: datetime.date
    ) -> ScheduledSessionQuerySet:
        """The blocks' sessions within a week either side of the server's today, by date,
        which hold every runner's current week whatever their time zone."""
        week = datetime.timedelta(days=7)
        window = (server_today - week, server_today + week)
        return self.filter(block__in=[block.pk for block in blocks], date__range=window).order_by(
            "date"
        )

    def store(
        self, block_id: int, placed: Iterable[tuple[datetime.date, PlannedWorkout]]
    ) -> list[ScheduledSession]:
        """Store sessions and their resolved segments; the caller holds the transaction."""
        placed = list(placed)
        sessions = []
        for day, planned in placed:
            session = ScheduledSession(block_id=block_id, date=day)
            session.take(planned)
            sessions.append(session)
        sessions = self.bulk_create(sessions)
        SessionSegment.objects.bulk_create(
            [
                row
                for session, (_, planned) in zip(sessions, placed, strict=True)
                for row in session.segment_rows(planned.resolved)
            ]
        )
        return sessions


class ScheduledSession(resolution.ZoneMinutes, models.Model):
    block = models.ForeignKey(
        "planner.TrainingBlock", on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=WorkoutKind.choices)
    title = models.CharField(max_length=TITLE_LENGTH)
    template = models.ForeignKey(
        WorkoutTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The coach's minutes when they stretched the template; None keeps its own length.
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # Totals of the resolved segments, written with them in one transaction so
    # week summaries need no join over segments.
    total_seconds = models.FloatField()
    aerobic_seconds = models.FloatField()
    hard_seconds = models.FloatField()
    distance_m = models.FloatField()
    # Bumped on every change the runner's calendar must pick up (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)

    status = models.CharField(
        max_length=8, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    actual_seconds = models.PositiveIntegerField(null=True, blank=True)
    actual_distance_m = models.FloatField(null=True, blank=True)
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=NOTE_LENGTH)
    skip_reason = models.CharField(blank=True, max_length=SKIP_REASON_LENGTH)
    logged_at = models.DateTimeField(null=True, blank=True)

    objects = ScheduledSessionQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["block", "date"], name="one_session_per_day"),
            models.CheckConstraint(
                condition=Q(aerobic_seconds__gte=0, hard_seconds__gte=0, distance_m__gte=0),
                name="session_totals_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_seconds__gt=0), name="session_has_some_running"
            ),
            models.CheckConstraint(
                condition=empty_or_session_minutes("minutes"),
                name="session_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    status="done",
                    actual_seconds__isnull=False,
                    actual_seconds__gt=0,
                    actual_seconds__lte=LONGEST_SESSION_MINUTES * 60,
                )
                | (~Q(status="done") & Q(actual_seconds__isnull=True)),
                name="session_done_has_minutes",
            ),
            models.CheckConstraint(
                condition=empty_or_between("effort", LOWEST_EFFORT, HIGHEST_EFFORT),
                name="session_effort_1_to_10",
            ),
            models.CheckConstraint(
                condition=empty_or_between("actual_distance_m", 0, LONGEST_LOGGED_KM * 1000),
                name="session_actual_distance_range",
            ),
        ]
        indexes = [models.Index(fields=["date"], name="session_date")]

    def __str__(self) -> str:
        return f"{self.title} on {self.date:%a %d %b}"

    @property
    def is_key(self) -> bool:
        return self.kind in rules.KEY_KINDS

    @property
    def actual_minutes(self) -> float | None:
        return None if self.actual_seconds is None else self.actual_seconds / 60

    def workout(self) -> rules.Workout:
        return rules.Workout(
            name=self.title,
            kind=self.kind,
            aerobic_minutes=self.aerobic_seconds / 60,
            hard_minutes=self.hard_seconds / 60,
        )

    def planned(self, on: datetime.date | None = None) -> rules.PlannedSession:
        return rules.PlannedSession(on or self.date, self.workout())

    # --- what the runner logs ---

    @property
    def done_as_planned(self) -> bool:
        if self.status != SessionStatus.DONE or self.actual_seconds is None:
            return False
        return abs(self.actual_seconds - self.total_seconds) <= (
            AS_PLANNED_TOLERANCE * self.total_seconds
        )

    def state_on(self, today: datetime.date) -> str:
        return session_state(self.status, self.date, today)

    def mark_done(
        self,
        *,
        minutes: float,
        distance_km: float | None = None,
        effort: int | None = None,
        note: str = "",
    ) -> None:
        if not (math.isfinite(minutes) and 0 < minutes <= LONGEST_SESSION_MINUTES):
            raise LogRefused(
                f"Minutes run must be more than 0 and at most {LONGEST_SESSION_MINUTES}."
            )
        if distance_km is not None and not (
            math.isfinite(distance_km) and 0 <= distance_km <= LONGEST_LOGGED_KM
        ):
            raise LogRefused(f"Distance must be between 0 and {LONGEST_LOGGED_KM} km.")
        if effort is not None and not LOWEST_EFFORT <= effort <= HIGHEST_EFFORT:
            raise LogRefused(EFFORT_REFUSED)
        self.status = SessionStatus.DONE
        self.actual_seconds = round(minutes * 60)
        self.actual_distance_m = None if distance_km is None else distance_km * 1000
        self.effort = effort
        self.note = note.strip()[:NOTE_LENGTH]
        self.skip_reason = ""
        self._save_log()

    def mark_skipped(self, reason: str = "") -> None:
        self.status = SessionStatus.SKIPPED
        self.actual_seconds = None
        self.actual_distance_m = None
        self.effort = None
        self.note = ""
        self.skip_reason = reason.strip()[:SKIP_REASON_LENGTH]
        self._save_log()

    def undo_log(self) -> None:
        self.status = SessionStatus.PLANNED
        self.actual_seconds = None
        self.actual_distance_m = None
        self.effort = None
        self.note = ""
        self.skip_reason = ""
        self.logged_at = None
        self._save_log()

    def _save_log(self) -> None:
        if self.status != SessionStatus.PLANNED:
            self.logged_at = timezone.now()
        self.save(
            update_fields=[
                "status",
                "actual_seconds",
                "actual_distance_m",
                "effort",
                "note",
                "skip_reason",
                "logged_at",
            ]
        )

    # --- what the coach plans on it ---

    def take(self, planned: PlannedWorkout) -> None:
        """Take a planned workout's description and totals (not saved)."""
        self.kind = planned.template.kind
        self.title = planned.title or planned.template.name
        self.template = planned.template
        self.minutes = planned.minutes
        self.total_seconds = planned.resolved.total_seconds
        self.aerobic_seconds = planned.resolved.aerobic_seconds
        self.hard_seconds = planned.resolved.hard_seconds
        self.distance_m = planned.resolved.distance_m

    def segment_rows(self, resolved: resolution.ResolvedWorkout) -> list[SessionSegment]:
        # A stored segment keeps every field of the resolved one, under the same names,
        # and the band it is watched and judged by, fixed when it was planned.
        marathon, easy_run = resolved.marathon_s_per_km, self.kind in EASY_RUN_KINDS
        bands = [
            segment_band(s.pace_s_per_km, marathon, easy_run=easy_run) for s in resolved.segments
        ]
        return [
            SessionSegment(
                session=self,
                band_fast_s_per_km=band.fast_s_per_km,
                band_slow_s_per_km=band.slow_s_per_km,
                **asdict(segment),
            )
            for segment, band in zip(resolved.segments, bands, strict=True)
        ]

    def rewrite(self, planned: PlannedWorkout) -> ScheduledSession:
        """A new workout in place, so the id (and the calendar's UID) stay the same."""
        self.take(planned)
        self.sequence += 1
        self.save()
        self.segments.all().delete()
        SessionSegment.objects.bulk_create(self.segment_rows(planned.resolved))
        return self


class SessionSegment(models.Model):
    session = models.ForeignKey(ScheduledSession, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveSmallIntegerField()
    pace_s_per_km = models.FloatField()
    duration_s = models.FloatField()
    distance_m = models.FloatField()
    zone = models.CharField(max_length=8, choices=Zone.choices)
    # The template gave a distance (or "the same distance as…") rather than a time.
    by_distance = models.BooleanField(default=False)
    # Copied from the template's segment, so the watch shows the coach's words even if
    # the template is renamed or deleted later.
    label = models.CharField(max_length=SEGMENT_LABEL_LENGTH, blank=True)
    # Facts the judge reads, not words: the amount as written, the segment a "same
    # distance" repeats, the band (s/km) the watch showed; empty bands read as plain.
    amount = models.CharField(
        max_length=13,
        choices=AmountKind.choices,
        default="duration",
        db_default="duration",
    )
    same_as = models.PositiveSmallIntegerField(null=True, blank=True)
    band_fast_s_per_km = models.FloatField(null=True, blank=True)
    band_slow_s_per_km = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            unique_position("session", "session_segment_position_unique"),
            models.CheckConstraint(
                condition=Q(pace_s_per_km__gt=0, duration_s__gt=0, distance_m__gt=0),
                name="session_segment_positive",
            ),
            models.CheckConstraint(
                condition=Q(
                    band_fast_s_per_km__gt=0, band_slow_s_per_km__gte=F("band_fast_s_per_km")
                )
                | Q(band_fast_s_per_km__isnull=True, band_slow_s_per_km__isnull=True),
                name="session_segment_band",
            ),
            models.CheckConstraint(
                condition=Q(amount="same_distance", same_as__isnull=False, same_as__gte=1)
                | (~Q(amount="same_distance") & Q(same_as__isnull=True)),
                name="session_segment_same_as",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.position}"

    @property
    def is_hard(self) -> bool:
        return self.zone == "hard"

    @property
    def band(self) -> PaceBand:
        if self.band_fast_s_per_km is None or self.band_slow_s_per_km is None:
            return band_for(self.pace_s_per_km)
        return PaceBand(self.band_fast_s_per_km, self.band_slow_s_per_km)
