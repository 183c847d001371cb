"""What a runner types: a run done, a run skipped, and their own settings.

The forms read the runner's words and units; the model's actions (mark_done,
mark_skipped) and validators still have the last word on what may be stored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from planner import units
from planner.limits import (
    FEWEST_LOGGED_MINUTES,
    HIGHEST_EFFORT,
    LONGEST_SESSION_MINUTES,
    LOWEST_EFFORT,
    NOTE_LENGTH,
    SKIP_REASON_LENGTH,
)
from planner.models.sessions import EFFORT_REFUSED

EFFORT_HELP = f"{LOWEST_EFFORT} very easy … {HIGHEST_EFFORT} all out"


class DoneForm(forms.Form):
    minutes = forms.DecimalField(
        label="Minutes run",
        min_value=FEWEST_LOGGED_MINUTES,
        max_value=LONGEST_SESSION_MINUTES,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": "Say how many minutes you ran.",
            "min_value": "Minutes run must be more than 0.",
            "max_value": f"Minutes run must be at most {LONGEST_SESSION_MINUTES}.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    distance = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={"min_value": "Distance cannot be negative."},
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    effort = forms.IntegerField(
        required=False,
        min_value=LOWEST_EFFORT,
        max_value=HIGHEST_EFFORT,
        help_text=EFFORT_HELP,
        error_messages={"min_value": EFFORT_REFUSED, "max_value": EFFORT_REFUSED},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        required=False, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, unit: units.Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["distance"].label = f"Distance ({unit})"

    def distance_km(self) -> float | None:
        distance: Decimal | None = self.cleaned_data.get("distance")
        if distance is None:
            return None
        return float(distance) * units.metres_per_unit(self.unit) / 1000


class SkipForm(forms.Form):
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=SKIP_REASON_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
