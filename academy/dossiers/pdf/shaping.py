"""Shaped text that still reads as text: a ToUnicode map for the glyphs shaping brings in.

HarfBuzz replaces characters by glyphs the font's character map does not name (Thai tone
marks lowered over an upper vowel, Devanagari and Tamil conjuncts). reportlab gives each
such glyph a private-use code point, so a reader copying or searching the PDF found
"\\ue000" where the name had "์". ``ShapedTTFont`` writes the characters each glyph came
from into the font's ToUnicode map instead: the PDF text is the name as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from fontTools.ttLib import TTFont as FontFile
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

_PRIVATE = range(0xE000, 0xF900)


@cache
def glyph_texts(path: str) -> dict[str, str]:
    """The text each glyph of the font at ``path`` stands for, by glyph name.

    Glyphs in the character map stand for their character; a glyph a substitution makes
    stands for the text of what it replaced (single, multiple and alternate substitutions
    carry the text over, a ligature joins its components'), repeated until nothing new is
    learned, since substitutions chain.
    """
    font = FontFile(path, lazy=True)
    texts: dict[str, str] = {name: chr(code) for code, name in font.getBestCmap().items()}
    if "GSUB" not in font:
        return texts
    subtables = []
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for sub in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 7:
                kind, sub = sub.ExtensionLookupType, sub.ExtSubTable
            subtables.append((kind, sub))
    learned = True
    while learned:
        learned = False
        for kind, sub in subtables:
            for source, target, text in _substitutions(kind, sub, texts):
                for glyph in target:
                    if glyph not in texts and text:
                        texts[glyph] = text if len(target) == 1 else texts.get(source, "")
                        learned = True
    return texts


def _substitutions(kind: int, sub: Any, texts: dict[str, str]) -> Any:
    if kind == 1:
        for source, target in sub.mapping.items():
            yield source, (target,), texts.get(source, "")
    elif kind in (2, 3):
        table = sub.mapping if kind == 2 else sub.alternates
        for source, targets in table.items():
            yield source, tuple(targets)[:1], texts.get(source, "")
    elif kind == 4:
        for first, ligatures in sub.ligatures.items():
            for ligature in ligatures:
                parts = [first, *ligature.Component]
                if all(part in texts for part in parts):
                    yield first, (ligature.LigGlyph,), "".join(texts[p] for p in parts)


def to_unicode_cmap(font_name: str, texts: list[str]) -> str:
    """A ToUnicode CMap: code ``i`` of the subset reads as ``texts[i]`` (UTF-16BE)."""
    entries = [
        f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>" for i, text in enumerate(texts)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({font_name})",
            f"/Ordering ({font_name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(texts) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class ShapedTTFont(TTFont):
    """A TrueType font whose shaped glyphs keep the text they came from in the PDF."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._path = filename

    def _code_text(self, code: int) -> str:
        if code not in _PRIVATE:
            return chr(code)
        names = getattr(self, "_TTFont__hbUnis", {})
        for glyph, private in names.items():
            if private == code:
                return glyph_texts(self._path).get(glyph, chr(code))
        return chr(code)

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)  # forgets the document's state
        for index, subset in enumerate(subsets):
            if not any(code in _PRIVATE for code in subset):
                continue
            # the name reportlab's addObjects gave this subset's font and its CMap
            name = b"".join((SUBSETN(index), b"+", self.face.name, self.face.subfontNameX))
            base = name.decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = to_unicode_cmap(base, [self._code_text(c) for c in subset])


class UnshapedTTFont(TTFont):
    """A font that lets a paragraph shape its other fonts' runs but is never shaped itself.

    A Paragraph shapes only when its style's font is shapable, and then shapes every word
    in the font it is set in. Latin and CJK need no shaping, and shaping them would turn
    "fi" into the ligature "ﬁ" in the PDF text and kern widths away from ``string_width``;
    reportlab leaves a word as it is when its font gives no HarfBuzz font.
    """

    def hbFont(self, fontSize: float = 10) -> Any:  # noqa: N802 - reportlab's name
        raise AttributeError("not shaped: no complex script in this font")


def shape_word_in_one_font(shape_frag_word: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap reportlab's word shaper so a word set in two fonts is left unshaped.

    reportlab shapes a whole word in the font of its first fragment; a word with no space
    between two scripts (Thai then Japanese, "กか") would come out as missing glyphs. Such
    a word keeps the unshaped drawing it always had; every one-font word is shaped.
    """

    def shape(word: Any, *args: Any, **kwargs: Any) -> Any:
        fonts = {
            getattr(frag, "fontName", None) for frag, _ in word[1:] if not hasattr(frag, "cbDefn")
        }
        if len(fonts) > 1:
            return word
        return shape_frag_word(word, *args, **kwargs)

    shape.__wrapped__ = shape_frag_word  # type: ignore[attr-defined]
    return shape


def install_paragraph_shaper() -> None:
    """Make platypus Paragraphs shape words with ``shape_word_in_one_font`` (once)."""
    from reportlab.platypus import paragraph

    if not hasattr(paragraph.shapeFragWord, "__wrapped__"):
        paragraph.shapeFragWord = shape_word_in_one_font(paragraph.shapeFragWord)
