from __future__ import annotations

from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Fast Finish planner"
    default_auto_field = "django.db.models.BigAutoField"
