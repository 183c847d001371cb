"""Model-choice fields that read an id before the database sees it.

Django hands a posted id straight to a query: ``10**30`` overflows SQLite's
integer (OverflowError, a 500) and anything past PostgreSQL's integer is a
database error. These fields refuse such ids as the field's own "invalid
choice", the same answer as an id that names nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

from planner.limits import LARGEST_DB_INTEGER

# Ten digits hold LARGEST_DB_INTEGER; longer text is refused before int() reads it
# (Python refuses to read an int of more than 4,300 digits, with a ValueError).
_ID_DIGITS = len(str(LARGEST_DB_INTEGER))


def is_readable_id(value: object) -> bool:
    """An object already, or a whole number a database id column holds."""
    if isinstance(value, Model):
        return True
    text = str(value).strip()
    return (
        0 < len(text) <= _ID_DIGITS
        and text.isascii()
        and text.isdigit()
        and 1 <= int(text) <= LARGEST_DB_INTEGER
    )


class BoundedIdModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not is_readable_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class BoundedIdModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    # Django's multiple-choice field never calls to_python on the way in: clean()
    # queries the posted ids directly, so they are read here first.
    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for item in value:
                if not is_readable_id(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": item},
                    )
        return super().clean(value)
