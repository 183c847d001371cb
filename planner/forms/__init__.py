"""Forms, one module per views module: what a person may type, checked first."""

from __future__ import annotations

from django.forms import BaseForm


def form_problems(form: BaseForm) -> str:
    """Every error of a form as one sentence run, for the live region."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
