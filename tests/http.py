"""Test clients that behave like a browser, and the walk over every named view.

CSRF is enforced and must be sent, as a browser's form or htmx would send it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

HTMX = {"HX-Request": "true"}


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
        headers |= HTMX
    return client.post(url, data or {}, headers=headers)


def get(client: Client, url: str, data: dict[str, Any] | None = None, *, htmx: bool = False) -> Any:
    return client.get(url, data or {}, headers=HTMX if htmx else {})


def page_ok(client: Client, url: str) -> str:
    """GET ``url``, check it answers 200 and give back the page as sent."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def page_text(response: Any) -> str:
    """The page's text as a reader sees it: whitespace collapsed, apostrophes unescaped."""
    return " ".join(response.content.decode().replace("&#x27;", "'").split())


class Route:
    """A named view with every URL part it takes, its own and its includes'."""

    def __init__(self, pattern: URLPattern, params: frozenset[str]) -> None:
        self.pattern = pattern
        self.params = params | frozenset(pattern.pattern.regex.groupindex)


def named_views() -> Iterator[tuple[str, Route]]:
    """Every named view of the URL configuration but Django's admin, with its route."""

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


def missing(page: str, *texts: str) -> list[str]:
    """The texts a page should show but does not: ``assert missing(page, ...) == []``
    names every one that is absent, not just the first."""
    return [text for text in texts if text not in page]
