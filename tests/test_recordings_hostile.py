"""Whatever bytes arrive, the runner gets a RecordingError or a recording, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.runs import RecordingError, read_recording
from tests.recording_files import fit_file, gpx_file, gzip_of, run_points, tcx_file, zip_of

FIVE_MINUTES = run_points([(300, 3.0)], every_s=10)
GOOD_FILES = {
    "run.fit": fit_file(FIVE_MINUTES),
    "run.gpx": gpx_file(FIVE_MINUTES),
    "run.tcx": tcx_file(FIVE_MINUTES),
    "run.fit.gz": gzip_of(fit_file(FIVE_MINUTES)),
    "run.zip": zip_of({"run.gpx": gpx_file(FIVE_MINUTES)}),
}


def _read_or_refuse(data: bytes, name: str) -> str:
    """What the runner would see: the refusal, or how much was read."""
    try:
        recording = read_recording(data, name)
    except RecordingError as error:
        return str(error)
    return f"read {len(recording.samples)} points"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(GOOD_FILES)),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_a_damaged_recording_is_read_or_refused_never_crashes(
    name: str, edits: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(GOOD_FILES[name])
    for offset, value in edits:
        data[offset % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]

    assert _read_or_refuse(bytes(data), name)


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"\x1f\x8b", b"PK\x03\x04", b"<", b"<gpx>", b"\x0e\x10"]),
    body=st.binary(max_size=200),
)
def test_random_bytes_are_refused(prefix: bytes, body: bytes) -> None:
    data = prefix + body
    if len(data) >= 12 and data[8:12] != b".FIT":
        data = data[:8] + b".FIT" + data[12:]

    assert _read_or_refuse(data, "random.fit")
