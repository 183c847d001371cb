"""The block page's calendar: its weeks, and their cells each drawn once as markup.

A block has a cell per day of up to 16 weeks, and each cell says a dozen things (its
session, length, state, paces, what was logged and recorded, three links). Through the
template engine that was most of the page's cost, so the cells are written here, with
every value escaped (``html.escape``) and every address filled into a pattern reversed
once per page. The template places the rows; the rest of the page stays a template.

No queries: the block page hands over the sessions, segments and verdicts it fetched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from planner import formatting, rules
from planner.limits import HIGHEST_EFFORT
from planner.pages import SAMPLE_DAYS, address_pattern
from planner.presenters import recordings as recorded
from planner.presenters.sessions import segment_line
from planner.units import Unit
from planner.weekdays import WEEKDAY_SHORT

if TYPE_CHECKING:
    from planner.models import ScheduledSession, TrainingBlock

_HARD = ' class="hard"'


@dataclass(slots=True)
class SegmentValues:
    """A stored segment's facts its line says, read as plain values."""

    pace_s_per_km: float
    duration_s: float
    distance_m: float
    by_distance: bool
    is_hard: bool  # in the hard zone: the fast finish


class Addresses:
    """The calendar's links, reversed once per page rather than once per cell."""

    def __init__(self, block: TrainingBlock) -> None:
        self.edit = address_pattern("planner:session_edit", block.pk)
        self.watch = address_pattern("planner:coach_session_watch_file", block.pk)
        self.move = address_pattern("planner:session_move", block.pk)
        self.add = address_pattern("planner:session_add", block.pk, sample=SAMPLE_DAYS)


def short_title(title: str, minutes: str) -> str:
    """The title a cell shows beside the session's length: a resized session's title
    ends with that length ("Easy run, 70 min"), which the cell says once, beside it."""
    suffix = f", {minutes}"
    return title[: -len(suffix)] if title.endswith(suffix) and title != suffix else title


class Calendar:
    """Draws the cells of one block page: what every cell shares is worked out once."""

    def __init__(
        self,
        block: TrainingBlock,
        today: date,
        unit: Unit,
        segments: Mapping[int, Sequence[SegmentValues]],
        verdicts: Mapping[int, recorded.VerdictMark],
        editing: ScheduledSession | None = None,
    ) -> None:
        self.addresses = Addresses(block)
        self.today, self.unit = today, unit
        self.segments, self.verdicts = segments, verdicts
        self.editing = None if editing is None else editing.pk

    def cell(self, day: date, session: ScheduledSession | None) -> str:
        """The day's ``<td>``: its date, then its session or the rest day's Add link."""
        iso = day.isoformat()
        long_label = escape(formatting.weekday_date(day))
        css = " today" if day == self.today else ""
        head = (
            f'<span class="date"><span class="weekday">{WEEKDAY_SHORT[day.weekday()]} </span>'
            f"{formatting.day_month(day)}</span>"
        )
        if session is None:
            url = escape(self.addresses.add.format(iso))
            body = (
                f'<span class="rest">Rest</span>\n<a class="add" href="{url}" hx-get="{url}">'
                f'Add<span class="visually-hidden"> a session on {long_label}</span></a>'
            )
            return f'<td class="day rest{css}" id="day-{iso}" data-date="{iso}">{head}\n{body}</td>'
        state = session.state_on(self.today)
        css += " key" if session.is_key else ""
        css += " editing" if session.pk == self.editing else ""
        body = self._session(session, state, long_label)
        return f'<td class="day {state}{css}" id="day-{iso}" data-date="{iso}">{head}\n{body}</td>'

    def _session(self, session: ScheduledSession, state: str, long_label: str) -> str:
        pk = session.pk
        minutes = formatting.minutes(session.total_seconds)
        title = escape(short_title(session.title, minutes))
        url = escape(self.addresses.edit.format(pk))
        hard = (
            f', <span class="hard">{formatting.minutes(session.hard_seconds)} hard</span>'
            if session.hard_seconds
            else ""
        )
        key = '\n<span class="key-mark">key session</span>' if session.is_key else ""
        parts = [
            f'<a class="session kind-{escape(session.kind)}" href="{url}" hx-get="{url}" '
            f'data-session="{pk}" data-move-url="{escape(self.addresses.move.format(pk))}" '
            f'draggable="false">\n<span class="title">{title}</span>\n'
            f'<span class="mins">{minutes}{hard}</span>{key}\n</a>'
        ]
        if state != "planned":
            parts.append(f'<span class="state state-{state}">{state}</span>')
        parts.append(
            f'<a class="watch-file" href="{escape(self.addresses.watch.format(pk))}" download>'
            f'.fit<span class="visually-hidden"> file of {title} on {long_label} for the watch'
            "</span></a>"
        )
        lines = "".join(
            f"<li{_HARD if line.is_hard else ''}>{escape(line.full_text)}</li>"
            for line in (segment_line(s, self.unit) for s in self.segments.get(pk, ()))
        )
        parts.append(
            f'<details class="segments">\n<summary>Paces<span class="visually-hidden"> of '
            f"{title} on {long_label}</span></summary>\n<ol>{lines}</ol>\n</details>"
        )
        logged = self._logged(session)
        if logged:
            parts.append(logged)
        verdict = self.verdicts.get(pk)
        if verdict is not None:
            parts.append(
                f'<span class="verdict verdict-{verdict.tone}"><span aria-hidden="true">'
                f"{escape(verdict.symbol)}</span> {escape(verdict.words)}</span>"
            )
        return "\n".join(parts)

    def _logged(self, session: ScheduledSession) -> str:
        """What the runner logged: the time and distance run, effort and note, or a skip."""
        if session.status == "done":
            ran = (
                ""
                if session.actual_seconds is None
                else formatting.duration(session.actual_seconds)
            )
            if session.actual_distance_m is not None:
                ran += f", {formatting.distance(session.actual_distance_m, self.unit)}"
            if session.effort:
                ran += f", effort {session.effort}/{HIGHEST_EFFORT}"
            note = f'<br><q class="note">{escape(session.note)}</q>' if session.note else ""
            return f'<p class="logged">Ran {escape(ran)}{note}</p>'
        if session.status == "skipped":
            reason = (
                f': <q class="note">{escape(session.skip_reason)}</q>'
                if session.skip_reason
                else ""
            )
            return f'<p class="logged">Skipped{reason}</p>'
        return ""

    def week(self, days: Sequence[date], by_day: Mapping[date, ScheduledSession]) -> SafeString:
        """A week's seven cells, in order; every value in them is escaped above."""
        return mark_safe("\n".join(self.cell(day, by_day.get(day)) for day in days))


def summary_cell(row: WeekRow) -> SafeString:
    """The week's summary cell: planned totals, the share against the floor, counts."""
    totals, figures = row.totals, row.figures
    distance = f" · <strong>{totals.distance}</strong>" if totals.distance else ""
    below = "" if row.meets_floor else ' <strong class="bad">below the floor</strong>'
    actual = (
        f'\n<div class="actual-share">{figures["actual"]} aerobic as run '
        '<span class="muted">(recorded)</span></div>'
        if figures["actual"]
        else ""
    )
    return mark_safe(
        f'<td class="summary">\n<div><strong>{totals.time}</strong>{distance} planned, '
        f'<span class="hard">{totals.hard} hard</span></div>\n'
        f'<div class="share">{share_bar(row.summary.aerobic_share, row.floor)} aerobic by '
        f"minutes{below}</div>\n"
        f'<div class="muted">{figures["easy"]} of {figures["runs"]} runs easy</div>{actual}\n'
        f"<div>{figures['progressions']} progression "
        f"run{figures['progressions_plural']}</div>\n</td>"
    )


def _width(share: float) -> str:
    """A share's width in the bar's 0-100 box."""
    return f"{max(0.0, min(1.0, share or 0.0)) * 100:.1f}"


def share_bar(share: float, floor: float) -> SafeString:
    """A week's aerobic share as a bar with the floor marked, and the share in words: the
    block page's weeks and the new block's preview draw it with this one function."""
    words = formatting.percent(share)
    tone = "share-bar-ok" if share >= floor else "share-bar-low"
    mark = _width(floor)
    return mark_safe(
        '<svg class="share-bar" viewBox="0 0 100 14" width="120" height="16" role="img" '
        f'aria-label="{words} aerobic against a {formatting.percent(floor)} floor">\n'
        '<rect x="0" y="2" width="100" height="10" class="share-bar-track"/>\n'
        f'<rect x="0" y="2" width="{_width(share)}" height="10" class="{tone}"/>\n'
        f'<line x1="{mark}" x2="{mark}" y1="0" y2="14" class="share-bar-floor"/>\n'
        f'</svg> <span class="share-number">{words}</span>'
    )


@dataclass(frozen=True)
class WeekTotals:
    """A week's planned figures as the coach reads them, in the runner's unit."""

    time: str  # "4:05 h"
    distance: str  # "42.2 km"; empty for a week with nothing planned
    hard: str  # "35 min"


def week_totals(sessions: list[ScheduledSession], unit: Unit) -> WeekTotals:
    metres = sum(s.distance_m for s in sessions)
    return WeekTotals(
        time=formatting.total_time(sum(s.total_seconds for s in sessions)),
        distance=formatting.total_distance(metres, unit) if metres else "",
        hard=formatting.total_time(sum(s.hard_seconds for s in sessions)),
    )


@dataclass(frozen=True)
class WeekRow:
    """A week of the calendar: its seven cells drawn, and its summary drawn when read."""

    summary: rules.WeekSummary
    totals: WeekTotals
    days: SafeString  # the week's seven cells (Calendar.week)
    meets_floor: bool
    # Recorded moving time's aerobic share (unplanned runs included); None: nothing recorded.
    actual_share: float | None = None
    floor: float = 0.0  # the block's aerobic floor, which the share bar marks

    @property
    def start_label(self) -> str:
        return formatting.day_month(self.summary.start)  # "7 Dec"

    @cached_property
    def summary_cell(self) -> SafeString:
        return summary_cell(self)

    @cached_property
    def figures(self) -> dict[str, str | int]:
        """The summary column's words, each worked out once."""
        summary = self.summary
        progressions = summary.progression_count
        return {
            "planned": formatting.whole(summary.planned_minutes),
            "hard": formatting.whole(summary.hard_minutes),
            "easy": len(summary.easy_sessions),
            "runs": len(summary.sessions),
            "progressions": progressions,
            "progressions_plural": "" if progressions == 1 else "s",
            "actual": "" if self.actual_share is None else formatting.percent(self.actual_share),
        }
