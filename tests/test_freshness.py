"""Cached pages are never stale: after any change a person could see, the next request
shows it, on this app server and on another, and an old ETag never earns a 304.

"Another app server" is a second ``LocMemCache`` location: each location is a separate
store, exactly what a second gunicorn process has. Both are filled with the page before
the change and neither is cleared after it; only the keys can make the pages fresh.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db.models import Model
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from planner.models import Recording, Runner, ScheduledSession, TrainingBlock, edits
from planner.weekdays import monday_of
from tests.clock import EARLIER_BLOCK_MONDAY, TEST_TODAY
from tests.factories import first_session, make_block, make_runner, shipped
from tests.http import browser_client, post
from tests.runs import RUN_DAY, tuesday_block
from tests.world import recorded_run

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


@contextmanager
def app_server(name: str) -> Iterator[None]:
    """Requests inside are served as by the app server ``name``, with its own cache."""
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    caches["default"]["LOCATION"] = f"freshness-{name}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def empty_app_server_caches() -> None:
    """Each test starts with both servers' caches empty, as conftest empties the default
    one: rolled-back tests hand the same ids and stamps out again, so a page one test
    kept could otherwise answer for another's."""
    for name in ("one", "two"):
        with app_server(name):
            caches["default"].clear()


def shown(response: Any) -> str:
    """The page as a person reads it: the masked CSRF tokens differ on every answer."""
    assert response.status_code == 200
    return str(TOKEN.sub(r"\1…", response.content.decode()))


def visit(client: Client, url: str, etag: str | None = None) -> Any:
    return client.get(url, headers={"If-None-Match": etag} if etag else {})


def check_fresh(
    client: Client, url: str, change: Callable[[], object], expect: str, *, gone: bool = False
) -> None:
    """Fill both servers' caches, change, then each server shows ``expect`` at once (or,
    with ``gone``, no longer shows it)."""
    visit(client, url)  # the CSRF cookie, as a browser has after its first visit
    with app_server("one"):
        before = visit(client, url)
        assert visit(client, url, before["ETag"]).status_code == 304
    with app_server("two"):
        assert shown(visit(client, url)) == shown(before)
    assert (expect in shown(before)) is gone

    change()

    with app_server("one"):
        after = visit(client, url, before["ETag"])
        assert after.status_code == 200  # never a 304 for a changed page
        assert after["ETag"] != before["ETag"]
        assert (expect in shown(after)) is not gone
    with app_server("two"):
        assert (expect in shown(visit(client, url))) is not gone


# --- the runner's week, after every kind of change ---


@pytest.fixture
def runner() -> Runner:
    return make_runner(unit="mi", time_zone="Europe/London")


@pytest.fixture
def block(runner: Runner) -> TrainingBlock:
    return make_block(runner, published=True, start=EARLIER_BLOCK_MONDAY)


def week_url(day: date) -> str:
    return reverse("planner:my_week_of", args=[day.isoformat()])


# The block's first week: the page most of these tests watch.
FIRST_WEEK = week_url(EARLIER_BLOCK_MONDAY)


def easy(block: TrainingBlock) -> ScheduledSession:
    return first_session(block, "easy")


def saving(instance: Model, **fields: object) -> Callable[[], None]:
    """A change that sets ``fields`` and saves: what the admin's change form does, a save
    and no model action."""

    def save() -> None:
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.save()

    return save


def coach_edit(block: TrainingBlock) -> None:
    block.refresh_from_db()
    edits.change_session(
        block, easy(block).pk, template=shipped("Easy run"), minutes=57, version=block.version
    )


def test_the_week_shows_a_coachs_edit_at_once(runner: Runner, block: TrainingBlock) -> None:
    client = browser_client(runner.user)
    check_fresh(client, FIRST_WEEK, lambda: coach_edit(block), "57 min")


def test_the_week_shows_an_unpublished_block_at_once(runner: Runner, block: TrainingBlock) -> None:
    nothing = "Your coach has not published any sessions"
    check_fresh(
        browser_client(runner.user), FIRST_WEEK, lambda: block.unpublish(by=runner.coach), nothing
    )


def test_the_week_shows_a_published_block_at_once(runner: Runner) -> None:
    draft = make_block(runner, start=EARLIER_BLOCK_MONDAY)
    client = browser_client(runner.user)
    check_fresh(client, FIRST_WEEK, lambda: draft.publish(by=runner.coach), "Week 1 of 4")


def test_the_week_shows_a_log_a_skip_and_an_undo_at_once(
    runner: Runner, block: TrainingBlock
) -> None:
    client = browser_client(runner.user)
    session = easy(block)
    check_fresh(
        client,
        FIRST_WEEK,
        lambda: session.mark_done(minutes=41, note="legs heavy today"),
        "legs heavy today",
    )
    check_fresh(client, FIRST_WEEK, lambda: session.mark_skipped("a sore calf"), "a sore calf")
    check_fresh(client, FIRST_WEEK, session.undo_log, "a sore calf", gone=True)


def test_the_week_shows_a_log_made_through_the_page(runner: Runner, block: TrainingBlock) -> None:
    client = browser_client(runner.user)
    url = reverse("planner:log_skipped", args=[easy(block).pk])

    def skip() -> None:
        assert post(client, url, {"reason": "snow on the paths"}).status_code == 302
        client.get(FIRST_WEEK)  # the message is shown once, on the page it went to

    check_fresh(client, FIRST_WEEK, skip, "snow on the paths")


def test_the_week_shows_a_unit_change_at_once(runner: Runner, block: TrainingBlock) -> None:
    check_fresh(browser_client(runner.user), FIRST_WEEK, saving(runner, unit="km"), "/km")


def test_the_week_shows_a_new_race_applied_to_the_block_at_once(
    runner: Runner, block: TrainingBlock
) -> None:
    client = browser_client(runner.user)
    before = shown(client.get(FIRST_WEEK))

    with app_server("one"):
        old = client.get(FIRST_WEEK)
    runner.race_seconds = 40 * 60
    runner.save()
    block.refresh_from_db()
    edits.refresh_paces(block, EARLIER_BLOCK_MONDAY, version=block.version, by=runner.coach)
    with app_server("one"):
        new = client.get(FIRST_WEEK, headers={"If-None-Match": old["ETag"]})

    assert new.status_code == 200
    assert shown(new) != before


def test_the_week_shows_an_uploaded_and_a_deleted_run_at_once() -> None:
    runner = make_runner(unit="mi")
    tuesday_block(runner)
    client = browser_client(runner.user)
    url = week_url(monday_of(RUN_DAY))
    check_fresh(
        client,
        url,
        lambda: Recording.objects.store_upload(runner, recorded_run(), "run.gpx"),
        "Delete recording",
    )
    recording = Recording.objects.get(runner=runner)
    check_fresh(client, url, recording.delete_with_original, "Delete recording", gone=True)


def test_the_week_moves_on_when_a_new_day_starts_where_the_runner_lives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 23:50 in Auckland on Tuesday, then 00:10 on Wednesday: the same day in London.
    runner = make_runner(time_zone="Pacific/Auckland")
    tuesday_block(runner)
    client = browser_client(runner.user)
    url = week_url(monday_of(RUN_DAY))
    clock = {"now": dt.datetime(2026, 3, 3, 10, 50, tzinfo=dt.UTC)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def midnight_passes() -> None:
        clock["now"] = dt.datetime(2026, 3, 3, 11, 10, tzinfo=dt.UTC)

    check_fresh(client, url, midnight_passes, "Not logged")


def test_the_week_shows_a_time_zone_change_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = make_runner(time_zone="Europe/London")
    tuesday_block(runner)
    client = browser_client(runner.user)
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC))

    def move_to_auckland() -> None:  # where it is already Wednesday
        runner.time_zone = "Pacific/Auckland"
        runner.save()

    check_fresh(client, week_url(monday_of(RUN_DAY)), move_to_auckland, "Not logged")


def test_two_runners_never_share_a_cached_week() -> None:
    one = make_runner(name="One")
    two = make_runner(name="Two", coach=one.coach)
    make_block(one, published=True, start=EARLIER_BLOCK_MONDAY)
    client_one, client_two = browser_client(one.user), browser_client(two.user)

    for client in (client_one, client_two):
        client.get(FIRST_WEEK)  # each fills the cache under its own key
    first = client_one.get(FIRST_WEEK)
    second = client_two.get(FIRST_WEEK)

    assert "Week 1 of 4" in shown(first)
    assert "No plan this week" in shown(second)
    assert first["ETag"] != second["ETag"]


# --- conditional requests ---


def test_an_unchanged_week_answers_304_without_drawing(
    runner: Runner, block: TrainingBlock, django_assert_max_num_queries: Any
) -> None:
    client = browser_client(runner.user)
    client.get(FIRST_WEEK)
    page = client.get(FIRST_WEEK)

    with django_assert_max_num_queries(3):  # the session, the account, the runner
        again = client.get(FIRST_WEEK, headers={"If-None-Match": page["ETag"]})

    assert again.status_code == 304
    assert again["ETag"] == page["ETag"]
    assert again["Cache-Control"] == "private, no-cache"
    assert "HX-Request" in again["Vary"]


def test_a_cached_week_costs_three_queries(
    runner: Runner, block: TrainingBlock, django_assert_max_num_queries: Any
) -> None:
    client = browser_client(runner.user)
    first = client.get(FIRST_WEEK)

    with django_assert_max_num_queries(3):
        again = client.get(FIRST_WEEK)

    assert shown(again) == shown(first)


def week_seen_twice(runner: Runner) -> tuple[Client, str]:
    """The runner's client after a second look at the week, and the ETag that look gave."""
    client = browser_client(runner.user)
    client.get(FIRST_WEEK)
    return client, client.get(FIRST_WEEK)["ETag"]


def test_a_page_with_a_message_waiting_is_drawn_afresh_and_never_304(
    runner: Runner, block: TrainingBlock
) -> None:
    client, etag = week_seen_twice(runner)
    url = reverse("planner:log_skipped", args=[easy(block).pk])
    post(client, url, {"reason": "rain"})

    response = client.get(FIRST_WEEK, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "Marked" in shown(response)
    assert not response.has_header("ETag")
    assert response["Cache-Control"] == "private, no-store"


def test_a_new_csrf_cookie_never_revalidates_an_old_page(
    runner: Runner, block: TrainingBlock
) -> None:
    client, etag = week_seen_twice(runner)
    client.cookies["csrftoken"] = "x" * 32  # a login or a cleared cookie: new tokens

    assert client.get(FIRST_WEEK, headers={"If-None-Match": etag}).status_code == 200


def test_the_fragment_and_the_page_have_different_etags(
    runner: Runner, block: TrainingBlock
) -> None:
    client = browser_client(runner.user)
    client.get(FIRST_WEEK)
    page = client.get(FIRST_WEEK)
    fragment = client.get(FIRST_WEEK, headers={"HX-Request": "true"})

    assert page["ETag"] != fragment["ETag"]
    assert "<html" in shown(page)
    assert "<html" not in shown(fragment)


# --- the coach's pages ---


def coachs_block_page(block: TrainingBlock) -> tuple[Client, str]:
    """The block's coach, signed in, and the block page's address."""
    return browser_client(block.runner.coach), reverse("planner:block_detail", args=[block.pk])


def test_the_block_page_shows_a_runners_log_and_an_edit_at_once(
    runner: Runner, block: TrainingBlock
) -> None:
    client, url = coachs_block_page(block)
    session = first_session(block, "progression")
    check_fresh(client, url, lambda: session.mark_skipped("a cold"), "a cold")
    check_fresh(client, url, lambda: coach_edit(block), "57 min")


def test_the_block_page_shows_a_new_runner_in_the_copy_list_at_once(
    runner: Runner, block: TrainingBlock
) -> None:
    client, url = coachs_block_page(block)
    check_fresh(client, url, lambda: make_runner(name="Zola Budd", coach=runner.coach), "Zola Budd")


def test_the_block_page_shows_a_new_race_at_once(runner: Runner, block: TrainingBlock) -> None:
    client, url = coachs_block_page(block)
    new_race = saving(runner, race_date=date(2026, 11, 8))
    check_fresh(client, url, new_race, "race of 8 Nov 2026")


def test_the_block_page_shows_a_coach_renamed_in_the_admin_at_once(
    runner: Runner, block: TrainingBlock
) -> None:
    client, url = coachs_block_page(block)
    coach = User.objects.get(pk=runner.coach_id)
    check_fresh(client, url, saving(coach, first_name="Pat", last_name="Renamed"), "Pat Renamed")


def test_the_dashboard_shows_logs_and_accounts_at_once(
    runner: Runner, block: TrainingBlock
) -> None:
    client = browser_client(runner.coach)
    url = reverse("planner:dashboard")
    this_week = make_block(make_runner(coach=runner.coach, name="Now"), published=True,
                           start=monday_of(TEST_TODAY))  # fmt: skip
    check_fresh(client, url, lambda: first_session(this_week).mark_skipped(), "skipped")

    def new_address() -> None:
        User.objects.filter(pk=runner.user_id).update(email="new-address@example.com")

    check_fresh(client, url, new_address, "new-address@example.com")


# --- the calendar feed and the week's watch files ---


def test_the_feed_answers_304_until_the_plan_changes(runner: Runner, block: TrainingBlock) -> None:
    token = runner.reset_feed_token()
    url = reverse("planner:calendar_feed", args=[token])
    client = Client()
    first = client.get(url)

    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    coach_edit(block)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed["Cache-Control"] == "private, max-age=300"


def test_the_weeks_watch_zip_follows_an_edit(runner: Runner, block: TrainingBlock) -> None:
    client = browser_client(runner.user)
    url = reverse("planner:week_watch_file", args=[EARLIER_BLOCK_MONDAY.isoformat()])
    before = client.get(url).content
    assert client.get(url).content == before

    coach_edit(block)

    assert client.get(url).content != before
