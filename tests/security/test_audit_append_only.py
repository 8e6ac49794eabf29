"""The audit log refuses changes in the database itself, not only in the ORM (security review,
December 2026, finding 14): plain SQL cannot rewrite or erase what happened."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from academy import audit
from academy.extensions import db
from academy.models import AuditEvent


@pytest.fixture
def recorded(app, academy):
    event = audit.record("user_disabled", academy.coach, actor_id=academy.admin.id)
    db.session.commit()
    return event.id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET action = 'nothing_happened' WHERE id = :id",
        "UPDATE audit_events SET actor_id = NULL WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
        "DELETE FROM audit_events",
    ],
)
def test_plain_sql_cannot_change_or_delete_an_audit_event(app, recorded, statement):
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text(statement), {"id": recorded})
    event = db.session.get(AuditEvent, recorded)
    assert event is not None
    assert event.action == "user_disabled"


def test_new_events_are_still_written(app, recorded, academy):
    audit.record("user_enabled", academy.coach, actor_id=academy.admin.id)
    db.session.commit()
    actions = db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)).scalars()
    assert list(actions) == ["user_disabled", "user_enabled"]
