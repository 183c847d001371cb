"""Every answer's middleware, so no view can forget: headers, a 405 page that says what to
do, and an upload over the limit refused before anything reads it.

A signed-in page holds one person's plan: no shared cache may keep it, and the
browser should not keep it either (a shared phone, the back button after logging
out). A view that says otherwise keeps its own word: the calendar feed, and the
cached pages, which answer ``private, no-cache`` with an ETag so the browser must ask
again and gets a 304 when nothing changed (planner/pages.py). Pages and their
htmx fragments share URLs, so a cache must key on HX-Request too.

Django would stream a large body to a temporary file as soon as any middleware touched
``request.POST`` (the CSRF check does), so ``UploadLimitMiddleware`` checks the declared
length first. A watch file is at most ``MAX_UPLOAD_BYTES``; no form of ours sends more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from planner.runs import MAX_UPLOAD_BYTES


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


@dataclass(frozen=True)
class WayBack:
    """What to tell someone who opened a form's address, and where the form is."""

    text: str
    url_name: str
    link_text: str
    kwargs: tuple[str, ...] = ()


_JUST_A_FORMS_ADDRESS = WayBack(
    "This address is where a form sends what you filled in; opening it shows nothing. "
    "Go back to the page with the form and send it from there.",
    "planner:home",
    "Back to Fast Finish",
)
# The addresses people reach by hand most: an upload's, from a reloaded or bookmarked page.
_WAYS_BACK = {
    "planner:upload_run": WayBack(
        "To upload a run, go back to your week and use the upload form there: choose the "
        "file your watch recorded and press Upload.",
        "planner:my_week",
        "Back to your week",
    ),
    # Django's logout takes a POST only; an old bookmark or a typed address gets this.
    "logout": WayBack(
        "To log out, press Log out at the top of any page.",
        "planner:home",
        "Back to Fast Finish",
    ),
    "planner:coach_upload_run": WayBack(
        "To upload a run for your runner, go back to the block and use its upload form.",
        "planner:block_detail",
        "Back to the block",
        ("block_id",),
    ),
}


class MethodNotAllowedPageMiddleware:
    """A 405 says what to do instead, rather than the browser's empty error page.

    Views refuse a method with Django's ``HttpResponseNotAllowed`` (``require_POST`` and
    friends), which has no body; this draws one page for all of them, keeping the status
    and the ``Allow`` header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.status_code != 405 or not isinstance(response, HttpResponse):
            return response
        if response.content:
            return response  # a view that explains itself keeps its own words
        match = request.resolver_match
        way_back = _WAYS_BACK.get(match.view_name if match else "", _JUST_A_FORMS_ADDRESS)
        kwargs = {name: match.kwargs[name] for name in way_back.kwargs} if match else {}
        page = render(
            request,
            "405.html",
            {
                "text": way_back.text,
                "back": reverse(way_back.url_name, kwargs=kwargs),
                "link_text": way_back.link_text,
            },
            status=405,
        )
        page["Allow"] = response["Allow"]
        return page


# Room for a form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
TOO_BIG = (
    f"Nothing was uploaded: the file is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, larger "
    "than any run's recording. Upload the activity file itself (FIT, GPX or TCX)."
)


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) <= MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES:
            return self.get_response(request)
        if request.headers.get("HX-Request") == "true":
            # Only the live region changes; the page keeps the chosen file.
            response = render(request, "upload-too-big.html#message", {"text": TOO_BIG}, status=413)
            response["HX-Reswap"] = "none"
        else:
            response = render(request, "upload-too-big.html", {"text": TOO_BIG}, status=413)
        # No "Connection: close" here: it is a hop-by-hop header, which a WSGI application
        # may not set (PEP 3333; runserver's wsgiref handler stops with an AssertionError).
        # Closing is the server's part: gunicorn closes every connection after its answer
        # (config/gunicorn.py), and runserver reads the rest of the body before the next.
        return response
