"""Injection strings typed into every free-text field are kept and shown exactly as typed.

FREE_TEXT declares, for every free-text field (StringField, TextAreaField and their kin) of
every form class in the app, how a person submits it and where it is shown. A form whose
free-text field is missing from the table fails the suite, so a new form is covered from
its first day. Three kinds of field:

- Saved: the text is stored; the row must hold exactly what was typed, the page that shows
  it must escape it, and a dossier that prints it must print it as typed.
- Refused: the field has a format (a nationality, a lap time); the text is refused at the
  field, shown back escaped, and stored nowhere.
- Echoed: a GET filter; the page shows the text back escaped and stores nothing.

Each field gets the dangerous parts in one string (split in as few strings as its length limit
needs) and a string in Japanese and Thai script, each its own test.
"""

from __future__ import annotations

import functools
import html
import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from pypdf import PdfReader
from sqlalchemy import JSON, String, Text, select
from wtforms import Form, HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from academy.enums import (
    ApplicationStatus,
    EndorsementPurpose,
    LicenceGrade,
    RaceClass,
    ResultStatus,
    SessionType,
)
from academy.extensions import db
from academy.licensing.service import create_application
from academy.models import (
    ApplicationTransition,
    AuditEvent,
    Circuit,
    CoachingSession,
    Competency,
    Driver,
    Endorsement,
    Event,
    Grade,
    Licence,
    LicenceApplication,
    MedicalCertificate,
    PlannedSession,
    RaceEntry,
    Result,
    User,
)
from academy.rubric import ensure_default_rubric
from tests.builders import login
from tests.drivers.racing import make_event
from tests.progress.builders import add_result
from tests.progress.builders import make_event as make_dated_event
from tests.security.pages import form_holding

ACADEMY_PACKAGE = Path(__file__).resolve().parents[2] / "academy"

PARTS = (
    "'; DROP TABLE drivers; --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Smith & <Sons>",
    '<font name="x">',
    "{{ 7*7 }}",
    "=cmd|' /C calc'!A0",
)
COMBINED = " ".join(PARTS)
UNICODE = "佐藤 蓮 ธนกร"
# What must never reach a page unescaped.
RAW_MARKUP = ("<script>alert(1)", "<img src=x", '<font name="x">', "<Sons>")
TEMPLATE = "{{ 7*7 }}"


# --- what a test works with ---------------------------------------------------------------------


Ctx = SimpleNamespace  # academy, client, and the objects a setup made


def _none(ctx: Ctx) -> None:
    return None


def _nothing(ctx: Ctx) -> dict[str, str]:
    return {}


@dataclass(frozen=True)
class Submission:
    """How a person fills in the field: who, on which page, with which other values."""

    user: str | None  # an `academy` attribute; None for a visitor
    form_page: Callable[[Ctx], str]  # the page holding the form (it posts to its action)
    data: Callable[[Ctx], dict[str, str]] = _nothing  # values the page does not fill in
    setup: Callable[[Ctx], None] = _none
    posted_name: Callable[[Ctx], str] | None = None  # when not the field's own name
    max_length: int | None = None  # for fields made at run time (no class attribute)
    dynamic: bool = False  # made per request (one per competency), not a class attribute


@dataclass(frozen=True)
class Saved(Submission):
    saved: Callable[[Ctx], Any] = _none  # the stored text, read back from the database
    shown_on: Callable[[Ctx], str] = lambda ctx: "/"
    dossier: str | None = None  # the kind of dossier that prints the text
    # What else the dossier needs before it prints the text (a race in the new event, ...).
    before_dossier: Callable[[Ctx], None] = _none


@dataclass(frozen=True)
class Refused(Submission):
    pass


@dataclass(frozen=True)
class Echoed:
    user: str
    url: Callable[[Ctx, str], str]


@dataclass(frozen=True)
class CoveredElsewhere:
    """Not submitted through this form class; `where` says which entry tests the field."""

    where: str


# --- setups -------------------------------------------------------------------------------------


def _latest(column) -> Any:
    db.session.expire_all()
    return db.session.execute(
        select(column).order_by(column.class_.id.desc()).limit(1)
    ).scalar_one_or_none()


def _graded_session(ctx: Ctx) -> None:
    """A session of the driver with a racecraft grade and a comment, as a coach logged it."""
    ensure_default_rubric()
    db.session.flush()
    ctx.competency = db.session.execute(
        select(Competency).where(Competency.key == "racecraft")
    ).scalar_one()
    session = CoachingSession(
        driver_id=ctx.academy.driver.id,
        coach_id=ctx.academy.coach.id,
        held_on=date.today() - timedelta(days=2),
        session_type=SessionType.FITNESS,
        notes="First notes.",
    )
    session.grades.append(
        Grade(
            driver_id=ctx.academy.driver.id,
            competency_id=ctx.competency.id,
            score=6,
            comment="First comment.",
            revision=1,
            graded_by_id=ctx.academy.coach.id,
        )
    )
    db.session.add(session)
    db.session.commit()
    ctx.session = session


def _latest_deletion_reason() -> str | None:
    db.session.expire_all()
    event = db.session.execute(
        select(AuditEvent)
        .where(AuditEvent.action == "coaching_session_deleted")
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return event.after["reason"] if event else None


def _rubric(ctx: Ctx) -> None:
    ensure_default_rubric()
    db.session.commit()
    ctx.competency = db.session.execute(
        select(Competency).where(Competency.key == "racecraft")
    ).scalar_one()


def _event(ctx: Ctx) -> None:
    ctx.event = make_event()


def _licence_ready_application(ctx: Ctx, status: ApplicationStatus, *, rules_met: bool) -> None:
    """An International D application of the driver, at `status`; with the shipped rules for
    the grade met today (three classified races in 24 months and the FIA e-learning)."""
    driver, coach = ctx.academy.driver, ctx.academy.coach
    if rules_met:
        today = date.today()
        for weeks in (5, 6, 7):
            add_result(driver, make_dated_event(today - timedelta(weeks=weeks)))
        db.session.add(
            CoachingSession(
                driver_id=driver.id,
                coach_id=coach.id,
                held_on=today - timedelta(days=3),
                session_type=SessionType.CLASSROOM,
            )
        )
    application = create_application(
        driver, LicenceGrade.INTERNATIONAL_D, "JAF", "", coach, "alms-to-le-mans"
    )
    application.status = status
    db.session.commit()
    ctx.application = application


def _application_page(ctx: Ctx) -> str:
    return f"/drivers/{ctx.academy.driver.id}/licence/{ctx.application.id}"


def _latest_transition_comment(ctx: Ctx) -> str | None:
    return _latest(ApplicationTransition.comment)


def _action(action: str, status: ApplicationStatus, user: str, rules_met: bool, **kw) -> dict:
    def posted(name: str) -> Callable[[Ctx], str]:
        return lambda ctx: f"{action}-{name}"

    setup = lambda ctx: _licence_ready_application(ctx, status, rules_met=rules_met)  # noqa: E731
    return {"user": user, "form_page": _application_page, "setup": setup, "posted": posted, **kw}


def _driver_page(ctx: Ctx) -> str:
    return f"/drivers/{ctx.academy.driver.id}"


def _driver_edit(ctx: Ctx) -> str:
    return f"/drivers/{ctx.academy.driver.id}/edit"


def _coaching_page(ctx: Ctx) -> str:
    return f"/drivers/{ctx.academy.driver.id}/coaching"


def _history_page(ctx: Ctx) -> str:
    return f"/drivers/{ctx.academy.driver.id}/history"


def _session_edit(ctx: Ctx) -> str:
    return f"/coaching/sessions/{ctx.session.id}/edit"


def _plan_data(ctx: Ctx) -> dict[str, str]:
    """A simulator session of the driver planned for next week."""
    return {
        "drivers": str(ctx.academy.driver.id),
        "planned_on": (date.today() + timedelta(days=7)).isoformat(),
        "session_type": SessionType.SIMULATOR.value,
        "simulator_title": "Team simulator",
    }


def _planned_session(ctx: Ctx) -> None:
    plan = PlannedSession(
        coach_id=ctx.academy.coach.id,
        planned_on=date.today() + timedelta(days=7),
        session_type=SessionType.FITNESS,
    )
    plan.drivers = [ctx.academy.driver]
    db.session.add(plan)
    db.session.commit()
    ctx.plan = plan


def _log_data(ctx: Ctx) -> dict[str, str]:
    """A simulator session of the driver yesterday, with a racecraft grade."""
    return {
        "drivers": str(ctx.academy.driver.id),
        "held_on": (date.today() - timedelta(days=1)).isoformat(),
        "session_type": SessionType.SIMULATOR.value,
        "simulator_title": "Team simulator",
        f"score_{ctx.competency.id}": "7",
    }


def _comment_name(ctx: Ctx) -> str:
    return f"comment_{ctx.competency.id}"


def _result_data(ctx: Ctx) -> dict[str, str]:
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
    }


def _event_data(ctx: Ctx) -> dict[str, str]:
    return {
        "series": "ALMS",
        "season_label": "2025-26",
        "round_number": "3",
        "race_number": "1",
        "circuit_id": "0",
        "new_circuit": "Dubai Autodrome",
        "new_circuit_country": "ARE",
        "starts_on": "2026-02-07",
        "duration_hours": "4",
        "name": "4 Hours of Dubai",
    }


def _licence_data(ctx: Ctx) -> dict[str, str]:
    # Higher than the driver's International C, so the invitation dossier prints it.
    return {
        "grade": LicenceGrade.INTERNATIONAL_B.value,
        "asn": "JAF",
        "number": "B-2026-17",
        "issued_on": "2026-01-01",
        "expires_on": "2099-12-30",
    }


def _race_in_latest_event(ctx: Ctx) -> None:
    """The driver raced the event just created, so the invitation's race record prints it."""
    entry = RaceEntry(
        event_id=_latest(Event.id),
        car_number="23",
        team="Phoenix Endurance",
        race_class=RaceClass.LMP3,
        status=ResultStatus.CLASSIFIED,
        position_overall=4,
        position_in_class=2,
        laps=110,
    )
    entry.results.append(Result(driver_id=ctx.academy.driver.id, seat=1))
    db.session.add(entry)
    db.session.commit()


def _new_user_coaches_the_driver(ctx: Ctx) -> None:
    """The new account coaches the driver and endorsed them: the invitation prints its name."""
    coach_id = _latest(User.id)
    driver = _reload(Driver, ctx.academy.driver.id)
    driver.coach_id = coach_id
    db.session.add(
        Endorsement(
            driver_id=driver.id,
            coach_id=coach_id,
            purpose=EndorsementPurpose.LE_MANS_INVITATION,
            endorsed_on=date.today() - timedelta(days=1),
            text="Ready for a night stint.",
            signature=_latest(User.display_name),
        )
    )
    db.session.commit()


def _new_user_data(ctx: Ctx) -> dict[str, str]:
    return {
        "display_name": "Coach Dubois",
        "email": "dubois@example.com",
        "role": "coach",
        "first_password": "Fuji-Speedway-corner-9",
    }


def _reload(model: type, id_: int) -> Any:
    db.session.expire_all()
    return db.session.get(model, id_)


def _driver_field(name: str) -> Callable[[Ctx], Any]:
    return lambda ctx: getattr(_reload(Driver, ctx.academy.driver.id), name)


# --- the table ----------------------------------------------------------------------------------

FREE_TEXT: dict[tuple[str, str], Saved | Refused | Echoed | CoveredElsewhere] = {
    # Accounts
    ("admin.forms.CreateUserForm", "display_name"): Saved(
        user="admin",
        form_page=lambda ctx: "/admin/users/new",
        data=_new_user_data,
        saved=lambda ctx: _latest(User.display_name),
        shown_on=lambda ctx: "/admin/users",
        dossier="invitation",
        before_dossier=_new_user_coaches_the_driver,
    ),
    ("admin.forms.CreateUserForm", "email"): Refused(
        user="admin", form_page=lambda ctx: "/admin/users/new", data=_new_user_data
    ),
    ("auth.forms.LoginForm", "email"): Refused(
        user=None, form_page=lambda ctx: "/login", data=lambda ctx: {"password": "whatever-1"}
    ),
    ("auth.forms.ForgotPasswordForm", "email"): Refused(
        user=None, form_page=lambda ctx: "/password/forgot", data=lambda ctx: {}
    ),
    # Endorsements
    ("endorsements.forms.EndorsementForm", "text"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/endorsements/new",
        data=lambda ctx: {"signature": ctx.academy.coach.display_name},
        saved=lambda ctx: _latest(Endorsement.text),
        shown_on=lambda ctx: "/endorsements",
        dossier="invitation",
    ),
    ("endorsements.forms.EndorsementForm", "signature"): Refused(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/endorsements/new",
        data=lambda ctx: {"text": "Ready for a night stint."},
    ),
    # Coaching
    ("coaching.forms.SessionFields", "*"): CoveredElsewhere(
        "a base class: people fill in its subclasses LogSessionForm and EditSessionForm"
    ),
    # Kept in the audit log; the message after the delete shows it on the driver's page.
    ("coaching.forms.DeleteSessionForm", "reason"): Saved(
        user="coach",
        setup=_graded_session,
        form_page=lambda ctx: f"/coaching/sessions/{ctx.session.id}/delete",
        saved=lambda ctx: _latest_deletion_reason(),
        shown_on=lambda ctx: f"/drivers/{ctx.academy.driver.id}/coaching",
    ),
    # Sessions planned ahead: the plans page shows the place and the notes; the message after
    # a cancellation shows its reason (kept in the audit log).
    ("coaching.forms.PlanSessionForm", "simulator_title"): Saved(
        user="coach",
        form_page=lambda ctx: "/coaching/plans/new",
        data=_plan_data,
        saved=lambda ctx: _latest(PlannedSession.simulator_title),
        shown_on=lambda ctx: "/coaching/plans",
    ),
    ("coaching.forms.PlanSessionForm", "notes"): Saved(
        user="coach",
        form_page=lambda ctx: "/coaching/plans/new",
        data=_plan_data,
        saved=lambda ctx: _latest(PlannedSession.notes),
        shown_on=lambda ctx: "/coaching/plans",
    ),
    ("coaching.forms.CancelPlanForm", "reason"): Saved(
        user="coach",
        setup=_planned_session,
        form_page=lambda ctx: f"/coaching/plans/{ctx.plan.id}/cancel",
        saved=lambda ctx: _latest(PlannedSession.cancel_reason),
        shown_on=lambda ctx: "/coaching/plans",
    ),
    ("coaching.forms.LogSessionForm", "simulator_title"): Saved(
        user="coach",
        form_page=lambda ctx: "/coaching/sessions/new",
        setup=_rubric,
        data=_log_data,
        saved=lambda ctx: _latest(CoachingSession.simulator_title),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.LogSessionForm", "conditions"): Saved(
        user="coach",
        form_page=lambda ctx: "/coaching/sessions/new",
        setup=_rubric,
        data=_log_data,
        saved=lambda ctx: _latest(CoachingSession.conditions),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.LogSessionForm", "notes"): Saved(
        user="coach",
        form_page=lambda ctx: "/coaching/sessions/new",
        setup=_rubric,
        data=_log_data,
        saved=lambda ctx: _latest(CoachingSession.notes),
        shown_on=_coaching_page,
        # no dossier prints a training note (the invitation prints the endorsement)
    ),
    ("coaching.forms.LogSessionForm", "comment_<competency>"): Saved(
        user="coach",
        form_page=lambda ctx: "/coaching/sessions/new",
        setup=_rubric,
        data=_log_data,
        posted_name=_comment_name,
        max_length=500,
        dynamic=True,
        saved=lambda ctx: _latest(Grade.comment),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.LogSessionForm", "best_lap"): Refused(
        user="coach", form_page=lambda ctx: "/coaching/sessions/new", setup=_rubric, data=_log_data
    ),
    ("coaching.forms.EditSessionForm", "simulator_title"): Saved(
        user="coach",
        form_page=_session_edit,
        setup=_graded_session,
        data=lambda ctx: {"session_type": SessionType.SIMULATOR.value},
        saved=lambda ctx: _latest(CoachingSession.simulator_title),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.EditSessionForm", "conditions"): Saved(
        user="coach",
        form_page=_session_edit,
        setup=_graded_session,
        saved=lambda ctx: _latest(CoachingSession.conditions),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.EditSessionForm", "notes"): Saved(
        user="coach",
        form_page=_session_edit,
        setup=_graded_session,
        saved=lambda ctx: _latest(CoachingSession.notes),
        shown_on=_coaching_page,
        # no dossier prints a training note (the invitation prints the endorsement)
    ),
    ("coaching.forms.EditSessionForm", "correction_reason"): Saved(
        user="coach",
        form_page=_session_edit,
        setup=_graded_session,
        data=lambda ctx: {f"score_{ctx.competency.id}": "8"},
        saved=lambda ctx: _latest(Grade.correction_reason),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.EditSessionForm", "comment_<competency>"): Saved(
        user="coach",
        form_page=_session_edit,
        setup=_graded_session,
        data=lambda ctx: {"correction_reason": "Typo in the comment."},
        posted_name=_comment_name,
        max_length=500,
        dynamic=True,
        saved=lambda ctx: _latest(Grade.comment),
        shown_on=_coaching_page,
    ),
    ("coaching.forms.EditSessionForm", "best_lap"): Refused(
        user="coach", form_page=_session_edit, setup=_graded_session
    ),
    ("coaching.forms.CompetencyForm", "name"): Saved(
        user="admin",
        form_page=lambda ctx: f"/coaching/rubric/{ctx.competency.id}/edit",
        setup=_graded_session,
        saved=lambda ctx: _reload(Competency, ctx.competency.id).name,
        shown_on=lambda ctx: "/coaching/rubric",
        dossier="scouting",
    ),
    ("coaching.forms.CompetencyForm", "description"): Saved(
        user="admin",
        form_page=lambda ctx: "/coaching/rubric/new",
        data=lambda ctx: {"name": "Pit stops"},
        saved=lambda ctx: _latest(Competency.description),
        shown_on=lambda ctx: "/coaching/rubric",
    ),
    ("coaching.forms.CompetencyForm", "level_guide"): Saved(
        user="admin",
        form_page=lambda ctx: "/coaching/rubric/new",
        data=lambda ctx: {"name": "Pit stops"},
        saved=lambda ctx: _latest(Competency.level_guide),
        shown_on=lambda ctx: "/coaching/rubric",
    ),
    # Drivers
    ("drivers.forms.DriverForm", "legal_name"): Saved(
        user="coach",
        form_page=_driver_edit,
        saved=_driver_field("legal_name"),
        shown_on=_driver_page,
        dossier="invitation",
    ),
    ("drivers.forms.DriverForm", "native_name"): Saved(
        user="coach",
        form_page=_driver_edit,
        saved=_driver_field("native_name"),
        shown_on=_driver_page,
        dossier="invitation",
    ),
    ("drivers.forms.DriverForm", "romanised_name"): Saved(
        user="coach",
        form_page=_driver_edit,
        saved=_driver_field("romanised_name"),
        shown_on=_driver_page,
        dossier="invitation",
    ),
    ("drivers.forms.DriverForm", "biography"): Saved(
        user="coach",
        form_page=_driver_edit,
        saved=_driver_field("biography"),
        shown_on=_driver_page,
        dossier="sponsor",
    ),
    ("drivers.forms.DriverForm", "nationality"): Refused(user="coach", form_page=_driver_edit),
    ("drivers.forms.LicenceForm", "asn"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/licences/new",
        data=_licence_data,
        saved=lambda ctx: _latest(Licence.asn),
        shown_on=_driver_page,
        dossier="invitation",
    ),
    ("drivers.forms.LicenceForm", "number"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/licences/new",
        data=_licence_data,
        saved=lambda ctx: _latest(Licence.number),
        shown_on=_driver_page,
        dossier="invitation",
    ),
    ("drivers.forms.MedicalForm", "examiner"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/medicals/new",
        data=lambda ctx: {"issued_on": "2026-01-05", "expires_on": "2027-01-04"},
        saved=lambda ctx: _latest(MedicalCertificate.examiner),
        shown_on=_driver_page,
    ),
    ("drivers.forms.FilterForm", "q"): Echoed(
        user="coach", url=lambda ctx, text: "/drivers/?" + urlencode({"q": text})
    ),
    ("scouting.forms.FilterForm", "q"): Echoed(
        user="principal", url=lambda ctx, text: "/scouting?" + urlencode({"q": text})
    ),
    ("results.forms.ResultForm", "team"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/results/new",
        setup=_event,
        data=_result_data,
        saved=lambda ctx: _latest(RaceEntry.team),
        shown_on=_history_page,
        dossier="invitation",
    ),
    ("results.forms.ResultForm", "car"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/results/new",
        setup=_event,
        data=_result_data,
        saved=lambda ctx: _latest(RaceEntry.car),
        shown_on=_history_page,
    ),
    ("results.forms.ResultForm", "co_drivers"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/results/new",
        setup=_event,
        data=_result_data,
        saved=lambda ctx: _latest(Result.external_name),
        shown_on=_history_page,
        dossier="invitation",
    ),
    **{
        ("results.forms.ResultForm", name): Refused(
            user="coach",
            form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/results/new",
            setup=_event,
            data=_result_data,
        )
        for name in ("car_number", "total_time", "best_lap", "drive_time", "driver_best_lap")
    },
    # Events and imports
    ("results.forms.EventForm", "name"): Saved(
        user="coach",
        form_page=lambda ctx: "/results/events/new",
        data=_event_data,
        saved=lambda ctx: _latest(Event.name),
        shown_on=lambda ctx: "/results/events",
        dossier="invitation",
        before_dossier=_race_in_latest_event,
    ),
    ("results.forms.EventForm", "new_circuit"): Saved(
        user="coach",
        form_page=lambda ctx: "/results/events/new",
        data=_event_data,
        saved=lambda ctx: _latest(Circuit.name),
        shown_on=lambda ctx: "/results/events",
        dossier="invitation",
        before_dossier=_race_in_latest_event,
    ),
    ("results.forms.EventForm", "season_label"): Refused(
        user="coach", form_page=lambda ctx: "/results/events/new", data=_event_data
    ),
    ("results.forms.EventForm", "new_circuit_country"): Refused(
        user="coach", form_page=lambda ctx: "/results/events/new", data=_event_data
    ),
    # A new team's country (three letters, upper-cased, shown nowhere yet): the preview's team
    # question needs an uploaded file; its submission is tested in tests/results/test_teams.py.
    ("results.forms.TeamQuestionForm", "country"): CoveredElsewhere(
        where="tests/results/test_teams.py::test_the_director_maps_an_unknown_name_in_the_preview"
    ),
    # Dossiers and the pathway board
    ("dossiers.forms.VerifyForm", "code"): Refused(user=None, form_page=lambda ctx: "/verify"),
    ("progress.forms.BoardFilterForm", "as_of"): Echoed(
        user="coach", url=lambda ctx, text: "/pathway/board?" + urlencode({"as_of": text})
    ),
    # Licence applications
    ("licensing.forms.NewApplicationForm", "asn"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/licence/new",
        saved=lambda ctx: _latest(LicenceApplication.asn),
        shown_on=lambda ctx: f"/drivers/{ctx.academy.driver.id}/licence",
    ),
    ("licensing.forms.NewApplicationForm", "comment"): Saved(
        user="coach",
        form_page=lambda ctx: f"/drivers/{ctx.academy.driver.id}/licence/new",
        saved=_latest_transition_comment,
        shown_on=lambda ctx: (
            f"/drivers/{ctx.academy.driver.id}/licence/{_latest(LicenceApplication.id)}"
        ),
    ),
}


def _add_action_entries() -> None:
    """The workflow forms: a comment (printed as the coach's endorsement), an override reason
    (the director going ahead although the rules are not met), the granted licence's number."""
    endorse = _action("endorse", ApplicationStatus.DRAFT, "coach", rules_met=True)
    override = _action("endorse", ApplicationStatus.DRAFT, "admin", rules_met=False)
    grant = _action("grant", ApplicationStatus.SUBMITTED, "admin", rules_met=False)

    def saved_entry(spec: dict, name: str, saved, dossier=None, data=_nothing) -> Saved:
        return Saved(
            user=spec["user"],
            form_page=spec["form_page"],
            setup=spec["setup"],
            posted_name=spec["posted"](name),
            data=data,
            saved=saved,
            shown_on=_application_page,
            dossier=dossier,
        )

    FREE_TEXT[("licensing.forms.ActionForm", "comment")] = saved_entry(
        endorse, "comment", _latest_transition_comment
    )  # no dossier prints it: the invitation prints the Le Mans endorsement
    FREE_TEXT[("licensing.forms.ActionForm", "override_reason")] = saved_entry(
        override,
        "override_reason",
        lambda ctx: _reload(LicenceApplication, ctx.application.id).override_reason,
    )
    FREE_TEXT[("licensing.forms.GrantForm", "comment")] = saved_entry(
        grant,
        "comment",
        _latest_transition_comment,
        data=lambda ctx: {"grant-number": "D-2026-1"},
    )
    FREE_TEXT[("licensing.forms.GrantForm", "override_reason")] = CoveredElsewhere(
        "ActionForm.override_reason: the same field; a grant checks no rules to override"
    )
    FREE_TEXT[("licensing.forms.GrantForm", "number")] = saved_entry(
        grant, "number", lambda ctx: _latest(Licence.number)
    )


_add_action_entries()


# --- the forms of the app -----------------------------------------------------------------------


def _modules() -> list[str]:
    names = []
    for path in sorted(ACADEMY_PACKAGE.rglob("*.py")):
        parts = path.relative_to(ACADEMY_PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@functools.cache
def form_classes() -> dict[str, type[Form]]:
    """Every WTForms form class defined in an academy module, by `area.module.Class`."""
    found = {}
    for module_name in _modules():
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Form)
                and value.__module__ == module_name
            ):
                found[f"{module_name.removeprefix('academy.')}.{value.__qualname__}"] = value
    return found


def _free_text_kind(unbound: UnboundField) -> bool:
    # Passwords are hashed and never shown; hidden fields carry the app's own values.
    return issubclass(unbound.field_class, StringField) and not issubclass(
        unbound.field_class, PasswordField | HiddenField
    )


@functools.cache
def free_text_fields() -> dict[tuple[str, str], UnboundField]:
    fields = {}
    for form_name, form_class in form_classes().items():
        for name in dir(form_class):
            value = getattr(form_class, name, None)
            if isinstance(value, UnboundField) and _free_text_kind(value):
                fields[(form_name, name)] = value
    return fields


def _declared(key: tuple[str, str]) -> bool:
    form_name, _ = key
    return key in FREE_TEXT or (form_name, "*") in FREE_TEXT


def _max_length(key: tuple[str, str]) -> int | None:
    entry = FREE_TEXT[key]
    if isinstance(entry, Submission) and entry.max_length is not None:
        return entry.max_length
    unbound = free_text_fields()[key]
    validators = unbound.kwargs.get("validators") or []
    limits = [v.max for v in validators if isinstance(v, Length) and v.max and v.max > 0]
    return min(limits, default=None)


def _payloads(max_length: int | None) -> list[str]:
    """The dangerous parts in one string, or in as few strings as the field's limit allows."""
    if max_length is None or len(COMBINED) <= max_length:
        return [COMBINED]
    chunks, current = [], ""
    for part in PARTS:
        joined = f"{current} {part}" if current else part
        if len(joined) <= max_length:
            current = joined
        else:
            chunks.append(current)
            current = part
    return [*chunks, current]


def _cases(kind: type) -> list[Any]:
    cases = []
    for key, entry in FREE_TEXT.items():
        if not isinstance(entry, kind):
            continue
        name = f"{key[0].split('.')[-1]}.{key[1]}"
        payloads = _payloads(_max_length(key)) if kind is Saved else [COMBINED]
        for number, payload in enumerate(payloads, 1):
            suffix = "" if len(payloads) == 1 else str(number)
            cases.append(pytest.param(key, payload, id=f"{name}:markup{suffix}"))
        if kind is Saved:
            cases.append(pytest.param(key, UNICODE, id=f"{name}:unicode"))
    return cases


# --- submitting and reading back --------------------------------------------------------------------


def _submit(ctx: Ctx, key: tuple[str, str], entry: Submission, text: str):
    entry.setup(ctx)
    if entry.user is not None:
        login(ctx.client, getattr(ctx.academy, entry.user))
    page_url = entry.form_page(ctx)
    page = ctx.client.get(page_url)
    assert page.status_code == 200, f"{page_url} answered {page.status_code}"
    name = entry.posted_name(ctx) if entry.posted_name else key[1]
    action, fields = form_holding(page.get_data(as_text=True), name)
    data: dict[str, Any] = {**fields, **entry.data(ctx), name: text}
    return ctx.client.post(action or page_url, data=data)


def _errors(response) -> str:
    page = response.get_data(as_text=True)
    found = [html.unescape(part.split("</p>")[0]) for part in page.split('class="error"')[1:]]
    flashes = [html.unescape(p.split("</")[0]) for p in page.split('class="flash')[1:]]
    return f"{response.status_code}: {found or flashes or page[:300]}"


def assert_shown_as_typed(page: str, text: str) -> None:
    """The text is on the page once unescaped; none of its markup is live."""
    for raw in RAW_MARKUP:
        if raw in text:
            assert raw not in page, f"{raw!r} reached the page unescaped"
    if "<script>" in text:
        assert "&lt;script&gt;" in page
    if TEMPLATE in text:
        assert TEMPLATE in page, "the template expression was evaluated"
    assert text in html.unescape(page)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _stored_anywhere(text: str) -> list[str]:
    """Every table and text column that holds the text."""
    places = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        for row in db.session.execute(select(*columns)).all() if columns else []:
            for column, value in zip(columns, row, strict=True):
                if value is not None and text in str(value):
                    places.append(f"{table.name}.{column.name}")
    return places


# --- the tests ----------------------------------------------------------------------------------


@pytest.fixture
def ctx(client, academy) -> Ctx:
    return Ctx(client=client, academy=academy)


def test_every_free_text_field_of_every_form_is_in_the_table():
    missing = sorted(key for key in free_text_fields() if not _declared(key))
    assert missing == [], (
        "free-text fields missing from FREE_TEXT (say how to submit them and where they show)"
    )


def test_the_table_names_only_fields_that_exist():
    existing = free_text_fields()
    forms = form_classes()
    stale = []
    for (form_name, name), entry in FREE_TEXT.items():
        dynamic = isinstance(entry, Submission) and entry.dynamic
        if form_name not in forms or (
            name != "*" and not dynamic and (form_name, name) not in existing
        ):
            stale.append((form_name, name))
    assert stale == []


def test_the_form_walk_finds_the_forms_people_fill_in():
    forms = form_classes()
    assert {
        "drivers.forms.DriverForm",
        "coaching.forms.LogSessionForm",
        "auth.forms.LoginForm",
    } <= set(forms)
    assert ("drivers.forms.DriverForm", "biography") in free_text_fields()
    assert ("auth.forms.LoginForm", "password") not in free_text_fields()


@pytest.mark.parametrize(("key", "text"), _cases(Saved))
def test_typed_text_is_saved_shown_and_printed_exactly_as_typed(ctx, key, text):
    entry = FREE_TEXT[key]
    response = _submit(ctx, key, entry, text)
    assert response.status_code == 302, _errors(response)
    assert entry.saved(ctx) == text
    page = ctx.client.get(entry.shown_on(ctx))
    assert page.status_code == 200
    assert_shown_as_typed(page.get_data(as_text=True), text)
    if entry.dossier:
        entry.before_dossier(ctx)
        pdf = ctx.client.post(f"/drivers/{ctx.academy.driver.id}/dossiers/{entry.dossier}.pdf")
        assert pdf.status_code == 200
        # Narrow table columns break long words over lines: compare without the breaks.
        assert "".join(text.split()) in "".join(_pdf_text(pdf.data).split())


@pytest.mark.parametrize(("key", "text"), _cases(Refused))
def test_text_in_a_field_with_a_format_is_refused_shown_back_escaped_and_not_stored(ctx, key, text):
    response = _submit(ctx, key, FREE_TEXT[key], text)
    assert response.status_code in (200, 422), _errors(response)
    page = response.get_data(as_text=True)
    for raw in RAW_MARKUP:
        assert raw not in page
    assert 'class="error"' in page
    assert "&lt;script&gt;" in page  # the form shows back what was typed, escaped
    assert _stored_anywhere("<script>alert(1)</script>") == []


@pytest.mark.parametrize(("key", "text"), _cases(Echoed))
def test_a_filter_shows_the_text_back_escaped_and_stores_nothing(ctx, key, text):
    entry = FREE_TEXT[key]
    login(ctx.client, getattr(ctx.academy, entry.user))
    response = ctx.client.get(entry.url(ctx, text))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for raw in RAW_MARKUP:
        assert raw not in page
    assert "&lt;script&gt;" in page
    assert _stored_anywhere("<script>alert(1)</script>") == []


def test_a_code_typed_into_the_address_is_shown_back_escaped(client, app):
    response = client.get("/verify/" + quote("<img src=x onerror=alert(1)>{{ 7*7 }}"))
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;{{ 7*7 }}" in page
