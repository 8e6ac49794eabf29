"""Coaching: log a session, correct it, follow a driver's progress, the cohort board, the rubric.

Each view loads, then checks access, then acts.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from academy.clock import academy_today
from academy.coaching import analysis, charts, queries, service
from academy.coaching.forms import (
    CONDITIONS_SUGGESTIONS,
    SCORE_CHOICES,
    CancelPlanForm,
    CompetencyForm,
    DeleteSessionForm,
    EditSessionForm,
    LogSessionForm,
    PlanSessionForm,
    SessionFields,
    build_session_form,
    driver_choices,
)
from academy.drivers.queries import driver_of_user
from academy.enums import PlanStatus, Role, SessionType, label
from academy.extensions import db
from academy.formatting import format_date, format_lap_ms
from academy.forms import ConfirmForm
from academy.models import CoachingSession, Competency, Driver, Grade, PlannedSession
from academy.permissions import (
    can_delete_session,
    can_manage_driver,
    can_manage_plan,
    can_view_driver,
    require,
    roles,
)
from academy.results.queries import all_circuits
from academy.routing import database_int
from academy.rubric import LEVELS

bp = Blueprint("coaching", __name__)

SESSIONS_PER_PAGE = 10
INVALID = 422
CONFLICT = 409


# The driver's coaching page ----------------------------------------------------------------


@bp.route("/drivers/<int:driver_id>/coaching")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def driver_sessions(driver_id: int):
    driver = queries.driver_with_cohort(driver_id) or abort(404)
    require(can_view_driver(current_user, driver))

    competencies = queries.competencies()
    sessions = queries.sessions_of(driver.id)
    lines = analysis.grade_lines(queries.grades_of_driver(driver.id))
    race_laps = queries.race_laps_of(driver.id)
    cohort = queries.cohort_state(driver.cohort_id)
    medians = queries.cohort_medians(cohort)
    lap_bests = queries.cohort_lap_bests(cohort)

    active = [c for c in competencies if not c.retired]
    points = analysis.trend_points(sessions, lines)
    trend_charts = [
        (c, charts.trend_chart(c.name, points.get(c.id, []), retired=c.retired))
        for c in competencies
        if not c.retired or points.get(c.id)
    ]
    scores = {grade.competency_id: grade.score for grade in queries.current_grades([driver.id])}
    group = f"{driver.cohort.name} median" if driver.cohort else "Academy median"
    radar = charts.radar_chart(analysis.radar_axes(active, scores, medians), median_label=group)
    circuits = analysis.lap_progressions(sessions, race_laps, lap_bests)
    lap_charts = [
        (laps, charts.lap_chart(laps.circuit_name, laps.points, laps.cohort_best_ms))
        for laps in circuits
    ]
    shown, focus = _sessions_shown(sessions)
    return render_template(
        "coaching/driver.html",
        driver=driver,
        competencies=competencies,
        competency_by_id={c.id: c for c in competencies},
        active=active,
        sessions=sessions[:shown],
        session_count=len(sessions),
        shown=shown,
        more=min(SESSIONS_PER_PAGE, len(sessions) - shown),
        focus=focus,
        deletable={s.id for s in sessions[:shown] if can_delete_session(current_user, s)},
        lines=lines,
        trend_charts=trend_charts,
        radar=radar,
        scores=scores,
        medians=medians,
        group=group,
        lap_charts=lap_charts,
        can_manage=can_manage_driver(current_user, driver),
    )


def _sessions_shown(sessions: list[CoachingSession]) -> tuple[int, int | None]:
    """How many sessions the page lists (latest first, a page at a time; `?shown=N` for more,
    `?all=1` for every one) and the session asked for with `?session=ID`, which is always
    among them (the page a save or a correction sends you back to)."""
    total = len(sessions)
    if request.args.get("all") == "1":
        shown = total
    else:
        shown = request.args.get("shown", SESSIONS_PER_PAGE, type=int) or SESSIONS_PER_PAGE
    focus = request.args.get("session", type=database_int)
    if focus is not None:
        for index, session in enumerate(sessions):
            if session.id == focus:
                shown = max(shown, index + 1)
                break
        else:
            focus = None
    return max(0, min(shown, total)), focus


@bp.route("/coaching/me")
@roles(Role.DRIVER)
def my_coaching():
    driver = driver_of_user(current_user)
    if driver is None:
        flash("Your account is not linked to a driver profile yet.", "warning")
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("coaching.driver_sessions", driver_id=driver.id))


# Logging a session -----------------------------------------------------------------------


@bp.route("/coaching/sessions/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def log_session():
    today = academy_today()
    preselected = _preselected_driver()
    form = _log_form(
        {
            "held_on": today,
            "session_type": SessionType.TRACK.value,
            "drivers": [preselected] if preselected else [],
        }
    )
    if request.method == "POST":
        if form.validate_on_submit() & form.check(today, request.form) & _own_drivers(form):
            logged = service.log_sessions(
                form.chosen_drivers, _details(form), form.scores(), current_user
            )
            db.session.commit()
            return _after_logging(logged, form.held_on.data)
        return _session_form_page("coaching/log.html", form, INVALID, today=today)
    return _session_form_page("coaching/log.html", form, today=today)


def _preselected_driver() -> int | None:
    """`?driver=ID`: the driver ticked when the form opens (one the user may manage)."""
    preselected = request.args.get("driver", type=database_int)
    if preselected is not None:
        driver = db.session.get(Driver, preselected) or abort(404)
        require(can_manage_driver(current_user, driver))
    return preselected


def _log_form(data: dict[str, Any]) -> LogSessionForm:
    form = build_session_form(LogSessionForm, queries.competencies(), all_circuits(), data=data)
    form.drivers.choices = driver_choices(queries.drivers_loggable_by(current_user))
    return form


def _after_logging(logged: list[CoachingSession], held_on: date):
    flash(_logged_message(logged, held_on), "success")
    if len(logged) == 1:
        # To the top of the driver's page, where the message with View and Undo is.
        return redirect(
            url_for("coaching.driver_sessions", driver_id=logged[0].driver_id, session=logged[0].id)
        )
    return redirect(url_for("coaching.log_session"))


def _logged_message(logged: list[CoachingSession], held_on: date) -> Markup:
    """What was saved, with a way to see each session and to take it back at once."""
    token = generate_csrf()
    parts = []
    for session in logged:
        parts.append(
            Markup(
                '{name} (<a href="{view}">View</a> · <form method="post" action="{undo}" '
                'class="inline-form"><input type="hidden" name="csrf_token" value="{token}">'
                '<button type="submit" class="link-button">Undo</button></form>)'
            ).format(
                name=session.driver.legal_name,
                view=_session_url(session),
                undo=url_for("coaching.undo_session", session_id=session.id),
                token=token,
            )
        )
    return (
        Markup("Session of {day} logged for ").format(day=format_date(held_on))
        + Markup(", ").join(parts)
        + Markup(".")
    )


def _own_drivers(form: LogSessionForm | PlanSessionForm) -> bool:
    """Coaches log for the drivers they coach; the director for anyone."""
    chosen = queries.drivers_by_id(form.drivers.data or [])
    for driver_id in form.drivers.data or []:
        driver = chosen.get(driver_id)
        if driver is None:
            form.drivers.errors.append(f"There is no driver #{driver_id}.")
        elif not can_manage_driver(current_user, driver):
            form.drivers.errors.append(
                f"Driver #{driver_id} is not one of your drivers: you can log sessions and "
                "grade only the drivers you coach."
            )
    form.chosen_drivers = [chosen[i] for i in form.drivers.data or [] if i in chosen]
    return not form.drivers.errors


def _details(form: SessionFields) -> service.SessionDetails:
    circuit = form.circuit()
    return service.SessionDetails(
        held_on=form.held_on.data,
        session_type=SessionType(form.session_type.data),
        circuit_id=circuit.id if circuit else None,
        simulator_title=(form.simulator_title.data or "").strip(),
        laps=form.laps.data,
        best_lap_ms=form.best_lap_ms(),
        conditions=(form.conditions.data or "").strip(),
        night=bool(form.night.data),
        aco_approved=_aco_approved(form),
        notes=(form.notes.data or "").strip(),
    )


def _aco_approved(form: SessionFields) -> bool:
    """Only a simulator session can be on an ACO-approved simulator."""
    return bool(form.aco_approved.data) and form.session_type.data == SessionType.SIMULATOR.value


def _session_form_page(template: str, form: SessionFields, status: int = 200, **context: Any):
    return (
        render_template(
            template,
            form=form,
            score_choices=SCORE_CHOICES,
            conditions_suggestions=CONDITIONS_SUGGESTIONS,
            **context,
        ),
        status,
    )


# Planning a session ahead ---------------------------------------------------------------


@bp.route("/coaching/plans")
@roles(Role.ADMIN, Role.COACH)
def plans():
    return render_template(
        "coaching/plans.html", plans=queries.open_plans(current_user), today=academy_today()
    )


@bp.route("/coaching/plans/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def plan_session():
    today = academy_today()
    preselected = _preselected_driver()
    form = PlanSessionForm(
        data={
            "planned_on": today + timedelta(days=1),
            "session_type": SessionType.TRACK.value,
            "drivers": [preselected] if preselected else [],
        }
    )
    form.drivers.choices = driver_choices(queries.drivers_loggable_by(current_user))
    form.set_circuits(all_circuits())
    if request.method == "POST":
        if form.validate_on_submit() & form.check(today) & _own_drivers(form):
            plan = service.plan_session(form.chosen_drivers, _plan_details(form), current_user)
            db.session.commit()
            names = ", ".join(driver.legal_name for driver in plan.drivers)
            flash(
                f"Planned for {format_date(plan.planned_on)} with {names}: it is on the calendar; "
                "record it with its grades on the day.",
                "success",
            )
            return redirect(url_for("coaching.plans", _anchor=f"plan-{plan.id}"))
        return _plan_form_page(form, today, INVALID)
    return _plan_form_page(form, today)


def _plan_form_page(form: PlanSessionForm, today: date, status: int = 200):
    return render_template("coaching/plan.html", form=form, today=today), status


def _plan_details(form: PlanSessionForm) -> service.PlanDetails:
    circuit = form.circuit()
    return service.PlanDetails(
        planned_on=form.planned_on.data,
        starts_at=form.starts_at.data,
        ends_at=form.ends_at.data,
        session_type=SessionType(form.session_type.data),
        circuit_id=circuit.id if circuit else None,
        simulator_title=(form.simulator_title.data or "").strip(),
        notes=(form.notes.data or "").strip(),
    )


def _open_plan(plan_id: int) -> PlannedSession:
    plan = queries.plan_for_edit(plan_id) or abort(404)
    require(can_manage_plan(current_user, plan))
    return plan


def _closed_plan_answer(plan: PlannedSession):
    """A plan already recorded or cancelled: say so, change nothing."""
    done = "recorded" if plan.status is PlanStatus.HELD else "cancelled"
    flash(f"The session planned for {format_date(plan.planned_on)} is already {done}.", "info")
    return redirect(url_for("coaching.plans"))


@bp.route("/coaching/plans/<int:plan_id>/record", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def record_plan(plan_id: int):
    """On or after its day, the planned session becomes held sessions with their grades."""
    plan = _open_plan(plan_id)
    if plan.status is not PlanStatus.PLANNED:
        return _closed_plan_answer(plan)
    today = academy_today()
    if plan.planned_on > today:
        flash(
            f"This session is planned for {format_date(plan.planned_on)}: grades are entered "
            "once it has been held, on or after that day.",
            "warning",
        )
        return redirect(url_for("coaching.plans", _anchor=f"plan-{plan.id}"))
    form = _log_form(
        {
            "held_on": plan.planned_on,
            "session_type": plan.session_type.value,
            "circuit_id": str(plan.circuit_id or ""),
            "simulator_title": plan.simulator_title,
            "notes": plan.notes,
            "drivers": [driver.id for driver in plan.drivers],
        }
    )
    form.submit.label.text = "Record session"
    if request.method == "POST":
        if form.validate_on_submit() & form.check(today, request.form) & _own_drivers(form):
            logged = service.log_sessions(
                form.chosen_drivers, _details(form), form.scores(), current_user
            )
            service.record_plan(plan, logged)
            db.session.commit()
            return _after_logging(logged, form.held_on.data)
        return _session_form_page("coaching/log.html", form, INVALID, today=today, plan=plan)
    return _session_form_page("coaching/log.html", form, today=today, plan=plan)


@bp.route("/coaching/plans/<int:plan_id>/cancel", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def cancel_plan(plan_id: int):
    plan = _open_plan(plan_id)
    if plan.status is not PlanStatus.PLANNED:
        return _closed_plan_answer(plan)
    form = CancelPlanForm()
    if form.validate_on_submit():
        reason = form.reason.data.strip()
        service.cancel_plan(plan, reason)
        db.session.commit()
        flash(
            f"The session planned for {format_date(plan.planned_on)} is cancelled and off the "
            f"calendar; the audit log keeps it with the reason “{reason}”.",
            "success",
        )
        return redirect(url_for("coaching.plans"))
    status = INVALID if request.method == "POST" else 200
    return render_template("coaching/cancel_plan.html", plan=plan, form=form), status


# Correcting a session --------------------------------------------------------------------


def _form_data(session: CoachingSession, lines: dict[int, analysis.GradeLine]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": session.held_on,
        "session_type": session.session_type.value,
        "circuit_id": str(session.circuit_id or ""),
        "simulator_title": session.simulator_title,
        "laps": session.laps,
        "best_lap": format_lap_ms(session.best_lap_ms) if session.best_lap_ms else "",
        "conditions": session.conditions,
        "night": session.night,
        "aco_approved": session.aco_approved,
        "notes": session.notes,
        "version": str(session.version),
    }
    for competency_id, line in lines.items():
        data[f"score_{competency_id}"] = str(line.current.score)
        data[f"comment_{competency_id}"] = line.current.comment
    return data


@bp.route("/coaching/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def edit_session(session_id: int):
    session = queries.session_for_edit(session_id) or abort(404)
    require(can_manage_driver(current_user, session.driver))

    today = academy_today()
    competencies = queries.competencies()
    circuits = all_circuits()
    lines = analysis.grade_lines(queries.grades_of_session(session.id)).get(session.id, {})
    form = build_session_form(
        EditSessionForm, competencies, circuits, data=_form_data(session, lines)
    )
    context: dict[str, Any] = {
        "session": session,
        "lines": lines,
        "competency_by_id": {c.id: c for c in competencies},
        "today": today,
        "can_delete": can_delete_session(current_user, session),
    }
    if request.method == "GET":
        _remember_loaded_values(form)
        return _session_form_page("coaching/edit.html", form, **context)
    if not (form.validate_on_submit() & form.check(today, request.form)):
        return _session_form_page("coaching/edit.html", form, INVALID, **context)
    if form.version.data != str(session.version):
        return _conflict(session.id, form, competencies, circuits)

    corrections, additions = _grade_changes(form, lines)
    if form.errors or form.problems:
        return _session_form_page("coaching/edit.html", form, INVALID, **context)
    reason = (form.correction_reason.data or "").strip()
    try:
        changed = service.correct_session(
            session, _details(form), corrections, additions, reason, current_user
        )
        if not changed:
            flash("Nothing was changed.", "info")
            return redirect(_session_url(session))
        db.session.commit()
    except (StaleDataError, IntegrityError):
        # Another save went in between this request's read and its write.
        db.session.rollback()
        return _conflict(session_id, form, competencies, circuits)
    flash("Correction saved; the history keeps the earlier grades.", "success")
    return redirect(_session_url(session))


def _session_url(session: CoachingSession) -> str:
    return (
        url_for("coaching.driver_sessions", driver_id=session.driver_id, session=session.id)
        + f"#session-{session.id}"
    )


def _grade_changes(
    form: EditSessionForm, lines: dict[int, analysis.GradeLine]
) -> tuple[list[tuple[Grade, int, str]], list[tuple[int, int, str]]]:
    """(grade corrected, new score, new comment) and (competency, score, comment) added.
    A grade is never removed or changed without a reason: those are form errors."""
    corrections, additions = [], []
    scores = form.scores()
    for competency, score_field, _comment in form.grade_fields():
        score, comment = scores[competency.id]
        line = lines.get(competency.id)
        if line is None:
            if score is not None:
                additions.append((competency.id, score, comment))
            continue
        if score is None:
            score_field.errors.append(
                f"{competency.name}: a grade is never removed. To correct it, choose the "
                "right score and say why."
            )
        elif (score, comment) != (line.current.score, line.current.comment):
            corrections.append((line.current, score, comment))
    if corrections and not (form.correction_reason.data or "").strip():
        form.correction_reason.errors.append(
            "Say why you are correcting a grade: the history shows it to the driver and the director."
        )
    return corrections, additions


def _display(form: SessionFields, name: str) -> str:
    field = form[name]
    value = field.data
    if name == "session_type":
        return label(SessionType(value)) if value in {t.value for t in SessionType} else str(value)
    if name == "circuit_id":
        circuit = form.circuit()
        return circuit.name if circuit else "–"
    if name in ("night", "aco_approved"):
        return "yes" if value else "no"
    if name == "held_on":
        return format_date(value) if isinstance(value, date) else str(value or "")
    if value is None or value == "":
        return "–"
    return str(value)


def _field_names(form: SessionFields) -> list[str]:
    """The fields an editor can change, in the order of the form."""
    names = [
        "held_on",
        "session_type",
        "circuit_id",
        "simulator_title",
        "laps",
        "best_lap",
        "conditions",
        "night",
        "aco_approved",
        "notes",
    ]
    return names + [
        name for c in form.competencies for name in (f"score_{c.id}", f"comment_{c.id}")
    ]


def _raw(form: SessionFields, name: str) -> str:
    value = form[name].data
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def _remember_loaded_values(form: EditSessionForm) -> None:
    """The values the editor starts from, so a refused save can show what they changed."""
    form.original.data = json.dumps({name: _raw(form, name) for name in _field_names(form)})


def _changed_by_editor(submitted: EditSessionForm, fresh: EditSessionForm) -> list[str]:
    try:
        loaded = json.loads(submitted.original.data or "")
    except ValueError:
        loaded = None
    if not isinstance(loaded, dict):  # no record of what they started from: compare with now
        loaded = {name: _raw(fresh, name) for name in _field_names(fresh)}
    return [
        name
        for name in _field_names(fresh)
        if name in submitted and _raw(submitted, name) != loaded.get(name, "")
    ]


def _conflict(session_id: int, submitted: EditSessionForm, competencies, circuits):
    """Refuse a save made on an old version: show what is saved now, with the editor's own
    changes beside it, so nothing typed is lost."""
    session = queries.session_for_edit(session_id) or abort(404)
    lines = analysis.grade_lines(queries.grades_of_session(session.id)).get(session.id, {})
    fresh = build_session_form(
        EditSessionForm, competencies, circuits, formdata=None, data=_form_data(session, lines)
    )
    _remember_loaded_values(fresh)
    unsaved = [
        (fresh[name].label.text, _display(submitted, name), _display(fresh, name))
        for name in _changed_by_editor(submitted, fresh)
    ]
    reason = (submitted.correction_reason.data or "").strip()
    if reason:
        unsaved.append(("Reason for the correction", reason, "–"))
    change = queries.last_change(session)
    who = change.by if change else "someone else"
    when = f"{change.at:%H:%M} UTC" if change else "a moment ago"
    return _session_form_page(
        "coaching/edit.html",
        fresh,
        CONFLICT,
        session=session,
        lines=lines,
        competency_by_id={c.id: c for c in competencies},
        today=academy_today(),
        can_delete=can_delete_session(current_user, session),
        conflict=(
            f"This session was changed by {who} at {when} while you were editing; your changes "
            "were not saved — here they are, re-apply them."
        ),
        unsaved=unsaved,
    )


# Taking a session back ------------------------------------------------------------------


def _deletable_session(session_id: int) -> CoachingSession:
    session = queries.session_for_edit(session_id) or abort(404)
    require(can_delete_session(current_user, session))
    return session


def _delete(session: CoachingSession, reason: str):
    driver_id, held_on = session.driver_id, session.held_on
    name = session.driver.legal_name
    service.delete_session(session, reason)
    db.session.commit()
    flash(
        f"The session of {format_date(held_on)} for {name} is deleted; the audit log keeps it "
        f"with the reason “{reason}”.",
        "success",
    )
    return redirect(url_for("coaching.driver_sessions", driver_id=driver_id))


@bp.route("/coaching/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def delete_session(session_id: int):
    session = _deletable_session(session_id)
    form = DeleteSessionForm()
    if form.validate_on_submit():
        return _delete(session, form.reason.data.strip())
    status = INVALID if request.method == "POST" else 200
    grades = analysis.grade_lines(queries.grades_of_session(session.id)).get(session.id, {})
    return render_template(
        "coaching/delete.html",
        session=session,
        form=form,
        grade_count=len(grades),
        competency_by_id={c.id: c for c in queries.competencies()},
        lines=grades,
    ), status


@bp.route("/coaching/sessions/<int:session_id>/undo", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def undo_session(session_id: int):
    """The Undo of the message after logging: delete at once, with the reason "undone"."""
    session = _deletable_session(session_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _delete(session, "undone")


# The cohort board --------------------------------------------------------------------------


@bp.route("/coaching/cohort")
@roles(Role.ADMIN, Role.COACH)
def cohort():
    cohort_id = request.args.get("cohort", type=database_int)
    competencies, rows = queries.cohort_table(current_user, cohort_id)
    sort = analysis.sort_key_for(request.args.get("sort", "driver"), competencies)
    descending = request.args.get("dir") == "desc"
    return render_template(
        "coaching/cohort.html",
        rows=analysis.sort_rows(rows, sort, descending, competencies),
        competencies=competencies,
        cohorts=queries.cohorts(),
        cohort_id=cohort_id,
        sort=sort,
        descending=descending,
    )


# The rubric ------------------------------------------------------------------------------


@bp.route("/coaching/rubric")
@roles(Role.ADMIN)
def rubric():
    return render_template(
        "coaching/rubric.html",
        competencies=queries.competencies(),
        grade_counts=queries.grade_counts(),
        form=ConfirmForm(),
    )


def _competency_details(form: CompetencyForm) -> service.CompetencyDetails:
    return service.CompetencyDetails(
        name=form.name.data.strip(),
        description=(form.description.data or "").strip(),
        level_guide=(form.level_guide.data or "").strip(),
        position=form.position.data,
    )


@bp.route("/coaching/rubric/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def add_competency():
    form = CompetencyForm(data={"level_guide": LEVELS, "position": queries.next_position()})
    if form.validate_on_submit():
        competency = service.add_competency(_competency_details(form))
        db.session.commit()
        flash(f"{competency.name} is on the rubric; coaches can grade it now.", "success")
        return redirect(url_for("coaching.rubric"))
    status = INVALID if request.method == "POST" else 200
    return render_template("coaching/competency_form.html", form=form, competency=None), status


@bp.route("/coaching/rubric/<int:competency_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_competency(competency_id: int):
    competency = db.session.get(Competency, competency_id) or abort(404)
    form = CompetencyForm(obj=competency)
    if form.validate_on_submit():
        service.edit_competency(competency, _competency_details(form))
        db.session.commit()
        flash(f"{competency.name} saved.", "success")
        return redirect(url_for("coaching.rubric"))
    status = INVALID if request.method == "POST" else 200
    return render_template(
        "coaching/competency_form.html", form=form, competency=competency
    ), status


def _set_retired(competency_id: int, retire: bool):
    competency = db.session.get(Competency, competency_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not service.set_retired(competency, retire):
        return redirect(url_for("coaching.rubric"))
    db.session.commit()
    if retire:
        flash(
            f"{competency.name} is retired: its grades stay in the history; it takes no new ones.",
            "success",
        )
    else:
        flash(f"{competency.name} is back on the rubric.", "success")
    return redirect(url_for("coaching.rubric"))


@bp.route("/coaching/rubric/<int:competency_id>/retire", methods=["POST"])
@roles(Role.ADMIN)
def retire_competency(competency_id: int):
    return _set_retired(competency_id, retire=True)


@bp.route("/coaching/rubric/<int:competency_id>/restore", methods=["POST"])
@roles(Role.ADMIN)
def restore_competency(competency_id: int):
    return _set_retired(competency_id, retire=False)
