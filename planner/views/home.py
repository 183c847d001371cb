"""The front door: send each person to the page they use every day."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from planner.views.access import runner_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if runner_of(request.user) is not None:
        return redirect("planner:my_week")
    return redirect("planner:dashboard")
