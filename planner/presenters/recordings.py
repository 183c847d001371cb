"""A recorded run in words and pictures: verdict marks, the planned-vs-actual table, and
the pace chart's geometry, all in the runner's unit.

The chart is drawn by the template from numbers computed here, so the SVG holds no
logic and the same numbers can be said in text beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from planner import formatting, units
from planner.runs import ChartStream, Judgement, PartResult, SegmentResult, describe
from planner.runs.wording import band_text, off_text, segment_name

if TYPE_CHECKING:
    from planner.models import Recording

# A mark and words for every verdict, so no page says it by colour alone.
VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "as_planned": ("✓", "As planned"),
    "started_too_fast": ("⚠", "Started too fast"),
    "no_fast_finish": ("⚠", "No fast finish"),
    "finish_off_target": ("⚠", "Sped up, not enough"),
    "finish_too_fast": ("⚠", "Finish raced"),
    "too_fast": ("⚠", "Too fast for an easy day"),
    "much_longer": ("⚠", "Much longer than planned"),
    "cut_short": ("✗", "Cut short"),
    "": ("+", "Unplanned run"),
}


@dataclass(frozen=True)
class VerdictMark:
    code: str
    symbol: str
    words: str

    @property
    def tone(self) -> str:
        return {"✓": "ok", "✗": "bad", "+": "muted"}.get(self.symbol, "warn")


def verdict_mark(code: str) -> VerdictMark:
    symbol, words = VERDICT_WORDS.get(code, ("?", code.replace("_", " ")))
    return VerdictMark(code, symbol, words)


def _whole_run(recording: Recording, unit: units.Unit) -> str:
    pace = (
        formatting.pace(recording.moving_seconds / recording.distance_m * 1000, unit)
        if recording.distance_m > 0
        else "no pace"
    )
    return (
        f"{formatting.duration(recording.moving_seconds)}, "
        f"{formatting.distance(recording.distance_m, unit)} at {pace}"
    )


def run_sentence(recording: Recording, unit: units.Unit) -> str:
    """The words after the verdict's own (the page shows "As planned." first), built now
    in the runner's unit: the judge's facts, or what an unplanned run was."""
    judgement = recording.judged()
    if judgement is not None:
        return describe(judgement, unit)
    if recording.session_id is not None:
        # Judged under older rules and not yet again: the facts stored are not these.
        return _whole_run(recording, unit)
    return f"Unplanned run: {_whole_run(recording, unit)}"


# --- planned against actual: the warm-up, each segment, the cool-down ---


@dataclass(frozen=True)
class SegmentRow:
    label: str
    planned: str
    target: str
    moving: str
    distance: str
    pace: str
    heart_rate: str
    status: str
    tone: str
    hard: bool = False


@dataclass(frozen=True)
class RunTable:
    """The rows of the session page: the workout's segments, with what was run before
    and after it apart (they never decide the verdict)."""

    warm_up: SegmentRow | None
    segments: tuple[SegmentRow, ...]
    cool_down: SegmentRow | None

    def __bool__(self) -> bool:
        return bool(self.segments)


def _heart_rate(rate: float | None) -> str:
    return f"{round(rate)} bpm" if rate else "–"


def _pace_text(pace: float | None, unit: units.Unit) -> str:
    return formatting.pace(pace, unit) if pace is not None else "–"


def _status(result: SegmentResult, unit: units.Unit) -> tuple[str, str]:
    text = off_text(result, unit)
    tone = {"on_target": "ok", "not_run": "bad"}.get(result.status, "warn")
    return text, tone


def _part_row(name: str, part: PartResult | None, unit: units.Unit) -> SegmentRow | None:
    if part is None:
        return None
    return SegmentRow(
        label=name,
        planned="not planned",
        target="–",
        moving=formatting.duration(part.moving_s),
        distance=formatting.distance(part.distance_m, unit),
        pace=_pace_text(part.pace_s_per_km, unit),
        heart_rate=_heart_rate(part.heart_rate),
        status="not judged",
        tone="muted",
    )


def _planned_text(result: SegmentResult, unit: units.Unit) -> str:
    if result.amount == "duration":
        return formatting.duration(result.planned_s)
    if result.amount == "same_distance":
        return f"the distance of segment {result.same_as}"
    return formatting.distance(result.planned_m, unit)


def segment_rows(judgement: Judgement, unit: units.Unit) -> RunTable:
    rows = []
    for result in judgement.segments:
        status, tone = _status(result, unit)
        rows.append(
            SegmentRow(
                label=segment_name(result, judgement, unit),
                planned=_planned_text(result, unit),
                target=band_text(result, unit),
                moving=formatting.duration(result.moving_s),
                distance=formatting.distance(result.distance_m, unit),
                pace=_pace_text(result.pace_s_per_km, unit),
                heart_rate=_heart_rate(result.heart_rate),
                status=status,
                tone=tone,
                hard=result.hard,
            )
        )
    return RunTable(
        _part_row("Warm-up", judgement.warm_up, unit),
        tuple(rows),
        _part_row("Cool-down", judgement.cool_down, unit),
    )


# --- the pace chart ---

# Drawn in these units and shown at the card's width (about 318 px on a 360 px phone,
# at most 480 px): a 14-unit label is never under 12 px on the screen.
WIDTH = 320.0
HEIGHT = 200.0
LEFT = 46.0
RIGHT = 6.0
TOP = 12.0
BOTTOM = 22.0
MOST_X_TICKS = 5
# Speeds are averaged over this many 5-second points (30 s), as the aerobic share is.
SMOOTHING_POINTS = 6
STOPPED_M_S = 1.0


@dataclass(frozen=True)
class Band:
    x: float
    y: float
    width: float
    height: float
    hard: bool
    text: str


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class PaceChart:
    """What is drawn, back to front, then said in words; in x and y of the one frame
    every chart has (the class's own)."""

    bands: tuple[Band, ...]
    laps: tuple[float, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    path: str
    summary: str

    width: ClassVar[float] = WIDTH
    height: ClassVar[float] = HEIGHT
    left: ClassVar[float] = LEFT
    top: ClassVar[float] = TOP
    plot_width: ClassVar[float] = WIDTH - LEFT - RIGHT
    plot_height: ClassVar[float] = HEIGHT - TOP - BOTTOM

    @property
    def bottom(self) -> float:
        return self.top + self.plot_height

    @property
    def right(self) -> float:
        return self.left + self.plot_width


def _smoothed(stream: ChartStream) -> list[tuple[float, float | None]]:
    """(distance, speed) with speed averaged over the last 30 s; None while stopped."""
    points = stream.points
    smoothed: list[tuple[float, float | None]] = []
    for index, point in enumerate(points):
        if point.speed_m_s < STOPPED_M_S:
            smoothed.append((point.distance_m, None))
            continue
        window = [p.speed_m_s for p in points[max(0, index - SMOOTHING_POINTS + 1) : index + 1]]
        moving = [speed for speed in window if speed >= STOPPED_M_S]
        smoothed.append((point.distance_m, sum(moving) / len(moving)))
    return smoothed


def _pace_range(paces: list[float], bands: list[tuple[float, float]]) -> tuple[float, float]:
    ordered = sorted(paces)
    # The 5th to 95th percentile: a stumble or a GPS blip must not squash the chart.
    low = ordered[len(ordered) // 20] if ordered else 300.0
    high = ordered[-1 - len(ordered) // 20] if ordered else 420.0
    for fast, slow in bands:
        low, high = min(low, fast), max(high, slow)
    margin = max(5.0, (high - low) * 0.1)
    return low - margin, high + margin


def _x_ticks(total_m: float, unit: units.Unit, scale: float) -> tuple[Tick, ...]:
    step_m = units.metres_per_unit(unit)
    count = int(total_m // step_m)
    every = max(1, -(-count // (MOST_X_TICKS - 1)))
    return tuple(
        Tick(round(LEFT + n * step_m * scale, 1), f"{n} {unit}") for n in range(0, count + 1, every)
    )


def pace_chart(
    stream: ChartStream, judgement: Judgement | None, unit: units.Unit
) -> PaceChart | None:
    """Pace over distance with each segment's band behind it and the laps marked; None
    without data."""
    smoothed = _smoothed(stream)
    paces = [1000 / speed for _, speed in smoothed if speed]
    total_m = max((distance for distance, _ in smoothed), default=0.0)
    if not paces or total_m <= 0:
        return None
    results = judgement.segments if judgement else ()
    fastest, slowest = _pace_range(
        paces, [(r.band_fast_s_per_km, r.band_slow_s_per_km) for r in results]
    )
    plot_w, plot_h = PaceChart.plot_width, PaceChart.plot_height
    x_scale = plot_w / total_m

    def y_of(pace: float) -> float:
        clipped = min(max(pace, fastest), slowest)
        return TOP + (clipped - fastest) / (slowest - fastest) * plot_h

    def x_of(metres: float) -> float:
        return round(LEFT + min(max(metres, 0.0), total_m) * x_scale, 1)

    commands: list[str] = []
    pen_up = True
    for distance, speed in smoothed:
        if speed is None:
            pen_up = True
            continue
        commands.append(f"{'M' if pen_up else 'L'}{x_of(distance):.1f},{y_of(1000 / speed):.1f}")
        pen_up = False
    bands = tuple(
        Band(
            x=x_of(result.start_m),
            y=round(y_of(result.band_fast_s_per_km), 1),
            width=round(max(0.0, x_of(result.end_m) - x_of(result.start_m)), 1),
            height=round(y_of(result.band_slow_s_per_km) - y_of(result.band_fast_s_per_km), 1),
            hard=result.hard,
            text=f"{segment_name(result, judgement, unit)}: {band_text(result, unit)}"
            if judgement
            else "",
        )
        for result in results
    )
    y_ticks = tuple(
        Tick(round(y_of(pace), 1), formatting.pace(pace, unit).removesuffix(f" /{unit}"))
        for pace in (fastest + (slowest - fastest) * n / 3 for n in range(4))
    )
    laps = tuple(x_of(metres) for metres in (judgement.laps_m if judgement else ()))
    summary = (
        f"Pace over {formatting.distance(total_m, unit)}, between "
        f"{formatting.pace(min(paces), unit)} and {formatting.pace(max(paces), unit)} "
        "(averaged over 30 s)"
    )
    if laps:
        summary += f"; {len(laps)} lap marks"
    return PaceChart(
        bands=bands,
        laps=laps,
        y_ticks=y_ticks,
        x_ticks=_x_ticks(total_m, unit, x_scale),
        path=" ".join(commands),
        summary=summary,
    )


# --- the export ---


def recording_export(recording: Recording) -> dict[str, Any]:
    """A recording in the JSON export: the verdict code and each segment's facts."""
    judgement = recording.judged()
    return {
        "date": recording.day.isoformat(),
        "started_at": recording.started_at.isoformat(),
        "verdict": recording.verdict or None,
        "moving_s": round(recording.moving_seconds, 1),
        "distance_m": round(recording.distance_m, 1),
        "aerobic_s": round(recording.aerobic_seconds, 1),
        "segments": [
            {
                "position": result.position,
                "amount": result.amount,
                "same_as": result.same_as,
                "hard": result.hard,
                "target_pace_s_per_km": round(result.target_pace_s_per_km, 1),
                "band_s_per_km": [
                    round(result.band_fast_s_per_km, 1),
                    round(result.band_slow_s_per_km, 1),
                ],
                "moving_s": round(result.moving_s, 1),
                "distance_m": round(result.distance_m, 1),
                "pace_s_per_km": None
                if result.pace_s_per_km is None
                else round(result.pace_s_per_km, 1),
                "heart_rate": None if result.heart_rate is None else round(result.heart_rate),
                "status": result.status,
            }
            for result in (judgement.segments if judgement else ())
        ],
    }


def actual_share(recordings: Sequence[Recording]) -> float | None:
    """The week's actual aerobic share from the stored per-run seconds (None: no runs)."""
    moving = sum(recording.moving_seconds for recording in recordings)
    return sum(r.aerobic_seconds for r in recordings) / moving if moving > 0 else None
