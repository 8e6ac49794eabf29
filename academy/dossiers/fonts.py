"""Fonts for the dossiers: discovery, registration and per-script fallback.

reportlab embeds TrueType-outline fonts only; the Noto CJK fonts Debian ships
(fonts-noto-cjk) are CFF-outline OpenType collections, which reportlab refuses
("postscript outlines are not supported"). So each script gets a TrueType
font from a Debian package, and every text is cut into runs, each run set in
the first font of the chain that has its glyphs:

    Latin, Greek, Cyrillic  Noto Sans            fonts-noto-core
    symbols                 DejaVu Sans          fonts-dejavu-core
    Thai                    Noto Sans Thai       fonts-noto-core
    Chinese, Japanese       Droid Sans Fallback  fonts-droid-fallback
    Korean (Hangul)         Droid Sans Fallback  fonts-droid-fallback

A missing file fails with the Debian package that provides it.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR_ENV = "ACADEMY_FONT_DIR"


class FontMissingError(RuntimeError):
    """A font file the dossiers need is not installed."""


@dataclass(frozen=True)
class FontSpec:
    name: str
    filenames: tuple[str, ...]  # candidate paths, first found wins
    debian_package: str


_FALLBACK_REGULAR: tuple[FontSpec, ...] = (
    FontSpec(
        "DossierSans",
        ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",),
        "fonts-noto-core",
    ),
    FontSpec(
        "DossierSymbols",
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",),
        "fonts-dejavu-core",
    ),
    FontSpec(
        "DossierThai",
        ("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",),
        "fonts-noto-core",
    ),
    FontSpec(
        "DossierCJK",
        ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",),
        "fonts-droid-fallback",
    ),
    # The "Full" Droid font lacks Hangul; the plain one has it.
    FontSpec(
        "DossierHangul",
        ("/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",),
        "fonts-droid-fallback",
    ),
)

_BOLD_FILES: dict[str, FontSpec] = {
    "DossierSans": FontSpec(
        "DossierSans-Bold",
        ("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",),
        "fonts-noto-core",
    ),
    "DossierSymbols": FontSpec(
        "DossierSymbols-Bold",
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",),
        "fonts-dejavu-core",
    ),
    "DossierThai": FontSpec(
        "DossierThai-Bold",
        ("/usr/share/fonts/truetype/noto/NotoSansThai-Bold.ttf",),
        "fonts-noto-core",
    ),
}

BASE_FONT = "DossierSans"
BASE_FONT_BOLD = "DossierSans-Bold"
ITALIC_FONT = "DossierSans-Italic"

DEBIAN_PACKAGES: tuple[str, ...] = (
    "fonts-noto-core",
    "fonts-dejavu-core",
    "fonts-droid-fallback",
)

_lock = threading.Lock()
_registered = False
_chain: list[tuple[str, str, frozenset[int] | dict[int, int]]] = []  # (regular, bold, cmap)
_char_font: dict[str, tuple[str, str]] = {}


def _locate(spec: FontSpec) -> str:
    override = os.environ.get(FONT_DIR_ENV)
    candidates = list(spec.filenames)
    if override:
        candidates = [str(Path(override) / Path(f).name) for f in spec.filenames] + candidates
    for candidate in candidates:
        if Path(candidate).is_file():
            return candidate
    raise FontMissingError(
        f"Font for {spec.name!r} not found (looked at {', '.join(candidates)}). "
        f"Install the Debian package {spec.debian_package!r}: "
        f"apt-get install -y {spec.debian_package}"
    )


def register_fonts() -> None:
    """Register every dossier font once per process (thread-safe, idempotent)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for spec in _FALLBACK_REGULAR:
            font = TTFont(spec.name, _locate(spec))
            pdfmetrics.registerFont(font)
            bold_spec = _BOLD_FILES.get(spec.name)
            bold_name = spec.name
            if bold_spec is not None:
                pdfmetrics.registerFont(TTFont(bold_spec.name, _locate(bold_spec)))
                bold_name = bold_spec.name
            _chain.append((spec.name, bold_name, font.face.charToGlyph))
        italic = FontSpec(
            ITALIC_FONT,
            ("/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",),
            "fonts-noto-core",
        )
        pdfmetrics.registerFont(TTFont(italic.name, _locate(italic)))
        addMapping(BASE_FONT, 0, 0, BASE_FONT)
        addMapping(BASE_FONT, 1, 0, BASE_FONT_BOLD)
        addMapping(BASE_FONT, 0, 1, ITALIC_FONT)
        addMapping(BASE_FONT, 1, 1, BASE_FONT_BOLD)
        _registered = True


def _font_for(char: str) -> tuple[str, str]:
    cached = _char_font.get(char)
    if cached is not None:
        return cached
    code = ord(char)
    chosen = (_chain[0][0], _chain[0][1])
    for regular, bold, cmap in _chain:
        if code in cmap:
            chosen = (regular, bold)
            break
    _char_font[char] = chosen
    return chosen


def clean_text(text: str) -> str:
    """Drop what no PDF text can hold: control characters and lone surrogates.

    Line breaks and tabs become spaces so a note typed on several lines
    still reads as one paragraph.
    """
    out: list[str] = []
    for char in text:
        if char in "\r\n\t":
            out.append(" ")
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn"):
            continue
        out.append(char)
    return "".join(out)


def covered(text: str) -> bool:
    """True when every character of ``text`` is covered by some dossier font."""
    register_fonts()
    for char in text:
        code = ord(char)
        if char == " ":
            continue
        if not any(code in cmap for _, _, cmap in _chain):
            return False
    return True


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Cut ``text`` into (font name, text) runs, one font per run."""
    register_fonts()
    result: list[tuple[str, str]] = []
    current_font = ""
    buffer: list[str] = []
    for char in text:
        if char == " " and current_font:
            buffer.append(char)  # spaces stay in the run they are in
            continue
        regular, bold_name = _font_for(char)
        font = bold_name if bold else regular
        if font != current_font and buffer:
            result.append((current_font, "".join(buffer)))
            buffer = []
        current_font = font
        buffer.append(char)
    if buffer:
        result.append((current_font or (BASE_FONT_BOLD if bold else BASE_FONT), "".join(buffer)))
    return result


def needs_fallback(text: str) -> bool:
    """True when ``text`` holds a character the base Latin font lacks."""
    register_fonts()
    base_cmap = _chain[0][2]
    return any(ord(c) not in base_cmap for c in text if c != " ")


def markup(text: str, bold: bool = False) -> str:
    """Paragraph markup for user text: escaped, each script in its font.

    The only way user text reaches a Paragraph: the text is escaped first, so
    ``Smith & <Sons>`` or ``<font>`` print as typed.
    """
    text = clean_text(text)
    base = BASE_FONT_BOLD if bold else BASE_FONT
    parts: list[str] = []
    for font, chunk in runs(text, bold=bold):
        if font == base:
            parts.append(escape(chunk))
        else:
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
    joined = "".join(parts)
    return f"<b>{joined}</b>" if bold else joined


def string_width(text: str, size: float, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs(text, bold))


def draw_text(canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> float:
    """Draw ``text`` on a canvas with per-script fonts; return the width drawn."""
    start = x
    for font, chunk in runs(clean_text(text), bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)
    return x - start


def fit_text(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """Shorten ``text`` with an ellipsis so it fits on one line of ``max_width``."""
    text = clean_text(text)
    if string_width(text, size, bold) <= max_width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if string_width(text[:middle] + "…", size, bold) <= max_width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"
