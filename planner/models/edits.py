"""The edits of rule 3: move, change, add, remove a session, and update the paces.

Each edit locks the block, checks the version the coach saw, builds the block as it
would be after the edit, holds it to the same checker as a generated plan, and only
then writes, all in one transaction, bumping the version and (once runners can see
the block) recording the change. ``TrainingBlock`` takes these as a mixin so the
block's own module keeps its data and its reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, NotRequired, Self, TypedDict, Unpack

from django.db import models, transaction
from django.db.models import prefetch_related_objects

from planner import rules
from planner.errors import BlockRefused, StaleBlock
from planner.formatting import day as format_day
from planner.models.choices import SessionStatus
from planner.models.history import BlockChange
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession
from planner.models.templates import PlannedWorkout, WorkoutTemplate

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def session_snapshot(session: ScheduledSession) -> dict[str, Any]:
    """What the history keeps of a session: enough to say what changed."""
    return {
        "date": session.date.isoformat(),
        "title": session.title,
        "minutes": round(session.total_seconds / 60),
        "hard_minutes": round(session.hard_seconds / 60),
    }


# What a bump writes; named here because TrainingBlock, not this mixin, defines the fields.
_BUMPED_FIELDS = ("version", "status", "updated_at", "rules_checked_version", "rules_problem")


class SessionChoice(TypedDict):
    """What a coach picks for a session they change or add: the workout, its length
    (None: the template's own), the block version they saw, and who they are."""

    template: WorkoutTemplate
    minutes: int | None
    version: int
    by: NotRequired[User | None]


@dataclass(frozen=True)
class _Edit:
    """An edit: the block's sessions as they would be after it, and the writes that make it so."""

    after: list[rules.PlannedSession]
    apply: Callable[[], ScheduledSession | None]
    action: str
    summary: str
    before: ScheduledSession | None = None


def _session_in(sessions: dict[int, ScheduledSession], session_id: int) -> ScheduledSession:
    try:
        return sessions[session_id]
    except KeyError:
        raise BlockRefused("That session is not in this block.") from None


def _not_logged(session: ScheduledSession, runner: Runner) -> ScheduledSession:
    """A session the runner has logged (done or skipped) is history: no edit touches it."""
    if session.status != SessionStatus.PLANNED:
        raise BlockRefused(
            f"{format_day(session.date)} was logged as {session.status} by {runner.name}; "
            "a logged session is history and cannot be changed."
        )
    return session


def _kept(session: ScheduledSession | None) -> ScheduledSession:
    if session is None:  # only a removal returns nothing
        raise AssertionError("an edit that keeps a session returned none")
    return session


class BlockEdits(models.Model):
    """Abstract: the checked edits every training block takes."""

    # Declared here for the type checker; TrainingBlock defines the fields.
    runner: Runner
    runner_id: int
    start: date
    end: date
    version: int
    status: str
    rules_checked_version: int
    rules_problem: str
    sessions: ClassVar[Any]

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        raise NotImplementedError

    def contains(self, day: date) -> bool:
        raise NotImplementedError

    def check_planned(
        self,
        planned: list[rules.PlannedSession],
        neighbours: frozenset[date] | None = None,
    ) -> list[rules.Violation]:
        raise NotImplementedError

    # --- the edits of rule 3: each checked, all-or-nothing, each bumping the version ---

    def move_session(
        self, session_id: int, to: date, *, version: int, by: User | None = None
    ) -> ScheduledSession:
        def edit(block: Self, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _not_logged(_session_in(sessions, session_id), block.runner)
            block._check_free_day(to, sessions, moving=session)
            moved = [s.planned(on=to if s.pk == session.pk else None) for s in sessions.values()]

            def apply() -> ScheduledSession:
                session.date = to
                session.sequence += 1
                session.save(update_fields=["date", "sequence"])
                return session

            summary = f"Moved {session.title} from {format_day(session.date)} to {format_day(to)}"
            return _Edit(moved, apply, "move", summary, before=session)

        return _kept(self._edit(version, by, edit))

    def change_session(self, session_id: int, **choice: Unpack[SessionChoice]) -> ScheduledSession:
        template, minutes = choice["template"], choice["minutes"]

        def edit(block: Self, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _not_logged(_session_in(sessions, session_id), block.runner)
            planned = template.plan_for(block.runner.planning_paces(), minutes)
            changed = [
                rules.PlannedSession(s.date, planned.workout) if s.pk == session.pk else s.planned()
                for s in sessions.values()
            ]
            summary = (
                f"Changed {format_day(session.date)} from {session.title} "
                f"({session.total_minutes:.0f} min) to {planned.title} "
                f"({planned.resolved.total_seconds / 60:.0f} min)"
            )
            return _Edit(
                changed, lambda: session.rewrite(planned), "change", summary, before=session
            )

        return _kept(self._edit(choice["version"], choice.get("by"), edit))

    def add_session(self, day: date, **choice: Unpack[SessionChoice]) -> ScheduledSession:
        template, minutes = choice["template"], choice["minutes"]

        def edit(block: Self, sessions: dict[int, ScheduledSession]) -> _Edit:
            block._check_free_day(day, sessions)
            planned = template.plan_for(block.runner.planning_paces(), minutes)
            added = [s.planned() for s in sessions.values()]
            added.append(rules.PlannedSession(day, planned.workout))
            summary = f"Added {template.name} on {format_day(day)}"
            return _Edit(
                added,
                lambda: ScheduledSession.objects.store(block.pk, [(day, planned)])[0],
                "add",
                summary,
            )

        return _kept(self._edit(choice["version"], choice.get("by"), edit))

    def remove_session(self, session_id: int, *, version: int, by: User | None = None) -> None:
        def edit(block: Self, sessions: dict[int, ScheduledSession]) -> _Edit:
            session = _not_logged(_session_in(sessions, session_id), block.runner)
            kept = [s.planned() for s in sessions.values() if s.pk != session.pk]

            def apply() -> None:
                session.delete()

            summary = f"Removed {session.title} from {format_day(session.date)}"
            return _Edit(kept, apply, "remove", summary, before=session)

        self._edit(version, by, edit)

    def refresh_paces(self, from_day: date, *, version: int, by: User | None = None) -> int:
        """Resolve the sessions from ``from_day`` on again with the runner's current paces
        (after a new race result), keeping each session's workout and minutes.

        Sessions already run, or logged, keep the paces they were run at. Returns how
        many changed.
        """
        changed: list[tuple[ScheduledSession, PlannedWorkout]] = []

        def edit(block: Self, sessions: dict[int, ScheduledSession]) -> _Edit:
            targets = block.runner.planning_paces()
            # Only this edit resolves every template again; fetch them in two queries.
            prefetch_related_objects(list(sessions.values()), "template__segments")
            after = []
            for session in sessions.values():
                # Logged sessions keep the paces they were run at, like earlier ones.
                if (
                    session.date >= from_day
                    and session.template is not None
                    and session.status == SessionStatus.PLANNED
                ):
                    planned = session.template.plan_for(targets, session.minutes)
                    changed.append((session, planned))
                    after.append(rules.PlannedSession(session.date, planned.workout))
                else:
                    after.append(session.planned())
            if not changed:
                raise BlockRefused(f"No sessions from {format_day(from_day)} on to update.")

            def apply() -> None:
                for session, planned in changed:
                    session.rewrite(planned)

            summary = (
                f"Updated the paces of {len(changed)} sessions from {format_day(from_day)} on "
                f"to the race result of {block.runner.race_date:%d %b %Y}"
            )
            return _Edit(after, apply, "repace", summary)

        self._edit(version, by, edit)
        return len(changed)

    def _lock(self, version: int | None) -> Self:
        block: Self = (
            type(self)
            ._default_manager.select_related("runner")
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
        edit: Callable[[Self, dict[int, ScheduledSession]], _Edit],
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
        self.save(update_fields=_BUMPED_FIELDS)
        if self.is_published or action == "unpublish":
            BlockChange.objects.create(
                block_id=self.pk,
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
                f"{format_day(day)} {day.year} is outside this block ({format_day(self.start)} to "
                f"{format_day(self.end)} {self.end.year})."
            )
        if moving is not None and moving.date == day:
            raise BlockRefused(f"{moving.title} is already on {format_day(day)}.")
        taken = next((s for s in sessions.values() if s.date == day), None)
        if taken is not None:
            raise BlockRefused(
                f"{format_day(day)} already has {taken.title}; one session a day. Move or "
                "remove it first."
            )
