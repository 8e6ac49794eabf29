"""What every page carries, how long tables break, and what page 1 looks like."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
import qrcode
from PIL import Image
from pypdf import PdfReader

from academy.dossiers.pdf import build_dossier
from academy.dossiers.pdf.builder import (
    PAGE_HEIGHT,
    PAGE_MARGIN,
    PAGE_WIDTH,
    QR_MASK_PATTERN,
    QR_SIZE,
    footer_qr_origin,
)
from academy.enums import DossierKind

CODE = "7KQ2M-XW4PD"
VERIFY_URL = f"https://academy.example/verify/{CODE}"

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm not installed (Debian package poppler-utils)",
)


@pytest.fixture(scope="module")
def long_dossiers(make_input):
    """Each kind for a driver with a long history, so every kind runs to several pages."""
    return {
        kind: build_dossier(make_input(kind, results=60, grades=120, sessions=80))
        for kind in DossierKind
    }


@pytest.mark.parametrize("kind", list(DossierKind))
def test_every_page_carries_the_verification_code_and_address(long_dossiers, pages_of, kind):
    pages = pages_of(long_dossiers[kind])
    assert len(pages) > 2
    for text in pages:
        assert f"Verification code {CODE}" in text
        assert f"Verify at {VERIFY_URL}" in text


@pytest.mark.parametrize("kind", list(DossierKind))
def test_every_page_is_numbered_out_of_the_total(long_dossiers, pages_of, kind):
    pages = pages_of(long_dossiers[kind])
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


@pytest.mark.parametrize("kind", list(DossierKind))
def test_every_page_names_academy_generation_date_and_rule_set(long_dossiers, pages_of, kind):
    for text in pages_of(long_dossiers[kind]):
        assert "Pacific Endurance Academy" in text
        assert "Generated 14 March 2026, 09:30 UTC" in text
        assert "rule set ALMS to Le Mans 2026 (alms-to-le-mans-2026)" in text


def test_every_page_draws_the_footer_that_holds_the_qr_code(long_dossiers):
    reader = PdfReader(io.BytesIO(long_dossiers[DossierKind.INVITATION]))
    for page in reader.pages:
        footer = page["/Resources"]["/XObject"]["/FormXob.footer"].get_object()
        assert b"/FormXob.footer Do" in page.get_contents().get_data()
        # The QR code is drawn as one rectangle per run of dark modules.
        assert footer.get_data().count(b" re") > 100


@pytest.mark.parametrize("kind", list(DossierKind))
def test_document_metadata_names_kind_driver_and_generation_time(long_dossiers, kind):
    info = PdfReader(io.BytesIO(long_dossiers[kind])).metadata
    assert "Kamui Kobayashi" in info.title
    assert info.author == "Pacific Endurance Academy"
    assert info["/CreationDate"].startswith("D:20260314093000")


def test_race_record_of_200_results_spans_pages_with_its_header_repeated(make_input, pages_of):
    data = make_input(DossierKind.INVITATION, results=200)
    pages = pages_of(build_dossier(data))
    header = re.compile(r"Date\s+Event\s+Class\s+Car / team\s+Co-drivers")
    row_date = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$", re.MULTILINE)
    pages_with_rows = [text for text in pages if row_date.search(text)]
    assert len(pages_with_rows) >= 5
    for text in pages_with_rows:
        assert header.search(text), "a page of the race record lacks the table header"
    all_rows = sum(len(row_date.findall(text)) for text in pages_with_rows)
    assert all_rows == 200
    assert "200 entries" in pages[-1] or any("200 entries" in text for text in pages)


@needs_pdftoppm
def test_first_page_renders_to_a_picture_with_ink_on_it(make_input, photo, tmp_path):
    pdf_path = tmp_path / "dossier.pdf"
    pdf_path.write_bytes(build_dossier(make_input(DossierKind.SPONSOR, photo=photo())))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(pdf_path),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:200])
    assert dark / (image.width * image.height) > 0.05


@needs_pdftoppm
def test_qr_code_on_the_page_encodes_the_verify_address(make_input, tmp_path):
    pdf_path = tmp_path / "dossier.pdf"
    pdf_path.write_bytes(build_dossier(make_input(DossierKind.SCOUTING, results=2)))
    dpi = 288
    scale = dpi / 72
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            "2",
            "-l",
            "2",
            "-gray",
            "-png",
            str(pdf_path),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, mask_pattern=QR_MASK_PATTERN
    )
    code.add_data(VERIFY_URL)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = QR_SIZE / len(matrix)
    x, y = footer_qr_origin()
    left, top = x * scale, (PAGE_HEIGHT - y - QR_SIZE) * scale
    for row_index, row in enumerate(matrix):
        for column_index, dark in enumerate(row):
            pixel = image.getpixel(
                (
                    int(left + (column_index + 0.5) * module * scale),
                    int(top + (row_index + 0.5) * module * scale),
                )
            )
            assert (pixel < 128) == dark, f"module {row_index},{column_index}"
    assert x + QR_SIZE == pytest.approx(PAGE_WIDTH - PAGE_MARGIN)


def test_a_long_verify_address_still_builds_and_the_code_stays_whole(make_input, pages_of):
    data = make_input(DossierKind.SPONSOR, results=2)
    long_url = (
        "https://dossiers.pacific-endurance-academy.example.com/verify/" + CODE + "?x=" + "a" * 80
    )
    data = replace(data, verification=replace(data.verification, verify_url=long_url))
    for text in pages_of(build_dossier(data)):
        assert f"Verification code {CODE}" in text
