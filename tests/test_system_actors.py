"""What the system did is named as such in a block's history, never "someone"."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from planner.models import Runner
from tests.http import browser_client, page_text

pytestmark = pytest.mark.django_db


def test_the_seeded_publish_is_recorded_as_demo_data_by_an_account_that_cannot_log_in(
    settings: SettingsWrapper,
) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # twice: still one actor

    ana = Runner.objects.get(user__username="ana")
    block = ana.blocks.get()
    (published,) = block.changes.filter(action="publish")
    actor = published.by
    assert actor is not None
    assert actor.get_full_name() == "Demo data"
    assert not actor.is_active
    assert not actor.has_usable_password()
    assert not Runner.objects.filter(user=actor).exists()

    block_page = reverse("planner:block_detail", args=[block.pk])
    page = page_text(browser_client(ana.coach).get(block_page))
    assert "Demo data" in page  # the sentence around it is the block page's
    assert "someone" not in page
