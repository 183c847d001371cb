"""Who may touch what. Every view fetches its objects through these helpers.

A stranger gets 404 rather than 403 so that ids reveal nothing about other
coaches' runners.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from planner.models import Runner, ScheduledSession, TrainingBlock

View = TypeVar("View", bound=Callable[..., HttpResponse])


class HtmxHttpRequest(HttpRequest):
    """What views see: django-htmx's middleware adds ``request.htmx``."""

    htmx: HtmxDetails


def runner_of(user: User | AnonymousUser) -> Runner | None:
    """The user's runner profile, or None for coaches and admins."""
    if not user.is_authenticated:
        return None
    try:
        return user.runner
    except Runner.DoesNotExist:
        return None


def is_coach(user: User | AnonymousUser) -> bool:
    # A coach is any signed-in person who is not a runner: a new coach has no
    # runners yet and still needs the dashboard to add the first one.
    return user.is_authenticated and runner_of(user) is None


def coach_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not is_coach(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def runner_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if runner_of(request.user) is None:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def coachs_runner(user: User, runner_id: int) -> Runner:
    return get_object_or_404(Runner.objects.coached_by(user), pk=runner_id)


def coachs_block(user: User, block_id: int) -> TrainingBlock:
    return get_object_or_404(
        TrainingBlock.objects.coached_by(user).select_related("runner"), pk=block_id
    )


def runners_session(runner: Runner, session_id: int) -> ScheduledSession:
    """A published session of this runner's; drafts and others' sessions are 404."""
    return get_object_or_404(
        ScheduledSession.objects.filter(block__runner=runner, block__status="published"),
        pk=session_id,
    )
