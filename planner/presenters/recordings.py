"""A recorded run in words and pictures: verdict marks, the planned-vs-actual table, and
the pace chart's geometry, all in the runner's unit.

The chart is drawn by the template from numbers computed here, so the SVG holds no
logic and the same numbers can be said in text beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from planner import formatting, units
from planner.bands import band_for
from planner.paces import pace_in_unit
from planner.runs import ChartStream, Judgement, SegmentResult, describe

if TYPE_CHECKING:
    from planner.models import Recording, SessionSegment

# A mark and words for every verdict, so no page says it by colour alone.
VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "as_planned": ("✓", "As planned"),
    "started_too_fast": ("⚠", "Started too fast"),
    "no_fast_finish": ("⚠", "No fast finish"),
    "finish_off_target": ("⚠", "Sped up, not enough"),
    "too_fast": ("⚠", "Too fast for an easy day"),
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


def run_sentence(recording: Recording, unit: units.Unit) -> str:
    """The card's one line: the judge's sentence, or what an unplanned run was."""
    judgement = recording.judged()
    if judgement is not None:
        return describe(judgement, unit)
    pace = (
        formatting.pace(recording.moving_seconds / recording.distance_m * 1000, unit)
        if recording.distance_m > 0
        else "no pace"
    )
    return (
        f"Unplanned run: {formatting.duration(recording.moving_seconds)}, "
        f"{formatting.distance(recording.distance_m, unit)} at {pace}"
    )


# --- the table of planned against actual segments ---


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


def _band_text(pace_s_per_km: float, unit: units.Unit) -> str:
    band = band_for(pace_s_per_km)
    fast = formatting.pace(band.fastest_s_per_km, unit).removesuffix(f" /{unit}")
    return f"{fast}–{formatting.pace(band.slowest_s_per_km, unit)}"


def _status(result: SegmentResult, unit: units.Unit) -> tuple[str, str]:
    if result.status == "on_target":
        return "on target", "ok"
    if result.pace_off_s_per_km is None:
        return "not run", "bad"
    seconds = round(abs(pace_in_unit(result.pace_off_s_per_km, unit)))
    return f"{seconds} s /{unit} {result.status}", "warn"


def segment_rows(
    judgement: Judgement, planned: Sequence[SessionSegment], unit: units.Unit
) -> tuple[SegmentRow, ...]:
    rows = []
    for result, segment in zip(judgement.segments, planned, strict=False):
        status, tone = _status(result, unit)
        rows.append(
            SegmentRow(
                label=result.label,
                planned=(
                    f"{formatting.duration(segment.duration_s)} · "
                    f"{formatting.distance(segment.distance_m, unit)}"
                ),
                target=_band_text(result.target_pace_s_per_km, unit),
                moving=formatting.duration(result.moving_s),
                distance=formatting.distance(result.distance_m, unit),
                pace=(
                    formatting.pace(result.pace_s_per_km, unit)
                    if result.pace_s_per_km is not None
                    else "–"
                ),
                heart_rate=f"{round(result.heart_rate)} bpm" if result.heart_rate else "–",
                status=status,
                tone=tone,
            )
        )
    return tuple(rows)


# --- the pace chart ---

WIDTH = 640.0
HEIGHT = 240.0
LEFT = 52.0
RIGHT = 8.0
TOP = 8.0
BOTTOM = 28.0
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
    width: float
    height: float
    left: float
    top: float
    plot_width: float
    plot_height: float
    path: str
    bands: tuple[Band, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    summary: str

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
    every = max(1, -(-count // 8))
    return tuple(Tick(LEFT + n * step_m * scale, f"{n} {unit}") for n in range(0, count + 1, every))


def pace_chart(
    stream: ChartStream, judgement: Judgement | None, unit: units.Unit
) -> PaceChart | None:
    """Pace over distance with each segment's target band behind it; None without data."""
    smoothed = _smoothed(stream)
    paces = [1000 / speed for _, speed in smoothed if speed]
    total_m = max((distance for distance, _ in smoothed), default=0.0)
    if not paces or total_m <= 0:
        return None
    results = judgement.segments if judgement else ()
    band_paces = [
        (
            band_for(r.target_pace_s_per_km).fastest_s_per_km,
            band_for(r.target_pace_s_per_km).slowest_s_per_km,
        )
        for r in results
    ]
    fastest, slowest = _pace_range(paces, band_paces)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    x_scale = plot_w / total_m

    def y_of(pace: float) -> float:
        clipped = min(max(pace, fastest), slowest)
        return TOP + (clipped - fastest) / (slowest - fastest) * plot_h

    commands: list[str] = []
    pen_up = True
    for distance, speed in smoothed:
        if speed is None:
            pen_up = True
            continue
        commands.append(
            f"{'M' if pen_up else 'L'}{LEFT + distance * x_scale:.1f},{y_of(1000 / speed):.1f}"
        )
        pen_up = False
    bands = []
    start_m = 0.0
    for result, (fast, slow) in zip(results, band_paces, strict=True):
        end_m = min(total_m, start_m + result.distance_m)
        bands.append(
            Band(
                x=round(LEFT + start_m * x_scale, 1),
                y=round(y_of(fast), 1),
                width=round(max(0.0, end_m - start_m) * x_scale, 1),
                height=round(y_of(slow) - y_of(fast), 1),
                hard=result.hard,
                text=f"{result.label}: target {_band_text(result.target_pace_s_per_km, unit)}",
            )
        )
        start_m = end_m
    y_ticks = tuple(
        Tick(round(y_of(pace), 1), formatting.pace(pace, unit).removesuffix(f" /{unit}"))
        for pace in (fastest + (slowest - fastest) * n / 3 for n in range(4))
    )
    summary = (
        f"Pace over {formatting.distance(total_m, unit)}, between "
        f"{formatting.pace(min(paces), unit)} and {formatting.pace(max(paces), unit)} "
        "(averaged over 30 s)"
    )
    return PaceChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        plot_width=plot_w,
        plot_height=plot_h,
        path=" ".join(commands),
        bands=tuple(bands),
        x_ticks=_x_ticks(total_m, unit, x_scale),
        y_ticks=y_ticks,
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
                "label": result.label,
                "hard": result.hard,
                "target_pace_s_per_km": round(result.target_pace_s_per_km, 1),
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
