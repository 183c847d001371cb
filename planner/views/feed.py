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
from planner.views.cached import cached_bytes, etag_for, not_modified, page_key

# The feed keeps a year of past sessions: enough history for a runner's calendar,
# without growing for ever.
FEED_HISTORY = timedelta(days=365)
FEED_CACHE_SECONDS = 300
# A calendar app may keep the feed five minutes, then asks again with its ETag (a 304
# when nothing changed).
CACHE_CONTROL = f"private, max-age={FEED_CACHE_SECONDS}"


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    runner = Runner.objects.by_feed_token(token)
    if runner is None:
        raise Http404("No such calendar.")
    today = runner.today()
    # The stamp moves with every change to the plan and the runner's settings (a reset
    # token too); today moves the year of history the feed keeps; the address's host is
    # in the watch links.
    key = page_key(
        "feed", runner.pk, runner.created_at, runner.plan_stamp, runner.feed_token_hash,
        today, request.build_absolute_uri("/"),
    )  # fmt: skip
    etag = etag_for(key)
    answer = not_modified(request, etag, CACHE_CONTROL)
    if answer is not None:
        return _private(answer)

    def calendar() -> bytes:
        sessions = (
            ScheduledSession.objects.published_for(runner.pk)
            .filter(date__gte=today - FEED_HISTORY)
            .prefetch_related("segments")
            .order_by("date")
        )

        def watch_url(session: ScheduledSession) -> str:
            # The same secret opens the session's watch file, so it dies with a feed reset.
            path = reverse("planner:feed_session_watch_file", args=[token, session.pk])
            return request.build_absolute_uri(path)

        return build_calendar(runner, sessions, stamp=timezone.now(), watch_url=watch_url)

    response = HttpResponse(
        cached_bytes(key, calendar), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = CACHE_CONTROL
    response["ETag"] = etag
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the only key: never send it on as a referrer, never cache it shared.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
