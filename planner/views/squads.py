"""A coach's squads: the list, the members, planning every member's block from one
form with a live preview, the squad's week and its edits, and the export.

Every view fetches the squad through ``coachs_squad`` (404 for anyone else's); an edit
answers with a redirect to the squad's week and a message naming every member it
could not change and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner.errors import BlockRefused
from planner.formatting import day as format_day
from planner.forms import form_problems
from planner.forms.squads import (
    CopyForwardForm,
    GroupDayForm,
    MemberForm,
    SquadForm,
    SquadPlanForm,
)
from planner.models import Runner, Squad, squads
from planner.models.squads import MemberEdit, MemberOutcome
from planner.presenters import squad_week as week
from planner.views.access import CoachRequest, coach_required
from planner.views.blocks import _as_data
from planner.weekdays import monday_of


def coachs_squad(coach: User, squad_id: int) -> Squad:
    return get_object_or_404(Squad.objects.coached_by(coach), pk=squad_id)


@coach_required
@require_http_methods(["GET", "POST"])
def squad_list(request: CoachRequest) -> HttpResponse:
    form = SquadForm(request.POST or None, coach=request.coach)
    if request.method == "POST" and form.is_valid():
        squad = form.save()
        messages.success(request, f"Squad {squad.name} made; now add its runners.")
        return redirect("planner:squad_members", squad_id=squad.pk)
    listed = Squad.objects.coached_by(request.coach).annotate(size=Count("memberships"))
    status = 422 if form.errors else 200
    return render(request, "coach/squads.html", {"squads": listed, "form": form}, status=status)


@coach_required
@require_http_methods(["GET", "POST"])
def squad_members(request: CoachRequest, squad_id: int) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    refused = False
    if request.method == "POST":
        form = MemberForm(request.POST)
        runner = (
            Runner.objects.coached_by(request.coach).filter(pk=form.cleaned_data["runner"]).first()
            if form.is_valid()
            else None
        )
        try:
            if runner is None:
                raise BlockRefused(squads.NO_SUCH_RUNNER)
            added = squad.add_member(runner)
        except BlockRefused as refusal:
            messages.error(request, str(refusal))
            refused = True
        else:
            said = "added to" if added else "is already in"
            messages.success(request, f"{runner.name} {said} {squad.name}.")
            return redirect("planner:squad_members", squad_id=squad.pk)
    members = squad.member_list()
    others = Runner.objects.coached_by(request.coach).exclude(squad_memberships__squad=squad)
    context = {"squad": squad, "members": members, "others": others.order_by("name")}
    return render(request, "coach/squad_members.html", context, status=422 if refused else 200)


@coach_required
@require_POST
def squad_member_remove(request: CoachRequest, squad_id: int) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    form = MemberForm(request.POST)
    if form.is_valid() and squad.remove_member(form.cleaned_data["runner"]):
        messages.success(request, f"Removed from {squad.name}; their blocks stay as they are.")
    else:
        messages.error(request, squads.NO_SUCH_RUNNER)
    return redirect("planner:squad_members", squad_id=squad.pk)


# --- planning the squad ---


@coach_required
@require_http_methods(["GET", "POST"])
def squad_plan(request: CoachRequest, squad_id: int) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    status = 200
    if request.method == "POST":
        form = SquadPlanForm(request.POST)
        if "preview" not in request.POST and form.is_valid():
            shared = form.choices()
            created = squads.create_squad_drafts(squad, shared, form.group_days(), request.coach)
            _report_created(request, created)
            return redirect("planner:squad_week_of", squad_id=squad.pk, day=shared.start)
        status = 422 if "preview" not in request.POST else 200
    elif request.htmx or "start" in request.GET:
        form = SquadPlanForm(request.GET)
    else:
        initial = SquadPlanForm.initial_for_squad(timezone.localdate())
        initial["progression_days"] = [str(d) for d in sorted(squad.group_day_set)]
        form = SquadPlanForm(_as_data(initial))
    outcomes, problem = _preview(squad, form)
    context = {"squad": squad, "form": form, "outcomes": outcomes, "problem": problem}
    template = "coach/squad_plan.html#preview" if request.htmx else "coach/squad_plan.html"
    return render(request, template, context, status=status)


def _preview(squad: Squad, form: SquadPlanForm) -> tuple[list[MemberOutcome], str]:
    if not form.is_valid():
        return [], "To see the plans, fix: " + form_problems(form)
    members = squad.member_list()
    if not members:
        return [], f"{squad.name} has no runners yet; add them first."
    return squads.plan_squad(members, form.choices(), form.group_days()), ""


def _report_created(request: CoachRequest, outcomes: list[MemberOutcome]) -> None:
    made = [o.runner.name for o in outcomes if o.block is not None]
    if made:
        messages.success(request, f"Draft blocks created for {', '.join(made)}.")
    for outcome in outcomes:
        if outcome.block is None:
            messages.error(request, f"No block for {outcome.runner.name}: {outcome.refusal}")


# --- the squad's week and its edits ---


@coach_required
@require_GET
def squad_week(request: CoachRequest, squad_id: int, day: date | None = None) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    shown = week.squad_week(squad, day or timezone.localdate(), request.GET.get("page"))
    blocks = squads.blocks_covering(squad, shown.monday)
    context = {
        "page": shown,
        "squad": squad,
        "group_form": GroupDayForm(),
        "copy_form": CopyForwardForm(initial={"start": squads.next_start(blocks, shown.monday)}),
    }
    return render(request, "coach/squad_week.html", context)


def _back_to_week(squad: Squad, day: date) -> HttpResponse:
    return redirect("planner:squad_week_of", squad_id=squad.pk, day=monday_of(day))


def _choices(request: CoachRequest, form: forms.Form) -> dict[str, Any] | None:
    """The form's choices, or None once the coach is told what to fix."""
    if form.is_valid():
        return form.cleaned_data
    messages.error(request, form_problems(form))
    return None


def _report_edits(request: CoachRequest, edits: list[MemberEdit], done: str, none: str) -> None:
    changed = [e.runner.name for e in edits if e.done]
    if changed:
        messages.success(request, f"{done} for {', '.join(changed)}.")
    for edit in edits:
        if not edit.done:
            messages.error(request, f"{edit.runner.name} left unchanged: {edit.reason}")
    if not edits:
        messages.error(request, none)


@coach_required
@require_POST
def squad_publish(request: CoachRequest, squad_id: int, day: date) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    try:
        published = squads.publish_squad(squad, monday_of(day), request.coach)
    except BlockRefused as refusal:
        messages.error(request, str(refusal))
    else:
        names = ", ".join(block.runner.name for block in published)
        messages.success(request, f"Published the blocks of {names}.")
    return _back_to_week(squad, day)


@coach_required
@require_POST
def squad_group_day(request: CoachRequest, squad_id: int, day: date) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    data = _choices(request, GroupDayForm(request.POST))
    if data is None:
        return _back_to_week(squad, day)
    try:
        edits = squads.change_group_day(
            squad, data["day"], data["template"], data["minutes"], request.coach
        )
    except BlockRefused as refusal:
        messages.error(request, str(refusal))
    else:
        when = format_day(data["day"])
        _report_edits(
            request,
            edits,
            f"{when} changed to {data['template'].name}",
            f"No member has a progression run on {when}.",
        )
    return _back_to_week(squad, data["day"])


@coach_required
@require_POST
def squad_copy(request: CoachRequest, squad_id: int, day: date) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    data = _choices(request, CopyForwardForm(request.POST))
    if data is not None:
        start = data["start"]
        edits = squads.copy_squad_forward(squad, monday_of(day), start, request.coach)
        _report_edits(
            request,
            edits,
            f"Copied to start {format_day(start)}",
            "No member has a block in this week to copy.",
        )
        if any(e.done for e in edits):  # the coach lands on the week the copy starts
            day = start
    return _back_to_week(squad, day)


@coach_required
@require_GET
def squad_export(request: CoachRequest, squad_id: int, day: date, file_format: str) -> HttpResponse:
    squad = coachs_squad(request.coach, squad_id)
    if file_format not in week.FORMATS:
        raise Http404("Export as json or csv.")
    make, content_type = week.FORMATS[file_format]
    response = HttpResponse(make(squad, day), content_type=content_type)
    stem = f"fast-finish-{slugify(squad.name) or squad.pk}-{monday_of(day):%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response
