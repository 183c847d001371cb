"""What a runner types: a run done, a run skipped, and their own settings.

The forms read the runner's words and units; the model's actions (mark_done,
mark_skipped) and validators still have the last word on what may be stored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from planner import units
from planner.limits import LONGEST_SESSION_MINUTES, NOTE_LENGTH, SKIP_REASON_LENGTH

EFFORT_HELP = "1 very easy … 10 all out"


class DoneForm(forms.Form):
    minutes = forms.DecimalField(
        label="Minutes run",
        min_value=Decimal("0.1"),
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
        min_value=1,
        max_value=10,
        help_text=EFFORT_HELP,
        error_messages={
            "min_value": "Effort is 1 (very easy) to 10 (all out).",
            "max_value": "Effort is 1 (very easy) to 10 (all out).",
        },
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
        metres_per_unit = units.METRES_PER_MILE if self.unit == "mi" else 1000.0
        return float(distance) * metres_per_unit / 1000


class SkipForm(forms.Form):
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=SKIP_REASON_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
