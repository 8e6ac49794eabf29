"""Importing timing files through the browser pages: upload, preview, confirm, cancel."""

from __future__ import annotations

import html
import io
import re

import pytest

from academy.extensions import db
from academy.models import ImportBatch, RaceEntry, Result
from tests.builders import login, make_driver
from tests.demo.timing_files import alkamel_bytes, lap_analysis_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import REAL_FILE, row_counts, swap_field


@pytest.fixture
def upload_folder(app):
    """The pending uploads kept (in the database, not on a disk): their tokens."""
    from academy.models import PendingUpload

    return lambda: list(db.session.execute(db.select(PendingUpload.token)).scalars())


@pytest.fixture(scope="module")
def real_bytes() -> bytes:
    return REAL_FILE.read_bytes()


@pytest.fixture
def le_mans(app):
    return make_event(
        series="LM24", season="2023", circuit="Circuit de la Sarthe", hours=24, round_number=1
    )


def upload(client, event, data: bytes, name: str = "lemans-2023-hour-by-hour.csv"):
    return client.post(
        "/results/import",
        data={"event_id": event.id, "timing_file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def text(response) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def raw(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def test_upload_shows_a_preview_and_writes_nothing(client, academy, le_mans, real_bytes):
    make_driver(legal_name="Ryo Hirakawa", coach=academy.coach)
    before = row_counts()
    login(client, academy.coach)
    response = upload(client, le_mans, real_bytes)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"])
    page = text(preview)
    assert "Preview: lemans-2023-hour-by-hour.csv" in page
    assert "Hour-by-hour classification compilation" in page
    assert "Ryo Hirakawa ← “R. HIRAKAWA” · car #8, Hypercar, P2 in class" in page
    assert "S. BUEMI #8" in page  # a name that matches nobody, kept as an external co-driver
    assert "Line 1426: car 14 (Nielsen Racing) is missing from hour 24" in page
    assert "Import 62 cars into this event" in page
    assert row_counts() == before


def test_confirming_writes_the_file_and_the_driver_history_shows_it(
    client, academy, le_mans, real_bytes, upload_folder
):
    hirakawa = make_driver(legal_name="Ryo Hirakawa", coach=academy.coach)
    login(client, academy.coach)
    preview_url = upload(client, le_mans, real_bytes).headers["Location"]
    response = client.post(preview_url + "/confirm")
    assert response.headers["Location"].endswith(f"/results/events/{le_mans.id}")
    assert len(db.session.execute(db.select(RaceEntry.id)).all()) == 62
    batch = db.session.execute(db.select(ImportBatch)).scalar_one()
    assert batch.imported_by_id == academy.coach.id
    assert upload_folder() == []  # the upload is gone once imported
    history = text(client.get(f"/drivers/{hirakawa.id}/history"))
    assert "#8 Toyota Gazoo Racing" in history
    assert "S. BUEMI, B. HARTLEY" in history
    assert "P2 in class" in history


def test_importing_the_same_file_again_changes_nothing(client, academy, le_mans, real_bytes):
    login(client, academy.coach)
    client.post(upload(client, le_mans, real_bytes).headers["Location"] + "/confirm")
    before = row_counts()
    preview_url = upload(client, le_mans, real_bytes).headers["Location"]
    page = text(client.get(preview_url))
    assert "This file was already imported into this event" in page
    assert "Import 62 cars" not in page
    client.post(preview_url + "/confirm")
    assert row_counts() == before


def test_a_contradicting_file_is_reported_at_confirmation_and_nothing_written(
    client, academy, le_mans, real_bytes
):
    login(client, academy.coach)
    client.post(upload(client, le_mans, real_bytes).headers["Location"] + "/confirm")
    before = row_counts()
    changed = swap_field(real_bytes, b"24", b"8", 8, b"340")
    preview_url = upload(client, le_mans, changed, "corrected.csv").headers["Location"]
    page = text(client.get(preview_url))
    assert "car #8: 342 laps recorded, 340 in this file" in page
    assert "contradicts what this event already records for 1 car" in page
    response = client.post(preview_url + "/confirm")
    assert response.status_code == 409
    assert "Nothing was imported." in text(response)
    assert row_counts() == before


def test_rows_that_cannot_be_read_are_listed_with_their_line(client, academy, le_mans, real_bytes):
    broken = swap_field(real_bytes, b"12", b"51", 8, b"many")
    broken = swap_field(broken, b"20", b"7", 9, b"-01:00:00")
    login(client, academy.coach)
    preview_url = upload(client, le_mans, broken).headers["Location"]
    page = raw(client.get(preview_url))
    assert "2 rows of the file cannot be read" in page
    lines = broken.split(b"\n")
    line_51 = next(i for i, row in enumerate(lines, 1) if b",12,51," in row and b"many" in row)
    line_7 = next(i for i, row in enumerate(lines, 1) if b"-01:00:00" in row)
    assert f'<td class="num">{line_51}</td><td>' in page
    assert f'<td class="num">{line_7}</td><td>' in page
    assert "lap count 'many' is not a whole number" in page
    assert "negative time" in page
    assert "Import 62 cars" not in page
    assert client.post(preview_url + "/confirm").status_code == 409
    assert row_counts()["RaceEntry"] == 0


def test_lap_analysis_upload_shows_drive_times_in_the_preview(client, academy):
    event = make_event()
    race = simulate_race(sample_grid(3, seed=9), laps=20, seed=9)
    login(client, academy.admin)
    preview_url = upload(client, event, alkamel_bytes(lap_analysis_csv(race)), "a.csv").headers[
        "Location"
    ]
    page = text(client.get(preview_url))
    assert "Al Kamel lap analysis" in page
    assert "no result status and no positions" in page


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "This is a PNG image, not a CSV timing file."),
        (b"%PDF-1.7 results", "This is a PDF document, not a CSV timing file."),
        (b"Name|Laps\nA|1\n", "No known timing-file header"),
        (b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_timing_csv_is_refused_at_the_form(
    client, academy, le_mans, upload_folder, data, reason
):
    login(client, academy.coach)
    response = upload(client, le_mans, data, "results.csv")
    assert response.status_code == 200
    page = text(response)
    assert reason in page
    assert "results.csv:" in page
    assert upload_folder() == []
    assert row_counts()["RaceEntry"] == 0


def test_an_upload_over_the_size_limit_is_refused_and_nothing_kept(
    client, app, academy, le_mans, upload_folder
):
    login(client, academy.coach)
    response = upload(client, le_mans, b"1;2\n" * (app.config["MAX_CONTENT_LENGTH"] // 4 + 16))
    assert response.status_code == 413
    assert "Nothing was saved." in text(response)
    assert upload_folder() == []


def test_a_file_over_the_import_limit_is_refused_with_its_size(
    client, app, academy, le_mans, monkeypatch
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)
    login(client, academy.coach)
    page = text(upload(client, le_mans, b"NUMBER;LAPS\n" + b"1;1\n" * 1000))
    assert "the largest timing file accepted is 1.0 KB" in page


def test_the_form_requires_a_file(client, academy, le_mans):
    login(client, academy.coach)
    response = client.post(
        "/results/import", data={"event_id": le_mans.id}, content_type="multipart/form-data"
    )
    assert "Choose the timing file to import." in text(response)


def test_another_users_upload_is_not_found(client, academy, le_mans, real_bytes):
    login(client, academy.coach)
    preview_url = upload(client, le_mans, real_bytes).headers["Location"]
    login(client, academy.admin)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url + "/confirm").status_code == 404
    assert row_counts()["RaceEntry"] == 0


def test_cancelling_discards_the_upload(client, academy, le_mans, real_bytes, upload_folder):
    login(client, academy.coach)
    preview_url = upload(client, le_mans, real_bytes).headers["Location"]
    assert len(upload_folder()) == 1
    response = client.post(preview_url + "/cancel")
    assert response.status_code == 302
    assert upload_folder() == []
    assert client.get(preview_url).status_code == 404


def test_the_upload_is_stored_under_a_server_token_not_the_file_name(
    client, academy, le_mans, real_bytes, upload_folder
):
    login(client, academy.coach)
    upload(client, le_mans, real_bytes, "../../etc/passwd.csv")
    names = upload_folder()
    assert len(names) == 1
    assert all(len(name) == 32 and int(name, 16) >= 0 for name in names)


def test_the_event_page_lists_the_classification_and_the_imported_file(
    client, academy, le_mans, real_bytes
):
    login(client, academy.coach)
    client.post(upload(client, le_mans, real_bytes, "lm.csv").headers["Location"] + "/confirm")
    page = text(client.get(f"/results/events/{le_mans.id}"))
    assert "Classification (62 cars)" in page
    assert "A. PIER GUIDI" in page
    assert "lm.csv" in page and "hour by hour" in page


def test_coach_creates_an_event_to_import_into(client, academy):
    login(client, academy.coach)
    response = client.post(
        "/results/events/new",
        data={
            "series": "LM24",
            "season_label": "2023",
            "round_number": "1",
            "race_number": "1",
            "circuit_id": "0",
            "new_circuit": "Circuit de la Sarthe",
            "new_circuit_country": "fra",
            "starts_on": "2023-06-10",
            "duration_hours": "24",
            "night_running": "y",
            "name": "",
        },
    )
    assert "/results/import?event_id=" in response.headers["Location"]
    page = text(client.get("/results/events"))
    assert "LM24 2023" in page and "Circuit de la Sarthe" in page


def test_an_event_needs_a_circuit_and_a_free_round(client, academy, le_mans):
    login(client, academy.coach)
    data = {
        "series": "LM24",
        "season_label": "2023",
        "round_number": str(le_mans.round_number),
        "race_number": "1",
        "circuit_id": "0",
        "new_circuit": "",
        "new_circuit_country": "",
        "starts_on": "2023-06-10",
        "duration_hours": "24",
        "name": "",
    }
    page = text(client.post("/results/events/new", data=data))
    assert "Choose a circuit, or name a new one below." in page
    page = text(client.post("/results/events/new", data={**data, "circuit_id": le_mans.circuit_id}))
    assert "LM24 2023 already has this round and race." in page
    page = text(client.post("/results/events/new", data={**data, "duration_hours": "-4"}))
    assert "From 0.25 to 48 hours." in page


def test_import_pages_are_for_staff_only(client, academy, le_mans, real_bytes):
    login(client, academy.driver_user)
    assert upload(client, le_mans, real_bytes).status_code == 403
    assert row_counts()["RaceEntry"] == 0
    assert len(db.session.execute(db.select(Result.id)).all()) == 0


def test_the_form_requires_the_race(client, academy, le_mans, real_bytes):
    login(client, academy.coach)
    response = client.post(
        "/results/import",
        data={"event_id": "0", "timing_file": (io.BytesIO(real_bytes), "lm.csv")},
        content_type="multipart/form-data",
    )
    assert "Choose the race this file is from." in text(response)
    assert row_counts()["RaceEntry"] == 0
