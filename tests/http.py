"""Test clients that behave like a browser: CSRF is enforced and must be sent."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client


def browser_client(user: User | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def csrf_token(client: Client) -> str:
    if "csrftoken" not in client.cookies:
        client.get("/accounts/login/")  # any page with a form sets the cookie
    return client.cookies["csrftoken"].value


def post(
    client: Client, url: str, data: dict[str, Any] | None = None, *, htmx: bool = False
) -> Any:
    headers = {"X-CSRFToken": csrf_token(client)}
    if htmx:
        headers["HX-Request"] = "true"
    return client.post(url, data or {}, headers=headers)


def get(client: Client, url: str, data: dict[str, Any] | None = None, *, htmx: bool = False) -> Any:
    return client.get(url, data or {}, headers={"HX-Request": "true"} if htmx else {})
