"""Recorded runs: a watch's file, matched to the session it ran and judged against it.

Everything a page needs is stored on the row when the file is judged (verdict, the
per-segment results, moving time, distance, aerobic seconds and a 5-second chart
stream), so no page ever re-reads a file. The original upload is kept compressed in
the database, never on a server's disk, so ``rejudge_recordings`` can judge it again
when the rules change.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import zlib
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import FloatField, Q, Sum, Value
from django.db.models.functions import Cast, Round
from django.utils import timezone

from planner import formatting
from planner.errors import LogRefused
from planner.limits import MAX_STORED_BYTES_PER_RUNNER, MAX_STORED_MB_PER_RUNNER
from planner.models.blocks import TrainingBlock
from planner.models.choices import BlockStatus, SessionStatus
from planner.models.runners import Runner
from planner.models.sessions import ScheduledSession
from planner.resolution import AMOUNT_KINDS
from planner.rules import SESSION_KINDS
from planner.runs import (
    JUDGEMENT_FORMAT,
    Judgement,
    PartResult,
    PlannedSegment,
    RecordedRun,
    RecordingError,
    SegmentResult,
    actual_aerobic_share,
    chart_stream,
    encode_stream,
    judge,
    read_recording,
)

FILE_NAME_LENGTH = 200
# A run outside every block is still kept as an unplanned run, but only this close to
# today: a file dated years away is a watch with a wrong clock, not training.
UNPLANNED_REACH = datetime.timedelta(days=365)


def judgement_to_json(judgement: Judgement) -> dict[str, Any]:
    return dataclasses.asdict(judgement)


def judgement_from_json(stored: dict[str, Any]) -> Judgement | None:
    """The stored judgement, or None for one stored under older rules (not yet judged
    again by ``rejudge_recordings``): its facts are not these."""
    if stored.get("format") != JUDGEMENT_FORMAT:
        return None
    segments = tuple(SegmentResult(**segment) for segment in stored["segments"])
    parts = {
        name: None if stored.get(name) is None else PartResult(**stored[name])
        for name in ("warm_up", "cool_down")
    }
    laps = tuple(stored.get("laps_m", ()))
    return Judgement(**{**stored, **parts, "segments": segments, "laps_m": laps})


def planned_segments(session: ScheduledSession) -> tuple[list[PlannedSegment], bool]:
    """The session's stored segments as the judge reads them (facts, no words), and
    whether it is an out-and-back: two segments, the second the same distance as the
    first, whose turn is found by GPS."""
    stored = list(session.segments.all())
    planned = [
        PlannedSegment(
            position=index,
            amount=amount if (amount := segment.amount) in AMOUNT_KINDS else "duration",
            pace_s_per_km=segment.pace_s_per_km,
            hard=segment.is_hard,
            duration_s=segment.duration_s,
            distance_m=segment.distance_m,
            band_fast_s_per_km=segment.band.fast_s_per_km,
            band_slow_s_per_km=segment.band.slow_s_per_km,
            same_as=segment.same_as if segment.amount == "same_distance" else None,
        )
        for index, segment in enumerate(stored, start=1)
    ]
    out_and_back = len(planned) == 2 and planned[1].same_as == 1
    return planned, out_and_back


class Judged:
    """What judging one file gives, ready to store."""

    def __init__(self, run: RecordedRun, runner: Runner, session: ScheduledSession | None):
        marathon = runner.training_paces().marathon
        self.judgement: Judgement | None = None
        if session is not None:
            planned, out_and_back = planned_segments(session)
            self.judgement = judge(
                run,
                planned,
                session_kind=kind if (kind := session.kind) in SESSION_KINDS else "easy",
                marathon_s_per_km=marathon,
                out_and_back=out_and_back,
            )
        share = actual_aerobic_share([run], marathon)
        self.aerobic_seconds = share.aerobic_s
        self.moving_seconds = run.track.total_moving_s
        self.distance_m = run.track.total_moving_m
        self.stream = encode_stream(chart_stream(run))

    def fields(self) -> dict[str, Any]:
        return {
            "verdict": self.judgement.verdict if self.judgement else "",
            "judgement": judgement_to_json(self.judgement) if self.judgement else None,
            "moving_seconds": self.moving_seconds,
            "distance_m": self.distance_m,
            "aerobic_seconds": self.aerobic_seconds,
            "stream": self.stream,
        }


class RecordingQuerySet(models.QuerySet["Recording"]):
    def without_files(self) -> RecordingQuerySet:
        """Rows for pages: the original and the chart stream stay in the database."""
        return self.defer("original", "stream")

    def between(
        self, runner_id: int, start: datetime.date, end: datetime.date
    ) -> RecordingQuerySet:
        return self.without_files().filter(runner_id=runner_id, day__range=(start, end))

    def verdicts_for(self, session_ids: Iterable[int]) -> dict[int, str]:
        """Each recorded session's verdict code, in one query."""
        rows = self.filter(session_id__in=list(session_ids)).values_list("session_id", "verdict")
        return {session_id: verdict for session_id, verdict in rows if session_id is not None}

    def store_upload(
        self, runner: Runner, data: bytes, file_name: str, *, block: TrainingBlock | None = None
    ) -> Recording:
        """Read, match, judge and keep an upload, or raise ``RecordingError`` and keep nothing.

        Matched by the run's start date where the runner lives: the runner's published
        session that day, or, for a coach uploading from a block page (``block``), any
        session of theirs that day in that block. A day without one, or whose session
        already has a run, makes an unplanned run.
        """
        digest = hashlib.sha256(data).hexdigest()
        earlier = self.filter(runner=runner, sha256=digest).only("day").first()
        if earlier is not None:
            raise RecordingError(
                f"This file was already uploaded: the run of {formatting.day(earlier.day)}."
            )
        self._check_room(runner, len(data))
        run = read_recording(data, file_name, now=timezone.now())
        # The same run is the same start to the second and the same moving time, whatever
        # else in the file differs (a comment, an export from another app).
        started_at = run.start.replace(microsecond=0)
        self._check_new_run(runner, started_at, run.track.total_moving_s)
        day = runner.today(run.start)
        session = _session_on(runner, day, block)
        if session is None:
            _check_unplanned_day(runner, day)
        elif hasattr(session, "recording"):
            # A second run that day (a double, a jog home): kept as an unplanned run,
            # which the runner or the coach can move onto the session it was.
            session = None
        judged = Judged(run, runner, session)
        try:
            with transaction.atomic():
                # One upload of a runner's at a time from here: the room and the run are
                # checked again under the lock, so two at once cannot both pass.
                Runner.objects.select_for_update().filter(pk=runner.pk).first()
                self._check_room(runner, len(data))
                self._check_new_run(runner, started_at, judged.moving_seconds)
                recording = self.create(
                    runner=runner,
                    session=session,
                    day=day,
                    started_at=started_at,
                    file_name=file_name[:FILE_NAME_LENGTH],
                    sha256=digest,
                    original=zlib.compress(data, 9),
                    original_size=len(data),
                    **judged.fields(),
                )
                if session is not None:
                    session.mark_done(
                        minutes=judged.moving_seconds / 60,
                        distance_km=judged.distance_m / 1000,
                        effort=session.effort,
                        note=session.note,
                    )
        except LogRefused as refusal:
            raise RecordingError(str(refusal)) from refusal
        except IntegrityError as clash:
            # The same file or run sent twice at once: a unique constraint caught the second.
            raise RecordingError("This run was already uploaded.") from clash
        return recording

    def stored_bytes(self, runner: Runner) -> int:
        """What the originals kept for this runner take, counted as uploaded."""
        total = self.filter(runner=runner).aggregate(total=Sum("original_size"))["total"]
        return int(total or 0)

    def _check_room(self, runner: Runner, size: int) -> None:
        used = self.stored_bytes(runner)
        if used + size > MAX_STORED_BYTES_PER_RUNNER:
            raise RecordingError(
                f"The files kept for this runner take {_megabytes(used)} of the "
                f"{MAX_STORED_MB_PER_RUNNER} MB each runner may keep, and this one is "
                f"{_megabytes(size)}. Delete recorded runs that are no longer needed to make "
                "room: the runner can, with “Delete recording” on their week or the run's page."
            )

    def _check_new_run(self, runner: Runner, started_at: datetime.datetime, moving: float) -> None:
        # Rounded by the database, as the unique constraint rounds.
        earlier = (
            self.alias(moving_whole=Round("moving_seconds"))
            .filter(
                runner=runner,
                started_at=started_at,
                moving_whole=Round(Cast(Value(moving), FloatField())),
            )
            .only("day")
            .first()
        )
        if earlier is not None:
            raise RecordingError(
                f"This run was already uploaded: the run of {formatting.day(earlier.day)} "
                "starts at the same second and has the same moving time."
            )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _session_on(
    runner: Runner, day: datetime.date, block: TrainingBlock | None
) -> ScheduledSession | None:
    sessions = ScheduledSession.objects.filter(block__runner=runner, date=day)
    if block is None:
        sessions = sessions.filter(block__status=BlockStatus.PUBLISHED)
    else:
        sessions = sessions.filter(block=block)
    return (
        sessions.select_related("recording")
        .defer("recording__original", "recording__stream")
        .prefetch_related("segments")
        .first()
    )


def _check_unplanned_day(runner: Runner, day: datetime.date) -> None:
    in_a_block = TrainingBlock.objects.filter(runner=runner, start__lte=day, end__gte=day).exists()
    if not in_a_block and abs(day - runner.today()) > UNPLANNED_REACH:
        raise RecordingError(
            f"This run is dated {formatting.day_with_year(day)}: outside every training "
            "block and more than a year from today, so it cannot be matched to a plan. "
            "Check the watch's date."
        )


class Recording(models.Model):
    """One uploaded run. ``session`` is None for an unplanned run (still counted)."""

    runner = models.ForeignKey(Runner, on_delete=models.CASCADE, related_name="recordings")
    session = models.OneToOneField(
        ScheduledSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recording",
    )
    day = models.DateField(help_text="The run's start date where the runner lives.")
    started_at = models.DateTimeField()
    file_name = models.CharField(max_length=FILE_NAME_LENGTH)
    sha256 = models.CharField(max_length=64)
    verdict = models.CharField(max_length=20, blank=True)
    judgement = models.JSONField(null=True, blank=True)
    moving_seconds = models.FloatField()
    distance_m = models.FloatField()
    aerobic_seconds = models.FloatField()
    stream = models.BinaryField()
    # The upload as sent, zlib-compressed: what rejudging reads.
    original = models.BinaryField()
    original_size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = RecordingQuerySet.as_manager()

    class Meta:
        ordering = ["day", "started_at"]
        constraints = [
            models.UniqueConstraint(fields=["runner", "sha256"], name="recording_file_once"),
            # The rulebook's "the same run twice": the same start to the second (stored
            # so) and the same moving time, to the second.
            models.UniqueConstraint(
                "runner", "started_at", Round("moving_seconds"), name="recording_run_once"
            ),
            models.CheckConstraint(
                condition=Q(moving_seconds__gt=0, distance_m__gte=0, aerobic_seconds__gte=0),
                name="recording_figures_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["runner", "day"], name="recording_runner_day")]

    def __str__(self) -> str:
        return f"{self.runner} ran on {self.day}"

    @property
    def is_unplanned(self) -> bool:
        return self.session_id is None

    def judged(self) -> Judgement | None:
        return None if self.judgement is None else judgement_from_json(self.judgement)

    def original_bytes(self) -> bytes:
        return zlib.decompress(bytes(self.original))

    def stream_bytes(self) -> bytes:
        # SQLite hands a BinaryField back as bytes, PostgreSQL as a memoryview.
        return bytes(self.stream)

    def delete_with_original(self) -> None:
        """Delete the run and its original file.

        Its session goes back to planned, even when the runner had logged it by hand
        before uploading: the upload replaced that log, and a "done" with nothing
        behind it would misreport the week. The runner can log it by hand again.
        """
        with transaction.atomic():
            session = self.session
            self.delete()
            if session is not None and session.status == SessionStatus.DONE:
                session.undo_log()

    def rejudge(self) -> None:
        """Read the stored original again and judge it with today's rules and paces."""
        run = read_recording(self.original_bytes(), self.file_name, now=timezone.now())
        session = (
            ScheduledSession.objects.prefetch_related("segments").get(pk=self.session_id)
            if self.session_id is not None
            else None
        )
        for name, value in Judged(run, self.runner, session).fields().items():
            setattr(self, name, value)
        self.save()
