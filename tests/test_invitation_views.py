"""The runner's invitation: opening it, setting a password with it, and the coach
sending a new one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from planner.models import Runner
from tests.access import covers
from tests.factories import make_runner, make_user
from tests.http import browser_client, get, post

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "long-run-sunday-42"
BOTH_PASSWORDS = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def invitation_path(user: User, token: str | None = None) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/invite/{uidb64}/{token or default_token_generator.make_token(user)}/"


def invited_runner() -> Runner:
    runner = make_runner()
    runner.user.set_unusable_password()
    runner.user.save()
    return runner


# --- the runner accepts the invitation ---


@covers("planner:accept_invitation")
@pytest.mark.parametrize("who", ["anonymous", "owner coach", "other coach", "the runner"])
def test_opening_the_invitation_shows_the_form_and_uses_nothing(who: str) -> None:
    runner = invited_runner()
    person = {"owner coach": runner.coach, "other coach": make_user(), "the runner": runner.user}

    response = get(browser_client(person.get(who)), invitation_path(runner.user))

    assert response.status_code == 200
    assert "Choose a password" in response.text
    runner.user.refresh_from_db()
    assert not runner.user.has_usable_password()


def test_runner_sets_a_password_is_logged_in_and_the_link_then_stops_working() -> None:
    runner = invited_runner()
    client = browser_client()
    path = invitation_path(runner.user)
    get(client, path)

    response = post(client, path, BOTH_PASSWORDS)

    assert response.status_code == 302
    assert response["Location"] == reverse("planner:home")
    assert client.session["_auth_user_id"] == str(runner.user.pk)
    runner.user.refresh_from_db()
    assert runner.user.check_password(NEW_PASSWORD)
    again = browser_client()
    assert get(again, path).status_code == 404
    refused = post(
        again, path, {"new_password1": "other-pass-99", "new_password2": "other-pass-99"}
    )
    assert refused.status_code == 404
    assert "invalid or has already been used" in refused.text
    runner.user.refresh_from_db()
    assert runner.user.check_password(NEW_PASSWORD)


def test_mismatched_passwords_are_refused_and_the_link_still_works() -> None:
    runner = invited_runner()
    path = invitation_path(runner.user)

    response = post(browser_client(), path, BOTH_PASSWORDS | {"new_password2": "something-else"})

    assert response.status_code == 422
    runner.user.refresh_from_db()
    assert not runner.user.has_usable_password()
    assert get(browser_client(), path).status_code == 200


@pytest.mark.parametrize(
    "uidb64",
    ["not-base64!", urlsafe_base64_encode(b"999999"), urlsafe_base64_encode(b"abc"), "coach"],
)
def test_a_link_with_a_bad_user_part_is_refused(uidb64: str) -> None:
    runner = invited_runner()
    if uidb64 == "coach":  # a real user, but not the one the token was made for
        uidb64 = urlsafe_base64_encode(force_bytes(runner.coach.pk))
    token = default_token_generator.make_token(runner.user)

    response = get(browser_client(), f"/invite/{uidb64}/{token}/")

    assert response.status_code == 404
    assert "invalid or has already been used" in response.text


@covers("planner:accept_invitation")
@pytest.mark.parametrize("whose", ["runner with a bad token", "coach"])
def test_a_link_that_is_not_an_invitation_changes_no_password(whose: str) -> None:
    runner = invited_runner()
    user = runner.coach if whose == "coach" else runner.user
    path = invitation_path(user, token=None if whose == "coach" else "abc-123")
    before = User.objects.get(pk=user.pk).password

    response = post(browser_client(), path, BOTH_PASSWORDS)

    assert response.status_code == 404
    assert "invalid or has already been used" in response.text
    assert User.objects.get(pk=user.pk).password == before


def test_accepting_without_a_csrf_token_is_refused() -> None:
    runner = invited_runner()

    response = browser_client().post(invitation_path(runner.user), BOTH_PASSWORDS)

    assert response.status_code == 403
    runner.user.refresh_from_db()
    assert not runner.user.has_usable_password()


# --- a new invitation, and the dashboard's per-runner links ---


@covers("planner:runner_invite")
def test_a_coach_sends_a_new_invitation_to_a_runner_without_a_password() -> None:
    runner = make_runner()
    runner.user.set_unusable_password()
    runner.user.save()
    client = browser_client(runner.coach)

    response = post(client, reverse("planner:runner_invite", args=[runner.pk]))
    page = client.get(reverse("planner:dashboard")).content.decode()

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [runner.user.email]
    assert "/invite/" in page
    assert "A new invitation went to" in page


def test_no_new_invitation_once_the_runner_has_a_password() -> None:
    runner = make_runner()  # the factory gives every user a password

    response = post(
        browser_client(runner.coach), reverse("planner:runner_invite", args=[runner.pk])
    )

    assert response.status_code == 302
    assert mail.outbox == []


@covers("planner:runner_invite")
@pytest.mark.parametrize("who", ["another coach", "the runner"])
def test_strangers_cannot_send_invitations(who: str) -> None:
    runner = make_runner()
    runner.user.set_unusable_password()
    runner.user.save()
    person = make_user() if who == "another coach" else runner.user

    response = post(browser_client(person), reverse("planner:runner_invite", args=[runner.pk]))

    assert response.status_code == 404
    assert mail.outbox == []
