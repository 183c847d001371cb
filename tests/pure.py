"""What both the tests and the bench scripts use and that needs no Django: the bench imports
only the standard library, ``planner``'s pure modules and modules like this one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.bands import segment_band
from planner.paces import TrainingPaces
from planner.resolution import ResolvedWorkout, intensity_of
from planner.rules import Workout
from planner.watch import WatchStep

ROOT = Path(__file__).resolve().parent.parent

# Six templates whose weeks often miss a 75 % floor in rotation: the slowest request the
# old template search knew (24 runs in 7 weeks, every day), and the template search's
# most orders to consider.
ROTATING = (
    Workout("A", "progression", 40, 30),
    Workout("B", "progression", 25, 25),
    Workout("C", "progression", 40, 25),
    Workout("D", "progression", 35, 20),
    Workout("E", "progression", 25, 0),
    Workout("F", "progression", 40, 10),
)


def is_hard(pace_s_per_km: float, paces: TrainingPaces) -> bool:
    return intensity_of(pace_s_per_km, paces.marathon) == "hard"


def watch_steps(
    workout: ResolvedWorkout, names: list[str], paces: TrainingPaces, *, easy_run: bool = False
) -> list[WatchStep]:
    """A resolved workout's segments as watch steps, one name a segment, each with the
    band a session planned for this runner stores."""
    return [
        WatchStep(
            name=name,
            pace_s_per_km=segment.pace_s_per_km,
            hard=is_hard(segment.pace_s_per_km, paces),
            duration_s=None if segment.by_distance else segment.duration_s,
            distance_m=segment.distance_m if segment.by_distance else None,
            band=segment_band(segment.pace_s_per_km, paces.marathon, easy_run=easy_run),
        )
        for name, segment in zip(names, workout.segments, strict=True)
    ]


def collect_static(env: dict[str, str], timeout: float) -> None:
    """Collect the hashed static files as an app server started with ``env`` will serve them."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
    )
