"""The pace band: the target a watch shows and the yardstick a recording is judged by.

The rulebook ("The watch") sets one band for both: the target pace ±2.5 %, taken as
speed. Keeping it in one pure module means the file on the watch and the verdict after
the run can never disagree about what "on target" meant.
"""

from __future__ import annotations

from dataclasses import dataclass

BAND_FRACTION = 0.025


@dataclass(frozen=True)
class PaceBand:
    """Speeds in metres per second; ``low`` is the slow edge, ``high`` the fast edge."""

    low_m_per_s: float
    high_m_per_s: float

    @property
    def slowest_s_per_km(self) -> float:
        return 1000.0 / self.low_m_per_s

    @property
    def fastest_s_per_km(self) -> float:
        return 1000.0 / self.high_m_per_s

    def contains(self, pace_s_per_km: float) -> bool:
        speed = 1000.0 / pace_s_per_km
        return self.low_m_per_s <= speed <= self.high_m_per_s


def band_for(pace_s_per_km: float) -> PaceBand:
    """The band around a target pace (seconds per km, above zero)."""
    if not pace_s_per_km > 0:
        raise ValueError("A pace band needs a pace above zero.")
    speed = 1000.0 / pace_s_per_km
    return PaceBand(speed * (1 - BAND_FRACTION), speed * (1 + BAND_FRACTION))
