"""From uploaded bytes to one recording and its kind, judged by content, as a stream.

The name of a file is only used to word an error: a PNG called ``run.fit`` is told
that it is not a FIT file, whatever its name says.

What a watch writes is a FIT file, a ``.fit.gz`` or a GPX or TCX file, which a
computer may put in a ZIP: one gzip member, one ZIP of a few entries, a ZIP around a
gzip and nothing deeper. Anything else is refused before it is unpacked. Compressed
layers are unpacked a piece at a time, as the reader asks for them, against a ceiling:
a GPX file is parsed as it inflates and never held whole, so a small upload can
neither unpack into gigabytes nor make the reader wait for what it will refuse.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from itertools import chain
from typing import Literal

from planner.limits import MAX_ZIP_ENTRIES
from planner.runs.recorded import MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, RecordingError

Kind = Literal["fit", "xml"]
Pieces = Iterator[bytes]

_CHUNK = 256 * 1024
# Enough of a file's start to tell its kind (a FIT header, an XML declaration).
_HEAD = 512
_GZIP = b"\x1f\x8b"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_WATCH_PACKINGS = {("gzip",), ("zip",), ("zip", "gzip")}
# The ZIP format's end-of-directory records (APPNOTE 4.3.16, 4.3.14, 4.3.15).
_ZIP_END = b"PK\x05\x06"
_ZIP_END_SIZE = 22
_ZIP_COMMENT_MAX = 65_535
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_ZIP64_END = b"PK\x06\x06"
_ZIP64_END_SIZE = 56
# One directory entry: 46 bytes and a name, with room for a long path and extras.
_ZIP_ENTRY_MAX = 4096
_UTF8_BOM = b"\xef\xbb\xbf"


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _too_big() -> RecordingError:
    return RecordingError(
        "This file unpacks to more than "
        f"{_size_text(MAX_UNPACKED_BYTES)}, far more than any run; it was not read."
    )


def _pieces_of(data: bytes) -> Pieces:
    view = memoryview(data)
    for offset in range(0, len(data), _CHUNK):
        yield bytes(view[offset : offset + _CHUNK])


def _ceiling(pieces: Pieces) -> Pieces:
    """The pieces, refused once more than ``MAX_UNPACKED_BYTES`` have come."""
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_UNPACKED_BYTES:
            raise _too_big()
        yield piece


def _gunzip(packed: Pieces) -> Pieces:
    """The one member of a gzip stream, inflated a piece at a time.

    A stream of several members (which ``gzip`` itself would read one after another)
    is refused: a watch or a phone writes one, and thousands of empty members are a way
    to make a reader work for nothing. Bytes after the one member that start no other
    are ignored, as ``gzip`` ignores trailing garbage.
    """
    inflater = zlib.decompressobj(31)
    try:
        for piece in packed:
            while piece and not inflater.eof:
                # At most a chunk out per call, so a bomb never inflates at once.
                inflated = inflater.decompress(piece, _CHUNK)
                piece = inflater.unconsumed_tail
                if inflated:
                    yield inflated
            if inflater.eof:
                following = inflater.unused_data + next(packed, b"")
                if following.startswith(_GZIP):
                    raise RecordingError(
                        "This gzip file holds several packed parts one after another; a "
                        "watch's .fit.gz holds one. Upload the FIT file itself."
                    )
                return
    except zlib.error as error:
        raise RecordingError("This gzip file is damaged and cannot be unpacked.") from error
    raise RecordingError("This gzip file is cut short; upload the whole file again.")


def _int(data: bytes, start: int, size: int) -> int:
    return int.from_bytes(data[start : start + size], "little")


def _check_zip_directory(data: bytes) -> None:
    """Refuse a ZIP whose directory lists more than a few entries, before it is read.

    The count and size come from the end-of-directory record (or its ZIP64 twin), the
    way ``zipfile`` finds them, so a directory of thousands of entries is never parsed.
    """
    at = data.rfind(_ZIP_END, max(0, len(data) - _ZIP_END_SIZE - _ZIP_COMMENT_MAX))
    if at < 0 or at + _ZIP_END_SIZE > len(data):
        raise RecordingError("This ZIP is damaged and cannot be unpacked.")
    entries = _int(data, at + 10, 2)
    directory_size = _int(data, at + 12, 4)
    locator = at - _ZIP64_LOCATOR_SIZE
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        record = locator - _ZIP64_END_SIZE
        if record < 0 or data[record : record + 4] != _ZIP64_END:
            raise RecordingError("This ZIP is damaged and cannot be unpacked.")
        entries = _int(data, record + 32, 8)
        directory_size = _int(data, record + 40, 8)
    if entries > MAX_ZIP_ENTRIES or directory_size > MAX_ZIP_ENTRIES * _ZIP_ENTRY_MAX:
        listed = (
            f"lists {entries} entries"
            if entries > MAX_ZIP_ENTRIES
            else f"has a directory of {directory_size} bytes"
        )
        raise RecordingError(
            f"This ZIP {listed}; a watch's ZIP holds its one recording "
            f"(at most {MAX_ZIP_ENTRIES} entries, for the hidden files a computer may add). "
            "Upload the recording itself, or a ZIP of just that file."
        )


def _is_wanted_member(info: zipfile.ZipInfo) -> bool:
    name = info.filename.rsplit("/", 1)[-1]
    # Finder and Windows leave these behind in archives; they are never the run.
    return not (
        info.is_dir()
        or info.filename.startswith("__MACOSX/")
        or name.startswith(".")
        or name.lower() in {"thumbs.db", "desktop.ini"}
    )


def _unzip(data: bytes) -> tuple[Pieces, str]:
    """The pieces of the one recording in a ZIP, and its name."""
    _check_zip_directory(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if _is_wanted_member(info)]
    except Exception as error:
        raise _damaged_zip(error) from error
    if not members:
        raise RecordingError("This ZIP holds no recording; put one FIT, GPX or TCX in it.")
    if len(members) > 1:
        raise RecordingError(
            f"This ZIP holds {len(members)} files; upload one recording at a time."
        )
    member = members[0]
    # Deflate is what watches, phones and computers write; bzip2 and LZMA cost many
    # times more to unpack and no watch uses them.
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise RecordingError(
            "This ZIP uses a kind of packing we cannot open; upload the file itself."
        )
    return _member_pieces(archive, member), member.filename


def _member_pieces(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Pieces:
    try:
        with archive, archive.open(member) as stream:
            while piece := stream.read(_CHUNK):
                yield piece
    except RecordingError:
        raise
    except Exception as error:
        raise _damaged_zip(error) from error


def _damaged_zip(error: Exception) -> RecordingError:
    if isinstance(error, RuntimeError):  # zipfile's word for an encrypted member
        return RecordingError("This ZIP is password-protected; upload the file itself.")
    if isinstance(error, zipfile.BadZipFile | zipfile.LargeZipFile | NotImplementedError):
        return RecordingError("This ZIP is damaged or uses a kind of packing we cannot open.")
    # zipfile meets a damaged archive with whatever error the damage trips (IndexError,
    # struct.error, zlib.error...); to the runner they all mean the same thing.
    return RecordingError("This ZIP is damaged and cannot be unpacked.")


def _head(pieces: Pieces) -> tuple[bytes, Pieces]:
    """The first bytes of a stream, and the whole stream again."""
    head = b""
    taken: list[bytes] = []
    for piece in pieces:
        taken.append(piece)
        head += piece[: _HEAD - len(head)]
        if len(head) >= _HEAD:
            break
    return head, chain(taken, pieces)


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


def unpack(data: bytes, filename: str) -> tuple[Kind, Pieces]:
    """The recording inside an upload, as pieces to read in turn, with its kind: ``fit``
    or ``xml`` (GPX or TCX). Unpacking happens as the pieces are read, and any of them
    may raise a :class:`RecordingError`."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RecordingError(
            f"This file is {_size_text(len(data))}; a recording can be at most "
            f"{_size_text(MAX_UPLOAD_BYTES)}."
        )
    if not data:
        raise RecordingError(f"“{filename}” is empty.")
    layers: tuple[str, ...] = ()
    name = filename
    head = data[:_HEAD]
    pieces = _pieces_of(data)
    while True:
        if len(head) >= 12 and head[8:12] == b".FIT":
            return "fit", pieces
        if head.startswith(_GZIP) or head.startswith(_ZIP):
            layer = "gzip" if head.startswith(_GZIP) else "zip"
            layers += (layer,)
            # A watch writes a .fit or a .fit.gz; a computer may put either in a ZIP.
            # Anything packed deeper is not a watch's file.
            if layers not in _WATCH_PACKINGS:
                raise RecordingError(
                    "This file is packed inside too many archives to be a run; upload the "
                    "FIT, GPX or TCX file itself, or a ZIP holding it."
                )
            if layer == "gzip":
                pieces = _ceiling(_gunzip(pieces))
            else:
                # A ZIP is only ever the outermost layer, so it is the upload itself.
                member, name = _unzip(data)
                pieces = _ceiling(member)
            head, pieces = _head(pieces)
            if not head:
                raise RecordingError(f"“{name}” is empty.")
            continue
        if head.removeprefix(_UTF8_BOM).lstrip().startswith(b"<"):
            return "xml", pieces
        raise _unrecognised(name)


def joined(pieces: Pieces, most: int, too_big: str) -> bytes:
    """The pieces as one bytes object, refused with ``too_big`` past ``most`` bytes."""
    taken: list[bytes] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > most:
            raise RecordingError(too_big)
        taken.append(piece)
    return b"".join(taken)
