"""The runner's plan as an iCalendar feed their phone's calendar subscribes to.

No request and no clock: the caller passes the time stamp. Event descriptions use
the same session wording as the week page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from icalendar import Calendar, Event, vDuration

from planner.presenters.sessions import runner_unit, session_description

if TYPE_CHECKING:
    from planner.models import Runner, ScheduledSession

PRODID = "-//Fast Finish//Runner calendar//EN"
UID_DOMAIN = "fastfinish"
# Calendar apps that honour it poll hourly; most pick their own interval anyway.
REFRESH_INTERVAL = timedelta(hours=1)


# The address of a session's watch file, made by the view that knows the host and secret.
WatchUrl = Callable[["ScheduledSession"], str]


def session_event(
    session: ScheduledSession, runner: Runner, stamp: datetime, watch_url: WatchUrl | None = None
) -> Event:
    unit = runner_unit(runner)
    description = session_description(session, unit)
    if watch_url is not None:
        description += f"\nFor your watch (.fit): {watch_url(session)}"
    event = Event.new(
        uid=f"session-{session.pk}@{UID_DOMAIN}",
        summary=session.title,
        description=description,
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
    runner: Runner,
    sessions: Iterable[ScheduledSession],
    *,
    stamp: datetime,
    watch_url: WatchUrl | None = None,
) -> bytes:
    """The runner's feed: one event per session handed in (published ones, by the caller).

    With ``watch_url`` each event's description ends with the link to its watch file.
    """
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
        calendar.add_component(session_event(session, runner, stamp, watch_url))
    if runner.usual_run_time is not None:
        calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
