"""Driver photos as uploaded: checked by their content, re-encoded, never trusted.

The file name and the browser's content type are ignored: Pillow must open and verify the
bytes as a JPEG, PNG or WebP image of a sane size. What is stored is a fresh JPEG, at most
STORED_EDGE_PX on its long side, without the upload's metadata (EXIF, GPS, ...), so the photo
served back and printed is always one we encoded ourselves.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_PIXELS = 50_000_000  # more than any camera; refuses decompression bombs
MIN_EDGE_PX = 64
STORED_EDGE_PX = 1200
STORED_CONTENT_TYPE = "image/jpeg"


class PhotoRejected(ValueError):
    """str() says, for the person uploading, why the file cannot be used."""


@dataclass(frozen=True)
class StoredPhoto:
    jpeg: bytes
    width: int
    height: int
    source_format: str


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def prepare_upload(data: bytes) -> StoredPhoto:
    """The photo to store, or PhotoRejected with the reason."""
    if not data:
        raise PhotoRejected("The file is empty. Choose a JPEG, PNG or WebP photo.")
    check_upload_size(len(data))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                source_format = probe.format or ""
                if source_format not in ALLOWED_FORMATS:
                    raise PhotoRejected(
                        f"This is a {source_format or 'file of unknown type'}, not a photo we "
                        "accept: upload a JPEG, PNG or WebP image."
                    )
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoRejected("The image has too many pixels to print; scale it down.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                image: Image.Image = ImageOps.exif_transpose(opened)
                if min(image.size) < MIN_EDGE_PX:
                    raise PhotoRejected(
                        f"The image is {image.width}×{image.height} pixels: too small to print. "
                        f"Use at least {MIN_EDGE_PX} pixels on each side."
                    )
                image = _flatten(image)
                image.thumbnail((STORED_EDGE_PX, STORED_EDGE_PX))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
    except PhotoRejected:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise PhotoRejected("The image has too many pixels to print; scale it down.") from error
    # Pillow raises many types on damaged or hostile files (OSError, SyntaxError,
    # struct.error, ...): every one of them means "not a readable image".
    except Exception as error:
        raise PhotoRejected(
            "The file could not be read as an image (it may be damaged or not a photo). "
            "Upload a JPEG, PNG or WebP photo."
        ) from error
    return StoredPhoto(out.getvalue(), image.width, image.height, ALLOWED_FORMATS[source_format])


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: a transparent PNG would otherwise turn black in a JPEG."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def check_upload_size(size: int) -> None:
    """Refuse a file over the limit before reading it (PhotoRejected with the reason)."""
    if size > MAX_UPLOAD_BYTES:
        raise PhotoRejected(
            f"The photo is {_megabytes(size)}; the limit is {_megabytes(MAX_UPLOAD_BYTES)}. "
            "Export it smaller (a 1200-pixel portrait is plenty) and upload it again."
        )
