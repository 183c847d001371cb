"""Recorded runs: uploading a watch's file, the session page, deleting a run.

The runner uploads from their week; a coach uploads from a block page for a runner who
sends their files to the coach. Matching, judging and storing are the model's
(``Recording.objects.store_upload``); a refusal stores nothing and answers 422 with the
reason in the live region (``planner.middleware`` refuses an oversized body unread).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import reswap, retarget

from planner import formatting
from planner.forms import form_problems
from planner.forms.recordings import MoveRunForm, UploadForm
from planner.models import Recording, Runner, ScheduledSession, TrainingBlock, moving
from planner.presenters import recordings as recorded
from planner.presenters.moving import near
from planner.presenters.sessions import runner_unit, segment_lines, session_figures
from planner.presenters.week import build_week
from planner.runs import RecordingError, decode_stream
from planner.units import Unit
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
    unit = runner_unit(runner)
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
    unit = runner_unit(request.runner)
    judgement = recording.judged() if recording else None
    context = {
        "session": session,
        "recording": recording,
        "unit": unit,
        "lines": segment_lines(session, unit) if session else (),
        "figures": session_figures(session, unit) if session else None,
        "verdict": recorded.verdict_mark(recording.verdict) if recording else None,
        "sentence": recorded.run_sentence(recording, unit) if recording else "",
        "rows": recorded.segment_rows(judgement, unit) if judgement else None,
        "chart": recorded.pace_chart(decode_stream(recording.stream_bytes()), judgement, unit)
        if recording
        else None,
        "week_url": _week_url(monday_of(day)),
        "move_targets": _move_targets(recording),
    }
    return render(request, "runner/session.html", context)


def _move_targets(recording: Recording | None) -> tuple[ScheduledSession, ...]:
    """Where the run on this page may move: its block's sessions without a run, within a
    week of its day."""
    if recording is None:
        return ()
    block = moving.block_of_run(recording, published_only=True)
    return () if block is None else tuple(near(moving.free_sessions(block), recording.day))


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


# --- moving a run to the session it was (a workout run a day late), or off it ---


def _moved_message(recording: Recording, target: ScheduledSession | None, unit: Unit) -> str:
    run = f"the run of {formatting.day(recording.day)}"
    if target is None:
        return f"Moved {run} off its session: it is an unplanned run now."
    return f"Moved {run} to {moving.describe(target)}: {recorded.run_sentence(recording, unit)}."


def _move(
    request: HtmxHttpRequest, recording: Recording, block: TrainingBlock | None, unit: Unit
) -> tuple[ScheduledSession | None, int]:
    """Make the move the form asks for; the status, and the message queued either way."""
    form = MoveRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"The run was not moved. {form_problems(form)}")
        return None, 422
    if block is None:
        messages.error(
            request, "The run was not moved: it is outside every training block you can see."
        )
        return None, 422
    try:
        target = moving.move_run(
            recording,
            form.cleaned_data["session"],
            was_on=form.cleaned_data["was_on"],
            block=block,
        )
    except moving.RunNotMoved as refusal:
        messages.error(request, f"The run was not moved. {refusal}")
        return None, 422
    messages.success(request, _moved_message(recording, target, unit))
    return target, 200


def _run_place(recording: Recording) -> str:
    """The page that shows a run where it now is: its session's, or its own."""
    if recording.session_id is not None:
        return reverse("planner:session_page", args=[recording.session_id])
    return reverse("planner:run_page", args=[recording.pk])


@runner_required
@require_POST
def move_run(request: RunnerRequest, recording_id: int) -> HttpResponse:
    """The runner moves one of their runs, from the week's card or the run's page."""
    runner = request.runner
    recording = _runners_recording(runner, recording_id)
    block = moving.block_of_run(recording, published_only=True)
    _, status = _move(request, recording, block, runner_unit(runner))
    if request.POST.get("back") == "page":
        # From the session page: that page again, where the run now is.
        location = _run_place(recording)
        if request.htmx:
            if status != 200:
                response = render(request, "_messages.html", {"oob": True}, status=status)
                return reswap(response, "none")
            return HttpResponse(status=204, headers={"HX-Redirect": location})
        if status == 200:
            return redirect(location)
    day = recording.session.date if recording.session is not None else recording.day
    week = build_week(runner, monday_of(day), runner.today())
    card = next(card for card in week.cards if card.day == day)
    if status == 200 and not request.htmx:
        return redirect(f"{_week_url(week.start)}#{card.dom_id}")  # post/redirect/get
    if status != 200 and request.htmx:
        response = render(request, "_messages.html", {"oob": True}, status=status)
        return reswap(response, "none")
    template = "runner/week.html#moved" if request.htmx else "runner/week.html"
    context = {"week": week, "focus": card.dom_id if status == 200 else ""}
    response = render(request, template, context, status=status)
    if not request.htmx:
        return response
    # The week the run now shows in, which may be the one before: the address follows.
    response["HX-Push-Url"] = _week_url(week.start)
    return reswap(retarget(response, "#week"), "outerHTML")


@coach_required
@require_POST
def coach_move_run(request: CoachRequest, block_id: int, recording_id: int) -> HttpResponse:
    """The coach moves one of this block's runs, from the block page."""
    block = coachs_block(request.coach, block_id)
    recording = get_object_or_404(
        Recording.objects.without_files().select_related("session").filter(runner=block.runner),
        pk=recording_id,
    )
    if not moving.run_in_block(recording, block):
        raise Http404("No such run in this block.")
    _, status = _move(request, recording, block, runner_unit(block.runner))
    if not request.htmx and status == 200:
        return redirect(reverse("planner:block_detail", args=[block.pk]) + f"#run-{recording.pk}")
    return _render_block(request, block, status=status, focus_run=recording.pk)
