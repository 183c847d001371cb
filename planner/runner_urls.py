"""The runner's pages (phone first), and the calendar feed their calendar app reads."""

from __future__ import annotations

from django.urls import URLPattern, path

from planner.views import runner

urlpatterns: list[URLPattern] = [
    path("week/", runner.my_week, name="my_week"),
    path("week/<str:day>/", runner.my_week, name="my_week_of"),
    path("week/sessions/<int:session_id>/done/", runner.log_done, name="log_done"),
    path("week/sessions/<int:session_id>/skipped/", runner.log_skipped, name="log_skipped"),
    path("week/sessions/<int:session_id>/undo/", runner.undo_log, name="undo_log"),
    path("profile/", runner.my_profile, name="my_profile"),
    path("profile/calendar/", runner.reset_calendar_feed, name="reset_calendar_feed"),
    path("calendar/<str:token>.ics", runner.calendar_feed, name="calendar_feed"),
]
