"""The audit log records every change made through the web to drivers, results, grades,
licences, applications, rule sets, consent, accounts, photos and dossiers: who, which record,
and what it was before and after.

CHANGES declares each kind of change: who makes it, how, and the event it must leave.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from academy.enums import ApplicationStatus, LicenceGrade, SessionType
from academy.extensions import db
from academy.licensing.service import create_application
from academy.models import (
    AuditEvent,
    CoachingSession,
    Competency,
    Dossier,
    Driver,
    Event,
    Grade,
    ImportBatch,
    Licence,
    LicenceApplication,
    MedicalCertificate,
    Result,
    RuleSetRecord,
    User,
)
from academy.pathway.loader import RULESETS_DIR
from academy.rubric import ensure_default_rubric
from tests.builders import login
from tests.demo.timing_files import alkamel_bytes, classification_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event
from tests.security.pages import form_values

Ctx = SimpleNamespace
ANY = object()  # the value is there, whatever it is
ABSENT = None  # the event has no before (a creation) or no after (a removal)


@dataclass(frozen=True)
class Change:
    """One kind of change: `act` makes it as `user`; the audit log must then hold `action` on
    the record `entity` names, by that user, with `before` and `after` holding these values."""

    user: str
    act: Callable[[Ctx], Any]
    action: str
    entity: Callable[[Ctx], tuple[str, int]]
    before: dict[str, Any] | None = ABSENT
    after: dict[str, Any] | None = field(default_factory=dict)
    setup: Callable[[Ctx], None] = lambda ctx: None


# --- how the changes are made -------------------------------------------------------------------


def _post_form(ctx: Ctx, url: str, field_name: str, **changes: str):
    """Open the page, change some values of the form holding `field_name`, send it back."""
    page = ctx.client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    data = {**form_values(page.get_data(as_text=True), field_name), **changes}
    return ctx.client.post(url, data=data)


def _driver_url(ctx: Ctx, tail: str = "") -> str:
    return f"/drivers/{ctx.academy.driver.id}{tail}"


def _latest_id(model: type) -> int:
    return db.session.execute(select(model.id).order_by(model.id.desc()).limit(1)).scalar_one()


def _licence(ctx: Ctx) -> None:
    ctx.licence = db.session.execute(
        select(Licence).where(Licence.driver_id == ctx.academy.driver.id)
    ).scalar_one()


def _medical(ctx: Ctx) -> None:
    ctx.medical = db.session.execute(
        select(MedicalCertificate).where(MedicalCertificate.driver_id == ctx.academy.driver.id)
    ).scalar_one()


def _event(ctx: Ctx) -> None:
    ctx.event = make_event()


def _result_form(ctx: Ctx, **changes: str) -> dict[str, str]:
    return {
        "event_id": str(ctx.event.id),
        "car_number": "23",
        "team": "Phoenix Endurance",
        "race_class": "LMP3",
        "status": "classified",
        "position_overall": "4",
        "position_in_class": "2",
        "laps": "110",
        "points": "18",
        "seat": "1",
        **changes,
    }


def _result(ctx: Ctx) -> None:
    _event(ctx)
    login(ctx.client, ctx.academy.coach)
    ctx.client.post(_driver_url(ctx, "/results/new"), data=_result_form(ctx))
    ctx.result_id = _latest_id(Result)


def _rubric(ctx: Ctx) -> None:
    ensure_default_rubric()
    db.session.commit()
    ctx.racecraft = db.session.execute(
        select(Competency).where(Competency.key == "racecraft")
    ).scalar_one()


def _graded_session(ctx: Ctx) -> None:
    _rubric(ctx)
    session = CoachingSession(
        driver_id=ctx.academy.driver.id,
        coach_id=ctx.academy.coach.id,
        held_on=date.today() - timedelta(days=2),
        session_type=SessionType.FITNESS,
    )
    session.grades.append(
        Grade(
            driver_id=ctx.academy.driver.id,
            competency_id=ctx.racecraft.id,
            score=6,
            revision=1,
            graded_by_id=ctx.academy.coach.id,
        )
    )
    db.session.add(session)
    db.session.commit()
    ctx.session = session
    ctx.grade_id = session.grades[0].id


def _log_session(ctx: Ctx):
    return ctx.client.post(
        "/coaching/sessions/new",
        data={
            "drivers": str(ctx.academy.driver.id),
            "held_on": (date.today() - timedelta(days=1)).isoformat(),
            "session_type": SessionType.FITNESS.value,
            f"score_{ctx.racecraft.id}": "7",
            "notes": "Circuit training.",
        },
    )


def _correct_grade(ctx: Ctx):
    return _post_form(
        ctx,
        f"/coaching/sessions/{ctx.session.id}/edit",
        "correction_reason",
        **{f"score_{ctx.racecraft.id}": "8", "correction_reason": "Wrong sheet."},
    )


def _upload_timing(ctx: Ctx):
    ctx.event = make_event()
    race = simulate_race(sample_grid(3, seed=4), laps=8, seed=4)
    upload = ctx.client.post(
        "/results/import",
        data={
            "event_id": ctx.event.id,
            "timing_file": (io.BytesIO(alkamel_bytes(classification_csv(race))), "race.csv"),
        },
        content_type="multipart/form-data",
    )
    return ctx.client.post(upload.headers["Location"] + "/confirm")


def _application(status: ApplicationStatus) -> Callable[[Ctx], None]:
    def setup(ctx: Ctx) -> None:
        application = create_application(
            ctx.academy.driver,
            LicenceGrade.INTERNATIONAL_D,
            "JAF",
            "",
            ctx.academy.coach,
            "alms-to-le-mans",
        )
        application.status = status
        db.session.commit()
        ctx.application = application

    return setup


def _act(action: str, **fields: str) -> Callable[[Ctx], Any]:
    def act(ctx: Ctx):
        data = {f"{action}-version": str(ctx.application.version)}
        data.update({f"{action}-{name}": value for name, value in fields.items()})
        url = _driver_url(ctx, f"/licence/{ctx.application.id}/{action}")
        return ctx.client.post(url, data=data)

    return act


OVERRIDE = {"override_reason": "Results from Japan are not imported yet."}


def _application_entity(ctx: Ctx) -> tuple[str, int]:
    return ("licence_applications", ctx.application.id)


def _rule_set_record(ctx: Ctx) -> None:
    login(ctx.client, ctx.academy.admin)
    ctx.client.post("/admin/rules/shipped/alms-to-le-mans/load")
    ctx.record_id = _latest_id(RuleSetRecord)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (20, 40, 75)).save(out, format="PNG")
    return out.getvalue()


def _upload_photo(ctx: Ctx):
    return ctx.client.post(
        _driver_url(ctx, "/photo"),
        data={"photo": (io.BytesIO(_png()), "me.png")},
        content_type="multipart/form-data",
    )


def _photo(ctx: Ctx) -> None:
    login(ctx.client, ctx.academy.coach)
    _upload_photo(ctx)


def _dossier(ctx: Ctx) -> None:
    login(ctx.client, ctx.academy.coach)
    ctx.client.post(_driver_url(ctx, "/dossiers/invitation.pdf"))
    ctx.dossier_id = _latest_id(Dossier)


# --- the table ----------------------------------------------------------------------------------

CHANGES: dict[str, Change] = {
    "driver created": Change(
        user="coach",
        act=lambda ctx: _post_form(
            ctx, "/drivers/new", "legal_name", legal_name="Nattapong Srisuk", nationality="THA"
        ),
        action="driver_created",
        entity=lambda ctx: ("drivers", _latest_id(Driver)),
        after={"legal_name": "Nattapong Srisuk", "coach_id": ANY},
    ),
    "driver edited": Change(
        user="coach",
        act=lambda ctx: _post_form(
            ctx, _driver_url(ctx, "/edit"), "legal_name", legal_name="Ren Sato-Hayashi"
        ),
        action="driver_updated",
        entity=lambda ctx: ("drivers", ctx.academy.driver.id),
        before={"legal_name": "Ren Sato"},
        after={"legal_name": "Ren Sato-Hayashi"},
    ),
    "licence added": Change(
        user="coach",
        act=lambda ctx: ctx.client.post(
            _driver_url(ctx, "/licences/new"),
            data={
                "grade": LicenceGrade.INTERNATIONAL_B.value,
                "asn": "JAF",
                "number": "B-77",
                "issued_on": "2026-01-01",
                "expires_on": "2026-12-31",
            },
        ),
        action="licence_added",
        entity=lambda ctx: ("licences", _latest_id(Licence)),
        after={"number": "B-77", "grade": LicenceGrade.INTERNATIONAL_B.value},
    ),
    "licence edited": Change(
        user="coach",
        setup=_licence,
        act=lambda ctx: _post_form(
            ctx,
            _driver_url(ctx, f"/licences/{ctx.licence.id}/edit"),
            "number",
            expires_on="2030-06-30",
        ),
        action="licence_updated",
        entity=lambda ctx: ("licences", ctx.licence.id),
        before={"expires_on": "2099-12-31"},
        after={"expires_on": "2030-06-30"},
    ),
    "medical added": Change(
        user="coach",
        act=lambda ctx: ctx.client.post(
            _driver_url(ctx, "/medicals/new"),
            data={"issued_on": "2026-01-05", "expires_on": "2027-01-04", "examiner": "Dr Abe"},
        ),
        action="medical_added",
        entity=lambda ctx: ("medical_certificates", _latest_id(MedicalCertificate)),
        after={"examiner": "Dr Abe"},
    ),
    "medical edited": Change(
        user="coach",
        setup=_medical,
        act=lambda ctx: _post_form(
            ctx,
            _driver_url(ctx, f"/medicals/{ctx.medical.id}/edit"),
            "examiner",
            examiner="Dr Laurent",
        ),
        action="medical_updated",
        entity=lambda ctx: ("medical_certificates", ctx.medical.id),
        before={"examiner": ""},
        after={"examiner": "Dr Laurent"},
    ),
    "consent withdrawn by the driver": Change(
        user="driver_user",
        act=lambda ctx: ctx.client.post(_driver_url(ctx, "/consent"), data={}),
        action="consent_changed",
        entity=lambda ctx: ("drivers", ctx.academy.driver.id),
        before={"consent_scouting": True},
        after={"consent_scouting": False},
    ),
    "result added": Change(
        user="coach",
        setup=_event,
        act=lambda ctx: ctx.client.post(_driver_url(ctx, "/results/new"), data=_result_form(ctx)),
        action="result_added",
        entity=lambda ctx: ("results", _latest_id(Result)),
        after={"entry": ANY, "result": ANY},
    ),
    "result corrected": Change(
        user="coach",
        setup=_result,
        act=lambda ctx: _post_form(
            ctx, _driver_url(ctx, f"/results/{ctx.result_id}/edit"), "team", team="Phoenix Racing"
        ),
        action="result_corrected",
        entity=lambda ctx: ("results", ctx.result_id),
        before={"entry": ANY},
        after={"entry": ANY},
    ),
    "results imported": Change(
        user="coach",
        act=_upload_timing,
        action="results_imported",
        entity=lambda ctx: ("import_batches", _latest_id(ImportBatch)),
        after={"file_name": "race.csv", "cars_added": 3, "event_id": ANY},
    ),
    "event created": Change(
        user="coach",
        act=lambda ctx: ctx.client.post(
            "/results/events/new",
            data={
                "series": "ALMS",
                "season_label": "2025-26",
                "round_number": "3",
                "race_number": "1",
                "circuit_id": "0",
                "new_circuit": "Dubai Autodrome",
                "new_circuit_country": "ARE",
                "starts_on": "2026-02-07",
                "duration_hours": "4",
            },
        ),
        action="event_created",
        entity=lambda ctx: ("events", _latest_id(Event)),
        after={"round_number": 3},
    ),
    "session logged with grades": Change(
        user="coach",
        setup=_rubric,
        act=_log_session,
        action="coaching_session_logged",
        entity=lambda ctx: ("coaching_sessions", _latest_id(CoachingSession)),
        after={"grades": ANY, "driver_id": ANY},
    ),
    "grade corrected": Change(
        user="coach",
        setup=_graded_session,
        act=_correct_grade,
        action="grade_corrected",
        entity=lambda ctx: ("grades", _latest_id(Grade)),
        before={"score": 6},
        after={"score": 8, "supersedes_id": ANY, "correction_reason": "Wrong sheet."},
    ),
    "competency added": Change(
        user="admin",
        act=lambda ctx: ctx.client.post(
            "/coaching/rubric/new", data={"name": "Pit stops", "position": "20"}
        ),
        action="competency_added",
        entity=lambda ctx: ("competencies", _latest_id(Competency)),
        after={"name": "Pit stops"},
    ),
    "competency retired": Change(
        user="admin",
        setup=_rubric,
        act=lambda ctx: ctx.client.post(f"/coaching/rubric/{ctx.racecraft.id}/retire"),
        action="competency_retired",
        entity=lambda ctx: ("competencies", ctx.racecraft.id),
        before={"retired_at": None},
        after={"retired_at": ANY},
    ),
    "licence application created": Change(
        user="coach",
        act=lambda ctx: ctx.client.post(
            _driver_url(ctx, "/licence/new"),
            data={"target_grade": LicenceGrade.INTERNATIONAL_D.value, "asn": "JAF"},
        ),
        action="licence_application_created",
        entity=lambda ctx: ("licence_applications", _latest_id(LicenceApplication)),
        after={"status": "draft"},
    ),
    "application endorsed": Change(
        user="admin",
        setup=_application(ApplicationStatus.DRAFT),
        act=_act("endorse", **OVERRIDE),
        action="licence_application_endorse",
        entity=_application_entity,
        before={"status": "draft"},
        after={"status": "endorsed", "overridden": True},
    ),
    "application approved": Change(
        user="admin",
        setup=_application(ApplicationStatus.ENDORSED),
        act=_act("approve", **OVERRIDE),
        action="licence_application_approve",
        entity=_application_entity,
        before={"status": "endorsed"},
        after={"status": "approved"},
    ),
    "application submitted": Change(
        user="admin",
        setup=_application(ApplicationStatus.APPROVED),
        act=_act("submit"),
        action="licence_application_submit",
        entity=_application_entity,
        before={"status": "approved"},
        after={"status": "submitted"},
    ),
    "application granted": Change(
        user="admin",
        setup=_application(ApplicationStatus.SUBMITTED),
        act=_act("grant", number="D-2026-9", issued_on="2026-01-02", expires_on="2026-12-31"),
        action="licence_application_grant",
        entity=_application_entity,
        before={"status": "submitted"},
        after={"status": "granted"},
    ),
    "licence created by a grant": Change(
        user="admin",
        setup=_application(ApplicationStatus.SUBMITTED),
        act=_act("grant", number="D-2026-9", issued_on="2026-01-02", expires_on="2026-12-31"),
        action="licence_granted",
        entity=lambda ctx: ("licences", _latest_id(Licence)),
        after={"number": "D-2026-9", "grade": LicenceGrade.INTERNATIONAL_D.value},
    ),
    "application rejected": Change(
        user="admin",
        setup=_application(ApplicationStatus.DRAFT),
        act=_act("reject", comment="Not this season."),
        action="licence_application_reject",
        entity=_application_entity,
        before={"status": "draft"},
        after={"status": "rejected", "comment": "Not this season."},
    ),
    "shipped rule set loaded": Change(
        user="admin",
        act=lambda ctx: ctx.client.post("/admin/rules/shipped/alms-to-le-mans/load"),
        action="rule_set_loaded",
        entity=lambda ctx: ("rule_sets", _latest_id(RuleSetRecord)),
        after={"key": "alms-to-le-mans", "active": False},
    ),
    "rule set file uploaded": Change(
        user="admin",
        act=lambda ctx: ctx.client.post(
            "/admin/rules/",
            data={
                "rule_file": (
                    io.BytesIO((RULESETS_DIR / "alms-to-le-mans.toml").read_bytes()),
                    "rules.toml",
                )
            },
            content_type="multipart/form-data",
        ),
        action="rule_set_loaded",
        entity=lambda ctx: ("rule_sets", _latest_id(RuleSetRecord)),
        after={"key": "alms-to-le-mans"},
    ),
    "rule set activated": Change(
        user="admin",
        setup=_rule_set_record,
        act=lambda ctx: ctx.client.post(f"/admin/rules/{ctx.record_id}/activate"),
        action="rule_set_activated",
        entity=lambda ctx: ("rule_sets", ctx.record_id),
        before={"active": False},
        after={"active": True},
    ),
    "account created": Change(
        user="admin",
        act=lambda ctx: ctx.client.post(
            "/admin/users/new",
            data={
                "display_name": "Coach Dubois",
                "email": "dubois@example.com",
                "role": "coach",
                "first_password": "Fuji-Speedway-corner-9",
            },
        ),
        action="user_created",
        entity=lambda ctx: ("users", _latest_id(User)),
        after={"email": "dubois@example.com", "role": "coach"},
    ),
    "account disabled": Change(
        user="admin",
        act=lambda ctx: ctx.client.post(f"/admin/users/{ctx.academy.other_coach.id}/active"),
        action="user_disabled",
        entity=lambda ctx: ("users", ctx.academy.other_coach.id),
        before={"active": True},
        after={"active": False},
    ),
    "password changed": Change(
        user="coach",
        act=lambda ctx: ctx.client.post(
            "/account/password",
            data={
                "current_password": "correct-horse-battery-9",
                "new_password": "Yas-Marina-night-7",
                "confirm": "Yas-Marina-night-7",
            },
        ),
        action="password_changed",
        entity=lambda ctx: ("users", ctx.academy.coach.id),
        after=ABSENT,
    ),
    "photo uploaded": Change(
        user="coach",
        act=_upload_photo,
        action="driver_photo_uploaded",
        entity=lambda ctx: ("drivers", ctx.academy.driver.id),
        after={"photo": ANY},
    ),
    "photo removed": Change(
        user="coach",
        setup=_photo,
        act=lambda ctx: ctx.client.post(_driver_url(ctx, "/photo/remove")),
        action="driver_photo_removed",
        entity=lambda ctx: ("drivers", ctx.academy.driver.id),
        before={"bytes": ANY},
        after=ABSENT,
    ),
    "dossier generated": Change(
        user="coach",
        act=lambda ctx: ctx.client.post(_driver_url(ctx, "/dossiers/invitation.pdf")),
        action="dossier_generated",
        entity=lambda ctx: ("dossiers", _latest_id(Dossier)),
        after={"kind": "invitation", "sha256": ANY},
    ),
    "dossier revoked": Change(
        user="admin",
        setup=_dossier,
        act=lambda ctx: ctx.client.post(f"/dossiers/{ctx.dossier_id}/revoke"),
        action="dossier_revoked",
        entity=lambda ctx: ("dossiers", ctx.dossier_id),
        before={"revoked_at": None},
        after={"revoked_at": ANY},
    ),
}


def _matches(recorded: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    if expected is ABSENT:
        return recorded is None
    if recorded is None:
        return False
    return all(
        name in recorded and (value is ANY or recorded[name] == value)
        for name, value in expected.items()
    )


@pytest.mark.parametrize("name", list(CHANGES))
def test_each_kind_of_change_leaves_an_audit_event_with_who_what_and_values(client, academy, name):
    change = CHANGES[name]
    ctx = Ctx(client=client, academy=academy)
    change.setup(ctx)
    user = getattr(academy, change.user)
    login(client, user)
    known = set(db.session.execute(select(AuditEvent.id)).scalars())

    response = change.act(ctx)

    assert response.status_code in (200, 302), f"{name}: {response.status_code}"
    db.session.expire_all()
    events = [
        event
        for event in db.session.execute(
            select(AuditEvent).where(AuditEvent.action == change.action).order_by(AuditEvent.id)
        ).scalars()
        if event.id not in known
    ]
    assert len(events) == 1, f"{name}: {len(events)} new {change.action!r} events"
    [event] = events
    assert event.actor_id == user.id
    assert (event.entity_type, event.entity_id) == change.entity(ctx)
    assert _matches(event.before, change.before), f"before: {event.before}"
    assert _matches(event.after, change.after), f"after: {event.after}"
    assert event.request_id
