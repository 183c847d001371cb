"""The runner's pages: this week on a phone, logging what was run, the profile, the feed.

Every page is the runner's own: ``runner_required`` turns coaches and admins away
(404) and ``runners_session`` fetches only the runner's published sessions, so a
draft block or another runner's session is 404 too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.forms import BaseForm, Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planner import calendar_feed as feed
from planner import formatting, rules, units
from planner.errors import LogRefused
from planner.forms.week import DoneForm, ProfileForm, SkipForm
from planner.models import BlockStatus, Runner, ScheduledSession, TrainingBlock
from planner.views.access import HtmxHttpRequest, runner_of, runner_required, runners_session

# The feed keeps a year of past sessions: enough history for a runner's calendar,
# without growing for ever.
FEED_HISTORY = timedelta(days=365)
FEED_CACHE_SECONDS = 300
STATE_LABELS = {
    "planned": "Planned",
    "done": "Done",
    "skipped": "Skipped",
    "missed": "Not logged",
}


def _runner(request: HtmxHttpRequest) -> Runner:
    runner = runner_of(request.user)
    if runner is None:  # runner_required has let only runners in
        raise Http404("No such page.")
    return runner


def today_for(runner: Runner) -> date:
    """Today where the runner lives, not where the server is."""
    return timezone.now().astimezone(runner.zone).date()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


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


@dataclass(frozen=True)
class Week:
    """Monday to Sunday for one runner, with the block it belongs to and what was logged."""

    start: date
    today: date
    block: TrainingBlock | None
    sessions: tuple[ScheduledSession, ...]
    cards: tuple[DayCard, ...]

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
        return _minutes(sum(s.actual_seconds or 0 for s in self.sessions))

    @property
    def as_planned_count(self) -> int:
        return sum(s.done_as_planned for s in self.sessions)


def _done_form(session: ScheduledSession, unit: units.Unit) -> DoneForm:
    initial = {
        "minutes": _minutes(session.total_seconds),
        "distance": formatting.distance(session.distance_m, unit).split()[0],
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
    refused = refused or {}
    cards = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        session = by_day.get(day)
        if session is None:
            cards.append(DayCard(day, day == today, unit))
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
            )
        )
    return Week(start, today, block, sessions, tuple(cards))


def _week_url(start: date) -> str:
    return reverse("planner:my_week_of", args=[start.isoformat()])


@require_safe
@runner_required
def my_week(request: HtmxHttpRequest, day: str | None = None) -> HttpResponse:
    runner = _runner(request)
    today = today_for(runner)
    start = monday_of(today)
    if day is not None:
        try:
            asked = date.fromisoformat(day)
        except ValueError:
            raise Http404("That is not a date.") from None
        start = monday_of(asked)
        if asked != start:
            return redirect(_week_url(start))
    template = "runner/week.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#week"
    context = {"week": build_week(runner, start, today), "moved": bool(request.htmx)}
    return render(request, template, context)


# --- logging: each POST answers htmx with the card, the summary and the message ---


def _errors(form: BaseForm) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _answer(
    request: HtmxHttpRequest,
    runner: Runner,
    session: ScheduledSession,
    refused: Form | None = None,
) -> HttpResponse:
    start = monday_of(session.date)
    if refused is None and not request.htmx:
        return redirect(_week_url(start))  # post/redirect/get
    week = build_week(runner, start, today_for(runner), {session.pk: refused} if refused else None)
    status = 200 if refused is None else 422
    if not request.htmx:
        return render(request, "runner/week.html", {"week": week}, status=status)
    context = {"week": week, "card": week.card_for(session)}
    return render(request, "runner/week.html#logged", context, status=status)


def _no_session(request: HtmxHttpRequest) -> HttpResponse:
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


@require_POST
@runner_required
def log_done(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    runner = _runner(request)
    try:
        session = runners_session(runner, session_id)
    except Http404:
        return _no_session(request)
    form = DoneForm(request.POST, unit=feed.runner_unit(runner), auto_id=f"s{session.pk}-%s")
    if session.date > today_for(runner):
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
            as_planned = "as planned" if session.done_as_planned else "not as planned"
            messages.success(
                request,
                f"Logged {session.title}: {_minutes(session.actual_seconds or 0)} min, "
                f"{as_planned}.",
            )
            return _answer(request, runner, session)
    messages.error(request, f"{session.title} was not logged. {_errors(form)}")
    return _answer(request, runner, session, refused=form)


@require_POST
@runner_required
def log_skipped(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    runner = _runner(request)
    try:
        session = runners_session(runner, session_id)
    except Http404:
        return _no_session(request)
    form = SkipForm(request.POST, auto_id=f"s{session.pk}-%s")
    if not form.is_valid():
        messages.error(request, f"{session.title} was not marked skipped. {_errors(form)}")
        return _answer(request, runner, session, refused=form)
    session.mark_skipped(form.cleaned_data["reason"])
    messages.success(request, f"Marked {session.title} as skipped.")
    return _answer(request, runner, session)


@require_POST
@runner_required
def undo_log(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    runner = _runner(request)
    try:
        session = runners_session(runner, session_id)
    except Http404:
        return _no_session(request)
    session.undo_log()
    messages.success(request, f"Undone: {session.title} is back to planned.")
    return _answer(request, runner, session)


# --- the profile and the calendar feed ---


@dataclass(frozen=True)
class PaceRow:
    name: str
    pace: str
    note: str = ""


def _pace_rows(runner: Runner, unit: units.Unit) -> list[PaceRow]:
    try:
        targets = runner.training_paces()
    except ValueError:  # InvalidRace; the coach's race form normally stops this
        return []

    def shown(s_per_km: float) -> str:
        return formatting.pace(s_per_km, unit)

    band = f"band {shown(targets.easy_slowest)} to {shown(targets.easy_fastest)}"
    return [
        PaceRow("Easy", shown(targets.easy), band),
        PaceRow("Marathon", shown(targets.marathon)),
        PaceRow("Threshold", shown(targets.threshold)),
        PaceRow("10K", shown(targets.ten_k), "the progression runs are written against it"),
        PaceRow("Interval", shown(targets.interval)),
    ]


def _profile_page(
    request: HtmxHttpRequest,
    runner: Runner,
    form: ProfileForm,
    *,
    feed_url: str = "",
    status: int = 200,
) -> HttpResponse:
    unit = feed.runner_unit(runner)
    try:
        vdot = f"{runner.vdot:.1f}"
    except ValueError:
        vdot = "–"
    context = {
        "runner": runner,
        "form": form,
        "race": (
            f"{formatting.distance(runner.race_distance_m, 'km')} in "
            f"{formatting.duration(runner.race_seconds)}"
        ),
        "vdot": vdot,
        "pace_rows": _pace_rows(runner, unit),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else "",
    }
    return render(request, "runner/profile.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@runner_required
def my_profile(request: HtmxHttpRequest) -> HttpResponse:
    runner = _runner(request)
    if request.method != "POST":
        return _profile_page(request, runner, ProfileForm(instance=runner))
    # A copy, so a refused form leaves the runner the page shows untouched.
    form = ProfileForm(request.POST, instance=Runner.objects.get(pk=runner.pk))
    if not form.is_valid():
        messages.error(request, f"Nothing was saved. {_errors(form)}")
        return _profile_page(request, runner, form, status=422)
    form.save()
    messages.success(request, "Saved. Your week and calendar now use these settings.")
    return redirect("planner:my_profile")


@require_POST
@runner_required
def reset_calendar_feed(request: HtmxHttpRequest) -> HttpResponse:
    runner = _runner(request)
    had_feed = runner.has_feed
    token = runner.reset_feed_token()
    feed_url = request.build_absolute_uri(reverse("planner:calendar_feed", args=[token]))
    old = " The old address has stopped working." if had_feed else ""
    messages.success(request, f"Your calendar address is ready; copy it now.{old}")
    response = _profile_page(request, runner, ProfileForm(instance=runner), feed_url=feed_url)
    # The address is shown this once and kept nowhere, not even in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
@require_safe
def calendar_feed(request: HtmxHttpRequest, token: str) -> HttpResponse:
    runner = Runner.objects.by_feed_token(token)
    if runner is None:
        raise Http404("No such calendar.")
    sessions = (
        ScheduledSession.objects.published_for(runner.pk)
        .filter(date__gte=today_for(runner) - FEED_HISTORY)
        .prefetch_related("segments")
        .order_by("date")
    )
    body = feed.build_calendar(runner, sessions, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # The token is the only key: never send it on as a referrer, never cache it shared.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = f"private, max-age={FEED_CACHE_SECONDS}"
    response["X-Robots-Tag"] = "noindex"
    return response
