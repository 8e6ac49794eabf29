"""Fonts for the dossiers: discovery, registration and per-script fallback.

reportlab embeds TrueType-outline fonts only; the Noto CJK fonts Debian ships
(fonts-noto-cjk) are CFF-outline OpenType collections, which reportlab refuses
("postscript outlines are not supported"). So each script gets a TrueType
font from a Debian package, and every text is cut into runs, each run set in
the first font of the chain that has its glyphs:

    Latin, Greek, Cyrillic  Noto Sans                 fonts-noto-core
    symbols                 DejaVu Sans               fonts-dejavu-core
    Thai                    Noto Sans Thai            fonts-noto-core
    Tamil                   Noto Sans Tamil           fonts-noto-core
    Devanagari              Noto Sans Devanagari      fonts-noto-core
    Chinese, Japanese       Droid Sans Fallback Full  fonts-droid-fallback
    Korean (Hangul)         Droid Sans Fallback       fonts-droid-fallback

(The "Full" Droid file has 6,500 more ideographs but no Hangul.) A missing
file fails with FontMissingError naming the Debian package that provides it;
``ACADEMY_FONT_DIR`` points at a folder holding the same file names instead.
Chart labels cannot switch fonts inside a string: ``single_font`` picks the
one font that draws most of a label.

Thai, Tamil and Devanagari need shaping (conjuncts, vowel signs placed around
their consonant, stacked tone marks): reportlab shapes with HarfBuzz when
``uharfbuzz`` is installed (a pinned dependency). Paragraphs shape through
their style (``shaping=1`` in styles.py); ``draw_text`` shapes the runs set in
a ``SHAPED_FONTS`` font, leaving Latin runs unkerned so widths stay per character.
"""

from __future__ import annotations

import gc
import os
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

from academy.dossiers.pdf.shaping import ShapedTTFont, UnshapedTTFont, install_paragraph_shaper

FONT_DIR_ENV = "ACADEMY_FONT_DIR"
T = TypeVar("T")


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
        "DossierTamil",
        ("/usr/share/fonts/truetype/noto/NotoSansTamil-Regular.ttf",),
        "fonts-noto-core",
    ),
    FontSpec(
        "DossierDevanagari",
        ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",),
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
    "DossierTamil": FontSpec(
        "DossierTamil-Bold",
        ("/usr/share/fonts/truetype/noto/NotoSansTamil-Bold.ttf",),
        "fonts-noto-core",
    ),
    "DossierDevanagari": FontSpec(
        "DossierDevanagari-Bold",
        ("/usr/share/fonts/truetype/noto/NotoSansDevanagari-Bold.ttf",),
        "fonts-noto-core",
    ),
}

# Scripts whose glyphs change with their neighbours: canvas text in these fonts is shaped.
SHAPED_FONTS = frozenset(
    (
        "DossierThai",
        "DossierThai-Bold",
        "DossierTamil",
        "DossierTamil-Bold",
        "DossierDevanagari",
        "DossierDevanagari-Bold",
    )
)

BASE_FONT = "DossierSans"
BASE_FONT_BOLD = "DossierSans-Bold"
ITALIC_FONT = "DossierSans-Italic"

# Chinese, Japanese and Korean: the two largest files (a tenth of a second to parse, tens of
# megabytes kept per process) for a few drivers' names, last in the chain. They are parsed
# the first time a character none of the others has is met.
DEFERRED_FONTS = frozenset(("DossierCJK", "DossierHangul"))

_lock = threading.Lock()
_registered = False
_chain: list[tuple[str, str, frozenset[int] | dict[int, int]]] = []  # (regular, bold, cmap)
_deferred: list[tuple[FontSpec, str]] = []  # (spec, path) not parsed yet, in chain order
_face_names: set[bytes] = set()
_char_font: dict[str, tuple[str, str]] = {}
_char_width: dict[tuple[str, bool], float] = {}


def locate_font(spec: FontSpec) -> str:
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


_ITALIC = FontSpec(
    ITALIC_FONT,
    ("/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",),
    "fonts-noto-core",
)


# Per face: the subsets of a few dozen dossiers' texts (tens of kilobytes each).
SUBSETS_KEPT = 64


def _font(name: str, path: str) -> TTFont:
    font = ShapedTTFont(name, path) if name in SHAPED_FONTS else UnshapedTTFont(name, path)
    _remember_subsets(font.face)
    return font


def _remember_subsets(face: Any) -> None:
    """Each subset of the face built once per process: a dossier's subsets depend only on the
    characters it prints, in the order it first prints them, so the same facts give the same
    subsets and a download again (or another principal's) reuses them."""
    make = face.makeSubset

    @lru_cache(maxsize=SUBSETS_KEPT)
    def made(codes: tuple[int, ...]) -> bytes:
        subset: bytes = make(list(codes))
        return subset

    face.makeSubset = lambda subset: made(tuple(subset))


def register_fonts() -> None:
    """Register the dossier fonts once per process (thread-safe, idempotent): every font but
    the DEFERRED_FONTS, which wait for a character only they have.

    Every file is located before any is registered, so a missing package
    fails with FontMissingError and leaves nothing half set up.
    """
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        specs = [*_FALLBACK_REGULAR, *_BOLD_FILES.values(), _ITALIC]
        paths = {spec.name: locate_font(spec) for spec in specs}
        now = [spec for spec in _FALLBACK_REGULAR if spec.name not in DEFERRED_FONTS]
        _chain[:] = _parsed(now, paths)
        _deferred[:] = [
            (spec, paths[spec.name]) for spec in _FALLBACK_REGULAR if spec.name in DEFERRED_FONTS
        ]
        _parse_paused(lambda: pdfmetrics.registerFont(_font(_ITALIC.name, paths[_ITALIC.name])))
        addMapping(BASE_FONT, 0, 0, BASE_FONT)
        addMapping(BASE_FONT, 1, 0, BASE_FONT_BOLD)
        addMapping(BASE_FONT, 0, 1, ITALIC_FONT)
        addMapping(BASE_FONT, 1, 1, BASE_FONT_BOLD)
        install_paragraph_shaper()
        _registered = True


def _register_deferred() -> None:
    """Parse and register the deferred fonts at the end of the chain (once)."""
    with _lock:
        if not _deferred:
            return
        specs = [spec for spec, _ in _deferred]
        _chain.extend(_parsed(specs, {spec.name: path for spec, path in _deferred}))
        _deferred.clear()


def _parse_paused(parse: Callable[[], T]) -> T:
    # Parsing a font file makes hundreds of thousands of objects and no garbage: the cyclic
    # collector, run every few thousand allocations, took a third of the time for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return parse()
    finally:
        if collecting:
            gc.enable()


def _parsed(
    specs: list[FontSpec], paths: dict[str, str]
) -> list[tuple[str, str, frozenset[int] | dict[int, int]]]:
    """Parse and register these fallback fonts and their bold; their links of the chain."""

    def parse() -> list[tuple[str, str, frozenset[int] | dict[int, int]]]:
        chain: list[tuple[str, str, frozenset[int] | dict[int, int]]] = []
        for spec in specs:
            font = _font(spec.name, paths[spec.name])
            # reportlab registers one font per face name; both Droid files are
            # "DroidSansFallback", so the second would silently become the first
            # (and Hangul would vanish). A distinct face name keeps them apart.
            if font.face.name in _face_names:
                font.face.name = font.face.name + b"-" + spec.name.encode("ascii")
            _face_names.add(font.face.name)
            pdfmetrics.registerFont(font)
            bold_spec = _BOLD_FILES.get(spec.name)
            bold_name = spec.name
            if bold_spec is not None:
                pdfmetrics.registerFont(_font(bold_spec.name, paths[bold_spec.name]))
                bold_name = bold_spec.name
            chain.append((spec.name, bold_name, font.face.charToGlyph))
        return chain

    return _parse_paused(parse)


def _font_for(char: str) -> tuple[str, str]:
    cached = _char_font.get(char)
    if cached is not None:
        return cached
    code = ord(char)
    chosen = _chain_font(code)
    if chosen is None:
        _register_deferred()
        chosen = _chain_font(code) or (_chain[0][0], _chain[0][1])
    _char_font[char] = chosen
    return chosen


def _chain_font(code: int) -> tuple[str, str] | None:
    for regular, bold, cmap in _chain:
        if code in cmap:
            return regular, bold
    return None


def has_glyph(char: str) -> bool:
    """True when a font of the chain (the deferred ones too) draws ``char``."""
    register_fonts()
    if _chain_font(ord(char)) is None:
        _register_deferred()
    return _chain_font(ord(char)) is not None


def clean_text(text: str) -> str:
    """Drop what no PDF text can hold: control characters and lone surrogates.

    Line breaks and tabs become spaces so a note typed on several lines
    still reads as one paragraph.
    """
    # Printable text holds none of them (nor a line break or tab): most text, checked in C.
    if text.isprintable():
        return text
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


def single_font(text: str, bold: bool = False) -> str:
    """The one font that draws most of ``text``: for chart labels, which take one font.

    Tables and paragraphs switch fonts inside a line; a chart label cannot,
    so a Japanese competency name is set in the CJK font (which also has
    Latin letters) rather than as empty boxes in the Latin one.
    """
    register_fonts()
    counts: dict[str, int] = {}
    for char in text:
        if char != " ":
            regular, bold_name = _font_for(char)
            font = bold_name if bold else regular
            counts[font] = counts.get(font, 0) + 1
    base = BASE_FONT_BOLD if bold else BASE_FONT
    if not counts or set(counts) == {base}:
        return base
    foreign = {font: n for font, n in counts.items() if font != base}
    return max(foreign, key=lambda font: foreign[font])


def char_width(char: str, bold: bool = False) -> float:
    """Advance width of one character at size 1 in the font that will draw it."""
    key = (char, bold)
    width = _char_width.get(key)
    if width is None:
        register_fonts()
        regular, bold_name = _font_for(char)
        width = pdfmetrics.stringWidth(char, bold_name if bold else regular, 1.0)
        _char_width[key] = width
    return width


def string_width(text: str, size: float, bold: bool = False) -> float:
    # Widths add up per character: reportlab applies no kerning, so this matches
    # what draw_text draws (spaces are measured in the base font).
    return size * sum(char_width(c, bold) for c in text)


def draw_text(canvas: Any, x: float, y: float, text: str, size: float, bold: bool = False) -> float:
    """Draw ``text`` on a canvas with per-script fonts; return the width drawn."""
    start = x
    for font, chunk in runs(clean_text(text), bold):
        canvas.setFont(font, size)
        if font in SHAPED_FONTS and pdfmetrics.getFont(font).shapable:
            shaped = shapeStr(chunk, font, size, force=True)
            canvas.drawString(x, y, shaped)
            x += _shaped_width(shaped, chunk, font, size)
        else:
            canvas.drawString(x, y, chunk)
            x += pdfmetrics.stringWidth(chunk, font, size)
    return x - start


def _shaped_width(shaped: str, chunk: str, font: str, size: float) -> float:
    data = getattr(shaped, "__shapeData__", None)
    if not data:
        return float(pdfmetrics.stringWidth(chunk, font, size))
    return float(sum(glyph.x_advance for glyph in data) * size / 1000)


def fit_text(text: str, size: float, max_width: float, bold: bool = False) -> str:
    """Shorten ``text`` with an ellipsis so it fits on one line of ``max_width``."""
    text = clean_text(text)
    limit = max_width / size
    widths = [char_width(c, bold) for c in text]
    if sum(widths) <= limit:
        return text
    limit -= char_width("…", bold)
    used = 0.0
    cut = 0
    for index, width in enumerate(widths):
        if used + width > limit:
            break
        used += width
        if index + 1 < len(text) and _breakable(text, index + 1):
            cut = index + 1
    return text[:cut] + "…"


_THAI_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45")  # sara a, aa, am; lakkhangyao
_THAI_LEADING = frozenset(
    "\u0e40\u0e41\u0e42\u0e43\u0e44"
)  # sara e, ae, o, ai maimuan, ai maimalai


def _breakable(text: str, index: int) -> bool:
    """May a line end before ``text[index]``? Not inside a character cluster.

    Combining marks (accents, Thai tone marks) stay with their base; Thai
    vowels written after a consonant stay with it, and those written before
    one never end a line.
    """
    char, before = text[index], text[index - 1]
    return not (
        unicodedata.category(char).startswith("M")
        or char in _THAI_FOLLOWING
        or before in _THAI_LEADING
    )


def wrap_lines(text: str, max_width: float, size: float, bold: bool = False) -> list[str]:
    """Break cleaned ``text`` into lines no wider than ``max_width``.

    Lines break at spaces; a word wider than the line (a long name, or
    Chinese, Japanese or Thai written without spaces) breaks between
    characters, never before a combining mark.
    """
    limit = max(max_width / size, 1e-6)
    space = char_width(" ", bold)
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in text.split(" "):
        if not word:
            continue
        widths = [char_width(c, bold) for c in word]
        width = sum(widths)
        gap = space if current else 0.0
        if current_width + gap + width <= limit:
            current.append(word)
            current_width += gap + width
            continue
        if current:
            lines.append(" ".join(current))
            current, current_width = [], 0.0
        while width > limit:
            cut, used = _cut_point(word, widths, limit)
            lines.append(word[:cut])
            word, widths, width = word[cut:], widths[cut:], width - used
        current, current_width = [word], width
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def _cut_point(word: str, widths: list[float], limit: float) -> tuple[int, float]:
    """Where to cut a word too wide for a line: (index, width of the head)."""
    used = 0.0
    cut, cut_width = 0, 0.0
    for index, width in enumerate(widths):
        if used + width > limit and cut:
            break
        used += width
        if index + 1 < len(word) and _breakable(word, index + 1):
            cut, cut_width = index + 1, used
    if cut == 0:  # a single cluster wider than the line: take it whole
        cut = 1
        while cut < len(word) and not _breakable(word, cut):
            cut += 1
        cut_width = sum(widths[:cut])
    return cut, cut_width
