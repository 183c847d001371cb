"""One way to draw a form field: every ``{{ form.x.as_field_group }}`` uses
forms/field.html; ``compact_field`` draws the same markup in Python for the forms a page
repeats or draws on every view (the week's log forms, up to seven a page; the block
page's editor and copy forms), where Django's widget templates would cost more than the
rest of the page (docs/decisions.md, "One way to draw a field")."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe


class FieldRenderer(TemplatesSetting):
    """Form templates come from the project's template settings ("django.forms" is installed,
    so Django's own widget templates are found there too), and fields use ours."""

    field_template_name = "forms/field.html"


def _text(value: Any) -> str:
    """``value`` escaped for HTML as conditional_escape would, without its lazy wrappers:
    a page draws a dozen fields or more, each with a handful of attributes."""
    if hasattr(value, "__html__"):  # safe markup, or an error list that draws itself
        return str(value.__html__())
    return html.escape(str(value))


def _attributes(attrs: dict[str, Any]) -> str:
    # In the widget's order, as django/forms/widgets/attrs.html writes them: True bare,
    # False and None left out.
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _select(field: forms.BoundField, widget: forms.Select, attrs: str) -> str:
    """A one-choice ``<select>`` as django/forms/widgets/select.html writes it: the first
    option whose value is the field's selected, every value and label escaped (a coach's
    runner list may have hundreds)."""
    chosen = set(widget.format_value(field.value()))
    options = []
    for value, label in widget.choices:
        if isinstance(label, list | tuple):
            raise TypeError(f"{field.name}: draw grouped choices with as_field_group.")
        selected = " selected" if str(value) in chosen else ""
        chosen = set() if selected else chosen
        options.append(f'<option value="{_text(value)}"{selected}>{_text(label)}</option>')
    return f'<select name="{_text(field.html_name)}"{attrs}>{"".join(options)}</select>'


def compact_field(field: forms.BoundField) -> SafeString:
    """forms/field.html's markup for an input (a file's too), textarea or one-choice
    select, without a template.

    The control's attributes are the ones Django's widget would write: the widget's own
    (the bounds its form field put there: min, max, step, maxlength), ``required``, and
    ``aria-invalid`` and ``aria-describedby`` pointing at the help text and the errors.
    A select's options are the field's choices (a page may hand over plain values).
    """
    widget = field.field.widget
    if isinstance(widget, forms.SelectMultiple) or not isinstance(
        widget, Input | forms.Textarea | forms.Select
    ):
        raise TypeError(f"{field.name}: draw a {type(widget).__name__} with as_field_group.")
    added = field.build_widget_attrs({})
    auto_id = field.auto_id
    added.setdefault("id", auto_id)
    attrs = _attributes({**widget.attrs, **added})
    name = _text(field.html_name)
    if isinstance(widget, forms.Select):
        control = _select(field, widget, attrs)
    elif isinstance(widget, forms.Textarea):
        value = widget.format_value(field.value())
        control = f'<textarea name="{name}"{attrs}>\n{_text(value or "")}</textarea>'
    elif isinstance(widget, forms.FileInput):
        # A file input never shows a value (a browser would not take one).
        control = f'<input type="file" name="{name}"{attrs}>'
    else:
        value = widget.format_value(field.value())
        shown = "" if value is None else f' value="{_text(value)}"'
        control = f'<input type="{_text(widget.input_type)}" name="{name}"{shown}{attrs}>'
    # Help text is not escaped, as forms/field.html and Django's own forms write it: it is
    # our text.
    help_text = (
        f'<div class="help" id="{_text(auto_id)}_helptext">{field.help_text}</div>'
        if field.help_text
        else ""
    )
    # An unbound form has no errors to look up.
    errors = field.errors if field.form.is_bound else None
    label_for = widget.id_for_label(widget.attrs.get("id") or auto_id)
    # Every part above is escaped.
    return mark_safe(
        f'<div class="field{" has-error" if errors else ""}">'
        f'<label for="{_text(label_for)}">{_text(field.label)}</label>'
        f"{control}{help_text}{_text(errors) if errors else ''}</div>"
    )
