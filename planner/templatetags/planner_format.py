"""Display filters: numbers the way coaches read them. Arithmetic stays in the pure modules."""

from __future__ import annotations

from django import template

from planner import formatting

register = template.Library()


@register.filter
def minutes(seconds: float | None) -> str:
    """Whole minutes: '50 min'."""
    if seconds is None:
        return ""
    return f"{round(seconds / 60)} min"


@register.filter
def percent(share: float | None) -> str:
    """A share as a whole percentage with one decimal when it matters: '92.2 %'."""
    if share is None:
        return ""
    value = round(share * 100, 1)
    return f"{value:g} %"


@register.filter
def share_width(share: float | None) -> str:
    """The bar's width in the 0–100 SVG box."""
    return f"{max(0.0, min(1.0, share or 0.0)) * 100:.1f}"


@register.filter
def pace(s_per_km: float, unit: str) -> str:
    return formatting.pace(s_per_km, "mi" if unit == "mi" else "km")


@register.filter
def duration(seconds: float) -> str:
    return formatting.duration(seconds)


@register.filter
def distance(metres: float, unit: str) -> str:
    return formatting.distance(metres, "mi" if unit == "mi" else "km")
