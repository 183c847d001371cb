"""The calendar feed a runner's phone subscribes to, opened by its secret address."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from planner.models import Runner, ScheduledSession
from planner.presenters.calendar import build_calendar

# The feed keeps a year of past sessions: enough history for a runner's calendar,
# without growing for ever.
FEED_HISTORY = timedelta(days=365)
FEED_CACHE_SECONDS = 300


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    runner = Runner.objects.by_feed_token(token)
    if runner is None:
        raise Http404("No such calendar.")
    sessions = (
        ScheduledSession.objects.published_for(runner.pk)
        .filter(date__gte=runner.today() - FEED_HISTORY)
        .prefetch_related("segments")
        .order_by("date")
    )

    def watch_url(session: ScheduledSession) -> str:
        # The same secret opens the session's watch file, so it dies with a feed reset.
        path = reverse("planner:feed_session_watch_file", args=[token, session.pk])
        return request.build_absolute_uri(path)

    body = build_calendar(runner, sessions, stamp=timezone.now(), watch_url=watch_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The token is the only key: never send it on as a referrer, never cache it shared.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = f"private, max-age={FEED_CACHE_SECONDS}"
    response["X-Robots-Tag"] = "noindex"
    return response
