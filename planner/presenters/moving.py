"""A block's recorded runs as the coach's move control lists them, and where each may go.

No queries: the block page hands over the sessions and runs it already fetched.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

from planner import formatting, units
from planner.presenters import recordings as recorded

# A move list offers the sessions this close to the run's day: a run late or early by
# days, not weeks, and a short list on a phone. (Moving itself allows the whole block.)
MOVE_REACH = datetime.timedelta(days=7)

if TYPE_CHECKING:
    from planner.models import Recording, ScheduledSession


@dataclass(frozen=True)
class RunRow:
    """One run of the block: the session it is on (None: unplanned), how it went, and
    where it may move, each day already in words ("Tue 3 Mar")."""

    recording: Recording
    session: ScheduledSession | None
    sentence: str
    verdict: recorded.VerdictMark | None
    day: str = ""  # the run's day, "Tue 3 Mar"
    long_day: str = ""  # "Tuesday 3 March", for the move control's label
    session_day: str = ""  # the session's day when the run is on another day's session
    targets: tuple[tuple[int, str], ...] = ()  # the sessions it may move to: (pk, words)

    @property
    def dom_id(self) -> str:
        return f"run-{self.recording.pk}"

    @property
    def options(self) -> SafeString:
        """The move control's sessions as ``<option>``s, written once rather than per
        option through the template (a run may have a dozen sessions near it)."""
        return mark_safe(
            "".join(f'<option value="{pk}">{escape(words)}</option>' for pk, words in self.targets)
        )


def block_runs(
    runs: Sequence[Recording],
    sessions: Sequence[ScheduledSession],
    unit: units.Unit,
    free: Sequence[ScheduledSession] = (),
) -> tuple[RunRow, ...]:
    """The runs on this block's sessions or on none; ``free``: the sessions without a run
    (``free_sessions``), of which each row offers those near its day."""
    by_id = {session.pk: session for session in sessions}
    return tuple(
        _run_row(run, by_id.get(run.session_id) if run.session_id is not None else None, unit, free)
        for run in runs
        if run.session_id is None or run.session_id in by_id
    )


def _run_row(
    run: Recording,
    session: ScheduledSession | None,
    unit: units.Unit,
    free: Sequence[ScheduledSession],
) -> RunRow:
    return RunRow(
        run,
        session,
        recorded.run_sentence(run, unit),
        recorded.verdict_mark(run.verdict) if run.session_id is not None else None,
        day=formatting.day(run.day),
        long_day=formatting.weekday_date(run.day),
        session_day=formatting.day(session.date)
        if session is not None and session.date != run.day
        else "",
        targets=tuple(
            (target.pk, f"{formatting.day(target.date)}: {target.title}")
            for target in near(free, run.day)
        ),
    )


def free_sessions(
    runs: Sequence[Recording], sessions: Sequence[ScheduledSession]
) -> tuple[ScheduledSession, ...]:
    """Sessions a run may move to: without a run, and not logged as skipped (the same
    rule as ``planner.models.moving.free_sessions``, over rows already fetched)."""
    taken = {run.session_id for run in runs}
    return tuple(s for s in sessions if s.pk not in taken and s.status != "skipped")


def near(sessions: Iterable[ScheduledSession], day: datetime.date) -> list[ScheduledSession]:
    """The sessions within a week either side of ``day``, in date order."""
    return [s for s in sessions if abs(s.date - day) <= MOVE_REACH]
