"""A coach's export of one runner's blocks and logs, as JSON or CSV (a spreadsheet).

Never cached: it says when it was made, and a coach asks for it rarely."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from planner import formatting
from planner.models import Recording, Runner, ScheduledSession, TrainingBlock
from planner.presenters.recordings import actual_share, recording_export
from planner.units import Unit, unit_of

# Distances in the CSV are in the runner's own unit (the unit column says which), as
# the runner and the coach read them on the pages; the JSON keeps kilometres and metres
# under names that say so, for programs.
CSV_COLUMNS = [
    "block_start",
    "block_status",
    "date",
    "kind",
    "title",
    "planned_minutes",
    "planned_hard_minutes",
    "unit",
    "planned_distance",
    "status",
    "actual_minutes",
    "actual_distance",
    "effort",
    "note",
    "skip_reason",
    "verdict",
]
# A spreadsheet reads a cell starting with one of these as a formula: a runner's
# note "=HYPERLINK(...)" would run in the coach's spreadsheet. A leading quote
# makes it text again (OWASP's advice for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _blocks(runner: Runner) -> list[TrainingBlock]:
    sessions = (
        ScheduledSession.objects.order_by("date")
        .select_related("recording")
        .defer("recording__original", "recording__stream")
        .prefetch_related("segments")
    )
    return list(
        runner.blocks.order_by("start").prefetch_related(Prefetch("sessions", queryset=sessions))
    )


def _session_row(block: TrainingBlock, session: ScheduledSession) -> dict[str, Any]:
    return {
        "block_start": block.start.isoformat(),
        "block_status": block.status,
        "date": session.date.isoformat(),
        "kind": session.kind,
        "title": session.title,
        "planned_minutes": round(session.total_seconds / 60, 1),
        "planned_hard_minutes": round(session.hard_seconds / 60, 1),
        "planned_km": round(session.distance_m / 1000, 2),
        "status": session.status,
        "actual_minutes": None
        if session.actual_seconds is None
        else round(session.actual_seconds / 60, 1),
        "actual_km": None
        if session.actual_distance_m is None
        else round(session.actual_distance_m / 1000, 2),
        "effort": session.effort,
        "note": session.note,
        "skip_reason": session.skip_reason,
        # A recorded run's verdict code; empty without one.
        "verdict": (getattr(session, "recording", None) and session.recording.verdict) or "",
    }


def _recorded(runner: Runner, blocks: list[TrainingBlock]) -> dict[str, Any]:
    """Each block's weekly actual aerobic shares, and the runs matched to no session."""
    runs = list(Recording.objects.without_files().filter(runner=runner))
    weeks = {
        block.pk: [
            {
                "start": (start := block.start + timedelta(weeks=week)).isoformat(),
                "actual_aerobic_share": actual_share(
                    [r for r in runs if 0 <= (r.day - start).days < 7]
                ),
            }
            for week in range(block.weeks)
        ]
        for block in blocks
    }
    return {"weeks": weeks, "unplanned": [recording_export(r) for r in runs if r.is_unplanned]}


def _as_json(runner: Runner, blocks: list[TrainingBlock]) -> dict[str, Any]:
    recorded = _recorded(runner, blocks)
    return {
        "exported_at": timezone.now().isoformat(),
        "runner": {
            "name": runner.name,
            "email": runner.user.email,
            "unit": runner.unit,
            "race": {
                "distance_m": runner.race_distance_m,
                "seconds": runner.race_seconds,
                "date": runner.race_date.isoformat(),
            },
            "easy_pace_override_s_per_km": runner.easy_pace_override_s_per_km,
            "time_zone": runner.time_zone,
        },
        "blocks": [
            {
                "start": block.start.isoformat(),
                "weeks": block.weeks,
                "status": block.status,
                "aerobic_floor_percent": block.aerobic_floor_percent,
                "target_progression_runs": block.target_progression_runs,
                "version": block.version,
                "planned_weeks": [
                    {
                        "start": week.start.isoformat(),
                        "aerobic_share": round(week.aerobic_share, 4),
                        "aerobic_share_text": formatting.percent(week.aerobic_share),
                    }
                    for week in block.week_summaries(block.sessions.all())
                ],
                "recorded_weeks": recorded["weeks"][block.pk],
                "sessions": [
                    {
                        **_session_row(block, session),
                        "segments": [
                            {
                                "position": segment.position,
                                "pace_s_per_km": round(segment.pace_s_per_km, 1),
                                "duration_s": round(segment.duration_s, 1),
                                "distance_m": round(segment.distance_m, 1),
                                "zone": segment.zone,
                            }
                            for segment in session.segments.all()
                        ],
                        "recording": recording_export(session.recording)
                        if getattr(session, "recording", None)
                        else None,
                    }
                    for session in block.sessions.all()
                ],
            }
            for block in blocks
        ],
        "unplanned_runs": recorded["unplanned"],
    }


def export_json(runner: Runner) -> str:
    return json.dumps(_as_json(runner, _blocks(runner)), indent=2, ensure_ascii=False)


def _csv_row(block: TrainingBlock, session: ScheduledSession, unit: Unit) -> dict[str, Any]:
    """The session's row with its distances in ``unit`` rather than kilometres."""
    row = _session_row(block, session)
    del row["planned_km"], row["actual_km"]
    actual = session.actual_distance_m
    return {
        **row,
        "unit": unit,
        "planned_distance": formatting.in_unit(session.distance_m, unit),
        "actual_distance": None if actual is None else formatting.in_unit(actual, unit),
    }


def export_csv(runner: Runner) -> str:
    """One row per session, every block; cells a spreadsheet would run are made text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    unit = unit_of(runner.unit)
    for block in _blocks(runner):
        for session in block.sessions.all():
            row = _csv_row(block, session, unit)
            writer.writerow({column: spreadsheet_safe(value) for column, value in row.items()})
    return buffer.getvalue()


# Each format: how it is made, and its content type.
FORMATS = {
    "json": (export_json, "application/json; charset=utf-8"),
    "csv": (export_csv, "text/csv; charset=utf-8"),
}
