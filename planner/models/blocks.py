"""Training blocks and the edits coaches make to them, each checked by the rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q

from planner import limits, rules
from planner.errors import BlockRefused
from planner.formatting import day as format_day
from planner.formatting import day_with_year, long_day
from planner.models.checks import empty_or_between, empty_or_session_minutes
from planner.models.choices import BlockStatus
from planner.models.drafts import BlockChoices, draft_block
from planner.models.edits import BlockEdits
from planner.models.rotation import BlockProgressionTemplate, RotationEntry
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession
from planner.models.templates import PlannedWorkout, WorkoutTemplate
from planner.weekdays import ALL_DAYS_MASK, days_to_mask, is_monday, mask_to_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User


_MINUTES_TEXT = f"{limits.SHORTEST_SESSION_MINUTES} to {limits.LONGEST_SESSION_MINUTES} minutes"


# The coach's choices a copy keeps; the runner, the start and the author are its own.
COPIED_CHOICES = (
    "weeks",
    "aerobic_floor_percent",
    "target_progression_runs",
    "run_days",
    "long_run_day",
    "progression_days",
    "easy_template_id",
    "easy_minutes",
    "long_template_id",
    "long_minutes",
)


class TrainingBlockQuerySet(models.QuerySet["TrainingBlock"]):
    def coached_by(self, user: User) -> TrainingBlockQuerySet:
        return self.filter(runner__coach=user)

    def overlapping(self, runner: Runner, start: date, end: date) -> TrainingBlockQuerySet:
        return self.filter(runner=runner, start__lte=end, end__gte=start)

    def overlap_problem(self, runner: Runner, start: date, weeks: int) -> str | None:
        """Why a new block from ``start`` clashes with the runner's others, or None."""
        end = start + timedelta(days=7 * weeks - 1)
        clash = self.overlapping(runner, start, end).order_by("start").first()
        if clash is None:
            return None
        return (
            f"{runner.name} already has a block from {format_day(clash.start)} to "
            f"{day_with_year(clash.end)}; a runner's blocks cannot overlap. "
            f"Start after {format_day(clash.end)} or shorten this block."
        )

    def refuse_overlap(self, runner: Runner, start: date, weeks: int) -> None:
        """Refuse a new block in weeks the runner already has one; call inside a transaction."""
        # Locking the runner serializes block creation per runner, so two coaches
        # cannot both slip a block into the same weeks.
        Runner.objects.select_for_update().filter(pk=runner.pk).first()
        problem = self.overlap_problem(runner, start, weeks)
        if problem is not None:
            raise BlockRefused(problem)

    def current_for(self, todays: dict[int, date], server_today: date) -> dict[int, TrainingBlock]:
        """Each runner's current block: the one running on their own today or, failing
        that, the next to start. ``todays`` maps runner ids to their local dates."""
        # Every runner's today lies within a day of the server's, so this bound keeps
        # each runner's current block; the exact choice is made per runner.
        current: dict[int, TrainingBlock] = {}
        candidates = self.filter(
            runner_id__in=list(todays), end__gte=server_today - timedelta(days=1)
        ).order_by("start")
        for block in candidates:
            # Blocks never overlap, so a runner's first block not yet over is the one.
            if block.end >= todays[block.runner_id] and block.runner_id not in current:
                current[block.runner_id] = block
        return current

    def rules_problems(self, blocks: list[TrainingBlock]) -> dict[int, str]:
        """The first broken rule of each block ("" when it keeps them all).

        Every checked change stores its verdict, so this reads the stored one; blocks
        whose verdict is older than their version are checked here, in two queries
        for all of them, and nothing is written (a GET changes nothing).
        """
        problems = {b.pk: b.rules_problem for b in blocks if b.verdict_is_current}
        stale = [b for b in blocks if not b.verdict_is_current]
        if not stale:
            return problems
        planned: dict[int, list[rules.PlannedSession]] = {b.pk: [] for b in stale}
        rows = ScheduledSession.objects.filter(block__in=stale).values_list(
            "block_id", "date", "kind", "title", "aerobic_seconds", "hard_seconds"
        )
        for block_id, day, kind, title, aerobic, hard in rows:
            workout = rules.Workout(title, kind, aerobic / 60, hard / 60)
            planned[block_id].append(rules.PlannedSession(day, workout))
        neighbours = ScheduledSession.objects.key_days_next_to_blocks(stale)
        for block in stale:
            broken = block.check_planned(planned[block.pk], neighbours[block.pk])
            problems[block.pk] = broken[0].message if broken else ""
        return problems

    @transaction.atomic
    def create_planned(
        self, runner: Runner, choices: BlockChoices, created_by: User | None
    ) -> TrainingBlock:
        """Plan and store a block whole, or refuse and store nothing."""
        self.refuse_overlap(runner, choices.start, choices.weeks)
        draft = draft_block(runner, choices)
        block = self.create(
            runner=runner,
            start=choices.start,
            weeks=choices.weeks,
            aerobic_floor_percent=choices.aerobic_floor_percent,
            target_progression_runs=choices.progression_runs,
            run_days=days_to_mask(choices.run_days),
            long_run_day=choices.long_run_day,
            progression_days=(
                None if choices.progression_days is None else days_to_mask(choices.progression_days)
            ),
            easy_template=choices.easy_template,
            easy_minutes=choices.easy_minutes,
            long_template=choices.long_template,
            long_minutes=choices.long_minutes,
            created_by=created_by,
            # plan_block verified its plan with the rules' checker.
            rules_checked_version=1,
        )
        block.set_rotation(choices.rotation())
        ScheduledSession.objects.store(block.pk, draft.placed())
        return block


class TrainingBlock(BlockEdits):
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="blocks")
    start = models.DateField(help_text="A Monday.")
    weeks = models.PositiveSmallIntegerField(default=4)
    # The last day, kept beside start so "the block on this date" is one indexed query.
    end = models.DateField(editable=False)
    aerobic_floor_percent = models.PositiveSmallIntegerField(default=80)
    target_progression_runs = models.PositiveSmallIntegerField(default=6)
    run_days = models.PositiveSmallIntegerField()
    long_run_day = models.PositiveSmallIntegerField(null=True, blank=True)
    # Weekdays progression runs may fall on, a bit per weekday; None: any run day but
    # the long run's.
    progression_days = models.PositiveSmallIntegerField(null=True, blank=True)
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
    # The checker's verdict on one version of the block ("" = keeps every rule),
    # written when a change is checked, so a page listing many blocks reads it
    # instead of re-checking every session of every block.
    rules_checked_version = models.PositiveIntegerField(default=0, editable=False)
    rules_problem = models.CharField(
        max_length=limits.RULES_PROBLEM_LENGTH, blank=True, editable=False
    )
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
                condition=Q(weeks__gte=limits.MIN_WEEKS, weeks__lte=limits.MAX_WEEKS),
                name="block_weeks_1_to_16",
                violation_error_message=(
                    f"A block lasts {limits.MIN_WEEKS} to {limits.MAX_WEEKS} weeks."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    aerobic_floor_percent__gte=limits.LOWEST_FLOOR_PERCENT,
                    aerobic_floor_percent__lte=limits.HIGHEST_FLOOR_PERCENT,
                ),
                name="block_floor_70_to_80",
                violation_error_message=(
                    f"The aerobic floor is {limits.LOWEST_FLOOR_PERCENT} % "
                    f"to {limits.HIGHEST_FLOOR_PERCENT} %."
                ),
            ),
            models.CheckConstraint(
                condition=Q(target_progression_runs__lte=limits.MAX_PROGRESSION_RUNS),
                name="block_progression_runs_at_most_24",
                violation_error_message=(
                    f"A block holds at most {limits.MAX_PROGRESSION_RUNS} progression runs."
                ),
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
            models.CheckConstraint(
                condition=empty_or_between("progression_days", 1, ALL_DAYS_MASK),
                name="block_progression_days_mask",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="block_version_from_one"),
            models.CheckConstraint(
                condition=Q(easy_minutes__gte=limits.SHORTEST_SESSION_MINUTES)
                & Q(easy_minutes__lte=limits.LONGEST_SESSION_MINUTES),
                name="block_easy_minutes_range",
                violation_error_message=f"An easy run lasts {_MINUTES_TEXT}.",
            ),
            models.CheckConstraint(
                condition=empty_or_session_minutes("long_minutes"),
                name="block_long_minutes_range",
                violation_error_message=f"A long run lasts {_MINUTES_TEXT}.",
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
        return [entry.template for entry in self.rotation_entries()]

    def rotation_entries(self) -> list[RotationEntry]:
        """The progression templates in the coach's order, with the coach's lengths."""
        return [r.entry for r in self.rotation.select_related("template").order_by("position")]

    @property
    def progression_day_set(self) -> frozenset[int] | None:
        return None if self.progression_days is None else mask_to_days(self.progression_days)

    def set_rotation(self, entries: Iterable[RotationEntry]) -> None:
        BlockProgressionTemplate.objects.bulk_create(
            [
                BlockProgressionTemplate(
                    block=self, template=entry.template, minutes=entry.minutes, position=position
                )
                for position, entry in enumerate(entries, start=1)
            ]
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_published(self) -> bool:
        return self.status == BlockStatus.PUBLISHED

    # --- reading the block through the pure rules ---

    def week_summaries(self, sessions: Iterable[ScheduledSession]) -> tuple[rules.WeekSummary, ...]:
        return rules.summarize_weeks(self.start, self.weeks, [s.planned() for s in sessions])

    def record_verdict(self, violations: list[rules.Violation]) -> None:
        """Keep the checker's verdict on this version (not saved here)."""
        problem = violations[0].message if violations else ""
        self.rules_problem = problem[: limits.RULES_PROBLEM_LENGTH]
        self.rules_checked_version = self.version

    @property
    def verdict_is_current(self) -> bool:
        return self.rules_checked_version == self.version

    def violations(
        self,
        sessions: Iterable[ScheduledSession],
        neighbours: frozenset[date] | None = None,
    ) -> list[rules.Violation]:
        """The rules this block breaks; pages listing many blocks pass the neighbours
        they fetched in one query, so each block costs no query of its own."""
        return self.check_planned([s.planned() for s in sessions], neighbours)

    def check_planned(
        self,
        planned: list[rules.PlannedSession],
        neighbours: frozenset[date] | None = None,
    ) -> list[rules.Violation]:
        # Edits are held to the floor and the 48-hour rule (across blocks too); the
        # long-run day is a planning preference the coach may move away from.
        if neighbours is None:
            neighbours = ScheduledSession.objects.key_days_next_to(
                self.runner_id, self.start, self.weeks, exclude_block_id=self.pk
            )
        return rules.check_block(
            self.start, self.weeks, planned, self.aerobic_floor, neighbour_key_days=neighbours
        )

    # --- publishing and copying ---

    def publish(self, *, by: User | None = None, version: int | None = None) -> None:
        with transaction.atomic():
            block = self._lock(version)
            broken = block.violations(block.sessions.all())
            if broken:
                raise BlockRefused(
                    "This block breaks the rules and cannot be published: "
                    + " ".join(v.message for v in broken)
                )
            block.status = BlockStatus.PUBLISHED
            block._bump(by, "publish", "Published the block", rules_kept=True)
        self.status, self.version = block.status, block.version

    def unpublish(self, *, by: User | None = None, version: int | None = None) -> None:
        with transaction.atomic():
            block = self._lock(version)
            block.status = BlockStatus.DRAFT
            block._bump(by, "unpublish", "Took the block back to draft")
        self.status, self.version = block.status, block.version

    def copy_to(self, runner: Runner, start: date, *, by: User | None = None) -> TrainingBlock:
        """The same sessions on the same weekdays from ``start``, resolved for ``runner``.

        Stored as a draft, checked by the same rules, whole or not at all.
        """
        if not is_monday(start):
            raise BlockRefused(f"A block starts on a Monday; {long_day(start)} is not.")
        problem = limits.block_dates_problem(start, self.weeks)
        if problem is not None:
            raise BlockRefused(problem)
        with transaction.atomic():
            TrainingBlock.objects.refuse_overlap(runner, start, self.weeks)
            targets = runner.planning_paces()
            placed: list[tuple[date, PlannedWorkout]] = []
            for session in self.sessions.select_related("template").order_by("date"):
                if session.template is None:
                    raise BlockRefused(
                        f"{session.title} on {format_day(session.date)} has no template any more "
                        "(it was deleted in the admin), so it cannot be copied."
                    )
                planned = session.template.plan_for(targets, session.minutes)
                placed.append((start + (session.date - self.start), planned))
            copy = TrainingBlock(
                runner=runner,
                start=start,
                created_by=by,
                rules_checked_version=1,  # checked just below, before it is saved
                **{name: getattr(self, name) for name in COPIED_CHOICES},
            )
            broken = copy.check_planned([rules.PlannedSession(d, p.workout) for d, p in placed])
            if broken:
                raise BlockRefused(
                    f"Copied for {runner.name}, the block would break the rules: "
                    + " ".join(v.message for v in broken)
                    + " Change that session in this block first, or copy to another Monday."
                )
            copy.save()
            copy.set_rotation(self.rotation_entries())
            ScheduledSession.objects.store(copy.pk, placed)
        return copy
