"""Signing in, with the person's runner profile read in the same query as their account.

Every page asks whether the signed-in person is a runner or a coach
(``views.access``). Django's ``ModelBackend`` reads the account alone, so that
question cost a second query on every request; this backend joins the profile in
(a coach's missing profile is remembered too), which makes it free.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

PATH = "planner.auth.ProfileBackend"


class ProfileBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = get_user_model()._default_manager.select_related("runner").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
