"""The coach's block builder: new block with a live preview, the block page and its edits.

Every edit view is written out in one pattern: fetch what this coach may touch (404
for strangers), read the form, call the checked change (``planner.models.edits`` or
the block's own), then answer with the block's region (htmx) or a redirect (plain
form). A refusal answers with the current block and the reason in the live region:
422 when a rule refused, 409 when the block changed meanwhile, 400 for malformed input.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner.advice import Advice, advise
from planner.errors import BlockRefused, StaleBlock
from planner.formatting import day as format_day
from planner.formatting import day_with_year
from planner.forms import form_problems
from planner.forms.blocks import (
    BlockForm,
    ChangeSessionForm,
    CopyBlockForm,
    MoveSessionForm,
    VersionForm,
)
from planner.models import (
    BlockDraft,
    Runner,
    ScheduledSession,
    TrainingBlock,
    draft_block,
    edits,
)
from planner.models.edits import SessionChoice
from planner.pages import cached_page
from planner.presenters.block import BlockPage, block_context
from planner.views.access import CoachRequest, coach_required, coachs_block, coachs_runner
from planner.views.roster import to_runner_blocks

BLOCK_PAGE = "coach/block_detail.html"


# --- new block ---


@coach_required
@require_http_methods(["GET", "POST"])
def block_new(request: CoachRequest, runner_id: int) -> HttpResponse:
    runner = coachs_runner(request.coach, runner_id)
    refusal = ""
    if request.method == "POST" and "preview" in request.POST:
        # The Preview button without JavaScript: posted so the form's CSRF token stays out
        # of the address (and the history, and the logs); shows the plan, stores nothing.
        form = BlockForm(request.POST, runner=runner)
        status = 200
    elif request.method == "POST":
        form = BlockForm(request.POST, runner=runner)
        if form.is_valid():
            try:
                block = TrainingBlock.objects.create_planned(
                    runner, form.choices(), created_by=request.coach
                )
            except BlockRefused as refused:
                refusal = str(refused)
            else:
                return to_runner_blocks(
                    request,
                    block,
                    f"Made a {block.weeks}-week draft block for {runner.name}, {_dates(block)}.",
                )
        status = 422
    else:
        previewing = request.htmx or "start" in request.GET
        form = (
            BlockForm(request.GET, runner=runner)
            if previewing
            else BlockForm(
                initial=BlockForm.initial_for(runner, timezone.localdate()), runner=runner
            )
        )
        status = 200
    preview, problem = _preview(runner, form)
    if refusal and refusal != problem:
        # The preview shows the planner's refusal already; say it once, not twice.
        form.add_error(None, refusal)
    context = {
        "runner": runner,
        "form": form,
        "preview": preview,
        "problem": problem,
        "advice": _advice(runner, preview) if preview else (),
    }
    template = "coach/block_new.html#preview" if request.htmx else "coach/block_new.html"
    return render(request, template, context, status=status)


def _preview(runner: Runner, form: BlockForm) -> tuple[BlockDraft | None, str]:
    """The block as creating it would store it, or the refusal creating would give."""
    if not form.is_bound:
        form = BlockForm(_as_data(form.initial), runner=runner)
    if not form.is_valid():
        return None, "To see the plan, fix: " + "; ".join(
            f"{form.fields[name].label if name in form.fields else 'the block'}: "
            + " ".join(str(error) for error in errors)
            for name, errors in form.errors.items()
        )
    choices = form.choices()
    overlap = TrainingBlock.objects.overlap_problem(runner, choices.start, choices.weeks)
    if overlap is not None:
        return None, overlap
    try:
        return draft_block(runner, choices), ""
    except BlockRefused as refusal:
        return None, str(refusal)


def _advice(runner: Runner, draft: BlockDraft) -> tuple[Advice, ...]:
    start = draft.choices.start
    return advise(
        draft.plan.weeks,
        draft.plan.request.aerobic_floor,
        runner.vdot,
        ScheduledSession.objects.previous_week_minutes(runner.pk, start),
    )


def _as_data(initial: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in initial.items():
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


# --- the block page ---


def _render_block(
    request: CoachRequest, block: TrainingBlock, status: int = 200, **extra: Any
) -> HttpResponse:
    context = block_context(request.coach, block, **extra)
    template = f"{BLOCK_PAGE}#block" if request.htmx else BLOCK_PAGE
    return render(request, template, context, status=status)


@coach_required
@require_GET
def block_detail(request: CoachRequest, block_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    template = f"{BLOCK_PAGE}#block" if request.htmx else BLOCK_PAGE
    page = BlockPage(request.coach, block, timezone.localdate())
    return cached_page(request, template, page)


def _session_choice(request: CoachRequest) -> SessionChoice:
    """What the posted ``ChangeSessionForm`` asks of a session, the same to change one or
    add one."""
    data = _cleaned(ChangeSessionForm(request.POST))
    return {
        "template": data["template"],
        "minutes": data["minutes"],
        "version": data["version"],
        "by": request.coach,
    }


@coach_required
@require_http_methods(["GET", "POST"])
def session_edit(request: CoachRequest, block_id: int, session_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    if request.method == "GET":
        session = block.sessions.filter(pk=session_id).first()
        if session is None:
            messages.error(request, "That session is not in this block.")
            return _render_block(request, block, status=404)
        return _render_block(request, block, editing=session)
    try:
        choice = _session_choice(request)
        session = edits.change_session(block, session_id, **choice)
    except BlockRefused as refusal:
        return _refused(request, block, refusal)
    length = f"{choice['minutes']} min" if choice["minutes"] else "its own length"
    return _done(
        request,
        block,
        f"Changed {format_day(session.date)} to {choice['template'].name}, {length}.",
        day=session.date,
    )


@coach_required
@require_POST
def session_move(request: CoachRequest, block_id: int, session_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    try:
        data = _cleaned(MoveSessionForm(request.POST))
        to, version = data["to"], data["version"]
        session = edits.move_session(block, session_id, to, version=version, by=request.coach)
    except BlockRefused as refusal:
        return _refused(request, block, refusal)
    return _done(request, block, f"Moved {session.title} to {format_day(to)}.", day=to)


@coach_required
@require_POST
def session_remove(request: CoachRequest, block_id: int, session_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    try:
        version = _cleaned(VersionForm(request.POST))["version"]
        day = block.sessions.filter(pk=session_id).values_list("date", flat=True).first()
        edits.remove_session(block, session_id, version=version, by=request.coach)
    except BlockRefused as refusal:
        return _refused(request, block, refusal)
    return _done(request, block, "Removed the session; that day is now a rest day.", day=day)


@coach_required
@require_http_methods(["GET", "POST"])
def session_add(request: CoachRequest, block_id: int, day: date) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    if request.method == "GET":
        if not block.contains(day):
            messages.error(request, f"{day_with_year(day)} is outside this block.")
            return _render_block(request, block, status=422)
        taken = block.sessions.filter(date=day).first()
        if taken is not None:
            messages.error(
                request,
                f"{format_day(day)} already has {taken.title}; one session a day. "
                "Move or remove it first.",
            )
            return _render_block(request, block, status=422)
        return _render_block(request, block, adding=day)
    try:
        session = edits.add_session(block, day, **_session_choice(request))
    except BlockRefused as refusal:
        return _refused(request, block, refusal)
    return _done(request, block, f"Added {session.title} on {format_day(day)}.", day=day)


@coach_required
@require_POST
def block_publish(request: CoachRequest, block_id: int) -> HttpResponse:
    return _publish(request, block_id, publish=True)


@coach_required
@require_POST
def block_unpublish(request: CoachRequest, block_id: int) -> HttpResponse:
    return _publish(request, block_id, publish=False)


def _publish(request: CoachRequest, block_id: int, *, publish: bool) -> HttpResponse:
    """Publish the block or take it back to draft: the same form, mirrored answers."""
    block = coachs_block(request.coach, block_id)
    try:
        version = _cleaned(VersionForm(request.POST))["version"]
        (block.publish if publish else block.unpublish)(by=request.coach, version=version)
    except BlockRefused as refusal:
        return _refused(request, block, refusal)
    name = block.runner.name
    if publish:
        return _done(request, block, f"Published: {name} sees this block now.")
    return _done(request, block, f"Back to draft: {name} no longer sees this block.")


@coach_required
@require_POST
def block_refresh_paces(request: CoachRequest, block_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    from_day = max(timezone.localdate(), block.start)
    try:
        version = _cleaned(VersionForm(request.POST))["version"]
        count = edits.refresh_paces(block, from_day, version=version, by=request.coach)
    except BlockRefused as refusal:
        return _refused(request, block, refusal)
    return _done(
        request,
        block,
        f"Updated {count} sessions from {format_day(from_day)} on to {block.runner.name}'s "
        "current paces; sessions before that keep the paces they were run at.",
    )


@coach_required
@require_POST
def block_copy(request: CoachRequest, block_id: int) -> HttpResponse:
    block = coachs_block(request.coach, block_id)
    form = CopyBlockForm(request.POST, coach=request.coach)
    if not form.is_valid():
        messages.error(request, _form_problem(form))
        return _render_block(request, block, status=400)
    try:
        copy = edits.copy_block(
            block, form.cleaned_data["runner"], form.cleaned_data["start"], by=request.coach
        )
    except BlockRefused as refusal:
        messages.error(request, str(refusal))
        return _render_block(request, block, status=422)
    # A new page, not a region: the copy's runner's blocks, with the copy marked.
    return to_runner_blocks(
        request,
        copy,
        f"Copied {block.runner.name}'s block of {_dates(block)} as a draft for "
        f"{copy.runner.name}, {_dates(copy)}.",
    )


def _dates(block: TrainingBlock) -> str:
    return f"{day_with_year(block.start)} – {day_with_year(block.end)}"


def _form_problem(form: BaseForm) -> str:
    return "This change could not be read: " + form_problems(form)


class _Unreadable(BlockRefused):
    """An edit whose form does not validate: nothing is tried, the coach is told what to fix."""


def _cleaned(form: VersionForm) -> dict[str, Any]:
    if not form.is_valid():
        raise _Unreadable(_form_problem(form))
    return form.cleaned_data


def _refused(request: CoachRequest, block: TrainingBlock, refusal: BlockRefused) -> HttpResponse:
    """The block as it stands, with why the edit was not made."""
    if isinstance(refusal, StaleBlock):
        messages.warning(request, str(refusal))
        status = 409
    else:
        messages.error(request, str(refusal))
        status = 400 if isinstance(refusal, _Unreadable) else 422
    block.refresh_from_db()
    return _render_block(request, block, status=status)


def _done(
    request: CoachRequest, block: TrainingBlock, done: str, *, day: date | None = None
) -> HttpResponse:
    """The block as the edit left it (htmx), or a redirect back to it (a plain form); the
    coach's place is kept: the day edited gets focus, or the redirect lands on it."""
    messages.success(request, done)
    if not request.htmx:
        location = reverse("planner:block_detail", kwargs={"block_id": block.pk})
        return redirect(f"{location}#day-{day.isoformat()}" if day else location)
    block.refresh_from_db()
    return _render_block(request, block, focus_day=day)
