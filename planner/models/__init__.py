"""Fast Finish data: runners, workout templates, training blocks and their sessions.

The arithmetic lives in pure modules (paces, resolution, scheduling); these
modules keep the data, the constraints that stop the database storing what the
rules forbid, and the actions that change it.
"""

from planner.models.blocks import BlockProgressionTemplate, TrainingBlock, session_snapshot
from planner.models.choices import (
    AmountKind,
    BlockStatus,
    PaceAnchor,
    SessionStatus,
    Unit,
    WorkoutKind,
    Zone,
)
from planner.models.history import BlockChange
from planner.models.planning import (
    BlockChoices,
    BlockDraft,
    BlockRefused,
    PlannedWorkout,
    StaleBlock,
    draft_block,
    plan_workout,
)
from planner.models.runners import Runner, RunnerQuerySet, validate_time_zone
from planner.models.sessions import LogRefused, ScheduledSession, SessionSegment
from planner.models.templates import MAX_OFFSET_S, TemplateSegment, WorkoutTemplate

__all__ = [
    "MAX_OFFSET_S",
    "AmountKind",
    "BlockChange",
    "BlockChoices",
    "BlockDraft",
    "BlockProgressionTemplate",
    "BlockRefused",
    "BlockStatus",
    "LogRefused",
    "PaceAnchor",
    "PlannedWorkout",
    "Runner",
    "RunnerQuerySet",
    "ScheduledSession",
    "SessionSegment",
    "SessionStatus",
    "StaleBlock",
    "TemplateSegment",
    "TrainingBlock",
    "Unit",
    "WorkoutKind",
    "WorkoutTemplate",
    "Zone",
    "draft_block",
    "plan_workout",
    "session_snapshot",
    "validate_time_zone",
]
