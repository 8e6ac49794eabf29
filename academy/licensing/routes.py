from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from academy.clock import academy_today
from academy.enums import ApplicationStatus, LicenceGrade, Role, label
from academy.extensions import db
from academy.inbox import mail
from academy.jobs import service as jobs
from academy.licensing import queries, service
from academy.licensing.forms import GrantForm, NewApplicationForm, WithdrawForm, form_for
from academy.licensing.workflow import (
    FINAL,
    STEPS,
    TRANSITIONS,
    Action,
    allowed_actions,
    downgrade_refusal,
    may_create,
    may_override,
    may_withdraw,
)
from academy.models import Driver, Job, Licence, LicenceApplication
from academy.permissions import can_manage_driver, can_view_driver, is_coach_of, require, roles
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set
from academy.validity import licence_on

bp = Blueprint("licensing", __name__)


def _notify_people_concerned(application: LicenceApplication) -> Job | None:
    """E-mails about the application's latest step, queued with a job that sends them after
    the request commits (never from the request itself)."""
    if not mail.queue_transition_notices(application, current_user):
        return None
    return jobs.create("deliver_mail", current_user)


def _driver_or_404(driver_id: int) -> Driver:
    return db.session.get(Driver, driver_id) or abort(404)


@bp.route("/licensing")
@roles(Role.ADMIN, Role.COACH)
def applications():
    coach_id = current_user.id if current_user.role is Role.COACH else None
    found = queries.all_applications(coach_id)
    by_status = {
        status: [application for application in found if application.status is status]
        for status in ApplicationStatus
    }
    return render_template(
        "licensing/list.html", by_status=by_status, total=len(found), mine=coach_id is not None
    )


@bp.route("/drivers/<int:driver_id>/licence")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def driver_applications(driver_id: int):
    driver = _driver_or_404(driver_id)
    require(can_view_driver(current_user, driver))
    return render_template(
        "licensing/driver.html",
        driver=driver,
        applications=queries.driver_applications(driver.id),
        licences=queries.driver_licences(driver.id),
        today=academy_today(),
        may_create=may_create(current_user.role, is_coach_of(current_user, driver)),
        steps=STEPS,
    )


def _next_grade(licences: list[Licence], grades: list[LicenceGrade], today: date):
    current = licence_on(licences, today)
    best = current.grade if current else None
    above = [grade for grade in grades if best is None or grade > best]
    return above[0] if above else (grades[-1] if grades else None)


@bp.route("/drivers/<int:driver_id>/licence/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def new_application(driver_id: int):
    driver = _driver_or_404(driver_id)
    require(may_create(current_user.role, is_coach_of(current_user, driver)))
    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        flash(f"No application can be made now: {error}", "error")
        return redirect(url_for(".driver_applications", driver_id=driver.id))
    grades = [entry.grade for entry in rule_set.licence_grades]
    form = NewApplicationForm()
    form.target_grade.choices = [SelectChoice(grade.value, label(grade)) for grade in grades]
    licences = queries.driver_licences(driver.id)
    if request.method == "GET":
        suggested = _next_grade(licences, grades, academy_today())
        form.target_grade.data = suggested.value if suggested else None
        form.asn.data = licences[0].asn if licences else ""
    if form.validate_on_submit():
        grade = LicenceGrade(form.target_grade.data)
        held = licence_on(licences, academy_today())
        downgrade = downgrade_refusal(grade, held.grade if held else None)
        existing = service.open_application(driver.id, grade)
        if downgrade:
            form.target_grade.errors.append(downgrade)
        elif existing is not None:
            form.target_grade.errors.append(
                f"There is already an open application for the {label(grade)} licence "
                f"({existing.status.value})."
            )
        else:
            application = service.create_application(
                driver, grade, form.asn.data, form.comment.data or "", current_user, rule_set.key
            )
            sending = _notify_people_concerned(application)
            db.session.commit()
            if sending is not None:
                jobs.dispatch(sending)
            flash(
                Markup(
                    'Draft application for the {grade} licence created. <a href="#withdraw">'
                    "Withdraw it</a> if it was a mistake."
                ).format(grade=label(grade)),
                "success",
            )
            return redirect(
                url_for(".application", driver_id=driver.id, application_id=application.id)
            )
    return render_template(
        "licensing/new.html", driver=driver, form=form, licences=licences, rule_set=rule_set
    )


@bp.route("/drivers/<int:driver_id>/licence/<int:application_id>")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def application(driver_id: int, application_id: int):
    driver = _driver_or_404(driver_id)
    require(can_view_driver(current_user, driver))
    found = queries.application_of_driver(driver.id, application_id) or abort(404)
    today = academy_today()
    rule_check = None
    if found.status not in FINAL:
        rule_check = service.check_rules(driver.id, found.target_grade, found.rule_set_key, today)
    actions = allowed_actions(found.status, current_user.role, is_coach_of(current_user, driver))
    forms = {
        action: form_for(action)(prefix=action.value, version=found.version) for action in actions
    }
    refused = session.pop(_REFUSED_KEY, None)
    for action, form in forms.items():
        if refused and refused.get("action") == action.value:
            _restore(form, refused)
        elif isinstance(form, GrantForm):
            form.issued_on.data = today
    withdraw_form = None
    if may_withdraw(found.status, found.created_by_id, current_user.id):
        withdraw_form = WithdrawForm()
    return render_template(
        "licensing/application.html",
        driver=driver,
        application=found,
        rule_check=rule_check,
        forms=forms,
        transitions=TRANSITIONS,
        may_override=may_override(current_user.role),
        steps=STEPS,
        today=today,
        withdraw_form=withdraw_form,
    )


# A refused step keeps what was typed: the values and the errors per field go to the session
# for the page the user is sent back to (POST, redirect, GET), nothing else.
_REFUSED_KEY = "licensing_refused_form"


def _remember_refused(action: Action, form, errors: dict[str, list[str]]) -> None:
    values = {}
    for name, field_ in form._fields.items():
        if name in ("csrf_token", "version"):
            continue
        values[name] = field_.raw_data[0] if field_.raw_data else ""
    session[_REFUSED_KEY] = {"action": action.value, "values": values, "errors": errors}


def _restore(form, refused: dict) -> None:
    for name, raw in refused.get("values", {}).items():
        field_ = getattr(form, name, None)
        if field_ is not None:
            # As if typed again: an unreadable date shows as it was typed, not blank.
            field_.process(MultiDict({field_.name: raw}))
    for name, errors in refused.get("errors", {}).items():
        field_ = getattr(form, name, None)
        if field_ is not None:
            field_.errors = list(errors)


@bp.route("/drivers/<int:driver_id>/licence/<int:application_id>/withdraw", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def withdraw(driver_id: int, application_id: int):
    driver = _driver_or_404(driver_id)
    require(can_manage_driver(current_user, driver))
    found = queries.application_of_driver(driver.id, application_id) or abort(404)
    require(may_withdraw(found.status, found.created_by_id, current_user.id))
    if not WithdrawForm().validate_on_submit():
        abort(400)
    grade = found.target_grade
    service.withdraw_application(found)
    db.session.commit()
    flash(
        f"The draft application for the {label(grade)} licence is withdrawn; the audit log "
        "keeps it.",
        "success",
    )
    return redirect(url_for(".driver_applications", driver_id=driver.id))


@bp.route("/drivers/<int:driver_id>/licence/<int:application_id>/<action>", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def act(driver_id: int, application_id: int, action: str):
    driver = _driver_or_404(driver_id)
    require(can_manage_driver(current_user, driver))
    found = queries.application_of_driver(driver.id, application_id) or abort(404)
    try:
        chosen = Action(action)
    except ValueError:
        abort(404)
    back = redirect(url_for(".application", driver_id=driver.id, application_id=found.id))
    form = form_for(chosen)(prefix=chosen.value)
    if not form.validate_on_submit():
        errors = {name: list(messages) for name, messages in form.errors.items()}
        if "csrf_token" in errors:
            flash("Your form expired. Reload the page and try again.", "error")
        _remember_refused(chosen, form, errors)
        flash("Nothing was changed: see the form below.", "error")
        return back
    version = form.version.data or ""
    if not version.isdigit():
        flash("This form is incomplete or out of date: reload the page and try again.", "error")
        return back
    grant = None
    if isinstance(form, GrantForm):
        issued_on = form.issued_on.data
        expires_on = form.expires_on.data or service.end_of_licence_year(issued_on)
        grant = service.GrantDetails(form.number.data, issued_on, expires_on)
    try:
        outcome = service.take_action(
            found,
            chosen,
            current_user,
            seen_version=int(version),
            comment=form.comment.data or "",
            override_reason=form.override_reason.data or "",
            grant=grant,
            as_of=academy_today(),
        )
        sending = _notify_people_concerned(found) if outcome.done else None
        if outcome.done:
            db.session.commit()
            if sending is not None:
                jobs.dispatch(sending)
    except StaleDataError:
        db.session.rollback()
        outcome = service.Outcome(
            False,
            "Someone changed this application at the same moment. Nothing was changed: look "
            "at it again, then retry.",
        )
    if outcome.done:
        flash(outcome.message, "success")
    else:
        db.session.rollback()
        _remember_refused(chosen, form, {outcome.about: [outcome.message]} if outcome.about else {})
        flash(
            "Nothing was changed: see the form below." if outcome.about else outcome.message,
            "error",
        )
        for problem in outcome.problems:
            flash(f"Missing: {problem}", "error")
    return back
