"""From uploaded bytes to one recording's bytes and its kind, judged by content.

The name of a file is only used to word an error: a PNG called ``run.fit`` is told
that it is not a FIT file, whatever its name says. Compressed layers are read in
chunks against a ceiling, so a small upload cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Literal

from planner.recordings.model import MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, RecordingError

Kind = Literal["fit", "xml"]

_CHUNK = 1024 * 1024
_GZIP = b"\x1f\x8b"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_UTF8_BOM = b"\xef\xbb\xbf"


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _too_big() -> RecordingError:
    return RecordingError(
        "This file unpacks to more than "
        f"{_size_text(MAX_UNPACKED_BYTES)}, far more than any run; it was not read."
    )


def _gunzip(data: bytes) -> bytes:
    # wbits 47 reads a gzip or zlib header; several concatenated gzip members are
    # read one after another, as gzip itself would.
    unpacked = bytearray()
    rest = data
    try:
        while rest:
            inflater = zlib.decompressobj(47)
            pending = rest
            while pending and not inflater.eof:
                unpacked += inflater.decompress(pending, _CHUNK)
                if len(unpacked) > MAX_UNPACKED_BYTES:
                    raise _too_big()
                pending = inflater.unconsumed_tail
            if not inflater.eof:
                raise RecordingError("This gzip file is cut short; upload the whole file again.")
            rest = inflater.unused_data
            if rest and not rest.startswith(_GZIP):
                break
    except zlib.error as error:
        raise RecordingError("This gzip file is damaged and cannot be unpacked.") from error
    return bytes(unpacked)


def _is_wanted_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename.rsplit("/", 1)[-1]
    # Finder and Windows leave these behind in archives; they are never the run.
    return not (
        info.is_dir()
        or info.filename.startswith("__MACOSX/")
        or name.startswith(".")
        or name.lower() in {"thumbs.db", "desktop.ini"}
    )


def _unzip(data: bytes) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if _is_wanted_member(info)]
            if not members:
                raise RecordingError("This ZIP holds no recording; put one FIT, GPX or TCX in it.")
            if len(members) > 1:
                raise RecordingError(
                    f"This ZIP holds {len(members)} files; upload one recording at a time."
                )
            member = members[0]
            unpacked = bytearray()
            # Read against the ceiling rather than trusting the size the archive states.
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    unpacked += chunk
                    if len(unpacked) > MAX_UNPACKED_BYTES:
                        raise _too_big()
            return bytes(unpacked), member.filename
    except RecordingError:
        raise
    except RuntimeError as error:  # zipfile's word for an encrypted member
        raise RecordingError("This ZIP is password-protected; upload the file itself.") from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
        raise RecordingError("This ZIP is damaged or uses a kind of packing we cannot open.") from (
            error
        )
    # zipfile meets a damaged archive with whatever error the damage trips (IndexError,
    # struct.error, zlib.error...); to the runner they all mean the same thing.
    except Exception as error:
        raise RecordingError("This ZIP is damaged and cannot be unpacked.") from error


def _claimed_kind(filename: str) -> str | None:
    name = filename.lower()
    for suffix in (".fit.gz", ".fit", ".gpx", ".tcx", ".zip", ".gz"):
        if name.endswith(suffix):
            return suffix
    return None


def _unrecognised(filename: str) -> RecordingError:
    claimed = _claimed_kind(filename)
    said = f" Its name ends in {claimed}, but its content is something else." if claimed else ""
    return RecordingError(
        f"“{filename}” is not a FIT, GPX or TCX recording, or a ZIP holding one.{said}"
    )


def unpack(data: bytes, filename: str) -> tuple[Kind, bytes]:
    """The recording inside an upload, with its kind: ``fit`` or ``xml`` (GPX or TCX)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RecordingError(
            f"This file is {_size_text(len(data))}; a recording can be at most "
            f"{_size_text(MAX_UPLOAD_BYTES)}."
        )
    if not data:
        raise RecordingError(f"“{filename}” is empty.")
    layers = 0
    name = filename
    while True:
        if len(data) >= 12 and data[8:12] == b".FIT":
            return "fit", data
        if data.startswith(_GZIP) or data.startswith(_ZIP):
            layers += 1
            # A ZIP with a .fit.gz inside is plausible; deeper nesting is not a watch.
            if layers > 2:
                raise RecordingError("This file is packed inside too many archives to be a run.")
            if data.startswith(_GZIP):
                data = _gunzip(data)
            else:
                data, name = _unzip(data)
            continue
        head = data[:512].removeprefix(_UTF8_BOM).lstrip()
        if head.startswith(b"<"):
            return "xml", data
        raise _unrecognised(name)
