"""Migration 0014 fills latest_grades from the grades already kept, and its triggers keep it
from then on (on SQLite, where a batch rebuild of a table would drop them)."""

from __future__ import annotations

from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from academy import create_app
from academy.clock import academy_today
from academy.coaching.queries import (
    _current_grades_from_history,
    competencies,
    current_grades,
)
from academy.enums import Role
from academy.extensions import db
from academy.rubric import ensure_default_rubric
from tests.builders import make_driver, make_user
from tests.coaching.conftest import make_session


def _pairs(grades) -> dict:
    return {(g.driver_id, g.competency_id): (g.score, g.held_on, g.session_id) for g in grades}


def test_the_upgrade_fills_latest_grades_from_the_history_and_keeps_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="0013")
        ensure_default_rubric()
        db.session.commit()
        racecraft, pace, *_ = competencies()
        coach = make_user(Role.COACH)
        driver = make_driver(coach=coach)
        today = academy_today()
        make_session(driver, coach, held_on=today - timedelta(9), scores={racecraft: 4, pace: 7})
        make_session(driver, coach, held_on=today - timedelta(2), scores={racecraft: 6})
        make_session(driver, coach, held_on=today - timedelta(5), scores={racecraft: 9})
        db.session.commit()
        assert "latest_grades" not in inspect(db.engine).get_table_names()

        upgrade()
        stored = _pairs(current_grades([driver.id]))
        assert {key: score for key, (score, _, _) in stored.items()} == {
            (driver.id, racecraft.id): 6,
            (driver.id, pace.id): 7,
        }
        assert stored == _pairs(_current_grades_from_history([driver.id], today))
        make_session(driver, coach, held_on=today, scores={pace: 3})
        db.session.commit()
        assert _pairs(current_grades([driver.id]))[(driver.id, pace.id)][0] == 3

        downgrade(revision="0013")
        assert "latest_grades" not in inspect(db.engine).get_table_names()
        triggers = db.session.execute(
            db.text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%latest%'"
            )
        ).all()
        assert triggers == []
        db.session.remove()
        db.engine.dispose()
