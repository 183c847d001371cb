"""Judge every stored recording again from its original file, with today's rules.

Prints each verdict that changed (recording, runner, day, old → new) and a count, so
whoever deploys new judging rules sees what they changed. Run it after ``migrate``
whenever the judging rules change: a judgement stored under older rules is read as
not yet judged (``Recording.judged()`` is None) until then.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from planner.models import Recording
from planner.runs import RecordingError


class Command(BaseCommand):
    help = "Re-read every stored original and judge it again; one transaction per recording."

    def handle(self, *args: Any, **options: Any) -> None:
        judged = changed = refused = 0
        ids = list(Recording.objects.order_by("pk").values_list("pk", flat=True))
        for pk in ids:
            # One at a time: a failure keeps every run judged before it, and the
            # originals are never all in memory at once.
            with transaction.atomic():
                rows = Recording.objects.select_for_update(of=("self",)).select_related(
                    "runner", "session"
                )
                recording = rows.filter(pk=pk).first()
                if recording is None:
                    continue  # deleted since the list was read
                before = recording.verdict
                try:
                    recording.rejudge()
                except RecordingError as refusal:
                    refused += 1
                    self.stderr.write(f"Recording {pk} can no longer be read: {refusal}")
                    continue
                judged += 1
                if recording.verdict != before:
                    changed += 1
                    self.stdout.write(
                        f"Recording {pk} ({recording.runner}, {recording.day}): "
                        f"{before or 'unplanned'} → {recording.verdict or 'unplanned'}"
                    )
        self.stdout.write(
            f"Judged {judged} recording(s) again: {changed} verdict(s) changed, "
            f"{refused} could not be read."
        )
