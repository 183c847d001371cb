"""Walks the whole URL configuration: every view is closed to strangers, and has its tests.

A new view fails here until ACCESS_TESTS names the test functions that check who may
use it. On top of that, every view that takes another person's object (a runner, block
or session id) is requested by a stranger coach, a stranger runner and an anonymous
visitor, with GET and POST: a stranger gets 404 whatever the method (the audience
decorator is outermost in every view), an anonymous visitor is sent to log in, and
nothing changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from tests.http import browser_client, named_views, post
from tests.world import World

pytestmark = pytest.mark.django_db

WALK = "test_access_walk.py"
STRANGERS = f"{WALK}::test_strangers_get_404_from_every_view_of_someone_elses_objects"
ANONYMOUS = f"{WALK}::test_anonymous_visitors_are_sent_to_log_in_everywhere_but_public_views"

# Every named view, and the test functions ("module.py::test_name") that check who may
# use it: the owner, a stranger, the other kind of user, an anonymous visitor.
ACCESS_TESTS: dict[str, tuple[str, ...]] = {
    "favicon": ("test_bad_input.py::test_favicon_ico_sends_browsers_permanently_to_the_svg_icon",),
    "healthz": (
        "test_health.py::test_healthz_answers_without_a_login",
        "test_health.py::test_healthz_refuses_a_post",
    ),
    "readyz": ("test_health.py::test_readyz_answers_when_the_database_does",),
    "login": (
        "test_security.py::"
        "test_repeated_bad_passwords_lock_that_username_from_that_address_until_the_cool_off",
    ),
    "logout": (f"{WALK}::test_a_signed_in_person_changes_their_password_and_logs_out",),
    "password_change": (
        f"{WALK}::test_a_signed_in_person_changes_their_password_and_logs_out",
        ANONYMOUS,
    ),
    "password_change_done": (
        f"{WALK}::test_a_signed_in_person_changes_their_password_and_logs_out",
        ANONYMOUS,
    ),
    "planner:home": (f"{WALK}::test_home_sends_each_person_to_their_own_page", ANONYMOUS),
    "planner:dashboard": (
        "test_roster_views.py::test_each_person_gets_what_their_role_allows",
        "test_roster_views.py::test_coach_sees_only_their_own_runners",
    ),
    "planner:runner_new": ("test_roster_views.py::test_each_person_gets_what_their_role_allows",),
    "planner:runner_invite": (
        "test_roster_views.py::test_a_coach_sends_a_new_invitation_to_a_runner_without_a_password",
        "test_roster_views.py::test_strangers_cannot_send_invitations",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:runner_edit": (
        "test_roster_views.py::test_the_coach_enters_a_new_race_and_run_days",
        "test_roster_views.py::test_strangers_cannot_see_or_change_a_runners_details",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:accept_invitation": (
        "test_roster_views.py::test_opening_the_invitation_shows_the_form_and_uses_nothing",
        "test_roster_views.py::test_a_link_that_is_not_an_invitation_changes_no_password",
    ),
    **{
        f"planner:{view}": (
            "test_block_views.py::test_the_owner_coach_may_use_every_block_page",
            "test_block_views.py::test_strangers_get_404_on_every_block_page_and_change_nothing",
            "test_block_views.py::test_anonymous_visitors_are_sent_to_log_in",
            STRANGERS,
        )
        for view in (
            "block_new",
            "block_detail",
            "session_edit",
            "session_move",
            "session_remove",
            "session_add",
            "block_publish",
            "block_unpublish",
            "block_copy",
            "block_paces",
        )
    },
    "planner:runner_export": (
        "test_export.py::test_json_export_holds_the_runner_blocks_sessions_segments_and_logs",
        "test_export.py::test_only_the_runners_coach_may_export",
        STRANGERS,
    ),
    "planner:my_week": (
        "test_runner_views.py::test_a_runner_sees_only_their_own_published_sessions",
        "test_runner_views.py::test_anonymous_is_sent_to_log_in_from_every_runner_page",
        "test_runner_views.py::test_the_runners_coach_gets_404_on_every_runner_page",
    ),
    "planner:my_week_of": (
        "test_runner_views.py::test_the_week_links_to_the_weeks_around_it_and_says_where_it_sits",
        "test_runner_views.py::test_anonymous_is_sent_to_log_in_from_every_runner_page",
        "test_runner_views.py::test_the_runners_coach_gets_404_on_every_runner_page",
    ),
    **{
        f"planner:{view}": (
            "test_runner_views.py::test_another_runner_cannot_log_or_undo_someone_elses_session",
            "test_runner_views.py::test_anonymous_is_sent_to_log_in_from_every_runner_page",
            "test_runner_views.py::test_the_runners_coach_gets_404_on_every_runner_page",
            STRANGERS,
        )
        for view in ("log_done", "log_skipped", "undo_log")
    },
    "planner:my_profile": (
        "test_runner_views.py::test_a_runner_changes_unit_run_time_and_time_zone",
        "test_runner_views.py::test_anonymous_is_sent_to_log_in_from_every_runner_page",
        "test_runner_views.py::test_the_runners_coach_gets_404_on_every_runner_page",
    ),
    "planner:reset_calendar_feed": (
        "test_calendar_feed.py::test_only_the_runner_can_reset_their_address",
        "test_runner_views.py::test_anonymous_is_sent_to_log_in_from_every_runner_page",
    ),
    "planner:calendar_feed": (
        "test_calendar_feed.py::test_an_unknown_or_reset_token_is_404_without_logging_in",
        "test_calendar_feed.py::test_the_token_opens_the_feed_and_nothing_else",
    ),
    "planner:session_watch_file": (
        "test_watch_views.py::test_only_the_owner_runner_gets_their_session_file",
        "test_watch_views.py::test_a_draft_session_is_neither_offered_nor_served_to_the_runner",
    ),
    "planner:week_watch_file": (
        "test_watch_views.py::test_only_the_runner_gets_the_week_zip_of_their_own_week",
    ),
    "planner:coach_session_watch_file": (
        "test_watch_views.py::test_the_coach_gets_their_runners_files_draft_or_published",
        "test_watch_views.py::test_strangers_get_404_from_the_coachs_file",
    ),
    "planner:feed_session_watch_file": (
        "test_watch_views.py::test_the_feed_secret_opens_the_file_until_the_feed_is_reset",
        "test_watch_views.py::test_the_feed_secret_opens_only_its_runners_published_sessions",
    ),
    "planner:upload_run": (
        "test_recordings_upload.py::test_a_run_as_planned_is_judged_stored_and_marks_the_session_done",
        "test_recordings_upload.py::test_a_runner_cannot_upload_to_or_delete_another_runners_runs",
        ANONYMOUS,
    ),
    "planner:delete_run": (
        "test_recordings_upload.py::test_deleting_a_recording_removes_it_and_sends_the_session_back_to_planned",
        "test_recordings_upload.py::test_a_runner_cannot_upload_to_or_delete_another_runners_runs",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:coach_upload_run": (
        "test_recordings_upload.py::test_a_coach_uploads_for_their_runner_from_the_block_page",
        "test_recordings_upload.py::test_a_coach_cannot_upload_for_another_coachs_runner",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:session_page": (
        "test_recordings_pages.py::test_the_session_page_shows_planned_against_actual_and_the_chart",
        "test_recordings_pages.py::test_strangers_see_no_session_or_run_page",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:run_page": (
        "test_recordings_pages.py::test_an_unplanned_run_has_its_own_page",
        "test_recordings_pages.py::test_strangers_see_no_session_or_run_page",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:move_run": (
        "test_moving_recordings.py::test_the_runner_moves_the_run_onto_the_workout_and_it_is_judged_against_it",
        "test_moving_recordings.py::test_strangers_cannot_move_a_run_and_nothing_changes",
        "test_moving_recordings.py::test_anonymous_visitors_are_sent_to_log_in_to_move_a_run",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:coach_move_run": (
        "test_moving_recordings.py::test_the_coach_moves_their_runners_run_from_the_block_page_and_back",
        "test_moving_recordings.py::test_the_coach_cannot_move_a_run_from_another_block_page",
        "test_moving_recordings.py::test_strangers_cannot_move_a_run_and_nothing_changes",
        STRANGERS,
        ANONYMOUS,
    ),
    "planner:squad_list": (
        "test_squad_pages.py::test_a_coach_reaches_only_their_squads_and_runners_and_strangers_get_404",
        "test_squads.py::test_a_squad_name_is_the_coachs_own_and_unique_among_their_squads",
        ANONYMOUS,
    ),
    **{
        f"planner:{view}": (
            "test_squad_pages.py::test_a_coach_reaches_only_their_squads_and_runners_and_strangers_get_404",
            STRANGERS,
            ANONYMOUS,
        )
        for view in (
            "squad_week",
            "squad_week_of",
            "squad_members",
            "squad_member_remove",
            "squad_plan",
            "squad_publish",
            "squad_group_day",
            "squad_copy",
            "squad_export",
        )
    },
}
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


def test_every_view_is_listed_with_the_tests_that_check_who_may_use_it() -> None:
    views = dict(named_views())

    assert views.keys() - ACCESS_TESTS.keys() == set(), "new views need access tests"
    assert ACCESS_TESTS.keys() - views.keys() == set(), "listed views that no longer exist"
    for name, tests in ACCESS_TESTS.items():
        assert tests, f"{name} has no tests listed"
        for test in tests:
            path, function = test.split("::")
            module = importlib.import_module("tests." + path.removesuffix(".py").replace("/", "."))
            assert function.startswith("test_"), f"{test} is not collected by pytest"
            assert callable(getattr(module, function, None)), f"{test} does not exist"


def object_views(world: World) -> Iterator[tuple[str, str]]:
    for name, pattern in named_views():
        kwargs = world.url_kwargs(pattern.params)
        if name not in PUBLIC and OBJECT_KWARGS & kwargs.keys():
            yield name, reverse(name, kwargs=kwargs)


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


def test_anonymous_visitors_are_sent_to_log_in_everywhere_but_public_views(world: World) -> None:
    client = Client()
    for name, pattern in named_views():
        if name in PUBLIC or name == "logout":
            continue
        url = reverse(name, kwargs=world.url_kwargs(pattern.params))

        response = client.get(url)

        assert response.status_code == 302, name
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
