"""Refuse a request body over the upload limit before anything reads it.

Django would stream such a body to a temporary file as soon as any middleware touched
``request.POST`` (the CSRF check does), so the declared length is checked first, here.
A watch file is at most ``MAX_UPLOAD_BYTES``; no form of ours sends more.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from planner.runs import MAX_UPLOAD_BYTES

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
