"""One way to draw a form field: every `{{ form.x.as_field_group }}` uses forms/field.html."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.template.exceptions import TemplateDoesNotExist


class FieldRenderer(TemplatesSetting):
    """Project templates first, so forms/field.html (or any override) wins.

    Django's own widget and error-list templates live in django/forms/templates, which
    the project's loaders only find with "django.forms" in INSTALLED_APPS; falling back
    to Django's built-in engine finds them without that.
    """

    field_template_name = "forms/field.html"

    @cached_property
    def _django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_templates.get_template(template_name)
