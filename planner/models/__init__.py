"""Fast Finish data: runners, workout templates, training blocks and their sessions.

The arithmetic lives in pure modules (paces, resolution, scheduling); these
modules keep the data, the constraints that stop the database storing what the
rules forbid, and the actions that change it.
"""

from planner.models.blocks import (
    BlockChoices,
    BlockDraft,
    BlockProgressionTemplate,
    BlockRefused,
    PlannedWorkout,
    ScheduledSession,
    SessionSegment,
    StaleBlock,
    TrainingBlock,
    draft_block,
    plan_workout,
)
from planner.models.choices import (
    AmountKind,
    BlockStatus,
    PaceAnchor,
    Unit,
    WorkoutKind,
    Zone,
)
from planner.models.runners import Runner, RunnerQuerySet, validate_time_zone
from planner.models.templates import MAX_OFFSET_S, TemplateSegment, WorkoutTemplate

__all__ = [
    "MAX_OFFSET_S",
    "AmountKind",
    "BlockChoices",
    "BlockDraft",
    "BlockProgressionTemplate",
    "BlockRefused",
    "BlockStatus",
    "PaceAnchor",
    "PlannedWorkout",
    "Runner",
    "RunnerQuerySet",
    "ScheduledSession",
    "SessionSegment",
    "StaleBlock",
    "TemplateSegment",
    "TrainingBlock",
    "Unit",
    "WorkoutKind",
    "WorkoutTemplate",
    "Zone",
    "draft_block",
    "plan_workout",
    "validate_time_zone",
]
