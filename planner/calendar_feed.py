"""The runner's sessions as words and as an iCalendar feed.

Pure apart from reading the sessions handed in: no request, no clock (the caller
passes the time stamp), no queries beyond the prefetched segments. The week page
uses the same segment lines as the feed, so the phone and the calendar app always
say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event, vDuration

from planner import formatting, units

if TYPE_CHECKING:
    from planner.models import Runner, ScheduledSession, SessionSegment

PRODID = "-//Fast Finish//Runner calendar//EN"
UID_DOMAIN = "fastfinish"
# Calendar apps that honour it poll hourly; most pick their own interval anyway.
REFRESH_INTERVAL = timedelta(hours=1)


def runner_unit(runner: Runner) -> units.Unit:
    return "mi" if runner.unit == "mi" else "km"


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


def segment_line(segment: SessionSegment, unit: units.Unit) -> SegmentLine:
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


def session_event(session: ScheduledSession, runner: Runner, stamp: datetime) -> Event:
    unit = runner_unit(runner)
    event = Event.new(
        uid=f"session-{session.pk}@{UID_DOMAIN}",
        summary=session.title,
        description=session_description(session, unit),
        sequence=session.sequence,
        stamp=stamp,
    )
    if runner.usual_run_time is None:
        # All-day: DTSTART;VALUE=DATE and the next day as the exclusive end.
        event.start = session.date
        event.end = session.date + timedelta(days=1)
    else:
        start = datetime.combine(session.date, runner.usual_run_time, tzinfo=runner.zone)
        event.start = start
        event.end = start + timedelta(seconds=round(session.total_seconds))
    return event


def build_calendar(
    runner: Runner, sessions: Iterable[ScheduledSession], *, stamp: datetime
) -> bytes:
    """The runner's feed: one event per session handed in (published ones, by the caller)."""
    calendar = Calendar.new(
        prodid=PRODID,
        name=f"Fast Finish: {runner.name}",
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH_INTERVAL,
        # Stable, so a calendar app sees the same calendar on every poll.
        uid=f"runner-{runner.pk}@{UID_DOMAIN}",
    )
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))
    for session in sessions:
        calendar.add_component(session_event(session, runner, stamp))
    if runner.usual_run_time is not None:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
