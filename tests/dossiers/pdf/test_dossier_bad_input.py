"""Bad or extreme input gets the right answer, never a crash."""

from __future__ import annotations

import io
import os
from dataclasses import replace

import pytest
from PIL import Image
from pypdf import PdfReader

from academy.dossiers.pdf import FontMissingError, build_dossier
from academy.dossiers.pdf.fonts import FontSpec, locate_font
from academy.dossiers.pdf.model import RequirementVerdict, StageVerdict
from academy.enums import DossierKind


def flat(text: str) -> str:
    return "".join(text.split())


def all_text(pages: list[str]) -> str:
    return "\n".join(pages)


def images_on_first_page(pdf: bytes) -> int:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return len(page.images)


@pytest.fixture(scope="module")
def twenty_megabyte_photo() -> bytes:
    # Uncompressed noise: a real 20 MB camera-sized file, not a padded small one.
    side = 2700
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="BMP")
    assert len(out.getvalue()) > 20 * 1024 * 1024
    return out.getvalue()


def test_unknown_kind_is_refused_with_value_error_naming_the_kinds(make_input):
    data = replace(make_input(), kind="brochure")
    with pytest.raises(ValueError, match="brochure.*invitation, sponsor, scouting"):
        build_dossier(data)


def test_kind_given_by_its_value_builds_that_kind(make_input, pages_of):
    data = replace(make_input(), kind="scouting")
    assert "SCOUTING REPORT" in pages_of(build_dossier(data))[0]


def test_dossier_without_photo_says_no_photo(make_input, pages_of):
    pdf = build_dossier(make_input(DossierKind.INVITATION, photo=None))
    assert "No photo" in pages_of(pdf)[0]
    assert images_on_first_page(pdf) == 0


def test_photo_is_placed_on_the_cover(make_input, photo):
    pdf = build_dossier(make_input(DossierKind.INVITATION, photo=photo()))
    assert images_on_first_page(pdf) == 1


def test_corrupt_photo_is_left_out_with_a_note(make_input, photo, pages_of):
    broken = photo()[:200] + b"\x00" * 500
    pdf = build_dossier(make_input(DossierKind.SPONSOR, photo=broken))
    assert flat("Photo omitted: the file is not a readable image.") in flat(pages_of(pdf)[0])
    assert images_on_first_page(pdf) == 0


def test_bytes_that_are_no_image_at_all_are_left_out_with_a_note(make_input, pages_of):
    pdf = build_dossier(make_input(DossierKind.SPONSOR, photo=b"<html>not a photo</html>"))
    assert "Photo omitted" in pages_of(pdf)[0]


def test_twenty_megabyte_photo_is_reduced_for_print(make_input, twenty_megabyte_photo, pages_of):
    pdf = build_dossier(make_input(DossierKind.INVITATION, photo=twenty_megabyte_photo))
    assert images_on_first_page(pdf) == 1
    assert flat("Photo reduced for print.") in flat(pages_of(pdf)[0])
    assert len(pdf) < 2 * 1024 * 1024


def test_photo_with_absurd_pixel_count_is_left_out(make_input, pages_of):
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, format="PNG")
    pdf = build_dossier(make_input(DossierKind.INVITATION, photo=bomb.getvalue()))
    assert flat("Photo omitted: image too large to print.") in flat(pages_of(pdf)[0])


def test_very_tall_photo_stays_inside_its_box(make_input, pages_of):
    tall = io.BytesIO()
    Image.new("RGB", (20, 2000), (10, 10, 10)).save(tall, format="PNG")
    pdf = build_dossier(make_input(DossierKind.INVITATION, photo=tall.getvalue()))
    assert "Kamui Kobayashi" in pages_of(pdf)[0]


@pytest.mark.parametrize("kind", list(DossierKind))
def test_300_character_name_is_printed_whole_on_the_cover(make_input, pages_of, kind):
    name = " ".join(["Maximilian-Alexander Ødegård-Kobayashi"] * 8)[:300]
    data = make_input(kind)
    data = replace(data, driver=replace(data.driver, display_name=name, legal_name=name))
    pages = pages_of(build_dossier(data))
    assert flat(name) in flat(pages[0])


def test_300_character_name_without_spaces_builds(make_input, pages_of):
    name = "小林可夢偉김민수สมชาย" * 25
    data = make_input(DossierKind.INVITATION)
    data = replace(
        data, driver=replace(data.driver, display_name=name, native_name=name, legal_name=name)
    )
    assert "小林可夢偉" in all_text(pages_of(build_dossier(data)))


def test_endorsement_longer_than_a_page_continues_on_the_next(make_input, pages_of):
    data = make_input(DossierKind.INVITATION, results=1)
    text = " ".join(f"Sentence {i} of praise for a careful driver." for i in range(600))
    data = replace(data, endorsement=replace(data.endorsement, text=text))
    pages = pages_of(build_dossier(data))
    assert "Sentence 0 of" in all_text(pages)
    assert "Sentence 599 of" in all_text(pages)


def test_requirement_with_hundreds_of_evidence_items_builds(make_input, pages_of):
    evidence = tuple(f"Result {i}: 4 Hours of Sepang, P{i % 9 + 1}" for i in range(300))
    stage = StageVerdict(
        "Le Mans 24h", False, (RequirementVerdict("Classified starts", "met", evidence),)
    )
    data = replace(make_input(DossierKind.INVITATION, results=1), pathway=(stage,))
    text = all_text(pages_of(build_dossier(data)))
    assert "Result 0: 4 Hours of Sepang" in text
    assert "…" in text


def test_story_of_many_pages_builds(make_input, pages_of):
    data = make_input(DossierKind.SPONSOR, results=1)
    story = "Raced everything with wheels. " * 2000
    data = replace(data, driver=replace(data.driver, story=story))
    assert len(pages_of(build_dossier(data))) > 5


def test_missing_font_names_the_debian_package_to_install(monkeypatch):
    monkeypatch.delenv("ACADEMY_FONT_DIR", raising=False)
    spec = FontSpec("DossierTest", ("/nonexistent/NoSuchFont.ttf",), "fonts-no-such-package")
    with pytest.raises(FontMissingError, match="apt-get install -y fonts-no-such-package"):
        locate_font(spec)
