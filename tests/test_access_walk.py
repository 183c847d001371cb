"""Walks the whole URL configuration: every view is closed to strangers, and has its tests.

A new view fails here until a test declares, with ``@covers("planner:view")``
(``tests/access.py``), that it checks who may use it; a declared name that is no view
fails too. On top of that, every view that takes another person's object (a runner, block
or session id) is requested by a stranger coach, a stranger runner and an anonymous
visitor, with GET and POST: a stranger gets 404 whatever the method (the audience
decorator is outermost in every view), an anonymous visitor is sent to log in, and
nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from tests.access import covered_views, covers
from tests.http import browser_client, named_views, post
from tests.world import World

pytestmark = pytest.mark.django_db

# Open to anyone: probes, the login page, and links whose secret is the credential.
PUBLIC = {"healthz", "readyz", "login", "planner:accept_invitation", "planner:calendar_feed"}
PUBLIC |= {"favicon"}  # every browser asks for it, signed in or not
PUBLIC |= {"planner:feed_session_watch_file"}  # its secret is the credential
OBJECT_KWARGS = {"runner_id", "block_id", "session_id", "recording_id", "squad_id"}

# The views that take another person's object: whose they are, and the methods they
# accept. A stranger of the other audience gets 404 from the audience decorator
# whatever the method; a stranger of the same audience gets 404 from the ownership
# check, or 405 for a method the view never accepts (which says nothing about the id).
GET, POST, BOTH = frozenset({"GET"}), frozenset({"POST"}), frozenset({"GET", "POST"})
OBJECT_VIEWS: dict[str, tuple[str, frozenset[str]]] = {
    "planner:runner_edit": ("coach", BOTH),
    "planner:runner_invite": ("coach", POST),
    "planner:runner_blocks": ("coach", GET),
    "planner:block_new": ("coach", BOTH),
    "planner:runner_export": ("coach", GET),
    "planner:block_detail": ("coach", GET),
    "planner:session_edit": ("coach", BOTH),
    "planner:session_move": ("coach", POST),
    "planner:session_remove": ("coach", POST),
    "planner:session_add": ("coach", BOTH),
    "planner:block_publish": ("coach", POST),
    "planner:block_unpublish": ("coach", POST),
    "planner:block_copy": ("coach", POST),
    "planner:block_paces": ("coach", POST),
    "planner:log_done": ("runner", POST),
    "planner:log_skipped": ("runner", POST),
    "planner:undo_log": ("runner", POST),
    "planner:session_watch_file": ("runner", GET),
    "planner:coach_session_watch_file": ("coach", GET),
    "planner:delete_run": ("runner", POST),
    "planner:coach_upload_run": ("coach", POST),
    "planner:session_page": ("runner", GET),
    "planner:run_page": ("runner", GET),
    "planner:move_run": ("runner", POST),
    "planner:coach_move_run": ("coach", POST),
    "planner:squad_week": ("coach", GET),
    "planner:squad_week_of": ("coach", GET),
    "planner:squad_members": ("coach", BOTH),
    "planner:squad_member_remove": ("coach", POST),
    "planner:squad_plan": ("coach", BOTH),
    "planner:squad_publish": ("coach", POST),
    "planner:squad_group_day": ("coach", POST),
    "planner:squad_copy": ("coach", POST),
    "planner:squad_export": ("coach", GET),
}


def test_every_view_is_covered_by_tests_that_check_who_may_use_it() -> None:
    views = dict(named_views())
    covered = covered_views()

    assert views.keys() - covered.keys() == set(), "new views need tests marked @covers(view)"
    assert covered.keys() - views.keys() == set(), "@covers names views that do not exist"


def object_views(world: World) -> Iterator[tuple[str, str]]:
    for name, pattern in named_views():
        kwargs = world.url_kwargs(pattern.params)
        if name not in PUBLIC and OBJECT_KWARGS & kwargs.keys():
            yield name, reverse(name, kwargs=kwargs)


@covers(*OBJECT_VIEWS)
@pytest.mark.parametrize("audience", ["coach", "runner"])
def test_strangers_get_404_from_every_view_of_someone_elses_objects(
    world: World, audience: str
) -> None:
    person = world.stranger_coach if audience == "coach" else world.stranger_runner
    client = browser_client(person)
    before = world.state()

    found = dict(object_views(world))
    for name, url in found.items():
        view_audience, methods = OBJECT_VIEWS[name]
        for method in ("GET", "POST"):
            response = post(client, url, {"version": 1}) if method == "POST" else client.get(url)
            refused = view_audience == audience and method not in methods
            assert response.status_code == (405 if refused else 404), (audience, method, name)

    assert found.keys() == OBJECT_VIEWS.keys()  # the walk found every object view
    assert world.state() == before


@covers(
    "password_change",
    "password_change_done",
    "planner:coach_move_run",
    "planner:coach_upload_run",
    "planner:delete_run",
    "planner:home",
    "planner:move_run",
    "planner:run_page",
    "planner:runner_edit",
    "planner:runner_invite",
    "planner:session_page",
    "planner:upload_run",
)
def test_anonymous_visitors_are_sent_to_log_in_everywhere_but_public_views(world: World) -> None:
    client = Client()
    for name, pattern in named_views():
        if name in PUBLIC or name == "logout":
            continue
        url = reverse(name, kwargs=world.url_kwargs(pattern.params))

        response = client.get(url)

        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), name


@covers("planner:home")
def test_home_sends_each_person_to_their_own_page(world: World) -> None:
    coach_home = browser_client(world.owner).get(reverse("planner:home"))
    runner_home = browser_client(world.runner.user).get(reverse("planner:home"))

    assert coach_home["Location"] == reverse("planner:dashboard")
    assert runner_home["Location"] == reverse("planner:my_week")


@covers("logout", "password_change", "password_change_done")
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
