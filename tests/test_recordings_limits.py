"""The readers' bounds, at their edges and without the database: what a run is, the
point bound, the chart stream's length, and the packings a watch or a computer writes."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile

import pytest

from planner import limits
from planner.runs import RecordedRun, RecordingError, Sample, chart_stream, read_recording
from planner.runs.stream import MAX_CHART_POINTS
from tests.hostile_files import zip_in_zip, zip_of_many
from tests.recording_files import START, fit_file, gpx_file, gzip_of, run_points, tcx_file

FIVE_MINUTES = run_points([(300, 3.0)], every_s=10)


def _refusal(data: bytes, name: str, now: dt.datetime | None = None) -> str:
    with pytest.raises(RecordingError) as refusal:
        read_recording(data, name, now=now)
    return str(refusal.value)


def test_a_run_of_as_many_points_as_the_bound_is_read_and_one_more_is_refused() -> None:
    most = run_points([(limits.MAX_RECORDING_POINTS - 1, 3.0)], every_s=1)
    assert len(most) == limits.MAX_RECORDING_POINTS

    assert len(read_recording(gpx_file(most), "long.gpx").samples) == len(most)
    one_more = run_points([(limits.MAX_RECORDING_POINTS, 3.0)], every_s=1)
    assert "points, more than any run" in _refusal(gpx_file(one_more), "long.gpx")


def test_a_run_of_exactly_24_hours_is_a_run_and_a_second_more_is_not() -> None:
    day = limits.LONGEST_RUN_HOURS * 3600
    points = run_points([(day, 3.0)], every_s=15)

    assert read_recording(tcx_file(points), "day.tcx").track.times[-1] == day
    longer = tcx_file(points).replace(b"T06:30:00Z</Time><Pos", b"T06:29:59Z</Time><Pos", 1)
    assert "over 24 hours" in _refusal(longer, "day.tcx")


def test_a_run_that_starts_after_now_is_refused_and_one_that_started_before_is_read() -> None:
    data = fit_file(FIVE_MINUTES)

    assert "has not come yet" in _refusal(data, "run.fit", now=START - dt.timedelta(seconds=1))
    assert read_recording(data, "run.fit", now=START).start == START


def test_the_chart_stream_of_a_point_dated_centuries_later_is_one_point_more() -> None:
    samples = [Sample(t_s=float(t), distance_m=3.0 * t) for t in range(0, 601, 5)]
    far = Sample(t_s=176 * 365 * 86_400.0, distance_m=1900.0)
    run = RecordedRun(sport="running", start=START, samples=(*samples, far))

    stream = chart_stream(run)

    assert len(stream.points) == len(samples) + 1
    assert stream.points[-1].t_s >= far.t_s


def test_a_pause_is_one_stopped_point_in_the_chart_stream() -> None:
    before = [Sample(t_s=float(t), distance_m=3.0 * t) for t in range(0, 301, 5)]
    after = [Sample(t_s=3600.0 + t, distance_m=900.0 + 3.0 * t) for t in range(0, 301, 5)]

    stream = chart_stream(RecordedRun(sport="running", start=START, samples=(*before, *after)))

    stopped = [point for point in stream.points if 300 <= point.t_s < 3600]
    assert [point.speed_m_s for point in stopped] == [0.0]
    assert len(stream.points) <= MAX_CHART_POINTS


def test_a_watch_file_in_a_zip_with_what_a_mac_adds_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("run.fit.gz", gzip_of(fit_file(FIVE_MINUTES)))
        archive.writestr("__MACOSX/", b"")
        archive.writestr("__MACOSX/._run.fit.gz", b"\x00\x05\x16\x07")
        archive.writestr(".DS_Store", b"\x00")

    assert read_recording(buffer.getvalue(), "run.zip").start == START


def test_a_zip_of_five_entries_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run.gpx", gpx_file(FIVE_MINUTES))
        for name in ("a", "b", "c", "d"):
            archive.writestr(f"__MACOSX/._{name}", b"")

    assert "lists 5 entries" in _refusal(buffer.getvalue(), "run.zip")


def test_a_zip_with_a_zip64_directory_record_is_counted_from_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", allowZip64=True) as archive:
        archive.writestr("run.gpx", gpx_file(FIVE_MINUTES))
    data = buffer.getvalue()
    # Rewrite the end record as a ZIP64 archive does: counts in the ZIP64 record, and
    # 0xFFFF in the classic one.
    end = data.rindex(b"PK\x05\x06")
    classic = bytearray(data[end:])
    directory_size = int.from_bytes(classic[12:16], "little")
    directory_at = int.from_bytes(classic[16:20], "little")
    record_at = end
    zip64_record = (
        b"PK\x06\x06"
        + (44).to_bytes(8, "little")
        + bytes(4)
        + bytes(8)
        + (9999).to_bytes(8, "little")
        + (9999).to_bytes(8, "little")
        + directory_size.to_bytes(8, "little")
        + directory_at.to_bytes(8, "little")
    )
    locator = b"PK\x06\x07" + bytes(4) + record_at.to_bytes(8, "little") + (1).to_bytes(4, "little")
    classic[8:12] = b"\xff\xff\xff\xff"
    hostile = data[:end] + zip64_record + locator + bytes(classic)

    assert "lists 9999 entries" in _refusal(hostile, "run.zip")


@pytest.mark.parametrize(
    ("packing", "name"),
    [
        (lambda data: zip_in_zip(data, "run.gpx", 2), "run.zip"),
        (lambda data: gzip.compress(gzip.compress(data)), "run.gpx.gz"),
        (lambda data: gzip.compress(zip_in_zip(data, "run.gpx", 1)), "run.zip.gz"),
    ],
)
def test_packings_no_watch_writes_are_refused(packing: object, name: str) -> None:
    assert callable(packing)

    assert "too many archives" in _refusal(packing(gpx_file(FIVE_MINUTES)), name)


def test_bytes_after_the_one_gzip_member_that_start_no_other_are_ignored() -> None:
    data = gzip_of(fit_file(FIVE_MINUTES)) + bytes(64)

    assert read_recording(data, "run.fit.gz").start == START


def test_a_fit_file_whose_checksum_differs_is_refused_before_it_is_decoded() -> None:
    data = bytearray(fit_file(FIVE_MINUTES))
    data[40] ^= 0xFF

    assert "checksum does not match" in _refusal(bytes(data), "run.fit")


def test_a_zip_whose_end_record_understates_its_entries_is_refused_by_its_directory_size() -> None:
    data = bytearray(zip_of_many(gpx_file(FIVE_MINUTES), "run.gpx", 10_000))
    end = data.rindex(b"PK\x05\x06")
    data[end + 8 : end + 12] = (1).to_bytes(2, "little") * 2  # "one entry", it says

    assert "has a directory of" in _refusal(bytes(data), "run.zip")
