"""The audit log as people read it: newest first, each record named and linked, before and
after as a difference, filtered by who, what and when, a page at a time.

Statements per page, whatever its size: the events (1), their count (1), the accounts for the
"who" filter (1), the record kinds present (1), and one per kind of record on the page to
name them (at most one per entry of RECORDS).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import url_for
from sqlalchemy import select

from academy.audit import action_words
from academy.enums import DossierKind, label
from academy.extensions import db
from academy.models import (
    AuditEvent,
    CoachingSession,
    Dossier,
    Driver,
    DriverPhoto,
    Endorsement,
    Event,
    Grade,
    Licence,
    LicenceApplication,
    MedicalCertificate,
    Result,
    RuleSetRecord,
    User,
)

PAGE_SIZES = (25, 50, 100)

# Records that belong to a driver: (model, words, endpoint that shows them, its arguments).
_DRIVER_RECORDS: dict[str, tuple[Any, str, str]] = {
    "licence_applications": (LicenceApplication, "licence application", "licensing.application"),
    "licences": (Licence, "licence", "licensing.driver_applications"),
    "medical_certificates": (MedicalCertificate, "medical certificate", "drivers.profile"),
    "results": (Result, "race result", "drivers.history"),
    "coaching_sessions": (CoachingSession, "coaching session", "coaching.driver_sessions"),
    "grades": (Grade, "grade", "coaching.driver_sessions"),
    "dossiers": (Dossier, "dossier", "dossiers.driver_dossiers"),
    "driver_photos": (DriverPhoto, "photo", "dossiers.driver_dossiers"),
    "endorsements": (Endorsement, "endorsement", "dossiers.driver_dossiers"),
}
RECORD_WORDS: dict[str, str] = {
    "drivers": "driver",
    "users": "account",
    "events": "event",
    "rule_sets": "rule set",
    **{table: words for table, (_, words, _) in _DRIVER_RECORDS.items()},
}


@dataclass(frozen=True)
class Named:
    text: str
    url: str | None


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Line:
    event: AuditEvent
    action: str
    record: Named
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Filters:
    actor_id: int | None = None
    entity_type: str = ""
    since: date | None = None
    until: date | None = None


def _value(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[Change, ...]:
    """The fields that differ between before and after, in the order they were recorded."""
    before, after = before or {}, after or {}
    fields = list(dict.fromkeys([*before, *after]))
    return tuple(
        Change(field.replace("_", " "), _value(before.get(field)), _value(after.get(field)))
        for field in fields
        if before.get(field) != after.get(field)
    )


def _names(ids_by_type: dict[str, set[int]]) -> dict[tuple[str, int | None], Named]:
    named: dict[tuple[str, int | None], Named] = {}
    for table, ids in ids_by_type.items():
        if table in _DRIVER_RECORDS:
            model, words, endpoint = _DRIVER_RECORDS[table]
            columns = [model.id, Driver.id, Driver.legal_name]
            if model is Dossier:
                columns.append(Dossier.kind)
            rows = db.session.execute(
                select(*columns).join(Driver, model.driver_id == Driver.id).where(model.id.in_(ids))
            ).all()
            for row in rows:
                what = words
                if model is Dossier and isinstance(row[3], DossierKind):
                    what = f"{label(row[3]).lower()} dossier"
                args: dict[str, Any] = {"driver_id": row[1]}
                if endpoint == "licensing.application":
                    args["application_id"] = row[0]
                named[(table, row[0])] = Named(f"{what} of {row[2]}", url_for(endpoint, **args))
        elif table == "drivers":
            for id_, name in db.session.execute(
                select(Driver.id, Driver.legal_name).where(Driver.id.in_(ids))
            ):
                named[(table, id_)] = Named(
                    f"driver {name}", url_for("drivers.profile", driver_id=id_)
                )
        elif table == "users":
            for id_, name in db.session.execute(
                select(User.id, User.display_name).where(User.id.in_(ids))
            ):
                named[(table, id_)] = Named(f"account of {name}", url_for("admin.users"))
        elif table == "events":
            for id_, name in db.session.execute(
                select(Event.id, Event.name).where(Event.id.in_(ids))
            ):
                named[(table, id_)] = Named(f"event {name}", url_for("results.events"))
        elif table == "rule_sets":
            for id_, key in db.session.execute(
                select(RuleSetRecord.id, RuleSetRecord.key).where(RuleSetRecord.id.in_(ids))
            ):
                named[(table, id_)] = Named(
                    f"rule set {key}", url_for("rules_admin.show", record_id=id_)
                )
    return named


def _filtered(query, filters: Filters):
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.entity_type:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.since is not None:
        query = query.where(AuditEvent.at >= datetime.combine(filters.since, time()))
    if filters.until is not None:
        query = query.where(
            AuditEvent.at < datetime.combine(filters.until + timedelta(days=1), time())
        )
    return query


@dataclass(frozen=True)
class AuditPage:
    lines: tuple[Line, ...]
    page: int
    pages: int
    total: int
    actors: tuple[tuple[int, str], ...]
    kinds: tuple[tuple[str, str], ...]


def audit_lines(events: list[AuditEvent]) -> tuple[Line, ...]:
    """Events in words: each record named and linked, what changed; one statement per kind of
    record among them (the audit log and the director's dashboard)."""
    ids_by_type: dict[str, set[int]] = defaultdict(set)
    for event in events:
        if event.entity_id is not None:
            ids_by_type[event.entity_type].add(event.entity_id)
    named = _names(ids_by_type)
    lines = []
    for event in events:
        words = RECORD_WORDS.get(event.entity_type, event.entity_type.replace("_", " "))
        record = named.get(
            (event.entity_type, event.entity_id),
            Named(f"{words} #{event.entity_id}" if event.entity_id else words, None),
        )
        lines.append(
            Line(
                event,
                action_words(event.action),
                record,
                changes(event.before, event.after),
            )
        )
    return tuple(lines)


def audit_page(filters: Filters, page: int, per_page: int) -> AuditPage:
    page = max(page, 1)
    total = db.session.execute(
        _filtered(select(db.func.count(AuditEvent.id)), filters)
    ).scalar_one()
    events = list(
        db.session.execute(
            _filtered(select(AuditEvent), filters)
            .options(db.joinedload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        ).scalars()
    )
    lines = audit_lines(events)
    actors = tuple(
        db.session.execute(select(User.id, User.display_name).order_by(User.display_name)).all()
    )
    kinds = tuple(
        (kind, RECORD_WORDS.get(kind, kind.replace("_", " ")))
        for kind in db.session.execute(
            select(AuditEvent.entity_type).distinct().order_by(AuditEvent.entity_type)
        ).scalars()
        if kind
    )
    pages = max((total + per_page - 1) // per_page, 1)
    return AuditPage(lines, page, pages, total, actors, kinds)


def parse_filters(args: Callable[..., Any]) -> Filters:
    """Filters from the query string; a value that does not parse is left out."""

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(args(name, ""))
        except ValueError:
            return None

    return Filters(
        actor_id=args("who", None, type=int),
        entity_type=args("what", "").strip(),
        since=day("since"),
        until=day("until"),
    )
