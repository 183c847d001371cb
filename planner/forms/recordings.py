"""The watch-file upload: one file, its size checked before a byte of it is read."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from planner.recordings import MAX_UPLOAD_BYTES

ACCEPTED = ".fit,.gz,.gpx,.tcx,.zip"
TOO_BIG = (
    f"This file is over {MAX_UPLOAD_BYTES // (1024 * 1024)} MB, larger than any run's "
    "recording; upload the activity file itself."
)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Watch file",
        help_text="FIT, .fit.gz, GPX or TCX, or a ZIP holding one; up to 25 MB.",
        error_messages={
            "required": "Choose the file your watch recorded.",
            "empty": "This file is empty.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )

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
