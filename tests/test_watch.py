from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta, timezone

import fitdecode
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.bands import band_for, segment_band
from planner.paces import TrainingPaces, paces_for_race
from planner.resolution import (
    ResolvedSegment,
    ResolvedWorkout,
    SegmentSpec,
    resolve,
    scale_to_minutes,
)
from planner.units import METRES_PER_MILE, Unit
from planner.watch import (
    FILENAME_CHARACTERS,
    MOST_STEPS,
    NAME_BYTES,
    WatchStep,
    default_step_name,
    watch_filename,
    week_archive,
    workout_file,
)
from tests import rulebook
from tests.fit_reading import FitMessage, fit_is_intact, fit_messages, read_fit
from tests.pure import watch_steps
from tests.rulebook import TWO_MILES, rulebook_template

THURSDAY = date(2026, 12, 3)
CREATED = datetime(2026, 11, 30, 7, 15, tzinfo=UTC)
# fit-tool stores speeds in mm/s, times in ms and distances in cm.
SPEED_ROUNDING = 0.0005
DISTANCE_ROUNDING = 0.005

fifty_minute_10k_runner = paces_for_race(10000, 50 * 60)

STEADY_40_FAST_10_CASE = (
    rulebook.STEADY_40_FAST_10,
    rulebook_template(rulebook.STEADY_40_FAST_10),
    ["Steady", "Fast finish"],
)
FIFTHS_CASE = (
    rulebook.FIFTHS,
    rulebook_template(rulebook.FIFTHS),
    [f"Fifth {n} of 5" for n in range(1, 6)],
)
OUT_AND_BACK_CASE = (
    rulebook.OUT_AND_BACK,
    rulebook_template(rulebook.OUT_AND_BACK),
    ["Out", "Back"],
)
SHIPPED = [STEADY_40_FAST_10_CASE, FIFTHS_CASE, OUT_AND_BACK_CASE]


def shipped_file(
    index: int, paces: TrainingPaces = fifty_minute_10k_runner, minutes: float | None = None
) -> tuple[ResolvedWorkout, bytes]:
    title, specs, names = SHIPPED[index]
    workout = resolve(specs, paces)
    if minutes is not None:
        workout = scale_to_minutes(workout, minutes)
    return workout, workout_file(title, THURSDAY, CREATED, watch_steps(workout, names, paces))


def single_step(spec: SegmentSpec) -> FitMessage:
    workout = resolve([spec], fifty_minute_10k_runner)
    steps = watch_steps(workout, ["Run"], fifty_minute_10k_runner)
    (step,) = fit_messages(workout_file("Run", THURSDAY, CREATED, steps), "workout_step")
    return step


def speed_band(step: FitMessage) -> tuple[float, float]:
    return (step["custom_target_speed_low"], step["custom_target_speed_high"])


def expected_band(segment: ResolvedSegment) -> tuple[float, float]:
    band = segment_band(segment.pace_s_per_km, fifty_minute_10k_runner.marathon, easy_run=False)
    return (band.low_m_per_s, band.high_m_per_s)


def a_step(**overrides: object) -> WatchStep:
    fields: dict[str, object] = {"name": "Steady", "pace_s_per_km": 300.0, "hard": False}
    fields.update(overrides)
    if "distance_m" not in fields and "duration_s" not in fields:
        fields["duration_s"] = 600.0
    return WatchStep(**fields)  # type: ignore[arg-type]


# --- One session as a workout file --------------------------------------------------


@pytest.mark.parametrize("index", range(len(SHIPPED)))
def test_every_shipped_progression_is_a_running_workout_created_when_asked(index: int) -> None:
    title = SHIPPED[index][0]
    workout, data = shipped_file(index)

    (file_id,) = fit_messages(data, "file_id")
    (session,) = fit_messages(data, "workout")
    assert file_id["type"] == "workout"
    assert file_id["time_created"] == CREATED
    assert session["sport"] == "running"
    assert session["wkt_name"] == f"2026-12-03 {title}"
    assert session["num_valid_steps"] == len(workout.segments)
    assert len(fit_messages(data, "workout_step")) == len(workout.segments)


@pytest.mark.parametrize("index", range(len(SHIPPED)))
def test_every_step_targets_the_pace_band_as_custom_speed(index: int) -> None:
    workout, data = shipped_file(index)

    for segment, step in zip(workout.segments, fit_messages(data, "workout_step"), strict=True):
        assert (step["target_type"], step["target_speed_zone"]) == ("speed", 0)
        assert speed_band(step) == pytest.approx(expected_band(segment), abs=SPEED_ROUNDING)


def test_steady_40_fast_10_is_two_timed_steps_the_last_one_the_interval() -> None:
    _, data = shipped_file(0)

    steps = fit_messages(data, "workout_step")
    assert [s["wkt_step_name"] for s in steps] == ["Steady", "Fast finish"]
    assert [s["duration_type"] for s in steps] == ["time", "time"]
    assert [s["duration_time"] for s in steps] == [2400.0, 600.0]
    assert [s["intensity"] for s in steps] == ["active", "interval"]
    assert [s["message_index"] for s in steps] == [0, 1]


def test_fifths_are_five_two_mile_distance_steps_hard_from_the_third() -> None:
    _, data = shipped_file(1)

    steps = fit_messages(data, "workout_step")
    assert [s["wkt_step_name"] for s in steps] == [f"Fifth {n} of 5" for n in range(1, 6)]
    assert {s["duration_type"] for s in steps} == {"distance"}
    for step in steps:
        assert step["duration_distance"] == pytest.approx(TWO_MILES, abs=DISTANCE_ROUNDING)
    assert [s["intensity"] for s in steps] == ["active", "active"] + ["interval"] * 3


def test_the_fast_finish_band_is_ten_k_pace_as_metres_per_second() -> None:
    # 50:00 for 10 km is 300 s/km, 3.333 m/s; ±2.5 % makes 3.250 to 3.417 m/s.
    _, data = shipped_file(1)

    last = fit_messages(data, "workout_step")[-1]
    assert speed_band(last) == pytest.approx((3.250, 3.417), abs=0.001)


def test_a_steady_step_near_marathon_pace_never_targets_faster_than_marathon_pace() -> None:
    # 3 s/km slower than marathon pace: aerobic, and ±2.5 % would reach 5 s/km past it.
    paces = fifty_minute_10k_runner
    spec = SegmentSpec(
        "duration", duration_s=600, pace_anchor="marathon", offset_s=3, offset_unit="km"
    )
    workout = resolve([spec], paces)
    (step,) = fit_messages(
        workout_file("Run", THURSDAY, CREATED, watch_steps(workout, ["Run"], paces)), "workout_step"
    )

    low, high = speed_band(step)
    assert high == pytest.approx(1000 / paces.marathon, abs=SPEED_ROUNDING)
    assert low == pytest.approx(1000 / (paces.marathon + 3) * 0.975, abs=SPEED_ROUNDING)
    assert band_for(paces.marathon + 3).high_m_per_s > 1000 / paces.marathon


def test_an_easy_runs_step_targets_the_easy_range() -> None:
    paces = fifty_minute_10k_runner
    workout = resolve(rulebook_template("Easy run"), paces)
    steps = watch_steps(workout, ["Easy"], paces, easy_run=True)
    (step,) = fit_messages(workout_file("Easy run", THURSDAY, CREATED, steps), "workout_step")

    low, high = speed_band(step)
    assert low == pytest.approx(1000 / (paces.easy * 1.10), abs=SPEED_ROUNDING)
    assert high == pytest.approx(1000 / (paces.easy * 0.96), abs=SPEED_ROUNDING)


@pytest.mark.parametrize("minutes", [None, 30])
def test_out_is_timed_and_back_is_the_same_distance_as_a_distance_step(
    minutes: float | None,
) -> None:
    workout, data = shipped_file(2, minutes=minutes)

    out, back = fit_messages(data, "workout_step")
    assert (out["wkt_step_name"], out["duration_type"]) == ("Out", "time")
    assert out["duration_time"] == pytest.approx(workout.segments[0].duration_s, abs=0.0005)
    assert (back["wkt_step_name"], back["duration_type"]) == ("Back", "distance")
    assert back["duration_distance"] == pytest.approx(
        workout.segments[0].distance_m, abs=DISTANCE_ROUNDING
    )


@pytest.mark.parametrize(("index", "minutes"), [(0, 60), (1, 60), (2, 30)])
def test_a_stretched_session_keeps_its_kinds_of_step_at_the_new_amounts(
    index: int, minutes: float
) -> None:
    workout, data = shipped_file(index, minutes=minutes)

    steps = fit_messages(data, "workout_step")
    for segment, step in zip(workout.segments, steps, strict=True):
        if segment.by_distance:
            assert step["duration_distance"] == pytest.approx(segment.distance_m, abs=0.005)
        else:
            assert step["duration_time"] == pytest.approx(segment.duration_s, abs=0.0005)
        assert speed_band(step) == pytest.approx(expected_band(segment), abs=SPEED_ROUNDING)
    assert workout.total_minutes == pytest.approx(minutes)


@pytest.mark.parametrize(
    ("distance_m", "written_as"), [(TWO_MILES, "2 mi"), (3000.0, "3 km"), (5000.0, "5 km")]
)
def test_a_distance_goes_onto_the_watch_in_metres_whichever_unit_it_was_written_in(
    distance_m: float, written_as: str
) -> None:
    step = single_step(SegmentSpec("distance", distance_m=distance_m, pace_anchor="ten_k"))

    assert step["duration_distance"] == pytest.approx(distance_m, abs=DISTANCE_ROUNDING)


@pytest.mark.parametrize("unit", ["km", "mi"])
def test_the_band_is_speed_whichever_unit_the_coach_wrote_the_offset_in(unit: Unit) -> None:
    # Faster than 10K pace: a hard step, whose band is not clipped at marathon pace.
    step = single_step(
        SegmentSpec("duration", duration_s=600, pace_anchor="ten_k", offset_s=-30, offset_unit=unit)
    )

    per_km = 30 if unit == "km" else 30 * 1000 / METRES_PER_MILE
    target_speed = 1000 / (300 - per_km)
    middle = sum(speed_band(step)) / 2
    assert middle == pytest.approx(target_speed, abs=0.001)


# --- Limits and refusals --------------------------------------------------------------


def test_a_600_minute_step_and_a_100_km_step_both_encode() -> None:
    steps = [a_step(duration_s=600 * 60.0), a_step(distance_m=100_000.0)]

    timed, measured = fit_messages(workout_file("Ultra", THURSDAY, CREATED, steps), "workout_step")
    assert timed["duration_time"] == 36_000
    assert measured["duration_distance"] == 100_000


@pytest.mark.parametrize("count", [1, MOST_STEPS])
def test_a_workout_holds_one_to_thirty_steps(count: int) -> None:
    steps = [a_step(name=default_step_name(n, count)) for n in range(1, count + 1)]

    data = workout_file("Many", THURSDAY, CREATED, steps)
    (session,) = fit_messages(data, "workout")
    assert session["num_valid_steps"] == count
    assert fit_messages(data, "workout_step")[-1]["wkt_step_name"] == f"Segment {count} of {count}"


@pytest.mark.parametrize("count", [0, MOST_STEPS + 1])
def test_a_workout_without_steps_or_with_too_many_is_refused(count: int) -> None:
    with pytest.raises(ValueError, match="1 to 30 steps"):
        workout_file("Many", THURSDAY, CREATED, [a_step()] * count)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"duration_s": 600.0, "distance_m": 1000.0}, "exactly one of a duration or a distance"),
        ({"duration_s": None}, "exactly one of a duration or a distance"),
        ({"name": " \n "}, "name that is not blank"),
        ({"pace_s_per_km": 0.0}, "pace of 0 s per km"),
        ({"pace_s_per_km": float("nan")}, "pace of nan s per km"),
        ({"duration_s": 0.0}, "lasts 0 s"),
        ({"duration_s": float("inf")}, "lasts inf s"),
        ({"distance_m": -5.0}, "covers -5 m"),
    ],
)
def test_a_step_the_watch_cannot_follow_is_refused_with_a_reason(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        a_step(**overrides)


def test_a_creation_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        workout_file("Easy", THURSDAY, datetime(2026, 11, 30, 7, 15), [a_step()])


def test_the_creation_time_is_stored_as_the_same_instant_in_any_zone() -> None:
    in_new_york = CREATED.astimezone(timezone(timedelta(hours=-5)))

    (file_id,) = fit_messages(workout_file("Easy", THURSDAY, in_new_york, [a_step()]), "file_id")
    assert file_id["time_created"] == CREATED


def test_default_step_names_count_the_segments() -> None:
    assert default_step_name(2, 3) == "Segment 2 of 3"
    with pytest.raises(ValueError, match="Segment 4 of 3 does not exist"):
        default_step_name(4, 3)


# --- Names that fit the field -----------------------------------------------------------


def test_a_long_title_is_cut_to_the_field_without_splitting_a_character() -> None:
    title = "Fartlek über die Hügel " * 20

    (session,) = fit_messages(workout_file(title, THURSDAY, CREATED, [a_step()]), "workout")
    name = session["wkt_name"]
    assert len(name.encode("utf-8")) <= NAME_BYTES
    assert ("2026-12-03 " + title).startswith(name)
    # Only what a partly cut "ü" would have needed is left unused.
    assert len(name.encode("utf-8")) >= NAME_BYTES - 1


def test_a_long_step_name_is_cut_to_the_field_without_splitting_a_character() -> None:
    step = a_step(name="€" * 200)

    (decoded,) = fit_messages(workout_file("Easy", THURSDAY, CREATED, [step]), "workout_step")
    assert decoded["wkt_step_name"] == "€" * (NAME_BYTES // 3)


@given(title=st.text(), step_name=st.text().filter(lambda t: t.strip().isprintable() and t.strip()))
def test_any_title_and_step_name_make_a_valid_file_with_bounded_names(
    title: str, step_name: str
) -> None:
    data = workout_file(title, THURSDAY, CREATED, [a_step(name=step_name)])

    (session,) = fit_messages(data, "workout")
    (step,) = fit_messages(data, "workout_step")
    assert session["wkt_name"].startswith("2026-12-03")
    assert len(session["wkt_name"].encode("utf-8")) <= NAME_BYTES
    assert 0 < len(step["wkt_step_name"].encode("utf-8")) <= NAME_BYTES
    assert "\x00" not in session["wkt_name"] + step["wkt_step_name"]


@pytest.mark.parametrize(
    ("written", "on_the_watch"),
    [("Fast\x00finish", "Fast finish"), ("Out\nand back", "Out and back"), ("  Back ", "Back")],
)
def test_a_step_name_becomes_one_line_without_a_nul(written: str, on_the_watch: str) -> None:
    step = a_step(name=written)

    (decoded,) = fit_messages(workout_file("Easy", THURSDAY, CREATED, [step]), "workout_step")
    assert decoded["wkt_step_name"] == on_the_watch


def test_a_blank_title_leaves_the_date_as_the_name() -> None:
    (session,) = fit_messages(workout_file("  ", THURSDAY, CREATED, [a_step()]), "workout")

    assert session["wkt_name"] == "2026-12-03"


# --- A damaged file is noticed -------------------------------------------------------------


def test_one_corrupted_byte_in_a_step_name_fails_the_crc() -> None:
    _, data = shipped_file(0)
    at = data.index(b"Fast finish")
    damaged = data[:at] + b"L" + data[at + 1 :]

    with pytest.raises(fitdecode.FitCRCError):
        read_fit(damaged)


@given(data=st.data())
def test_any_one_corrupted_byte_is_detected(data: st.DataObject) -> None:
    _, original = shipped_file(1)
    at = data.draw(st.integers(0, len(original) - 1))
    flip = data.draw(st.integers(1, 255))
    damaged = original[:at] + bytes([original[at] ^ flip]) + original[at + 1 :]

    assert fit_is_intact(original)
    assert not fit_is_intact(damaged)


# --- File names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "filename"),
    [
        ("Steady 40 + fast 10", "2026-12-03-steady-40-fast-10.fit"),
        ("Fifths with fast finish (10 miles)", "2026-12-03-fifths-with-fast-finish-10-miles.fit"),
        ("Café crème / Lauf", "2026-12-03-cafe-creme-lauf.fit"),
        ("火曜日のラン", "2026-12-03.fit"),
        ("", "2026-12-03.fit"),
        ("CON", "2026-12-03-con.fit"),
    ],
)
def test_a_watch_file_is_named_by_date_and_title(title: str, filename: str) -> None:
    assert watch_filename(THURSDAY, title) == filename


@given(day=st.dates(), title=st.text())
def test_any_title_gives_a_file_name_safe_on_every_system(day: date, title: str) -> None:
    filename = watch_filename(day, title)

    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*\.fit", filename)
    assert filename.startswith(day.isoformat())
    assert len(filename) <= FILENAME_CHARACTERS
    assert not re.fullmatch(r"con|prn|aux|nul|com\d|lpt\d", filename.split(".")[0])
    assert not filename.removesuffix(".fit").endswith("-")


# --- The week as one ZIP ---------------------------------------------------------------------


def a_week() -> list[tuple[str, bytes]]:
    monday = date(2026, 11, 30)
    files = []
    for offset, (title, specs, names) in enumerate(SHIPPED * 2 + [OUT_AND_BACK_CASE]):
        day = monday + timedelta(days=offset)
        workout = resolve(specs, fifty_minute_10k_runner)
        steps = watch_steps(workout, names, fifty_minute_10k_runner)
        files.append((watch_filename(day, title), workout_file(title, day, CREATED, steps)))
    return files


def test_the_week_zip_holds_exactly_one_valid_fit_file_per_session() -> None:
    week = a_week()

    with zipfile.ZipFile(io.BytesIO(week_archive(week))) as archive:
        entries = archive.infolist()
        assert [entry.filename for entry in entries] == [name for name, _ in week]
        assert not any(entry.is_dir() for entry in entries)
        for (_, original), entry in zip(week, entries, strict=True):
            stored = archive.read(entry)
            assert stored == original
            assert len(fit_messages(stored, "workout")) == 1


def test_the_same_week_gives_the_same_files_and_the_same_zip_bytes() -> None:
    assert a_week() == a_week()
    assert week_archive(a_week()) == week_archive(a_week())


def test_two_sessions_with_the_same_file_name_both_go_into_the_zip() -> None:
    _, data = shipped_file(0)
    files = [("easy.fit", data), ("easy.fit", data), ("easy-2.fit", data)]

    with zipfile.ZipFile(io.BytesIO(week_archive(files))) as archive:
        assert archive.namelist() == ["easy.fit", "easy-2.fit", "easy-2-2.fit"]


@pytest.mark.parametrize("name", ["../evil.fit", "week/2026-12-03.fit", "Easy.FIT", ""])
def test_a_zip_entry_name_that_is_not_a_safe_file_name_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="not a safe watch file name"):
        week_archive([(name, b"")])
