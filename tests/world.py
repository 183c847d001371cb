"""The people every access test needs, and what they could change.

The owner coach with their runner on a published block; a stranger coach; a
stranger runner; an admin. Any module gets one through the ``world`` fixture.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User

from planner.models import (
    BlockChange,
    Recording,
    ScheduledSession,
    Squad,
    SquadMember,
    TrainingBlock,
)
from tests.factories import first_session, make_admin, make_block, make_runner, make_user
from tests.recording_files import gpx_file, run_points


def recorded_run() -> bytes:
    return gpx_file(run_points([(1800.0, 2.8)]))  # half an hour at an easy pace


class World:
    """Coach A's runner with a published block; a stranger coach, a stranger runner, an admin."""

    def __init__(self) -> None:
        self.owner = make_user(username="owner-coach")
        self.runner = make_runner(coach=self.owner, name="Owned Runner")
        self.block = make_block(self.runner, published=True)
        self.session: ScheduledSession = first_session(self.block)
        self.stranger_coach = make_user(username="stranger-coach")
        self.stranger_runner = make_runner(name="Stranger Runner").user
        self.admin = make_admin(username="site-admin")
        self.recording = Recording.objects.store_upload(self.runner, recorded_run(), "run.gpx")
        self.squad = Squad.objects.create(coach=self.owner, name="Tuesday group")
        self.squad.add_member(self.runner)

    def url_kwargs(self, params: Iterable[str]) -> dict[str, Any]:
        """Values for the URL parts a route takes, pointing at the owner's objects."""
        values: dict[str, Any] = {
            "runner_id": self.runner.pk,
            "block_id": self.block.pk,
            "session_id": self.session.pk,
            "recording_id": self.recording.pk,
            "squad_id": self.squad.pk,
            "day": (self.block.start + timedelta(days=2)).isoformat(),
            "file_format": "json",
            "uidb64": "MQ",
            "token": "not-a-real-token",
        }
        wanted = set(params)
        unknown = wanted - values.keys()
        assert not unknown, f"the world does not know how to fill {unknown}"
        return {name: values[name] for name in wanted}

    def state(self) -> tuple[Any, ...]:
        """Everything a refused request must leave as it was."""
        self.block.refresh_from_db()
        return (
            self.block.version,
            self.block.status,
            TrainingBlock.objects.count(),
            list(ScheduledSession.objects.order_by("pk").values_list("pk", "date", "status")),
            BlockChange.objects.count(),
            User.objects.count(),
            list(Recording.objects.values_list("pk", "session_id", "verdict")),
            list(Squad.objects.values_list("pk", "name", "group_days")),
            list(SquadMember.objects.values_list("squad_id", "runner_id")),
        )
