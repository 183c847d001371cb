"""The baseline page for `make bench`: a signed-in request through every middleware,
with no work of its own. Mounted only when FF_BENCH_ENDPOINTS=1."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def minimal(request: HttpRequest) -> HttpResponse:
    # Reading the user loads the session and the account, as every real page does.
    return HttpResponse(f"<p>{request.user.pk}</p>")
