"""Reading GPX and TCX in one pass, as a stream, through defusedxml.

The parser is defusedxml's, with document types forbidden: a watch never writes a
DOCTYPE, and refusing one refuses entity expansion ("billion laughs") and external
references outright. No tree is built: the parser calls :class:`_Reader` at every
start tag, piece of text and end tag, and the reader keeps only the point it is in and
the points it has finished. So a file costs in proportion to what it holds, and it is
refused the moment it holds more than a run can (``MAX_RECORDING_POINTS`` points,
``MAX_XML_ELEMENTS`` elements, ``MAX_XML_DEPTH`` levels).

GPX: every ``trkpt`` of every track, its ``lat``/``lon``, ``time`` and a heart rate
from any extension (``hr`` or ``heartrate``); the sport from the first track's
``type``. TCX: the first ``Activity``, its ``Sport``, its laps (``StartTime`` to the
last point in the lap) and its trackpoints' time, position, distance, heart rate and
speed (from the extensions).
"""

from __future__ import annotations

import datetime as dt

import defusedxml
import defusedxml.ElementTree

from planner.limits import MAX_XML_DEPTH, MAX_XML_ELEMENTS
from planner.runs.fit_reader import PointCount, RawActivity, RawLap, RawPoint
from planner.runs.recorded import RecordingError
from planner.runs.unpack import Pieces

# No value a reader keeps is longer than a timestamp with a zone and fractions.
_LONGEST_VALUE = 64
# The parser (expat 2.5) scans an unfinished tag, attribute or comment again from its
# start each time more bytes arrive, so one of many megabytes costs quadratic time. No
# watch writes one longer than a line: past this many bytes without an element or a
# piece of text coming out, the file is refused.
_LONGEST_TOKEN = 1024 * 1024
_POINTS = {"trkpt": "gpx", "Trackpoint": "tcx"}
# The leaves a point's values come from, by local name and format.
_GPX_VALUES = {"time", "hr", "heartrate"}
_TCX_VALUES = {"Time", "LatitudeDegrees", "LongitudeDegrees", "DistanceMeters", "Value", "Speed"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _utc(time: dt.datetime) -> dt.datetime:
    # A time without a zone in a GPX or TCX file is UTC by both formats' schemas.
    if time.tzinfo is None:
        return time.replace(tzinfo=dt.UTC)
    return time.astimezone(dt.UTC)


def _float(text: str | None) -> float | None:
    if text is None or len(text) > _LONGEST_VALUE:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return _utc(dt.datetime.fromisoformat(text))
    except ValueError:
        return None


def _beats(text: str | None) -> int | None:
    value = _float(text)
    if value is None:
        return None
    rate = round(value)
    return rate if 0 < rate < 255 else None


class _Reader:
    """The parser's target: one GPX or TCX file's points, laps and sport, as they stream."""

    def __init__(self, count: PointCount) -> None:
        self.count = count
        self.activity = RawActivity()
        self.kind = ""
        self.depth = 0
        self.elements = 0
        self.calls = 0  # the parser's calls, to tell that it is still getting somewhere
        # TCX: 0 before the first Activity, 1 inside it, 2 after it.
        self.activity_state = 0
        self.in_type = False  # GPX: inside a track's <type>
        self.parent = ""  # GPX: the element at depth 2 (trk, rte, metadata...)
        self.point: dict[str, str] | None = None
        self.point_attributes: dict[str, str] = {}
        self.value_name: str | None = None
        self.value: list[str] = []
        self.lap_start: dt.datetime | None = None
        self.lap_points: list[RawPoint] = []

    # --- the parser's calls ---

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.calls += 1
        self.depth += 1
        self.elements += 1
        if self.depth > MAX_XML_DEPTH:
            raise RecordingError(
                f"This XML file nests elements more than {MAX_XML_DEPTH} deep; no watch "
                "writes that, so it was not read further."
            )
        if self.elements > MAX_XML_ELEMENTS:
            raise RecordingError(
                f"This XML file holds more than {MAX_XML_ELEMENTS:,} elements, more than "
                "any run's recording; it was not read further."
            )
        name = _local(tag)
        if not self.kind:
            self._root(name)
        elif name in _POINTS:
            self.count.point()
            if _POINTS[name] == self.kind:
                self.point = {}
                self.point_attributes = attributes
        elif self.point is not None:
            key = name.lower() if self.kind == "gpx" else name
            if key in (_GPX_VALUES if self.kind == "gpx" else _TCX_VALUES):
                self.value_name = name
                self.value = []
        elif self.kind == "gpx":
            if self.depth == 2:
                self.parent = name
            self.in_type = (
                name == "type"
                and self.depth == 3
                and self.parent == "trk"
                and self.activity.sport is None
            )
            if self.in_type:
                self.value = []
        else:
            self._tcx_start(name, attributes)

    def data(self, text: str) -> None:
        self.calls += 1
        if (self.value_name is not None or self.in_type) and sum(map(len, self.value)) < (
            _LONGEST_VALUE
        ):
            self.value.append(text)

    def end(self, tag: str) -> None:
        self.calls += 1
        self.depth -= 1
        name = _local(tag)
        if self.point is not None:
            if name == self.value_name:
                key = name.lower() if self.kind == "gpx" else name
                # The first of each value wins, as a reader of the format expects.
                self.point.setdefault(key, "".join(self.value).strip()[:_LONGEST_VALUE])
                self.value_name = None
            elif name in _POINTS:
                self._point_done()
        elif self.in_type and name == "type":
            self.activity.sport = "".join(self.value).strip()[:_LONGEST_VALUE]
            self.in_type = False
        elif self.kind == "tcx":
            self._tcx_end(name)

    def close(self) -> RawActivity:
        return self.activity

    # --- the formats ---

    def _root(self, name: str) -> None:
        if name == "gpx":
            self.kind = "gpx"
        elif name == "TrainingCenterDatabase":
            self.kind = "tcx"
        else:
            raise RecordingError(
                f"This XML file is not a GPX or TCX recording (it is a “{name[:40]}” document)."
            )

    def _tcx_start(self, name: str, attributes: dict[str, str]) -> None:
        if name == "Activity" and self.activity_state == 0:
            self.activity_state = 1
            self.activity.sport = attributes.get("Sport")
        elif name == "Lap" and self.activity_state == 1:
            self.lap_start = _time(attributes.get("StartTime"))
            self.lap_points = []

    def _tcx_end(self, name: str) -> None:
        if name == "Activity" and self.activity_state == 1:
            self.activity_state = 2
        elif name == "Lap" and self.activity_state == 1:
            if self.lap_start is not None and self.lap_points:
                self.activity.laps.append(RawLap(self.lap_start, self.lap_points[-1].time))
            self.lap_start = None

    def _point_done(self) -> None:
        values = self.point or {}
        self.point = None
        if self.kind == "tcx" and self.activity_state != 1:
            return  # a course's or a later activity's point: not this run
        time = _time(values.get("time" if self.kind == "gpx" else "Time"))
        if time is None:
            return
        self.count.timed(time)
        if self.kind == "gpx":
            point = RawPoint(
                time=time,
                heart_rate=_beats(values.get("hr", values.get("heartrate"))),
                lat=_float(self.point_attributes.get("lat")),
                lon=_float(self.point_attributes.get("lon")),
            )
        else:
            point = RawPoint(
                time=time,
                distance_m=_float(values.get("DistanceMeters")),
                speed_m_s=_float(values.get("Speed")),
                heart_rate=_beats(values.get("Value")),
                lat=_float(values.get("LatitudeDegrees")),
                lon=_float(values.get("LongitudeDegrees")),
            )
            self.lap_points.append(point)
        self.activity.points.append(point)


def read_xml(pieces: Pieces, count: PointCount) -> RawActivity:
    """The run in a GPX or TCX file, read in one pass as its pieces come (see the
    module's docstring)."""
    reader = _Reader(count)
    parser = defusedxml.ElementTree.XMLParser(target=reader, forbid_dtd=True)
    try:
        quiet = 0
        for piece in pieces:
            calls = reader.calls
            parser.feed(piece)
            quiet = quiet + len(piece) if reader.calls == calls else 0
            if quiet > _LONGEST_TOKEN:
                raise RecordingError(
                    "This XML file holds a tag, attribute or comment over "
                    f"{_LONGEST_TOKEN // (1024 * 1024)} MB long, which no watch writes; it "
                    "was not read further."
                )
        activity: RawActivity = parser.close()
    except RecordingError:
        raise
    except defusedxml.DefusedXmlException as error:
        raise RecordingError(
            "This file carries XML declarations (a DOCTYPE or entities) that no watch "
            "writes, so it was refused unread."
        ) from error
    # Broken XML trips ParseError, but a mangled declaration can trip LookupError (an
    # unknown encoding) or others; none of them is the runner's to read.
    except Exception as error:
        raise RecordingError(
            f"This {reader.kind.upper() or 'GPX or TCX'} file is damaged (its XML is broken); "
            "export it again."
        ) from error
    return activity
