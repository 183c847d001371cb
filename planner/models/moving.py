"""Moving a recorded run to another session of its block, or back to being unplanned.

A workout run a day late lands on the wrong day (or on no session at all); the runner
or their coach puts it on the session it was. The verdict follows the session the run
is on: the move judges the stored original again against it (``Recording.rejudge``).

What the logs do (docs/decisions.md, "Moving a recorded run"): the session the run
leaves goes back to planned, as when the run is deleted, and its effort and note go
with the run, since they were about it; the session it lands on is done with the run's
time and distance, keeping an effort and note of its own when it has them. A session
logged as skipped takes no run until the skip is undone.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from planner import formatting
from planner.errors import LogRefused
from planner.models.blocks import TrainingBlock
from planner.models.choices import BlockStatus, SessionStatus
from planner.models.recordings import Recording
from planner.models.sessions import ScheduledSession
from planner.runs import RecordingError


class RunNotMoved(ValueError):
    """A move that cannot be made; the message says why, and nothing was changed."""


def block_of_run(recording: Recording, *, published_only: bool) -> TrainingBlock | None:
    """The block a run belongs to: its session's, or for an unplanned run the runner's
    block covering its day. ``published_only``: only what the runner sees."""
    blocks = TrainingBlock.objects.filter(runner_id=recording.runner_id)
    if published_only:
        blocks = blocks.filter(status=BlockStatus.PUBLISHED)
    if recording.session_id is not None:
        return blocks.filter(sessions=recording.session_id).first()
    return blocks.filter(start__lte=recording.day, end__gte=recording.day).first()


def run_in_block(recording: Recording, block: TrainingBlock) -> bool:
    """Whether a run is on one of the block's sessions, or unplanned within its weeks."""
    if recording.session_id is not None:
        return recording.session is not None and recording.session.block_id == block.pk
    return block.start <= recording.day <= block.end


def free_sessions(block: TrainingBlock) -> QuerySet[ScheduledSession]:
    """The block's sessions a run may move to: none has a run, none was skipped."""
    return (
        ScheduledSession.objects.filter(block=block, recording__isnull=True)
        .exclude(status=SessionStatus.SKIPPED)
        .order_by("date")
    )


def describe(session: ScheduledSession) -> str:
    return f"{session.title} of {formatting.day(session.date)}"


def move_run(
    recording: Recording,
    target_id: int | None,
    *,
    was_on: int | None,
    block: TrainingBlock,
) -> ScheduledSession | None:
    """Put the run on session ``target_id`` of ``block`` (None: make it unplanned).

    ``was_on`` is the session the run was on when the person chose (None: unplanned):
    if another move came first, this one is refused rather than undoing it. Raises
    ``RunNotMoved`` and changes nothing when the move cannot be made.
    """
    try:
        with transaction.atomic():
            current = Recording.objects.without_files().select_for_update().get(pk=recording.pk)
            if current.session_id != was_on:
                raise RunNotMoved(
                    "This run was moved meanwhile, maybe from another page; look at where "
                    "it is now and choose again."
                )
            if not run_in_block(current, block):
                raise RunNotMoved("This run is not in this block.")
            target = _target(current, target_id, block)
            _move(current, target)
    except IntegrityError as clash:
        # Another run reached the session at the same moment: the one-to-one caught it.
        raise RunNotMoved("That session got a recorded run meanwhile; choose again.") from clash
    except (LogRefused, RecordingError) as refusal:
        # The session cannot take the run's time, or the stored file no longer reads.
        raise RunNotMoved(str(refusal)) from refusal
    recording.refresh_from_db()
    return target


def _target(
    recording: Recording, target_id: int | None, block: TrainingBlock
) -> ScheduledSession | None:
    if target_id is None:
        if recording.session_id is None:
            raise RunNotMoved("This run is already an unplanned run.")
        return None
    if target_id == recording.session_id:
        raise RunNotMoved("This run is already on that session.")
    target = (
        ScheduledSession.objects.select_for_update()
        .filter(pk=target_id, block__runner_id=recording.runner_id)
        .first()
    )
    if target is None or target.block_id != block.pk:
        raise RunNotMoved(
            "That session is not in this run's training block; a run moves only to "
            "another session of its own block."
        )
    if Recording.objects.filter(session=target).exists():
        raise RunNotMoved(
            f"{describe(target)} already has a recorded run; move or delete that one first."
        )
    if target.status == SessionStatus.SKIPPED:
        raise RunNotMoved(
            f"{describe(target)} was logged as skipped; undo the skip first to put a run on it."
        )
    return target


def _move(recording: Recording, target: ScheduledSession | None) -> None:
    source = (
        ScheduledSession.objects.select_for_update().get(pk=recording.session_id)
        if recording.session_id is not None
        else None
    )
    effort, note = None, ""
    if source is not None:
        effort, note = source.effort, source.note
        if source.status == SessionStatus.DONE:
            source.undo_log()
    recording.session = target
    # Judged again against the session it is now on (or none): the verdict follows it.
    recording.rejudge()
    if target is not None:
        target.mark_done(
            minutes=recording.moving_seconds / 60,
            distance_km=recording.distance_m / 1000,
            effort=target.effort if target.effort is not None else effort,
            note=target.note or note,
        )


def week_runs(
    runner_id: int, start: datetime.date, end: datetime.date, session_ids: list[int]
) -> QuerySet[Recording]:
    """The runs a week shows: those on its (published) sessions, wherever they were run
    (a Sunday's long run run on Monday), and the other runs of its days: unplanned, or
    on a draft's session a coach uploaded to."""
    of_its_days = Q(runner_id=runner_id, day__range=(start, end)) & ~Q(
        session__block__status=BlockStatus.PUBLISHED
    )
    return Recording.objects.without_files().filter(Q(session_id__in=session_ids) | of_its_days)
