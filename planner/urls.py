"""The planner's pages: the front door, the coach's builder, the runner's week."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from planner import coach_urls, runner_urls
from planner.views import home

app_name = "planner"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    *coach_urls.urlpatterns,
    *runner_urls.urlpatterns,
]
