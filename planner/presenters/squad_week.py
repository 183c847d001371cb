"""The squad's week: a row per member, a column per day, and its export.

Not cached: a coach opens it now and then, and it is drawn from a fixed number of
queries whatever the squad's size (the squad, the page of members, their blocks that
cover the week, those blocks' sessions, the week's recordings), paged past
``MEMBERS_PER_PAGE`` members.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator

from planner import formatting, rules, units
from planner.models import (
    BlockStatus,
    Recording,
    Runner,
    ScheduledSession,
    Squad,
    TrainingBlock,
)
from planner.presenters.export import spreadsheet_safe
from planner.presenters.recordings import VerdictMark, verdict_mark
from planner.weekdays import monday_of

MEMBERS_PER_PAGE = 60


@dataclass(frozen=True)
class DayCell:
    day: date
    group_day: bool
    session: ScheduledSession | None = None
    verdict: VerdictMark | None = None

    @property
    def minutes(self) -> str:
        return formatting.minutes(self.session.total_seconds) if self.session else ""


@dataclass
class MemberRow:
    runner: Runner
    cells: list[DayCell] = field(default_factory=list)
    statuses: set[str] = field(default_factory=set)
    planned_share: str = "—"
    actual_share: str = "—"

    @property
    def published(self) -> bool:
        return BlockStatus.PUBLISHED in self.statuses

    @property
    def draft_only(self) -> bool:
        return bool(self.statuses) and not self.published


@dataclass(frozen=True)
class SquadWeek:
    squad: Squad
    monday: date
    days: list[tuple[date, bool]]  # each day, and whether it is a group day
    rows: list[MemberRow]
    page: Page[Runner]
    drafts: int

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def title(self) -> str:
        return formatting.week_range(self.monday)

    @property
    def unplanned(self) -> list[Runner]:
        return [row.runner for row in self.rows if not row.published]

    @property
    def group_dates(self) -> list[date]:
        return [day for day, group in self.days if group]

    @property
    def first_group_date(self) -> date | None:
        return next(iter(self.group_dates), None)


def _share(aerobic: float, total: float) -> str:
    return formatting.percent(aerobic / total) if total > 0 else "—"


def squad_week(squad: Squad, day: date, page_number: str | int | None = 1) -> SquadWeek:
    monday = monday_of(day)
    sunday = monday + timedelta(days=6)
    group = squad.group_day_set
    days = [(monday + timedelta(days=i), i in group) for i in range(7)]
    members = Paginator(squad.members.order_by("name", "pk"), MEMBERS_PER_PAGE)
    page = members.get_page(page_number)
    runners = list(page.object_list)
    rows = {runner.pk: MemberRow(runner) for runner in runners}
    blocks = TrainingBlock.objects.filter(
        runner_id__in=list(rows), start__lte=sunday, end__gte=monday
    ).only("pk", "runner_id", "status")
    by_block = {block.pk: block for block in blocks}
    for block in by_block.values():
        rows[block.runner_id].statuses.add(block.status)
    sessions: dict[tuple[int, date], ScheduledSession] = {}
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for session in ScheduledSession.objects.filter(
        block_id__in=list(by_block), date__range=(monday, sunday)
    ).defer("note", "skip_reason"):
        runner_id = by_block[session.block_id].runner_id
        sessions[runner_id, session.date] = session
        totals[runner_id][0] += session.aerobic_seconds
        totals[runner_id][1] += session.total_seconds
    verdicts: dict[int, str] = {}
    actual: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    recorded = Recording.objects.filter(runner_id__in=list(rows), day__range=(monday, sunday))
    for runner_id, session_id, verdict, aerobic, moving in recorded.values_list(
        "runner_id", "session_id", "verdict", "aerobic_seconds", "moving_seconds"
    ):
        if session_id is not None:
            verdicts[session_id] = verdict
        actual[runner_id][0] += aerobic
        actual[runner_id][1] += moving
    for runner_id, row in rows.items():
        for day_, group_day in days:
            on_day = sessions.get((runner_id, day_))
            mark = (
                verdict_mark(verdicts[on_day.pk])
                if on_day is not None and on_day.pk in verdicts
                else None
            )
            row.cells.append(DayCell(day_, group_day, on_day, mark))
        row.planned_share = _share(*totals[runner_id]) if runner_id in totals else "—"
        row.actual_share = _share(*actual[runner_id]) if runner_id in actual else "—"
    drafts = sum(1 for b in by_block.values() if b.status == BlockStatus.DRAFT)
    return SquadWeek(squad, monday, days, list(rows.values()), page, drafts)


# --- export: the weeks of the squad's blocks covering a week, in each runner's unit ---

EXPORT_COLUMNS = [
    "runner",
    "unit",
    "block_start",
    "block_status",
    "date",
    "weekday",
    "group_day",
    "kind",
    "title",
    "key_session",
    "planned_minutes",
    "planned_distance",
    "status",
    "actual_minutes",
    "actual_distance",
    "verdict",
]


def _in_unit(metres: float | None, unit: units.Unit) -> float | None:
    return None if metres is None else round(metres / units.metres_per_unit(unit), 2)


def export_rows(squad: Squad, day: date) -> list[dict[str, Any]]:
    """One row per session of each member's block that covers the week of ``day``."""
    monday = monday_of(day)
    group = squad.group_day_set
    blocks = (
        TrainingBlock.objects.filter(
            runner__squad_memberships__squad=squad,
            start__lte=monday + timedelta(days=6),
            end__gte=monday,
        )
        .select_related("runner")
        .order_by("runner__name", "runner_id", "start")
    )
    sessions = (
        ScheduledSession.objects.filter(block__in=blocks)
        .select_related("block__runner")
        .order_by("block__runner__name", "block__runner_id", "date")
    )
    verdicts = Recording.objects.verdicts_for(s.pk for s in sessions)
    rows = []
    for session in sessions:
        runner = session.block.runner
        unit = units.unit_of(runner.unit)
        rows.append(
            {
                "runner": runner.name,
                "unit": unit,
                "block_start": session.block.start.isoformat(),
                "block_status": session.block.status,
                "date": session.date.isoformat(),
                "weekday": formatting.weekday_name(session.date.weekday()),
                "group_day": session.date.weekday() in group,
                "kind": session.kind,
                "title": session.title,
                "key_session": session.kind in rules.KEY_KINDS,
                "planned_minutes": round(session.total_seconds / 60),
                "planned_distance": _in_unit(session.distance_m, unit),
                "status": session.status,
                "actual_minutes": (
                    None if session.actual_seconds is None else round(session.actual_seconds / 60)
                ),
                "actual_distance": _in_unit(session.actual_distance_m, unit),
                "verdict": verdicts.get(session.pk, ""),
            }
        )
    return rows


def export_json(squad: Squad, day: date) -> str:
    payload = {"squad": squad.name, "week": monday_of(day).isoformat()}
    return json.dumps(payload | {"sessions": export_rows(squad, day)}, indent=2, ensure_ascii=False)


def export_csv(squad: Squad, day: date) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in export_rows(squad, day):
        writer.writerow({column: spreadsheet_safe(value) for column, value in row.items()})
    return buffer.getvalue()


FORMATS = {
    "json": (export_json, "application/json; charset=utf-8"),
    "csv": (export_csv, "text/csv; charset=utf-8"),
}
