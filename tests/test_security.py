"""Hardening: the deploy checklist, the Content Security Policy, login throttling."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access import covers
from tests.factories import PASSWORD, make_block, make_runner, make_user
from tests.http import browser_client, csrf_token, named_views
from tests.world import World

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-that-is-not-used-anywhere-0123",
    "DJANGO_ALLOWED_HOSTS": "fastfinish.example",
    "DJANGO_DEBUG": "0",
}


def in_production(*command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``command`` run by Python from the project's folder with the production settings."""
    kept = {k: v for k, v in os.environ.items() if k not in {"DJANGO_TESTING", "PYTEST_VERSION"}}
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env={**kept, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = in_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = in_production("manage.py", "check", DJANGO_SECRET_KEY="")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_serves_static_files_with_their_addresses_made_once() -> None:
    result = in_production("-c", "from config import settings; print(settings.STORAGES)")

    assert result.returncode == 0, result.stderr
    assert "config.static_files.StaticFiles" in result.stdout


def test_every_page_carries_the_content_security_policy(world: World) -> None:
    runner_client = browser_client(world.runner.user)
    coach_client = browser_client(world.owner)
    feed_token = world.runner.reset_feed_token()
    checked = 0
    for name, pattern in named_views():
        kwargs = world.url_kwargs(pattern.params)
        if name == "planner:calendar_feed":
            kwargs["token"] = feed_token
        url = reverse(name, kwargs=kwargs)
        client = (
            runner_client
            if name.startswith(("planner:my_", "planner:log", "planner:undo"))
            else coach_client
        )

        response = client.get(url)

        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, (name, response.status_code)
        assert "style-src 'self'" in policy, name
        assert "unsafe-inline" not in policy, name
        checked += 1
    assert checked == len(dict(named_views()))


def attempt(client: Client, username: str, password: str, address: str) -> int:
    response = client.post(
        reverse("login"),
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(client)},
        REMOTE_ADDR=address,
    )
    return response.status_code


@covers("login")
@pytest.mark.django_db
def test_repeated_bad_passwords_lock_that_username_from_that_address_until_the_cool_off() -> None:
    coach = make_user(username="cora")
    guesser = Client(enforce_csrf_checks=True)

    statuses = [
        attempt(guesser, "cora", "wrong guess", "203.0.113.9")
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    locked = attempt(guesser, "cora", PASSWORD, "203.0.113.9")

    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert locked == 429
    # The real coach, elsewhere, is not locked out by someone else's guessing.
    assert attempt(Client(enforce_csrf_checks=True), "cora", PASSWORD, "198.51.100.7") == 302

    # The cool-off passes (the attempts age in the database) and the lock lifts.
    for stored in AccessAttempt.objects.all():
        stored.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
        stored.save(update_fields=["attempt_time"])
    assert attempt(Client(enforce_csrf_checks=True), "cora", PASSWORD, "203.0.113.9") == 302
    assert coach.is_active


@pytest.mark.django_db
def test_the_admin_is_for_staff_only() -> None:
    runner = make_runner()
    make_block(runner)

    for person in (runner.coach, runner.user):
        response = browser_client(person).get("/admin/planner/trainingblock/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_probes_answer_over_plain_http_in_production() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_TESTING", "PYTEST_VERSION"}}
    env.update(PRODUCTION_ENV)
    probe = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='fastfinish.example');"
        "print(c.get('/healthz').status_code, c.get('/accounts/login/').status_code)"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    # The probe is answered; a page is redirected to HTTPS.
    assert result.stdout.split() == ["200", "301"], result.stderr
