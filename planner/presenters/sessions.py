"""A session in words, in the runner's unit: the week page, the coach's block page
and the calendar feed all read sessions through these, so they always agree.

No request, no clock, no queries beyond the prefetched segments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from planner import formatting, units

if TYPE_CHECKING:
    from planner.models import Runner, ScheduledSession


def runner_unit(runner: Runner) -> units.Unit:
    return units.unit_of(runner.unit)


@dataclass(frozen=True)
class SegmentLine:
    """One segment as the runner reads it: "2 mi at 8:48 /mi (17:36)"."""

    amount: str
    pace: str
    other: str
    is_hard: bool

    @property
    def text(self) -> str:
        return f"{self.amount} at {self.pace}"

    @property
    def full_text(self) -> str:
        finish = ", fast finish" if self.is_hard else ""
        return f"{self.text} ({self.other}{finish})"


class SegmentFacts(Protocol):
    """What a segment's line says: a stored ``SessionSegment``, or the same facts read
    as plain values (the block page reads a whole block's segments that way)."""

    pace_s_per_km: float
    duration_s: float
    distance_m: float
    by_distance: bool

    @property
    def is_hard(self) -> bool: ...


def segment_line(segment: SegmentFacts, unit: units.Unit) -> SegmentLine:
    """Said the way the template measured it: a distance, or a time in minutes."""
    distance = formatting.distance(segment.distance_m, unit)
    pace = formatting.pace(segment.pace_s_per_km, unit)
    if segment.by_distance:
        return SegmentLine(distance, pace, formatting.duration(segment.duration_s), segment.is_hard)
    minutes = formatting.duration(segment.duration_s)
    amount = f"{round(segment.duration_s / 60)} min" if minutes.endswith(":00") else minutes
    return SegmentLine(amount, pace, distance, segment.is_hard)


def segment_lines(session: ScheduledSession, unit: units.Unit) -> tuple[SegmentLine, ...]:
    """Uses the prefetched segments, in their order."""
    return tuple(segment_line(segment, unit) for segment in session.segments.all())


@dataclass(frozen=True)
class SessionFigures:
    """A session's planned and logged numbers, in the runner's unit."""

    planned_time: str
    planned_distance: str
    fast_finish: str
    done_time: str
    done_distance: str


def session_figures(session: ScheduledSession, unit: units.Unit) -> SessionFigures:
    done_s, done_m = session.actual_seconds, session.actual_distance_m
    return SessionFigures(
        planned_time=formatting.duration(session.total_seconds),
        planned_distance=formatting.distance(session.distance_m, unit),
        fast_finish=formatting.duration(session.hard_seconds),
        done_time="" if done_s is None else formatting.duration(done_s),
        done_distance="" if done_m is None else formatting.distance(done_m, unit),
    )


def planned_totals(session: ScheduledSession, unit: units.Unit) -> str:
    return (
        f"{formatting.duration(session.total_seconds)}, "
        f"{formatting.distance(session.distance_m, unit)}"
    )


def session_description(session: ScheduledSession, unit: units.Unit) -> str:
    lines = [f"{session.title}: {planned_totals(session, unit)}"]
    lines += [f"- {line.full_text}" for line in segment_lines(session, unit)]
    if session.hard_seconds:
        lines.append(f"Fast finish: {formatting.duration(session.hard_seconds)} hard.")
    return "\n".join(lines)


def title_with_length(title: str, minutes: float | None) -> str:
    """A session's name and its length, the length said once: a resized session's title
    already ends with it ("Fifths with fast finish, 60 min")."""
    if minutes is None:
        return title
    length = f"{formatting.minutes(minutes * 60)}"
    return title if title.endswith(f", {length}") else f"{title}, {length}"
