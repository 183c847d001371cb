from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from planner.models import Recording, Runner

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


def test_seed_demo_gives_ana_a_recorded_run_judged_against_her_plan(
    settings: SettingsWrapper,
) -> None:
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())

    (run,) = Recording.objects.filter(runner__user__username="ana")
    assert run.session is not None
    assert run.verdict == "as_planned"
    assert run.session.status == "done"
