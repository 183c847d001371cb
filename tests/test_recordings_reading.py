"""Reading a watch's file: FIT, GPX, TCX, packed or not, and every file refused."""

from __future__ import annotations

import datetime as dt

import pytest
from fit_tool.profile.profile_type import FileType, Sport

from planner.runs import MAX_UPLOAD_BYTES, RecordingError, read_recording
from tests.recording_files import (
    PNG,
    START,
    billion_laughs,
    fit_file,
    gpx_file,
    gzip_bomb,
    gzip_of,
    paused,
    run_points,
    tcx_file,
    with_gps_jump,
    zip_bomb,
    zip_of,
)

# Twenty minutes at 5:00 /km (3.333 m/s), a point every ten seconds: fit-tool takes a
# few milliseconds a point to write, and the reader does not care how many there are.
TWENTY_MINUTES = run_points([(1200, 1000 / 300)], every_s=10)
THREE_MINUTES = run_points([(180, 3.0)], every_s=10)


def _refusal(data: bytes, filename: str) -> str:
    with pytest.raises(RecordingError) as caught:
        read_recording(data, filename)
    return str(caught.value)


def test_a_fit_run_is_read_with_time_distance_heart_rate_and_position() -> None:
    recording = read_recording(fit_file(TWENTY_MINUTES), "run.fit")

    assert recording.sport == "running"
    assert recording.start == START
    assert recording.start.tzinfo is not None
    assert len(recording.samples) == len(TWENTY_MINUTES)
    last = recording.samples[-1]
    assert last.t_s == 1200
    assert last.distance_m == pytest.approx(4000, abs=0.1)
    assert last.heart_rate == 150
    assert last.lat == pytest.approx(TWENTY_MINUTES[-1].lat, abs=1e-6)
    assert recording.track.total_moving_s == pytest.approx(1200)


@pytest.mark.parametrize(
    ("wrap", "filename"),
    [
        (gzip_of, "run.fit.gz"),
        (lambda data: zip_of({"activity/run.fit": data}), "export.zip"),
        (lambda data: zip_of({"run.fit.gz": gzip_of(data)}), "export.zip"),
        (lambda data: zip_of({"run.fit": data, "__MACOSX/._run.fit": b"junk"}), "mac.zip"),
    ],
)
def test_packed_fit_files_are_unpacked(wrap: object, filename: str) -> None:
    assert callable(wrap)
    recording = read_recording(wrap(fit_file(TWENTY_MINUTES)), filename)

    assert recording.samples[-1].distance_m == pytest.approx(4000, abs=0.1)


def test_a_gpx_run_takes_its_distance_from_the_gps_points() -> None:
    recording = read_recording(gpx_file(TWENTY_MINUTES), "run.gpx")

    assert recording.sport == "running"
    assert recording.start == START
    assert recording.samples[-1].distance_m == pytest.approx(4000, rel=1e-3)
    assert recording.samples[-1].heart_rate == 150


def test_a_tcx_run_is_read_with_its_distance_and_lap() -> None:
    recording = read_recording(tcx_file(TWENTY_MINUTES), "run.tcx")

    assert recording.sport == "running"
    assert recording.samples[-1].distance_m == pytest.approx(4000, abs=0.1)
    assert recording.samples[-1].heart_rate == 150
    assert [(lap.start_t_s, lap.end_t_s, lap.step_index) for lap in recording.laps] == [
        (0, 1200, None)
    ]


def test_the_type_is_told_by_content_not_by_name() -> None:
    recording = read_recording(fit_file(TWENTY_MINUTES), "run.gpx")

    assert recording.samples[-1].distance_m == pytest.approx(4000, abs=0.1)


def test_a_png_named_fit_is_refused_saying_so() -> None:
    message = _refusal(PNG, "run.fit")

    assert "not a FIT, GPX or TCX recording" in message
    assert "ends in .fit" in message


def test_a_fit_file_with_a_bad_checksum_is_refused() -> None:
    data = bytearray(fit_file(TWENTY_MINUTES))
    data[-1] ^= 0xFF

    assert "checksum" in _refusal(bytes(data), "run.fit")


def test_a_fit_file_with_a_damaged_body_is_refused() -> None:
    data = bytearray(fit_file(TWENTY_MINUTES))
    data[200] ^= 0x55

    assert "damaged" in _refusal(bytes(data), "run.fit")


def test_a_truncated_fit_file_is_refused() -> None:
    data = fit_file(TWENTY_MINUTES)

    assert "cut short" in _refusal(data[: len(data) // 2], "run.fit")


@pytest.mark.parametrize("length", [12, 13, 20, 40])
def test_a_fit_header_alone_is_refused(length: int) -> None:
    assert _refusal(fit_file(TWENTY_MINUTES)[:length], "run.fit")


def test_a_cycling_fit_file_is_refused_naming_the_sport() -> None:
    message = _refusal(fit_file(THREE_MINUTES, sport=Sport.CYCLING), "ride.fit")

    assert message == "This is a cycling activity; only runs can be judged."


def test_a_gpx_ride_is_refused_naming_the_sport() -> None:
    message = _refusal(gpx_file(TWENTY_MINUTES, sport="Ride"), "ride.gpx")

    assert message == "This is a cycling activity; only runs can be judged."


def test_a_fit_workout_file_is_not_taken_for_a_run() -> None:
    message = _refusal(fit_file(THREE_MINUTES, file_type=FileType.WORKOUT), "w.fit")

    assert "workout file" in message


def test_a_gpx_without_times_is_refused() -> None:
    assert "no timestamps" in _refusal(gpx_file(TWENTY_MINUTES, times=False), "route.gpx")


def test_under_two_minutes_of_running_is_refused() -> None:
    short = run_points([(110, 3.0)], every_s=10)

    assert "under 2 minutes" in _refusal(fit_file(short), "short.fit")


def test_two_minutes_of_running_is_a_run() -> None:
    assert read_recording(fit_file(run_points([(120, 3.0)], every_s=10)), "two.fit")


def test_standing_still_for_ten_minutes_is_under_two_minutes_of_running() -> None:
    standing = run_points([(600, 0.3)])

    assert "under 2 minutes" in _refusal(gpx_file(standing), "standing.gpx")


@pytest.mark.parametrize(("bomb", "name"), [(zip_bomb, "run.zip"), (gzip_bomb, "run.fit.gz")])
def test_a_compression_bomb_is_refused_from_its_first_piece(bomb: object, name: str) -> None:
    assert callable(bomb)
    data = bomb()
    assert len(data) < MAX_UPLOAD_BYTES

    # Its first unpacked bytes are zeros, neither FIT nor XML: nothing more is unpacked.
    assert "is not a FIT, GPX or TCX recording" in _refusal(data, name)


def test_a_zip_with_several_files_is_refused() -> None:
    data = zip_of({"a.fit": fit_file(TWENTY_MINUTES), "b.gpx": gpx_file(TWENTY_MINUTES)})

    assert "holds 2 files" in _refusal(data, "two.zip")


def test_an_empty_zip_is_refused() -> None:
    assert "holds no recording" in _refusal(zip_of({}), "empty.zip")


def test_a_damaged_zip_is_refused() -> None:
    data = zip_of({"run.fit": fit_file(TWENTY_MINUTES)})

    assert "ZIP" in _refusal(data[: len(data) // 2], "run.zip")


def test_a_truncated_gzip_is_refused() -> None:
    data = gzip_of(fit_file(TWENTY_MINUTES))

    assert "gzip" in _refusal(data[: len(data) // 2], "run.fit.gz")


@pytest.mark.parametrize(
    ("root", "name"), [("gpx", "run.gpx"), ("TrainingCenterDatabase", "r.tcx")]
)
def test_billion_laughs_is_refused_without_expanding(root: str, name: str) -> None:
    assert "refused unread" in _refusal(billion_laughs(root), name)


def test_broken_xml_is_refused() -> None:
    assert "damaged" in _refusal(gpx_file(TWENTY_MINUTES)[:-40], "run.gpx")


def test_other_xml_is_not_a_recording() -> None:
    assert "not a GPX or TCX" in _refusal(b"<html><body>hi</body></html>", "run.gpx")


def test_an_upload_over_25_mb_is_refused_before_reading() -> None:
    message = _refusal(b"<" + bytes(MAX_UPLOAD_BYTES), "huge.gpx")

    assert "at most 25 MB" in message


def test_an_empty_upload_is_refused() -> None:
    assert "empty" in _refusal(b"", "run.fit")


def test_a_gps_jump_is_dropped_not_believed() -> None:
    jumped = with_gps_jump(TWENTY_MINUTES, 100, 500)

    recording = read_recording(gpx_file(jumped), "run.gpx")

    assert recording.samples[100].lat is None
    assert recording.samples[-1].distance_m == pytest.approx(4000, rel=1e-3)


def test_a_jump_in_the_recorded_distance_is_not_believed() -> None:
    points = list(TWENTY_MINUTES)
    points[100:] = [
        type(point)(**{**point.__dict__, "distance_m": point.distance_m + 900})
        for point in points[100:]
    ]

    recording = read_recording(fit_file(tuple(points)), "run.fit")

    assert recording.samples[-1].distance_m == pytest.approx(4000 - 1000 / 300 * 10, abs=0.1)


def test_a_paused_watch_does_not_count_the_pause_as_moving_time() -> None:
    points = paused(TWENTY_MINUTES, after_s=600, pause_s=300)

    recording = read_recording(gpx_file(points), "run.gpx")

    assert recording.samples[-1].t_s == 1500
    assert recording.track.total_moving_s == pytest.approx(1200 - 10)
    assert recording.track.total_moving_m == pytest.approx(4000 - 1000 / 300 * 10, rel=1e-3)


def test_a_stop_at_the_lights_is_not_moving_time() -> None:
    points = run_points([(600, 3.0), (120, 0.0), (600, 3.0)], every_s=10)

    recording = read_recording(fit_file(points), "run.fit")

    assert recording.track.total_moving_s == pytest.approx(1200, abs=10)
    assert recording.track.total_moving_m == pytest.approx(3600, abs=1)


def test_times_with_an_offset_come_out_in_utc() -> None:
    data = gpx_file(TWENTY_MINUTES).replace(b"T06:30:00Z", b"T07:30:00+01:00")

    recording = read_recording(data, "run.gpx")

    assert recording.start == dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC)
