"""Training blocks: their data, their reading through the rules, and what every checked
change of one does (lock, check once, bump, record), which publishing and the edits in
``planner.models.edits`` go through."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q

from planner import limits, rules
from planner.errors import BlockRefused, StaleBlock
from planner.formatting import day as format_day
from planner.formatting import day_with_year
from planner.models.checks import empty_or_between, empty_or_session_minutes
from planner.models.choices import BlockStatus
from planner.models.drafts import BlockChoices, draft_block
from planner.models.history import BlockChange
from planner.models.rotation import BlockProgressionTemplate, RotationEntry
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession
from planner.models.templates import WorkoutTemplate
from planner.weekdays import ALL_DAYS_MASK, days_to_mask, mask_to_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User


_MINUTES_TEXT = f"{limits.SHORTEST_SESSION_MINUTES} to {limits.LONGEST_SESSION_MINUTES} minutes"


class ChangeCheck(NamedTuple):
    """What a checked change's one check learnt, kept on the block instance for the page
    drawn right after it: the version it holds for, the neighbouring key days, and that
    version's verdict when the change was made (None: refused, so what it checked was
    never stored)."""

    version: int
    neighbours: frozenset[date]
    violations: list[rules.Violation] | None


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
        overridden: set[int] = set()
        rows = ScheduledSession.objects.filter(block__in=stale).values_list(
            "block_id", "date", "kind", "title", "aerobic_seconds", "hard_seconds",
            "block__runner__easy_pace_override_s_per_km",
        )  # fmt: skip
        for block_id, day, kind, title, aerobic, hard, override in rows:
            workout = rules.Workout(title, kind, aerobic / 60, hard / 60)
            planned[block_id].append(rules.PlannedSession(day, workout))
            if override is not None:
                overridden.add(block_id)
        neighbours = ScheduledSession.objects.key_days_next_to_blocks(stale)
        for block in stale:
            broken = block.check_planned(
                planned[block.pk], neighbours[block.pk], block.pk in overridden
            )
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


# What a bump writes.
_BUMPED_FIELDS = ("version", "status", "updated_at", "rules_checked_version", "rules_problem")


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

    # What the last checked change through this instance learnt; not a field.
    _checked: ChangeCheck | None = None

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

    @property
    def verdict_is_current(self) -> bool:
        return self.rules_checked_version == self.version

    def violations(
        self,
        sessions: Iterable[ScheduledSession],
        neighbours: frozenset[date] | None = None,
    ) -> list[rules.Violation]:
        """The rules this block breaks; pages listing many blocks pass the neighbours
        they fetched in one query, so each block costs no query of its own. Right after
        a change through this instance, the verdict its check found for this version."""
        known = self._checked
        if known and known.version == self.version and known.violations is not None:
            return known.violations
        return self.check_planned([s.planned() for s in sessions], neighbours)

    def check_planned(
        self,
        planned: list[rules.PlannedSession],
        neighbours: frozenset[date] | None = None,
        easy_pace_overridden: bool | None = None,
    ) -> list[rules.Violation]:
        # Edits are held to the floor and the 48-hour rule (across blocks too); the
        # long-run day is a planning preference the coach may move away from.
        if easy_pace_overridden is None:
            easy_pace_overridden = self.runner.easy_pace_override_s_per_km is not None
        return rules.check_block(
            self.start,
            self.weeks,
            planned,
            self.aerobic_floor,
            neighbour_key_days=self.neighbour_key_days() if neighbours is None else neighbours,
            easy_pace_overridden=easy_pace_overridden,
        )

    def neighbour_key_days(self) -> frozenset[date]:
        """Key days next to this block, outside it; right after a checked change through
        this instance, the ones its check fetched."""
        if self._checked and self._checked.version == self.version:
            return self._checked.neighbours
        return ScheduledSession.objects.key_days_next_to(
            self.runner_id, self.start, self.weeks, exclude_block_id=self.pk
        )

    # --- publishing ---

    def publish(self, *, by: User | None = None, version: int | None = None) -> None:
        with transaction.atomic():
            sessions = self.lock(version)
            self.check_change(
                [s.planned() for s in sessions],
                "This block breaks the rules and cannot be published: {}",
            )
            self.status = BlockStatus.PUBLISHED
            self.record_change(by, "publish", "Published the block", rules_kept=True)

    def unpublish(self, *, by: User | None = None, version: int | None = None) -> None:
        with transaction.atomic():
            self.lock(version)
            self.status = BlockStatus.DRAFT
            self.record_change(by, "unpublish", "Took the block back to draft")

    # --- what every checked change does, in one transaction the caller holds ---

    def lock(self, version: int | None) -> list[ScheduledSession]:
        """Lock the block, read it afresh, refuse it if the coach saw another version, and
        give its sessions in date order."""
        self._checked = None
        locked = TrainingBlock.objects.select_related("runner").select_for_update(of=("self",))
        self.refresh_from_db(from_queryset=locked)
        if version is not None and self.version != version:
            raise StaleBlock(
                "This block changed since you opened it (you had version "
                f"{version}, it is now at version {self.version}). Here is the "
                "current block; make your change again if it still applies."
            )
        return list(self.sessions.order_by("date"))

    def check_change(
        self, after: list[rules.PlannedSession], refusal: str = "{} Nothing was changed."
    ) -> None:
        """Hold the block as the change would leave it to the rules: the change's one check."""
        neighbours = self.neighbour_key_days()
        broken = self.check_planned(after, neighbours)
        self._checked = ChangeCheck(self.version, neighbours, None)
        if broken:
            reasons = " ".join(v.message for v in broken)
            raise BlockRefused(refusal.format(reasons), tuple(broken))

    def record_change(
        self,
        by: User | None,
        action: str,
        summary: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        rules_kept: bool = False,
    ) -> None:
        """Raise the version and, once runners can see the block, record the change.

        Every caller has just checked the block against the rules or changed only
        its status, so the stored verdict moves to the new version.
        """
        verdict_is_current = self.rules_checked_version == self.version
        self.version += 1
        if verdict_is_current or rules_kept:
            self.rules_checked_version = self.version
        if rules_kept:
            self.rules_problem = ""
        if rules_kept and self._checked:  # the block just checked is the block now stored
            self._checked = ChangeCheck(self.version, self._checked.neighbours, [])
        self.save(update_fields=_BUMPED_FIELDS)
        if self.is_published or action == "unpublish":
            BlockChange.objects.create(
                block_id=self.pk,
                version=self.version,
                by=by,
                action=action,
                summary=summary,
                before=before,
                after=after,
            )
