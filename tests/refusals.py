"""Helpers for the bad-input tests (``tests/test_bad_input_*.py``): what no refusal may
change, how to post and check a refusal, and valid form data to spoil one field of."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from planner.models import TrainingBlock
from tests.builder import builder_data
from tests.clock import BLOCK_MONDAY
from tests.factories import admin_runner_form, make_block, make_user, runner_form
from tests.http import browser_client, post

TOO_LONG = "x" * 10_000
HUGE = str(10**30)


def database() -> dict[str, list[dict[str, Any]]]:
    """Every row of the planner's tables and the users: what no refusal may change."""
    models: list[type[Model]] = [*apps.get_app_config("planner").get_models(), User]
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models
    }


def refused(client: Client, url: str, data: dict[str, Any], status: int = 422) -> str:
    """Post ``data`` to ``url``, check it was refused (``status``) and changed nothing; the page.
    422: a form to correct; 400: a request no form of the page could have sent."""
    before = database()
    response = post(client, url, data)
    assert response.status_code == status
    assert database() == before
    return str(response.text)


def runner_data(**overrides: Any) -> dict[str, Any]:
    return runner_form(**{"email": "bea.okafor@example.com", **overrides})


def block_data(**overrides: Any) -> dict[str, Any]:
    return builder_data(**{"start": (BLOCK_MONDAY + timedelta(weeks=8)).isoformat(), **overrides})


def admin_runner_data(**overrides: Any) -> dict[str, Any]:
    user = make_user().pk
    return admin_runner_form(coach_id=make_user().pk, user_id=user, **overrides)


def last_monday_before(day: date) -> date:
    return day - timedelta(days=day.weekday())


def copy_refused(data: Callable[[TrainingBlock], dict[str, Any]]) -> str:
    """Post the copy form of a new block with ``data(block)``: refused (400), nothing changed."""
    block = make_block()
    url = reverse("planner:block_copy", args=[block.pk])
    return refused(browser_client(block.runner.coach), url, data(block), status=400)
