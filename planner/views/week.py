"""The runner's week on a phone, and logging what was run.

Every page is the runner's own: ``runner_required`` turns coaches and admins away
(404) and ``runners_session`` fetches only the runner's published sessions, so a
draft block or another runner's session is 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from planner.errors import LogRefused
from planner.forms import form_problems
from planner.forms.week import DoneForm, SkipForm
from planner.limits import AS_PLANNED_PERCENT
from planner.models import Runner, ScheduledSession
from planner.pages import cached_page
from planner.presenters.sessions import runner_unit
from planner.presenters.week import WeekPage, build_week, minutes
from planner.views.access import RunnerRequest, runner_required, runners_session
from planner.weekdays import monday_of


def _week_url(start: date) -> str:
    return reverse("planner:my_week_of", args=[start.isoformat()])


@runner_required
@require_safe
def my_week(request: RunnerRequest, day: date | None = None) -> HttpResponse:
    runner = request.runner
    today = runner.today()
    start = monday_of(today if day is None else day)
    if day is not None and day != start:
        return redirect(_week_url(start))
    template = "runner/week.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#week"
    page = WeekPage(runner, start, today, moved=bool(request.htmx))
    return cached_page(request, template, page)


# --- logging: each POST answers htmx with the card, the summary and the message ---


def _answer(
    request: RunnerRequest,
    runner: Runner,
    session: ScheduledSession,
    refused: Form | None = None,
) -> HttpResponse:
    start = monday_of(session.date)
    if refused is None and not request.htmx:
        # post/redirect/get, landing on the card that changed rather than the page's top
        return redirect(f"{_week_url(start)}#session-{session.pk}")
    week = build_week(runner, start, runner.today(), {session.pk: refused} if refused else None)
    status = 200 if refused is None else 422
    if not request.htmx:
        return render(request, "runner/week.html", {"week": week}, status=status)
    context = {"week": week, "card": week.card_for(session)}
    return render(request, "runner/week.html#logged", context, status=status)


def _no_session(request: RunnerRequest) -> HttpResponse:
    text = (
        "There is no session to log there: it is not in your published plan. A rest "
        "day has nothing to log, and your coach may have moved or removed the session."
    )
    if request.htmx:
        # htmx does not swap a 404; send the page back to the week, which shows why.
        messages.error(request, text)
        response = HttpResponse(text, status=404, content_type="text/plain; charset=utf-8")
        response["HX-Redirect"] = reverse("planner:my_week")
        return response
    return render(request, "runner/no_session.html", {"text": text}, status=404)


def _logging_view(
    view: Callable[[RunnerRequest, Runner, ScheduledSession], HttpResponse],
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A runner's POST about one of their published sessions: the view gets the session,
    and a session that is not theirs, or no longer in the plan, gets the same answer
    from every logging view."""

    @runner_required
    @require_POST
    @wraps(view)
    def wrapped(request: RunnerRequest, session_id: int) -> HttpResponse:
        try:
            session = runners_session(request.runner, session_id)
        except Http404:
            return _no_session(request)
        return view(request, request.runner, session)

    return wrapped


@_logging_view
def log_done(request: RunnerRequest, runner: Runner, session: ScheduledSession) -> HttpResponse:
    form = DoneForm(request.POST, unit=runner_unit(runner), auto_id=f"s{session.pk}-%s")
    if session.date > runner.today():
        form.is_valid()  # keep what was typed, to show it again with the reason
        form.add_error(
            None,
            f"{session.title} is on {session.date:%A} {session.date.day} {session.date:%B}; "
            "log it on the day or after.",
        )
    elif form.is_valid():
        try:
            session.mark_done(
                minutes=float(form.cleaned_data["minutes"]),
                distance_km=form.distance_km(),
                effort=form.cleaned_data["effort"],
                note=form.cleaned_data["note"],
            )
        except LogRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            # Without a recording only the time is known: "as logged", never "as planned".
            near = "within" if session.done_as_planned else "more than"
            messages.success(
                request,
                f"Logged {session.title}: {minutes(session.actual_seconds or 0)} min "
                f"as logged, {near} {AS_PLANNED_PERCENT} % of the planned time.",
            )
            return _answer(request, runner, session)
    messages.error(request, f"{session.title} was not logged. {form_problems(form)}")
    return _answer(request, runner, session, refused=form)


@_logging_view
def log_skipped(request: RunnerRequest, runner: Runner, session: ScheduledSession) -> HttpResponse:
    form = SkipForm(request.POST, auto_id=f"s{session.pk}-%s")
    if not form.is_valid():
        messages.error(request, f"{session.title} was not marked skipped. {form_problems(form)}")
        return _answer(request, runner, session, refused=form)
    session.mark_skipped(form.cleaned_data["reason"])
    messages.success(request, f"Marked {session.title} as skipped.")
    return _answer(request, runner, session)


@_logging_view
def undo_log(request: RunnerRequest, runner: Runner, session: ScheduledSession) -> HttpResponse:
    session.undo_log()
    messages.success(request, f"Undone: {session.title} is back to planned.")
    return _answer(request, runner, session)
