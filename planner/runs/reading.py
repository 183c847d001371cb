"""``read_recording``: from an upload's bytes to a clean :class:`RecordedRun`, or a reason.

What a run is (the rulebook): one running activity, at most ``LONGEST_RUN_HOURS`` from
its first record to its last, started before ``now``, with at least
``SHORTEST_RUN_MOVING_S`` of moving time. ``now`` comes from the caller: this module
never reads the clock. The readers refuse a file past the point and length bounds as
soon as they meet the point that breaks them (``PointCount``), so no upload costs
more than its bounds allow, whatever it holds.

Cleaning, in order: points are put in time order and repeated times dropped; a GPS
point implying more than ``GPS_JUMP_M_S`` (12 m/s, faster than any runner's sprint)
from the last believed point is dropped; the distance comes from the file when it has
one (any step implying that speed is not believed either), otherwise from the GPS
points by haversine.
"""

from __future__ import annotations

import datetime as dt
import re

from planner.limits import MAX_FIT_BYTES, SHORTEST_RUN_MOVING_S
from planner.runs.fit_reader import FIT_TOO_BIG, PointCount, RawActivity, RawPoint, read_fit
from planner.runs.motion import haversine_m
from planner.runs.recorded import Lap, RecordedRun, RecordingError, Sample
from planner.runs.unpack import joined, unpack
from planner.runs.xml_reader import read_xml

GPS_JUMP_M_S = 12.0

# Sport names as FIT, GPX (Garmin, Strava and others) and TCX write them, to ours.
_SPORT_NAMES = {
    "run": "running",
    "running": "running",
    "trail_running": "running",
    "trailrun": "running",
    "treadmill": "running",
    "treadmill_running": "running",
    "virtualrun": "running",
    "virtual_run": "running",
    "street_running": "running",
    "track_running": "running",
    "jogging": "running",
    "ride": "cycling",
    "bike": "cycling",
    "biking": "cycling",
    "cycling": "cycling",
    "road_biking": "cycling",
    "mountain_biking": "cycling",
    "virtualride": "cycling",
    "ebikeride": "e-biking",
    "e_biking": "e-biking",
    "walk": "walking",
    "walking": "walking",
    "hike": "hiking",
    "hiking": "hiking",
    "swim": "swimming",
    "swimming": "swimming",
}
# Names that say nothing about the sport: the run is given the benefit of the doubt.
_UNKNOWN_SPORTS = {"", "generic", "other", "all", "unknown", "training", "activity"}


def _sport(raw: str | None) -> str | None:
    if raw is None:
        return None
    name = re.sub(r"[\s-]+", "_", raw.strip().lower())
    if name in _UNKNOWN_SPORTS or name.isdigit():
        return None
    sport = _SPORT_NAMES.get(name, name.replace("_", " "))
    if sport != "running":
        raise RecordingError(f"This is a {sport[:40]} activity; only runs can be judged.")
    return sport


def _ordered(points: list[RawPoint]) -> list[RawPoint]:
    points = sorted(points, key=lambda point: point.time)
    kept: list[RawPoint] = []
    for point in points:
        if kept and point.time <= kept[-1].time:
            continue
        kept.append(point)
    return kept


def _believed_positions(
    times: list[float], points: list[RawPoint]
) -> list[tuple[float, float] | None]:
    positions: list[tuple[float, float] | None] = []
    last: tuple[float, float, float] | None = None
    for t_s, point in zip(times, points, strict=True):
        if point.lat is None or point.lon is None:
            positions.append(None)
            continue
        if not (-90 <= point.lat <= 90 and -180 <= point.lon <= 180):
            positions.append(None)
            continue
        if last is not None:
            metres = haversine_m(last[1], last[2], point.lat, point.lon)
            if metres > GPS_JUMP_M_S * (t_s - last[0]):
                positions.append(None)
                continue
        last = (t_s, point.lat, point.lon)
        positions.append((point.lat, point.lon))
    return positions


def _file_distances(times: list[float], points: list[RawPoint]) -> list[float]:
    distances: list[float] = []
    believed = 0.0
    last_recorded: float | None = None
    last_t = times[0] if times else 0.0
    for t_s, point in zip(times, points, strict=True):
        recorded = point.distance_m
        if recorded is not None:
            if last_recorded is not None:
                step = recorded - last_recorded
                # A reset or a jump faster than any runner is not distance run.
                if 0 < step <= GPS_JUMP_M_S * (t_s - last_t):
                    believed += step
            last_recorded = recorded
            last_t = t_s
        distances.append(believed)
    return distances


def _gps_distances(positions: list[tuple[float, float] | None]) -> list[float]:
    distances: list[float] = []
    total = 0.0
    last: tuple[float, float] | None = None
    for position in positions:
        if position is not None:
            if last is not None:
                total += haversine_m(last[0], last[1], position[0], position[1])
            last = position
        distances.append(total)
    return distances


def recording_from(activity: RawActivity) -> RecordedRun:
    """A clean recording from what a reader found (see the module's docstring)."""
    sport = _sport(activity.sport)
    points = _ordered(activity.points)
    if not points:
        raise RecordingError(
            "This recording has no timestamps, so when and how fast it was run cannot be told."
        )
    start = points[0].time
    times = [(point.time - start).total_seconds() for point in points]
    positions = _believed_positions(times, points)
    if any(point.distance_m is not None for point in points):
        distances = _file_distances(times, points)
    elif any(position is not None for position in positions):
        distances = _gps_distances(positions)
    else:
        raise RecordingError(
            "This recording has neither distance nor GPS positions, so its pace cannot be told."
        )
    samples = tuple(
        Sample(
            t_s=t_s,
            distance_m=distance,
            speed_m_s=point.speed_m_s,
            heart_rate=point.heart_rate,
            lat=position[0] if position else None,
            lon=position[1] if position else None,
        )
        for t_s, point, distance, position in zip(times, points, distances, positions, strict=True)
    )
    end = times[-1]
    laps = tuple(
        Lap(
            start_t_s=min(end, max(0.0, (lap.start - start).total_seconds())),
            end_t_s=min(end, max(0.0, (lap.end - start).total_seconds())),
            step_index=lap.step_index,
        )
        for lap in sorted(activity.laps, key=lambda lap: lap.start)
    )
    return RecordedRun(sport=sport, start=start, samples=samples, laps=laps)


def read_recording(data: bytes, filename: str, *, now: dt.datetime | None = None) -> RecordedRun:
    """The run in an uploaded FIT (or .fit.gz), GPX or TCX file, or a ZIP holding one.

    The type is told by content, never by the name. Every problem a runner could fix
    or should know about is a :class:`RecordingError` with a sentence for them. ``now``
    (an aware datetime) refuses a run that starts after it; every upload passes it,
    and only tests and benchmarks reading fixed files leave it out.
    """
    kind, pieces = unpack(data, filename)
    count = PointCount()
    if kind == "fit":
        activity = read_fit(joined(pieces, MAX_FIT_BYTES, FIT_TOO_BIG), count)
    else:
        activity = read_xml(pieces, count)
    recording = recording_from(activity)
    if now is not None and recording.start > now:
        raise RecordingError(
            f"This run starts on {recording.start:%d %B %Y at %H:%M} UTC, which has not "
            "come yet; a run is uploaded after it is run. Check the watch's date."
        )
    if recording.track.total_moving_s < SHORTEST_RUN_MOVING_S:
        raise RecordingError(
            f"This recording holds under {SHORTEST_RUN_MOVING_S // 60} minutes of running, "
            "too little to judge."
        )
    return recording
