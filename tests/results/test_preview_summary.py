"""The import preview: its summary and the Import button at the top, the encoding in words, and
the same counts when the same file is previewed again (even after it was imported)."""

from __future__ import annotations

import re

import pytest

from tests.builders import login, make_driver
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import REAL_FILE
from tests.results.test_import_web_flow import text, upload


@pytest.fixture
def le_mans(app):
    return make_event(
        series="LM24", season="2023", circuit="Circuit de la Sarthe", hours=24, round_number=1
    )


@pytest.fixture(scope="module")
def real_bytes() -> bytes:
    return REAL_FILE.read_bytes()


def _stats(page: str) -> str:
    """The figures under the heading: format, rows, cars, classified, drivers."""
    return page[page.index("Preview:") : page.index("other drivers") + len("other drivers")]


def test_the_import_button_and_the_summary_come_before_the_details(
    client, academy, le_mans, real_bytes
):
    make_driver(legal_name="Ryo Hirakawa", coach=academy.coach)
    login(client, academy.coach)
    page = client.get(upload(client, le_mans, real_bytes).headers["Location"]).get_data(
        as_text=True
    )
    button = page.index("Import 62 cars into this event")
    assert button < page.index("<h2>Academy drivers found</h2>")
    assert button < page.index('<table class="table preview-cars">')
    summary = text_of(page[button : page.index("</div>", button)])
    assert "62 cars, 1 academy driver, 185 other names. Details below." in summary
    # Once more at the foot of a long page.
    assert page.count("Import 62 cars into this event") == 2


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_the_encoding_is_named_in_words(client, academy, le_mans, real_bytes):
    login(client, academy.coach)
    page = text(client.get(upload(client, le_mans, real_bytes).headers["Location"]))
    assert "format · UTF-8, some lines in Windows-1252" in page
    assert "utf-8+cp1252" not in page
    bom = "\ufeff".encode() + real_bytes.decode("utf-8", "replace").encode()
    page = text(client.get(upload(client, le_mans, bom).headers["Location"]))
    assert "format · UTF-8 with a byte-order mark" in page
    assert "utf-8-sig" not in page


def test_a_repeat_preview_of_an_imported_file_counts_the_same(client, academy, le_mans, real_bytes):
    make_driver(legal_name="Ryo Hirakawa", coach=academy.coach)
    login(client, academy.coach)
    first_url = upload(client, le_mans, real_bytes).headers["Location"]
    first = text(client.get(first_url))
    assert client.post(first_url + "/confirm").status_code == 302
    again = text(client.get(upload(client, le_mans, real_bytes).headers["Location"]))
    assert "This file was already imported into this event" in again
    assert _stats(again) == _stats(first)
    assert "1 academy drivers 185 other drivers" in _stats(again)
    assert "Differs from what is recorded" not in again
    assert "Import 62 cars" not in again
