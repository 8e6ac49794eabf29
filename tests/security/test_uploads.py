"""Uploads (photos, timing files) are checked by their content, limited in size, and never
kept or served under a path the user chose."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from academy.extensions import db
from academy.models import DriverPhoto
from tests.builders import login
from tests.drivers.racing import make_event

MAX_REQUEST_BYTES = 25 * 1024 * 1024
TIMING_CSV = (
    "\ufeffPOSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;DRIVER_3;DRIVER_4;VEHICLE;TYRES;CLASS;"
    "GROUP;DIVISION;STATUS;LAPS;TOTAL_TIME;GAP_FIRST;GAP_PREVIOUS;FL_LAPNUM;FL_TIME;"
    "FL_KPH;DRIVER_5;\r\n"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_IMAGE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">'
    b"<script>alert(1)</script></svg>"
)


def png_bytes(size=(400, 500)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 40, 75)).save(out, format="PNG")
    return out.getvalue()


def upload_photo(client, driver_id: int, data: bytes, filename: str):
    return client.post(
        f"/drivers/{driver_id}/photo",
        data={"photo": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def upload_timing(client, event_id: int, data: bytes, filename: str):
    return client.post(
        "/results/import",
        data={"event_id": event_id, "timing_file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def photos() -> int:
    return db.session.execute(select(func.count(DriverPhoto.id))).scalar()


@pytest.fixture
def upload_folder(app):
    """The pending timing files kept (in the database, not on a disk): (token, name) pairs."""
    from academy.models import PendingUpload

    return lambda: list(
        db.session.execute(db.select(PendingUpload.token, PendingUpload.file_name)).all()
    )


# --- checked by content -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        pytest.param(TIMING_CSV.encode(), "portrait.jpg", id="csv-named-jpg"),
        pytest.param(HTML_PAGE, "portrait.png", id="html-named-png"),
        pytest.param(SVG_IMAGE, "portrait.png", id="svg-with-script-named-png"),
        pytest.param(b"%PDF-1.7\n" + bytes(200), "portrait.webp", id="pdf-named-webp"),
    ],
)
def test_a_photo_is_judged_by_its_content_not_its_name(client, academy, data, filename):
    login(client, academy.coach)
    response = upload_photo(client, academy.driver.id, data, filename)
    assert response.status_code == 422
    assert "Upload a JPEG, PNG or WebP" in response.get_data(as_text=True)
    assert photos() == 0


def test_a_png_named_csv_is_refused_as_a_timing_file(client, academy, upload_folder):
    event = make_event()
    login(client, academy.coach)
    response = upload_timing(client, event.id, png_bytes(), "results.csv")
    assert response.status_code == 200
    assert "This is a PNG image, not a CSV timing file." in response.get_data(as_text=True)
    assert upload_folder() == []


def test_what_is_stored_of_a_photo_is_a_fresh_image_without_anything_appended(client, academy):
    login(client, academy.coach)
    polyglot = png_bytes() + HTML_PAGE
    assert upload_photo(client, academy.driver.id, polyglot, "me.png").status_code == 302
    stored = db.session.execute(select(DriverPhoto)).scalar_one()
    assert b"<script>" not in stored.data
    assert stored.data.startswith(b"\xff\xd8")  # a JPEG we encoded


# --- limited in size --------------------------------------------------------------------------


def test_the_request_limit_is_25_mb(app):
    assert app.config["MAX_CONTENT_LENGTH"] == MAX_REQUEST_BYTES


def test_an_upload_over_the_request_limit_gets_the_sites_page_not_a_bare_413(client, academy):
    login(client, academy.coach)
    response = upload_photo(client, academy.driver.id, bytes(MAX_REQUEST_BYTES + 1), "big.jpg")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Too large" in page
    assert "The upload is larger than this site accepts. Nothing was saved." in page
    assert 'class="topbar"' in page  # the site's own layout, not Werkzeug's bare page
    assert photos() == 0


def test_a_timing_file_over_the_request_limit_gets_the_sites_page(client, academy, upload_folder):
    event = make_event()
    login(client, academy.coach)
    response = upload_timing(client, event.id, bytes(MAX_REQUEST_BYTES + 1), "huge.csv")
    assert response.status_code == 413
    assert "Nothing was saved." in response.get_data(as_text=True)
    assert upload_folder() == []


# --- never a path the user chose --------------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    [
        "../../etc/passwd.csv",
        "..\\..\\windows\\system32\\results.csv",
        "/tmp/absolute.csv",
        "....//....//nested.csv",
    ],
)
def test_a_timing_file_is_kept_under_a_server_token_whatever_its_name(
    client, academy, upload_folder, filename
):
    from tests.demo.timing_files import (
        alkamel_bytes,
        classification_csv,
        sample_grid,
        simulate_race,
    )

    event = make_event()
    race = simulate_race(sample_grid(2, seed=5), laps=5, seed=5)
    login(client, academy.coach)
    response = upload_timing(client, event.id, alkamel_bytes(classification_csv(race)), filename)
    assert response.status_code == 302
    token = response.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    [(kept_token, kept_name)] = upload_folder()
    assert kept_token == token
    assert "/" not in kept_name and "\\" not in kept_name
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    shown_name = preview.split("<h1>Preview: ", 1)[1].split("</h1>", 1)[0]
    assert "/" not in shown_name and "\\" not in shown_name


def test_a_served_photo_carries_its_stored_type_and_nosniff(client, academy):
    login(client, academy.coach)
    upload_photo(client, academy.driver.id, png_bytes(), "../../portrait.html")
    served = client.get(f"/drivers/{academy.driver.id}/photo.jpg")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in served.headers.get("Content-Disposition", "")


def test_a_photo_is_served_at_the_drivers_address_only(app):
    photo_rules = [rule.rule for rule in app.url_map.iter_rules() if "photo" in rule.rule]
    assert sorted(photo_rules) == [
        "/drivers/<int:driver_id>/photo",
        "/drivers/<int:driver_id>/photo.jpg",
        "/drivers/<int:driver_id>/photo/remove",
    ]


# --- a file's name is text like any other -----------------------------------------------------

# No "/": a browser sends a name, a slash would make what comes before it a folder.
HOSTILE_NAME = "<img src=x onerror=alert(1)> Smith & <Sons>.csv"


def test_a_timing_files_name_is_kept_as_sent_and_shown_escaped(client, academy, upload_folder):
    from academy.models import ImportBatch
    from tests.demo.timing_files import (
        alkamel_bytes,
        classification_csv,
        sample_grid,
        simulate_race,
    )

    event = make_event()
    race = simulate_race(sample_grid(2, seed=6), laps=5, seed=6)
    login(client, academy.coach)
    preview_url = upload_timing(
        client, event.id, alkamel_bytes(classification_csv(race)), HOSTILE_NAME
    ).headers["Location"]
    preview = client.get(preview_url).get_data(as_text=True)
    client.post(preview_url + "/confirm")
    event_page = client.get(f"/results/events/{event.id}").get_data(as_text=True)

    assert db.session.execute(select(ImportBatch.file_name)).scalar_one() == HOSTILE_NAME
    for page in (preview, event_page):
        assert "<img src=x" not in page and "<Sons>" not in page
        assert "&lt;img src=x onerror=alert(1)&gt; Smith &amp; &lt;Sons&gt;.csv" in page


def test_a_refused_rule_files_name_is_shown_escaped(client, academy):
    login(client, academy.admin)
    response = client.post(
        "/admin/rules/",
        data={"rule_file": (io.BytesIO(b"key = 'x'\n"), HOSTILE_NAME)},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "<img src=x" not in page and "<Sons>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; Smith &amp; &lt;Sons&gt;.csv" in page
