"""The actual aerobic share of a week: how much of the recorded running was aerobic.

Counted like the planned share, by minutes and by the same intensity rule, over the
recorded moving time only. Each moving interval is judged by its pace smoothed over
``SHARE_WINDOW_S`` (30 s), so a few strides or a hill do not turn an easy run hard,
nor a traffic light a tempo run easy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.resolution import intensity_of
from planner.runs.motion import window_speeds
from planner.runs.recorded import RecordedRun

SHARE_WINDOW_S = 30.0


@dataclass(frozen=True)
class AerobicShare:
    """Seconds of recorded moving time, and how many of them were aerobic."""

    aerobic_s: float
    moving_s: float

    @property
    def hard_s(self) -> float:
        return self.moving_s - self.aerobic_s

    @property
    def share(self) -> float | None:
        """Aerobic over all moving time; None for a week with nothing recorded."""
        return self.aerobic_s / self.moving_s if self.moving_s > 0 else None


def actual_aerobic_share(
    recordings: Iterable[RecordedRun], marathon_s_per_km: float
) -> AerobicShare:
    """The aerobic share of these recordings' moving time (see the module's docstring)."""
    aerobic_s = 0.0
    moving_s = 0.0
    for recording in recordings:
        track = recording.track
        speeds = window_speeds(track.times, track.step_s, track.step_m, SHARE_WINDOW_S)
        for i, moving in enumerate(track.moving):
            if not moving:
                continue
            moving_s += track.step_s[i]
            speed = speeds[i]
            if speed <= 0 or intensity_of(1000 / speed, marathon_s_per_km) == "aerobic":
                aerobic_s += track.step_s[i]
    return AerobicShare(aerobic_s=aerobic_s, moving_s=moving_s)
