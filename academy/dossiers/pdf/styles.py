"""One type scale and one palette for every dossier."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from academy.dossiers.pdf.fonts import BASE_FONT, BASE_FONT_BOLD, ITALIC_FONT, register_fonts

NAVY = colors.HexColor("#14284B")
RED = colors.HexColor("#C8102E")
STEEL = colors.HexColor("#4A5D7A")
MIST = colors.HexColor("#EEF1F6")
RULE = colors.HexColor("#C9D1DE")
INK = colors.HexColor("#1B1F27")
MUTED = colors.HexColor("#5E6673")
GREEN = colors.HexColor("#1E7D4F")
AMBER = colors.HexColor("#B7791F")

SERIES_COLOURS = (
    colors.HexColor("#14284B"),
    colors.HexColor("#C8102E"),
    colors.HexColor("#2F80ED"),
    colors.HexColor("#1E7D4F"),
    colors.HexColor("#B7791F"),
    colors.HexColor("#7B3FA0"),
    colors.HexColor("#00838F"),
    colors.HexColor("#6D4C41"),
)

PAGE_MARGIN = 18 * mm
HEADER_SPACE = 14 * mm
FOOTER_SPACE = 24 * mm


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    muted: ParagraphStyle
    small: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cover_title: ParagraphStyle
    cover_name: ParagraphStyle
    cover_name_long: ParagraphStyle
    cover_native: ParagraphStyle
    cover_meta: ParagraphStyle
    note: ParagraphStyle
    quote: ParagraphStyle
    quote_by: ParagraphStyle


_styles: Styles | None = None


def styles() -> Styles:
    global _styles
    if _styles is None:
        register_fonts()
        body = ParagraphStyle(
            "body",
            fontName=BASE_FONT,
            fontSize=9.5,
            leading=13.5,
            textColor=INK,
            alignment=TA_LEFT,
            shaping=1,  # HarfBuzz shapes Thai, Tamil and Devanagari (see fonts.py)
        )
        _styles = Styles(
            body=body,
            muted=ParagraphStyle("muted", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
            small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
            h2=ParagraphStyle(
                "h2",
                parent=body,
                fontName=BASE_FONT_BOLD,
                fontSize=11.5,
                leading=15,
                textColor=NAVY,
                spaceBefore=10,
                spaceAfter=4,
            ),
            h3=ParagraphStyle(
                "h3",
                parent=body,
                fontName=BASE_FONT_BOLD,
                fontSize=9.5,
                leading=13,
                textColor=STEEL,
                spaceBefore=6,
                spaceAfter=2,
            ),
            cell=ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9.5),
            cover_title=ParagraphStyle(
                "cover_title",
                parent=body,
                fontName=BASE_FONT_BOLD,
                fontSize=12,
                leading=16,
                textColor=RED,
                spaceAfter=6,
            ),
            cover_name=ParagraphStyle(
                "cover_name",
                parent=body,
                fontName=BASE_FONT_BOLD,
                fontSize=26,
                leading=32,
                textColor=NAVY,
                spaceAfter=4,
            ),
            cover_name_long=ParagraphStyle(
                "cover_name_long",
                parent=body,
                fontName=BASE_FONT_BOLD,
                fontSize=16,
                leading=20,
                textColor=NAVY,
                spaceAfter=4,
            ),
            cover_native=ParagraphStyle(
                "cover_native", parent=body, fontSize=16, leading=22, textColor=STEEL, spaceAfter=10
            ),
            cover_meta=ParagraphStyle("cover_meta", parent=body, fontSize=10, leading=15),
            note=ParagraphStyle(
                "note",
                parent=body,
                fontName=ITALIC_FONT,
                fontSize=8.5,
                leading=11.5,
                textColor=MUTED,
            ),
            quote=ParagraphStyle(
                "quote",
                parent=body,
                fontSize=10,
                leading=14.5,
                backColor=MIST,
                leftIndent=10,
                rightIndent=10,
                borderPadding=(8, 10, 3, 10),
                spaceBefore=8,
            ),
            quote_by=ParagraphStyle(
                "quote_by",
                parent=body,
                fontSize=8,
                leading=11,
                textColor=MUTED,
                backColor=MIST,
                leftIndent=10,
                rightIndent=10,
                borderPadding=(3, 10, 8, 10),
            ),
        )
    return _styles
