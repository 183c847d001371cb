from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from planner.models import Recording, Runner
from planner.runs import read_recording
from planner.weekdays import monday_of
from tests.http import browser_client, page_text

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_to_run_without_debug(settings: SettingsWrapper) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_makes_a_coach_two_runners_and_an_admin_once(settings: SettingsWrapper) -> None:
    settings.DEBUG = True

    call_command("seed_demo")
    call_command("seed_demo")

    assert User.objects.filter(username="admin", is_staff=True).count() == 1
    coach = User.objects.get(username="coach")
    runners = Runner.objects.coached_by(coach).order_by("name")
    assert [runner.user.username for runner in runners] == ["ana", "ben"]
    assert all(runner.training_paces().ten_k > 0 for runner in runners)
    ana, ben = runners
    assert ana.blocks.get().is_published
    assert not ben.blocks.get().is_published
    assert len(ben.blocks.get().rotation_templates()) == 2
    assert all(runner.blocks.get().weeks == 4 for runner in runners)


@pytest.fixture
def demo(settings: SettingsWrapper) -> Runner:
    """The demo seeded, and Ana, whose published block began last Monday."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    return Runner.objects.get(user__username="ana")


def test_ana_has_run_every_session_before_today_but_one_skipped_easy_run(demo: Runner) -> None:
    block = demo.blocks.get()
    past = block.sessions.filter(date__lt=demo.today())

    assert block.start == monday_of(demo.today()) - timedelta(weeks=1)
    assert past.count() >= 5  # last week's five run days at least
    assert list(past.filter(status="skipped").values_list("kind", flat=True)) == ["easy"]
    runs = Recording.objects.filter(runner=demo)
    assert runs.count() == past.count() - 1
    assert all(run.session is not None and run.session.status == "done" for run in runs)
    assert not block.sessions.filter(date__gte=demo.today()).exclude(status="planned").exists()


def test_the_demo_workout_is_judged_by_intent_despite_its_warm_up_stop_and_cool_down(
    demo: Runner,
) -> None:
    first, *others = Recording.objects.filter(runner=demo, session__kind="progression").order_by(
        "day"
    )

    assert first.file_name.endswith(".fit")
    assert first.verdict == "as_planned"
    # The warm-up (10 min), the cool-down (8 min) and the steady 40 + fast 10 were run;
    # the 45 s at the light is not moving time.
    assert first.moving_seconds == pytest.approx(68 * 60, abs=15)
    judgement = first.judged()
    assert judgement is not None
    assert len(judgement.segments) == 2
    assert [run.verdict for run in others[:1]] == ["finish_off_target"]


def test_the_demo_runs_vary_in_pace_and_stop_at_a_light(demo: Runner) -> None:
    for run in Recording.objects.filter(runner=demo):
        speeds = [speed for _, speed in demo_runs_speeds(run.original_bytes(), run.file_name)]
        moving = [speed for speed in speeds if speed > 1.0]
        assert any(speed < 1.0 for speed in speeds), run.file_name  # stood at a light
        assert max(moving) / min(moving) > 1.05, run.file_name  # not a flat line


def test_the_demo_block_keeps_the_floor_and_no_advice_says_otherwise(demo: Runner) -> None:
    block = demo.blocks.get()
    client = browser_client(block.runner.coach)

    page = page_text(client.get(reverse("planner:block_detail", args=[block.pk])))

    assert "This block breaks the rules" not in page
    assert "below the" not in page
    assert "by sessions" not in page
    assert "runs easy" in page


def demo_runs_speeds(data: bytes, name: str) -> list[tuple[float, float]]:
    """(seconds, metres per second) over each 30 s of the file, as the reader reads it."""
    samples = [s for s in read_recording(data, name).samples if s.distance_m is not None]
    speeds = []
    for earlier, later in zip(samples, samples[6:], strict=False):
        seconds = later.t_s - earlier.t_s
        metres = (later.distance_m or 0.0) - (earlier.distance_m or 0.0)
        if seconds > 0:
            speeds.append((later.t_s, metres / seconds))
    return speeds


@pytest.mark.parametrize("weekday", [0, 6], ids=["on-a-monday", "on-a-sunday"])
def test_the_demo_has_a_judged_workout_whatever_the_day_it_is_seeded(
    settings: SettingsWrapper, time_machine: Any, weekday: int
) -> None:
    settings.DEBUG = True
    today = timezone.now()
    time_machine.move_to(today + timedelta(days=(weekday - today.weekday()) % 7 + 7))

    call_command("seed_demo", stdout=io.StringIO())

    workouts = Recording.objects.filter(runner__user__username="ana", session__kind="progression")
    assert workouts.order_by("day").first().verdict == "as_planned"  # type: ignore[union-attr]
