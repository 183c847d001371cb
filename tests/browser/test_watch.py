"""A runner on a phone downloads today's session for the watch, and the file is whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from planner.models import ScheduledSession
from planner.watch import watch_filename
from planner.weekdays import days_to_mask, monday_of
from tests.browser.conftest import fits_the_phone, log_in
from tests.factories import make_block, make_runner
from tests.fit_reading import fit_is_intact, fit_messages

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EVERY_DAY = frozenset(range(7))


def test_a_runner_sends_todays_session_to_the_watch_from_a_phone(plain_phone: Page) -> None:
    # A run every day, so today has a session whatever day the test runs on.
    runner = make_runner(unit="km", run_days=days_to_mask(set(EVERY_DAY)))
    today = timezone.now().astimezone(runner.zone).date()
    make_block(runner, published=True, start=monday_of(today), run_days=EVERY_DAY)
    session = ScheduledSession.objects.get(block__runner=runner, date=today)

    log_in(plain_phone, runner.user.username)
    today_card = plain_phone.locator("article.day-card.today")
    link = today_card.get_by_role("link", name="Send to watch (.fit)")
    expect(link).to_be_visible()
    fits_the_phone(plain_phone)
    with plain_phone.expect_download() as download_info:
        link.click()
    download = download_info.value

    assert download.suggested_filename == watch_filename(today, session.title)
    data = Path(download.path()).read_bytes()
    assert fit_is_intact(data)
    (workout,) = fit_messages(data, "workout")
    assert workout["wkt_name"] == f"{today.isoformat()} {session.title}"
    names = [step["wkt_step_name"] for step in fit_messages(data, "workout_step")]
    assert names == list(session.segments.order_by("position").values_list("label", flat=True))
    # The download left the week where it was.
    expect(plain_phone.locator("#week")).to_be_visible()
