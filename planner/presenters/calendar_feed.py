"""The calendar feed a runner's phone subscribes to: its year of sessions as iCalendar
bytes (``presenters/calendar.py`` words them) and what the feed depends on
(``CalendarFeed.key``), so it is built once per version of the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from planner.models import Runner, ScheduledSession
from planner.pages import page_key
from planner.presenters.calendar import WatchUrl, build_calendar

# The feed keeps a year of past sessions: enough history for a runner's calendar,
# without growing for ever.
FEED_HISTORY = timedelta(days=365)


@dataclass(frozen=True)
class CalendarFeed:
    """``runner``'s feed on ``today``, served from ``host`` (its watch links name it)."""

    runner: Runner
    today: date
    host: str

    @property
    def key(self) -> str:
        # The stamp moves with every change to the plan and the runner's settings (a
        # reset token too); today moves the year of history the feed keeps.
        runner = self.runner
        return page_key(
            "feed", runner.pk, runner.created_at, runner.plan_stamp, runner.feed_token_hash,
            self.today, self.host,
        )  # fmt: skip

    def body(self, watch_url: WatchUrl) -> bytes:
        sessions = (
            ScheduledSession.objects.published_for(self.runner.pk)
            .filter(date__gte=self.today - FEED_HISTORY)
            .prefetch_related("segments")
            .order_by("date")
        )
        return build_calendar(self.runner, sessions, stamp=timezone.now(), watch_url=watch_url)
