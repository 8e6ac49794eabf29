"""Timing files waiting between preview and confirmation: kept an hour, and no more than a quota
per user (security review, December 2026, finding 13: 20 MB files kept 6 h, no quota)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from academy.extensions import db
from academy.models import PendingUpload
from tests.builders import login
from tests.demo.timing_files import alkamel_bytes, classification_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event
from tests.security.test_uploads import upload_timing


def _waiting() -> int:
    return db.session.execute(select(func.count()).select_from(PendingUpload)).scalar_one()


@pytest.fixture
def timing_file() -> bytes:
    race = simulate_race(sample_grid(2, seed=5), laps=5, seed=5)
    return alkamel_bytes(classification_csv(race))


def test_one_user_cannot_keep_more_than_the_quota_waiting(
    app, client, academy, timing_file, monkeypatch
):
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", len(timing_file) * 2 + 10)
    event = make_event()
    login(client, academy.coach)
    first = upload_timing(client, event.id, timing_file, "one.csv")
    second = upload_timing(client, event.id, timing_file, "two.csv")
    assert first.status_code == second.status_code == 302
    refused = upload_timing(client, event.id, timing_file, "three.csv")
    assert refused.status_code == 200
    assert "of timing files waiting for confirmation" in refused.get_data(as_text=True)
    assert _waiting() == 2
    # Cancelling one makes room again.
    client.post(first.headers["Location"] + "/cancel")
    assert upload_timing(client, event.id, timing_file, "three.csv").status_code == 302


def test_the_quota_is_per_user(app, academy, timing_file, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_QUOTA_BYTES", len(timing_file) + 10)
    event = make_event()
    coach, other = app.test_client(), app.test_client()
    login(coach, academy.coach)
    login(other, academy.other_coach)
    assert upload_timing(coach, event.id, timing_file, "mine.csv").status_code == 302
    assert upload_timing(coach, event.id, timing_file, "again.csv").status_code == 200
    assert upload_timing(other, event.id, timing_file, "theirs.csv").status_code == 302


def test_an_upload_is_kept_an_hour_by_default_then_purged(app, client, academy, timing_file):
    assert app.config["UPLOAD_KEEP_SECONDS"] == 3600
    event = make_event()
    login(client, academy.coach)
    preview = upload_timing(client, event.id, timing_file, "old.csv").headers["Location"]
    db.session.execute(
        update(PendingUpload).values(uploaded_at=PendingUpload.uploaded_at - timedelta(hours=2))
    )
    db.session.commit()
    upload_timing(client, event.id, timing_file, "new.csv")  # each upload purges expired ones
    db.session.expire_all()
    assert _waiting() == 1
    assert client.get(preview).status_code == 404
