from __future__ import annotations

import hashlib

from academy.enums import Role
from academy.extensions import db
from academy.models import CoachingSession, Driver, Event, Grade, Result, User
from tests.demo.seed import DEMO_PASSWORD, seed_demo


def _fingerprint() -> str:
    rows = []
    for model in (Driver, Event, Result, CoachingSession, Grade):
        for obj in db.session.execute(db.select(model).order_by(model.id)).scalars():
            columns = [
                c.key
                for c in obj.__table__.columns
                if c.key not in ("created_at", "updated_at", "graded_at", "id")
            ]
            rows.append(repr([getattr(obj, name) for name in columns]))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def test_demo_academy_is_believable(app):
    summary = seed_demo(2026)
    db.session.commit()
    assert 28 <= summary["drivers"] <= 32
    roles = dict(
        db.session.execute(db.select(User.role, db.func.count()).group_by(User.role)).all()
    )
    assert roles[Role.ADMIN] == 1 and roles[Role.COACH] == 3 and roles[Role.PRINCIPAL] == 2
    nationalities = set(db.session.execute(db.select(Driver.nationality)).scalars())
    assert {"JPN", "CHN", "KOR", "THA", "AUS", "IND"} <= nationalities
    native = set(db.session.execute(db.select(Driver.native_name)).scalars())
    assert "佐藤 蓮" in native and "김민준" in native
    series = {event.season.series.code for event in db.session.execute(db.select(Event)).scalars()}
    assert {"ALMS", "ELMS"} <= series
    assert summary["results"] > 1000 and summary["grades"] > 1000


def test_demo_accounts_sign_in_with_the_documented_password(client, app):
    seed_demo(2026)
    db.session.commit()
    response = client.post(
        "/login", data={"email": "director@asia-endurance.academy", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_same_seed_gives_the_same_academy(app):
    from tests.conftest import _empty_tables

    seed_demo(7)
    db.session.commit()
    first = _fingerprint()
    db.session.remove()
    _empty_tables()
    seed_demo(7)
    db.session.commit()
    assert _fingerprint() == first


def test_seed_demo_command_refuses_a_database_with_drivers(runner, app):
    assert "Demo academy created" in runner.invoke(args=["seed-demo"]).output
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "already has drivers" in result.output


def test_setup_in_a_checkout_seeds_the_demo_and_stores_its_board(runner):
    from academy.models import PathwayStanding

    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "Demo academy created" in result.output
    drivers = db.session.execute(db.select(db.func.count(Driver.id))).scalar_one()
    standings = db.session.execute(db.select(db.func.count(PathwayStanding.driver_id)))
    assert standings.scalar_one() == drivers
    assert f"Board standings stored for {drivers} drivers." in result.output
    assert result.output.rstrip().endswith("Database ready.")


def test_setup_without_the_demo_builders_migrates_and_says_there_is_no_demo(runner, monkeypatch):
    """What an installed wheel does: it carries no tests/, so no tests.demo."""
    import academy.cli

    monkeypatch.setattr(academy.cli, "demo_builder", lambda: None)
    result = runner.invoke(args=["setup"])
    assert result.exit_code == 0, result.output
    assert "No demo academy" in result.output and "Database ready." in result.output
    assert db.session.execute(db.select(User.id).limit(1)).first() is None
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "No demo academy" in refused.output
