"""A planned session as a FIT workout file for the runner's watch, and a week of them as a ZIP.

The rulebook ("The watch"): one step per resolved segment, ending on the segment's time
or distance as the coach wrote it, with the pace band as a custom speed target. The
band is the one stored on the segment when it was planned (`planner.bands`: clipped at
marathon pace for an aerobic segment, the easy range on easy and long runs), the same
one a recording is judged by, so the watch and the verdict agree about "on target".

Files are written with fit-tool (BSD-3), not Garmin's SDK. Everything here is pure:
the creation time is passed in, and the same input always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

from planner.bands import PaceBand, band_for
from planner.limits import FASTEST_PACE_S_PER_KM, MOST_SEGMENTS

# One step per segment: a template's segment limit is the watch's step limit.
MOST_STEPS = MOST_SEGMENTS
# A FIT field definition gives a field's size in one byte, and a string field ends in a
# NUL, so a name holds at most 254 bytes of UTF-8. Watches may show fewer characters.
NAME_BYTES = 254
# 60:00 per km is slower than any walk; a target past it is a slip, not a run.
SLOWEST_PACE_S_PER_KM = 3600.0
# duration_time is milliseconds and duration_distance centimetres in a uint32 whose top
# value means "invalid"; whole-number limits well inside both, and far beyond any run.
LONGEST_STEP_S = 7 * 24 * 3600.0
LONGEST_STEP_M = 10_000_000.0
# The FIT epoch, 1989-12-31 00:00 UTC, in milliseconds since the Unix epoch: time_created
# counts seconds from it and cannot go before it.
_FIT_EPOCH_MS = 631_065_600_000

FILENAME_CHARACTERS = 80
_SLUG_SPLIT = re.compile(r"[^a-z0-9]+")
_SAFE_FILENAME = re.compile(r"[a-z0-9][a-z0-9-]*\.fit")
# ZIP cannot store dates before 1980; any fixed date makes the archive reproducible.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class WatchStep:
    """One segment as the watch follows it: until a time or a distance, at a pace band."""

    name: str
    pace_s_per_km: float
    hard: bool
    duration_s: float | None = None
    distance_m: float | None = None
    # The segment's band as planned (``planner.bands.segment_band``); without one, the
    # plain ±2.5 % band around the pace.
    band: PaceBand | None = None

    def __post_init__(self) -> None:
        if (self.duration_s is None) == (self.distance_m is None):
            raise ValueError(
                f'Step "{self.name}" needs exactly one of a duration or a distance '
                "to end on, not both and not neither."
            )
        if not _fitted(self.name, NAME_BYTES):
            raise ValueError("A watch step needs a name that is not blank.")
        if not (
            math.isfinite(self.pace_s_per_km)
            and FASTEST_PACE_S_PER_KM <= self.pace_s_per_km <= SLOWEST_PACE_S_PER_KM
        ):
            raise ValueError(
                f'Step "{self.name}" has a pace of {self.pace_s_per_km:g} s per km; a watch '
                f"target must lie between {FASTEST_PACE_S_PER_KM:g} and "
                f"{SLOWEST_PACE_S_PER_KM:g} s per km."
            )
        if self.duration_s is not None and not (1 <= self.duration_s <= LONGEST_STEP_S):
            raise ValueError(
                f'Step "{self.name}" lasts {self.duration_s:g} s; a watch step lasts '
                f"from 1 s to {LONGEST_STEP_S:g} s."
            )
        if self.distance_m is not None and not (1 <= self.distance_m <= LONGEST_STEP_M):
            raise ValueError(
                f'Step "{self.name}" covers {self.distance_m:g} m; a watch step covers '
                f"from 1 m to {LONGEST_STEP_M:g} m."
            )


def default_step_name(position: int, count: int) -> str:
    """A name for a segment whose template gives it no words: "Segment 2 of 3"."""
    if not 1 <= position <= count:
        raise ValueError(f"Segment {position} of {count} does not exist.")
    return f"Segment {position} of {count}"


def _fitted(text: str, limit: int) -> str:
    """Text made fit for a FIT string: one line, no NUL, at most `limit` bytes of UTF-8."""
    # A control character would end the string early (NUL) or break the watch's one
    # line, and a lone surrogate is no UTF-8 at all. NFC keeps the coach's words.
    cleaned = "".join(
        " " if unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"} else c
        for c in unicodedata.normalize("NFC", text)
    )
    one_line = " ".join(cleaned.split())
    # Dropping the bytes of a character cut in half keeps the name valid UTF-8.
    return one_line.encode("utf-8")[:limit].decode("utf-8", errors="ignore").rstrip()


def workout_name(title: str, day: date) -> str:
    """The name the watch lists: the date first, so a list sorted by name is a calendar."""
    stamp = day.isoformat()
    title_room = NAME_BYTES - len(stamp) - 1
    fitted_title = _fitted(title, title_room)
    return f"{stamp} {fitted_title}" if fitted_title else stamp


def _fit_timestamp_ms(created: datetime) -> int:
    if created.tzinfo is None or created.utcoffset() is None:
        # A naive time would be read in the server's zone, which this module may not know.
        raise ValueError("The creation time needs a time zone.")
    milliseconds = round(created.timestamp() * 1000)
    if milliseconds < _FIT_EPOCH_MS:
        raise ValueError("A FIT file cannot be created before 31 December 1989.")
    return milliseconds


def _file_id(created: datetime) -> FileIdMessage:
    message = FileIdMessage()
    message.type = FileType.WORKOUT
    message.manufacturer = Manufacturer.DEVELOPMENT.value
    message.product = 0
    # Apps list a workout file without a creation time as empty.
    message.time_created = _fit_timestamp_ms(created)
    return message


def _workout(title: str, day: date, step_count: int) -> WorkoutMessage:
    message = WorkoutMessage()
    message.workout_name = workout_name(title, day)
    message.sport = Sport.RUNNING
    message.num_valid_steps = step_count
    return message


def _workout_step(index: int, step: WatchStep) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = index
    message.workout_step_name = _fitted(step.name, NAME_BYTES)
    # The type goes first: fit-tool picks the sub-field (and with it the scale, ms or
    # cm) from the type already set.
    if step.duration_s is not None:
        message.duration_type = WorkoutStepDuration.TIME
        message.duration_time = step.duration_s
    else:
        assert step.distance_m is not None  # WatchStep makes sure of one or the other
        message.duration_type = WorkoutStepDuration.DISTANCE
        message.duration_distance = step.distance_m
    band = step.band or band_for(step.pace_s_per_km)
    message.target_type = WorkoutStepTarget.SPEED
    # Speed zone 0 tells the watch to read the custom low and high instead of a zone.
    message.target_value = 0
    message.custom_target_speed_low = band.low_m_per_s
    message.custom_target_speed_high = band.high_m_per_s
    message.intensity = Intensity.INTERVAL if step.hard else Intensity.ACTIVE
    return message


def workout_file(title: str, day: date, created: datetime, steps: Sequence[WatchStep]) -> bytes:
    """A complete FIT workout file (header, messages, CRC) for one session."""
    if not 1 <= len(steps) <= MOST_STEPS:
        raise ValueError(
            f"A watch workout holds 1 to {MOST_STEPS} steps; this session has {len(steps)}."
        )
    builder = FitFileBuilder(auto_define=True)
    builder.add(_file_id(created))
    builder.add(_workout(title, day, len(steps)))
    builder.add_all([_workout_step(index, step) for index, step in enumerate(steps)])
    # build_bytes() encodes the records once, CRC included; build() would do it twice.
    data: bytes = builder.build_bytes()
    return data


def watch_filename(day: date, title: str) -> str:
    """A file name every system accepts: "2026-12-03-steady-40-fast-10.fit".

    Only lower-case ASCII letters, digits and hyphens, so no case-insensitive clash, no
    path separator and no character Windows refuses. Starting with the date means it
    can never be a reserved device name such as CON or NUL, and it is never empty.
    """
    stamp = day.isoformat()
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", errors="ignore").decode().lower()
    )
    words = [word for word in _SLUG_SPLIT.split(ascii_title) if word]
    room = FILENAME_CHARACTERS - len(stamp) - len("-.fit")
    slug = "-".join(words)[:room].rstrip("-")
    return f"{stamp}-{slug}.fit" if slug else f"{stamp}.fit"


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    stem = name.removesuffix(".fit")
    number = 2
    while f"{stem}-{number}.fit" in taken:
        number += 1
    return f"{stem}-{number}.fit"


def week_archive(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A ZIP of the week's workout files, one entry each, byte for byte reproducible."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files:
            if not _SAFE_FILENAME.fullmatch(name):
                raise ValueError(
                    f"{name!r} is not a safe watch file name; make it with watch_filename()."
                )
            entry_name = _unique(name, taken)
            taken.add(entry_name)
            entry = zipfile.ZipInfo(entry_name, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            # Fixed, so a ZIP made on Windows and on Linux are the same bytes.
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return buffer.getvalue()
