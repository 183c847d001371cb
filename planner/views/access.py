"""Who may touch what. Every view fetches its objects through these helpers.

A stranger gets 404 rather than 403 so that ids reveal nothing about other
coaches' runners.

Decorator order, the same in every views module: the audience decorator
(``coach_required`` / ``runner_required``) is outermost, the HTTP-method
decorator (``require_GET``, ``require_POST`` ...) inside it. A person of the
wrong audience therefore gets 404 whatever the method, and only the right
audience learns that a URL exists but takes another method (405).

The audience decorators also hand the view a typed request: ``request.coach``
(the signed-in coach's ``User``) or ``request.runner`` (the signed-in runner's
``Runner``), so no view has to recover them with an assertion.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from planner.models import Runner, ScheduledSession, TrainingBlock

P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


class HtmxHttpRequest(HttpRequest):
    """What views see: django-htmx's middleware adds ``request.htmx``."""

    htmx: HtmxDetails


class CoachRequest(HtmxHttpRequest):
    """A request from a signed-in coach; ``coach_required`` sets ``coach``."""

    coach: User


class RunnerRequest(HtmxHttpRequest):
    """A request from a signed-in runner; ``runner_required`` sets ``runner``."""

    runner: Runner


def runner_of(user: User | AnonymousUser) -> Runner | None:
    """The user's runner profile, or None for coaches and admins."""
    if not user.is_authenticated:
        return None
    try:
        return user.runner
    except Runner.DoesNotExist:
        return None


def coach_of(user: User | AnonymousUser) -> User | None:
    # A coach is any signed-in person who is not a runner: a new coach has no
    # runners yet and still needs the dashboard to add the first one.
    if isinstance(user, User) and user.is_authenticated and runner_of(user) is None:
        return user
    return None


def _audience_required(
    view: Callable[Concatenate[R, P], HttpResponse],
    attribute: str,
    found_for: Callable[[User | AnonymousUser], object | None],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """The view for the people ``found_for`` finds (set on the request as ``attribute``);
    404 for everyone else, so a stranger learns nothing."""

    def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        found = found_for(request.user)
        if found is None:
            raise Http404("No such page.")
        setattr(request, attribute, found)
        return view(request, *args, **kwargs)  # type: ignore[arg-type]

    update_wrapper(wrapped, view)
    return wrapped


def coach_required(
    view: Callable[Concatenate[CoachRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    return _audience_required(view, "coach", coach_of)


def runner_required(
    view: Callable[Concatenate[RunnerRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    return _audience_required(view, "runner", runner_of)


def coachs_runner(coach: User, runner_id: int) -> Runner:
    return get_object_or_404(Runner.objects.coached_by(coach), pk=runner_id)


def coachs_block(coach: User, block_id: int) -> TrainingBlock:
    return get_object_or_404(
        TrainingBlock.objects.coached_by(coach).select_related("runner"), pk=block_id
    )


def runners_session(runner: Runner, session_id: int) -> ScheduledSession:
    """A published session of this runner's; drafts and others' sessions are 404."""
    return get_object_or_404(ScheduledSession.objects.published_for(runner.pk), pk=session_id)
