"""The coach's roster: the dashboard, adding a runner, the invitation.

A new runner gets an account with no usable password and a one-time link,
made by Django's password-reset token generator: the token signs the
password hash, so setting the password is what uses the link up.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planner import auth
from planner.forms.roster import (
    ADDRESS_UNUSABLE,
    RACE_FIELDS,
    TIME_ZONES,
    RaceForm,
    RacePreview,
    RosterPageForm,
    RunnerEditForm,
    RunnerForm,
    override_warning,
)
from planner.models import Runner, TrainingBlock
from planner.pages import cached_page
from planner.presenters.roster import DashboardPage
from planner.presenters.runner_blocks import runner_blocks as runner_blocks_context
from planner.views.access import CoachRequest, coach_required, coachs_runner, runner_of

# The invitation link waits in the coach's session for the one dashboard view
# that shows it, so a reload after adding a runner never re-posts the form.
INVITATION_KEY = "roster_invitation"
# A block just made (planned or copied) waits the same way for the runner's blocks
# page, which marks its row and says there what was made; a reload shows the plain list.
MADE_KEY = "made_block"


# --- the dashboard ---


@coach_required
@require_GET
def dashboard(request: CoachRequest) -> HttpResponse:
    invitation = request.session.pop(INVITATION_KEY, None)
    page = DashboardPage(
        request.coach, RosterPageForm(request.GET).page_number(), timezone.now(), invitation
    )
    # The invitation link is shown once, to this request only.
    return cached_page(request, "coach/dashboard.html", page, fresh=invitation is not None)


@coach_required
@require_GET
def runner_blocks(request: CoachRequest, runner_id: int) -> HttpResponse:
    runner = coachs_runner(request.coach, runner_id)
    made = request.session.pop(MADE_KEY, None) or {}
    context = runner_blocks_context(runner, runner.today(), made_block=made.get("block"))
    context["made_note"] = made.get("said", "")
    return render(request, "coach/runner_blocks.html", context)


def to_runner_blocks(request: CoachRequest, block: TrainingBlock, said: str) -> HttpResponse:
    """After a block is made: its runner's blocks page, landed on the new block's row,
    which takes the focus and says what was made (a full page for htmx too)."""
    request.session[MADE_KEY] = {"block": block.pk, "said": said}
    page = reverse("planner:runner_blocks", kwargs={"runner_id": block.runner_id})
    location = f"{page}#block-{block.pk}"
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": location})
    return redirect(location)


# --- adding a runner ---


@coach_required
@require_http_methods(["GET", "POST"])
def runner_new(request: CoachRequest) -> HttpResponse:
    if request.method == "POST":
        form = RunnerForm(request.POST, coach=request.coach)
        if form.is_valid():
            try:
                runner = form.save(coach=request.coach)
            except IntegrityError:
                # Another request took the address between the check and the insert.
                form.add_error("email", ADDRESS_UNUSABLE)
            else:
                _invite(request, runner)
                if warning := override_warning(runner):
                    messages.warning(request, warning)
                return redirect("planner:dashboard")
        messages.error(request, "The runner was not added; correct the fields marked below.")
        context = {"form": form, "preview": RacePreview.of(form), "time_zones": TIME_ZONES}
        return render(request, "coach/runner_new.html", context, status=422)

    typed = [field for field in RACE_FIELDS if field in request.GET]
    if typed and request.htmx:
        preview = RacePreview.of(RaceForm(request.GET))
        return render(request, "coach/runner_new.html#race-preview", {"preview": preview})
    # A plain GET with race fields (a shared or bookmarked URL) starts from that race.
    form = RunnerForm(initial={field: request.GET[field] for field in typed})
    preview = RacePreview.of(RaceForm(request.GET if typed else None))
    context = {"form": form, "preview": preview, "time_zones": TIME_ZONES}
    return render(request, "coach/runner_new.html", context)


@coach_required
@require_http_methods(["GET", "POST"])
def runner_edit(request: CoachRequest, runner_id: int) -> HttpResponse:
    runner = coachs_runner(request.coach, runner_id)
    if request.method == "POST":
        form = RunnerEditForm(request.POST)
        if form.is_valid():
            form.update(runner)
            messages.success(
                request,
                f"Saved {runner.name}'s details. Sessions already planned keep their paces; "
                "on a block, Update paces applies the new race to the sessions ahead.",
            )
            if warning := override_warning(runner):
                messages.warning(request, warning)
            return redirect("planner:dashboard")
        messages.error(request, "Nothing was saved; correct the fields marked below.")
        status = 422
    else:
        form = RunnerEditForm(initial=RunnerEditForm.initial_for(runner))
        status = 200
    context = {
        "form": form,
        "editing": runner,
        "preview": RacePreview.of(RaceForm(request.POST or _race_data(form.initial))),
        "time_zones": TIME_ZONES,
    }
    return render(request, "coach/runner_new.html", context, status=status)


def _race_data(initial: Mapping[str, object]) -> dict[str, object]:
    return {field: initial.get(field, "") for field in RACE_FIELDS}


@coach_required
@require_POST
def runner_invite(request: CoachRequest, runner_id: int) -> HttpResponse:
    """A fresh invitation for a runner who has not set a password yet (links expire)."""
    runner = coachs_runner(request.coach, runner_id)
    if runner.user.has_usable_password():
        messages.info(request, f"{runner.name} has already set a password; no new link needed.")
        return redirect("planner:dashboard")
    _invite(request, runner, again=True)
    return redirect("planner:dashboard")


def _invite(request: CoachRequest, runner: Runner, *, again: bool = False) -> None:
    user = runner.user
    path = reverse(
        "planner:accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    link = request.build_absolute_uri(path)
    body = render_to_string(
        "coach/invitation_email.txt", {"runner": runner, "coach": request.coach, "link": link}
    )
    try:
        send_mail(f"{runner.name}, your training plan is ready", body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        # The runner exists either way; the coach can pass the link on by hand.
        emailed = False
        messages.warning(
            request,
            f"{runner.name} is on your roster, but the invitation email to {user.email} "
            "could not be sent. Send them the link below yourself.",
        )
    else:
        emailed = True
        messages.success(
            request,
            f"A new invitation went to {user.email}; the link is below."
            if again
            else f"{runner.name} is on your roster. An invitation went to {user.email}; "
            "the link is below if you want to send it yourself.",
        )
    request.session[INVITATION_KEY] = {
        "name": runner.name,
        "email": user.email,
        "link": link,
        "emailed": emailed,
    }


# --- the runner accepts ---


def _invited_user(uidb64: str, token: str) -> User | None:
    """The runner this link was made for, while it is still unused; otherwise None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).select_related("runner").first()
    # Only runners are invited: the same token from a coach's account must not
    # let anyone set a coach's password through this page.
    if user is None or runner_of(user) is None:
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _invited_user(uidb64, token)
    if user is None:
        return render(request, "runner/invitation.html", {"invalid": True}, status=404)
    data = request.POST if request.method == "POST" else None
    form = SetPasswordForm(user, data, label_suffix="")
    if form.is_valid():
        form.save()
        login(request, user, backend=auth.PATH)
        messages.success(
            request,
            f"Welcome, {user.runner.name}. Your password is set; log in next time with "
            f"{user.username}.",
        )
        return redirect("planner:home")
    status = 422 if form.is_bound else 200
    return render(request, "runner/invitation.html", {"form": form, "invited": user}, status=status)
