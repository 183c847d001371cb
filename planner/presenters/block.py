"""What the coach's block page shows: the calendar of weeks and days, the rules it
breaks, advice, history and the forms' choices, built once per drawing of the page; and
what it depends on (``BlockPage.key``), so it is drawn once per version."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Count, Max, Sum
from django.utils import timezone

from planner import formatting
from planner.advice import advise
from planner.forms.blocks import ChangeSessionForm, CopyBlockForm, MoveSessionForm
from planner.forms.recordings import UploadForm
from planner.models import (
    BlockChange,
    Recording,
    Runner,
    ScheduledSession,
    SessionSegment,
    TrainingBlock,
    WorkoutTemplate,
)
from planner.models.around import around_block
from planner.pages import page_key
from planner.presenters import recordings as recorded
from planner.presenters.block_calendar import Calendar, SegmentValues, WeekRow, week_totals
from planner.presenters.moving import block_runs, free_sessions
from planner.presenters.sessions import runner_unit, title_with_length
from planner.weekdays import WEEKDAY_SHORT

HISTORY_SHOWN = 30


def block_context(
    coach: User,
    block: TrainingBlock,
    *,
    editing: ScheduledSession | None = None,
    adding: date | None = None,
    today: date | None = None,
    focus_run: int | None = None,
    focus_day: date | None = None,
) -> dict[str, Any]:
    sessions = list(block.sessions.all())
    by_day = {session.date: session for session in sessions}
    today = today or timezone.localdate()
    summaries = block.week_summaries(sessions)
    unit = runner_unit(block.runner)
    runs = list(Recording.objects.between(block.runner_id, block.start, block.end))
    verdicts = {r.session_id: recorded.verdict_mark(r.verdict) for r in runs if r.session_id}
    calendar = Calendar(block, today, unit, block_segments(block), verdicts, editing)
    rows = tuple(
        WeekRow(
            summary=summary,
            totals=week_totals(
                [s for s in sessions if 0 <= (s.date - summary.start).days < 7], unit
            ),
            days=calendar.week(
                [summary.start + timedelta(days=offset) for offset in range(7)], by_day
            ),
            meets_floor=summary.meets_floor(block.aerobic_floor),
            actual_share=recorded.actual_share(
                [r for r in runs if 0 <= (r.day - summary.start).days < 7]
            ),
            floor=block.aerobic_floor,
        )
        for summary in summaries
    )
    progressions = [s for s in sessions if s.kind == "progression"]
    neighbours, previous_minutes = around_block(block)
    paces_from = max(today, block.start)
    free_days = [
        block.start + timedelta(days=offset)
        for offset in range(7 * block.weeks)
        if block.start + timedelta(days=offset) not in by_day
    ]
    return {
        # Not "block": inside {% block %} tags Django binds that name to the block node.
        "training_block": block,
        "runner": block.runner,
        "rows": rows,
        "weekdays": WEEKDAY_SHORT,
        "today": today,
        "progression_count": len(progressions),
        "fast_finish_minutes": round(sum(s.hard_seconds for s in progressions) / 60),
        "violations": block.violations(sessions, neighbours),
        "advice": advise(summaries, block.aerobic_floor, block.runner.vdot, previous_minutes),
        # Fetched here, not while the template draws, so the page's queries are the view's.
        "changes": history_lines(block),
        "editing": editing,
        "adding": adding,
        **editor_forms(block, editing, adding, free_days),
        "copy_form": copy_form(coach, block),
        "upload_form": UploadForm(auto_id="coach-upload-%s"),
        "paces_from": paces_from,
        "dates": page_dates(block, paces_from),
        # The block's runs with the move control, and the run just moved (focus goes there).
        "runs": block_runs(runs, sessions, unit, free_sessions(runs, sessions)),
        "focus_run": focus_run,
        # The day just edited: the script returns focus there and reads the message beside it.
        "focus_day": focus_day,
    }


def page_dates(block: TrainingBlock, paces_from: date) -> dict[str, str]:
    """The page's dates in words, each in the style of where it stands."""
    start, race = block.start, block.runner.race_date
    return {
        "start": formatting.day_month(start),  # "7 Dec"
        "start_year": f"{formatting.day_month(start)} {start.year}",  # "7 Dec 2026"
        "start_day": formatting.day_with_year(start),  # "Mon 7 Dec 2026"
        "race": f"{formatting.day_month(race)} {race.year}",
        "paces_from_day": formatting.day(paces_from),  # "Tue 8 Dec"
        "paces_from": formatting.day_month(paces_from),
    }


@dataclass(frozen=True)
class HistoryLine:
    """One change as the coach reads it: each fact said once, in the page's date style,
    in the server's time zone (as the template's ``|date`` would show it)."""

    at: str  # "2026-12-07T12:00:00+00:00", for the <time> element
    when: str  # "7 Dec 12:00"
    who: str  # the author's full name, else their username; "someone" when unknown
    sentence: str


def _session_words(snapshot: dict[str, Any]) -> str:
    return title_with_length(str(snapshot.get("title", "")), snapshot.get("minutes"))


def _snapshot_day(snapshot: dict[str, Any]) -> str:
    try:
        return formatting.day(date.fromisoformat(str(snapshot.get("date"))))
    except ValueError:
        return str(snapshot.get("date", ""))


def change_sentence(
    action: str, before: dict[str, Any] | None, after: dict[str, Any] | None, summary: str
) -> str:
    """A change told from the facts it kept (the session before and after), written
    when read: the stored summary only for changes that kept no session."""
    if action == "move" and before and after:
        return (
            f"Moved {_session_words(before)} from {_snapshot_day(before)} to {_snapshot_day(after)}"
        )
    if action == "change" and before and after:
        return (
            f"Changed {_snapshot_day(after)} from {_session_words(before)} "
            f"to {_session_words(after)}"
        )
    if action == "add" and after:
        return f"Added {_session_words(after)} on {_snapshot_day(after)}"
    if action == "remove" and before:
        return f"Removed {_session_words(before)} from {_snapshot_day(before)}"
    return summary


def block_segments(block: TrainingBlock) -> dict[int, list[SegmentValues]]:
    """The block's segments by session, in order, in one query, as the plain values the
    calendar says: a prefetch would build a queryset per session and a model per row."""
    by_session: dict[int, list[SegmentValues]] = defaultdict(list)
    rows = SessionSegment.objects.filter(session__block_id=block.pk).values_list(
        "session_id", "pace_s_per_km", "duration_s", "distance_m", "by_distance", "zone"
    )
    for session_id, pace, duration, distance, by_distance, zone in rows:
        hard = zone == "hard"
        by_session[session_id].append(SegmentValues(pace, duration, distance, by_distance, hard))
    return by_session


def history_lines(block: TrainingBlock) -> list[HistoryLine]:
    """The latest changes, as plain values: the author's names, not the whole user."""
    rows = BlockChange.objects.filter(block=block).values_list(
        "at", "action", "before", "after", "summary",
        "by_id", "by__first_name", "by__last_name", "by__username",
    )[:HISTORY_SHOWN]  # fmt: skip
    lines = []
    for at, action, before, after, summary, by, first, last, username in rows:
        local = timezone.localtime(at)
        # The name as User.get_full_name writes it, else the username.
        who = "someone" if by is None else (f"{first} {last}".strip() or username)
        lines.append(
            HistoryLine(
                local.isoformat(),
                f"{formatting.day_month(local)} {local:%H:%M}",
                who,
                change_sentence(action, before, after, summary),
            )
        )
    return lines


def roster_fingerprint(coach: User) -> tuple[int, int | None, int | None]:
    """What the copy list shows can change only by a runner added (count, highest id),
    removed (count) or renamed (a save raises that runner's stamp, so the sum moves):
    one aggregate row, however large the roster."""
    totals = Runner.objects.coached_by(coach).aggregate(
        count=Count("pk"), highest=Max("pk"), stamps=Sum("plan_stamp")
    )
    return totals["count"], totals["highest"], totals["stamps"]


def editor_forms(
    block: TrainingBlock,
    editing: ScheduledSession | None,
    adding: date | None,
    free_days: list[date],
) -> dict[str, forms.Form | None]:
    """The editor's forms, drawn with compact_field: the session's workout and length (or
    the day's new session), and the free days it may move to. Only an open editor lists
    the workouts; they are fetched here, so the page's queries are the view's."""
    if editing is None and adding is None:
        return {"change_form": None, "add_form": None, "move_form": None}
    version = {"version": block.version}
    drawn = ChangeSessionForm(
        auto_id="change-%s" if editing else "add-%s",
        initial={**version, "template": editing.template_id, "minutes": editing.minutes}
        if editing
        else version,
    )
    field = drawn.fields["template"]
    assert isinstance(field, forms.ModelChoiceField)
    field.choices = [
        (template.pk, field.label_from_instance(template))
        for template in WorkoutTemplate.objects.filter(active=True).order_by("kind", "name")
    ]
    move = None
    if editing is not None:
        move = MoveSessionForm(auto_id="move-%s", initial=version)
        move.fields["to"].widget.choices = [
            (day.isoformat(), formatting.day(day)) for day in free_days
        ]
    return {
        "change_form": drawn if editing else None,
        "add_form": None if editing else drawn,
        "move_form": move,
    }


def copy_form(coach: User, block: TrainingBlock) -> CopyBlockForm:
    """The copy form, the block's runner chosen, starting the day after the block. A coach
    may have hundreds of runners: the choices are plain values, not model rows."""
    form = CopyBlockForm(
        auto_id="copy-%s",
        coach=coach,
        initial={"runner": block.runner_id, "start": block.end + timedelta(days=1)},
    )
    field = form.fields["runner"]
    assert isinstance(field, forms.ModelChoiceField)
    field.choices = list(
        Runner.objects.coached_by(coach).order_by("name").values_list("pk", "name")
    )
    return form


@dataclass(frozen=True)
class BlockPage:
    """The block page as ``coach`` sees it on ``today``."""

    coach: User
    block: TrainingBlock
    today: date

    @property
    def key(self) -> str:
        # The block's version moves with its edits; the runner's stamp with everything
        # else the page shows (logs, runs, the race, neighbouring blocks); the roster's
        # fingerprint with the copy list; today with the states and the paces card.
        block, runner = self.block, self.block.runner
        return page_key(
            "block", block.pk, block.version, block.runner_id, runner.created_at,
            runner.plan_stamp, self.today, roster_fingerprint(self.coach),
        )  # fmt: skip

    def context(self) -> dict[str, Any]:
        return block_context(self.coach, self.block, today=self.today)
