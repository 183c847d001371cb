"""A block planned but not stored: what the coach's preview shows and creating stores.

Nothing here writes. ``draft_block`` resolves the coach's templates for the runner,
asks the pure planner for a placement, and hands back everything creating needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner import rules, scheduling
from planner.errors import BlockRefused
from planner.limits import DEFAULT_FLOOR_PERCENT, DEFAULT_PROGRESSION_RUNS, DEFAULT_WEEKS
from planner.models.rotation import RotationEntry
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession
from planner.models.templates import PlannedWorkout, WorkoutTemplate, check_minutes


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
    weeks: int = DEFAULT_WEEKS
    progression_runs: int = DEFAULT_PROGRESSION_RUNS
    aerobic_floor_percent: int = DEFAULT_FLOOR_PERCENT
    # The coach's length for each progression template, in the same order (None or
    # missing: the template's own length for this runner).
    progression_minutes: tuple[int | None, ...] = ()
    # Weekdays progression runs may fall on; None: any run day but the long run's.
    progression_days: frozenset[int] | None = None

    def rotation(self) -> tuple[RotationEntry, ...]:
        """The progression templates in the coach's order, each with its length."""
        lengths = (*self.progression_minutes, *[None] * len(self.progression_templates))
        return tuple(
            RotationEntry(template, minutes)
            for template, minutes in zip(self.progression_templates, lengths, strict=False)
        )


@dataclass(frozen=True)
class BlockDraft:
    """A planned block not yet stored: the live preview shows it, create stores it."""

    runner: Runner
    choices: BlockChoices
    plan: scheduling.BlockPlan
    workouts: dict[rules.Workout, PlannedWorkout]

    def placed(self) -> list[tuple[date, PlannedWorkout]]:
        return [(s.date, self.workouts[s.workout]) for s in self.plan.sessions]


def _check_template_kinds(choices: BlockChoices) -> None:
    wanted: list[tuple[WorkoutTemplate, frozenset[rules.SessionKind], str]]
    wanted = [(choices.easy_template, rules.EASY_KINDS, "easy")]
    if choices.long_template is not None:
        wanted.append((choices.long_template, frozenset({"long"}), "long"))
    wanted += [
        (t, frozenset({"progression"}), "progression") for t in choices.progression_templates
    ]
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
    targets = runner.planning_paces()
    easy = choices.easy_template.plan_for(targets, choices.easy_minutes)
    long = (
        choices.long_template.plan_for(targets, choices.long_minutes)
        if choices.long_template is not None
        else None
    )
    progressions = [entry.template.plan_for(targets, entry.minutes) for entry in choices.rotation()]
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
        neighbour_key_days=ScheduledSession.objects.key_days_next_to(
            runner.pk, choices.start, choices.weeks
        ),
        progression_days=choices.progression_days,
        easy_pace_overridden=runner.easy_pace_override_s_per_km is not None,
    )
    try:
        plan = scheduling.plan_block(request)
    except scheduling.SchedulingError as error:
        raise BlockRefused(str(error)) from error
    workouts = {p.workout: p for p in [easy, *progressions, *([long] if long else [])]}
    return BlockDraft(runner, choices, plan, workouts)
