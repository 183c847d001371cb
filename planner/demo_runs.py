"""Recorded runs for the demo that look like real ones: a jog to warm up, a pace that
wanders, a stop at a light, a cool-down home; written as the watch would (a FIT file
with the workout's step laps, or a GPX track without laps).

Pure: a plan of legs and a seed in, file bytes out; the same seed gives the same run.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

# Metres per degree of latitude on the sphere the readers measure with.
METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180
EVERY_S = 5
START_LAT, START_LON = 51.5, -0.12


@dataclass(frozen=True)
class Leg:
    """A stretch of the run: ``seconds`` of moving at ``pace_s_per_km`` (on average),
    on workout step ``step`` (None: warm-up or cool-down), then ``stop_s`` standing at a
    light (0: no stop)."""

    seconds: float
    pace_s_per_km: float
    step: int | None = None
    stop_s: float = 0.0


@dataclass(frozen=True)
class Point:
    t_s: float
    distance_m: float
    speed_m_s: float
    heart_rate: int
    lat: float
    lon: float


def points(legs: Sequence[Leg], seed: int, *, wander: float = 0.03) -> list[Point]:
    """A point every 5 s. Each leg's pace wanders around its average (a slow swing of
    ``wander`` and a little noise, averaging out over the leg), heart rate follows the
    effort with a lag, and the road winds gently north."""
    rng = random.Random(seed)
    phase = rng.uniform(0, 2 * math.pi)
    track = [_point(0.0, 0.0, 0.0, 100.0)]
    t_s = distance = 0.0
    heart = 100.0
    for leg in legs:
        steps = max(1, round(leg.seconds / EVERY_S))
        noise = [rng.gauss(0, 0.01) for _ in range(steps)]
        mean_noise = sum(noise) / steps
        swings = [wander * math.sin(phase + (t_s + i * EVERY_S) / 70) for i in range(steps)]
        mean_swing = sum(swings) / steps
        for swing, jitter in zip(swings, noise, strict=True):
            # Centred, so the leg's average pace is the pace it asks for.
            factor = 1 + (swing - mean_swing) + (jitter - mean_noise)
            speed = 1000 / (leg.pace_s_per_km * factor)
            t_s += EVERY_S
            distance += speed * EVERY_S
            heart += (_heart_for(speed) - heart) * 0.08
            track.append(_point(t_s, distance, speed, heart))
        for _ in range(round(leg.stop_s / EVERY_S)):
            t_s += EVERY_S
            heart += (95 - heart) * 0.05
            track.append(_point(t_s, distance, 0.0, heart))
    return track


def _heart_for(speed_m_s: float) -> float:
    return 95 + 22 * speed_m_s


def _point(t_s: float, distance: float, speed: float, heart: float) -> Point:
    north = distance / METRES_PER_DEGREE
    # A road that winds: up to 40 m either side of the straight line.
    east = 40 * math.sin(distance / 600) / (METRES_PER_DEGREE * math.cos(math.radians(START_LAT)))
    return Point(t_s, distance, speed, round(heart), START_LAT + north, START_LON + east)


def laps_of(legs: Sequence[Leg]) -> list[tuple[float, float, int | None]]:
    """(start, end, step) per leg, consecutive legs of one step in one lap, as a watch
    following the workout marks them."""
    laps: list[tuple[float, float, int | None]] = []
    t_s = 0.0
    for leg in legs:
        end = t_s + EVERY_S * (max(1, round(leg.seconds / EVERY_S)) + round(leg.stop_s / EVERY_S))
        if laps and laps[-1][2] == leg.step and leg.step is not None:
            laps[-1] = (laps[-1][0], end, leg.step)
        else:
            laps.append((t_s, end, leg.step))
        t_s = end
    return laps


def _millis(start: dt.datetime, t_s: float) -> int:
    return round((start.timestamp() + t_s) * 1000)


def fit_run(legs: Sequence[Leg], start: dt.datetime, seed: int) -> bytes:
    """A FIT activity of the legs, with a lap per workout step (and the warm-up and
    cool-down as laps without a step), as a watch following the workout records it."""
    track = points(legs, seed)
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = seed
    file_id.time_created = _millis(start, 0)
    builder.add(file_id)
    for point in track:
        record = RecordMessage()
        record.timestamp = _millis(start, point.t_s)
        record.distance = point.distance_m
        record.speed = point.speed_m_s
        record.heart_rate = point.heart_rate
        record.position_lat = point.lat
        record.position_long = point.lon
        builder.add(record)
    for index, (lap_start, lap_end, step) in enumerate(laps_of(legs)):
        lap = LapMessage()
        lap.message_index = index
        lap.start_time = _millis(start, lap_start)
        lap.timestamp = _millis(start, lap_end)
        lap.total_elapsed_time = lap_end - lap_start
        if step is not None:
            lap.workout_step_index = step
        builder.add(lap)
    session = SessionMessage()
    session.start_time = _millis(start, 0)
    session.timestamp = _millis(start, track[-1].t_s)
    session.sport = Sport.RUNNING
    builder.add(session)
    return bytes(builder.build().to_bytes())


def gpx_run(legs: Sequence[Leg], start: dt.datetime, seed: int) -> bytes:
    """A GPX track of the legs, without laps, as most phone apps export it."""
    rows = "".join(
        f'<trkpt lat="{point.lat:.7f}" lon="{point.lon:.7f}"><time>'
        f"{(start + dt.timedelta(seconds=point.t_s)).astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"
        "</time><extensions><gpxtpx:TrackPointExtension>"
        f"<gpxtpx:hr>{point.heart_rate}</gpxtpx:hr>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for point in points(legs, seed)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="Fast Finish demo" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{rows}</trkseg></trk></gpx>"
    ).encode()
