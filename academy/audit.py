"""Write audit events. The request handler commits; this only adds to the session."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from flask import g, has_request_context
from flask_login import current_user

from academy.extensions import db
from academy.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(obj: Any, fields: list[str] | None = None) -> dict[str, Any]:
    """The record's column values as JSON-safe data (all columns unless `fields` is given)."""
    names = fields or [column.key for column in obj.__table__.columns]
    return {name: _plain(getattr(obj, name)) for name in names}


def record(
    action: str,
    entity: Any | None = None,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> AuditEvent:
    if entity is not None:
        entity_type = entity_type or entity.__tablename__
        if entity_id is None:
            db.session.flush()
            entity_id = entity.id
    if actor_id is None and has_request_context() and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        entity_type=entity_type or "",
        entity_id=entity_id,
        before=before,
        after=after,
        request_id=g.get("request_id", "") if has_request_context() else "",
    )
    db.session.add(event)
    return event
