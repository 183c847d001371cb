"""The planner's addresses, by audience: the front door, the coach's roster and blocks,
the runner's week, profile and runs, the watch files and the calendar feed."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, register_converter

from planner.converters import DayConverter, IdConverter
from planner.views import (
    blocks,
    export,
    feed,
    home,
    profile,
    recordings,
    roster,
    squads,
    watch,
    week,
)

register_converter(IdConverter, "id")
register_converter(DayConverter, "day")

app_name = "planner"

_session_urls: list[URLPattern] = [
    path("", blocks.session_edit, name="session_edit"),
    path("move/", blocks.session_move, name="session_move"),
    path("remove/", blocks.session_remove, name="session_remove"),
    path("watch.fit", watch.coach_session_file, name="coach_session_watch_file"),
]

# The runs a coach files for a runner of the block.
_block_run_urls: list[URLPattern] = [
    path("upload/", recordings.coach_upload_run, name="coach_upload_run"),
    path("<id:recording_id>/move/", recordings.coach_move_run, name="coach_move_run"),
]

_block_urls: list[URLPattern | URLResolver] = [
    path("", blocks.block_detail, name="block_detail"),
    path("sessions/<id:session_id>/", include(_session_urls)),
    path("days/<day:day>/add/", blocks.session_add, name="session_add"),
    path("publish/", blocks.block_publish, name="block_publish"),
    path("unpublish/", blocks.block_unpublish, name="block_unpublish"),
    path("copy/", blocks.block_copy, name="block_copy"),
    path("paces/", blocks.block_refresh_paces, name="block_paces"),
    path("runs/", include(_block_run_urls)),
]

_runner_urls: list[URLPattern] = [
    path("", roster.runner_edit, name="runner_edit"),
    path("blocks/", roster.runner_blocks, name="runner_blocks"),
    path("invite/", roster.runner_invite, name="runner_invite"),
    path("blocks/new/", blocks.block_new, name="block_new"),
    path("export.<str:file_format>", export.runner_export, name="runner_export"),
]

# A squad's week, and what the coach does to it.
_squad_week_urls: list[URLPattern] = [
    path("", squads.squad_week, name="squad_week_of"),
    path("publish/", squads.squad_publish, name="squad_publish"),
    path("group-day/", squads.squad_group_day, name="squad_group_day"),
    path("copy/", squads.squad_copy, name="squad_copy"),
    path("export.<str:file_format>", squads.squad_export, name="squad_export"),
]

_squad_urls: list[URLPattern | URLResolver] = [
    path("", squads.squad_week, name="squad_week"),
    path("<day:day>/", include(_squad_week_urls)),
    path("members/", squads.squad_members, name="squad_members"),
    path("members/remove/", squads.squad_member_remove, name="squad_member_remove"),
    path("plan/", squads.squad_plan, name="squad_plan"),
]

# The coach's pages (desktop): the roster and the block builder.
_coach_urls: list[URLPattern | URLResolver] = [
    path("", roster.dashboard, name="dashboard"),
    path("runners/new/", roster.runner_new, name="runner_new"),
    path("runners/<id:runner_id>/", include(_runner_urls)),
    path("blocks/<id:block_id>/", include(_block_urls)),
    path("squads/", squads.squad_list, name="squad_list"),
    path("squads/<id:squad_id>/", include(_squad_urls)),
]

# The runner's pages (phone first): a week, its sessions and the runs recorded.
_week_of_urls: list[URLPattern] = [
    path("", week.my_week, name="my_week_of"),
    path("watch.zip", watch.runner_week_file, name="week_watch_file"),
]

_runner_session_urls: list[URLPattern] = [
    path("", recordings.session_page, name="session_page"),
    path("done/", week.log_done, name="log_done"),
    path("skipped/", week.log_skipped, name="log_skipped"),
    path("undo/", week.undo_log, name="undo_log"),
    path("watch.fit", watch.runner_session_file, name="session_watch_file"),
]

_run_urls: list[URLPattern] = [
    path("", recordings.run_page, name="run_page"),
    path("delete/", recordings.delete_run, name="delete_run"),
    path("move/", recordings.move_run, name="move_run"),
]

_week_urls: list[URLPattern | URLResolver] = [
    path("", week.my_week, name="my_week"),
    path("<day:day>/", include(_week_of_urls)),
    path("sessions/<id:session_id>/", include(_runner_session_urls)),
    path("runs/upload/", recordings.upload_run, name="upload_run"),
    path("runs/<id:recording_id>/", include(_run_urls)),
]

_profile_urls: list[URLPattern] = [
    path("", profile.my_profile, name="my_profile"),
    path("calendar/", profile.reset_calendar_feed, name="reset_calendar_feed"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("coach/", include(_coach_urls)),
    path("week/", include(_week_urls)),
    path("profile/", include(_profile_urls)),
    path("invite/<uidb64>/<token>/", roster.accept_invitation, name="accept_invitation"),
    # The calendar app reads this with the secret in the address, never signed in.
    path("calendar/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
    path(
        "calendar/<str:token>/sessions/<id:session_id>.fit",
        watch.feed_session_file,
        name="feed_session_watch_file",
    ),
]
