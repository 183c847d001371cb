"""What a coach does to a stored block: the edits of rule 3 (move, change, add, remove a
session, update the paces) and the copy, one plain function each.

Each edit runs in one transaction from start to end: ``block.lock`` (the block afresh,
refused if the coach saw another version), ``block.check_change`` (the block as the edit
would leave it, held to the rules once), the writes, then ``block.record_change`` (the
version bumped and, once runners can see the block, the history entry).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from django.db import transaction
from django.db.models import prefetch_related_objects

from planner import limits, rules
from planner.errors import BlockRefused
from planner.formatting import day as format_day
from planner.formatting import long_day
from planner.models.blocks import TrainingBlock
from planner.models.choices import SessionStatus
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession
from planner.models.templates import PlannedWorkout, WorkoutTemplate
from planner.weekdays import is_monday

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class SessionChoice(TypedDict):
    """What a coach picks for a session they change or add: the workout, its length
    (None: the template's own), the block version they saw, and who they are."""

    template: WorkoutTemplate
    minutes: int | None
    version: int
    by: NotRequired[User | None]


def move_session(
    block: TrainingBlock, session_id: int, to: date, *, version: int, by: User | None = None
) -> ScheduledSession:
    with transaction.atomic():
        sessions = block.lock(version)
        session = _editable(block, sessions, session_id)
        _refuse_busy_day(block, to, sessions, moving=session)
        block.check_change([s.planned(on=to if s is session else None) for s in sessions])
        before = session_snapshot(session)
        summary = f"Moved {session.title} from {format_day(session.date)} to {format_day(to)}"
        session.date, session.sequence = to, session.sequence + 1
        session.save(update_fields=["date", "sequence"])
        after = session_snapshot(session)
        block.record_change(by, "move", summary, before=before, after=after, rules_kept=True)
    return session


def change_session(
    block: TrainingBlock, session_id: int, **choice: Unpack[SessionChoice]
) -> ScheduledSession:
    with transaction.atomic():
        sessions = block.lock(choice["version"])
        session = _editable(block, sessions, session_id)
        planned = _resolved(block, choice)
        changed = rules.PlannedSession(session.date, planned.workout)
        block.check_change([changed if s is session else s.planned() for s in sessions])
        before = session_snapshot(session)
        summary = (
            f"Changed {format_day(session.date)} from {session.title} "
            f"({session.total_minutes:.0f} min) to {planned.title} "
            f"({planned.resolved.total_seconds / 60:.0f} min)"
        )
        after = session_snapshot(session.rewrite(planned))
        block.record_change(
            choice.get("by"), "change", summary, before=before, after=after, rules_kept=True
        )
    return session


def add_session(
    block: TrainingBlock, day: date, **choice: Unpack[SessionChoice]
) -> ScheduledSession:
    with transaction.atomic():
        sessions = block.lock(choice["version"])
        _refuse_busy_day(block, day, sessions)
        planned = _resolved(block, choice)
        block.check_change(
            [*(s.planned() for s in sessions), rules.PlannedSession(day, planned.workout)]
        )
        [session] = ScheduledSession.objects.store(block.pk, [(day, planned)])
        summary = f"Added {choice['template'].name} on {format_day(day)}"
        after = session_snapshot(session)
        block.record_change(choice.get("by"), "add", summary, after=after, rules_kept=True)
    return session


def remove_session(
    block: TrainingBlock, session_id: int, *, version: int, by: User | None = None
) -> None:
    with transaction.atomic():
        sessions = block.lock(version)
        session = _editable(block, sessions, session_id)
        block.check_change([s.planned() for s in sessions if s is not session])
        before = session_snapshot(session)
        summary = f"Removed {session.title} from {format_day(session.date)}"
        session.delete()
        block.record_change(by, "remove", summary, before=before, rules_kept=True)


def refresh_paces(
    block: TrainingBlock, from_day: date, *, version: int, by: User | None = None
) -> int:
    """Resolve the sessions from ``from_day`` on again with the runner's current paces
    (after a new race result), keeping each session's workout and minutes.

    Sessions already run, or logged, keep the paces they were run at. Returns how
    many changed.
    """
    with transaction.atomic():
        sessions = block.lock(version)
        targets = block.runner.planning_paces()
        # Only this edit resolves every template again; fetch them in two queries.
        prefetch_related_objects(sessions, "template__segments")
        changed = {
            session: session.template.plan_for(targets, session.minutes)
            for session in sessions
            if session.template is not None
            and session.date >= from_day
            and session.status == SessionStatus.PLANNED
        }
        if not changed:
            raise BlockRefused(f"No sessions from {format_day(from_day)} on to update.")
        block.check_change(
            [
                rules.PlannedSession(s.date, changed[s].workout) if s in changed else s.planned()
                for s in sessions
            ]
        )
        for session, planned in changed.items():
            session.rewrite(planned)
        summary = (
            f"Updated the paces of {len(changed)} sessions from {format_day(from_day)} on "
            f"to the race result of {block.runner.race_date:%d %b %Y}"
        )
        block.record_change(by, "repace", summary, rules_kept=True)
    return len(changed)


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


def copy_block(
    block: TrainingBlock, runner: Runner, start: date, *, by: User | None = None
) -> TrainingBlock:
    """The same sessions on the same weekdays from ``start``, resolved for ``runner``.

    Stored as a draft, checked by the same rules, whole or not at all.
    """
    if not is_monday(start):
        raise BlockRefused(f"A block starts on a Monday; {long_day(start)} is not.")
    problem = limits.block_dates_problem(start, block.weeks)
    if problem is not None:
        raise BlockRefused(problem)
    with transaction.atomic():
        TrainingBlock.objects.refuse_overlap(runner, start, block.weeks)
        targets = runner.planning_paces()
        placed: list[tuple[date, PlannedWorkout]] = []
        for session in block.sessions.select_related("template").order_by("date"):
            if session.template is None:
                raise BlockRefused(
                    f"{session.title} on {format_day(session.date)} has no template any more "
                    "(it was deleted in the admin), so it cannot be copied."
                )
            planned = session.template.plan_for(targets, session.minutes)
            placed.append((start + (session.date - block.start), planned))
        copy = TrainingBlock(
            runner=runner,
            start=start,
            created_by=by,
            rules_checked_version=1,  # checked just below, before it is saved
            **{name: getattr(block, name) for name in COPIED_CHOICES},
        )
        broken = copy.check_planned([rules.PlannedSession(d, p.workout) for d, p in placed])
        if broken:
            raise BlockRefused(
                f"Copied for {runner.name}, the block would break the rules: "
                + " ".join(v.message for v in broken)
                + " Change that session in this block first, or copy to another Monday."
            )
        copy.save()
        copy.set_rotation(block.rotation_entries())
        ScheduledSession.objects.store(copy.pk, placed)
    return copy


def session_snapshot(session: ScheduledSession) -> dict[str, Any]:
    """What the history keeps of a session: enough to say what changed."""
    return {
        "date": session.date.isoformat(),
        "title": session.title,
        "minutes": round(session.total_seconds / 60),
        "hard_minutes": round(session.hard_seconds / 60),
    }


def _resolved(block: TrainingBlock, choice: SessionChoice) -> PlannedWorkout:
    """The workout the coach picked, resolved with the runner's current paces."""
    return choice["template"].plan_for(block.runner.planning_paces(), choice["minutes"])


def _editable(
    block: TrainingBlock, sessions: Sequence[ScheduledSession], session_id: int
) -> ScheduledSession:
    """The block's session with this id, if the runner has not logged it."""
    session = next((s for s in sessions if s.pk == session_id), None)
    if session is None:
        raise BlockRefused("That session is not in this block.")
    # A session the runner has logged (done or skipped) is history: no edit touches it.
    if session.status != SessionStatus.PLANNED:
        raise BlockRefused(
            f"{format_day(session.date)} was logged as {session.status} by {block.runner.name}; "
            "a logged session is history and cannot be changed."
        )
    return session


def _refuse_busy_day(
    block: TrainingBlock,
    day: date,
    sessions: Sequence[ScheduledSession],
    moving: ScheduledSession | None = None,
) -> None:
    if not block.contains(day):
        raise BlockRefused(
            f"{format_day(day)} {day.year} is outside this block ({format_day(block.start)} to "
            f"{format_day(block.end)} {block.end.year})."
        )
    if moving is not None and moving.date == day:
        raise BlockRefused(f"{moving.title} is already on {format_day(day)}.")
    taken = next((s for s in sessions if s.date == day), None)
    if taken is not None:
        raise BlockRefused(
            f"{format_day(day)} already has {taken.title}; one session a day. Move or "
            "remove it first."
        )
