"""Recorded runs: reading a watch's file and judging it against the planned session.

Pure: nothing here imports Django or reads the clock. The lead's models and views call
``read_recording`` on an upload and ``judge`` on the result.
"""

from __future__ import annotations

from planner.recordings.model import (
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    Lap,
    Recording,
    RecordingError,
    Sample,
)
from planner.recordings.reading import read_recording

__all__ = [
    "MAX_UNPACKED_BYTES",
    "MAX_UPLOAD_BYTES",
    "Lap",
    "Recording",
    "RecordingError",
    "Sample",
    "read_recording",
]
