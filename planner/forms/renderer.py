"""One way to draw a form field: every ``{{ form.x.as_field_group }}`` uses
forms/field.html; ``compact_field`` draws the same markup in Python for the forms a page
repeats or draws on every view (the week's log forms, up to seven a page; the block
page's editor and copy forms), where Django's widget templates would cost more than the
rest of the page (docs/decisions.md, "One way to draw a field")."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe


class FieldRenderer(TemplatesSetting):
    """Form templates come from the project's template settings ("django.forms" is installed,
    so Django's own widget templates are found there too), and fields use ours."""

    field_template_name = "forms/field.html"


def _attributes(attrs: dict[str, Any]) -> SafeString:
    # In the widget's order, as django/forms/widgets/attrs.html writes them: True bare,
    # False and None left out.
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False and value is not None
        ),
    )


def _select(field: forms.BoundField, widget: forms.Select, attrs: SafeString) -> SafeString:
    """A one-choice ``<select>`` as django/forms/widgets/select.html writes it: the first
    option whose value is the field's selected, every value and label escaped. Written
    with ``html.escape`` (what Django's escape does) rather than ``format_html`` per
    option: a coach's runner list may have hundreds."""
    chosen = set(widget.format_value(field.value()))
    options = []
    for value, label in widget.choices:
        if isinstance(label, list | tuple):
            raise TypeError(f"{field.name}: draw grouped choices with as_field_group.")
        selected = " selected" if str(value) in chosen else ""
        chosen = set() if selected else chosen
        words = label if isinstance(label, SafeData) else escape(str(label))
        options.append(f'<option value="{escape(str(value))}"{selected}>{words}</option>')
    return format_html(
        '<select name="{}"{}>{}</select>', field.html_name, attrs, mark_safe("".join(options))
    )


def compact_field(field: forms.BoundField) -> SafeString:
    """forms/field.html's markup for an input, textarea or one-choice select, without a
    template.

    The control's attributes are the ones Django's widget would write: the widget's own
    (the bounds its form field put there: min, max, step, maxlength), ``required``, and
    ``aria-invalid`` and ``aria-describedby`` pointing at the help text and the errors.
    A select's options are the field's choices (a page may hand over plain values).
    """
    widget = field.field.widget
    if isinstance(widget, forms.SelectMultiple | forms.FileInput) or not isinstance(
        widget, Input | forms.Textarea | forms.Select
    ):
        raise TypeError(f"{field.name}: draw a {type(widget).__name__} with as_field_group.")
    added = field.build_widget_attrs({})
    added.setdefault("id", field.auto_id)
    attrs = _attributes({**widget.attrs, **added})
    if isinstance(widget, forms.Select):
        control = _select(field, widget, attrs)
    elif isinstance(widget, forms.Textarea):
        value = widget.format_value(field.value())
        control = format_html(
            '<textarea name="{}"{}>\n{}</textarea>', field.html_name, attrs, value or ""
        )
    else:
        value = widget.format_value(field.value())
        shown = "" if value is None else format_html(' value="{}"', value)
        control = format_html(
            '<input type="{}" name="{}"{}{}>', widget.input_type, field.html_name, shown, attrs
        )
    help_text = (
        # Not escaped, as forms/field.html and Django's own forms write it: it is our text.
        format_html(
            '<div class="help" id="{}_helptext">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),
        )
        if field.help_text
        else ""
    )
    return format_html(
        '<div class="field{}"><label for="{}">{}</label>{}{}{}</div>',
        " has-error" if field.errors else "",
        field.id_for_label,
        field.label,
        control,
        help_text,
        field.errors or "",
    )
