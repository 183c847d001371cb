"""Health probes: open without a login, honest about the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.access import covers

ROOT = Path(__file__).resolve().parent.parent


@covers("healthz", "readyz")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "says"),
    [
        pytest.param("/healthz", b"ok\n", id="healthz-answers"),
        pytest.param("/readyz", b"ready\n", id="readyz-answers-when-the-database-does"),
    ],
)
def test_the_probes_answer_without_a_login_and_are_never_cached(path: str, says: bytes) -> None:
    response = Client().get(path)

    assert response.status_code == 200
    assert response.content == says
    assert "no-cache" in response["Cache-Control"]


def test_readyz_says_503_when_the_database_is_down() -> None:
    # A real process pointed at a PostgreSQL port where nothing listens.
    probe = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/readyz', HTTP_HOST='localhost');"
        "print(r.status_code, r.content.decode().strip())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_TESTING": "1",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/fastfinish",
    }

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.stdout.strip() == "503 database unavailable", result.stderr


@covers("healthz")
@pytest.mark.django_db
def test_healthz_refuses_a_post() -> None:
    assert Client().post("/healthz").status_code == 405
