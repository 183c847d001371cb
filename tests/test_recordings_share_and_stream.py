"""The actual aerobic share of a week's recordings, and the chart's thinned stream."""

from __future__ import annotations

import datetime as dt
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.runs import (
    ChartPoint,
    ChartStream,
    RecordedRun,
    Sample,
    actual_aerobic_share,
    chart_stream,
    decode_stream,
    encode_stream,
    read_recording,
)
from tests.recording_files import gpx_file, paused, run_points

MARATHON_PACE = 326.4
AEROBIC = 1000 / 360  # 6:00 /km
HARD = 1000 / 300  # 5:00 /km


def _read(points: tuple[object, ...]) -> RecordedRun:
    return read_recording(gpx_file(points), "run.gpx")  # type: ignore[arg-type]


def test_a_week_of_an_easy_run_and_a_fast_finish_shares_out_by_minutes() -> None:
    easy = _read(run_points([(2400, AEROBIC)]))
    steady_and_fast = _read(run_points([(2400, AEROBIC), (600, HARD)]))

    share = actual_aerobic_share([easy, steady_and_fast], MARATHON_PACE)

    assert share.moving_s == pytest.approx(5400, abs=5)
    assert share.hard_s == pytest.approx(600, abs=20)
    assert share.share == pytest.approx(4800 / 5400, abs=0.005)


def test_a_week_with_nothing_recorded_has_no_share() -> None:
    share = actual_aerobic_share([], MARATHON_PACE)

    assert share.share is None
    assert share.moving_s == 0


def test_a_short_surge_is_judged_by_its_pace_over_30_seconds() -> None:
    # Ten seconds at 4:46 /km is faster than marathon pace second by second, but
    # over 30 seconds with the easy running around it, it is not.
    legs = [(600, AEROBIC)]
    for _ in range(4):
        legs += [(10, 3.5), (120, AEROBIC)]
    strides = _read(run_points(legs, every_s=1))

    share = actual_aerobic_share([strides], MARATHON_PACE)

    assert share.share == 1.0


def test_a_pause_is_not_counted_in_the_share() -> None:
    run = _read(paused(run_points([(1200, AEROBIC)]), after_s=600, pause_s=600))

    assert actual_aerobic_share([run], MARATHON_PACE).moving_s == pytest.approx(1195)


def test_the_chart_stream_has_a_point_every_five_seconds_and_no_positions() -> None:
    run = _read(run_points([(600, AEROBIC), (60, 0.0), (300, HARD)], every_s=1))

    stream = chart_stream(run)

    assert [point.t_s for point in stream.points] == list(range(0, 961, 5))
    assert not hasattr(stream.points[0], "lat")
    at_five_minutes = stream.points[60]
    assert at_five_minutes.speed_m_s == pytest.approx(AEROBIC, rel=0.01)
    assert at_five_minutes.distance_m == pytest.approx(300 * AEROBIC, rel=0.01)
    assert at_five_minutes.heart_rate == 150
    assert stream.points[126].speed_m_s == 0
    assert stream.points[-1].distance_m == pytest.approx(run.track.total_moving_m)


def test_the_stream_of_a_two_hour_run_stores_in_a_few_kilobytes() -> None:
    run = _read(run_points([(7200, AEROBIC)], every_s=5))

    stored = encode_stream(chart_stream(run))

    assert len(stored) < 8 * 1024
    assert decode_stream(stored) == chart_stream_rounded(chart_stream(run))


def chart_stream_rounded(stream: ChartStream) -> ChartStream:
    return ChartStream(
        tuple(
            ChartPoint(
                point.t_s,
                round(point.distance_m * 10) / 10,
                round(point.speed_m_s * 100) / 100,
                point.heart_rate,
            )
            for point in stream.points
        )
    )


@settings(max_examples=50)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 50, allow_nan=False),
            st.floats(0, 12, allow_nan=False),
            st.one_of(st.none(), st.integers(30, 220)),
        ),
        max_size=40,
    )
)
def test_a_stream_reads_back_as_stored_to_its_precision(
    rows: list[tuple[float, float, int | None]],
) -> None:
    distance = 0.0
    points = []
    for index, (step_m, speed, rate) in enumerate(rows):
        distance += step_m
        points.append(ChartPoint(index * 5, distance, speed, rate))
    stream = ChartStream(tuple(points))

    decoded = decode_stream(encode_stream(stream))

    assert decoded == chart_stream_rounded(decoded)
    for got, sent in zip(decoded.points, stream.points, strict=True):
        assert got.distance_m == pytest.approx(sent.distance_m, abs=0.051)
        assert got.speed_m_s == pytest.approx(sent.speed_m_s, abs=0.0051)
        assert got.heart_rate == sent.heart_rate


@pytest.mark.parametrize(
    "stored",
    [
        b"not zlib",
        zlib.compress(b"[1, 2]"),
        zlib.compress(b'{"v": 99}'),
        zlib.compress(b'{"v": 1, "t": [0], "d": [], "s": [0], "h": [0]}'),
        zlib.compress(b'{"v": 1, "t": ["0"], "d": [0], "s": [0], "h": [0]}'),
    ],
)
def test_a_damaged_stream_is_a_value_error(stored: bytes) -> None:
    with pytest.raises(ValueError, match="chart stream"):
        decode_stream(stored)


def test_a_recording_is_frozen_and_equal_by_its_content() -> None:
    start = dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    samples = tuple(Sample(float(t_s), t_s * 3.0) for t_s in range(0, 70, 10))
    one = RecordedRun("running", start, samples)
    other = RecordedRun("running", start, samples)
    assert one.track.total_moving_s == 60

    assert one == other
    with pytest.raises(AttributeError):
        one.sport = "cycling"  # type: ignore[misc]
