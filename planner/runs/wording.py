"""The runner's card: one line saying what the verdict means, in the runner's unit."""

from __future__ import annotations

from planner.formatting import duration as format_duration
from planner.formatting import pace as format_pace
from planner.paces import pace_in_unit
from planner.runs.judging import Judgement, SegmentResult, faster_than
from planner.units import Unit


def _bare(s_per_km: float, unit: Unit) -> str:
    # "target 8:03" reads better without repeating the unit just given.
    return format_pace(s_per_km, unit).removesuffix(f" /{unit}")


def _off(result: SegmentResult, unit: Unit) -> str:
    if result.status == "on_target":
        return "on target"
    if result.pace_off_s_per_km is None:
        return "not run"
    seconds = round(abs(pace_in_unit(result.pace_off_s_per_km, unit)))
    return f"{seconds} s /{unit} {'fast' if result.pace_off_s_per_km < 0 else 'slow'}"


def _pace(result: SegmentResult, unit: Unit) -> str:
    if result.pace_s_per_km is None:
        return "no pace"
    return format_pace(result.pace_s_per_km, unit)


def _last_hard(judgement: Judgement) -> tuple[SegmentResult | None, SegmentResult | None]:
    segments = judgement.segments
    hard = [index for index, result in enumerate(segments) if result.hard]
    if not hard:
        return None, None
    before = segments[hard[-1] - 1] if hard[-1] > 0 else None
    return segments[hard[-1]], before


def describe(judgement: Judgement, unit: Unit) -> str:
    """One sentence for the runner's card, e.g.
    "Fast finish: last 10 min at 7:58 /mi, target 8:03 — on target"."""
    verdict = judgement.verdict
    marathon = _bare(judgement.marathon_s_per_km, unit)
    if verdict == "cut_short":
        return (
            f"Cut short: {format_duration(judgement.moving_s)} run of "
            f"{format_duration(judgement.planned_s)} planned "
            f"({judgement.completed:.0%} of the plan)"
        )
    if verdict == "started_too_fast":
        steady = next(
            result
            for result in judgement.segments
            if not result.hard
            and result.pace_s_per_km is not None
            and faster_than(result.pace_s_per_km, judgement.marathon_s_per_km)
        )
        return (
            f"Started too fast: the {steady.label} averaged {_pace(steady, unit)}, "
            f"faster than your marathon pace {marathon}"
        )
    last, before = _last_hard(judgement)
    if verdict in ("no_fast_finish", "finish_off_target") and last is not None:
        target = _bare(last.target_pace_s_per_km, unit)
        if verdict == "no_fast_finish":
            earlier = f", no faster than the {before.label}" if before is not None else ""
            return (
                f"No fast finish: the {last.label} averaged {_pace(last, unit)}, "
                f"target {target}{earlier}"
            )
        return (
            f"Sped up, not enough: the {last.label} averaged {_pace(last, unit)}, "
            f"target {target} — {_off(last, unit)}"
        )
    average = format_pace(judgement.pace_s_per_km, unit) if judgement.pace_s_per_km else "no pace"
    if verdict == "too_fast":
        return (
            f"Too fast for an easy day: {format_duration(judgement.moving_s)} at {average}, "
            f"faster than your marathon pace {marathon}"
        )
    if judgement.session_kind == "progression" and last is not None:
        return (
            f"Fast finish: {last.label} at {_pace(last, unit)}, "
            f"target {_bare(last.target_pace_s_per_km, unit)} — {_off(last, unit)}"
        )
    return f"As planned: {format_duration(judgement.moving_s)} at {average}"
