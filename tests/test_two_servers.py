"""Two app servers, one PostgreSQL: an edit through one is seen through the other, and a
stale edit through the other is refused. Runs in the PostgreSQL pass of .ci/run."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from planner.models import ScheduledSession
from tests.factories import make_block, make_runner, shipped
from tests.pure import collect_static

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    # The servers are other processes, on the machine's clock; so is this test.
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several app servers need PostgreSQL"
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(static_root: str) -> dict[str, str]:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DJANGO_TESTING"}}
    env.update(
        {
            "DATABASE_URL": url,
            # The same key as this process, which signs the session the servers read.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_HTTPS": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": static_root,
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESS_LOG": "/dev/null",
        }
    )
    return env


@contextmanager
def two_app_servers() -> Iterator[tuple[int, int]]:
    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(static_root)
        collect_static(env, timeout=120)
        ports = (free_port(), free_port())
        servers = [
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"],
                cwd=ROOT,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for port in ports
        ]
        try:
            for port in ports:
                wait_until_ready(port)
            yield ports
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)


def wait_until_ready(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(port, "GET", "/readyz", {})
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
    raise AssertionError(f"the app server on port {port} never became ready")


def request(
    port: int,
    method: str,
    path: str,
    cookies: dict[str, str],
    form: dict[str, object] | None = None,
) -> tuple[int, str, dict[str, str]]:
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "HX-Request": "true"}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = cookies["csrftoken"]
        headers["Referer"] = f"http://127.0.0.1:{port}/"
    link.request(method, path, body=body, headers=headers)
    response = link.getresponse()
    text = response.read().decode()
    set_cookies: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        set_cookies.update({k: morsel.value for k, morsel in SimpleCookie(header).items()})
    link.close()
    return response.status, text, set_cookies


def signed_in(user: User) -> dict[str, str]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "planner.auth.ProfileBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return {"sessionid": session.session_key}


def test_an_edit_through_one_server_is_seen_through_the_other_and_a_stale_one_refused() -> None:
    runner = make_runner()
    block = make_block(runner)
    easy = ScheduledSession.objects.filter(block=block, kind="easy").order_by("date").first()
    assert easy is not None
    page = f"/coach/blocks/{block.pk}/"
    edit = f"/coach/blocks/{block.pk}/sessions/{easy.pk}/"
    cookies = signed_in(runner.coach)

    def edit_at_version_1(minutes: int) -> dict[str, object]:
        return {"template": shipped("Easy run").pk, "minutes": minutes, "version": 1}

    with two_app_servers() as (first, second):
        _, _, first_cookies = request(first, "GET", page, cookies)
        cookies.update(first_cookies)  # the csrftoken cookie
        status, changed, _ = request(first, "POST", edit, cookies, edit_at_version_1(57))
        seen_status, seen, _ = request(second, "GET", page, cookies)
        stale_status, stale, _ = request(second, "POST", edit, cookies, edit_at_version_1(33))

    assert status == 200, changed[:500]
    assert seen_status == 200
    assert re.search(r"version 2\b", seen)
    assert "57 min" in seen
    assert stale_status == 409
    assert "changed since you opened it" in stale
    easy.refresh_from_db()
    assert round(easy.total_seconds / 60) == 57
    block.refresh_from_db()
    assert block.version == 2
