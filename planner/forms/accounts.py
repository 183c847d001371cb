"""The log-in form, with the username's length checked before anything is stored.

Django's ``AuthenticationForm`` copies the user model's ``max_length`` onto the field
after construction, which sets the input's ``maxlength`` but adds no validator; a
longer username then reaches the login throttle, whose 255-character column refuses
it with a database error (PostgreSQL) instead of a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        longest = User._meta.get_field("username").max_length or 150
        self.fields["username"].validators.append(MaxLengthValidator(longest))
