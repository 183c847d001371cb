"""The log-in form refuses a username longer than any account's, before the login
throttle stores anything (its column would refuse it with a database error)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse

from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_a_username_longer_than_any_account_is_refused_with_a_message_and_nothing_stored() -> None:
    response = Client().post(reverse("login"), {"username": "x" * 10_000, "password": "y" * 10_000})

    assert response.status_code == 200
    assert "at most 150 characters" in page_text(response)
    assert AccessAttempt.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0


def test_a_wrong_password_for_a_plausible_username_still_counts_towards_the_lock() -> None:
    response = Client().post(reverse("login"), {"username": "nobody", "password": "wrong"})

    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username="nobody").count() == 1
