"""What a watch recorded, in the few terms the judging needs.

Every reader (FIT, GPX, TCX) ends in these dataclasses, so the splitting and the
verdicts never know which format a run came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from planner.runs.motion import Track, track_of

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
# What a compressed upload may grow to. A two-hour FIT file at one point a second is
# under 1 MB and its GPX well under 10 MB, so this is generous for a run and small
# enough that a bomb cannot fill memory.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024


class RecordingError(ValueError):
    """A recording that cannot be judged, said so the runner knows what to do."""


@dataclass(frozen=True)
class Sample:
    """One recorded point. ``t_s`` is seconds since the recording's start.

    ``distance_m`` is cumulative. After :func:`read_recording` it is always filled: from
    the file when the file has it, otherwise from the GPS positions. ``speed_m_s`` is the
    speed the file itself recorded, when it did; judging derives its own speed from the
    distance (see :mod:`planner.runs.motion`).
    """

    t_s: float
    distance_m: float | None = None
    speed_m_s: float | None = None
    heart_rate: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Lap:
    """A lap the watch marked, in seconds since the start; ``step_index`` is the
    workout step the watch was on (0-based), when it was following a workout."""

    start_t_s: float
    end_t_s: float
    step_index: int | None = None


@dataclass(frozen=True)
class RecordedRun:
    """A run as recorded: ``start`` is an aware UTC datetime."""

    sport: str | None
    start: dt.datetime
    samples: tuple[Sample, ...]
    laps: tuple[Lap, ...] = ()

    @cached_property
    def track(self) -> Track:
        """Moving time and distance worked out once, however often the run is judged."""
        return track_of(self.samples)
