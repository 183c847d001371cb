"""Headers every answer needs, so no view can forget them.

A signed-in page holds one person's plan: no shared cache may keep it, and the
browser should not keep it either (a shared phone, the back button after logging
out). A view that says otherwise keeps its own word: the calendar feed, and the
cached pages, which answer ``private, no-cache`` with an ETag so the browser must ask
again and gets a 304 when nothing changed (planner/pages.py). Pages and their
htmx fragments share URLs, so a cache must key on HX-Request too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivatePagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["HX-Request"])
        return response
