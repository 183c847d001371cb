"""The watch-file upload: one file, its size checked before a byte of it is read, and
the week page it was sent from (a hidden field, parsed like any other)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.files.uploadedfile import UploadedFile

from planner import limits
from planner.runs import MAX_UPLOAD_BYTES
from planner.weekdays import monday_of

ACCEPTED = ".fit,.gz,.gpx,.tcx,.zip"
TOO_BIG = (
    f"This file is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, larger than any run's "
    "recording; upload the activity file itself."
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Watch file",
        help_text=(
            f"FIT, .fit.gz, GPX or TCX, or a ZIP holding one; up to "
            f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. The run goes to the session on the day "
            "it was run."
        ),
        error_messages={
            "required": "Choose the file your watch recorded.",
            "empty": "This file is empty.",
        },
        widget=forms.FileInput(attrs={"accept": ACCEPTED}),
    )
    # The week page the upload came from, to show again after a refusal.
    week = forms.DateField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The week to go back to is not a date."},
    )

    def clean_week(self) -> date | None:
        week: date | None = self.cleaned_data["week"]
        if week is not None and not limits.is_plausible_day(week):
            raise forms.ValidationError(
                f"The week to go back to must fall between {limits.plausible_range_text()}."
            )
        return week

    def week_shown(self, today: date) -> date:
        """The Monday of the week the upload came from, or of today's when it said none."""
        week = getattr(self, "cleaned_data", {}).get("week")
        return monday_of(week if isinstance(week, date) else today)

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        # The size Django counted while streaming the upload: a large one sits in a
        # temporary file, and is refused here before it is ever read into memory.
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload

    def file_bytes(self) -> tuple[bytes, str]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        return b"".join(upload.chunks()), upload.name or "upload"


class MoveRunForm(forms.Form):
    """Where a recorded run goes: a session id, or empty for an unplanned run. ``was_on``
    is the session it was on when the page was drawn (empty: unplanned)."""

    session = forms.IntegerField(
        label="Move this run to",
        required=False,
        min_value=1,
        error_messages={"invalid": "Choose a session from the list."},
    )
    was_on = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
