from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.formatting import distance as format_distance
from planner.formatting import duration as format_duration
from planner.formatting import pace as format_pace
from planner.paces import (
    paces_for_race,
    training_paces,
)
from planner.resolution import (
    AmountKind,
    PaceAnchor,
    ResolvedWorkout,
    SegmentSpec,
    TemplateError,
    resolve,
    scale_to_minutes,
    validate_segments,
)
from tests.rulebook import (
    FIFTHS,
    OUT_AND_BACK,
    STEADY_40_FAST_10,
    TEN_MINUTES_PER_MILE_IN_S_PER_KM,
    rulebook_template,
)

fifty_minute_10k_runner = paces_for_race(10000, 50 * 60)
ten_minute_mile_easy_runner = paces_for_race(
    10000, 50 * 60, easy_override_s_per_km=TEN_MINUTES_PER_MILE_IN_S_PER_KM
)


def easy_run(minutes: int = 40) -> list[SegmentSpec]:
    return [SegmentSpec("duration", duration_s=minutes * 60)]


def steady_40_fast_10() -> list[SegmentSpec]:
    return rulebook_template(STEADY_40_FAST_10)


def fifths_with_fast_finish() -> list[SegmentSpec]:
    return rulebook_template(FIFTHS)


def out_and_back() -> list[SegmentSpec]:
    return rulebook_template(OUT_AND_BACK)


# --- The rulebook's worked examples ----------------------------------------------


@pytest.mark.parametrize(
    ("position", "pace"),
    [(1, "9:03 /mi"), (2, "8:48 /mi"), (3, "8:33 /mi"), (4, "8:18 /mi"), (5, "8:03 /mi")],
)
def test_fifths_run_steps_down_from_a_minute_slower_than_10k_pace(position: int, pace: str) -> None:
    workout = resolve(fifths_with_fast_finish(), fifty_minute_10k_runner)

    assert format_pace(workout.segments[position - 1].pace_s_per_km, "mi") == pace


def test_fifths_run_is_10_miles_in_85_28() -> None:
    workout = resolve(fifths_with_fast_finish(), fifty_minute_10k_runner)

    assert format_distance(workout.distance_m, "mi") == "10 mi"
    assert round(workout.total_seconds) == 85 * 60 + 28


def test_out_and_back_returns_the_same_distance_90_seconds_a_mile_faster() -> None:
    out, back = resolve(out_and_back(), ten_minute_mile_easy_runner).segments

    assert format_duration(out.duration_s) == "25:00"
    assert format_distance(out.distance_m, "mi") == "2.5 mi"
    assert back.distance_m == out.distance_m
    assert format_pace(back.pace_s_per_km, "mi") == "8:30 /mi"
    assert format_duration(back.duration_s) == "21:15"
    assert (out.zone, back.zone) == ("aerobic", "hard")


def test_steady_40_fast_10_is_40_aerobic_minutes_and_10_hard() -> None:
    workout = resolve(steady_40_fast_10(), fifty_minute_10k_runner)

    assert workout.aerobic_minutes == pytest.approx(40)
    assert workout.hard_minutes == pytest.approx(10)
    assert workout.total_minutes == pytest.approx(50)
    assert format_pace(workout.segments[0].pace_s_per_km, "mi") == "9:03 /mi"


def test_an_easy_run_is_all_aerobic_at_the_runners_easy_pace() -> None:
    workout = resolve(easy_run(), ten_minute_mile_easy_runner)

    assert workout.hard_seconds == 0
    assert workout.aerobic_minutes == pytest.approx(40)
    assert format_distance(workout.distance_m, "mi") == "4 mi"


def test_an_offset_per_km_keeps_its_unit() -> None:
    spec = SegmentSpec(
        "duration", duration_s=600, pace_anchor="ten_k", offset_s=30, offset_unit="km"
    )

    (segment,) = resolve([spec], fifty_minute_10k_runner).segments

    assert format_pace(segment.pace_s_per_km, "km") == "5:30 /km"


def test_an_amount_written_for_another_kind_is_ignored() -> None:
    spec = SegmentSpec("duration", duration_s=600, distance_m=99_999, same_as=7)

    assert validate_segments([spec]) == []
    assert resolve([spec], fifty_minute_10k_runner).total_seconds == 600


# --- Templates that cannot be resolved ---------------------------------------------


@pytest.mark.parametrize(
    ("specs", "problem"),
    [
        pytest.param([], "A workout needs at least one segment.", id="no-segments"),
        pytest.param(
            [SegmentSpec("duration"), SegmentSpec("same_distance", same_as=2)],
            "Segment 2 refers to itself; a segment can only refer to an earlier one.",
            id="self-reference",
        ),
        pytest.param(
            [
                SegmentSpec("duration", duration_s=60),
                SegmentSpec("same_distance", same_as=3),
                SegmentSpec("duration", duration_s=60),
            ],
            "Segment 2 refers to segment 3, which comes later; "
            "a segment can only refer to an earlier one.",
            id="later-reference",
        ),
        pytest.param(
            [SegmentSpec("same_distance", same_as=4)],
            "Segment 1 refers to segment 4, which does not exist; "
            "a segment can only refer to an earlier one.",
            id="reference-out-of-range",
        ),
        pytest.param(
            [SegmentSpec("duration", duration_s=60, pace_anchor="segment", pace_segment=1)],
            "Segment 1 refers to itself; a segment can only refer to an earlier one.",
            id="pace-from-itself",
        ),
        pytest.param(
            [SegmentSpec("duration", duration_s=60, pace_anchor="segment")],
            "Segment 1 takes its pace from another segment but does not say which one.",
            id="pace-segment-missing",
        ),
        pytest.param(
            [SegmentSpec("duration")],
            "Segment 1 is timed but has no duration above zero.",
            id="duration-missing",
        ),
        pytest.param(
            [SegmentSpec("duration", duration_s=0)],
            "Segment 1 is timed but has no duration above zero.",
            id="duration-zero",
        ),
        pytest.param(
            [SegmentSpec("distance", distance_m=-5)],
            "Segment 1 is measured by distance but has no distance above zero.",
            id="distance-negative",
        ),
        pytest.param(
            [SegmentSpec("distance")],
            "Segment 1 is measured by distance but has no distance above zero.",
            id="distance-missing",
        ),
        pytest.param(
            [SegmentSpec("duration", duration_s=60), SegmentSpec("same_distance")],
            "Segment 2 repeats an earlier segment's distance but does not say which segment.",
            id="same-distance-as-nothing",
        ),
        pytest.param(
            [SegmentSpec("duration", duration_s=60, offset_s=999)],
            "Segment 1 has an offset of +999 s per mile; "
            "an offset can be at most 300 s per mile faster or slower.",
            id="offset-999",
        ),
        pytest.param(
            [SegmentSpec("duration", duration_s=60, offset_s=-301, offset_unit="km")],
            "Segment 1 has an offset of -301 s per km; "
            "an offset can be at most 300 s per km faster or slower.",
            id="offset-faster-than-the-limit",
        ),
    ],
)
def test_a_broken_template_is_explained_segment_by_segment(
    specs: list[SegmentSpec], problem: str
) -> None:
    assert problem in validate_segments(specs)
    with pytest.raises(TemplateError):
        resolve(specs, fifty_minute_10k_runner)


def test_every_problem_is_listed_and_resolve_reports_the_first() -> None:
    specs = [SegmentSpec("duration"), SegmentSpec("same_distance", same_as=2, offset_s=999)]

    problems = validate_segments(specs)

    assert len(problems) == 3
    with pytest.raises(TemplateError) as refusal:
        resolve(specs, fifty_minute_10k_runner)
    assert str(refusal.value) == problems[0]


def test_values_from_outside_the_admin_choices_are_named() -> None:
    spec = SegmentSpec(
        "sprint",  # type: ignore[arg-type]
        pace_anchor="mile",  # type: ignore[arg-type]
        offset_unit="yd",  # type: ignore[arg-type]
    )

    assert validate_segments([spec]) == [
        "Segment 1 has an unknown kind of amount, 'sprint'.",
        "Segment 1 has an unknown pace anchor, 'mile'.",
        "Segment 1 has an offset in 'yd'; use 'mi' or 'km'.",
    ]


def test_stacked_offsets_that_ask_for_a_sprint_are_refused() -> None:
    specs = [
        SegmentSpec("duration", duration_s=60, pace_anchor="ten_k", offset_s=-100),
        SegmentSpec(
            "duration", duration_s=60, pace_anchor="segment", pace_segment=1, offset_s=-300
        ),
    ]

    with pytest.raises(TemplateError, match=r"Segment 2 works out at 0:51 /km .* than 2:00 /km"):
        resolve(specs, fifty_minute_10k_runner)


def test_a_pace_below_zero_is_refused_without_showing_it() -> None:
    forty_minute_10k_runner = paces_for_race(10000, 40 * 60)
    spec = SegmentSpec(
        "duration", duration_s=60, pace_anchor="ten_k", offset_s=-300, offset_unit="km"
    )

    with pytest.raises(TemplateError, match="Segment 1 works out at no pace at all"):
        resolve([spec], forty_minute_10k_runner)


# --- Picking the minutes -------------------------------------------------------------


def test_an_easy_40_stretched_to_45_minutes_keeps_its_pace() -> None:
    template = resolve(easy_run(40), ten_minute_mile_easy_runner)

    session = scale_to_minutes(template, 45)

    assert session.total_minutes == pytest.approx(45)
    assert format_distance(session.distance_m, "mi") == "4.5 mi"
    assert session.segments[0].pace_s_per_km == template.segments[0].pace_s_per_km


def test_shortening_a_progression_run_keeps_its_share_of_hard_minutes() -> None:
    template = resolve(steady_40_fast_10(), fifty_minute_10k_runner)

    session = scale_to_minutes(template, 30)

    assert session.hard_minutes == pytest.approx(6)
    assert session.aerobic_minutes == pytest.approx(24)


@pytest.mark.parametrize("minutes", [0, -10, 601, math.nan, math.inf])
def test_a_session_must_last_between_nothing_and_ten_hours(minutes: float) -> None:
    template = resolve(easy_run(), fifty_minute_10k_runner)

    with pytest.raises(ValueError, match="more than 0 and at most 600 minutes"):
        scale_to_minutes(template, minutes)


# --- Properties ----------------------------------------------------------------------

fitness_levels = st.floats(min_value=10, max_value=100)
fixed_anchors: list[PaceAnchor] = ["easy", "marathon", "threshold", "ten_k"]


@st.composite
def sound_templates(draw: st.DrawFn, *, fastest_offset_s: float = 0.0) -> list[SegmentSpec]:
    """Templates whose references all point back; slower offsets unless asked otherwise."""
    specs: list[SegmentSpec] = []
    for position in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
        earlier = st.integers(min_value=1, max_value=position - 1) if position > 1 else st.none()
        kinds: list[AmountKind] = ["duration", "distance"]
        anchors = list(fixed_anchors)
        if position > 1:
            kinds.append("same_distance")
            anchors.append("segment")
        kind = draw(st.sampled_from(kinds))
        anchor = draw(st.sampled_from(anchors))
        specs.append(
            SegmentSpec(
                kind,
                duration_s=draw(st.integers(min_value=1, max_value=3 * 3600)),
                distance_m=draw(st.floats(min_value=1, max_value=30_000)),
                same_as=draw(earlier) if kind == "same_distance" else None,
                pace_anchor=anchor,
                pace_segment=draw(earlier) if anchor == "segment" else None,
                offset_s=draw(st.floats(min_value=fastest_offset_s, max_value=300)),
                offset_unit=draw(st.sampled_from(["mi", "km"])),
            )
        )
    return specs


def segments_add_up(workout: ResolvedWorkout) -> bool:
    return (
        math.isclose(workout.total_seconds, sum(s.duration_s for s in workout.segments))
        and math.isclose(workout.total_seconds, workout.aerobic_seconds + workout.hard_seconds)
        and math.isclose(workout.distance_m, sum(s.distance_m for s in workout.segments))
        and all(
            math.isclose(s.duration_s, s.distance_m / 1000 * s.pace_s_per_km)
            for s in workout.segments
        )
    )


@given(specs=sound_templates(), fitness=fitness_levels)
def test_a_sound_template_resolves_into_segments_that_add_up(
    specs: list[SegmentSpec], fitness: float
) -> None:
    paces = training_paces(fitness)

    workout = resolve(specs, paces)

    assert validate_segments(specs) == []
    assert [s.position for s in workout.segments] == list(range(1, len(specs) + 1))
    assert segments_add_up(workout)
    for spec, segment in zip(specs, workout.segments, strict=True):
        if spec.amount_kind == "duration":
            assert segment.duration_s == spec.duration_s
        if spec.amount_kind == "same_distance":
            assert spec.same_as is not None
            assert segment.distance_m == workout.segments[spec.same_as - 1].distance_m


@given(specs=sound_templates(), fitness=fitness_levels, easy_seconds=st.floats(200, 900))
def test_a_slower_offset_never_gives_a_pace_faster_than_its_anchor(
    specs: list[SegmentSpec], fitness: float, easy_seconds: float
) -> None:
    paces = training_paces(fitness, easy_override_s_per_km=easy_seconds)

    workout = resolve(specs, paces)

    fastest_anchor = min(paces.easy, paces.marathon, paces.threshold, paces.ten_k)
    assert all(s.pace_s_per_km >= fastest_anchor for s in workout.segments)


@given(specs=sound_templates(fastest_offset_s=-300), fitness=fitness_levels)
def test_a_sound_template_resolves_or_is_refused_only_for_a_sprint_pace(
    specs: list[SegmentSpec], fitness: float
) -> None:
    try:
        workout = resolve(specs, training_paces(fitness))
    except TemplateError as refusal:
        reason = str(refusal)
    else:
        reason = ""
        assert all(s.pace_s_per_km >= 120 for s in workout.segments)

    assert reason == "" or "faster than 2:00 /km" in reason


@given(
    specs=sound_templates(),
    fitness=fitness_levels,
    minutes=st.floats(min_value=1, max_value=600),
)
def test_picking_the_minutes_keeps_every_pace_and_the_hard_share(
    specs: list[SegmentSpec], fitness: float, minutes: float
) -> None:
    template = resolve(specs, training_paces(fitness))

    session = scale_to_minutes(template, minutes)

    assert session.total_minutes == pytest.approx(minutes)
    assert segments_add_up(session)
    assert [s.pace_s_per_km for s in session.segments] == [
        s.pace_s_per_km for s in template.segments
    ]
    assert session.hard_seconds / session.total_seconds == pytest.approx(
        template.hard_seconds / template.total_seconds
    )


@given(targets=st.lists(st.integers(min_value=-2, max_value=8), max_size=5))
def test_a_reference_to_anything_but_an_earlier_segment_is_always_reported(
    targets: list[int],
) -> None:
    specs = [SegmentSpec("duration", duration_s=60)] + [
        SegmentSpec("same_distance", same_as=target) for target in targets
    ]

    problems = validate_segments(specs)

    for position, target in enumerate(targets, start=2):
        reported = any(p.startswith(f"Segment {position} refers to") for p in problems)
        assert reported == (not 1 <= target < position)
    assert (problems == []) == all(1 <= t < p for p, t in enumerate(targets, start=2))
