from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from academy.championship import loader as championship_loader
from academy.championship.current import store_current_championships
from academy.championship.loader import season_info
from academy.championship.season import planned_crews, race_checks, rules_for
from academy.clock import academy_today
from academy.enums import RaceClass, Role
from academy.enums import label as label_of
from academy.extensions import db
from academy.forms import add_error
from academy.jobs.service import QuotaExceeded
from academy.models import Circuit, Driver, Event, Result, Series
from academy.permissions import (
    authenticated,
    can_manage_driver,
    can_scout_driver,
    can_view_driver,
    may_know_academy_driver,
    require,
    roles,
)
from academy.results import entry, options, pending, queries, uploads
from academy.results import events as event_service
from academy.results.events import EventExists, NewEvent, find_circuit
from academy.results.forms import (
    KNOWN_SERIES,
    NEW_CLASS,
    ClassQuestionForm,
    ConfirmImportForm,
    EventForm,
    ResultForm,
    TeamQuestionForm,
    UploadForm,
)
from academy.results.timing.decoding import encoding_words
from academy.results.timing.parsed import DEFAULT_MAX_BYTES, ParseOptions
from academy.results.timing.permitted import withhold_unpermitted
from academy.results.timing.reader import parse_timing_file
from academy.results.timing.teams import TeamNameError, map_team_name
from academy.results.timing.writer import ImportPlan, ImportRefused, plan_import, write_import
from academy.routing import database_int

# Races and imports under /results; a driver's own results where the driver's pages are.
bp = Blueprint("results", __name__)


def max_bytes() -> int:
    return current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def parse_options() -> ParseOptions:
    return ParseOptions(max_bytes=max_bytes())


# --- events --------------------------------------------------------------------------------


@bp.route("/results/events")
@roles(Role.ADMIN, Role.COACH)
def events():
    return render_template("results/events.html", rows=queries.events_listing())


@bp.route("/results/events/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def create_event():
    form = EventForm()
    series = {item.code: item for item in queries.all_series()}
    names = {**KNOWN_SERIES, **{code: item.name for code, item in series.items()}}
    form.series.choices = [SelectChoice(code, f"{code} · {name}") for code, name in names.items()]
    form.circuit_id.choices = [SelectChoice(0, "a new circuit (name it below)")] + [
        SelectChoice(circuit.id, circuit.name) for circuit in queries.all_circuits()
    ]
    if form.validate_on_submit():
        event = _create_event(form, series, names)
        if event is not None:
            db.session.commit()
            flash(f"Event created: {event.name}.", "success")
            return redirect(url_for("results.upload", event_id=event.id))
        db.session.rollback()
    return render_template("results/event_form.html", form=form)


def _create_event(
    form: EventForm, series: dict[str, Series], names: dict[str, str]
) -> Event | None:
    code = form.series.data
    if form.circuit_id.data:
        circuit = db.session.get(Circuit, form.circuit_id.data) or abort(404)
    else:
        name = " ".join(form.new_circuit.data.split())
        circuit = find_circuit(name) or Circuit(
            name=name, country=form.new_circuit_country.data.upper()
        )
    new = NewEvent(
        series_code=code,
        series_name=series[code].name if code in series else names[code],
        season_label=form.season_label.data.strip(),
        circuit=circuit,
        starts_on=form.starts_on.data,
        duration_hours=Decimal(form.duration_hours.data),
        round_number=form.round_number.data,
        race_number=form.race_number.data,
        night_running=bool(form.night_running.data),
        name=form.name.data or "",
        start_time=form.start_time.data,
    )
    try:
        return event_service.create_event(new, actor_id=current_user.id)
    except EventExists as exists:
        add_error(form.round_number, str(exists))
        return None


@bp.route("/results/events/<int:event_id>")
@authenticated
def event(event_id: int):
    """A race's classification, crews and driving times: public results, so every signed-in
    role sees them. The imported files (who imported what) and the import button are the
    staff's; a driver's own pages open only to whom `can_view_driver` allows, and a principal
    reaches the scouting view of a consenting driver only."""
    found = queries.event_with_season(event_id) or abort(404)
    facts = championship_loader.event_facts(found.id)
    checks = race_checks(facts, championship_loader.event_laps(found.id)) if facts else {}
    staff = current_user.role in (Role.ADMIN, Role.COACH)
    return render_template(
        "results/event.html",
        event=found,
        label=queries.event_label(found),
        entries=queries.event_entries(found.id),
        batches=queries.event_batches(found.id) if staff else None,
        staff=staff,
        can_view_driver=can_view_driver,
        can_scout_driver=can_scout_driver,
        may_know_academy_driver=may_know_academy_driver,
        checks=checks,
        rules=rules_for(facts.season) if facts else None,
    )


# --- import: upload, preview, confirm -----------------------------------------------------------


@bp.route("/results/import", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def upload():
    form = UploadForm()
    _event_choices(form)
    if form.validate_on_submit():
        storage = form.timing_file.data
        data = storage.read()
        file_name = uploads.display_name(storage.filename or "")
        race = parse_timing_file(data, file_name, parse_options())
        if race.refusal is not None:
            # Refused as a whole: nothing is kept, the reason is shown at the field.
            add_error(form.timing_file, f"{file_name}: {race.refusal}")
        else:
            try:
                token = uploads.save(
                    data,
                    file_name,
                    user_id=current_user.id,
                    event_id=form.event_id.data,
                    now=uploads.utc_now(),
                )
            except uploads.OverQuota as refused:
                add_error(form.timing_file, str(refused))
            except QuotaExceeded as error:
                add_error(form.timing_file, f"{file_name}: {error}")
            else:
                db.session.commit()
                return redirect(url_for("results.preview", token=token))
    return render_template("results/upload.html", form=form)


def _pending_or_404(token: str) -> uploads.PendingUpload:
    return uploads.load(token, user_id=current_user.id, now=uploads.utc_now()) or abort(404)


def _plan_for(pending: uploads.PendingUpload) -> tuple[Event, ImportPlan]:
    found = queries.event_with_season(pending.event_id) or abort(404)
    race = parse_timing_file(
        pending.read(), pending.file_name, options.parse_options(found, max_bytes())
    )
    return found, withhold_unpermitted(plan_import(race, found), current_user)


def _class_forms(plan: ImportPlan) -> list[ClassQuestionForm]:
    """One question per class of the file the academy does not know."""
    names = [spec.name for spec in options.class_book().classes]
    forms = []
    for label in plan.race.unknown_classes:
        form = ClassQuestionForm(formdata=None)
        form.label_text = label
        form.target.choices = [SelectChoice(NEW_CLASS, "a class of its own")] + [
            SelectChoice(name, f"another name for {name}") for name in names
        ]
        form.counts_as.choices = [SelectChoice(c.value, label_of(c)) for c in RaceClass]
        forms.append(form)
    return forms


NEW_TEAM = "__new__"


def _team_forms(plan: ImportPlan) -> list[TeamQuestionForm]:
    """One question per team name of the file that no team has (the director answers)."""
    if current_user.role is not Role.ADMIN or not plan.unmatched_teams:
        return []
    choices = [SelectChoice(NEW_TEAM, "a new team")] + [
        SelectChoice(str(team.id), f"another name for {team.name}") for team in queries.all_teams()
    ]
    forms = []
    for match in plan.unmatched_teams:
        form = TeamQuestionForm(formdata=None)
        form.label_text = match.name
        form.target.choices = choices
        forms.append(form)
    return forms


def _render_preview(
    pending: uploads.PendingUpload, found: Event, plan: ImportPlan, status: int = 200
):
    return (
        render_template(
            "results/preview.html",
            pending=pending,
            event=found,
            label=queries.event_label(found),
            plan=plan,
            race=plan.race,
            encoding=encoding_words(plan.race.encoding) if plan.race.encoding else "",
            form=ConfirmImportForm(),
            class_forms=_class_forms(plan),
            team_forms=_team_forms(plan),
            crews=planned_crews(plan, season_info(found), found.starts_on) if plan.cars else {},
        ),
        status,
    )


@bp.route("/results/import/<token>")
@roles(Role.ADMIN, Role.COACH)
def preview(token: str):
    pending = _pending_or_404(token)
    found, plan = _plan_for(pending)
    return _render_preview(pending, found, plan)


@bp.route("/results/import/<token>/confirm", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def confirm(token: str):
    pending = _pending_or_404(token)
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    found, plan = _plan_for(pending)
    if plan.previous_import is not None:
        uploads.discard(token)
        db.session.commit()
        flash(plan.blocking_reason or "", "info")
        return redirect(url_for("results.event", event_id=found.id))
    try:
        summary = write_import(plan, found, imported_by_id=current_user.id)
        uploads.discard(token)  # in the same commit as the import
        store_current_championships(academy_today())  # so that no dashboard works them out
        db.session.commit()
    except ImportRefused as refused:
        db.session.rollback()
        flash(f"Nothing was imported. {refused}", "error")
        return _render_preview(pending, found, plan, 409)
    except IntegrityError:
        # Someone imported into the same event at the same moment: their import stands.
        db.session.rollback()
        flash(
            "Nothing was imported: the event changed while you were looking. Check it again.",
            "error",
        )
        found, plan = _plan_for(pending)
        return _render_preview(pending, found, plan, 409)
    flash(f"Imported {pending.file_name}: {summary}.", "success")
    return redirect(url_for("results.event", event_id=found.id))


@bp.route("/results/import/<token>/classes", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def answer_class(token: str):
    pending = _pending_or_404(token)
    form = ClassQuestionForm()
    names = [spec.name for spec in options.class_book().classes]
    form.target.choices = [NEW_CLASS, *names]
    form.counts_as.choices = [c.value for c in RaceClass]
    if not form.validate_on_submit():
        abort(400)
    _, plan = _plan_for(pending)
    unknown = plan.race.unknown_classes
    if form.which.data >= len(unknown):
        abort(400)
    label = unknown[form.which.data]
    new = form.target.data == NEW_CLASS
    if new and (not form.counts_as.data or label in names):
        abort(400)
    options.answer_class(
        label,
        None if new else form.target.data,
        RaceClass(form.counts_as.data) if new else None,
    )
    db.session.commit()
    flash(f"Class {label!r} saved.", "success")
    return redirect(url_for("results.preview", token=pending.token))


@bp.route("/results/import/<token>/teams", methods=["POST"])
@roles(Role.ADMIN)
def answer_team(token: str):
    pending = _pending_or_404(token)
    form = TeamQuestionForm()
    form.target.choices = [NEW_TEAM, *(str(team.id) for team in queries.all_teams())]
    if not form.validate_on_submit():
        abort(400)
    _, plan = _plan_for(pending)
    unmatched = plan.unmatched_teams
    if form.which.data >= len(unmatched):
        abort(400)
    name = unmatched[form.which.data].name
    new = form.target.data == NEW_TEAM
    try:
        team = map_team_name(
            name, team_id=None if new else int(form.target.data), country=form.country.data or ""
        )
    except TeamNameError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("results.preview", token=pending.token))
    db.session.commit()
    flash(
        f"Team {team.name} created." if new else f"“{name}” is now a name of {team.name}.",
        "success",
    )
    return redirect(url_for("results.preview", token=pending.token))


@bp.route("/results/import/<token>/cancel", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def cancel(token: str):
    pending = _pending_or_404(token)
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    uploads.discard(pending.token)
    db.session.commit()
    flash(f"{pending.file_name} was not imported.", "info")
    return redirect(url_for("results.upload", event_id=pending.event_id))


def _pending_result_or_404(result_id: int) -> Result:
    result = db.session.get(Result, result_id)
    if result is None or result.pending_driver is None:
        abort(404)
    require(can_manage_driver(current_user, result.pending_driver))
    return result


@bp.route("/results/pending/<int:result_id>/confirm", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def confirm_pending_result(result_id: int):
    """An imported seat that named this driver becomes their result (their coach, the director)."""
    result = _pending_result_or_404(result_id)
    driver_id = result.pending_driver_id
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    try:
        pending.confirm_pending(result, current_user)
    except pending.CannotConfirm as refused:
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash("The imported result is now in the driver's history.", "success")
    return redirect(url_for("drivers.history", driver_id=driver_id))


@bp.route("/results/pending/<int:result_id>/decline", methods=["POST"])
@roles(Role.ADMIN, Role.COACH)
def decline_pending_result(result_id: int):
    result = _pending_result_or_404(result_id)
    driver_id = result.pending_driver_id
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    pending.decline_pending(result, current_user)
    db.session.commit()
    flash("The imported result stays under the name the file gave.", "success")
    return redirect(url_for("drivers.history", driver_id=driver_id))


# --- a driver's results, by hand ----------------------------------------------------------


def _event_choices(form: ResultForm | UploadForm) -> None:
    """The races to choose from, newest first; on a GET, the one the link named."""
    events = queries.events_for_choice()
    form.event_id.choices = [SelectChoice(0, "choose the race…")] + [
        SelectChoice(event.id, queries.event_label(event)) for event in events
    ]
    asked_event = request.args.get("event_id", type=database_int)
    if request.method == "GET" and asked_event:
        form.event_id.data = asked_event


@bp.route("/drivers/<int:driver_id>/results/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def new_result(driver_id: int):
    driver = db.session.get(Driver, driver_id) or abort(404)
    require(can_manage_driver(current_user, driver))
    form = ResultForm()
    _event_choices(form)
    if form.validate_on_submit():
        event = db.session.get(Event, form.event_id.data) or abort(404)
        result = entry.add_result(driver, event, form)
        if result is not None:
            db.session.commit()
            flash(f"Result added to {driver.legal_name}'s history.", "success")
            return redirect(url_for("drivers.history", driver_id=driver.id))
        db.session.rollback()
    return render_template(
        "results/result_form.html",
        form=form,
        driver=driver,
        result=None,
        no_events=len(form.event_id.choices) == 1,
    )


@bp.route("/drivers/<int:driver_id>/results/<int:result_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def edit_result(driver_id: int, result_id: int):
    driver = db.session.get(Driver, driver_id) or abort(404)
    require(can_manage_driver(current_user, driver))
    result = queries.result_of_driver(driver.id, result_id) or abort(404)
    form = ResultForm()
    del form.event_id
    del form.co_drivers
    if request.method == "GET":
        entry.fill_form(form, result.entry, result)
    if form.validate_on_submit():
        changed = entry.correct_result(result, form)
        if changed is not None:
            if changed:
                db.session.commit()
                flash("Result corrected; the change is in the audit log.", "success")
            else:
                flash("Nothing changed.", "info")
            return redirect(url_for("drivers.history", driver_id=driver.id))
    return render_template(
        "results/result_form.html",
        form=form,
        driver=driver,
        result=result,
        event_label=queries.event_label(result.entry.event),
        no_events=False,
    )
