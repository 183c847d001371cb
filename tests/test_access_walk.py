"""Walks the whole URL configuration: every view is closed to strangers, and has its tests.

A new view fails here until it is listed in ACCESS_TESTS with the test module that
checks it under its three people; that module must name the view. On top of that,
every view that takes another person's object (a runner, block or session id) is
requested by a stranger coach, a stranger runner and an anonymous visitor, with GET
and POST, and must answer 404 (or send the visitor to log in) and change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from planner.models import BlockChange, Recording, ScheduledSession, TrainingBlock
from tests.factories import make_block, make_runner, make_user
from tests.http import browser_client, post
from tests.recording_files import gpx_file, run_points


def recorded_run() -> bytes:
    return gpx_file(run_points([(1800.0, 2.8)]))  # half an hour at an easy pace


pytestmark = pytest.mark.django_db

TESTS = Path(__file__).resolve().parent

# Every named view, and the module whose tests check it for the owner, a stranger and
# the other kind of user. Public views say why they are open.
ACCESS_TESTS: dict[str, str] = {
    "healthz": "test_health.py",
    "readyz": "test_health.py",
    "login": "browser/test_roster.py",
    "logout": "test_access_walk.py",
    "password_change": "test_access_walk.py",
    "password_change_done": "test_access_walk.py",
    "planner:home": "test_access_walk.py",
    "planner:dashboard": "test_roster_views.py",
    "planner:runner_new": "test_roster_views.py",
    "planner:runner_invite": "test_roster_views.py",
    "planner:runner_edit": "test_roster_views.py",
    "planner:accept_invitation": "test_roster_views.py",
    "planner:block_new": "test_block_views.py",
    "planner:block_detail": "test_block_views.py",
    "planner:session_edit": "test_block_views.py",
    "planner:session_move": "test_block_views.py",
    "planner:session_remove": "test_block_views.py",
    "planner:session_add": "test_block_views.py",
    "planner:block_publish": "test_block_views.py",
    "planner:block_unpublish": "test_block_views.py",
    "planner:block_copy": "test_block_views.py",
    "planner:block_paces": "test_block_views.py",
    "planner:runner_export": "test_export.py",
    "planner:my_week": "test_runner_views.py",
    "planner:my_week_of": "test_runner_views.py",
    "planner:log_done": "test_runner_views.py",
    "planner:log_skipped": "test_runner_views.py",
    "planner:undo_log": "test_runner_views.py",
    "planner:my_profile": "test_runner_views.py",
    "planner:reset_calendar_feed": "test_runner_views.py",
    "planner:calendar_feed": "test_calendar_feed.py",
    "planner:upload_run": "test_recordings_upload.py",
    "planner:delete_run": "test_recordings_upload.py",
    "planner:coach_upload_run": "test_recordings_upload.py",
    "planner:session_page": "test_recordings_pages.py",
    "planner:run_page": "test_recordings_pages.py",
}
# Open to anyone: probes, the login page, and links whose secret is the credential.
PUBLIC = {"healthz", "readyz", "login", "planner:accept_invitation", "planner:calendar_feed"}
OBJECT_KWARGS = {"runner_id", "block_id", "session_id", "recording_id"}


class Route:
    """A named view with every URL part it takes, its own and its includes'."""

    def __init__(self, pattern: URLPattern, params: frozenset[str]) -> None:
        self.pattern = pattern
        self.params = params | frozenset(pattern.pattern.regex.groupindex)


def named_views() -> Iterator[tuple[str, Route]]:
    def walk(
        patterns: list[URLPattern | URLResolver], namespace: str, params: frozenset[str]
    ) -> Iterator[tuple[str, Route]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue  # Django's own admin: staff only, tested in test_admin.py
                inner = pattern.namespace or namespace
                own = frozenset(pattern.pattern.regex.groupindex)
                yield from walk(pattern.url_patterns, inner, params | own)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, Route(pattern, params)

    return walk(get_resolver().url_patterns, "", frozenset())


def test_every_view_is_listed_with_the_tests_that_check_who_may_use_it() -> None:
    views = dict(named_views())

    assert views.keys() - ACCESS_TESTS.keys() == set(), "new views need access tests"
    assert ACCESS_TESTS.keys() - views.keys() == set(), "listed views that no longer exist"
    for name, module in ACCESS_TESTS.items():
        text = (TESTS / module).read_text()
        short = name.split(":")[-1]
        # "invite/" of "invite/<uidb64>/…"
        route_start = str(views[name].pattern.pattern).split("<")[0]
        assert short in text or (len(route_start) > 4 and route_start in text), (
            f"{module} never mentions {name}"
        )


class World:
    """Coach A's runner with a published block; a stranger coach and a stranger runner."""

    def __init__(self) -> None:
        self.owner = make_user(username="owner-coach")
        self.runner = make_runner(coach=self.owner, name="Owned Runner")
        self.block = make_block(self.runner, published=True)
        session = self.block.sessions.order_by("date").first()
        assert session is not None
        self.session: ScheduledSession = session
        self.stranger_coach = make_user(username="stranger-coach")
        self.stranger_runner = make_runner(name="Stranger Runner").user
        self.recording = Recording.objects.store_upload(self.runner, recorded_run(), "run.gpx")

    def kwargs_for(self, route: Route) -> dict[str, Any]:
        values: dict[str, Any] = {
            "runner_id": self.runner.pk,
            "block_id": self.block.pk,
            "session_id": self.session.pk,
            "day": (self.block.start + timedelta(days=2)).isoformat(),
            "file_format": "json",
            "uidb64": "MQ",
            "token": "not-a-real-token",
            "recording_id": self.recording.pk,
        }
        wanted = set(route.params)
        unknown = wanted - values.keys()
        assert not unknown, f"the access walk does not know how to fill {unknown}"
        return {name: values[name] for name in wanted}

    def state(self) -> tuple[Any, ...]:
        self.block.refresh_from_db()
        return (
            self.block.version,
            self.block.status,
            TrainingBlock.objects.count(),
            list(ScheduledSession.objects.order_by("pk").values_list("pk", "date", "status")),
            BlockChange.objects.count(),
            list(Recording.objects.values_list("pk", "session_id", "verdict")),
            User.objects.count(),
        )


@pytest.fixture
def world() -> World:
    return World()


def object_views(world: World) -> Iterator[tuple[str, str]]:
    for name, pattern in named_views():
        kwargs = world.kwargs_for(pattern)
        if name not in PUBLIC and OBJECT_KWARGS & kwargs.keys():
            yield name, reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("who", ["stranger coach", "stranger runner"])
def test_strangers_get_404_from_every_view_of_someone_elses_objects(world: World, who: str) -> None:
    person = world.stranger_coach if who == "stranger coach" else world.stranger_runner
    client = browser_client(person)
    before = world.state()

    checked = []
    for name, url in object_views(world):
        for method in ("GET", "POST"):
            response = post(client, url, {"version": 1}) if method == "POST" else client.get(url)
            assert response.status_code in (404, 405), (who, method, name)
            checked.append(name)

    assert len(set(checked)) >= 13  # the walk really found the object views
    assert world.state() == before


def test_anonymous_visitors_are_sent_to_log_in_everywhere_but_public_views(world: World) -> None:
    client = Client()
    for name, pattern in named_views():
        if name in PUBLIC or name == "logout":
            continue
        url = reverse(name, kwargs=world.kwargs_for(pattern))

        response = client.get(url)

        assert response.status_code in (302, 405), name
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), name


def test_home_sends_each_person_to_their_own_page(world: World) -> None:
    coach_home = browser_client(world.owner).get(reverse("planner:home"))
    runner_home = browser_client(world.runner.user).get(reverse("planner:home"))

    assert coach_home["Location"] == reverse("planner:dashboard")
    assert runner_home["Location"] == reverse("planner:my_week")


def test_a_signed_in_person_changes_their_password_and_logs_out(world: World) -> None:
    client = browser_client(world.owner)
    page = client.get(reverse("password_change"))

    changed = post(
        client,
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a much longer new phrase",
            "new_password2": "a much longer new phrase",
        },
    )
    done = client.get(reverse("password_change_done"))
    logged_out = post(client, reverse("logout"))

    assert page.status_code == 200
    assert changed.status_code == 302
    assert done.status_code == 200
    world.owner.refresh_from_db()
    assert world.owner.check_password("a much longer new phrase")
    assert logged_out.status_code == 302
    assert client.get(reverse("planner:dashboard")).status_code == 302
