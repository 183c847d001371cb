"""A database restart costs a short wait, not errors: kept connections are tested before a
request uses them, a new connection waits a few seconds for a restarting server, and what
still fails answers 503 "try again" rather than the 500 page.

The restart itself was measured on PostgreSQL under load (docs/operations.md); these tests
pin the settings and the behaviour that measurement relies on.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.db.backends.postgresql import base as django_postgresql
from django.test import Client

from config import settings as config
from config import urls
from config.postgresql.base import RETRY_EVERY_S, DatabaseWrapper
from tests.factories import make_runner

# What the driver raises when the server refuses a connection (psycopg's OperationalError).
Refused: type[Exception] = django_postgresql.DatabaseWrapper.Database.OperationalError

URL = "postgres://coach:secret@db.internal:5432/fastfinish"


def test_postgresql_from_database_url_tests_kept_connections_and_waits_for_a_restart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATABASE_CONNECT_WAIT", raising=False)

    database = config.database_from_url(URL)

    assert database["ENGINE"] == "config.postgresql"
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONNECT_WAIT_S"] == 5


def test_the_wait_for_a_restarting_database_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_CONNECT_WAIT", "0")
    assert config.database_from_url(URL)["CONNECT_WAIT_S"] == 0
    monkeypatch.setenv("DATABASE_CONNECT_WAIT", "soon")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_CONNECT_WAIT"):
        config.database_from_url(URL)


class RestartingServer:
    """Refuses ``refusals`` connections, then accepts; a clock that moves only by sleeping."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.attempts = 0
        self.now = 1000.0

    def connect(self, params: dict[str, Any]) -> str:
        self.attempts += 1
        if self.attempts <= self.refusals:
            raise Refused("the database system is starting up")
        return "connection"

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def patched(monkeypatch: pytest.MonkeyPatch, server: RestartingServer, wait_s: float) -> Any:
    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "get_new_connection", server.connect)
    monkeypatch.setattr("config.postgresql.base.time.sleep", server.sleep)
    monkeypatch.setattr("config.postgresql.base.time.monotonic", lambda: server.now)
    wrapper = DatabaseWrapper({"NAME": "fastfinish", "CONNECT_WAIT_S": wait_s}, "restarting")
    return wrapper


def test_a_new_connection_waits_for_a_restarting_server(monkeypatch: pytest.MonkeyPatch) -> None:
    server = RestartingServer(refusals=3)  # a second's restart, retried every 0.25 s
    wrapper = patched(monkeypatch, server, wait_s=5)

    assert wrapper.get_new_connection({}) == "connection"
    assert server.attempts == 4
    assert server.now == 1000.0 + 3 * RETRY_EVERY_S


@pytest.mark.parametrize(
    ("refusals", "wait_s", "attempts"),
    [
        # The first try and one every 0.25 s for 5 s.
        pytest.param(1000, 5, 21, id="a-server-away-longer-than-the-wait-fails-after-it"),
        # Even a server that would answer the second try.
        pytest.param(1, 0, 1, id="without-a-wait-it-fails-at-once"),
    ],
)
def test_a_refused_connection_fails_once_the_wait_is_over(
    monkeypatch: pytest.MonkeyPatch, refusals: int, wait_s: int, attempts: int
) -> None:
    server = RestartingServer(refusals=refusals)
    wrapper = patched(monkeypatch, server, wait_s=wait_s)

    with pytest.raises(Refused):
        wrapper.get_new_connection({})
    assert server.attempts == attempts
    assert server.now <= 1000.0 + wait_s


def week_when_the_session_load_raises(monkeypatch: pytest.MonkeyPatch, error: Exception) -> Any:
    """A signed-in runner's week, asked for while reading their session raises ``error``."""
    runner = make_runner()
    client = Client(raise_request_exception=False)
    client.force_login(runner.user)

    def fail(self: SessionStore) -> dict[str, Any]:
        raise error

    monkeypatch.setattr(SessionStore, "load", fail)
    return client.get("/week/")


def test_a_page_asked_for_while_the_database_is_away_answers_503_try_again(
    monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    response = week_when_the_session_load_raises(
        monkeypatch, OperationalError("connection refused")
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "cannot reach its database just now" in response.content.decode()
    assert "nothing was changed" in response.content.decode()


def test_any_other_error_still_answers_the_500_page(
    monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    response = week_when_the_session_load_raises(monkeypatch, RuntimeError("a bug"))

    assert response.status_code == 500
    assert urls.handler500 is urls.server_error
