"""The record of every change to a published block: who, when, what, before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from planner.limits import SUMMARY_LENGTH


class BlockChange(models.Model):
    block = models.ForeignKey(
        "planner.TrainingBlock", on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    summary = models.CharField(max_length=SUMMARY_LENGTH)
    # What the touched session looked like before and after (None when it did not exist).
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(help_text="The block's version after the change.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["block", "-at"], name="change_block_recent")]

    def __str__(self) -> str:
        return f"{self.block}: {self.summary}"
