from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.clock import TEST_NOW
from tests.factories import make_admin, make_user
from tests.world import World

hypothesis_settings.register_profile("dev", deadline=None, print_blob=True)
hypothesis_settings.load_profile("dev")


@pytest.fixture(autouse=True)
def test_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test runs at TEST_NOW (tests/clock.py), unless it needs the machine's clock."""
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture
def world(db: None) -> World:
    """The owner coach, their runner with a published block, two strangers and an admin."""
    return World()


@pytest.fixture(autouse=True)
def empty_page_cache() -> Iterator[None]:
    """Each test starts with no cached page. Rolled-back tests hand the same ids out again
    (a real database never does), so an entry from one test could match another's keys."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def coach(db: None) -> User:
    """A coach with no runners yet, Cora Coach."""
    return make_user(first_name="Cora", last_name="Coach")


@pytest.fixture
def admin_client_logged_in(client: Client) -> Client:
    """The test client, logged in as staff (a superuser)."""
    client.force_login(make_admin())
    return client
