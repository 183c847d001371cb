"""A stored session as the FIT workout file the runner's watch follows, and a week of them.

The pure writer (`planner.watch`) knows nothing of models; this adapter reads a session
with its prefetched segments and its block, and hands the writer plain steps. No
request and no clock: the file's creation time is the block's last change, so an
unchanged session always gives the same bytes (and an edited one a newer file).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from planner import watch

if TYPE_CHECKING:
    from planner.models import ScheduledSession


class NoWatchFile(ValueError):
    """A session the watch cannot follow (a step too short, too many steps), said plainly."""


def watch_steps(session: ScheduledSession) -> list[watch.WatchStep]:
    """One step per stored segment, in order (uses the prefetched segments)."""
    segments = list(session.segments.all())
    return [
        watch.WatchStep(
            name=segment.label.strip() or watch.default_step_name(position, len(segments)),
            pace_s_per_km=segment.pace_s_per_km,
            hard=segment.is_hard,
            # A distance segment, and "the same distance as segment k", end on the
            # distance the coach wrote; a timed one on its (possibly stretched) time.
            duration_s=None if segment.by_distance else segment.duration_s,
            distance_m=segment.distance_m if segment.by_distance else None,
            band=segment.band,
        )
        for position, segment in enumerate(segments, start=1)
    ]


def session_filename(session: ScheduledSession) -> str:
    return watch.watch_filename(session.date, session.title)


def session_file(session: ScheduledSession) -> bytes:
    """The workout file; NoWatchFile when the watch could not follow this session."""
    try:
        return watch.workout_file(
            session.title, session.date, session.block.updated_at, watch_steps(session)
        )
    except ValueError as error:
        raise NoWatchFile(f"{session.title} cannot go onto a watch: {error}") from error


def week_file(sessions: Iterable[ScheduledSession]) -> bytes:
    """A ZIP with one workout file per session, named by date and title."""
    return watch.week_archive(
        [(session_filename(session), session_file(session)) for session in sessions]
    )
