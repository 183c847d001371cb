"""Hostile uploads built by the tests: each is small as sent and costly as naively read.

Where the attack is about inflation the file is built gzip-compressed a piece at a
time, so the test process never holds what the file would unpack to. Each builder
says what the naive reader used to do with it (issue 16's figures).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from planner.runs.fit_reader import fit_crc
from tests.recording_files import START

GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1">'
    "<trk><type>running</type><trkseg>"
)
GPX_TAIL = "</trkseg></trk></gpx>"


def gzip_pieces(pieces: Iterator[str]) -> bytes:
    """One gzip member of the concatenated pieces, compressed as they come."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    packed = [packer.compress(piece.encode()) for piece in pieces]
    return b"".join(packed) + packer.flush()


def _repeated(text: str, count: int, batch: int = 10_000) -> Iterator[str]:
    whole, rest = divmod(count, batch)
    block = text * batch
    for _ in range(whole):
        yield block
    yield text * rest


def gpx_points_without_times(count: int) -> bytes:
    """Gzipped GPX of ``count`` points with no time (2.6 M of them: 2.3 GB before)."""
    return gzip_pieces(iter([GPX_HEAD, *_repeated('<trkpt lat="0" lon="0"/>', count), GPX_TAIL]))


def _timed_points(count: int) -> Iterator[str]:
    for first in range(0, count, 10_000):
        yield "".join(
            f'<trkpt lat="51.5" lon="-0.12"><time>'
            f"{(START + dt.timedelta(seconds=n)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
            "</time></trkpt>"
            for n in range(first, min(count, first + 10_000))
        )


def gpx_timed_points(count: int, *, packed: bool = True) -> bytes:
    """GPX of ``count`` points a second apart (880 k gzipped: 1.7 GB before; 300 k plain,
    22.5 MB: 627 MB and 15 s before)."""
    pieces = iter([GPX_HEAD, *_timed_points(count), GPX_TAIL])
    if packed:
        return gzip_pieces(pieces)
    return "".join(pieces).encode()


def deep_xml(depth: int) -> bytes:
    """Gzipped GPX nesting ``depth`` elements (1 M deep: 501 MB before)."""
    return gzip_pieces(
        iter(["<gpx>", *_repeated("<a>", depth), *_repeated("</a>", depth), "</gpx>"])
    )


def many_elements(count: int) -> bytes:
    """Gzipped GPX of ``count`` empty elements that are not points."""
    return gzip_pieces(iter([GPX_HEAD, *_repeated("<a/>", count), GPX_TAIL]))


def many_gzip_members(real: bytes, size: int) -> bytes:
    """A real .fit.gz followed by empty gzip members up to ``size`` bytes (5 MB: 30 s of
    CPU before, the remaining data copied once per member)."""
    empty = gzip.compress(b"")
    return gzip.compress(real) + empty * (size // len(empty))


def zip_of_many(real: bytes, name: str, entries: int) -> bytes:
    """A ZIP of one real file and ``entries - 1`` empty ones (10,000: 3.4 s and 197 MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(name, real)
        for n in range(entries - 1):
            archive.writestr(f"__MACOSX/._{n}", b"")
    return buffer.getvalue()


def zip_in_zip(real: bytes, name: str, depth: int) -> bytes:
    data = real
    for _ in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data = buffer.getvalue()
        name = "inner.zip"
    return data


def fit_of_messages(
    count: int, *, fields: int = 10, field_size: int = 1, global_number: int = 0xFF00
) -> bytes:
    """A FIT file with valid checksums of ``count`` messages of one made-up kind."""
    definition = (
        bytes([0x40, 0, 0])
        + struct.pack("<H", global_number)
        + bytes([fields])
        + b"".join(bytes([number, field_size, 0x0D]) for number in range(fields))
    )
    records = definition + (b"\x00" + bytes(fields * field_size)) * count
    body = struct.pack("<BBHI4s", 12, 0x10, 2093, len(records), b".FIT") + records
    return body + struct.pack("<H", fit_crc(body))


def gpx_with_a_long_token(token: str, megabytes: int) -> bytes:
    """Gzipped GPX whose one attribute (``token="attribute"``) or comment is megabytes
    long: expat 2.5 scans an unfinished token again with every piece that arrives."""
    opening = '<trkpt lat="' if token == "attribute" else "<!--"
    closing = '" lon="0"/>' if token == "attribute" else "-->"
    return gzip_pieces(
        iter([GPX_HEAD, opening, *_repeated("1" * 1024, megabytes * 1024, 1024), closing, GPX_TAIL])
    )
