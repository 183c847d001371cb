"""The runner's profile: unit, usual run time, time zone, paces, and the calendar address."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from planner import formatting, units
from planner.forms import form_problems
from planner.forms.profile import ProfileForm
from planner.models import Runner
from planner.presenters.sessions import runner_unit
from planner.views.access import RunnerRequest, runner_required


@dataclass(frozen=True)
class PaceRow:
    name: str
    pace: str
    note: str = ""


def _pace_rows(runner: Runner, unit: units.Unit) -> list[PaceRow]:
    try:
        targets = runner.training_paces()
    except ValueError:  # InvalidRace; the coach's race form normally stops this
        return []

    def shown(s_per_km: float) -> str:
        return formatting.pace(s_per_km, unit)

    band = f"band {shown(targets.easy_slowest)} to {shown(targets.easy_fastest)}"
    return [
        PaceRow("Easy", shown(targets.easy), band),
        PaceRow("Marathon", shown(targets.marathon)),
        PaceRow("Threshold", shown(targets.threshold)),
        PaceRow("10K", shown(targets.ten_k), "the progression runs are written against it"),
        PaceRow("Interval", shown(targets.interval)),
    ]


def _profile_page(
    request: RunnerRequest,
    runner: Runner,
    form: ProfileForm,
    *,
    feed_url: str = "",
    status: int = 200,
) -> HttpResponse:
    unit = runner_unit(runner)
    try:
        vdot = f"{runner.vdot:.1f}"
    except ValueError:
        vdot = "–"
    context = {
        "runner": runner,
        "form": form,
        "race": (
            f"{formatting.distance(runner.race_distance_m, 'km')} in "
            f"{formatting.duration(runner.race_seconds)}"
        ),
        "vdot": vdot,
        "pace_rows": _pace_rows(runner, unit),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1] if feed_url else "",
    }
    return render(request, "runner/profile.html", context, status=status)


@runner_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_profile(request: RunnerRequest) -> HttpResponse:
    runner = request.runner
    if request.method != "POST":
        return _profile_page(request, runner, ProfileForm(instance=runner))
    # A copy, so a refused form leaves the runner the page shows untouched.
    form = ProfileForm(request.POST, instance=Runner.objects.get(pk=runner.pk))
    if not form.is_valid():
        messages.error(request, f"Nothing was saved. {form_problems(form)}")
        return _profile_page(request, runner, form, status=422)
    form.save()
    messages.success(request, "Saved. Your week and calendar now use these settings.")
    return redirect("planner:my_profile")


@runner_required
@require_POST
def reset_calendar_feed(request: RunnerRequest) -> HttpResponse:
    runner = request.runner
    had_feed = runner.has_feed
    token = runner.reset_feed_token()
    feed_url = request.build_absolute_uri(reverse("planner:calendar_feed", args=[token]))
    old = " The old address has stopped working." if had_feed else ""
    messages.success(request, f"Your calendar address is ready; copy it now.{old}")
    response = _profile_page(request, runner, ProfileForm(instance=runner), feed_url=feed_url)
    # The address is shown this once and kept nowhere, not even in a cache.
    response["Cache-Control"] = "no-store"
    return response
