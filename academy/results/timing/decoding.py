"""Bytes of an uploaded timing file to text, or a refusal sentence. Pure Python.

Al Kamel publishes UTF-8 with a byte-order mark; files that went through a spreadsheet or a
hand-made compilation come back as Windows-1252, sometimes mixed line by line with UTF-8
(the real hour-by-hour Le Mans file is: "HÖRR" is one byte on some lines, two on others).
So a file that is not UTF-8 as a whole is read line by line, each line in UTF-8 if it is
valid UTF-8 and in Windows-1252 otherwise, and the encoding says which was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
UTF16 = "utf-16"
CP1252 = "cp1252"
MIXED_UTF8_CP1252 = "utf-8+cp1252"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# What people upload by mistake, by the first bytes of the file.
_NOT_CSV: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .xlsx or .ods spreadsheet is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or Word document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)

# Control characters never found in a CSV text file (tab, line feed and carriage return are).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    # Physical lines read as Windows-1252 in a file whose other lines are UTF-8.
    cp1252_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Refusal:
    reason: str


def size_text(size: int) -> str:
    """A byte count for people: '512 bytes', '3.4 KB', '20.0 MB'."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(size: int, max_bytes: int) -> Refusal | None:
    """Refuse an empty or oversized file before looking at a single byte of it."""
    if size == 0:
        return Refusal("The file is empty.")
    if size > max_bytes:
        shown, limit = size_text(size), size_text(max_bytes)
        if shown == limit:  # "20.0 MB; the largest accepted is 20.0 MB" would puzzle anyone
            shown, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
        return Refusal(f"The file is {shown}; the largest timing file accepted is {limit}.")
    return None


def decode_timing_bytes(data: bytes) -> DecodedText | Refusal:
    """Decode the bytes of a would-be CSV file, or say in one sentence why it is not one."""
    for magic, what in _NOT_CSV:
        if data.startswith(magic):
            return Refusal(f"This is {what}, not a CSV timing file.")
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode text" export: UTF-16 with a byte-order mark.
        try:
            decoded = DecodedText(data.decode("utf-16"), UTF16)
        except UnicodeDecodeError:
            return Refusal("The file starts like UTF-16 text but is not readable as UTF-16.")
    else:
        if b"\x00" in data:
            line = data.count(b"\n", 0, data.index(b"\x00")) + 1
            return Refusal(
                f"The file contains binary data (a NUL byte on line {line}), not CSV text."
            )
        decoded_or_refusal = _decode_8bit(data)
        if isinstance(decoded_or_refusal, Refusal):
            return decoded_or_refusal
        decoded = decoded_or_refusal
    text = decoded.text.removeprefix("\ufeff")
    # A DOS end-of-file mark (Ctrl-Z) at the very end is harmless.
    text = text.removesuffix("\x1a")
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        return Refusal(
            f"The file contains binary data (control character {control.group()!r} on line "
            f"{line}), not CSV text."
        )
    return DecodedText(text, decoded.encoding, decoded.cp1252_lines)


def _decode_8bit(data: bytes) -> DecodedText | Refusal:
    has_bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM) :] if has_bom else data
    try:
        return DecodedText(body.decode(UTF8), UTF8_BOM if has_bom else UTF8)
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    utf8_lines = 0
    cp1252_lines: list[int] = []
    for number, raw_line in enumerate(body.splitlines(keepends=True), start=1):
        if raw_line.isascii():
            parts.append(raw_line.decode("ascii"))
            continue
        try:
            parts.append(raw_line.decode(UTF8))
            utf8_lines += 1
        except UnicodeDecodeError:
            try:
                parts.append(raw_line.decode(CP1252))
            except UnicodeDecodeError:
                return Refusal(f"Line {number} is neither UTF-8 nor Windows-1252 text.")
            cp1252_lines.append(number)
    if utf8_lines or has_bom:
        return DecodedText("".join(parts), MIXED_UTF8_CP1252, tuple(cp1252_lines))
    return DecodedText("".join(parts), CP1252)
