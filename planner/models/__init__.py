"""Fast Finish data: runners, workout templates, training blocks and their sessions.

The arithmetic lives in pure modules (paces, resolution, scheduling); these
modules keep the data, the constraints that stop the database storing what the
rules forbid, and the actions that change it.
"""

from planner.models.blocks import TrainingBlock
from planner.models.choices import (
    AmountKind,
    BlockStatus,
    PaceAnchor,
    SessionStatus,
    Unit,
    WorkoutKind,
    Zone,
)
from planner.models.drafts import BlockChoices, BlockDraft, draft_block
from planner.models.edits import session_snapshot
from planner.models.history import BlockChange
from planner.models.recordings import Recording
from planner.models.rotation import BlockProgressionTemplate, RotationEntry
from planner.models.runners import Runner, RunnerQuerySet, validate_time_zone
from planner.models.sessions import ScheduledSession, SessionSegment
from planner.models.squads import Squad, SquadMember
from planner.models.templates import PlannedWorkout, TemplateSegment, WorkoutTemplate

__all__ = [
    "AmountKind",
    "BlockChange",
    "BlockChoices",
    "BlockDraft",
    "BlockProgressionTemplate",
    "BlockStatus",
    "PaceAnchor",
    "PlannedWorkout",
    "Recording",
    "RotationEntry",
    "Runner",
    "RunnerQuerySet",
    "ScheduledSession",
    "SessionSegment",
    "SessionStatus",
    "Squad",
    "SquadMember",
    "TemplateSegment",
    "TrainingBlock",
    "Unit",
    "WorkoutKind",
    "WorkoutTemplate",
    "Zone",
    "draft_block",
    "session_snapshot",
    "validate_time_zone",
]
