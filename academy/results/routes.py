from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms.fields.choices import SelectChoice

from academy import audit
from academy.drivers.forms import add_error
from academy.drivers.queries import event_label, events_for_choice
from academy.enums import Role
from academy.extensions import db
from academy.imports.parsed import DEFAULT_MAX_BYTES, ParseOptions
from academy.imports.permitted import withhold_unpermitted
from academy.imports.reader import parse_timing_file
from academy.imports.writer import ImportPlan, ImportRefused, plan_import, write_import
from academy.jobs.service import QuotaExceeded
from academy.models import Circuit, Event, Result, Season, Series
from academy.permissions import can_manage_driver, can_view_driver, require, roles
from academy.results import pending, queries, uploads
from academy.results.forms import KNOWN_SERIES, ConfirmImportForm, EventForm, UploadForm
from academy.routing import database_int

bp = Blueprint("results", __name__, url_prefix="/results")

EVENT_FIELDS = [
    "season_id",
    "circuit_id",
    "name",
    "round_number",
    "race_number",
    "starts_on",
    "duration_hours",
    "night_running",
]


def parse_options() -> ParseOptions:
    return ParseOptions(max_bytes=current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


# --- events --------------------------------------------------------------------------------


@bp.route("/events")
@roles(Role.ADMIN, Role.COACH)
def events():
    return render_template("results/events.html", rows=queries.events_listing())


@bp.route("/events/new", methods=["GET", "POST"])
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
    chosen = series.get(code) or Series(code=code, name=names[code])
    db.session.add(chosen)
    label = form.season_label.data.strip()
    season = None
    if chosen.id is not None:
        season = db.session.execute(
            db.select(Season).where(Season.series_id == chosen.id, Season.label == label)
        ).scalar_one_or_none()
    if season is None:
        season = Season(series=chosen, label=label, starts_on=form.starts_on.data)
        db.session.add(season)
    elif (
        season.id is not None
        and db.session.execute(
            db.select(Event.id).where(
                Event.season_id == season.id,
                Event.round_number == form.round_number.data,
                Event.race_number == form.race_number.data,
            )
        ).first()
    ):
        add_error(form.round_number, f"{code} {label} already has this round and race.")
        return None
    if form.circuit_id.data:
        circuit = db.session.get(Circuit, form.circuit_id.data) or abort(404)
    else:
        name = " ".join(form.new_circuit.data.split())
        circuit = db.session.execute(
            db.select(Circuit).where(Circuit.name == name)
        ).scalar_one_or_none() or Circuit(name=name, country=form.new_circuit_country.data.upper())
        db.session.add(circuit)
    race = f" race {form.race_number.data}" if form.race_number.data > 1 else ""
    event = Event(
        season=season,
        circuit=circuit,
        name=(form.name.data or "").strip()
        or f"{chosen.name} {label}, round {form.round_number.data}{race} ({circuit.name})"[:200],
        round_number=form.round_number.data,
        race_number=form.race_number.data,
        starts_on=form.starts_on.data,
        duration_hours=Decimal(form.duration_hours.data).quantize(Decimal("0.01")),
        night_running=bool(form.night_running.data),
    )
    db.session.add(event)
    db.session.flush()
    audit.record("event_created", event, after=audit.snapshot(event, EVENT_FIELDS))
    return event


@bp.route("/events/<int:event_id>")
@roles(Role.ADMIN, Role.COACH)
def event(event_id: int):
    found = queries.event_with_season(event_id) or abort(404)
    return render_template(
        "results/event.html",
        event=found,
        label=event_label(found),
        entries=queries.event_entries(found.id),
        batches=queries.event_batches(found.id),
        can_view_driver=can_view_driver,
    )


# --- import: upload, preview, confirm -----------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def upload():
    form = UploadForm()
    form.event_id.choices = [SelectChoice(0, "choose the race…")] + [
        SelectChoice(item.id, event_label(item)) for item in events_for_choice()
    ]
    if request.method == "GET" and request.args.get("event_id", type=database_int):
        form.event_id.data = request.args.get("event_id", type=database_int)
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
    race = parse_timing_file(pending.read(), pending.file_name, parse_options())
    return found, withhold_unpermitted(plan_import(race, found), current_user)


def _render_preview(
    pending: uploads.PendingUpload, found: Event, plan: ImportPlan, status: int = 200
):
    return (
        render_template(
            "results/preview.html",
            pending=pending,
            event=found,
            label=event_label(found),
            plan=plan,
            race=plan.race,
            form=ConfirmImportForm(),
        ),
        status,
    )


@bp.route("/import/<token>")
@roles(Role.ADMIN, Role.COACH)
def preview(token: str):
    pending = _pending_or_404(token)
    found, plan = _plan_for(pending)
    return _render_preview(pending, found, plan)


@bp.route("/import/<token>/confirm", methods=["POST"])
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


@bp.route("/import/<token>/cancel", methods=["POST"])
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


@bp.route("/pending/<int:result_id>/confirm", methods=["POST"])
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


@bp.route("/pending/<int:result_id>/decline", methods=["POST"])
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
