"""The import obeys the manual-entry rule, driver by driver (security review, December 2026,
finding 3: a coach imported a classification naming another coach's drivers and the results
were written into their histories). Seats the importer may not write wait, under the file's
name, for the driver's coach or the director to confirm."""

from __future__ import annotations

import io

import pytest

from academy.extensions import db
from academy.models import AuditEvent, Result
from tests.builders import login
from tests.demo.timing_files import alkamel_bytes, classification_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))


@pytest.fixture
def race_naming_both(academy):
    """A classification whose first two cars carry the coach's driver and the other coach's."""
    grid = sample_grid(3, seed=11)
    mine, theirs = grid[0].drivers[0], grid[1].drivers[0]
    academy.driver.legal_name = mine
    academy.other_driver.legal_name = theirs
    db.session.commit()
    race = simulate_race(grid, laps=5, seed=11)
    return alkamel_bytes(classification_csv(race)), mine, theirs


def _import(client, event, data: bytes):
    response = client.post(
        "/results/import",
        data={"event_id": event.id, "timing_file": (io.BytesIO(data), "classification.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    preview = response.headers["Location"]
    page = client.get(preview).get_data(as_text=True)
    confirmed = client.post(preview + "/confirm")
    assert confirmed.status_code == 302
    return page


def _results_of(driver_id: int) -> list[Result]:
    return list(db.session.execute(db.select(Result).filter_by(driver_id=driver_id)).scalars())


def _pending_of(driver_id: int) -> list[Result]:
    return list(
        db.session.execute(db.select(Result).filter_by(pending_driver_id=driver_id)).scalars()
    )


def test_a_coach_s_import_does_not_write_into_another_coach_s_driver(
    client, academy, race_naming_both
):
    data, _, theirs = race_naming_both
    login(client, academy.coach)
    preview = _import(client, make_event(), data)
    assert "whom you do not coach" in preview
    assert len(_results_of(academy.driver.id)) == 1
    assert _results_of(academy.other_driver.id) == []
    (kept,) = _pending_of(academy.other_driver.id)
    assert kept.driver_id is None
    assert kept.external_name == theirs


def test_the_other_coach_confirms_the_seat_and_it_joins_their_driver_s_history(
    app, academy, race_naming_both
):
    data, _, theirs = race_naming_both
    importer = app.test_client()
    login(importer, academy.coach)
    _import(importer, make_event(), data)
    (kept,) = _pending_of(academy.other_driver.id)
    owner = app.test_client()
    login(owner, academy.other_coach)
    history = owner.get(f"/drivers/{academy.other_driver.id}/history").get_data(as_text=True)
    assert "Imported results waiting for you" in history
    assert theirs in history
    response = owner.post(f"/results/pending/{kept.id}/confirm")
    assert response.status_code == 302
    db.session.expire_all()
    (result,) = _results_of(academy.other_driver.id)
    assert result.id == kept.id
    assert result.external_name == theirs  # kept: what a principal is shown
    assert result.pending_driver_id is None
    assert db.session.execute(
        db.select(AuditEvent).filter_by(action="imported_result_confirmed", entity_id=kept.id)
    ).scalar_one()
    history = owner.get(f"/drivers/{academy.other_driver.id}/history").get_data(as_text=True)
    assert "Imported results waiting for you" not in history


def test_declining_keeps_the_seat_under_the_file_s_name(app, academy, race_naming_both):
    data, _, theirs = race_naming_both
    importer = app.test_client()
    login(importer, academy.coach)
    _import(importer, make_event(), data)
    (kept,) = _pending_of(academy.other_driver.id)
    director = app.test_client()
    login(director, academy.admin)
    assert director.post(f"/results/pending/{kept.id}/decline").status_code == 302
    db.session.expire_all()
    result = db.session.get(Result, kept.id)
    assert (result.driver_id, result.pending_driver_id, result.external_name) == (
        None,
        None,
        theirs,
    )


@pytest.mark.parametrize("who", ["coach", "driver_user", "principal"])
def test_only_the_driver_s_coach_or_the_director_may_confirm(app, academy, race_naming_both, who):
    data, _, _ = race_naming_both
    importer = app.test_client()
    login(importer, academy.coach)
    _import(importer, make_event(), data)
    (kept,) = _pending_of(academy.other_driver.id)
    other = app.test_client()
    login(other, getattr(academy, who))
    assert other.post(f"/results/pending/{kept.id}/confirm").status_code == 403
    db.session.expire_all()
    assert _results_of(academy.other_driver.id) == []


def test_the_director_s_import_writes_every_matched_driver(client, academy, race_naming_both):
    data, _, _ = race_naming_both
    login(client, academy.admin)
    preview = _import(client, make_event(), data)
    assert "whom you do not coach" not in preview
    assert len(_results_of(academy.driver.id)) == 1
    assert len(_results_of(academy.other_driver.id)) == 1
    assert _pending_of(academy.other_driver.id) == []
