"""The rules every training block keeps, as one checker: pure Python, no Django.

Rule 1 (the aerobic floor) and rule 2 (48 hours between key sessions, no progression
run on the long-run day), as coaches read them in ``docs/scheduling.md``. ``plan_block``
in ``planner.scheduling`` verifies its own plans with ``check_block``, and every edit of
a stored block is held to it too (rule 3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, get_args

from planner.formatting import day as format_day
from planner.formatting import percent
from planner.limits import LOWEST_FLOOR, SHARE_TOLERANCE
from planner.weekdays import WEEKDAY_NAMES

# The one list of session kinds (a template's and a session's): models.choices makes
# WorkoutKind from it.
SessionKind = Literal["easy", "long", "progression", "recovery"]
SESSION_KINDS: tuple[SessionKind, ...] = get_args(SessionKind)
EASY_KINDS: frozenset[SessionKind] = frozenset({"easy", "recovery"})
KEY_KINDS: frozenset[SessionKind] = frozenset({"progression", "long"})

Rule = Literal["aerobic_floor", "consecutive_key_days", "progression_on_long_run_day"]
# Why a week misses the floor when the coach's easy pace is faster than marathon pace,
# and the fix: the planner's refusal and the checker's say it in the same words.
EASY_OVERRIDE_CAUSE = (
    "because the easy pace override is faster than the runner's marathon pace: every easy "
    "minute counts as hard. Set the easy pace override on the runner's page slower than "
    "marathon pace, or clear it to take the easy pace from the race."
)

_RULE_ORDER: dict[Rule, int] = {
    "aerobic_floor": 0,
    "consecutive_key_days": 1,
    "progression_on_long_run_day": 2,
}


@dataclass(frozen=True)
class Workout:
    name: str
    kind: str  # one of SESSION_KINDS
    aerobic_minutes: float
    hard_minutes: float

    @property
    def total_minutes(self) -> float:
        return self.aerobic_minutes + self.hard_minutes


@dataclass(frozen=True)
class PlannedSession:
    date: dt.date
    workout: Workout

    @property
    def is_key(self) -> bool:
        return self.workout.kind in KEY_KINDS

    @property
    def is_progression(self) -> bool:
        return self.workout.kind == "progression"


@dataclass(frozen=True)
class WeekSummary:
    """One week of a block: the seven days from ``start``, and what is planned in them."""

    index: int  # 0-based; ``number`` is what a coach reads
    start: dt.date
    sessions: tuple[PlannedSession, ...]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def aerobic_minutes(self) -> float:
        return sum(session.workout.aerobic_minutes for session in self.sessions)

    @property
    def hard_minutes(self) -> float:
        return sum(session.workout.hard_minutes for session in self.sessions)

    @property
    def planned_minutes(self) -> float:
        return self.aerobic_minutes + self.hard_minutes

    @property
    def aerobic_share(self) -> float:
        """Share of the week's minutes spent aerobic; a week with nothing planned passes."""
        return share_of(self.aerobic_minutes, self.planned_minutes)

    @property
    def easy_sessions(self) -> tuple[PlannedSession, ...]:
        return tuple(session for session in self.sessions if session.workout.hard_minutes == 0)

    @property
    def session_share(self) -> float:
        """The share counted by sessions, which coaches read next to the share by minutes."""
        if not self.sessions:
            return 1.0
        return len(self.easy_sessions) / len(self.sessions)

    @property
    def progression_runs(self) -> tuple[PlannedSession, ...]:
        return tuple(session for session in self.sessions if session.is_progression)

    @property
    def progression_count(self) -> int:
        return len(self.progression_runs)

    @property
    def key_sessions(self) -> tuple[PlannedSession, ...]:
        return tuple(session for session in self.sessions if session.is_key)

    def meets_floor(self, floor: float) -> bool:
        return self.aerobic_share >= floor - SHARE_TOLERANCE


@dataclass(frozen=True)
class Violation:
    """A broken rule, with a sentence for the coach.

    ``week`` is the 0-based week the problem sits in (for a pair of key sessions, the
    week of the later one). ``dates`` are the sessions to look at: the sessions with
    hard minutes for a floor violation, the two days for consecutive key sessions,
    the progression run for one on the long-run day. ``aerobic_share`` and
    ``aerobic_floor`` are set for floor violations only.
    """

    rule: Rule
    week: int | None
    dates: tuple[dt.date, ...]
    aerobic_share: float | None
    aerobic_floor: float | None
    message: str


# --- Summaries and the checker (rules 1 and 2, and rule 3 through them) ---------------


def summarize_weeks(
    start: dt.date, weeks: int, sessions: Iterable[PlannedSession]
) -> tuple[WeekSummary, ...]:
    """Split a block's sessions into its weeks; a session outside the block is a ValueError."""
    if weeks < 0:
        raise ValueError(f"A block cannot have {weeks} weeks.")
    by_week: list[list[PlannedSession]] = [[] for _ in range(weeks)]
    for session in sessions:
        offset = (session.date - start).days
        if not 0 <= offset < 7 * weeks:
            last_day = start + dt.timedelta(days=7 * weeks - 1)
            raise ValueError(
                f"{format_day(session.date)} is outside the block "
                f"({format_day(start)} to {format_day(last_day)})."
            )
        by_week[offset // 7].append(session)
    return tuple(
        WeekSummary(
            index=index,
            start=start + dt.timedelta(weeks=index),
            sessions=tuple(sorted(week_sessions, key=lambda session: session.date)),
        )
        for index, week_sessions in enumerate(by_week)
    )


def check_block(
    start: dt.date,
    weeks: int,
    sessions: Sequence[PlannedSession],
    aerobic_floor: float,
    long_run_day: int | None = None,
    neighbour_key_days: Iterable[dt.date] = (),
    easy_pace_overridden: bool = False,
) -> list[Violation]:
    """Every way the block breaks rules 1 and 2, in calendar order; ``[]`` when it keeps them.

    ``neighbour_key_days`` are key sessions of the runner's other blocks just outside
    this one; a key session of this block next to one of them breaks the 48-hour rule.
    ``easy_pace_overridden``: the easy pace is the coach's override, so a week whose
    easy runs count hard misses the floor because of it, and its message says so.

    Checked: each week's aerobic share by minutes against the floor; no two key sessions
    on consecutive calendar days, across week boundaries too; no progression run on the
    long-run day when one is given. The progression count and its even spread are not
    checked: an edited block may drift from its target ("5 of 6"), and that is allowed.

    A session outside the block, or two sessions on one date, is not a coaching rule
    being broken but a malformed block, so it raises ValueError (with a sentence a
    coach can read) instead of coming back as a Violation.
    """
    summaries = summarize_weeks(start, weeks, sessions)
    seen: set[dt.date] = set()
    for session in sessions:
        if session.date in seen:
            raise ValueError(
                f"Two sessions on {format_day(session.date)}; a runner has one session a day."
            )
        seen.add(session.date)

    violations = [
        _floor_violation(week, aerobic_floor, easy_pace_overridden)
        for week in summaries
        if not week.meets_floor(aerobic_floor)
    ]
    key_sessions = sorted((s for s in sessions if s.is_key), key=lambda s: s.date)
    for neighbour in sorted(set(neighbour_key_days)):
        for session in key_sessions:
            if abs((session.date - neighbour).days) == 1:
                side = "before" if neighbour < start else "after"
                # The day may hold the runner's other block or, with no block there,
                # their usual long run: the message names both possibilities.
                message = (
                    f"{_sentence_start(_describe(session))} is next to a key day on "
                    f"{format_day(neighbour)}, just {side} this block (a key session of the "
                    f"runner's block {side} this one, or their usual long run); key sessions "
                    "need 48 hours between them."
                )
                dates = tuple(sorted((neighbour, session.date)))
                violations.append(
                    _day_violation("consecutive_key_days", start, session.date, dates, message)
                )
    for earlier, later in pairwise(key_sessions):
        if (later.date - earlier.date).days == 1:
            message = (
                f"{_sentence_start(_describe(earlier))} and {_describe(later)} fall on "
                "consecutive days; key sessions need 48 hours between them."
            )
            dates = (earlier.date, later.date)
            violations.append(
                _day_violation("consecutive_key_days", start, later.date, dates, message)
            )
    if long_run_day is not None:
        for session in sessions:
            if session.is_progression and session.date.weekday() == long_run_day:
                message = (
                    f"{_sentence_start(_describe(session))} falls on the long-run day "
                    f"({WEEKDAY_NAMES[long_run_day]}); move it to another run day."
                )
                violations.append(
                    _day_violation(
                        "progression_on_long_run_day", start, session.date, (session.date,), message
                    )
                )
    violations.sort(key=lambda v: (v.dates[0] if v.dates else start, _RULE_ORDER[v.rule]))
    return violations


def _day_violation(
    rule: Rule, start: dt.date, on: dt.date, dates: tuple[dt.date, ...], message: str
) -> Violation:
    """A rule broken on certain days rather than by a week's share; it belongs to the
    week of ``on``, the block's own session (a neighbouring block's day lies outside)."""
    return Violation(
        rule=rule,
        week=(on - start).days // 7,
        dates=dates,
        aerobic_share=None,
        aerobic_floor=None,
        message=message,
    )


def _floor_violation(week: WeekSummary, floor: float, easy_pace_overridden: bool) -> Violation:
    share = week.aerobic_share
    below = (
        f"Week {week.number} is {percent(share)} aerobic by minutes, "
        f"below the {percent(floor)} floor"
    )
    if easy_pace_overridden and any(
        s.workout.kind in EASY_KINDS and s.workout.hard_minutes > 0 for s in week.sessions
    ):
        message = f"{below}, {EASY_OVERRIDE_CAUSE}"
    else:
        if week.progression_count:
            fix = "swap a progression run for an easy run"
        else:
            fix = "make a session with hard minutes lighter"
        if share >= LOWEST_FLOOR - SHARE_TOLERANCE:
            fix += " or lower the floor"
        message = f"{below}: {fix}."
    return Violation(
        rule="aerobic_floor",
        week=week.index,
        dates=tuple(s.date for s in week.sessions if s.workout.hard_minutes > 0),
        aerobic_share=share,
        aerobic_floor=floor,
        message=message,
    )


# --- Words and numbers for the coach ----------------------------------------------------


def share_of(aerobic: float, total: float) -> float:
    return aerobic / total if total > 0 else 1.0


def _describe(session: PlannedSession) -> str:
    kind = session.workout.kind
    label = {"progression": "progression run", "long": "long run"}.get(kind, f"{kind} run")
    return f"{label} on {format_day(session.date)}"


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]
