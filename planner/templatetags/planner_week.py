"""``{% day_card card %}``, ``{% move_run_form run targets %}`` and ``{% upload_form id %}``:
the runner's day cards and the run forms, drawn without templates
(planner.presenters.week_cards), once per page for what they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString

from planner.models import Recording, ScheduledSession
from planner.presenters.week import DayCard, FormAddresses
from planner.presenters.week_cards import Drawer

register = template.Library()


def _drawer(context: template.Context) -> Drawer:
    """A drawer with the page's CSRF field and addresses: the week's, reversed when the
    week was built, or (on a page without a week) reversed now."""
    week = context.get("week")
    addresses = week.form_addresses if week is not None else FormAddresses()
    return Drawer(context.get("csrf_token"), addresses)


@register.simple_tag(takes_context=True)
def day_card(context: template.Context, card: DayCard) -> SafeString:
    week = context["week"]
    return _drawer(context).card(card, week.start, week.today, context.get("focus"))


@register.simple_tag(takes_context=True)
def move_run_form(
    context: template.Context,
    run: Recording,
    targets: Sequence[ScheduledSession],
    back: str = "",
) -> SafeString:
    return _drawer(context).move_form(run, targets, back)


@register.simple_tag(takes_context=True)
def upload_form(context: template.Context, form_id: str) -> SafeString:
    week: Any = context["week"]
    return _drawer(context).upload_form(form_id, week.start)
