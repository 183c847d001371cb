"""Training blocks, their sessions with resolved segments, and the edits coaches make."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q

from planner import paces, resolution, scheduling
from planner.models.choices import BlockStatus, WorkoutKind, Zone
from planner.models.runners import Runner
from planner.models.templates import WorkoutTemplate
from planner.weekdays import ALL_DAYS_MASK, days_to_mask, mask_to_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TrainingBlockQuerySet(models.QuerySet["TrainingBlock"]):
    def coached_by(self, user: User) -> TrainingBlockQuerySet:
        return self.filter(runner__coach=user)

    def overlapping(self, runner: Runner, start: date, end: date) -> TrainingBlockQuerySet:
        return self.filter(runner=runner, start__lte=end, end__gte=start)

    @transaction.atomic
    def create_planned(
        self, runner: Runner, choices: BlockChoices, created_by: User | None
    ) -> TrainingBlock:
        """Plan and store a block whole, or refuse and store nothing."""
        # Locking the runner serializes block creation per runner, so two coaches
        # cannot both slip a block into the same weeks.
        Runner.objects.select_for_update().filter(pk=runner.pk).first()
        end = choices.start + timedelta(days=7 * choices.weeks - 1)
        clash = self.overlapping(runner, choices.start, end).order_by("start").first()
        if clash is not None:
            raise BlockRefused(
                f"{runner.name} already has a block from {clash.start:%a %d %b %Y} to "
                f"{clash.end:%a %d %b %Y}; a runner's blocks cannot overlap. Start after "
                f"{clash.end:%d %b} or shorten this block."
            )
        draft = draft_block(runner, choices)
        block = self.create(
            runner=runner,
            start=choices.start,
            weeks=choices.weeks,
            aerobic_floor_percent=choices.aerobic_floor_percent,
            target_progression_runs=choices.progression_runs,
            run_days=days_to_mask(choices.run_days),
            long_run_day=choices.long_run_day,
            easy_template=choices.easy_template,
            easy_minutes=choices.easy_minutes,
            long_template=choices.long_template,
            long_minutes=choices.long_minutes,
            created_by=created_by,
        )
        BlockProgressionTemplate.objects.bulk_create(
            [
                BlockProgressionTemplate(block=block, template=template, position=position)
                for position, template in enumerate(choices.progression_templates, start=1)
            ]
        )
        _session_rows(block, [(s.date, draft.workouts[s.workout]) for s in draft.plan.sessions])
        return block


class TrainingBlock(models.Model):
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="blocks")
    start = models.DateField(help_text="A Monday.")
    weeks = models.PositiveSmallIntegerField(default=4)
    # The last day, kept beside start so "the block on this date" is one indexed query.
    end = models.DateField(editable=False)
    aerobic_floor_percent = models.PositiveSmallIntegerField(default=80)
    target_progression_runs = models.PositiveSmallIntegerField(default=6)
    run_days = models.PositiveSmallIntegerField()
    long_run_day = models.PositiveSmallIntegerField(null=True, blank=True)
    # The coach's choices, kept so a block can be copied or re-planned as asked.
    easy_template = models.ForeignKey(WorkoutTemplate, on_delete=models.PROTECT, related_name="+")
    easy_minutes = models.PositiveSmallIntegerField(default=40)
    long_template = models.ForeignKey(
        WorkoutTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    long_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    progression_templates = models.ManyToManyField(
        WorkoutTemplate, through="BlockProgressionTemplate", related_name="+"
    )
    status = models.CharField(max_length=10, choices=BlockStatus.choices, default=BlockStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="created_blocks",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrainingBlockQuerySet.as_manager()

    class Meta:
        ordering = ["runner", "start"]
        indexes = [models.Index(fields=["runner", "start", "end"], name="block_runner_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks__gte=1, weeks__lte=16),
                name="block_weeks_1_to_16",
                violation_error_message="A block lasts 1 to 16 weeks.",
            ),
            models.CheckConstraint(
                condition=Q(aerobic_floor_percent__gte=70, aerobic_floor_percent__lte=80),
                name="block_floor_70_to_80",
                violation_error_message="The aerobic floor is 70 % to 80 %.",
            ),
            models.CheckConstraint(
                condition=Q(target_progression_runs__lte=24),
                name="block_progression_runs_at_most_24",
                violation_error_message="A block holds at most 24 progression runs.",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")) | Q(end=F("start")),
                name="block_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(run_days__gte=1, run_days__lte=ALL_DAYS_MASK),
                name="block_run_days_mask",
            ),
            models.CheckConstraint(
                condition=Q(long_run_day__isnull=True) | Q(long_run_day__lte=6),
                name="block_long_run_day_weekday",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="block_version_from_one"),
            models.CheckConstraint(
                condition=Q(easy_minutes__gte=1, easy_minutes__lte=600),
                name="block_easy_minutes_range",
                violation_error_message="An easy run lasts 1 to 600 minutes.",
            ),
            models.CheckConstraint(
                condition=Q(long_minutes__isnull=True)
                | Q(long_minutes__gte=1, long_minutes__lte=600),
                name="block_long_minutes_range",
                violation_error_message="A long run lasts 1 to 600 minutes.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.runner} from {self.start:%d %b %Y} ({self.weeks} wk)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.end = self.start + timedelta(days=7 * self.weeks - 1)
        super().save(*args, **kwargs)

    @property
    def aerobic_floor(self) -> float:
        return self.aerobic_floor_percent / 100

    @property
    def run_day_set(self) -> frozenset[int]:
        return mask_to_days(self.run_days)

    def week_index(self, day: date) -> int:
        return (day - self.start).days // 7

    def rotation_templates(self) -> list[WorkoutTemplate]:
        """The progression templates in the coach's order."""
        return [r.template for r in self.rotation.select_related("template").order_by("position")]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    # --- reading the block through the pure rules ---

    def week_summaries(
        self, sessions: Iterable[ScheduledSession]
    ) -> tuple[scheduling.WeekSummary, ...]:
        return scheduling.summarize_weeks(self.start, self.weeks, [s.planned() for s in sessions])

    def violations(self, sessions: Iterable[ScheduledSession]) -> list[scheduling.Violation]:
        return self._check([s.planned() for s in sessions])

    def _check(self, planned: list[scheduling.PlannedSession]) -> list[scheduling.Violation]:
        # Edits are held to the floor and the 48-hour rule; the long-run day is a
        # planning preference the coach may move away from.
        return scheduling.check_block(self.start, self.weeks, planned, self.aerobic_floor)

    # --- the edits of rule 3: each checked, all-or-nothing, each bumping the version ---

    def move_session(self, session_id: int, to: date, *, version: int) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _session_in(sessions, session_id)
            block._check_free_day(to, sessions, moving=session)
            moved = [
                s.planned(on=to) if s.pk == session.pk else s.planned() for s in sessions.values()
            ]

            def apply() -> ScheduledSession:
                session.date = to
                session.save(update_fields=["date"])
                return session

            return moved, apply

        return self._edit(version, edit)

    def change_session(
        self, session_id: int, *, template: WorkoutTemplate, minutes: int | None, version: int
    ) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _session_in(sessions, session_id)
            planned = plan_workout(template, block.runner.training_paces(), minutes)
            changed = [
                scheduling.PlannedSession(s.date, planned.workout)
                if s.pk == session.pk
                else s.planned()
                for s in sessions.values()
            ]

            def apply() -> ScheduledSession:
                day = session.date
                session.delete()
                return _session_rows(block, [(day, planned)])[0]

            return changed, apply

        return self._edit(version, edit)

    def add_session(
        self, day: date, *, template: WorkoutTemplate, minutes: int | None, version: int
    ) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            block._check_free_day(day, sessions)
            planned = plan_workout(template, block.runner.training_paces(), minutes)
            added = [s.planned() for s in sessions.values()]
            added.append(scheduling.PlannedSession(day, planned.workout))
            return added, lambda: _session_rows(block, [(day, planned)])[0]

        return self._edit(version, edit)

    def remove_session(self, session_id: int, *, version: int) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _session_in(sessions, session_id)
            kept = [s.planned() for s in sessions.values() if s.pk != session.pk]

            def apply() -> ScheduledSession:
                session.delete()
                return session

            return kept, apply

        return self._edit(version, edit)

    def _edit(
        self,
        version: int,
        edit: Callable[[TrainingBlock, dict[int, ScheduledSession]], _Edit],
    ) -> ScheduledSession:
        with transaction.atomic():
            block = (
                TrainingBlock.objects.select_related("runner")
                .select_for_update(of=("self",))
                .get(pk=self.pk)
            )
            if block.version != version:
                raise StaleBlock(
                    "This block changed since you opened it (you had version "
                    f"{version}, it is now at version {block.version}). Here is the "
                    "current block; make your change again if it still applies."
                )
            sessions = {s.pk: s for s in block.sessions.order_by("date")}
            after, apply = edit(block, sessions)
            broken = block._check(after)
            if broken:
                raise BlockRefused(
                    " ".join(v.message for v in broken) + " Nothing was changed.",
                    tuple(broken),
                )
            result = apply()
            block.version += 1
            block.save(update_fields=["version", "updated_at"])
        self.version = block.version
        return result

    def _check_free_day(
        self,
        day: date,
        sessions: dict[int, ScheduledSession],
        moving: ScheduledSession | None = None,
    ) -> None:
        if not self.contains(day):
            raise BlockRefused(
                f"{day:%a %d %b %Y} is outside this block ({self.start:%a %d %b} to "
                f"{self.end:%a %d %b %Y})."
            )
        if moving is not None and moving.date == day:
            raise BlockRefused(f"{moving.title} is already on {day:%a %d %b}.")
        taken = next((s for s in sessions.values() if s.date == day), None)
        if taken is not None:
            raise BlockRefused(
                f"{day:%a %d %b} already has {taken.title}; one session a day. Move or "
                "remove it first."
            )

    # --- publishing ---

    def publish(self) -> None:
        self._set_status(BlockStatus.PUBLISHED)

    def unpublish(self) -> None:
        self._set_status(BlockStatus.DRAFT)

    def _set_status(self, status: str) -> None:
        updated = TrainingBlock.objects.filter(pk=self.pk).update(
            status=status, version=F("version") + 1
        )
        if updated:
            self.refresh_from_db(fields=["status", "version", "updated_at"])

    @property
    def is_published(self) -> bool:
        return self.status == BlockStatus.PUBLISHED


class BlockProgressionTemplate(models.Model):
    """One progression template of a block's rotation, in the coach's order."""

    block = models.ForeignKey(TrainingBlock, on_delete=models.CASCADE, related_name="rotation")
    template = models.ForeignKey(WorkoutTemplate, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["block", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "position"], name="rotation_position_unique_in_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.block} rotation #{self.position}: {self.template}"


class ScheduledSession(models.Model):
    block = models.ForeignKey(TrainingBlock, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=WorkoutKind.choices)
    title = models.CharField(max_length=100)
    template = models.ForeignKey(
        WorkoutTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Totals of the resolved segments, written with them in one transaction so
    # week summaries need no join over segments.
    total_seconds = models.FloatField()
    aerobic_seconds = models.FloatField()
    hard_seconds = models.FloatField()
    distance_m = models.FloatField()

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
        ]

    def __str__(self) -> str:
        return f"{self.title} on {self.date:%a %d %b}"

    @property
    def is_key(self) -> bool:
        return self.kind in (WorkoutKind.PROGRESSION, WorkoutKind.LONG)

    def workout(self) -> scheduling.Workout:
        return scheduling.Workout(
            name=self.title,
            kind=self.kind,
            aerobic_minutes=self.aerobic_seconds / 60,
            hard_minutes=self.hard_seconds / 60,
        )

    def planned(self, on: datetime.date | None = None) -> scheduling.PlannedSession:
        return scheduling.PlannedSession(on or self.date, self.workout())

    @property
    def total_minutes(self) -> float:
        return self.total_seconds / 60

    @property
    def aerobic_minutes(self) -> float:
        return self.aerobic_seconds / 60

    @property
    def hard_minutes(self) -> float:
        return self.hard_seconds / 60


class SessionSegment(models.Model):
    session = models.ForeignKey(ScheduledSession, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveSmallIntegerField()
    pace_s_per_km = models.FloatField()
    duration_s = models.FloatField()
    distance_m = models.FloatField()
    zone = models.CharField(max_length=8, choices=Zone.choices)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="session_segment_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(pace_s_per_km__gt=0, duration_s__gt=0, distance_m__gt=0),
                name="session_segment_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} #{self.position}"


# --- Planning and editing -------------------------------------------------------------


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


@dataclass(frozen=True)
class BlockDraft:
    """A planned block not yet stored: the live preview shows it, create stores it."""

    runner: Runner
    choices: BlockChoices
    plan: scheduling.BlockPlan
    workouts: dict[scheduling.Workout, PlannedWorkout]


MINUTES_RANGE = (1, 600)

# An edit: the block's sessions as they would be after it, and the writes that make it so.
_Edit = tuple[list[scheduling.PlannedSession], Callable[[], "ScheduledSession"]]


def _session_in(sessions: dict[int, ScheduledSession], session_id: int) -> ScheduledSession:
    try:
        return sessions[session_id]
    except KeyError:
        raise BlockRefused("That session is not in this block.") from None


def _check_minutes(minutes: int | None, what: str) -> None:
    low, high = MINUTES_RANGE
    if minutes is not None and not low <= minutes <= high:
        raise BlockRefused(f"{what} must last {low} to {high} minutes, not {minutes}.")


def plan_workout(
    template: WorkoutTemplate, runner_paces: paces.TrainingPaces, minutes: int | None = None
) -> PlannedWorkout:
    """Resolve a template for a runner, stretched to ``minutes`` when the coach sets them."""
    _check_minutes(minutes, template.name)
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
    return PlannedWorkout(template, resolved, workout)


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
    _check_minutes(choices.easy_minutes, "The easy run")
    _check_minutes(choices.long_minutes, "The long run")
    try:
        runner_paces = runner.training_paces()
    except paces.InvalidRace as error:
        raise BlockRefused(f"{runner.name}'s race result cannot set paces: {error}") from error
    easy = plan_workout(choices.easy_template, runner_paces, choices.easy_minutes)
    long = (
        plan_workout(choices.long_template, runner_paces, choices.long_minutes)
        if choices.long_template is not None
        else None
    )
    progressions = [plan_workout(t, runner_paces) for t in choices.progression_templates]
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
    )
    try:
        plan = scheduling.plan_block(request)
    except scheduling.SchedulingError as error:
        raise BlockRefused(str(error)) from error
    workouts = {p.workout: p for p in [easy, *progressions, *([long] if long else [])]}
    return BlockDraft(runner, choices, plan, workouts)


def _session_rows(
    block: TrainingBlock, placed: list[tuple[date, PlannedWorkout]]
) -> list[ScheduledSession]:
    """Store sessions and their resolved segments; the caller holds the transaction."""
    sessions = ScheduledSession.objects.bulk_create(
        [
            ScheduledSession(
                block=block,
                date=day,
                kind=planned.template.kind,
                title=planned.template.name,
                template=planned.template,
                total_seconds=planned.resolved.total_seconds,
                aerobic_seconds=planned.resolved.aerobic_seconds,
                hard_seconds=planned.resolved.hard_seconds,
                distance_m=planned.resolved.distance_m,
            )
            for day, planned in placed
        ]
    )
    SessionSegment.objects.bulk_create(
        [
            SessionSegment(
                session=session,
                position=segment.position,
                pace_s_per_km=segment.pace_s_per_km,
                duration_s=segment.duration_s,
                distance_m=segment.distance_m,
                zone=segment.zone,
            )
            for session, (_, planned) in zip(sessions, placed, strict=True)
            for segment in planned.resolved.segments
        ]
    )
    return sessions
