"""Squads: a coach's training groups, and planning, publishing and editing the blocks of
every member from one request.

Each member's block is that runner's own: their run days, long-run day and paces, their
other blocks at the edges, checked by the same rules as a block planned alone. Every
member's block is written in its own transaction, so one member who cannot be planned
or stored never leaves anything half-saved, for them or anyone else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import Q, prefetch_related_objects

from planner.errors import BlockRefused
from planner.formatting import weekday_name
from planner.limits import NAME_LENGTH
from planner.models.blocks import TrainingBlock
from planner.models.choices import BlockStatus
from planner.models.drafts import BlockChoices, BlockDraft, draft_block
from planner.models.edits import change_session, copy_block
from planner.models.runners import Runner
from planner.models.templates import WorkoutTemplate
from planner.weekdays import ALL_DAYS_MASK, days_to_mask, mask_to_days

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class SquadQuerySet(models.QuerySet["Squad"]):
    def coached_by(self, user: User) -> SquadQuerySet:
        return self.filter(coach=user)


class Squad(models.Model):
    """A coach's training group; a runner may be in several."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="squads"
    )
    name = models.CharField(max_length=NAME_LENGTH)
    # The weekdays the group runs its progression runs together, a bit per weekday
    # (bit 0 = Monday); 0: none, each member on their own days.
    group_days = models.PositiveSmallIntegerField(default=0)
    members = models.ManyToManyField(Runner, through="SquadMember", related_name="squads")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SquadQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coach", "name"], name="squad_name_unique_per_coach"),
            models.CheckConstraint(
                condition=Q(group_days__lte=ALL_DAYS_MASK), name="squad_group_days_are_weekdays"
            ),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def group_day_set(self) -> frozenset[int]:
        return mask_to_days(self.group_days)

    def add_member(self, runner: Runner) -> bool:
        """Add one of the coach's runners; False when they were a member already.

        Another coach's runner is refused with the words a runner that does not exist
        gets, so the refusal says nothing about other coaches' runners."""
        if runner.coach_id != self.coach_id:
            raise BlockRefused(NO_SUCH_RUNNER)
        _, created = SquadMember.objects.get_or_create(squad=self, runner=runner)
        return created

    def remove_member(self, runner_id: int) -> bool:
        deleted, _ = SquadMember.objects.filter(squad=self, runner_id=runner_id).delete()
        return deleted > 0

    def member_list(self) -> list[Runner]:
        return list(self.members.order_by("name", "pk"))


NO_SUCH_RUNNER = "There is no such runner among yours."


class SquadMember(models.Model):
    squad = models.ForeignKey(Squad, on_delete=models.CASCADE, related_name="memberships")
    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="squad_memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["squad", "runner"], name="squad_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.runner_id} in {self.squad_id}"


# --- planning every member ---


@dataclass(frozen=True)
class MemberOutcome:
    """One member's answer: planned (``draft``) or refused (``refusal``, the rule and the
    fix for that runner); after creating, ``block`` is the stored draft."""

    runner: Runner
    draft: BlockDraft | None = None
    refusal: str = ""
    block: TrainingBlock | None = None

    @property
    def first_name(self) -> str:
        return first_name(self.runner)


def first_name(runner: Runner) -> str:
    words = runner.name.split()
    return words[0] if words else runner.name


def _day_list(days: Iterable[int]) -> str:
    names = [weekday_name(day) for day in sorted(days)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def member_choices(
    runner: Runner, shared: BlockChoices, group_days: frozenset[int]
) -> BlockChoices:
    """The squad's choices made this runner's: their run days and long-run day; the group
    days that are their run days (and not their long-run day) become their progression
    days. Refused when none is."""
    run_days = mask_to_days(runner.run_days)
    long_day = runner.long_run_day if runner.long_run_day in run_days else None
    progression_days = None
    if group_days:
        usable = frozenset(d for d in group_days if d in run_days and d != long_day)
        if not usable:
            days = _day_list(group_days)
            plural = "s" if len(group_days) > 1 else ""
            why = (
                f"{days} is their long-run day"
                if group_days == {long_day}
                else f"no run day on {days}"
            )
            raise BlockRefused(
                f"{why}, the group day{plural}; add it to {first_name(runner)}'s run days "
                f"or plan {first_name(runner)} on their own days."
            )
        progression_days = usable
    has_long = long_day is not None and shared.long_template is not None
    return replace(
        shared,
        run_days=run_days,
        long_run_day=long_day if has_long else None,
        long_template=shared.long_template if has_long else None,
        long_minutes=shared.long_minutes if has_long else None,
        progression_days=progression_days,
    )


def _templates_read_once(shared: BlockChoices) -> None:
    """Read the chosen templates' segments once for every member, not once per member."""
    chosen: list[WorkoutTemplate] = [shared.easy_template, *shared.progression_templates]
    if shared.long_template is not None:
        chosen.append(shared.long_template)
    prefetch_related_objects(chosen, "segments")


def plan_member(runner: Runner, shared: BlockChoices, group_days: frozenset[int]) -> MemberOutcome:
    try:
        choices = member_choices(runner, shared, group_days)
        overlap = TrainingBlock.objects.overlap_problem(runner, choices.start, choices.weeks)
        if overlap is not None:
            raise BlockRefused(overlap)
        return MemberOutcome(runner, draft=draft_block(runner, choices))
    except BlockRefused as refusal:
        return MemberOutcome(runner, refusal=str(refusal))


def plan_squad(
    members: list[Runner], shared: BlockChoices, group_days: frozenset[int]
) -> list[MemberOutcome]:
    """Every member's block as creating would store it, or why it cannot be; nothing
    stored (the live preview)."""
    _templates_read_once(shared)
    return [plan_member(runner, shared, group_days) for runner in members]


def create_squad_drafts(
    squad: Squad, shared: BlockChoices, group_days: frozenset[int], by: User | None
) -> list[MemberOutcome]:
    """A draft block for every member who can have one, each in its own transaction;
    the others named with the reason. The squad keeps the group days it was planned on."""
    _templates_read_once(shared)
    if squad.group_days != days_to_mask(group_days):
        squad.group_days = days_to_mask(group_days)
        squad.save(update_fields=["group_days"])
    outcomes = []
    for runner in squad.member_list():
        try:
            choices = member_choices(runner, shared, group_days)
            block = TrainingBlock.objects.create_planned(runner, choices, created_by=by)
        except BlockRefused as refusal:
            outcomes.append(MemberOutcome(runner, refusal=str(refusal)))
        except DatabaseError:
            # create_planned's transaction rolled back whole: nothing of theirs is stored.
            outcomes.append(
                MemberOutcome(
                    runner,
                    refusal="the block could not be stored, so nothing was saved for "
                    f"{first_name(runner)}; create again to retry.",
                )
            )
        else:
            outcomes.append(MemberOutcome(runner, block=block))
    return outcomes


# --- the squad's blocks: those of its members that cover a week ---


def blocks_covering(squad: Squad, monday: date) -> list[TrainingBlock]:
    sunday = monday + timedelta(days=6)
    return list(
        TrainingBlock.objects.filter(
            runner__squad_memberships__squad=squad, start__lte=sunday, end__gte=monday
        )
        .select_related("runner")
        .order_by("runner__name", "runner_id", "start")
    )


def publish_squad(squad: Squad, monday: date, by: User | None) -> list[TrainingBlock]:
    """Publish every draft block of the squad's members that covers the week, in one
    transaction: all of them, or none when one breaks a rule (named)."""
    with transaction.atomic():
        drafts = [b for b in blocks_covering(squad, monday) if b.status == BlockStatus.DRAFT]
        if not drafts:
            raise BlockRefused("No draft blocks in this week to publish.")
        for block in drafts:
            try:
                block.publish(by=by)
            except BlockRefused as refusal:
                raise BlockRefused(
                    f"{block.runner.name}: {refusal} Nothing was published."
                ) from refusal
    return drafts


@dataclass(frozen=True)
class MemberEdit:
    runner: Runner
    done: bool
    reason: str = ""


def change_group_day(
    squad: Squad, day: date, template: WorkoutTemplate, minutes: int | None, by: User | None
) -> list[MemberEdit]:
    """Change the progression run on ``day`` for every member who has one, each block
    checked by the same rules in its own transaction; a member whose block would break,
    or whose session is logged, is left as it was and named with the reason."""
    if template.kind != "progression":
        raise BlockRefused(f"{template.name} is not a progression workout.")
    results = []
    for block in blocks_covering(squad, day - timedelta(days=day.weekday())):
        session = block.sessions.filter(date=day, kind="progression").first()
        if session is None:
            continue
        try:
            change_session(
                block, session.pk, template=template, minutes=minutes, version=block.version, by=by
            )
        except BlockRefused as refusal:
            results.append(MemberEdit(block.runner, False, str(refusal)))
        else:
            results.append(MemberEdit(block.runner, True))
    return results


def copy_squad_forward(
    squad: Squad, monday: date, start: date, by: User | None
) -> list[MemberEdit]:
    """Copy each member's block covering the week to ``start`` (each whole or not at all)."""
    results = []
    for block in blocks_covering(squad, monday):
        try:
            copy_block(block, block.runner, start, by=by)
        except BlockRefused as refusal:
            results.append(MemberEdit(block.runner, False, str(refusal)))
        else:
            results.append(MemberEdit(block.runner, True))
    return results


def next_start(blocks: list[TrainingBlock], monday: date) -> date:
    """The Monday after the last of these blocks ends (the week after next, with none)."""
    last = max((b.end for b in blocks), default=monday + timedelta(days=6))
    return last + timedelta(days=7 - last.weekday())
