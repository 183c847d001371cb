"""Runners: who they are, who coaches them, and the race that sets their paces."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from planner import paces
from planner.errors import BlockRefused
from planner.limits import LONGEST_RACE_M, NAME_LENGTH, SHORTEST_RACE_M, TIME_ZONE_LENGTH
from planner.models.checks import empty_or_between
from planner.models.choices import Unit
from planner.weekdays import ALL_DAYS_MASK, mask_to_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "%(value)s is not a time zone; use a name such as Europe/London.",
            params={"value": value},
        ) from None


def local_today(time_zone: str, now: datetime.datetime | None = None) -> datetime.date:
    """The date in ``time_zone`` at ``now`` (the server's date for a zone it cannot read)."""
    moment = timezone.now() if now is None else now
    try:
        return moment.astimezone(ZoneInfo(time_zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.localdate(moment)


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class RunnerQuerySet(models.QuerySet["Runner"]):
    def coached_by(self, user: User) -> RunnerQuerySet:
        return self.filter(coach=user)

    def by_feed_token(self, token: str) -> Runner | None:
        if not token or len(token) > 200:
            return None
        return self.filter(feed_token_hash=hash_feed_token(token)).first()


class Runner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runner"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coached_runners"
    )
    name = models.CharField(max_length=NAME_LENGTH)
    unit = models.CharField(max_length=2, choices=Unit.choices, default="km")
    race_distance_m = models.PositiveIntegerField(
        "race distance (m)", help_text="A recent race: 1,500 m to 42,195 m."
    )
    race_seconds = models.PositiveIntegerField("race time (s)")
    race_date = models.DateField()
    easy_pace_override_s_per_km = models.FloatField(
        "easy pace override (s/km)",
        null=True,
        blank=True,
        help_text="Leave empty to use the middle of the runner's easy band.",
    )
    run_days = models.PositiveSmallIntegerField(
        default=0b1101011,
        validators=[MinValueValidator(1), MaxValueValidator(ALL_DAYS_MASK)],
        help_text="Default run days, a bit per weekday (bit 0 = Monday).",
    )
    long_run_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(6)],
        help_text="0 = Monday … 6 = Sunday.",
    )
    time_zone = models.CharField(
        max_length=TIME_ZONE_LENGTH, default="Europe/London", validators=[validate_time_zone]
    )
    usual_run_time = models.TimeField(
        null=True, blank=True, help_text="When set, calendar events are timed instead of all-day."
    )
    # Raised by the database on every write to a row the runner's or their coach's pages
    # show (migration 0010's triggers); cached pages are keyed on it, so a change is seen
    # at once on every app server. No code writes it.
    plan_stamp = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)
    # Only a hash of the calendar token is kept: a database leak must not open feeds.
    feed_token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RunnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    race_distance_m__gte=SHORTEST_RACE_M, race_distance_m__lte=LONGEST_RACE_M
                ),
                name="runner_race_distance_is_a_running_race",
                violation_error_message=(
                    f"A race must be between {SHORTEST_RACE_M:,} m and {LONGEST_RACE_M:,} m."
                ),
            ),
            models.CheckConstraint(
                condition=Q(race_seconds__gt=0),
                name="runner_race_time_positive",
                violation_error_message="A race time must be more than zero.",
            ),
            # 50 to 1,000 m/min, multiplied out so integers compare exactly.
            models.CheckConstraint(
                condition=GreaterThanOrEqual(F("race_distance_m") * 6, F("race_seconds") * 5),
                name="runner_race_speed_at_least_50_m_per_min",
                violation_error_message="That race is slower than 50 m/min, a walk.",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(F("race_distance_m") * 3, F("race_seconds") * 50),
                name="runner_race_speed_at_most_1000_m_per_min",
                violation_error_message="That race is faster than 1,000 m/min, a world record.",
            ),
            models.CheckConstraint(
                condition=empty_or_between(
                    "easy_pace_override_s_per_km",
                    paces.FASTEST_EASY_OVERRIDE_S_PER_KM,
                    paces.SLOWEST_EASY_OVERRIDE_S_PER_KM,
                ),
                name="runner_easy_override_plausible",
                violation_error_message="An easy pace must be between 2:00 and 20:00 per km.",
            ),
            models.CheckConstraint(
                condition=Q(run_days__gte=1, run_days__lte=ALL_DAYS_MASK),
                name="runner_run_days_mask",
                violation_error_message="Choose at least one run day.",
            ),
            models.CheckConstraint(
                condition=Q(long_run_day__isnull=True) | Q(long_run_day__lte=6),
                name="runner_long_run_day_weekday",
                violation_error_message="The long-run day must be a weekday 0–6.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, then forget the stamp: the database raised it (whatever value this
        object wrote), so reading it again fetches the new one."""
        super().save(*args, **kwargs)
        self.__dict__.pop("plan_stamp", None)  # deferred: loaded on next use

    def clean(self) -> None:
        if (
            0 < self.run_days <= ALL_DAYS_MASK
            and self.long_run_day is not None
            and self.long_run_day not in mask_to_days(self.run_days)
        ):
            raise ValidationError({"long_run_day": "The long-run day must be a run day."})
        if self.race_distance_m and self.race_seconds:
            try:
                paces.vdot(self.race_distance_m, self.race_seconds)
            except paces.InvalidRace as error:
                raise ValidationError({"race_seconds": str(error)}) from None

    @property
    def run_day_set(self) -> frozenset[int]:
        return mask_to_days(self.run_days)

    def last_block_end(self) -> datetime.date | None:
        """The last day of the runner's latest block, where a new one would follow on."""
        ends = self.blocks.order_by("-end").values_list("end", flat=True)
        return ends.first()

    @property
    def vdot(self) -> float:
        return paces.vdot(self.race_distance_m, self.race_seconds)

    def reset_feed_token(self) -> str:
        """A new secret calendar token (256 bits); the old feed URL stops working."""
        token = secrets.token_urlsafe(32)
        self.feed_token_hash = hash_feed_token(token)
        self.save(update_fields=["feed_token_hash"])
        return token

    @property
    def has_feed(self) -> bool:
        return bool(self.feed_token_hash)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def today(self, now: datetime.datetime | None = None) -> datetime.date:
        """Today where the runner lives, not where the server is: a session is missed
        once the runner's own day is over, and their week starts on their Monday."""
        return local_today(self.time_zone, now)

    def planning_paces(self) -> paces.TrainingPaces:
        """The paces to plan with, or a refusal the coach can act on."""
        try:
            return self.training_paces()
        except paces.InvalidRace as error:
            raise BlockRefused(f"{self.name}'s race result cannot set paces: {error}") from error

    def training_paces(self) -> paces.TrainingPaces:
        return paces.paces_for_race(
            self.race_distance_m, self.race_seconds, self.easy_pace_override_s_per_km
        )
