"""Reading FIT files in tests with fitdecode, a reader independent of the writer we use.

Every read checks the file's CRCs, so a test that decodes a file has also proved it
whole. Messages come back as plain dicts of field name to decoded value, with
fitdecode's sub-field names ("duration_time", "custom_target_speed_low") and units
(seconds, metres, metres per second, aware datetimes).
"""

from __future__ import annotations

import io
from typing import Any

import fitdecode

FitMessage = dict[str, Any]


def read_fit(data: bytes) -> list[tuple[str, FitMessage]]:
    """Every data message in the file, in order, as (message name, fields)."""
    messages: list[tuple[str, FitMessage]] = []
    with fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    ) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                messages.append((frame.name, {field.name: field.value for field in frame.fields}))
    return messages


def fit_messages(data: bytes, name: str) -> list[FitMessage]:
    """The messages of one kind ("file_id", "workout", "workout_step"), in order."""
    return [fields for message_name, fields in read_fit(data) if message_name == name]


def fit_is_intact(data: bytes) -> bool:
    """Whether fitdecode reads the file to its end with every CRC matching.

    fitdecode parses as it reads and checks the CRC last, so damage to a size or a
    definition can make it fail in other ways first (struct.error, ValueError,
    TypeError); any failure counts as refusing the file.
    """
    try:
        read_fit(data)
    except Exception:
        return False
    return True
