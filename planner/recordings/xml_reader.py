"""Reading GPX (with gpxpy) and TCX (with defusedxml), both parsed safely first.

Every XML upload goes through defusedxml with document types forbidden before
anything else reads it: a watch never writes a DOCTYPE, and refusing one refuses
entity expansion ("billion laughs") and external references outright. Only then does
gpxpy see a GPX file, so its own parser meets nothing it could expand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree
import gpxpy
import gpxpy.gpx

from planner.recordings.fit_reader import RawActivity, RawLap, RawPoint
from planner.recordings.model import RecordingError


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _utc(time: dt.datetime) -> dt.datetime:
    # A time without a zone in a GPX or TCX file is UTC by both formats' schemas.
    if time.tzinfo is None:
        return time.replace(tzinfo=dt.UTC)
    return time.astimezone(dt.UTC)


def parse_xml(data: bytes) -> Element:
    """The root element, or a RecordingError for hostile or broken XML."""
    try:
        root: Element = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as error:
        raise RecordingError(
            "This file carries XML declarations (a DOCTYPE or entities) that no watch "
            "writes, so it was refused unread."
        ) from error
    # Broken XML trips ParseError, but a mangled declaration can trip LookupError (an
    # unknown encoding) or others; none of them is the runner's to read.
    except Exception as error:
        raise RecordingError(
            "This GPX or TCX file is damaged (its XML is broken); export it again."
        ) from error
    return root


def xml_kind(root: Element) -> str:
    name = _local(root.tag)
    if name == "gpx":
        return "gpx"
    if name == "TrainingCenterDatabase":
        return "tcx"
    raise RecordingError(
        f"This XML file is not a GPX or TCX recording (it is a “{name[:40]}” document)."
    )


def _gpx_heart_rate(point: gpxpy.gpx.GPXTrackPoint) -> int | None:
    for extension in point.extensions:
        for element in extension.iter():
            if _local(str(element.tag)).lower() in {"hr", "heartrate"} and element.text:
                return _beats(element.text)
    return None


def _beats(text: str) -> int | None:
    try:
        rate = round(float(text))
    except (ValueError, OverflowError):
        return None
    return rate if 0 < rate < 255 else None


def read_gpx(data: bytes) -> RawActivity:
    """Every timed point of every track, in order."""
    try:
        gpx = gpxpy.parse(data)
    # gpxpy raises its own errors and lets its parser's and Python's through; any of
    # them means a file we cannot read, and none may reach the runner as a crash.
    except Exception as error:
        raise RecordingError("This GPX file is damaged and cannot be read; export it again.") from (
            error
        )
    activity = RawActivity()
    for track in gpx.tracks:
        if activity.sport is None and track.type:
            activity.sport = str(track.type)
        for segment in track.segments:
            for point in segment.points:
                if point.time is None:
                    continue
                activity.points.append(
                    RawPoint(
                        time=_utc(point.time),
                        heart_rate=_gpx_heart_rate(point),
                        lat=point.latitude,
                        lon=point.longitude,
                    )
                )
    return activity


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _child_text(element: Element, *path: str) -> str | None:
    current: Element | None = element
    for name in path:
        if current is None:
            return None
        current = _child(current, name)
    return current.text.strip() if current is not None and current.text else None


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return _utc(dt.datetime.fromisoformat(text))
    except ValueError:
        return None


def _tcx_point(element: Element) -> RawPoint | None:
    time = _time(_child_text(element, "Time"))
    if time is None:
        return None
    speed: float | None = None
    extensions = _child(element, "Extensions")
    if extensions is not None:
        for item in extensions.iter():
            if _local(item.tag) == "Speed":
                speed = _float(item.text)
    rate = _child_text(element, "HeartRateBpm", "Value")
    return RawPoint(
        time=time,
        distance_m=_float(_child_text(element, "DistanceMeters")),
        speed_m_s=speed,
        heart_rate=_beats(rate) if rate else None,
        lat=_float(_child_text(element, "Position", "LatitudeDegrees")),
        lon=_float(_child_text(element, "Position", "LongitudeDegrees")),
    )


def read_tcx(root: Element) -> RawActivity:
    """The first activity's points, laps and sport."""
    activity = RawActivity()
    activities = _child(root, "Activities")
    first: Any = None if activities is None else _child(activities, "Activity")
    if first is None:
        return activity
    activity.sport = first.get("Sport")
    for lap in first:
        if _local(lap.tag) != "Lap":
            continue
        lap_points: list[RawPoint] = []
        for element in lap.iter():
            if _local(element.tag) == "Trackpoint":
                point = _tcx_point(element)
                if point is not None:
                    lap_points.append(point)
        activity.points += lap_points
        start = _time(lap.get("StartTime"))
        if start is not None and lap_points:
            activity.laps.append(RawLap(start, lap_points[-1].time))
    return activity
