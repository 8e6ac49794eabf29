"""Driver photos: validated with Pillow before they reach a PDF.

A photo is untrusted bytes from an upload. It is decoded with a pixel limit,
downscaled to what a printed page needs and re-encoded as JPEG, so a corrupt
or huge file yields a note in the dossier instead of a failed build.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, ImageOps

MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 60_000_000  # larger than any camera we expect; stops decompression bombs
TARGET_EDGE_PX = 600  # 2 inches at 300 dpi is all the cover prints
# Prepared photos kept per worker, by the SHA-256 of the upload (a photo is decoded and
# re-encoded once, not for every dossier of the driver).
PHOTOS_KEPT = 32


@dataclass(frozen=True)
class PreparedPhoto:
    jpeg: bytes | None
    width: int
    height: int
    note: str  # why there is no photo, or that it was reduced; "" if used as is


_prepared: OrderedDict[bytes, PreparedPhoto] = OrderedDict()
_prepared_lock = threading.Lock()


def prepare_photo(data: bytes | None) -> PreparedPhoto:
    """The photo as the cover prints it, or a note saying why there is none."""
    if not data:
        return PreparedPhoto(None, 0, 0, "")
    key = hashlib.sha256(data).digest()
    with _prepared_lock:
        if key in _prepared:
            _prepared.move_to_end(key)
            return _prepared[key]
    photo = _prepare(data)
    with _prepared_lock:
        _prepared[key] = photo
        while len(_prepared) > PHOTOS_KEPT:
            _prepared.popitem(last=False)
    return photo


def _prepare(data: bytes) -> PreparedPhoto:
    if len(data) > MAX_PHOTO_BYTES:
        return PreparedPhoto(None, 0, 0, "Photo omitted: file larger than 25 MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    return PreparedPhoto(None, 0, 0, "Photo omitted: image too large to print.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.draft("RGB", (TARGET_EDGE_PX * 2, TARGET_EDGE_PX * 2))
                image = ImageOps.exif_transpose(opened).convert("RGB")
                reduced = max(image.size) > TARGET_EDGE_PX
                image.thumbnail((TARGET_EDGE_PX, TARGET_EDGE_PX))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return PreparedPhoto(None, 0, 0, "Photo omitted: image too large to print.")
    # Pillow's decoders raise many types on hostile input (struct.error,
    # IndexError, ...); any of them means "not a printable photo", never a 500.
    except Exception:
        return PreparedPhoto(None, 0, 0, "Photo omitted: the file is not a readable image.")
    note = "Photo reduced for print." if reduced and len(data) > 2 * 1024 * 1024 else ""
    return PreparedPhoto(out.getvalue(), image.width, image.height, note)
