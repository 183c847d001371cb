"""The block builder's Preview button works without JavaScript and keeps the CSRF token out
of the address: it posts the form, shows the plan, and stores nothing."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from planner.models import Runner, TrainingBlock
from tests.block_pages import new_block_page, runner
from tests.builder import new_block_url, preview_data
from tests.http import browser_client, post

__all__ = ["new_block_page", "runner"]  # the fixtures, shared

pytestmark = pytest.mark.django_db


def test_the_builders_forms_never_send_the_csrf_token_with_a_get(new_block_page: str) -> None:
    page = new_block_page

    form = re.search(r"<form [^>]*class=\"card block-form\".*?</form>", page, re.S)
    assert form is not None
    assert 'method="post"' in form.group(0)
    assert "csrfmiddlewaretoken" in form.group(0)
    # No button turns the form into a GET, which would put every field, the token
    # included, in the address.
    assert "formmethod" not in form.group(0)
    assert re.search(r'<button type="submit" name="preview" value="1"[^>]*>Preview</button>', page)


def test_previewing_without_script_posts_shows_the_plan_and_stores_nothing(
    coach: User, runner: Runner
) -> None:
    response = post(browser_client(coach), new_block_url(runner), preview_data(weeks=5))

    page = response.content.decode()
    assert response.status_code == 200
    assert "progression runs" in page
    assert 'value="5"' in page  # the coach's own choices stay in the form
    assert not TrainingBlock.objects.exists()


def test_a_preview_of_a_refused_block_says_why_and_stores_nothing(
    coach: User, runner: Runner
) -> None:
    response = post(browser_client(coach), new_block_url(runner), preview_data(run_days=["2", "6"]))

    assert response.status_code == 200
    assert "Only 4 progression runs fit in 4 weeks" in response.content.decode()
    assert not TrainingBlock.objects.exists()


def test_a_preview_still_needs_the_csrf_token(coach: User, runner: Runner) -> None:
    response = browser_client(coach).post(new_block_url(runner), preview_data())

    assert response.status_code == 403
    assert not TrainingBlock.objects.exists()
