"""A judgement in words, built when read and in the runner's unit of the day.

Nothing here is stored: a runner who switches from miles to km reads every past
verdict in km. A sentence says each fact once and never repeats the verdict's own
words (the page puts "As planned." before it).
"""

from __future__ import annotations

from planner.formatting import distance as format_distance
from planner.formatting import duration as format_duration
from planner.formatting import pace as format_pace
from planner.paces import pace_in_unit
from planner.runs.judging import Judgement, SegmentResult, faster_than
from planner.units import Unit


def bare_pace(s_per_km: float, unit: Unit) -> str:
    """A pace without its unit, for a pace just after one that has it: "8:03"."""
    return format_pace(s_per_km, unit).removesuffix(f" /{unit}")


def band_text(result: SegmentResult, unit: Unit) -> str:
    """The segment's band, fast edge first: "7:51–8:15 /mi"."""
    fast = bare_pace(result.band_fast_s_per_km, unit)
    return f"{fast}–{format_pace(result.band_slow_s_per_km, unit)}"


def _seconds_per_unit(s_per_km: float, unit: Unit) -> str:
    return f"{round(abs(pace_in_unit(s_per_km, unit)))} s /{unit}"


def amount_text(result: SegmentResult, unit: Unit) -> str:
    """The planned amount as the coach wrote it: "40 min", "2 mi", "way back"."""
    if result.amount == "duration":
        return f"{round(result.planned_s / 60)} min"
    if result.amount == "same_distance":
        return "way back"
    return format_distance(result.planned_m, unit)


_RUN_NAMES = {"easy": "easy run", "recovery": "recovery run", "long": "long run"}


def _plain_name(result: SegmentResult, judgement: Judgement, unit: Unit) -> str:
    amount = amount_text(result, unit)
    if result.position == judgement.finish:
        return f"fast finish ({amount})"
    if result.amount == "same_distance":
        return amount
    # An easy or long run is not a "steady" segment of a workout: it is that run.
    if judgement.session_kind in _RUN_NAMES:
        return f"{_RUN_NAMES[judgement.session_kind]} {amount}"
    return f"{'fast' if result.hard else 'steady'} {amount}"


def segment_name(result: SegmentResult, judgement: Judgement, unit: Unit) -> str:
    """How the runner reads a segment's name: "steady 40 min", "fast finish (10 min)";
    names that would repeat say which segment: "steady 2 mi (segment 2)"."""
    name = _plain_name(result, judgement, unit)
    names = [_plain_name(other, judgement, unit) for other in judgement.segments]
    return f"{name} (segment {result.position})" if names.count(name) > 1 else name


def off_text(result: SegmentResult, unit: Unit) -> str:
    """On target, or how far off: "15 s /km slow"."""
    if result.status == "on_target":
        return "on target"
    if result.pace_off_s_per_km is None or result.pace_s_per_km is None:
        return "not run"
    return f"{_seconds_per_unit(result.pace_off_s_per_km, unit)} {result.status}"


def _pace(result: SegmentResult, unit: Unit) -> str:
    return "no pace" if result.pace_s_per_km is None else format_pace(result.pace_s_per_km, unit)


def _gain(judgement: Judgement, before: SegmentResult, unit: Unit) -> str:
    planned = round(abs(pace_in_unit(judgement.planned_gain_s_per_km or 0.0, unit)))
    actual = judgement.actual_gain_s_per_km
    name = segment_name(before, judgement, unit)
    shown = None if actual is None else round(pace_in_unit(actual, unit))
    if shown is None or shown == 0:
        return f"no faster than the {name}, of {planned} s /{unit} planned"
    direction = "faster" if shown > 0 else "slower"
    return f"{abs(shown)} s /{unit} {direction} than the {name}, of {planned} planned"


def _run_of_plan(judgement: Judgement, unit: Unit) -> str:
    if judgement.by_distance:
        run = format_distance(judgement.workout_distance_m, unit)
        return f"{run} run of {format_distance(judgement.planned_m, unit)} planned"
    run = format_duration(judgement.workout_moving_s)
    return f"{run} run of {format_duration(judgement.planned_s)} planned"


def _finish_sentence(judgement: Judgement, unit: Unit) -> str | None:
    last, before = judgement.finish_result, judgement.before_finish
    if last is None or before is None:
        return None
    name = segment_name(last, judgement, unit)
    target = bare_pace(last.target_pace_s_per_km, unit)
    verdict = judgement.verdict
    if last.pace_s_per_km is None:
        return f"The {name} was not run"
    if verdict in ("no_fast_finish", "finish_off_target"):
        return (
            f"The {name} averaged {_pace(last, unit)}, target {target}: "
            f"{_gain(judgement, before, unit)}"
        )
    if verdict == "finish_too_fast":
        return (
            f"The {name} averaged {_pace(last, unit)}, more than 5 % faster than "
            f"its target {target}: raced, not run at the planned effort"
        )
    if verdict == "as_planned":
        return f"The {name} at {_pace(last, unit)}, target {target}: {off_text(last, unit)}"
    return None


def _much_longer(judgement: Judgement, unit: Unit) -> str:
    planned_s, planned_m = judgement.planned_s, judgement.planned_m
    if judgement.by_distance and planned_m > 0 and judgement.distance_m > 1.5 * planned_m:
        share = round(judgement.distance_m / planned_m * 100)
        run, plan = format_distance(judgement.distance_m, unit), format_distance(planned_m, unit)
    else:
        share = round(judgement.moving_s / planned_s * 100) if planned_s > 0 else 0
        run, plan = format_duration(judgement.moving_s), format_duration(planned_s)
    return f"{run} run, {share} % of the {plan} planned"


def describe(judgement: Judgement, unit: Unit) -> str:
    """One sentence for the runner's card, after the verdict's words, e.g.
    "The fast finish (10 min) at 7:58 /mi, target 8:03: on target"."""
    verdict = judgement.verdict
    if verdict == "cut_short":
        return f"{_run_of_plan(judgement, unit)} ({judgement.completed_percent} % of the plan)"
    if verdict == "started_too_fast":
        steady = next(
            result
            for result in judgement.segments
            if not result.hard
            and result.pace_s_per_km is not None
            and faster_than(result.pace_s_per_km, judgement.marathon_s_per_km)
        )
        return (
            f"The {segment_name(steady, judgement, unit)} averaged {_pace(steady, unit)}, "
            f"faster than your marathon pace {bare_pace(judgement.marathon_s_per_km, unit)}"
        )
    average = judgement.workout_pace_s_per_km
    average_text = "no pace" if average is None else format_pace(average, unit)
    if verdict == "too_fast":
        return (
            f"{format_duration(judgement.workout_moving_s)} at {average_text}, "
            f"faster than the easy range {band_text(judgement.segments[0], unit)}"
        )
    if verdict == "much_longer":
        return _much_longer(judgement, unit)
    finish = _finish_sentence(judgement, unit)
    if finish is not None:
        return finish
    return f"{format_duration(judgement.workout_moving_s)} at {average_text}"
