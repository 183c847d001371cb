"""The coach's pages (desktop): the roster and the block builder."""

from __future__ import annotations

from django.urls import URLPattern, path

from planner.views import blocks, export, roster

urlpatterns: list[URLPattern] = [
    path("coach/", roster.dashboard, name="dashboard"),
    path("coach/runners/new/", roster.runner_new, name="runner_new"),
    path("coach/runners/<int:runner_id>/invite/", roster.runner_invite, name="runner_invite"),
    path("coach/runners/<int:runner_id>/", roster.runner_edit, name="runner_edit"),
    path("invite/<uidb64>/<token>/", roster.accept_invitation, name="accept_invitation"),
    path("coach/runners/<int:runner_id>/blocks/new/", blocks.block_new, name="block_new"),
    path("coach/blocks/<int:block_id>/", blocks.block_detail, name="block_detail"),
    path(
        "coach/blocks/<int:block_id>/sessions/<int:session_id>/",
        blocks.session_edit,
        name="session_edit",
    ),
    path(
        "coach/blocks/<int:block_id>/sessions/<int:session_id>/move/",
        blocks.session_move,
        name="session_move",
    ),
    path(
        "coach/blocks/<int:block_id>/sessions/<int:session_id>/remove/",
        blocks.session_remove,
        name="session_remove",
    ),
    path("coach/blocks/<int:block_id>/days/<str:day>/add/", blocks.session_add, name="session_add"),
    path("coach/blocks/<int:block_id>/publish/", blocks.block_publish, name="block_publish"),
    path("coach/blocks/<int:block_id>/unpublish/", blocks.block_unpublish, name="block_unpublish"),
    path("coach/blocks/<int:block_id>/copy/", blocks.block_copy, name="block_copy"),
    path("coach/blocks/<int:block_id>/paces/", blocks.block_refresh_paces, name="block_paces"),
    path(
        "coach/runners/<int:runner_id>/export.<str:file_format>",
        export.runner_export,
        name="runner_export",
    ),
]
