"""Recorded runs: uploading a watch's file, the session page, deleting a run.

The runner uploads from their week; a coach uploads from a block page for a runner who
sends their files to the coach. Matching, judging and storing are the model's
(``Recording.objects.store_upload``); a refusal stores nothing and answers 422 with the
reason in the live region (``planner.upload_limit`` refuses an oversized body unread).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import reswap, retarget

from planner.forms import form_problems
from planner.forms.recordings import UploadForm
from planner.models import Recording, Runner, ScheduledSession, TrainingBlock
from planner.presenters import recordings as recorded
from planner.presenters import sessions as feed
from planner.recordings import RecordingError, decode_stream
from planner.views.access import (
    CoachRequest,
    HtmxHttpRequest,
    RunnerRequest,
    coach_required,
    coachs_block,
    runner_required,
    runners_session,
)
from planner.views.blocks import _render_block
from planner.views.week import build_week
from planner.weekdays import monday_of


def _store(
    request: HtmxHttpRequest, form: UploadForm, runner: Runner, block: TrainingBlock | None = None
) -> tuple[Recording | None, int]:
    """The stored recording, or None and the status of the refusal (its message queued)."""
    if not form.is_valid():
        messages.error(request, f"Nothing was uploaded. {form_problems(form)}")
        return None, 422
    data, name = form.file_bytes()
    try:
        recording = Recording.objects.store_upload(runner, data, name, block=block)
    except RecordingError as refusal:
        messages.error(request, f"Nothing was uploaded. {refusal}")
        return None, 422
    unit = feed.runner_unit(runner)
    title = recording.session.title if recording.session else "an unplanned run"
    messages.success(
        request,
        f"Uploaded {title} of {recording.day:%A} {recording.day.day} {recording.day:%B}: "
        f"{recorded.run_sentence(recording, unit)}.",
    )
    return recording, 200


def _week_url(start: date) -> str:
    return reverse("planner:my_week_of", args=[start.isoformat()])


@runner_required
@require_POST
def upload_run(request: RunnerRequest) -> HttpResponse:
    runner = request.runner
    form = UploadForm(request.POST, request.FILES)
    recording, status = _store(request, form, runner)
    posted_week = form.week_shown(runner.today())
    shown = posted_week if recording is None else monday_of(recording.day)
    if not request.htmx:
        if recording is not None:
            return redirect(_week_url(shown))  # post/redirect/get
        week = build_week(runner, shown, runner.today())
        return render(request, "runner/week.html", {"week": week}, status=status)
    if recording is None:
        # Only the live region changes: the card and the chosen file stay as they were.
        response = render(request, "_messages.html", {"oob": True}, status=status)
        return reswap(response, "none")
    week = build_week(runner, shown, runner.today())
    card = next((card for card in week.cards if card.day == recording.day), None)
    if shown != posted_week or card is None:
        response = render(request, "runner/week.html#week", {"week": week})
        return reswap(retarget(response, "#week"), "outerHTML")
    response = render(request, "runner/week.html#logged", {"week": week, "card": card})
    return reswap(retarget(response, f"#{card.dom_id}"), "outerHTML")


def _runners_recording(runner: Runner, recording_id: int) -> Recording:
    return get_object_or_404(
        Recording.objects.select_related("session").filter(runner=runner), pk=recording_id
    )


def _page(
    request: RunnerRequest, day: date, recording: Recording | None, session: ScheduledSession | None
) -> HttpResponse:
    unit = feed.runner_unit(request.runner)
    judgement = recording.judged() if recording else None
    planned = list(session.segments.all()) if session else []
    context = {
        "session": session,
        "recording": recording,
        "unit": unit,
        "lines": feed.segment_lines(session, unit) if session else (),
        "figures": feed.session_figures(session, unit) if session else None,
        "verdict": recorded.verdict_mark(recording.verdict) if recording else None,
        "sentence": recorded.run_sentence(recording, unit) if recording else "",
        "rows": recorded.segment_rows(judgement, planned, unit) if judgement else (),
        "chart": recorded.pace_chart(decode_stream(recording.stream_bytes()), judgement, unit)
        if recording
        else None,
        "week_url": _week_url(monday_of(day)),
    }
    return render(request, "runner/session.html", context)


@runner_required
@require_safe
def session_page(request: RunnerRequest, session_id: int) -> HttpResponse:
    session = runners_session(request.runner, session_id)
    recording = Recording.objects.filter(session=session).first()
    return _page(request, session.date, recording, session)


@runner_required
@require_safe
def run_page(request: RunnerRequest, recording_id: int) -> HttpResponse:
    recording = _runners_recording(request.runner, recording_id)
    return _page(request, recording.day, recording, recording.session)


@runner_required
@require_POST
def delete_run(request: RunnerRequest, recording_id: int) -> HttpResponse:
    runner = request.runner
    recording = _runners_recording(runner, recording_id)
    start, day = monday_of(recording.day), recording.day
    recording.delete_with_original()
    messages.success(request, f"Deleted the recorded run of {day:%A} {day.day} {day:%B}.")
    if not request.htmx:
        return redirect(_week_url(start))
    week = build_week(runner, start, runner.today())
    card = next(card for card in week.cards if card.day == day)
    response = render(request, "runner/week.html#logged", {"week": week, "card": card})
    return reswap(retarget(response, f"#{card.dom_id}"), "outerHTML")


@coach_required
@require_POST
def coach_upload_run(request: CoachRequest, block_id: int) -> HttpResponse:
    """A coach uploads for their runner; matched within this block's sessions."""
    block = coachs_block(request.coach, block_id)
    _, status = _store(request, UploadForm(request.POST, request.FILES), block.runner, block)
    if not request.htmx and status == 200:
        return redirect("planner:block_detail", block_id=block.pk)
    return _render_block(request, block, status=status)
