"""The planner's pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "planner"

urlpatterns: list[URLPattern | URLResolver] = []
