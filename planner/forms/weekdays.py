"""The runner's week as form fields: the days they run, and the long run's day.

The runner's profile and the block builder ask the same two questions, so they ask
them with the same fields; each form adds only its own initial values and messages.
"""

from __future__ import annotations

from typing import Any

from django import forms

from planner.weekdays import WEEKDAY_NAMES

WEEKDAY_CHOICES = [(str(day), name) for day, name in enumerate(WEEKDAY_NAMES)]


def run_days_field(**options: Any) -> forms.TypedMultipleChoiceField:
    """Run days as weekday numbers (Monday 0), one checkbox a day."""
    return forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple, **options
    )


def long_run_day_field(**options: Any) -> forms.TypedChoiceField:
    """The long run's weekday number, or None for no long run."""
    return forms.TypedChoiceField(
        label="Long-run day",
        choices=[("", "No long run"), *WEEKDAY_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        **options,
    )
