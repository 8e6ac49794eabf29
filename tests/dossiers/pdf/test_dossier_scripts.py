"""Names in every script: each demo driver's native name reaches the PDF text, shaped.

Tamil and Devanagari were dropped before the dossiers embedded fonts for them; Thai marks
touched before reportlab shaped text with HarfBuzz (uharfbuzz).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from academy.dossiers.pdf import build_dossier, fonts
from academy.dossiers.pdf.fonts import runs
from academy.enums import DossierKind
from tests.demo.seed import DEMO_DRIVERS

NATIVE_NAMES = tuple(d.native_name for d in DEMO_DRIVERS if d.native_name)
TAMIL = "காவ்யா ஐயர்"  # Kavya Iyer
DEVANAGARI = "रोहन कपूर"  # Rohan Kapoor
THAI = "นภัส วงศ์สวัสดิ์"  # Napat Wongsawat: stacked tone marks


def test_demo_drivers_include_tamil_devanagari_and_thai_names():
    assert {TAMIL, DEVANAGARI, THAI} <= set(NATIVE_NAMES)


@pytest.mark.parametrize("native", NATIVE_NAMES)
def test_every_demo_native_name_is_covered_by_a_dossier_font(native):
    missing = [char for char in native if char != " " and not fonts.has_glyph(char)]
    assert missing == []


@pytest.mark.parametrize(
    ("native", "font"),
    [(TAMIL, "DossierTamil"), (DEVANAGARI, "DossierDevanagari"), (THAI, "DossierThai")],
)
def test_indic_and_thai_names_are_set_in_their_script_font(native, font):
    assert {name for name, _ in runs(native) if _.strip()} == {font}


def test_script_fonts_are_shaped_with_harfbuzz():
    from reportlab.pdfbase import pdfmetrics

    runs("x")  # registers the fonts
    for name in ("DossierTamil", "DossierDevanagari", "DossierThai"):
        assert pdfmetrics.getFont(name).shapable, name


def _with_native(make_input, kind, native):
    data = make_input(kind)
    return replace(data, driver=replace(data.driver, native_name=native))


# A reph (र् written before a consonant) is drawn, and so read back, after that consonant;
# every other name reads back exactly as typed.
READ_BACK = {"अर्जुन मेहता": "अजुर्न मेहता"}


@pytest.mark.parametrize("kind", list(DossierKind))
@pytest.mark.parametrize("native", NATIVE_NAMES)
def test_each_demo_native_name_is_in_the_pdf_text(make_input, pages_of, kind, native):
    text = "\n".join(pages_of(build_dossier(_with_native(make_input, kind, native))))
    expected = READ_BACK.get(native, native)
    assert "".join(expected.split()) in "".join(text.split())
    assert "\ue000" not in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm not installed")
@pytest.mark.parametrize(
    ("native", "label"), [(TAMIL, "tamil"), (DEVANAGARI, "devanagari"), (THAI, "thai")]
)
def test_native_name_draws_on_the_cover(make_input, tmp_path, native, label):
    """The cover's native-name line has ink in it (it was blank for Tamil and Devanagari)."""
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(build_dossier(_with_native(make_input, DossierKind.INVITATION, native)))
    out = tmp_path / label
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", str(pdf), str(out)], check=True
    )
    page = next(tmp_path.glob(f"{label}*.png"))
    shots = Path("/tmp/shots-dayuse")  # kept for a person to look at, when it exists
    if shots.is_dir():
        shutil.copy(page, shots / f"dossier-cover-{label}.png")
    blank = _with_native(make_input, DossierKind.INVITATION, None)
    pdf.write_bytes(build_dossier(blank))
    out2 = tmp_path / f"{label}-none"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", str(pdf), str(out2)], check=True
    )
    page_none = next(tmp_path.glob(f"{label}-none*.png"))
    with_name = Image.open(page).convert("L")
    without = Image.open(page_none).convert("L")
    # the native name adds ink: more dark pixels than the same cover without it
    dark = sum(with_name.histogram()[:128])
    dark_none = sum(without.histogram()[:128])
    assert dark > dark_none + 200
