"""The runner's week on a phone, and logging what was run.

Every page is the runner's own: ``runner_required`` turns coaches and admins away
(404) and ``runners_session`` fetches only the runner's published sessions, so a
draft block or another runner's session is 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import wraps

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from planner import formatting, rules, units
from planner.errors import LogRefused
from planner.forms import form_problems
from planner.forms.week import DoneForm, SkipForm
from planner.models import BlockStatus, Recording, Runner, ScheduledSession, TrainingBlock
from planner.models.moving import free_sessions, week_runs
from planner.presenters import recordings as recorded
from planner.presenters import sessions as feed
from planner.views.access import RunnerRequest, runner_required, runners_session
from planner.views.cached import cached_page, page_key
from planner.weekdays import monday_of

STATE_LABELS = {
    "planned": "Planned",
    "done": "Done",
    "skipped": "Skipped",
    "missed": "Not logged",
}


def _minutes(seconds: float) -> int:
    return round(seconds / 60)


@dataclass(frozen=True)
class DayCard:
    """One day of the week as the runner sees it: a session with its forms, or rest."""

    day: date
    is_today: bool
    unit: units.Unit
    session: ScheduledSession | None = None
    state: str = "rest"
    done_form: DoneForm | None = None
    skip_form: SkipForm | None = None
    recording: Recording | None = None
    unplanned: tuple[Recording, ...] = ()

    @property
    def dom_id(self) -> str:
        return f"session-{self.session.pk}" if self.session else f"day-{self.day:%Y-%m-%d}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_logged(self) -> bool:
        return self.state in ("done", "skipped")

    @property
    def segments(self) -> tuple[feed.SegmentLine, ...]:
        return feed.segment_lines(self.session, self.unit) if self.session else ()

    @property
    def figures(self) -> feed.SessionFigures | None:
        return feed.session_figures(self.session, self.unit) if self.session else None

    @property
    def verdict(self) -> recorded.VerdictMark | None:
        return recorded.verdict_mark(self.recording.verdict) if self.recording else None

    @property
    def run_sentence(self) -> str:
        return recorded.run_sentence(self.recording, self.unit) if self.recording else ""

    @property
    def unplanned_runs(self) -> tuple[tuple[Recording, str], ...]:
        return tuple((run, recorded.run_sentence(run, self.unit)) for run in self.unplanned)


@dataclass(frozen=True)
class Week:
    """Monday to Sunday for one runner, with the block it belongs to and what was logged."""

    start: date
    today: date
    block: TrainingBlock | None
    sessions: tuple[ScheduledSession, ...]
    cards: tuple[DayCard, ...]
    recordings: tuple[Recording, ...] = ()
    # The block's sessions without a run, where a run of this week may be moved.
    free_sessions: tuple[ScheduledSession, ...] = ()

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def is_current(self) -> bool:
        return self.start <= self.today <= self.end

    @property
    def today_card(self) -> DayCard | None:
        return next((card for card in self.cards if card.is_today), None)

    @property
    def other_cards(self) -> tuple[DayCard, ...]:
        return tuple(card for card in self.cards if not card.is_today)

    def card_for(self, session: ScheduledSession) -> DayCard:
        return next(card for card in self.cards if card.session == session)

    @property
    def number(self) -> int | None:
        return self.block.week_index(self.start) + 1 if self.block else None

    @property
    def aerobic_share(self) -> str:
        planned = [s.planned() for s in self.sessions]
        summary = rules.summarize_weeks(self.start, 1, planned)[0]
        return formatting.percent(summary.aerobic_share)

    @property
    def planned_minutes(self) -> int:
        return _minutes(sum(s.total_seconds for s in self.sessions))

    @property
    def hard_minutes(self) -> int:
        return _minutes(sum(s.hard_seconds for s in self.sessions))

    @property
    def done_minutes(self) -> int:
        # Unplanned runs count too: they were run, and the week's load is what was run.
        unplanned = sum(r.moving_seconds for r in self.recordings if r.is_unplanned)
        return _minutes(sum(s.actual_seconds or 0 for s in self.sessions) + unplanned)

    @property
    def actual_share(self) -> str:
        share = recorded.actual_share(self.recordings)
        return "" if share is None else formatting.percent(share)

    @property
    def as_planned_count(self) -> int:
        return sum(s.done_as_planned for s in self.sessions)


def _done_form(session: ScheduledSession, unit: units.Unit) -> DoneForm:
    # A recorded run keeps its recorded time and distance; the form then only adds
    # effort and a note.
    seconds = session.actual_seconds or session.total_seconds
    metres = session.actual_distance_m or session.distance_m
    initial = {
        "minutes": round(seconds / 60, 1) if session.actual_seconds else _minutes(seconds),
        "distance": formatting.distance(metres, unit).split()[0],
        "effort": session.effort,
        "note": session.note,
    }
    return DoneForm(unit=unit, initial=initial, auto_id=f"s{session.pk}-%s")


def build_week(
    runner: Runner, start: date, today: date, refused: dict[int, Form] | None = None
) -> Week:
    """The week's cards; ``refused`` holds bound forms to show again with their errors."""
    end = start + timedelta(days=6)
    unit = feed.runner_unit(runner)
    block = TrainingBlock.objects.filter(
        runner=runner, status=BlockStatus.PUBLISHED, start__lte=end, end__gte=start
    ).first()
    sessions = tuple(
        ScheduledSession.objects.published_for(runner.pk)
        .filter(date__range=(start, end))
        .prefetch_related("segments")
        .order_by("date")
    )
    by_day = {session.date: session for session in sessions}
    recordings = tuple(week_runs(runner.pk, start, end, [s.pk for s in sessions]))
    # Where this week's runs may move: the block's sessions without a run (one query).
    movable = tuple(free_sessions(block)) if block is not None and recordings else ()
    by_session = {r.session_id: r for r in recordings if r.session_id is not None}
    refused = refused or {}
    cards = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        session = by_day.get(day)
        unplanned = tuple(r for r in recordings if r.is_unplanned and r.day == day)
        if session is None:
            cards.append(DayCard(day, day == today, unit, unplanned=unplanned))
            continue
        shown = refused.get(session.pk)
        cards.append(
            DayCard(
                day,
                day == today,
                unit,
                session,
                session.state_on(today),
                # A run cannot be done before its day; skipping ahead (a trip) can.
                shown
                if isinstance(shown, DoneForm)
                else (_done_form(session, unit) if day <= today else None),
                shown if isinstance(shown, SkipForm) else SkipForm(auto_id=f"s{session.pk}-%s"),
                by_session.get(session.pk),
                unplanned,
            )
        )
    return Week(start, today, block, sessions, tuple(cards), recordings, movable)


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
    moved = bool(request.htmx)
    # Everything the week shows: the stamp moves with every change to the plan, the logs,
    # the runs and the runner's settings; today moves the "missed" marks and the forms.
    key = page_key(
        "week", runner.pk, runner.user_id, runner.created_at, runner.plan_stamp,
        runner.unit, today, start, template, moved,
    )  # fmt: skip
    return cached_page(
        request, template, key, lambda: {"week": build_week(runner, start, today), "moved": moved}
    )


# --- logging: each POST answers htmx with the card, the summary and the message ---


def _answer(
    request: RunnerRequest,
    runner: Runner,
    session: ScheduledSession,
    refused: Form | None = None,
) -> HttpResponse:
    start = monday_of(session.date)
    if refused is None and not request.htmx:
        return redirect(_week_url(start))  # post/redirect/get
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
    form = DoneForm(request.POST, unit=feed.runner_unit(runner), auto_id=f"s{session.pk}-%s")
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
                f"Logged {session.title}: {_minutes(session.actual_seconds or 0)} min "
                f"as logged, {near} 20 % of the planned time.",
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
