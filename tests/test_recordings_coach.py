"""The issue's "tried as a coach would", through the upload URL: real-looking recordings
(pace that wanders, GPS drift, a light to wait at, warm-ups, cool-downs, a stray lap)
from five runners between a 35:00 and a 70:00 10K, in miles and in km."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planner.models import Recording, Runner, ScheduledSession
from planner.runs import Judgement
from tests.factories import make_progression, make_runner
from tests.fit_reading import fit_messages
from tests.http import browser_client, csrf_token, page_ok
from tests.recording_files import fit_file, gpx_file, noisy_points
from tests.runs import PROFILES, RUN_DAY, profile_paces, tuesday_session

pytestmark = pytest.mark.django_db

Legs = list[tuple[float, float]]
STEADY_40_FAST_10 = "Steady 40 + fast 10"
FIFTHS = "Fifths with fast finish (10 miles)"
OUT_AND_BACK = "Out and back (45 minutes)"
UNITS = ("mi", "km")


def runner_of(ten_k: int, unit: str = "mi", time_zone: str = "Europe/London") -> Runner:
    return make_runner(race_seconds=ten_k * 60, unit=unit, time_zone=time_zone)


def upload(runner: Runner, data: bytes, name: str = "run.gpx") -> Any:
    client = browser_client(runner.user)
    body = {"file": SimpleUploadedFile(name, data), "week": RUN_DAY.isoformat()}
    return client.post(
        reverse("planner:upload_run"), body, headers={"X-CSRFToken": csrf_token(client)}
    )


def uploaded(
    runner: Runner, legs: Legs, *, seed: int = 1, turn_at_s: float | None = None, **noise: Any
) -> tuple[Recording, Judgement]:
    """A GPX file of ``legs`` (no laps) uploaded by the runner, and its judgement."""
    points = noisy_points(legs, seed=seed, turn_at_s=turn_at_s, **noise)
    response = upload(runner, gpx_file(points))
    assert response.status_code == 302, response.content.decode()[-400:]
    recording = Recording.objects.get(runner=runner)
    judgement = recording.judged()
    assert judgement is not None
    return recording, judgement


def session_page(runner: Runner, session: ScheduledSession) -> str:
    return page_ok(browser_client(runner.user), reverse("planner:session_page", args=[session.pk]))


def legs_of(session: ScheduledSession, paces: dict[int, float] | None = None) -> Legs:
    """Each stored segment run for its planned time at its target (or another) pace."""
    legs = []
    for segment in session.segments.all():
        pace = (paces or {}).get(segment.position, segment.pace_s_per_km)
        seconds = (
            segment.duration_s if not segment.by_distance else segment.distance_m / 1000 * pace
        )
        legs.append((seconds, 1000 / pace))
    return legs


def easy_m_s(ten_k: int) -> float:
    return 1000 / profile_paces(ten_k).easy


# --- warm-up and cool-down without workout laps (every GPX file) ---


# The recordings start at 06:30 UTC on 3 March: the same day in each of these zones.
ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney")


@pytest.mark.parametrize(
    ("ten_k", "unit", "time_zone"),
    [(ten_k, UNITS[n % 2], ZONES[n % 4]) for n, ten_k in enumerate(PROFILES)],
)
def test_jogging_home_after_a_steady_40_and_fast_10_on_target_is_as_planned(
    ten_k: int, unit: str, time_zone: str
) -> None:
    runner = runner_of(ten_k, unit, time_zone)
    session = tuesday_session(runner)

    recording, judgement = uploaded(runner, [*legs_of(session), (600, easy_m_s(ten_k))])

    assert recording.verdict == "as_planned"
    assert judgement.cool_down is not None
    assert judgement.cool_down.moving_s == pytest.approx(600, abs=30)
    page = session_page(runner, session)
    assert "Cool-down" in page
    # Each fact once: the verdict's words are not said again by the sentence.
    assert "As planned.</strong> The fast finish (10 min) at " in page
    assert page.count("As planned") == 1


@pytest.mark.parametrize(("ten_k", "unit"), [(35, "km"), (50, "mi"), (70, "km")])
def test_a_warm_up_with_a_stop_at_a_light_before_the_workout_is_shown_apart(
    ten_k: int, unit: str
) -> None:
    runner = runner_of(ten_k, unit)
    session = tuesday_session(runner)

    recording, judgement = uploaded(
        runner, [(600, easy_m_s(ten_k)), *legs_of(session)], stops=[(300, 45)]
    )

    assert recording.verdict == "as_planned"
    assert judgement.warm_up is not None
    assert judgement.warm_up.moving_s == pytest.approx(600, abs=30)
    page = session_page(runner, session)
    assert "Warm-up" in page
    assert page.count("· on target") == 2
    assert "bpm" in page


@pytest.mark.parametrize("ten_k", [42, 60])
def test_fifths_on_target_then_16_km_easy_keep_their_fast_finish(ten_k: int) -> None:
    runner = runner_of(ten_k, "km")
    session = tuesday_session(runner, FIFTHS)
    easy_s = 16_000 / easy_m_s(ten_k)

    _, judgement = uploaded(runner, [*legs_of(session), (easy_s, easy_m_s(ten_k))])

    assert all(result.on_target for result in judgement.segments)
    # Not "no fast finish": the run is only much longer than planned.
    assert judgement.verdict == "much_longer"
    assert judgement.cool_down is not None
    assert judgement.cool_down.distance_m == pytest.approx(16_000, rel=0.05)


# --- one pace throughout ---


@pytest.mark.parametrize("ten_k", PROFILES)
def test_one_pace_throughout_has_no_fast_finish_in_every_noise_seed(ten_k: int) -> None:
    runner = runner_of(ten_k)
    session = tuesday_session(runner)
    steady = legs_of(session)[0][1]
    verdicts = []
    for seed in range(12):
        _, judgement = uploaded(runner, [(3000, steady)], seed=seed, speed_noise=0.03)
        verdicts.append(judgement.verdict)
        Recording.objects.get().delete_with_original()

    assert set(verdicts) == {"no_fast_finish"}


# --- "on target" in the table and "started too fast" never both ---


@pytest.mark.parametrize("ten_k", PROFILES)
def test_on_target_in_the_table_is_never_started_too_fast_in_the_verdict(ten_k: int) -> None:
    runner = runner_of(ten_k)
    session = tuesday_session(runner)
    steady = session.segments.get(position=1)
    marathon = profile_paces(ten_k).marathon
    assert steady.band.fast_s_per_km >= marathon

    # At the band's fast edge (a hair inside it): on target, and so not too fast.
    edge = steady.band.fast_s_per_km * 1.003
    _, at_edge = uploaded(runner, legs_of(session, {1: edge}), speed_noise=0.0, gps_noise_m=0.0)
    Recording.objects.get().delete_with_original()
    _, faster = uploaded(runner, legs_of(session, {1: marathon * 0.98}), speed_noise=0.01)

    assert at_edge.segments[0].on_target
    assert at_edge.verdict == "as_planned"
    assert faster.verdict == "started_too_fast"
    assert faster.segments[0].status == "fast"


# --- one stray lap press ---


@pytest.mark.parametrize("ten_k", [35, 50, 70])
def test_a_stray_lap_press_never_cuts_a_full_run_short(ten_k: int) -> None:
    runner = runner_of(ten_k)
    session = tuesday_session(runner)
    points = noisy_points(legs_of(session), seed=3, every_s=10)
    # The runner pressed lap at 49:50: the watch ended the workout there, and the last
    # ten seconds are a lap without a step.
    laps = ((0.0, 2400.0, 0), (2400.0, 2990.0, 1), (2990.0, 3000.0, None))

    response = upload(runner, fit_file(points, laps=laps), "run.fit")

    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.verdict == "as_planned"
    assert "Cut short" not in session_page(runner, session)


# --- a finish raced ---


@pytest.mark.parametrize("ten_k", PROFILES)
def test_a_finish_raced_at_10k_pace_instead_of_marathon_pace_is_finish_too_fast(
    ten_k: int,
) -> None:
    template = make_progression("Easy 40 + marathon 10", (40, "easy"), (10, "marathon"))
    runner = runner_of(ten_k)
    session = tuesday_session(runner, template)
    ten_k_pace = profile_paces(ten_k).ten_k

    recording, _ = uploaded(runner, legs_of(session, {2: ten_k_pace}))

    assert recording.verdict == "finish_too_fast"
    assert "Finish raced." in session_page(runner, session)


# --- a slower runner's out-and-back ---


@pytest.mark.parametrize("ten_k", PROFILES)
def test_every_runners_out_and_back_fails_when_the_way_back_is_no_faster(ten_k: int) -> None:
    runner = runner_of(ten_k, "km")
    session = tuesday_session(runner, OUT_AND_BACK)
    out_s, out_speed = legs_of(session)[0]

    recording, judgement = uploaded(
        runner, [(out_s, out_speed), (out_s, out_speed)], turn_at_s=out_s
    )

    assert judgement.split_by == "turn"
    assert recording.verdict == "no_fast_finish"


@pytest.mark.parametrize("ten_k", PROFILES)
def test_every_runners_out_and_back_run_as_planned_is_as_planned(ten_k: int) -> None:
    runner = runner_of(ten_k, "km")
    session = tuesday_session(runner, OUT_AND_BACK)
    legs = legs_of(session)

    recording, _ = uploaded(runner, legs, turn_at_s=legs[0][0])

    assert recording.verdict == "as_planned"


# --- easy days ---


@pytest.mark.parametrize(("ten_k", "unit"), [(35, "mi"), (50, "km"), (70, "mi")])
def test_an_easy_day_11_percent_faster_is_too_fast_and_its_band_does_not_beep_at_easy_running(
    ten_k: int, unit: str
) -> None:
    runner = runner_of(ten_k, unit)
    session = tuesday_session(runner, "Easy run", "easy")
    easy = profile_paces(ten_k).easy
    client = browser_client(runner.user)

    watch = client.get(reverse("planner:session_watch_file", args=[session.pk]))
    recording, _ = uploaded(runner, [(2400, 1000 / (easy * 0.89))])

    segment = session.segments.get()
    assert segment.band.fast_s_per_km == pytest.approx(easy * 0.96)
    assert segment.band.slow_s_per_km == pytest.approx(easy * 1.10)
    assert watch.status_code == 200
    (step,) = fit_messages(bytes(watch.content), "workout_step")
    # The watch beeps only outside the easy range: 4 % faster to 10 % slower.
    assert step["custom_target_speed_high"] == pytest.approx(1000 / (easy * 0.96), abs=0.001)
    assert step["custom_target_speed_low"] == pytest.approx(1000 / (easy * 1.10), abs=0.001)
    assert recording.verdict == "too_fast"


# --- a long run twice as long ---


@pytest.mark.parametrize("ten_k", [35, 60])
def test_a_long_run_twice_as_long_as_planned_is_much_longer(ten_k: int) -> None:
    runner = runner_of(ten_k)
    session = tuesday_session(runner, "Long run", "long")

    recording, _ = uploaded(runner, [(9000, easy_m_s(ten_k))])

    assert recording.verdict == "much_longer"
    assert "Much longer than planned." in session_page(runner, session)


# --- words in the runner's unit of the day ---


@pytest.mark.parametrize(("before", "after"), [("mi", "km"), ("km", "mi")])
def test_every_past_verdict_reads_in_the_unit_the_runner_switched_to(
    before: str, after: str
) -> None:
    runner = runner_of(50, before)
    session = tuesday_session(runner, FIFTHS)
    uploaded(
        runner,
        [
            (300, easy_m_s(50)),
            *legs_of(session, {5: session.segments.get(position=4).pace_s_per_km}),
        ],
    )

    runner.unit = after
    runner.save()
    week = page_ok(browser_client(runner.user), reverse("planner:my_week_of", args=["2026-03-02"]))
    page = session_page(runner, session)

    for text in (week, page):
        assert f" /{after}" in text
        assert f" /{before}" not in text
