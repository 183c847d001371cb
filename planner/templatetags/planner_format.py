"""Display filters: numbers the way coaches read them. Arithmetic stays in the pure modules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString

from planner import formatting, units
from planner.pages import address
from planner.presenters import block_calendar
from planner.presenters.moving import near
from planner.presenters.sessions import title_with_length

if TYPE_CHECKING:
    from planner.models import ScheduledSession

register = template.Library()


@register.filter
def minutes(seconds: float | None) -> str:
    """Whole minutes: '50 min'."""
    return "" if seconds is None else formatting.minutes(seconds)


@register.filter
def percent(share: float | None) -> str:
    """A share the way every page, refusal and export says it: '79 %', rounded down."""
    return "" if share is None else formatting.percent(share)


@register.simple_tag(name="address")
def frame_address(name: str) -> str:
    """``{% address 'planner:home' %}``: a link of the page's frame, made once a process."""
    return address(name)


@register.simple_tag
def share_bar(share: float, floor: float) -> SafeString:
    """A week's aerobic share against the floor, as the block page draws it."""
    return block_calendar.share_bar(share, floor)


@register.filter
def pace(s_per_km: float, unit: str) -> str:
    return formatting.pace(s_per_km, units.unit_of(unit))


@register.filter
def duration(seconds: float) -> str:
    return formatting.duration(seconds)


@register.filter
def distance(metres: float, unit: str) -> str:
    return formatting.distance(metres, units.unit_of(unit))


@register.filter
def with_length(title: str, minutes: float | None) -> str:
    """'Easy run, 40 min', or a resized session's title as it is: it says its length."""
    return title_with_length(title, minutes)


@register.filter
def near_day(sessions: Iterable[ScheduledSession], day: date) -> list[ScheduledSession]:
    """The sessions a run of ``day`` is offered to move to: within a week of it."""
    return near(sessions, day)
