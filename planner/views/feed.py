"""The calendar feed a runner's phone subscribes to, opened by its secret address."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from planner.models import Runner, ScheduledSession
from planner.pages import cached_bytes, etag_for, not_modified
from planner.presenters.calendar_feed import CalendarFeed

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
    feed = CalendarFeed(runner, runner.today(), request.build_absolute_uri("/"))
    etag = etag_for(feed.key)
    answer = not_modified(request, etag, CACHE_CONTROL)
    if answer is not None:
        return _private(answer)

    def watch_url(session: ScheduledSession) -> str:
        # The same secret opens the session's watch file, so it dies with a feed reset.
        path = reverse("planner:feed_session_watch_file", args=[token, session.pk])
        return request.build_absolute_uri(path)

    body = cached_bytes(feed.key, lambda: feed.body(watch_url))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = CACHE_CONTROL
    response["ETag"] = etag
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    # The token is the only key: never send it on as a referrer, never cache it shared.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
