"""Reading and judging a two-hour FIT run at one point a second, against the floor of
fitdecode merely reading the same file. Reports, never judges.

Run: `python bench/bench_recordings.py`. Writing the file with fit-tool takes a few
seconds first; it is not timed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# A plain `python bench/bench_recordings.py` puts bench/ on the path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# One way of timing for every benchmark (bench/ is on the path when a script runs).
from bench_scheduling import median_milliseconds

from planner.bands import segment_band
from planner.paces import offset_to_per_km, paces_for_race
from planner.resolution import intensity_of
from planner.runs import (
    PlannedSegment,
    actual_aerobic_share,
    chart_stream,
    encode_stream,
    judge,
    read_recording,
)
from planner.runs.fit_reader import strict_reader
from tests.recording_files import fit_file, run_points

RUNS = 7
PACES = paces_for_race(10_000, 50 * 60)
STEADY = PACES.ten_k + offset_to_per_km(60, "mi")
FAST = PACES.ten_k
PLAN = tuple(
    PlannedSegment(
        position=position,
        amount="duration",
        pace_s_per_km=pace,
        hard=intensity_of(pace, PACES.marathon) == "hard",
        duration_s=seconds,
        distance_m=seconds / pace * 1000,
        band_fast_s_per_km=segment_band(pace, PACES.marathon, easy_run=False).fast_s_per_km,
        band_slow_s_per_km=segment_band(pace, PACES.marathon, easy_run=False).slow_s_per_km,
    )
    for position, (pace, seconds) in enumerate([(STEADY, 6000.0), (FAST, 1200.0)], start=1)
)
# The same plan inside a longer run: 20 minutes' warm-up and cool-down around it, so
# the workout is found by sliding the plan along the run.
EASY_M_S = 1000 / PACES.easy


def main() -> None:
    points = run_points([(6000, 1000 / STEADY), (1200, 1000 / FAST)], every_s=1)
    data = fit_file(points)
    print(f"two-hour FIT file: {len(points)} points, {len(data) / 1024:.0f} KB")

    def floor() -> None:
        # fitdecode alone, with the same checks read_recording asks of it.
        with strict_reader(data) as reader:
            for _ in reader:
                pass

    def read() -> object:
        return read_recording(data, "run.fit")

    def read_and_judge() -> object:
        recording = read_recording(data, "run.fit")
        return judge(recording, PLAN, session_kind="progression", marathon_s_per_km=PACES.marathon)

    recording = read_recording(data, "run.fit")
    longer = read_recording(
        fit_file(
            run_points(
                [(1200, EASY_M_S), (6000, 1000 / STEADY), (1200, 1000 / FAST), (1200, EASY_M_S)],
                every_s=1,
            )
        ),
        "longer.fit",
    )
    # Worked out once, outside the timing: only the slide is timed.
    assert longer.track.total_moving_s > 0

    def slide() -> object:
        return judge(longer, PLAN, session_kind="progression", marathon_s_per_km=PACES.marathon)

    def chart_and_share() -> object:
        # A fresh copy each time, so the cached track is worked out again.
        fresh = type(recording)(recording.sport, recording.start, recording.samples)
        return encode_stream(chart_stream(fresh)), actual_aerobic_share([fresh], PACES.marathon)

    floor_ms = median_milliseconds(floor, RUNS)
    rows = [
        ("fitdecode reading the file (floor)", floor_ms),
        ("read_recording", median_milliseconds(read, RUNS)),
        ("read_recording + judge", median_milliseconds(read_and_judge, RUNS)),
        ("chart stream + aerobic share (extra)", median_milliseconds(chart_and_share, RUNS)),
        ("judge a 160-min run by sliding (no read)", median_milliseconds(slide, RUNS)),
    ]
    print(f"median of {RUNS} runs")
    for name, ms in rows:
        print(f"  {name:<38} {ms:8.1f} ms  {ms / floor_ms:5.2f}x floor")


if __name__ == "__main__":
    main()
