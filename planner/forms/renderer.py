"""One way to draw a form field: every `{{ form.x.as_field_group }}` uses forms/field.html."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FieldRenderer(TemplatesSetting):
    """Form templates come from the project's template settings ("django.forms" is installed,
    so Django's own widget templates are found there too), and fields use ours."""

    field_template_name = "forms/field.html"
