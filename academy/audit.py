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

# Every action the code records, in the words the audit log and the director's dashboard show
# (the record it concerns follows). A test reads every `audit.record(...)` call and fails when
# an action written has no wording here.
ACTION_WORDS: dict[str, str] = {
    # accounts and signing in
    "user_created": "Created an account",
    "user_enabled": "Enabled an account",
    "user_disabled": "Disabled an account",
    "user_role_changed": "Changed an account's role",
    "password_reset_sent": "Sent a password reset link",
    "password_reset": "Reset their password with an e-mailed link",
    "password_changed": "Changed their password",
    "password_change_throttled": "Gave too many wrong current passwords (password change paused)",
    "account_locked": "Locked after too many failed sign-ins",
    "calendar_feed_created": "Created their calendar link",
    "calendar_feed_renewed": "Replaced their calendar link",
    "calendar_feed_revoked": "Turned off their calendar link",
    # drivers and their documents
    "driver_created": "Added a driver",
    "driver_updated": "Edited a driver's profile",
    "consent_changed": "Changed a driver's consent",
    "licence_added": "Added a licence",
    "licence_updated": "Edited a licence",
    "medical_added": "Added a medical certificate",
    "medical_updated": "Edited a medical certificate",
    "driver_photo_uploaded": "Uploaded a driver's photo",
    "driver_photo_removed": "Removed a driver's photo",
    # licence upgrades (licence_application_<workflow action>)
    "licence_application_created": "Started a licence application",
    "licence_application_endorse": "Endorsed a licence application",
    "licence_application_approve": "Approved a licence application",
    "licence_application_submit": "Submitted a licence application to the ASN",
    "licence_application_grant": "Recorded a licence application as granted",
    "licence_application_reject": "Rejected a licence application",
    "licence_application_withdrawn": "Withdrew a licence application",
    "licence_granted": "Recorded the licence granted",
    # coaching
    "coaching_session_logged": "Logged a coaching session",
    "coaching_session_corrected": "Corrected a coaching session",
    "coaching_session_deleted": "Deleted a coaching session",
    "grade_added": "Added a grade",
    "grade_corrected": "Corrected a grade",
    "session_planned": "Planned a coaching session",
    "planned_session_held": "Recorded a planned session as held",
    "planned_session_cancelled": "Cancelled a planned session",
    "competency_added": "Added a rubric competency",
    "competency_edited": "Edited a rubric competency",
    "competency_retired": "Retired a rubric competency",
    "competency_restored": "Restored a rubric competency",
    # results and events
    "event_created": "Created an event",
    "result_added": "Added a race result",
    "result_corrected": "Corrected a race result",
    "results_imported": "Imported a timing file",
    "imported_result_confirmed": "Confirmed an imported result",
    "imported_result_declined": "Declined an imported result",
    "team_created": "Added a team",
    "team_alias_added": "Added a team's other name",
    "race_class_added": "Added a race class",
    "race_class_alias_added": "Added a race class's other name",
    # dossiers, endorsements, rule sets
    "dossier_generated": "Generated a dossier",
    "dossier_revoked": "Revoked a dossier",
    "endorsement_signed": "Signed an endorsement",
    "rule_set_loaded": "Loaded a rule set",
    "rule_set_activated": "Put a rule set in use",
    "rule_set_deactivated": "Took a rule set out of use",
}


def action_words(action: str) -> str:
    """The action in plain words; an action no longer written (an old record) as its name."""
    known = ACTION_WORDS.get(action)
    if known is not None:
        return known
    plain = action.replace("_", " ").replace(".", " ").strip()
    return plain[:1].upper() + plain[1:]


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
