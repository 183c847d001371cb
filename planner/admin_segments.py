"""The template editor's segment row as an admin thinks of it: a duration in minutes
(40, 40:00 or 1:05:00), a distance with its unit (5 km, 3 mi, 400 m), a pace offset in
seconds or m:ss per unit. Each field reads what was typed into what is stored (seconds
and metres) and shows the stored value back the same way; a field it cannot read gets
a message that says what to type."""

from __future__ import annotations

import math
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from planner import limits
from planner.models import TemplateSegment
from planner.units import metres_per_unit

_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$")
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)\s*(km|mi|m)$")
_OFFSET = re.compile(r"^([+-]?)(?:(\d+):)?(\d+(?:\.\d+)?)\s*s?$")
# Larger than any session (600 min) and than the database column: a typo, not a run.
_LONGEST_S = limits.LONGEST_SESSION_MINUTES * 60
_LONGEST_M = 1_000_000.0


def read_duration(text: str) -> int:
    """Seconds from "40" (minutes), "40:00" (min:s) or "1:05:00" (h:min:s)."""
    text = text.strip()
    clock = _CLOCK.match(text)
    try:
        if clock:
            hours, minutes, seconds = clock.groups()
            if float(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
                raise ValueError(text)
            total = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
        else:
            total = float(text) * 60
    except ValueError:
        raise ValidationError(
            "Type a duration in minutes (40), min:s (40:00) or h:min:s (1:05:00)."
        ) from None
    if not (math.isfinite(total) and 1 <= round(total) <= _LONGEST_S):
        raise ValidationError(
            f"A segment lasts from a second to {limits.LONGEST_SESSION_MINUTES} minutes."
        )
    return round(total)


def show_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, whole = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole:02d}" if hours else f"{minutes}:{whole:02d}"


def read_distance(text: str) -> float:
    """Metres from "5 km", "3 mi", "400 m" (the unit is needed: 5 alone could be either)."""
    found = _AMOUNT.match(text.strip().lower())
    if not found:
        raise ValidationError("Type a distance with its unit: 5 km, 3 mi or 400 m.")
    amount, unit = float(found.group(1)), found.group(2)
    metres = amount if unit == "m" else amount * metres_per_unit("km" if unit == "km" else "mi")
    if not 0 < metres <= _LONGEST_M:
        raise ValidationError("A segment's distance is more than 0 and at most 1,000 km.")
    return metres


def show_distance(metres: float) -> str:
    miles = metres / metres_per_unit("mi")
    if abs(miles * 100 - round(miles * 100)) < 1e-6 and metres >= 400:
        return f"{round(miles, 2):g} mi"
    if metres < 1000:
        return f"{metres:g} m"
    return f"{round(metres / 1000, 3):g} km"


def read_offset(text: str) -> float:
    """Seconds per unit from "-20", "-20 s", "-0:20" or "+1:05"; minus is faster."""
    found = _OFFSET.match(text.strip().replace("−", "-"))
    if not found:
        raise ValidationError("Type an offset in seconds (-20) or min:s (-0:20); minus is faster.")
    sign, minutes, seconds = found.groups()
    if minutes is not None and float(seconds) >= 60:
        raise ValidationError("Seconds go up to 59 in min:s (-1:05).")
    value = int(minutes or 0) * 60 + float(seconds)
    return -value if sign == "-" else value


def show_offset(seconds: float) -> str:
    return f"{seconds:+g}" if seconds else "0"


class _TypedText(forms.CharField):
    """A text field that stores what ``read`` makes of the text and shows ``show``."""

    def __init__(self, read: Any, show: Any, **kwargs: Any) -> None:
        self.read, self.show = read, show
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return self.show(value) if isinstance(value, int | float) else value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return None if text in self.empty_values else self.read(text)


class SegmentForm(forms.ModelForm[TemplateSegment]):
    duration_s = _TypedText(
        read_duration,
        show_duration,
        required=False,
        label="Duration",
        help_text="Minutes (40), min:s (40:00) or h:min:s (1:05:00).",
    )
    distance_m = _TypedText(
        read_distance,
        show_distance,
        required=False,
        label="Distance",
        help_text="With its unit: 5 km, 3 mi or 400 m.",
    )
    offset_s = _TypedText(
        read_offset,
        show_offset,
        required=False,
        label="Pace offset",
        help_text="Seconds (-20) or min:s (-0:20) per unit; minus is faster.",
    )

    class Meta:
        model = TemplateSegment
        fields = [
            "position", "label", "amount_kind", "duration_s", "distance_m", "same_as",
            "pace_anchor", "pace_segment", "offset_s", "offset_unit",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Each input named for a screen reader: the table's column header is not a label.
        index = (self.prefix or "").rsplit("-", 1)[-1]
        row = f"Segment {int(index) + 1}" if index.isdigit() else "New segment"
        for name, field in self.fields.items():
            label = "Delete" if name == "DELETE" else str(field.label or name).capitalize()
            field.widget.attrs.setdefault("aria-label", f"{row}: {label}")
            if isinstance(field.widget, forms.TextInput | forms.NumberInput):
                field.widget.attrs.setdefault("size", "7")

    def clean_offset_s(self) -> float:
        value = self.cleaned_data.get("offset_s")
        return 0.0 if value is None else float(value)
