"""``{{ form.x|compact_field }}``: a field of a form the page repeats, drawn without templates
(planner.forms.renderer)."""

from __future__ import annotations

from django import template

from planner.forms.renderer import compact_field

register = template.Library()
register.filter("compact_field", compact_field)
