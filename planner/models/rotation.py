"""A block's rotation: its progression templates in the coach's order, each with the
length the coach gave it for this runner."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from planner.models.checks import empty_or_session_minutes, unique_position
from planner.models.templates import WorkoutTemplate


@dataclass(frozen=True)
class RotationEntry:
    """One progression workout as the coach chose it: ``minutes`` None keeps its own length."""

    template: WorkoutTemplate
    minutes: int | None = None


class BlockProgressionTemplate(models.Model):
    """One progression template of a block's rotation, in the coach's order."""

    block = models.ForeignKey(
        "planner.TrainingBlock", on_delete=models.CASCADE, related_name="rotation"
    )
    template = models.ForeignKey(WorkoutTemplate, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    # The coach's length for this runner; kept so a copy plans the same runs.
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["block", "position"]
        constraints = [
            models.CheckConstraint(
                condition=empty_or_session_minutes("minutes"),
                name="rotation_minutes_range",
            ),
            unique_position("block", "rotation_position_unique_in_block"),
        ]

    def __str__(self) -> str:
        return f"{self.block} rotation #{self.position}: {self.template}"

    @property
    def entry(self) -> RotationEntry:
        return RotationEntry(self.template, self.minutes)
