"""Recorded runs: reading a watch's file and judging it against the planned session.

Pure: nothing here imports Django or reads the clock. The models and views call
``read_recording`` on an upload, ``judge`` and ``describe`` on the result,
``actual_aerobic_share`` on a week's recordings and ``chart_stream`` for the chart.
"""

from __future__ import annotations

from planner.resolution import AmountKind
from planner.rules import SessionKind
from planner.runs.judging import (
    JUDGEMENT_FORMAT,
    Judgement,
    PaceStatus,
    PartResult,
    SegmentResult,
    Verdict,
    judge,
)
from planner.runs.reading import read_recording
from planner.runs.recorded import (
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    Lap,
    RecordedRun,
    RecordingError,
    Sample,
)
from planner.runs.share import AerobicShare, actual_aerobic_share
from planner.runs.splitting import PlannedSegment, SplitBy
from planner.runs.stream import (
    ChartPoint,
    ChartStream,
    chart_stream,
    decode_stream,
    encode_stream,
)
from planner.runs.wording import describe

__all__ = [
    "JUDGEMENT_FORMAT",
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "AerobicShare",
    "AmountKind",
    "ChartPoint",
    "ChartStream",
    "Judgement",
    "Lap",
    "PaceStatus",
    "PartResult",
    "PlannedSegment",
    "RecordedRun",
    "RecordingError",
    "Sample",
    "SegmentResult",
    "SessionKind",
    "SplitBy",
    "Verdict",
    "actual_aerobic_share",
    "chart_stream",
    "decode_stream",
    "describe",
    "encode_stream",
    "judge",
    "read_recording",
]
