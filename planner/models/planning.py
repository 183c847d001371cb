"""From a coach's choices to a planned block: resolve the templates, plan, store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from planner import paces, resolution, scheduling
from planner.models.choices import WorkoutKind
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession, SessionSegment
from planner.models.templates import WorkoutTemplate

if TYPE_CHECKING:
    from planner.models.blocks import TrainingBlock

MINUTES_RANGE = (1, 600)


class BlockRefused(ValueError):
    """A block or an edit the rules do not allow; the message is written for the coach."""

    def __init__(self, message: str, violations: tuple[scheduling.Violation, ...] = ()) -> None:
        super().__init__(message)
        self.violations = violations


class StaleBlock(BlockRefused):
    """The coach edited an older version of the block than the one now stored."""


@dataclass(frozen=True)
class BlockChoices:
    """What a coach picks for a new block."""

    start: date
    run_days: frozenset[int]
    easy_template: WorkoutTemplate
    progression_templates: tuple[WorkoutTemplate, ...]
    easy_minutes: int = 40
    long_template: WorkoutTemplate | None = None
    long_minutes: int | None = None
    long_run_day: int | None = None
    weeks: int = 4
    progression_runs: int = 6
    aerobic_floor_percent: int = 80


@dataclass(frozen=True)
class PlannedWorkout:
    """A template made concrete for one runner: what the scheduler and the sessions see."""

    template: WorkoutTemplate
    resolved: resolution.ResolvedWorkout
    workout: scheduling.Workout
    minutes: int | None = None


@dataclass(frozen=True)
class BlockDraft:
    """A planned block not yet stored: the live preview shows it, create stores it."""

    runner: Runner
    choices: BlockChoices
    plan: scheduling.BlockPlan
    workouts: dict[scheduling.Workout, PlannedWorkout]


def check_minutes(minutes: int | None, what: str) -> None:
    low, high = MINUTES_RANGE
    if minutes is not None and not low <= minutes <= high:
        raise BlockRefused(f"{what} must last {low} to {high} minutes, not {minutes}.")


def plan_workout(
    template: WorkoutTemplate, runner_paces: paces.TrainingPaces, minutes: int | None = None
) -> PlannedWorkout:
    """Resolve a template for a runner, stretched to ``minutes`` when the coach sets them."""
    check_minutes(minutes, template.name)
    try:
        resolved = template.resolve_for(runner_paces)
        if minutes is not None:
            resolved = resolution.scale_to_minutes(resolved, minutes)
    except ValueError as error:  # TemplateError and scaling problems alike
        raise BlockRefused(f"{template.name}: {error}") from error
    workout = scheduling.Workout(
        name=template.name,
        kind=template.kind,
        aerobic_minutes=resolved.aerobic_seconds / 60,
        hard_minutes=resolved.hard_seconds / 60,
    )
    return PlannedWorkout(template, resolved, workout, minutes)


def runner_paces(runner: Runner) -> paces.TrainingPaces:
    try:
        return runner.training_paces()
    except paces.InvalidRace as error:
        raise BlockRefused(f"{runner.name}'s race result cannot set paces: {error}") from error


def neighbour_key_days(
    runner_id: int, start: date, weeks: int, exclude_block_id: int | None = None
) -> frozenset[date]:
    """Key sessions of the runner's other blocks on the day before or after this one."""
    edges = [start - timedelta(days=1), start + timedelta(weeks=weeks)]
    keys = ScheduledSession.objects.filter(
        block__runner_id=runner_id,
        date__in=edges,
        kind__in=[WorkoutKind.PROGRESSION, WorkoutKind.LONG],
    )
    if exclude_block_id is not None:
        keys = keys.exclude(block_id=exclude_block_id)
    return frozenset(keys.values_list("date", flat=True))


def _check_template_kinds(choices: BlockChoices) -> None:
    wanted = [(choices.easy_template, {WorkoutKind.EASY, WorkoutKind.RECOVERY}, "easy")]
    if choices.long_template is not None:
        wanted.append((choices.long_template, {WorkoutKind.LONG}, "long"))
    wanted += [(t, {WorkoutKind.PROGRESSION}, "progression") for t in choices.progression_templates]
    for template, kinds, role in wanted:
        if template.kind not in kinds:
            raise BlockRefused(f"{template.name} is not a {role} workout.")
        if not template.active:
            raise BlockRefused(f"{template.name} is no longer offered; choose another workout.")
    if not choices.progression_templates:
        raise BlockRefused("Choose at least one progression workout.")


def draft_block(runner: Runner, choices: BlockChoices) -> BlockDraft:
    """Plan a block for a runner without storing anything (the coach's preview)."""
    _check_template_kinds(choices)
    check_minutes(choices.easy_minutes, "The easy run")
    check_minutes(choices.long_minutes, "The long run")
    targets = runner_paces(runner)
    easy = plan_workout(choices.easy_template, targets, choices.easy_minutes)
    long = (
        plan_workout(choices.long_template, targets, choices.long_minutes)
        if choices.long_template is not None
        else None
    )
    progressions = [plan_workout(t, targets) for t in choices.progression_templates]
    request = scheduling.BlockRequest(
        start=choices.start,
        run_days=choices.run_days,
        easy=easy.workout,
        progressions=tuple(p.workout for p in progressions),
        long=long.workout if long else None,
        long_run_day=choices.long_run_day,
        weeks=choices.weeks,
        progression_runs=choices.progression_runs,
        aerobic_floor=choices.aerobic_floor_percent / 100,
        neighbour_key_days=neighbour_key_days(runner.pk, choices.start, choices.weeks),
    )
    try:
        plan = scheduling.plan_block(request)
    except scheduling.SchedulingError as error:
        raise BlockRefused(str(error)) from error
    workouts = {p.workout: p for p in [easy, *progressions, *([long] if long else [])]}
    return BlockDraft(runner, choices, plan, workouts)


def segment_rows(
    session: ScheduledSession, resolved: resolution.ResolvedWorkout
) -> list[SessionSegment]:
    return [
        SessionSegment(
            session=session,
            position=segment.position,
            pace_s_per_km=segment.pace_s_per_km,
            duration_s=segment.duration_s,
            distance_m=segment.distance_m,
            zone=segment.zone,
            by_distance=segment.by_distance,
        )
        for segment in resolved.segments
    ]


def apply_workout(session: ScheduledSession, planned: PlannedWorkout) -> None:
    """Copy a planned workout's description and totals onto a session (not saved)."""
    session.kind = planned.template.kind
    session.title = planned.template.name
    session.template = planned.template
    session.minutes = planned.minutes
    session.total_seconds = planned.resolved.total_seconds
    session.aerobic_seconds = planned.resolved.aerobic_seconds
    session.hard_seconds = planned.resolved.hard_seconds
    session.distance_m = planned.resolved.distance_m


def store_sessions(
    block: TrainingBlock, placed: list[tuple[date, PlannedWorkout]]
) -> list[ScheduledSession]:
    """Store sessions and their resolved segments; the caller holds the transaction."""
    sessions = []
    for day, planned in placed:
        session = ScheduledSession(block=block, date=day)
        apply_workout(session, planned)
        sessions.append(session)
    sessions = ScheduledSession.objects.bulk_create(sessions)
    SessionSegment.objects.bulk_create(
        [
            row
            for session, (_, planned) in zip(sessions, placed, strict=True)
            for row in segment_rows(session, planned.resolved)
        ]
    )
    return sessions
