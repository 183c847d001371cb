"""The coach's dashboard: one page of runners, each with their current week at a glance,
and what the page depends on (``DashboardPage.key``), so it is drawn once per version.

The key is read first, as plain tuples in one light query (a page served from the cache
builds no runner or account objects); the same tuples hold what a row says of its runner,
so a page drawn afresh adds only the queries for what the key does not read (the latest
notes, the current blocks, their sessions this week), each as plain values where no model
object is needed, and a fixed number of them however many runners the page holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from planner import formatting
from planner.models import Runner, ScheduledSession, SessionStatus, TrainingBlock
from planner.models.runners import local_today
from planner.models.sessions import session_state
from planner.pages import address_pattern, page_key
from planner.presenters.recordings import VerdictMark, verdict_mark
from planner.weekdays import WEEKDAY_SHORT

MARKS = {"done": "✓", "skipped": "–", "missed": "✗", "planned": "○"}
# A page of the roster; a squad of up to fifty fits on one.
RUNNERS_PER_PAGE = 50


@dataclass(frozen=True)
class SessionMark:
    weekday: str
    title: str
    state: str
    verdict_mark: VerdictMark | None = None  # None when no run was uploaded

    @property
    def symbol(self) -> str:
        return MARKS[self.state]


class SessionGlance(NamedTuple):
    """A session as the week at a glance reads it: plain values, no model object."""

    pk: int
    block_id: int
    date: datetime.date
    title: str
    status: str
    total_seconds: float
    actual_seconds: int | None
    verdict: str | None  # its recorded run's verdict code; None when none was uploaded


@dataclass(frozen=True)
class RosterRunner:
    """What a row says of its runner, read with the page's key (no runner or account)."""

    pk: int
    name: str
    email: str
    invited_only: bool  # no password chosen yet: the row offers a new invitation
    today: datetime.date  # where the runner lives
    latest_note: str = ""
    latest_note_date: datetime.date | None = None


@dataclass(frozen=True)
class RunnerLinks:
    """Where a row's links go; the addresses are reversed once per page, not per row."""

    plan: str
    edit: str
    json: str
    csv: str
    invite: str
    blocks: str  # every block of the runner's, past, current, future and drafts


class _Addresses:
    def __init__(self) -> None:
        self.plan = address_pattern("planner:block_new")
        self.edit = address_pattern("planner:runner_edit")
        self.json = address_pattern("planner:runner_export", after=("json",))
        self.csv = address_pattern("planner:runner_export", after=("csv",))
        self.invite = address_pattern("planner:runner_invite")
        self.block = address_pattern("planner:block_detail")
        self.blocks = address_pattern("planner:runner_blocks")

    def of(self, pk: int) -> RunnerLinks:
        return RunnerLinks(
            self.plan.format(pk),
            self.edit.format(pk),
            self.json.format(pk),
            self.csv.format(pk),
            self.invite.format(pk),
            self.blocks.format(pk),
        )


@dataclass(frozen=True)
class RosterRow:
    runner: RosterRunner
    links: RunnerLinks
    block: TrainingBlock | None = None
    block_url: str = ""
    block_dates: str = ""  # "7 Dec – 3 Jan 2027"
    started: bool = False
    week_number: int = 0
    planned_minutes: int = 0
    done_minutes: int = 0
    marks: tuple[SessionMark, ...] = ()
    first_violation: str = ""
    # What needs the coach's eye: the runner's week shows nothing (no block, one not
    # started, or a draft), and the last 7 days' missed sessions and off-plan runs.
    no_plan_reason: str = "no block"
    recent_missed: int = 0
    recent_off_plan: int = 0

    @property
    def recent_flags(self) -> str:
        """'2 missed, 1 off plan in the last 7 days', or empty."""
        parts = [f"{self.recent_missed} missed"] if self.recent_missed else []
        parts += [f"{self.recent_off_plan} off plan"] if self.recent_off_plan else []
        return f"{', '.join(parts)} in the last 7 days" if parts else ""

    @property
    def marks_html(self) -> SafeString:
        """The week's marks as list items, drawn here rather than by a template loop: a
        page of fifty runners holds some 250, and the loop cost more than the rest of the
        rows (docs/decisions.md, "The dashboard drawn afresh")."""
        return format_html_join("", MARK_HTML, ((*_mark_parts(mark),) for mark in self.marks))


MARK_HTML = (
    '<li class="mark mark-{}" title="{}"><span aria-hidden="true">{}</span> {} '
    '<span class="mark-state">{}</span>{}</li>'
)
VERDICT_HTML = ' <span class="verdict verdict-{}"><span aria-hidden="true">{}</span> {}</span>'


def _mark_parts(mark: SessionMark) -> tuple[str | SafeString, ...]:
    found = mark.verdict_mark
    verdict = (
        "" if found is None else format_html(VERDICT_HTML, found.tone, found.symbol, found.words)
    )
    return (mark.state, mark.title, mark.symbol, mark.weekday, mark.state, verdict)


@dataclass(frozen=True)
class RosterPage:
    page: Page[Any]  # the paging only: its rows are ``rows``
    rows: list[RosterRow]


def _row(
    runner: RosterRunner,
    block: TrainingBlock | None,
    this_weeks_sessions: dict[int, list[SessionGlance]],
    problems: dict[int, str],
    addresses: _Addresses,
) -> RosterRow:
    links = addresses.of(runner.pk)
    today = runner.today
    if block is None:
        return RosterRow(runner, links)
    first_violation = problems.get(block.pk, "")
    url = addresses.block.format(block.pk)
    dates = (
        f"{formatting.day_month(block.start)} – {formatting.day_month(block.end)} {block.end.year}"
    )
    draft = "" if block.is_published else "a draft"
    if not block.contains(today):
        return RosterRow(
            runner, links, block, url, dates, first_violation=first_violation,
            no_plan_reason="not started",
        )  # fmt: skip
    last_week = [
        s
        for s in this_weeks_sessions[block.pk]
        if today - datetime.timedelta(days=7) <= s.date <= today
    ]
    off_plan = [
        s
        for s in last_week
        if s.verdict is not None and verdict_mark(s.verdict).tone in ("warn", "bad")
    ]
    week = block.week_index(today)
    monday = block.start + datetime.timedelta(weeks=week)
    this_week = [
        s
        for s in this_weeks_sessions[block.pk]
        if monday <= s.date < monday + datetime.timedelta(7)
    ]
    done = [s for s in this_week if s.status == SessionStatus.DONE and s.actual_seconds]
    return RosterRow(
        runner,
        links,
        block,
        url,
        dates,
        started=True,
        week_number=week + 1,
        planned_minutes=round(sum(s.total_seconds for s in this_week) / 60),
        done_minutes=round(sum(s.actual_seconds or 0 for s in done) / 60),
        marks=tuple(
            SessionMark(
                WEEKDAY_SHORT[s.date.weekday()],
                s.title,
                session_state(s.status, s.date, today),
                None if s.verdict is None else verdict_mark(s.verdict),
            )
            for s in this_week
        ),
        first_violation=first_violation,
        no_plan_reason=draft,
        recent_missed=sum(
            1 for s in last_week if session_state(s.status, s.date, today) == "missed"
        ),
        recent_off_plan=len(off_plan),
    )


# The shapes of the page's queries (their annotations, subqueries, joins and columns),
# built once when the module loads: building them costs the ORM more than running them.
# Each request narrows one to its own coach or runners and runs that afresh (as Django's
# class-based views do with their ``queryset``); these are never run themselves, so
# nothing read from the database is ever kept.
_NOTES = (
    ScheduledSession.objects.filter(block__runner=OuterRef("pk"))
    .exclude(note="")
    .order_by("-logged_at", "-date")
)
# Each runner's latest note and its day ("" and None for a runner without one).
_LATEST_NOTES = Runner.objects.annotate(
    note=Subquery(_NOTES.values("note")[:1]), day=Subquery(_NOTES.values("date")[:1])
).values_list("pk", "note", "day")
# The roster in its order: what the page's key reads of each runner and, last, the roster's
# size (a window count on every row: the page and the count in one query). The name is not
# in the key (the runner's stamp covers it) but rides along for the rows.
_ROSTER = (
    Runner.objects.annotate(
        invited_only=ExpressionWrapper(
            Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX), output_field=BooleanField()
        ),
        roster_size=Window(Count("pk")),
    )
    .order_by("name", "pk")
    .values_list(
        "pk", "created_at", "plan_stamp", "time_zone", "user__email", "invited_only", "name",
        "roster_size",
    )
)  # fmt: skip


def _latest_notes(pks: list[int]) -> dict[int, tuple[str, datetime.date]]:
    """Each runner's latest note and its day, for the runners who have one, in one query."""
    return {pk: (note, day) for pk, note, day in _LATEST_NOTES.filter(pk__in=pks) if note}


def _weeks_around(
    blocks: Sequence[TrainingBlock], server_today: datetime.date
) -> dict[int, list[SessionGlance]]:
    """Each block's sessions around today, by date, with their runs' verdicts, in one query."""
    found: dict[int, list[SessionGlance]] = {block.pk: [] for block in blocks}
    columns = (*SessionGlance._fields[:-1], "recording__verdict")
    for row in ScheduledSession.objects.around(blocks, server_today).values_list(*columns):
        session = SessionGlance(*row)
        found[session.block_id].append(session)
    return found


def rows_of(runners: list[RosterRunner], now: datetime.datetime) -> list[RosterRow]:
    """The rows of one page of runners, in a fixed number of queries whatever its size."""
    server_today = timezone.localdate(now)
    current = TrainingBlock.objects.current_for(
        {runner.pk: runner.today for runner in runners}, server_today
    )
    blocks = list(current.values())
    problems = TrainingBlock.objects.rules_problems(blocks)
    this_week = _weeks_around(blocks, server_today)
    addresses = _Addresses()
    return [
        _row(runner, current.get(runner.pk), this_week, problems, addresses) for runner in runners
    ]


@dataclass(frozen=True)
class DashboardPage:
    """Page ``page_number`` of ``coach``'s runners at ``now``; ``invitation``: the link to
    show once, to this request only."""

    coach: User
    page_number: int
    now: datetime.datetime
    invitation: Mapping[str, Any] | None = None

    @cached_property
    def _page(self) -> Page[tuple[Any, ...]]:
        """What the page shows that can change: each runner's stamp (their blocks, logs,
        runs, notes and details), their today (which week is current), their address and
        whether they have set a password yet."""
        listed = _ROSTER.filter(coach=self.coach)  # as Runner.objects.coached_by narrows it
        paginator: Paginator[tuple[Any, ...]] = Paginator(listed, RUNNERS_PER_PAGE)
        number = self.page_number
        found: list[tuple[Any, ...]] = list(
            listed[(number - 1) * RUNNERS_PER_PAGE : number * RUNNERS_PER_PAGE]
        )
        if found or number == 1:
            paginator.count = found[0][-1] if found else 0
            page = paginator.page(number)
        else:  # past the last page: the last, as the paginator shows it (counted apart)
            page = paginator.get_page(number)
            found = list(page.object_list)
        page.object_list = [row[:-1] for row in found]
        return page

    @property
    def key(self) -> str:
        page = self._page
        fingerprint: tuple[Hashable, ...] = tuple(
            (pk, created, stamp, local_today(zone, self.now), email, invited_only)
            for pk, created, stamp, zone, email, invited_only, _name in page.object_list
        )
        return page_key(
            "dashboard", self.coach.pk, page.number, page.paginator.count,
            timezone.localdate(self.now), fingerprint,
        )  # fmt: skip

    def context(self) -> dict[str, Any]:
        listed = self._page.object_list
        notes = _latest_notes([pk for pk, *_ in listed])
        runners = [
            RosterRunner(
                pk, name, email, invited_only, local_today(zone, self.now), *notes.get(pk, ())
            )
            for pk, _created, _stamp, zone, email, invited_only, name in listed
        ]
        roster = RosterPage(self._page, rows_of(runners, self.now))
        return {"roster": roster, "invitation": self.invitation}
