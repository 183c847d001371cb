"""Judge every stored recording again from its original file, with today's rules."""

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
                rows = Recording.objects.select_for_update().select_related("runner")
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
                changed += recording.verdict != before
        self.stdout.write(
            f"Judged {judged} recording(s) again: {changed} verdict(s) changed, "
            f"{refused} could not be read."
        )
