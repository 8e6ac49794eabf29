"""What a dossier build keeps for the next one (the prepared photo, font subsets) is keyed by
what it was made from: another photo or other text never gets the old result."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from academy.dossiers.pdf import photo as photos
from academy.dossiers.pdf.fonts import BASE_FONT, register_fonts
from tests.dossiers.pdf.conftest import photo_bytes


def test_the_same_photo_is_prepared_once():
    upload = photo_bytes(410, 500)
    first = photos.prepare_photo(upload)
    assert photos.prepare_photo(bytes(upload)) is first


def test_a_new_photo_is_prepared_anew():
    before = photos.prepare_photo(photo_bytes(400, 500))
    after = photos.prepare_photo(photo_bytes(500, 400))
    assert (before.width, before.height) != (after.width, after.height)
    assert after.width > after.height


def test_the_prepared_photos_kept_are_bounded():
    for width in range(300, 300 + photos.PHOTOS_KEPT + 5):
        photos.prepare_photo(photo_bytes(width, 320))
    assert len(photos._prepared) == photos.PHOTOS_KEPT


def test_a_subset_is_made_for_the_characters_asked_for():
    register_fonts()
    face = pdfmetrics.getFont(BASE_FONT).face
    made_fresh = TTFontFile.makeSubset  # the face's own, unremembered
    latin = [0x20, *range(0x41, 0x5B)]
    digits = [0x20, *range(0x30, 0x3A)]
    assert face.makeSubset(latin) == made_fresh(face, latin)
    assert face.makeSubset(digits) == made_fresh(face, digits)
    assert face.makeSubset(latin) != face.makeSubset(digits)
