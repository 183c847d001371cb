"""Test recordings written by the tests themselves: FIT through fit-tool, GPX and TCX as
text, and the ZIP and gzip wrappers (bombs included) a hostile upload might use.

A run is described as legs of (seconds, speed in m/s); points fall every few seconds,
running north from a start point, or back south after ``turn_at_s``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import random
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

from planner.runs import Lap, RecordedRun, Sample
from planner.runs.motion import haversine_m

START = dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC)
START_LAT = 51.5
START_LON = -0.12
# Metres per degree of latitude on the mean-radius sphere the reader's haversine uses,
# so a run laid out here measures the same by GPS as by its recorded distance.
METRES_PER_DEGREE = 6_371_008.8 * 3.141592653589793 / 180


@dataclass(frozen=True)
class Point:
    t_s: float
    distance_m: float
    speed_m_s: float
    heart_rate: int | None
    lat: float
    lon: float


def run_points(
    legs: Sequence[tuple[float, float]],
    *,
    every_s: int = 5,
    heart_rate: int | None = 150,
    turn_at_s: float | None = None,
) -> tuple[Point, ...]:
    """Points every ``every_s`` seconds through legs of (seconds, metres per second)."""
    points = [Point(0.0, 0.0, legs[0][1], heart_rate, START_LAT, START_LON)]
    t_s = 0.0
    distance = 0.0
    north = 0.0
    for seconds, speed in legs:
        for _ in range(round(seconds / every_s)):
            t_s += every_s
            step = speed * every_s
            distance += step
            north += -step if turn_at_s is not None and t_s > turn_at_s else step
            lat = START_LAT + north / METRES_PER_DEGREE
            points.append(Point(t_s, distance, speed, heart_rate, lat, START_LON))
    return tuple(points)


def noisy_points(
    legs: Sequence[tuple[float, float]],
    *,
    seed: int,
    every_s: int = 5,
    turn_at_s: float | None = None,
    speed_noise: float = 0.04,
    wander: float = 0.5,
    gps_noise_m: float = 2.0,
    stops: Sequence[tuple[float, float]] = (),
) -> tuple[Point, ...]:
    """A run as a watch records it: the pace wanders (±``speed_noise``, each point keeping
    ``wander`` of the last one's drift), the GPS position drifts a few metres, the heart
    rate follows the pace,
    and the runner stands still at a light for each (after_s, seconds) of ``stops``.

    The recorded distance is the distance truly run, as a watch's own (FIT, TCX) would
    be; a GPX file leaves it out and the reader measures the drifting positions.
    """
    rng = random.Random(seed)
    points = [Point(0.0, 0.0, legs[0][1], 110, START_LAT, START_LON)]
    t_s = distance = north = 0.0
    drift = east = drift_north = 0.0
    waits = sorted(stops)
    for seconds, speed in legs:
        for _ in range(round(seconds / every_s)):
            while waits and t_s >= waits[0][0]:
                _, wait_s = waits.pop(0)
                for _ in range(round(wait_s / every_s)):
                    t_s += every_s
                    last = points[-1]
                    points.append(replace(last, t_s=t_s, speed_m_s=0.0))
            drift = wander * drift + rng.gauss(0, speed_noise * (1 - wander**2) ** 0.5)
            actual = speed * (1 + drift)
            t_s += every_s
            step = actual * every_s
            distance += step
            north += -step if turn_at_s is not None and t_s > turn_at_s else step
            drift_north = 0.9 * drift_north + rng.gauss(0, gps_noise_m * 0.44)
            east = 0.9 * east + rng.gauss(0, gps_noise_m * 0.44)
            lat = START_LAT + (north + drift_north) / METRES_PER_DEGREE
            lon = START_LON + east / (METRES_PER_DEGREE * 0.6225)
            rate = round(60 + 28 * actual + rng.gauss(0, 2))
            points.append(Point(t_s, distance, actual, rate, lat, lon))
    return tuple(points)


def recording_of(
    points: Sequence[Point],
    *,
    gps_distance: bool = False,
    laps: Sequence[tuple[float, float, int | None]] = (),
) -> RecordedRun:
    """The recording a reader would make of these points, without writing a file: the
    watch's distance, or (``gps_distance``, as for a GPX file) the distance between the
    drifting positions. For properties that judge many runs; files have their own tests.
    """
    samples = []
    metres = 0.0
    for index, point in enumerate(points):
        if gps_distance and index:
            before = points[index - 1]
            metres += haversine_m(before.lat, before.lon, point.lat, point.lon)
        samples.append(
            Sample(
                t_s=point.t_s,
                distance_m=metres if gps_distance else point.distance_m,
                heart_rate=point.heart_rate,
                lat=point.lat,
                lon=point.lon,
            )
        )
    return RecordedRun(
        sport="running",
        start=START,
        samples=tuple(samples),
        laps=tuple(Lap(start, end, step) for start, end, step in laps),
    )


def gps_gap(points: Sequence[Point], after_s: float, gap_s: float) -> tuple[Point, ...]:
    """The same run with no points for ``gap_s`` seconds after ``after_s`` (a tunnel)."""
    return tuple(point for point in points if not after_s < point.t_s < after_s + gap_s)


def paused(points: Sequence[Point], after_s: float, pause_s: float) -> tuple[Point, ...]:
    """The same run with the watch paused for ``pause_s`` after ``after_s``."""
    return tuple(
        replace(point, t_s=point.t_s + pause_s) if point.t_s > after_s else point
        for point in points
    )


def with_gps_jump(points: Sequence[Point], index: int, metres: float) -> tuple[Point, ...]:
    """One point thrown ``metres`` east, as a GPS glitch among buildings would."""
    jumped = list(points)
    point = jumped[index]
    jumped[index] = replace(point, lon=point.lon + metres / (METRES_PER_DEGREE * 0.6225))
    return tuple(jumped)


def _millis(t_s: float) -> int:
    return round((START.timestamp() + t_s) * 1000)


@cache
def fit_file(
    points: tuple[Point, ...],
    *,
    sport: Sport | None = Sport.RUNNING,
    laps: tuple[tuple[float, float, int | None], ...] = (),
    file_type: FileType = FileType.ACTIVITY,
    distance: bool = True,
    positions: bool = True,
) -> bytes:
    """A FIT activity; ``laps`` are (start_s, end_s, workout step index)."""
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = file_type
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 1
    file_id.time_created = _millis(0)
    builder.add(file_id)
    for point in points:
        record = RecordMessage()
        record.timestamp = _millis(point.t_s)
        if distance:
            record.distance = point.distance_m
            record.speed = point.speed_m_s
        if point.heart_rate is not None:
            record.heart_rate = point.heart_rate
        if positions:
            record.position_lat = point.lat
            record.position_long = point.lon
        builder.add(record)
    for index, (start_s, end_s, step) in enumerate(laps):
        lap = LapMessage()
        lap.message_index = index
        lap.start_time = _millis(start_s)
        lap.timestamp = _millis(end_s)
        lap.total_elapsed_time = end_s - start_s
        if step is not None:
            lap.workout_step_index = step
        builder.add(lap)
    if sport is not None:
        session = SessionMessage()
        session.start_time = _millis(0)
        session.timestamp = _millis(points[-1].t_s)
        session.sport = sport
        builder.add(session)
    return bytes(builder.build().to_bytes())


def _iso(t_s: float) -> str:
    return (START + dt.timedelta(seconds=t_s)).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx_file(points: Sequence[Point], *, sport: str = "running", times: bool = True) -> bytes:
    rows = []
    for point in points:
        time = f"<time>{_iso(point.t_s)}</time>" if times else ""
        rate = (
            "<extensions><gpxtpx:TrackPointExtension>"
            f"<gpxtpx:hr>{point.heart_rate}</gpxtpx:hr>"
            "</gpxtpx:TrackPointExtension></extensions>"
            if point.heart_rate is not None
            else ""
        )
        rows.append(f'<trkpt lat="{point.lat:.7f}" lon="{point.lon:.7f}">{time}{rate}</trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>Run</name><type>{sport}</type><trkseg>{''.join(rows)}</trkseg></trk></gpx>"
    ).encode()


def tcx_file(points: Sequence[Point], *, sport: str = "Running") -> bytes:
    rows = "".join(
        f"<Trackpoint><Time>{_iso(point.t_s)}</Time>"
        f"<Position><LatitudeDegrees>{point.lat:.7f}</LatitudeDegrees>"
        f"<LongitudeDegrees>{point.lon:.7f}</LongitudeDegrees></Position>"
        f"<DistanceMeters>{point.distance_m:.2f}</DistanceMeters>"
        f"<HeartRateBpm><Value>{point.heart_rate}</Value></HeartRateBpm></Trackpoint>"
        for point in points
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>{_iso(0)}</Id>'
        f'<Lap StartTime="{_iso(0)}"><Track>{rows}</Track></Lap>'
        "</Activity></Activities></TrainingCenterDatabase>"
    ).encode()


def gzip_of(data: bytes) -> bytes:
    return gzip.compress(data)


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


BOMB_BYTES = 80 * 1024 * 1024
_MEGABYTE_OF_ZEROS = bytes(1024 * 1024)


@cache
def zip_bomb() -> bytes:
    """A small ZIP whose one file unpacks to 80 MB of zeros."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("run.fit", "w", force_zip64=True) as member,
    ):
        for _ in range(BOMB_BYTES // len(_MEGABYTE_OF_ZEROS)):
            member.write(_MEGABYTE_OF_ZEROS)
    return buffer.getvalue()


@cache
def gzip_bomb() -> bytes:
    """A small gzip stream that unpacks to 80 MB of zeros."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [packer.compress(_MEGABYTE_OF_ZEROS) for _ in range(BOMB_BYTES // 1024 // 1024)]
    return b"".join(parts) + packer.flush()


def billion_laughs(root: str) -> bytes:
    """The classic entity-expansion attack, dressed as a GPX or TCX file."""
    entities = "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE {root} [<!ENTITY lol0 "lol">{entities}]>'
        f"<{root}><trk><name>&lol9;</name></trk></{root}>"
    ).encode()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)
