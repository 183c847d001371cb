"""Training blocks and the edits coaches make to them, each checked by the rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, prefetch_related_objects

from planner import scheduling
from planner.models.choices import BlockStatus
from planner.models.history import BlockChange
from planner.models.planning import (
    BlockChoices,
    BlockRefused,
    PlannedWorkout,
    StaleBlock,
    apply_workout,
    draft_block,
    neighbour_key_days,
    plan_workout,
    runner_paces,
    segment_rows,
    store_sessions,
)
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession, SessionSegment
from planner.models.templates import WorkoutTemplate
from planner.weekdays import ALL_DAYS_MASK, days_to_mask, mask_to_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def session_snapshot(session: ScheduledSession) -> dict[str, Any]:
    """What the history keeps of a session: enough to say what changed."""
    return {
        "date": session.date.isoformat(),
        "title": session.title,
        "minutes": round(session.total_seconds / 60),
        "hard_minutes": round(session.hard_seconds / 60),
    }


@dataclass(frozen=True)
class _Edit:
    """An edit: the block's sessions as they would be after it, and the writes that make it so."""

    after: list[scheduling.PlannedSession]
    apply: Callable[[], ScheduledSession | None]
    action: str
    summary: str
    before: ScheduledSession | None = None


def _session_in(sessions: dict[int, ScheduledSession], session_id: int) -> ScheduledSession:
    try:
        return sessions[session_id]
    except KeyError:
        raise BlockRefused("That session is not in this block.") from None


class TrainingBlockQuerySet(models.QuerySet["TrainingBlock"]):
    def coached_by(self, user: User) -> TrainingBlockQuerySet:
        return self.filter(runner__coach=user)

    def overlapping(self, runner: Runner, start: date, end: date) -> TrainingBlockQuerySet:
        return self.filter(runner=runner, start__lte=end, end__gte=start)

    def refuse_overlap(self, runner: Runner, start: date, weeks: int) -> None:
        """Refuse a new block in weeks the runner already has one; call inside a transaction."""
        # Locking the runner serializes block creation per runner, so two coaches
        # cannot both slip a block into the same weeks.
        Runner.objects.select_for_update().filter(pk=runner.pk).first()
        end = start + timedelta(days=7 * weeks - 1)
        clash = self.overlapping(runner, start, end).order_by("start").first()
        if clash is not None:
            raise BlockRefused(
                f"{runner.name} already has a block from {_day(clash.start)} to "
                f"{_day(clash.end)} {clash.end.year}; a runner's blocks cannot overlap. "
                f"Start after {_day(clash.end)} or shorten this block."
            )

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
            easy_template=choices.easy_template,
            easy_minutes=choices.easy_minutes,
            long_template=choices.long_template,
            long_minutes=choices.long_minutes,
            created_by=created_by,
            # plan_block verified its plan with the rules' checker.
            rules_checked_version=1,
        )
        block.set_rotation(choices.progression_templates)
        store_sessions(block, [(s.date, draft.workouts[s.workout]) for s in draft.plan.sessions])
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
    # The checker's verdict on one version of the block ("" = keeps every rule),
    # written when a change is checked, so a page listing many blocks reads it
    # instead of re-checking every session of every block.
    rules_checked_version = models.PositiveIntegerField(default=0, editable=False)
    rules_problem = models.CharField(max_length=500, blank=True, editable=False)
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

    def set_rotation(self, templates: Iterable[WorkoutTemplate]) -> None:
        BlockProgressionTemplate.objects.bulk_create(
            [
                BlockProgressionTemplate(block=self, template=template, position=position)
                for position, template in enumerate(templates, start=1)
            ]
        )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_published(self) -> bool:
        return self.status == BlockStatus.PUBLISHED

    # --- reading the block through the pure rules ---

    def week_summaries(
        self, sessions: Iterable[ScheduledSession]
    ) -> tuple[scheduling.WeekSummary, ...]:
        return scheduling.summarize_weeks(self.start, self.weeks, [s.planned() for s in sessions])

    def record_verdict(self, violations: list[scheduling.Violation]) -> None:
        """Keep the checker's verdict on this version (not saved here)."""
        self.rules_problem = violations[0].message[:500] if violations else ""
        self.rules_checked_version = self.version

    @property
    def verdict_is_current(self) -> bool:
        return self.rules_checked_version == self.version

    def violations(
        self,
        sessions: Iterable[ScheduledSession],
        neighbours: frozenset[date] | None = None,
    ) -> list[scheduling.Violation]:
        """The rules this block breaks; pages listing many blocks pass the neighbours
        they fetched in one query, so each block costs no query of its own."""
        return self.check_planned([s.planned() for s in sessions], neighbours)

    def check_planned(
        self,
        planned: list[scheduling.PlannedSession],
        neighbours: frozenset[date] | None = None,
    ) -> list[scheduling.Violation]:
        # Edits are held to the floor and the 48-hour rule (across blocks too); the
        # long-run day is a planning preference the coach may move away from.
        if neighbours is None:
            neighbours = neighbour_key_days(
                self.runner_id, self.start, self.weeks, exclude_block_id=self.pk
            )
        return scheduling.check_block(
            self.start, self.weeks, planned, self.aerobic_floor, neighbour_key_days=neighbours
        )

    # --- the edits of rule 3: each checked, all-or-nothing, each bumping the version ---

    def move_session(
        self, session_id: int, to: date, *, version: int, by: User | None = None
    ) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _session_in(sessions, session_id)
            block._check_free_day(to, sessions, moving=session)
            moved = [s.planned(on=to if s.pk == session.pk else None) for s in sessions.values()]

            def apply() -> ScheduledSession:
                session.date = to
                session.sequence += 1
                session.save(update_fields=["date", "sequence"])
                return session

            summary = f"Moved {session.title} from {_day(session.date)} to {_day(to)}"
            return _Edit(moved, apply, "move", summary, before=session)

        return _kept(self._edit(version, by, edit))

    def change_session(
        self,
        session_id: int,
        *,
        template: WorkoutTemplate,
        minutes: int | None,
        version: int,
        by: User | None = None,
    ) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _session_in(sessions, session_id)
            planned = plan_workout(template, runner_paces(block.runner), minutes)
            changed = [
                scheduling.PlannedSession(s.date, planned.workout)
                if s.pk == session.pk
                else s.planned()
                for s in sessions.values()
            ]
            summary = (
                f"Changed {_day(session.date)} from {session.title} "
                f"({session.total_minutes:.0f} min) to {template.name} "
                f"({planned.resolved.total_seconds / 60:.0f} min)"
            )
            return _Edit(
                changed, lambda: _rewrite(session, planned), "change", summary, before=session
            )

        return _kept(self._edit(version, by, edit))

    def add_session(
        self,
        day: date,
        *,
        template: WorkoutTemplate,
        minutes: int | None,
        version: int,
        by: User | None = None,
    ) -> ScheduledSession:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            block._check_free_day(day, sessions)
            planned = plan_workout(template, runner_paces(block.runner), minutes)
            added = [s.planned() for s in sessions.values()]
            added.append(scheduling.PlannedSession(day, planned.workout))
            summary = f"Added {template.name} on {_day(day)}"
            return _Edit(added, lambda: store_sessions(block, [(day, planned)])[0], "add", summary)

        return _kept(self._edit(version, by, edit))

    def remove_session(self, session_id: int, *, version: int, by: User | None = None) -> None:
        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _session_in(sessions, session_id)
            kept = [s.planned() for s in sessions.values() if s.pk != session.pk]

            def apply() -> None:
                session.delete()

            summary = f"Removed {session.title} from {_day(session.date)}"
            return _Edit(kept, apply, "remove", summary, before=session)

        self._edit(version, by, edit)

    def refresh_paces(self, from_day: date, *, version: int, by: User | None = None) -> int:
        """Resolve the sessions from ``from_day`` on again with the runner's current paces
        (after a new race result), keeping each session's workout and minutes.

        Sessions already run keep the paces they were run at. Returns how many changed.
        """
        changed: list[tuple[ScheduledSession, PlannedWorkout]] = []

        def edit(block: TrainingBlock, sessions: dict[int, ScheduledSession]) -> _Edit:
            targets = runner_paces(block.runner)
            # Only this edit resolves every template again; fetch them in two queries.
            prefetch_related_objects(list(sessions.values()), "template__segments")
            after = []
            for session in sessions.values():
                if session.date >= from_day and session.template is not None:
                    planned = plan_workout(session.template, targets, session.minutes)
                    changed.append((session, planned))
                    after.append(scheduling.PlannedSession(session.date, planned.workout))
                else:
                    after.append(session.planned())
            if not changed:
                raise BlockRefused(f"No sessions from {_day(from_day)} on to update.")

            def apply() -> None:
                for session, planned in changed:
                    _rewrite(session, planned)

            summary = (
                f"Updated the paces of {len(changed)} sessions from {_day(from_day)} on "
                f"to the race result of {block.runner.race_date:%d %b %Y}"
            )
            return _Edit(after, apply, "repace", summary)

        self._edit(version, by, edit)
        return len(changed)

    def _lock(self, version: int | None) -> TrainingBlock:
        block = (
            TrainingBlock.objects.select_related("runner")
            .select_for_update(of=("self",))
            .get(pk=self.pk)
        )
        if version is not None and block.version != version:
            raise StaleBlock(
                "This block changed since you opened it (you had version "
                f"{version}, it is now at version {block.version}). Here is the "
                "current block; make your change again if it still applies."
            )
        return block

    def _edit(
        self,
        version: int,
        by: User | None,
        edit: Callable[[TrainingBlock, dict[int, ScheduledSession]], _Edit],
    ) -> ScheduledSession | None:
        with transaction.atomic():
            block = self._lock(version)
            sessions = {s.pk: s for s in block.sessions.order_by("date")}
            planned = edit(block, sessions)
            broken = block.check_planned(planned.after)
            if broken:
                raise BlockRefused(
                    " ".join(v.message for v in broken) + " Nothing was changed.",
                    tuple(broken),
                )
            before = session_snapshot(planned.before) if planned.before else None
            result = planned.apply()
            block._bump(
                by,
                planned.action,
                planned.summary,
                before=before,
                after=session_snapshot(result) if result else None,
                rules_kept=True,
            )
        self.version = block.version
        return result

    def _bump(
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
        self.save(
            update_fields=[
                "version",
                "status",
                "updated_at",
                "rules_checked_version",
                "rules_problem",
            ]
        )
        if self.is_published or action == "unpublish":
            BlockChange.objects.create(
                block=self,
                by=by,
                action=action,
                summary=summary,
                before=before,
                after=after,
                version=self.version,
            )

    def _check_free_day(
        self,
        day: date,
        sessions: dict[int, ScheduledSession],
        moving: ScheduledSession | None = None,
    ) -> None:
        if not self.contains(day):
            raise BlockRefused(
                f"{_day(day)} {day.year} is outside this block ({_day(self.start)} to "
                f"{_day(self.end)} {self.end.year})."
            )
        if moving is not None and moving.date == day:
            raise BlockRefused(f"{moving.title} is already on {_day(day)}.")
        taken = next((s for s in sessions.values() if s.date == day), None)
        if taken is not None:
            raise BlockRefused(
                f"{_day(day)} already has {taken.title}; one session a day. Move or "
                "remove it first."
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
        if start.weekday() != 0:
            raise BlockRefused(f"A block starts on a Monday; {_day(start)} is a {start:%A}.")
        with transaction.atomic():
            TrainingBlock.objects.refuse_overlap(runner, start, self.weeks)
            targets = runner_paces(runner)
            placed: list[tuple[date, PlannedWorkout]] = []
            for session in self.sessions.select_related("template").order_by("date"):
                if session.template is None:
                    raise BlockRefused(
                        f"{session.title} on {_day(session.date)} has no template any more "
                        "(it was deleted in the admin), so it cannot be copied."
                    )
                planned = plan_workout(session.template, targets, session.minutes)
                placed.append((start + (session.date - self.start), planned))
            copy = TrainingBlock(
                runner=runner,
                start=start,
                weeks=self.weeks,
                aerobic_floor_percent=self.aerobic_floor_percent,
                target_progression_runs=self.target_progression_runs,
                run_days=self.run_days,
                long_run_day=self.long_run_day,
                easy_template_id=self.easy_template_id,
                easy_minutes=self.easy_minutes,
                long_template_id=self.long_template_id,
                long_minutes=self.long_minutes,
                created_by=by,
                rules_checked_version=1,  # checked just below, before it is saved
            )
            broken = copy.check_planned(
                [scheduling.PlannedSession(d, p.workout) for d, p in placed]
            )
            if broken:
                raise BlockRefused(
                    f"Copied for {runner.name}, the block would break the rules: "
                    + " ".join(v.message for v in broken)
                    + " Change that session in this block first, or copy to another Monday."
                )
            copy.save()
            copy.set_rotation(self.rotation_templates())
            store_sessions(copy, placed)
        return copy


def _kept(session: ScheduledSession | None) -> ScheduledSession:
    if session is None:  # only a removal returns nothing
        raise AssertionError("an edit that keeps a session returned none")
    return session


def _rewrite(session: ScheduledSession, planned: PlannedWorkout) -> ScheduledSession:
    """Give a session a new workout in place, so its id (and calendar UID) stay the same."""
    apply_workout(session, planned)
    session.sequence += 1
    session.save()
    session.segments.all().delete()
    SessionSegment.objects.bulk_create(segment_rows(session, planned.resolved))
    return session


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
