"""The runner's week: seven day cards with their forms and runs, and what the page
depends on (``WeekPage.key``), so it is drawn once per version of the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.forms import Form
from django.urls import reverse

from planner import formatting, rules, units
from planner.forms.recordings import UploadForm
from planner.forms.renderer import compact_field
from planner.forms.week import DoneForm, SkipForm
from planner.models import (
    BlockStatus,
    Recording,
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
)
from planner.models.moving import free_sessions, week_runs
from planner.pages import SAMPLE_DAYS, address_pattern, page_key
from planner.presenters import recordings as recorded
from planner.presenters import sessions as described
from planner.presenters import watch
from planner.presenters.moving import MOVE_REACH, near

STATE_LABELS = {
    "planned": "Planned",
    "done": "Done",
    "skipped": "Skipped",
    "missed": "Not logged",
}


def minutes(seconds: float) -> int:
    return round(seconds / 60)


@dataclass(frozen=True)
class CardLinks:
    """Where a day card's buttons go (the addresses are reversed once per week)."""

    watch: str
    done: str
    skipped: str
    undo: str
    session_page: str
    delete_run: str = ""


class _Addresses:
    def __init__(self) -> None:
        self.watch = address_pattern("planner:session_watch_file")
        self.done = address_pattern("planner:log_done")
        self.skipped = address_pattern("planner:log_skipped")
        self.undo = address_pattern("planner:undo_log")
        self.session_page = address_pattern("planner:session_page")
        self.delete_run = address_pattern("planner:delete_run")

    def of(self, session: ScheduledSession, recording: Recording | None) -> CardLinks:
        pk = session.pk
        return CardLinks(
            self.watch.format(pk),
            self.done.format(pk),
            self.skipped.format(pk),
            self.undo.format(pk),
            self.session_page.format(pk),
            self.delete_run.format(recording.pk) if recording else "",
        )


# Where a card's own id goes in a field drawn once for every card of a page.
FORM_SLOT = "ffformslot"


class FormAddresses:
    """Where the run forms and links of a page go (the week's cards, a run's own page),
    reversed once per page, and the empty fields every card draws alike, drawn once with
    a slot (``FORM_SLOT``) for the card's id."""

    def __init__(self) -> None:
        self.move = address_pattern("planner:move_run")
        self.run_page = address_pattern("planner:run_page")
        self.upload = reverse("planner:upload_run")

    @cached_property
    def upload_field(self) -> str:
        return str(compact_field(UploadForm(auto_id=f"{FORM_SLOT}-%s")["file"]))

    @cached_property
    def skip_field(self) -> str:
        return str(compact_field(SkipForm(auto_id=f"{FORM_SLOT}-%s")["reason"]))


@dataclass(frozen=True)
class DayCard:
    """One day of the week as the runner sees it: a session with its forms, or rest.
    Its words are worked out once (the template reads some of them twice)."""

    day: date
    is_today: bool
    unit: units.Unit
    session: ScheduledSession | None = None
    state: str = "rest"
    done_form: DoneForm | None = None
    skip_form: SkipForm | None = None  # a refused skip, shown again with its errors
    recording: Recording | None = None
    unplanned: tuple[Recording, ...] = ()
    links: CardLinks | None = None
    # The block's sessions without a run, where this day's runs may move.
    movable: tuple[ScheduledSession, ...] = ()
    # The session's segments, in their order.
    segment_rows: tuple[SessionSegment, ...] = ()

    @cached_property
    def label(self) -> str:
        return formatting.weekday_date(self.day)

    @property
    def dom_id(self) -> str:
        return f"session-{self.session.pk}" if self.session else f"day-{self.day:%Y-%m-%d}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_logged(self) -> bool:
        return self.state in ("done", "skipped")

    @cached_property
    def segments(self) -> tuple[described.SegmentLine, ...]:
        return tuple(described.segment_line(segment, self.unit) for segment in self.segment_rows)

    @cached_property
    def figures(self) -> described.SessionFigures | None:
        return described.session_figures(self.session, self.unit) if self.session else None

    @cached_property
    def verdict(self) -> recorded.VerdictMark | None:
        return recorded.verdict_mark(self.recording.verdict) if self.recording else None

    @cached_property
    def run_sentence(self) -> str:
        return recorded.run_sentence(self.recording, self.unit) if self.recording else ""

    @cached_property
    def move_targets(self) -> list[ScheduledSession]:
        return near(self.movable, self.recording.day) if self.recording else []

    @cached_property
    def unplanned_runs(self) -> tuple[tuple[Recording, str, list[ScheduledSession]], ...]:
        """Each unplanned run of the day, its sentence and the sessions it may move to."""
        return tuple(
            (run, recorded.run_sentence(run, self.unit), near(self.movable, run.day))
            for run in self.unplanned
        )


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
    unit: units.Unit = "km"

    @cached_property
    def form_addresses(self) -> FormAddresses:
        """Where the cards' run forms go, reversed once for the week's seven cards."""
        return FormAddresses()

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def start_words(self) -> str:
        return f"{self.start.day} {self.start:%B}"  # "7 December"

    @property
    def span_words(self) -> str:
        """ "Mon 7 Dec to Sun 13 Dec 2026" """
        end = self.end
        return f"{formatting.day(self.start)} to {formatting.day(end)} {end.year}"

    @property
    def previous(self) -> date:
        return self.start - timedelta(days=7)

    @property
    def previous_url(self) -> str:
        return address_pattern("planner:my_week_of", sample=SAMPLE_DAYS).format(self.previous)

    @property
    def next_url(self) -> str:
        return address_pattern("planner:my_week_of", sample=SAMPLE_DAYS).format(self.next)

    @property
    def watch_zip_url(self) -> str:
        pattern = address_pattern("planner:week_watch_file", sample=SAMPLE_DAYS)
        return pattern.format(self.start)

    @property
    def next(self) -> date:
        return self.start + timedelta(days=7)

    @property
    def is_current(self) -> bool:
        return self.start <= self.today <= self.end

    @property
    def today_card(self) -> DayCard | None:
        return next((card for card in self.cards if card.is_today), None)

    @cached_property
    def lead_card(self) -> DayCard | None:
        """The card the phone opens on: today's session, else the week's next one, else
        today's rest; none for another week."""
        today = self.today_card
        if today is None:
            return None
        if today.session is not None:
            return today
        upcoming = (card for card in self.cards if card.session and card.day > self.today)
        return next(upcoming, today)

    @property
    def rest_cards(self) -> tuple[DayCard, ...]:
        """Every card but the lead, in day order."""
        return tuple(card for card in self.cards if card is not self.lead_card)

    def card_for(self, session: ScheduledSession) -> DayCard:
        return next(card for card in self.cards if card.session == session)

    @cached_property
    def number(self) -> int | None:
        return self.block.week_index(self.start) + 1 if self.block else None

    @cached_property
    def aerobic_share(self) -> str:
        planned = [s.planned() for s in self.sessions]
        summary = rules.summarize_weeks(self.start, 1, planned)[0]
        return formatting.percent(summary.aerobic_share)

    @cached_property
    def planned_minutes(self) -> int:
        return minutes(sum(s.total_seconds for s in self.sessions))

    @cached_property
    def planned_total(self) -> str:
        return formatting.total_time(sum(s.total_seconds for s in self.sessions))

    @cached_property
    def planned_distance(self) -> str:
        return formatting.total_distance(sum(s.distance_m for s in self.sessions), self.unit)

    @cached_property
    def done_total(self) -> str:
        return formatting.total_time(self._done_seconds)

    @cached_property
    def done_distance(self) -> str:
        unplanned = sum(r.distance_m for r in self.recordings if r.is_unplanned)
        logged = sum(s.actual_distance_m or 0 for s in self.sessions)
        return formatting.total_distance(logged + unplanned, self.unit)

    @cached_property
    def hard_minutes(self) -> int:
        return minutes(sum(s.hard_seconds for s in self.sessions))

    @cached_property
    def done_minutes(self) -> int:
        return minutes(self._done_seconds)

    @cached_property
    def _done_seconds(self) -> float:
        # Unplanned runs count too: they were run, and the week's load is what was run.
        unplanned = sum(r.moving_seconds for r in self.recordings if r.is_unplanned)
        return sum(s.actual_seconds or 0 for s in self.sessions) + unplanned

    @cached_property
    def actual_share(self) -> str:
        share = recorded.actual_share(self.recordings)
        return "" if share is None else formatting.percent(share)

    @cached_property
    def as_planned_count(self) -> int:
        return sum(s.done_as_planned for s in self.sessions)


def _done_form(session: ScheduledSession, unit: units.Unit) -> DoneForm:
    # A recorded run keeps its recorded time and distance; the form then only adds
    # effort and a note.
    seconds = session.actual_seconds or session.total_seconds
    metres = session.actual_distance_m or session.distance_m
    initial = {
        "minutes": round(seconds / 60, 1) if session.actual_seconds else minutes(seconds),
        "distance": formatting.distance(metres, unit).split()[0],
        "effort": session.effort,
        "note": session.note,
    }
    return DoneForm(unit=unit, initial=initial, auto_id=f"s{session.pk}-%s")


def _block_of(
    sessions: tuple[ScheduledSession, ...], start: date, end: date
) -> TrainingBlock | None:
    """The published block that holds the whole week, read from its sessions (published
    blocks never overlap), or None when the sessions cannot tell."""
    blocks = {session.block_id: session.block for session in sessions}
    if len(blocks) != 1:
        return None
    (block,) = blocks.values()
    return block if block.start <= start and end <= block.end else None


def build_week(
    runner: Runner, start: date, today: date, refused: dict[int, Form] | None = None
) -> Week:
    """The week's cards; ``refused`` holds bound forms to show again with their errors."""
    end = start + timedelta(days=6)
    unit = described.runner_unit(runner)
    sessions = tuple(
        ScheduledSession.objects.published_for(runner.pk)
        .filter(date__range=(start, end))
        .select_related("block")
        .order_by("date")
    )
    # Every session's segments in one query, in their order.
    segments: dict[int, list[SessionSegment]] = {session.pk: [] for session in sessions}
    for segment in SessionSegment.objects.filter(session__in=sessions).order_by("position"):
        segments[segment.session_id].append(segment)
    block = _block_of(sessions, start, end) or (
        TrainingBlock.objects.filter(
            runner=runner, status=BlockStatus.PUBLISHED, start__lte=end, end__gte=start
        ).first()
    )
    by_day = {session.date: session for session in sessions}
    recordings = tuple(week_runs(runner.pk, start, end, [s.pk for s in sessions]))
    # Where this week's runs may move: the block's sessions without a run (one query).
    movable = (
        tuple(
            free_sessions(block)
            .filter(date__range=(start - MOVE_REACH, end + MOVE_REACH))
            .only("pk", "date", "title")
        )
        if block is not None and recordings
        else ()
    )
    by_session = {r.session_id: r for r in recordings if r.session_id is not None}
    refused = refused or {}
    addresses = _Addresses()
    cards = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        session = by_day.get(day)
        unplanned = tuple(r for r in recordings if r.is_unplanned and r.day == day)
        if session is None:
            cards.append(DayCard(day, day == today, unit, unplanned=unplanned, movable=movable))
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
                shown if isinstance(shown, SkipForm) else None,
                by_session.get(session.pk),
                unplanned,
                addresses.of(session, by_session.get(session.pk)),
                movable,
                tuple(segments[session.pk]),
            )
        )
    return Week(start, today, block, sessions, tuple(cards), recordings, movable, unit)


@dataclass(frozen=True)
class WeekPage:
    """The week from ``start`` as ``runner`` sees it on ``today``; ``moved``: reached by an
    htmx link from another week (the heading takes the focus)."""

    runner: Runner
    start: date
    today: date
    moved: bool = False

    @property
    def key(self) -> str:
        # The stamp moves with every change to the plan, the logs, the runs and the
        # runner's settings; today moves the "missed" marks and the forms.
        runner = self.runner
        return page_key(
            "week", runner.pk, runner.user_id, runner.created_at, runner.plan_stamp,
            runner.unit, self.today, self.start, self.moved,
        )  # fmt: skip

    def context(self) -> dict[str, Any]:
        return {"week": build_week(self.runner, self.start, self.today), "moved": self.moved}


@dataclass(frozen=True)
class WeekFiles:
    """The week from ``start`` as one ZIP of watch files; empty bytes: nothing to send."""

    runner: Runner
    start: date  # a Monday

    @property
    def key(self) -> str:
        # The week's files change only with the plan, which moves the runner's stamp.
        runner = self.runner
        return page_key("week-zip", runner.pk, runner.created_at, runner.plan_stamp, self.start)

    def data(self) -> bytes:
        sessions = list(
            ScheduledSession.objects.published_for(self.runner.pk)
            .filter(date__range=(self.start, self.start + timedelta(days=6)))
            .select_related("block")
            .prefetch_related("segments")
            .order_by("date")
        )
        if not sessions:
            return b""
        try:
            return watch.week_file(sessions)
        except watch.NoWatchFile:
            return b""
