"""Reading a FIT activity with fitdecode.

Only what judging needs is kept: the records' time, distance, speed, heart rate and
position, the laps (with the workout step the watch was on), and the sport. Positions
arrive in semicircles, the FIT unit, and leave in degrees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import fitdecode

from planner.recordings.model import RecordingError

_DEGREES_PER_SEMICIRCLE = 180.0 / 2**31


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


def _point(frame: Any) -> RawPoint | None:
    values: dict[str, Any] = {}
    for field_data in frame.fields:
        if field_data.value is not None:
            values[field_data.name] = field_data.value
    time = values.get("timestamp")
    if not isinstance(time, dt.datetime):
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
    start = frame.get_value("start_time", fallback=None)
    end = frame.get_value("timestamp", fallback=None)
    if not (isinstance(start, dt.datetime) and isinstance(end, dt.datetime)):
        return None
    step = frame.get_value("wkt_step_index", fallback=None)
    return RawLap(start, end, step if isinstance(step, int) else None)


def _sport(frame: Any) -> str | None:
    sport = frame.get_value("sport", fallback=None)
    # An enum value fitdecode does not know comes out as a bare number.
    return sport if isinstance(sport, str) else None


def strict_reader(data: bytes) -> Any:
    """A fitdecode reader that raises on a bad checksum or a malformed message, rather than
    reading on past them: an upload that is not whole is refused, not half judged."""
    return fitdecode.FitReader(
        data,
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    )


def read_fit(data: bytes) -> RawActivity:
    """The points, laps and sport of a FIT activity file."""
    activity = RawActivity()
    session_sport: str | None = None
    file_type: object = None
    try:
        with strict_reader(data) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                name = frame.name
                if name == "record":
                    point = _point(frame)
                    if point is not None:
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
    except fitdecode.FitCRCError as error:
        raise RecordingError(
            "This FIT file is damaged (its checksum does not match); copy it from the watch again."
        ) from error
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
