"""An unknown class is a question in the preview: map it to a known class, or add it."""

from __future__ import annotations

import pytest

from academy.enums import RaceClass
from academy.extensions import db
from academy.models import AuditEvent, ClassDefinition, RaceEntry
from tests.builders import login
from tests.drivers.racing import make_event
from tests.results.independent import REAL_DATA
from tests.results.test_import_web_flow import text, upload

SILVERSTONE = REAL_DATA / "elms-2014-silverstone-classification.csv"


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))


@pytest.fixture
def variant() -> bytes:
    """The real file with GTC renamed to a label nobody knows (a copy, made here)."""
    return SILVERSTONE.read_bytes().replace(b";GTC;", b";GT CHALLENGE;")


def cars_of_label(data: bytes) -> set[str]:
    lines = data.decode("utf-8-sig").splitlines()[1:]
    return {line.split(";")[1] for line in lines if ";GT CHALLENGE;" in line}


def test_the_preview_asks_and_nothing_can_be_imported_until_answered(client, academy, variant):
    event = make_event(series="ELMS", season="2014", circuit="Silverstone Circuit")
    login(client, academy.coach)
    preview_url = upload(client, event, variant, "silverstone.csv").headers["Location"]
    page = text(client.get(preview_url))
    assert "Classes the academy does not know" in page
    assert "GT CHALLENGE" in page
    assert "map each to a known class or add it" in page
    refused = client.post(preview_url + "/confirm")
    assert refused.status_code == 409
    assert db.session.execute(db.select(RaceEntry.id)).first() is None


def test_mapping_the_label_to_a_known_class_adds_an_alias_and_imports(client, academy, variant):
    event = make_event(series="ELMS", season="2014", circuit="Silverstone Circuit")
    login(client, academy.coach)
    preview_url = upload(client, event, variant, "silverstone.csv").headers["Location"]
    answered = client.post(
        preview_url + "/classes", data={"which": "0", "target": "GTC", "counts_as": ""}
    )
    assert answered.headers["Location"].endswith(preview_url)
    gtc = db.session.execute(
        db.select(ClassDefinition).where(ClassDefinition.name == "GTC")
    ).scalar_one()
    assert "GT CHALLENGE" in gtc.aliases
    assert db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "race_class_alias_added")
    ).scalar_one()
    assert "Classes the academy does not know" not in text(client.get(preview_url))
    client.post(preview_url + "/confirm")
    stored = {
        entry.car_number
        for entry in db.session.execute(
            db.select(RaceEntry).where(RaceEntry.class_name == "GTC")
        ).scalars()
    }
    assert stored == cars_of_label(variant)


def test_adding_the_label_as_a_class_of_its_own(client, academy, variant):
    event = make_event(series="ELMS", season="2014", circuit="Silverstone Circuit")
    login(client, academy.coach)
    preview_url = upload(client, event, variant, "silverstone.csv").headers["Location"]
    client.post(
        preview_url + "/classes",
        data={"which": "0", "target": "__new__", "counts_as": RaceClass.GT.value},
    )
    added = db.session.execute(
        db.select(ClassDefinition).where(ClassDefinition.name == "GT CHALLENGE")
    ).scalar_one()
    assert added.counts_as is RaceClass.GT
    client.post(preview_url + "/confirm")
    entries = (
        db.session.execute(db.select(RaceEntry).where(RaceEntry.class_name == "GT CHALLENGE"))
        .scalars()
        .all()
    )
    assert {entry.car_number for entry in entries} == cars_of_label(variant)
    assert {entry.race_class for entry in entries} == {RaceClass.GT}


def test_a_new_class_needs_what_it_counts_as(client, academy, variant):
    event = make_event(series="ELMS", season="2014", circuit="Silverstone Circuit")
    login(client, academy.coach)
    preview_url = upload(client, event, variant, "silverstone.csv").headers["Location"]
    answer = client.post(preview_url + "/classes", data={"which": "0", "target": "__new__"})
    assert answer.status_code == 400


def test_only_a_class_the_file_names_can_be_answered(client, academy, variant):
    event = make_event(series="ELMS", season="2014", circuit="Silverstone Circuit")
    login(client, academy.coach)
    preview_url = upload(client, event, variant, "silverstone.csv").headers["Location"]
    answer = client.post(preview_url + "/classes", data={"which": "1", "target": "GTC"})
    assert answer.status_code == 400
    assert (
        "GT CHALLENGE"
        not in db.session.execute(db.select(ClassDefinition).where(ClassDefinition.name == "GTC"))
        .scalar_one()
        .aliases
    )
