"""Sessions as FIT workout files for the runner's watch: one session, or a week as a ZIP.

Four doors to the same files: the runner's own published sessions, the coach's
runner's sessions (drafts too, to check before publishing), and the calendar feed's
secret address, so a phone that only has the calendar can still fetch the file.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from planner.models import Runner, ScheduledSession
from planner.pages import cached_bytes
from planner.presenters import watch
from planner.presenters.week import WeekFiles
from planner.views.access import (
    CoachRequest,
    RunnerRequest,
    coach_required,
    coachs_block,
    runner_required,
    runners_session,
)
from planner.weekdays import monday_of

FIT_CONTENT_TYPE = "application/vnd.ant.fit"


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    # watch_filename() gives only [a-z0-9-] and a dot, so no quoting problem here.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _signed_in(response: HttpResponse) -> HttpResponse:
    # A plan is personal: never kept by a shared cache, nor on a shared computer's disk.
    response["Cache-Control"] = "private, no-store"
    return response


def _session_download(session: ScheduledSession) -> HttpResponse:
    try:
        data = watch.session_file(session)
    except watch.NoWatchFile as refusal:
        raise Http404(str(refusal)) from refusal
    return _download(data, watch.session_filename(session), FIT_CONTENT_TYPE)


@runner_required
@require_safe
def runner_session_file(request: RunnerRequest, session_id: int) -> HttpResponse:
    session = runners_session(request.runner, session_id)
    return _signed_in(_session_download(session))


@runner_required
@require_safe
def runner_week_file(request: RunnerRequest, day: date) -> HttpResponse:
    files = WeekFiles(request.runner, monday_of(day))
    # An empty entry remembers "nothing to send" as cheaply as a file.
    data = cached_bytes(files.key, files.data)
    if not data:
        raise Http404("No published session that week, or none a watch can follow.")
    filename = f"fast-finish-week-{files.start.isoformat()}.zip"
    return _signed_in(_download(data, filename, "application/zip"))


@coach_required
@require_safe
def coach_session_file(request: CoachRequest, block_id: int, session_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    session = get_object_or_404(block.sessions.prefetch_related("segments"), pk=session_id)
    session.block = block  # already fetched with the ownership check
    return _signed_in(_session_download(session))


@login_not_required
@require_safe
def feed_session_file(request: HttpRequest, token: str, session_id: int) -> HttpResponse:
    # The feed's secret is the key, so resetting the feed retires these links too.
    runner = Runner.objects.by_feed_token(token)
    if runner is None:
        raise Http404("No such calendar.")
    session = get_object_or_404(
        ScheduledSession.objects.published_for(runner.pk)
        .select_related("block")
        .prefetch_related("segments"),
        pk=session_id,
    )
    response = _session_download(session)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
