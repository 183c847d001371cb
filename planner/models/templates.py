"""Workout templates and their ordered segments, as the admin edits them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from planner import paces, resolution, rules
from planner.errors import BlockRefused
from planner.limits import (
    LARGEST_OFFSET_S,
    LONGEST_SESSION_MINUTES,
    MOST_SEGMENTS,
    SEGMENT_LABEL_LENGTH,
    SHORTEST_SESSION_MINUTES,
    TITLE_LENGTH,
)
from planner.models.checks import unique_position
from planner.models.choices import AmountKind, PaceAnchor, Unit, WorkoutKind
from planner.units import unit_of


def check_minutes(minutes: int | None, what: str) -> None:
    low, high = SHORTEST_SESSION_MINUTES, LONGEST_SESSION_MINUTES
    if minutes is not None and not low <= minutes <= high:
        raise BlockRefused(f"{what} must last {low} to {high} minutes, not {minutes}.")


@dataclass(frozen=True)
class PlannedWorkout:
    """A template made concrete for one runner: what the scheduler and the sessions see."""

    template: WorkoutTemplate
    resolved: resolution.ResolvedWorkout
    workout: rules.Workout
    minutes: int | None = None
    # What the session is called: the template's name, or its own length when resized.
    title: str = ""


class WorkoutTemplate(models.Model):
    # A session's title is its template's name, so a name fits a title.
    name = models.CharField(max_length=TITLE_LENGTH, unique=True)
    kind = models.CharField(max_length=12, choices=WorkoutKind.choices)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def segment_specs(self) -> list[resolution.SegmentSpec]:
        """The segments as the pure resolver reads them (uses prefetched segments)."""
        return [segment.spec() for segment in self.segments.all()]

    def resolve_for(self, training_paces: paces.TrainingPaces) -> resolution.ResolvedWorkout:
        return resolution.resolve(self.segment_specs(), training_paces)

    def plan_for(
        self, training_paces: paces.TrainingPaces, minutes: int | None = None
    ) -> PlannedWorkout:
        """Resolve for a runner, stretched to ``minutes`` when the coach sets them."""
        check_minutes(minutes, self.name)
        try:
            own = self.resolve_for(training_paces)
            resolved = own if minutes is None else resolution.scale_to_minutes(own, minutes)
        except ValueError as error:  # TemplateError and scaling problems alike
            raise BlockRefused(f"{self.name}: {error}") from error
        title = resolution.session_title(
            self.name,
            minutes,
            own.total_minutes,
            [None if s.by_distance else s.duration_s / 60 for s in own.segments],
            [None if s.by_distance else s.duration_s / 60 for s in resolved.segments],
        )
        workout = rules.Workout(
            name=title,
            kind=self.kind,
            aerobic_minutes=resolved.aerobic_seconds / 60,
            hard_minutes=resolved.hard_seconds / 60,
        )
        return PlannedWorkout(self, resolved, workout, minutes, title)


TOO_MANY_SEGMENTS = (
    f"A workout has at most {MOST_SEGMENTS} segments: a watch workout holds no more steps."
)


class TemplateSegment(models.Model):
    template = models.ForeignKey(WorkoutTemplate, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveSmallIntegerField(
        help_text=f"1 for the first segment; at most {MOST_SEGMENTS}, a watch workout's steps.",
        validators=[MinValueValidator(1), MaxValueValidator(MOST_SEGMENTS, TOO_MANY_SEGMENTS)],
    )
    amount_kind = models.CharField(max_length=16, choices=AmountKind.choices)
    duration_s = models.PositiveIntegerField("duration (s)", null=True, blank=True)
    distance_m = models.FloatField("distance (m)", null=True, blank=True)
    same_as = models.PositiveSmallIntegerField("same distance as segment", null=True, blank=True)
    pace_anchor = models.CharField(max_length=12, choices=PaceAnchor.choices)
    pace_segment = models.PositiveSmallIntegerField("pace of segment", null=True, blank=True)
    offset_s = models.FloatField(
        "offset (s)",
        default=0,
        help_text="Seconds per unit added to the anchor; negative = faster.",
    )
    offset_unit = models.CharField(max_length=2, choices=Unit.choices, default="mi")
    label = models.CharField(
        max_length=SEGMENT_LABEL_LENGTH,
        blank=True,
        help_text="Words for this step on the runner's watch, e.g. “Fast finish”.",
    )

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            unique_position("template", "segment_position_unique_in_template"),
            models.CheckConstraint(condition=Q(position__gte=1), name="segment_position_from_one"),
            # With one row per position (above), positions 1..MOST_SEGMENTS bound the count:
            # the database itself keeps a template within what a watch workout holds.
            models.CheckConstraint(
                condition=Q(position__lte=MOST_SEGMENTS),
                name="segment_position_within_watch_steps",
                violation_error_message=TOO_MANY_SEGMENTS,
            ),
            models.CheckConstraint(
                condition=Q(
                    amount_kind="duration",
                    duration_s__isnull=False,
                    duration_s__gt=0,
                    distance_m__isnull=True,
                    same_as__isnull=True,
                )
                | Q(
                    amount_kind="distance",
                    distance_m__isnull=False,
                    distance_m__gt=0,
                    duration_s__isnull=True,
                    same_as__isnull=True,
                )
                | Q(
                    amount_kind="same_distance",
                    same_as__isnull=False,
                    same_as__gte=1,
                    same_as__lt=F("position"),
                    duration_s__isnull=True,
                    distance_m__isnull=True,
                ),
                name="segment_has_exactly_one_amount",
                violation_error_message=(
                    "Give exactly one amount: a duration, a distance, or an earlier "
                    "segment whose distance to repeat."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    pace_anchor="segment",
                    pace_segment__isnull=False,
                    pace_segment__gte=1,
                    pace_segment__lt=F("position"),
                )
                | (~Q(pace_anchor="segment") & Q(pace_segment__isnull=True)),
                name="segment_pace_reference_is_earlier",
                violation_error_message=(
                    "A pace taken from another segment needs an earlier segment, "
                    "and only that anchor takes one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(offset_s__gte=-LARGEST_OFFSET_S, offset_s__lte=LARGEST_OFFSET_S),
                name="segment_offset_within_five_minutes",
                violation_error_message=f"An offset must be within ±{LARGEST_OFFSET_S} s per unit.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} #{self.position}"

    def spec(self) -> resolution.SegmentSpec:
        amount_kind, pace_anchor = self.amount_kind, self.pace_anchor
        # The columns' choices are the resolver's lists; a value outside them is bad data.
        if amount_kind not in resolution.AMOUNT_KINDS or pace_anchor not in resolution.PACE_ANCHORS:
            raise ValueError(f"{self}: unknown amount {amount_kind!r} or anchor {pace_anchor!r}.")
        return resolution.SegmentSpec(
            amount_kind=amount_kind,
            duration_s=self.duration_s,
            distance_m=self.distance_m,
            same_as=self.same_as,
            pace_anchor=pace_anchor,
            pace_segment=self.pace_segment,
            offset_s=self.offset_s,
            offset_unit=unit_of(self.offset_unit),
            label=self.label,
        )
