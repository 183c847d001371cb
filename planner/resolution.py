"""Turning a workout template into one runner's concrete session.

A template says "2 mi at 10K pace +60 s per mile"; resolving it for a runner gives
the pace, time and distance of every segment, and the minutes spent in each zone.
The zone is the runner's, not the template's: a segment faster than the runner's
marathon pace is hard (``intensity_of``), so one template can be hard for one runner
and aerobic for another.
Only the amount field that matches a segment's kind is read (a distance on a timed
segment is ignored, as is a pace segment when the pace has another anchor), so an
admin can switch a segment's kind without clearing the old value first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from planner.formatting import pace as format_pace
from planner.limits import FASTEST_PACE_S_PER_KM, LARGEST_OFFSET_S, LONGEST_SESSION_MINUTES
from planner.paces import TrainingPaces, offset_to_per_km
from planner.units import Unit

# The one list of each: models.choices makes its TextChoices from these tuples.
AmountKind = Literal["duration", "distance", "same_distance"]
PaceAnchor = Literal["easy", "marathon", "threshold", "ten_k", "segment"]
Zone = Literal["aerobic", "hard"]
AMOUNT_KINDS: tuple[AmountKind, ...] = get_args(AmountKind)
PACE_ANCHORS: tuple[PaceAnchor, ...] = get_args(PaceAnchor)
ZONES: tuple[Zone, ...] = get_args(Zone)


_UNIT_WORDS = {"mi": "mile", "km": "km"}

# "(10 miles)", "(45 minutes)", "(1.5 h)": a length in the template's name, which stops
# being true once a coach gives the session another length.
_LENGTH_IN_NAME = re.compile(
    r"\s*\(\s*\d+(?:[.,]\d+)?\s*"
    r"(?:miles?|mi|km|kilometres?|kilometers?|k|minutes?|mins?|hours?|hrs?|h)\s*\)\s*$",
    re.IGNORECASE,
)


# Whole numbers standing alone in a name ("Steady 40 + fast 10"), not part of a word.
_NUMBER_IN_NAME = re.compile(r"(?<![\w.,])\d+(?![\w.,])")


class TemplateError(ValueError):
    """A template that cannot be turned into a session, said so the admin can fix it."""


@dataclass(frozen=True)
class SegmentSpec:
    """One segment as the template's author wrote it."""

    amount_kind: AmountKind
    duration_s: int | None = None
    distance_m: float | None = None
    same_as: int | None = None
    pace_anchor: PaceAnchor = "easy"
    pace_segment: int | None = None
    offset_s: float = 0.0
    offset_unit: Unit = "mi"
    # The coach's words for the step ("Fast finish"), shown on the watch; may be blank.
    label: str = ""


@dataclass(frozen=True)
class ResolvedSegment:
    position: int
    pace_s_per_km: float
    duration_s: float
    distance_m: float
    zone: Zone
    # How the template measured it, so the runner reads "2 mi at 8:48 /mi" for a
    # distance and "10 min at 8:03 /mi" for a time.
    by_distance: bool = False
    label: str = ""
    # The amount as the coach wrote it, kept as a fact so a recording is measured the
    # same way: "the same distance as segment k" repeats what was actually run in k.
    amount: AmountKind = "duration"
    same_as: int | None = None


class ZoneMinutes:
    """The totals in minutes, for a workout that keeps them in seconds: the resolved one
    here and the stored session both read them the same way."""

    # The seconds the workout keeps, as a field of its own (a dataclass's or a model's).
    total_seconds: float
    aerobic_seconds: float
    hard_seconds: float

    @property
    def total_minutes(self) -> float:
        return self.total_seconds / 60

    @property
    def aerobic_minutes(self) -> float:
        return self.aerobic_seconds / 60

    @property
    def hard_minutes(self) -> float:
        return self.hard_seconds / 60


@dataclass(frozen=True)
class ResolvedWorkout(ZoneMinutes):
    segments: tuple[ResolvedSegment, ...]
    total_seconds: float
    aerobic_seconds: float
    hard_seconds: float
    distance_m: float
    # The marathon pace the zones were decided by; the pace bands are clipped at it.
    marathon_s_per_km: float = 0.0

    @classmethod
    def from_segments(
        cls, segments: Sequence[ResolvedSegment], marathon_s_per_km: float = 0.0
    ) -> ResolvedWorkout:
        aerobic = sum(s.duration_s for s in segments if s.zone == "aerobic")
        hard = sum(s.duration_s for s in segments if s.zone == "hard")
        return cls(
            segments=tuple(segments),
            total_seconds=aerobic + hard,
            aerobic_seconds=aerobic,
            hard_seconds=hard,
            distance_m=sum(s.distance_m for s in segments),
            marathon_s_per_km=marathon_s_per_km,
        )


def _reference_problem(position: int, target: int, segment_count: int) -> str | None:
    if target == position:
        return f"Segment {position} refers to itself; a segment can only refer to an earlier one."
    if target < 1 or target > segment_count:
        return (
            f"Segment {position} refers to segment {target}, which does not exist; "
            "a segment can only refer to an earlier one."
        )
    if target > position:
        return (
            f"Segment {position} refers to segment {target}, which comes later; "
            "a segment can only refer to an earlier one."
        )
    return None


def _amount_problems(position: int, spec: SegmentSpec, segment_count: int) -> list[str]:
    if spec.amount_kind == "duration":
        if spec.duration_s is None or not spec.duration_s > 0:
            return [f"Segment {position} is timed but has no duration above zero."]
    elif spec.amount_kind == "distance":
        if spec.distance_m is None or not (math.isfinite(spec.distance_m) and spec.distance_m > 0):
            return [f"Segment {position} is measured by distance but has no distance above zero."]
    elif spec.amount_kind == "same_distance":
        if spec.same_as is None:
            return [
                f"Segment {position} repeats an earlier segment's distance "
                "but does not say which segment."
            ]
        problem = _reference_problem(position, spec.same_as, segment_count)
        return [problem] if problem else []
    else:
        return [f"Segment {position} has an unknown kind of amount, {spec.amount_kind!r}."]
    return []


def _pace_problems(position: int, spec: SegmentSpec, segment_count: int) -> list[str]:
    problems: list[str] = []
    if spec.pace_anchor not in PACE_ANCHORS:
        problems.append(f"Segment {position} has an unknown pace anchor, {spec.pace_anchor!r}.")
    elif spec.pace_anchor == "segment":
        if spec.pace_segment is None:
            problems.append(
                f"Segment {position} takes its pace from another segment "
                "but does not say which one."
            )
        else:
            problem = _reference_problem(position, spec.pace_segment, segment_count)
            if problem:
                problems.append(problem)
    if spec.offset_unit not in _UNIT_WORDS:
        problems.append(
            f"Segment {position} has an offset in {spec.offset_unit!r}; use 'mi' or 'km'."
        )
    elif not (math.isfinite(spec.offset_s) and abs(spec.offset_s) <= LARGEST_OFFSET_S):
        per = _UNIT_WORDS[spec.offset_unit]
        problems.append(
            f"Segment {position} has an offset of {spec.offset_s:+g} s per {per}; "
            f"an offset can be at most {LARGEST_OFFSET_S:.0f} s per {per} faster or slower."
        )
    return problems


def validate_segments(specs: Sequence[SegmentSpec]) -> list[str]:
    """Every problem with a template's segments, one sentence each; empty when sound."""
    if not specs:
        return ["A workout needs at least one segment."]
    problems: list[str] = []
    for position, spec in enumerate(specs, start=1):
        problems += _amount_problems(position, spec, len(specs))
        problems += _pace_problems(position, spec, len(specs))
    return problems


def intensity_of(pace_s_per_km: float, marathon_s_per_km: float) -> Zone:
    """Hard when faster than the runner's marathon pace, aerobic otherwise.

    Both paces are compared at one decimal of a second per km, so a segment that is
    marathon pace by construction is not tipped into "hard" by floating-point noise.
    """
    for pace in (pace_s_per_km, marathon_s_per_km):
        if not (math.isfinite(pace) and pace > 0):
            raise ValueError(f"{pace} s per km is not a pace.")
    return "hard" if round(pace_s_per_km, 1) < round(marathon_s_per_km, 1) else "aerobic"


def _anchor_pace(spec: SegmentSpec, paces: TrainingPaces, earlier: list[ResolvedSegment]) -> float:
    if spec.pace_anchor == "segment":
        assert spec.pace_segment is not None  # validate_segments has made sure
        return earlier[spec.pace_segment - 1].pace_s_per_km
    anchors = {
        "easy": paces.easy,
        "marathon": paces.marathon,
        "threshold": paces.threshold,
        "ten_k": paces.ten_k,
    }
    return anchors[spec.pace_anchor]


def resolve(
    specs: Sequence[SegmentSpec], paces: TrainingPaces, minutes: float | None = None
) -> ResolvedWorkout:
    """One runner's session from a template: pace, time, distance and zone of every segment.

    With ``minutes`` the session is the template sized to that length by
    ``scale_to_minutes``; without, it is the template's own length for this runner.
    """
    problems = validate_segments(specs)
    if problems:
        raise TemplateError(problems[0])
    if not (math.isfinite(paces.marathon) and paces.marathon > 0):
        raise ValueError("The runner's paces hold no marathon pace to tell aerobic from hard.")
    resolved: list[ResolvedSegment] = []
    for position, spec in enumerate(specs, start=1):
        pace = _anchor_pace(spec, paces, resolved) + offset_to_per_km(
            spec.offset_s, spec.offset_unit
        )
        # Offsets stack when segments take their pace from one another, so a
        # template that reads sensibly can still ask a slow runner to sprint.
        if not pace >= FASTEST_PACE_S_PER_KM:
            shown = format_pace(pace, "km") if pace > 0 else "no pace at all"
            raise TemplateError(
                f"Segment {position} works out at {shown} for this runner, faster than "
                f"{format_pace(FASTEST_PACE_S_PER_KM, 'km')}; check its pace and offset."
            )
        if spec.amount_kind == "duration":
            assert spec.duration_s is not None
            duration = float(spec.duration_s)
            distance = duration / pace * 1000
        else:
            if spec.amount_kind == "distance":
                assert spec.distance_m is not None
                distance = spec.distance_m
            else:
                assert spec.same_as is not None
                distance = resolved[spec.same_as - 1].distance_m
            duration = distance / 1000 * pace
        resolved.append(
            ResolvedSegment(
                position=position,
                pace_s_per_km=pace,
                duration_s=duration,
                distance_m=distance,
                zone=intensity_of(pace, paces.marathon),
                by_distance=spec.amount_kind != "duration",
                label=spec.label,
                amount=spec.amount_kind,
                same_as=spec.same_as if spec.amount_kind == "same_distance" else None,
            )
        )
    workout = ResolvedWorkout.from_segments(resolved, paces.marathon)
    return workout if minutes is None else scale_to_minutes(workout, minutes)


def scale_to_minutes(workout: ResolvedWorkout, minutes: float) -> ResolvedWorkout:
    """The same session stretched or shrunk to last this long, every pace unchanged."""
    if not (math.isfinite(minutes) and 0 < minutes <= LONGEST_SESSION_MINUTES):
        raise ValueError(
            f"A session must last more than 0 and at most {LONGEST_SESSION_MINUTES:.0f} "
            f"minutes; {minutes:g} minutes is outside that."
        )
    if not workout.total_seconds > 0:
        raise ValueError("A session with no time in it cannot be stretched to any length.")
    factor = minutes * 60 / workout.total_seconds
    return ResolvedWorkout.from_segments(
        [
            ResolvedSegment(
                position=segment.position,
                pace_s_per_km=segment.pace_s_per_km,
                duration_s=segment.duration_s * factor,
                distance_m=segment.distance_m * factor,
                zone=segment.zone,
                by_distance=segment.by_distance,
                label=segment.label,
                amount=segment.amount,
                same_as=segment.same_as,
            )
            for segment in workout.segments
        ],
        workout.marathon_s_per_km,
    )


def _whole_minutes(minutes: float) -> int:
    # Half a minute goes up, like every other rounded number the coach reads.
    return math.floor(minutes + 0.5)


def session_title(
    template_name: str,
    minutes: float | None,
    own_minutes: float,
    own_segment_minutes: Sequence[float | None] = (),
    segment_minutes: Sequence[float | None] = (),
) -> str:
    """What a session is called: the template's name, or its own length when resized.

    ``own_minutes`` is the template's length for this runner. A session sized to the
    same whole minutes keeps the template's name, length and all. One sized to another
    length says its own length once:

    - a name whose numbers are its timed segments' minutes, in order ("Steady 40 +
      fast 10"), takes the resized segments' minutes ("Steady 56 + fast 14");
    - any other name drops a length it carries and says the session's own:
      "Fifths with fast finish, 60 min", not "(10 miles)".

    ``own_segment_minutes`` and ``segment_minutes`` are each segment's minutes before
    and after resizing, None for a segment measured by distance.
    """
    if minutes is None or _whole_minutes(minutes) == _whole_minutes(own_minutes):
        return template_name
    renamed = _renumbered(template_name, own_segment_minutes, segment_minutes)
    if renamed is not None:
        return renamed
    base = _LENGTH_IN_NAME.sub("", template_name) or template_name
    return f"{base}, {_whole_minutes(minutes)} min"


def _renumbered(
    name: str, before: Sequence[float | None], after: Sequence[float | None]
) -> str | None:
    """The name with its segment minutes replaced, when its numbers are exactly the timed
    segments' whole minutes in order; None when they are not (or there are none)."""
    timed_before = [_whole_minutes(m) for m in before if m is not None]
    timed_after = [_whole_minutes(m) for m in after if m is not None]
    numbers = _NUMBER_IN_NAME.findall(name)
    if not timed_before or len(timed_after) != len(timed_before):
        return None
    if [int(number) for number in numbers] != timed_before:
        return None
    replacements = iter(timed_after)
    return _NUMBER_IN_NAME.sub(lambda _: str(next(replacements)), name)
