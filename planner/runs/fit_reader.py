"""Reading a FIT activity with fitdecode, its cost bounded before and while it is read.

Only what judging needs is kept: the records' time, distance, speed, heart rate and
position, the laps (with the workout step the watch was on), and the sport. Positions
arrive in semicircles, the FIT unit, and leave in degrees.

fitdecode spends about 20 microseconds on a message and 2 on a field, in Python, so
what a file may make it do is bounded: the checksums are checked first, over the whole
file, by a table (a damaged file is refused before a message is decoded); then
messages, fields and points are counted as they are read, and the file is refused at
the first one past ``MAX_FIT_MESSAGES``, ``MAX_FIT_FIELDS`` or ``MAX_RECORDING_POINTS``.
fitdecode's own value processing is left off (times come as FIT's whole seconds, which
are turned into datetimes here), which saves a third of its time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import fitdecode

from planner.limits import (
    LONGEST_RUN_HOURS,
    MAX_FIT_FIELDS,
    MAX_FIT_MB,
    MAX_FIT_MESSAGES,
    MAX_RECORDING_POINTS,
)
from planner.runs.recorded import RecordingError

_DEGREES_PER_SEMICIRCLE = 180.0 / 2**31
# FIT times are seconds since 1989-12-31 UTC; below 0x10000000 they count from the
# device's power-on instead, and say nothing about when the run was.
_FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_FIT_EARLIEST_TIME = 0x10000000
_LONGEST_RUN = dt.timedelta(hours=LONGEST_RUN_HOURS)


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc_table()


def fit_crc(data: bytes | memoryview) -> int:
    """The FIT checksum (CRC-16, polynomial 0xA001) of these bytes."""
    crc = 0
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


class PointCount:
    """A file's points counted as a reader meets them: the file is refused at the first
    point past ``MAX_RECORDING_POINTS``, or the first time that makes the run longer than
    ``LONGEST_RUN_HOURS``, however much of the file is left."""

    def __init__(self) -> None:
        self.points = 0
        self.earliest: dt.datetime | None = None
        self.latest: dt.datetime | None = None

    def point(self) -> None:
        self.points += 1
        if self.points > MAX_RECORDING_POINTS:
            raise RecordingError(
                f"This file holds more than {MAX_RECORDING_POINTS:,} points, more than any "
                "run's recording; it was not read further."
            )

    def timed(self, time: dt.datetime) -> None:
        if self.earliest is None or self.latest is None:
            self.earliest = self.latest = time
            return
        if time < self.earliest:
            self.earliest = time
        elif time > self.latest:
            self.latest = time
        else:
            return
        if self.latest - self.earliest > _LONGEST_RUN:
            raise RecordingError(
                f"This recording runs from {self.earliest:%d %B %Y %H:%M} to "
                f"{self.latest:%d %B %Y %H:%M} UTC, over {LONGEST_RUN_HOURS} hours; one run "
                "is at most that. Check the watch's clock, or upload the run on its own."
            )


@dataclass
class RawPoint:
    """A point before it is made relative to the start and cleaned."""

    time: dt.datetime
    distance_m: float | None = None
    speed_m_s: float | None = None
    heart_rate: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class RawLap:
    start: dt.datetime
    end: dt.datetime
    step_index: int | None = None


@dataclass
class RawActivity:
    sport: str | None = None
    points: list[RawPoint] = field(default_factory=list)
    laps: list[RawLap] = field(default_factory=list)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _fit_time(value: Any) -> dt.datetime | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < _FIT_EARLIEST_TIME:
        return None
    return _FIT_EPOCH + dt.timedelta(seconds=value)


def _point(frame: Any) -> RawPoint | None:
    values: dict[str, Any] = {}
    for field_data in frame.fields:
        if field_data.value is not None:
            values[field_data.name] = field_data.value
    time = _fit_time(values.get("timestamp"))
    if time is None:
        return None
    speed = _number(values.get("enhanced_speed", values.get("speed")))
    rate = values.get("heart_rate")
    lat = _number(values.get("position_lat"))
    lon = _number(values.get("position_long"))
    has_position = lat is not None and lon is not None
    return RawPoint(
        time=time,
        distance_m=_number(values.get("distance")),
        speed_m_s=speed,
        heart_rate=rate if isinstance(rate, int) and 0 < rate < 255 else None,
        lat=lat * _DEGREES_PER_SEMICIRCLE if has_position and lat is not None else None,
        lon=lon * _DEGREES_PER_SEMICIRCLE if has_position and lon is not None else None,
    )


def _lap(frame: Any) -> RawLap | None:
    start = _fit_time(frame.get_value("start_time", fallback=None))
    end = _fit_time(frame.get_value("timestamp", fallback=None))
    if start is None or end is None:
        return None
    step = frame.get_value("wkt_step_index", fallback=None)
    known = isinstance(step, int) and not isinstance(step, bool)
    return RawLap(start, end, step if known else None)


def _sport(frame: Any) -> str | None:
    sport = frame.get_value("sport", fallback=None)
    # An enum value fitdecode does not know comes out as a bare number.
    return sport if isinstance(sport, str) else None


def strict_reader(data: bytes) -> Any:
    """A fitdecode reader that raises on a bad checksum or a malformed message (what the
    benchmark compares ``read_fit`` with)."""
    return fitdecode.FitReader(
        data,
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    )


FIT_TOO_BIG = f"This FIT file is over {MAX_FIT_MB} MB, larger than any run's; it was not read."


def check_fit_checksums(data: bytes) -> None:
    """Refuse a FIT file (or chain of them) that is cut short or whose checksums differ."""
    view = memoryview(data)
    offset = 0
    while offset < len(data):
        header_size = data[offset]
        header = data[offset : offset + header_size]
        if header_size not in (12, 14) or header[8:12] != b".FIT":
            raise RecordingError(
                "This FIT file is damaged and cannot be read; copy it from the watch again."
            )
        end = offset + header_size + int.from_bytes(header[4:8], "little")
        if end + 2 > len(data):
            raise RecordingError(
                "This FIT file is cut short; copy the whole file from the watch again."
            )
        stated = int.from_bytes(data[end : end + 2], "little")
        header_crc = int.from_bytes(header[12:14], "little") if header_size == 14 else 0
        if (header_crc and fit_crc(view[offset : offset + 12]) != header_crc) or fit_crc(
            view[offset:end]
        ) != stated:
            raise RecordingError(
                "This FIT file is damaged (its checksum does not match); copy it from the "
                "watch again."
            )
        offset = end + 2


def _decoded(data: bytes) -> Any:
    """Every message of the file, refused at the first one past the bounds."""
    messages = 0
    fields = 0
    reader = fitdecode.FitReader(
        data,
        processor=None,
        check_crc=fitdecode.CrcCheck.DISABLED,
        error_handling=fitdecode.ErrorHandling.RAISE,
    )
    with reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                fields += len(frame.fields)
            elif frame.frame_type == fitdecode.FIT_FRAME_DEFINITION:
                fields += len(frame.field_defs) + len(frame.dev_field_defs)
            else:
                continue
            messages += 1
            if messages > MAX_FIT_MESSAGES or fields > MAX_FIT_FIELDS:
                raise RecordingError(
                    "This FIT file holds more messages than any run's recording; it was "
                    "not read further."
                )
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                yield frame


def read_fit(data: bytes, count: PointCount) -> RawActivity:
    """The points, laps and sport of a FIT activity file."""
    check_fit_checksums(data)
    activity = RawActivity()
    session_sport: str | None = None
    file_type: object = None
    try:
        for frame in _decoded(data):
            name = frame.name
            if name == "record":
                count.point()
                point = _point(frame)
                if point is not None:
                    count.timed(point.time)
                    activity.points.append(point)
            elif name == "lap":
                lap = _lap(frame)
                if lap is not None:
                    activity.laps.append(lap)
            elif name == "session":
                session_sport = session_sport or _sport(frame)
            elif name == "sport":
                activity.sport = activity.sport or _sport(frame)
            elif name == "file_id" and file_type is None:
                file_type = frame.get_value("type", fallback=None)
    except RecordingError:
        raise
    except fitdecode.FitEOFError as error:
        raise RecordingError(
            "This FIT file is cut short; copy the whole file from the watch again."
        ) from error
    # A hostile or broken file can trip any error inside the decoder; none of them
    # means anything to a runner, and none may escape as a crash.
    except Exception as error:
        raise RecordingError(
            "This FIT file is damaged and cannot be read; copy it from the watch again."
        ) from error
    if file_type not in (None, "activity"):
        raise RecordingError(
            f"This FIT file is a {str(file_type).replace('_', ' ')} file, not a recorded run; "
            "upload the activity the watch saved after the run."
        )
    activity.sport = session_sport or activity.sport
    return activity
