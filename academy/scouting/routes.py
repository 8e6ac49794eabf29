"""The principals' portal. Every view asks the database whether the driver consents, on every
request: a driver who withdraws consent is gone from the portal at once."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from academy.clock import academy_today, utcnow
from academy.dossiers.forms import ConfirmForm
from academy.dossiers.generation import generate_dossier
from academy.dossiers.loader import (
    ResultRecord,
    cohort_comparison,
    licence_info,
    race_results,
)
from academy.dossiers.pdf import FontMissingError
from academy.dossiers.routes import cannot_generate, pdf_response
from academy.enums import Categorisation, DossierKind, LicenceGrade, RaceClass, ResultStatus, Role
from academy.extensions import db
from academy.formatting import format_date
from academy.jobs import service as jobs
from academy.models import Driver, DriverPhoto
from academy.permissions import require, roles
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set
from academy.routing import database_int
from academy.scouting import crew_finder as crew_finder_queries
from academy.scouting import queries
from academy.scouting.archive import MAX_DRIVERS_PER_ZIP
from academy.scouting.crew_finder import CrewFinderForm
from academy.scouting.forms import FilterForm
from academy.sporting import crew_fits
from academy.validity import age_on

bp = Blueprint("scouting", __name__, url_prefix="/scouting")
bp.register_error_handler(RuleSetUnavailable, cannot_generate)
bp.register_error_handler(FontMissingError, cannot_generate)

SCOUTS = (Role.PRINCIPAL, Role.ADMIN)


def _filters(form: FilterForm) -> queries.ScoutingFilters:
    """The valid filters; a field with a value it does not know shows an error and is ignored."""
    form.validate()

    def value(field, enum_class):
        if field.errors or not field.data:
            return None
        return enum_class(field.data)

    return queries.ScoutingFilters(
        category=value(form.category, Categorisation),
        min_licence=value(form.licence, LicenceGrade),
        race_class=value(form.race_class, RaceClass),
        stage=None if form.stage.errors or not form.stage.data else form.stage.data,
    )


@bp.route("")
@roles(*SCOUTS)
def portal():
    rule_set = current_rule_set()
    form = FilterForm(formdata=request.args)
    form.set_stages(rule_set)
    filters = _filters(form)
    page = queries.portal_page(
        filters, rule_set, academy_today(), request.args.get("page", 1, type=database_int)
    )
    kept = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "scouting/portal.html",
        form=form,
        result=page,
        filtered=any(kept.values()),
        kept=kept,
        confirm=ConfirmForm(),
        max_batch=MAX_DRIVERS_PER_ZIP,
    )


@bp.route("/crew-finder")
@roles(*SCOUTS)
def crew_finder():
    form = CrewFinderForm(formdata=request.args if request.args else None)
    rule = form.chosen_rule() if request.args else None
    legal = open_ = []
    fits = ()
    if rule is not None:
        current = form.current()
        fits = crew_fits(rule, current)
        legal, open_ = crew_finder_queries.candidates(
            rule, current, current_rule_set(), academy_today(), form.sort.data or "licence"
        )
    return render_template(
        "scouting/crew_finder.html",
        form=form,
        rule=rule,
        fits=fits,
        legal=legal,
        open_=open_,
        sorts=crew_finder_queries.SORTS,
        kept={k: v for k, v in request.args.items() if k != "sort"},
        today_words=format_date(academy_today()),
    )


@dataclass(frozen=True)
class RaceStats:
    entries: int
    classified: int
    class_wins: int
    podiums: int
    hours: float
    night_races: int
    seasons: int
    classes: tuple[str, ...]


def _stats(records: list[ResultRecord]) -> RaceStats:
    rows = [record.row for record in records]
    classified = [r for r in rows if r.status is ResultStatus.CLASSIFIED]
    classes = []
    for r in rows:
        name = r.race_class.value if isinstance(r.race_class, RaceClass) else str(r.race_class)
        if name not in classes:
            classes.append(name)
    return RaceStats(
        entries=len(rows),
        classified=len(classified),
        class_wins=sum(1 for r in classified if r.position_in_class == 1),
        podiums=sum(1 for r in classified if r.position_in_class and r.position_in_class <= 3),
        hours=sum(r.drive_time_s for r in rows) / 3600,
        night_races=sum(1 for r in rows if r.night_running),
        seasons=len({(r.series, r.season) for r in rows}),
        classes=tuple(classes),
    )


@bp.route("/drivers/<int:driver_id>")
@roles(*SCOUTS)
def driver(driver_id: int):
    found = db.session.get(Driver, driver_id) or abort(404)
    require(queries.may_scout(current_user, found))
    today = academy_today()
    rule_set = current_rule_set()
    records = race_results(found.id, today, with_class=False)
    evaluated = queries.driver_pathway(found.id, rule_set, today)
    pathway = evaluated[1] if evaluated else None
    has_photo = (
        db.session.execute(select(DriverPhoto.id).where(DriverPhoto.driver_id == found.id)).first()
        is not None
    )
    return render_template(
        "scouting/driver.html",
        driver=found,
        age=age_on(found.date_of_birth, today) if found.date_of_birth else None,
        licence=licence_info(found.id, today),
        stats=_stats(records),
        recent=[record.row for record in records[-8:]][::-1],
        cohort=cohort_comparison(found),
        pathway=pathway,
        has_photo=has_photo,
        confirm=ConfirmForm(),
    )


@bp.route("/drivers/<int:driver_id>/dossier.pdf", methods=["POST"])
@roles(*SCOUTS)
def dossier(driver_id: int):
    found = db.session.get(Driver, driver_id) or abort(404)
    require(queries.may_scout(current_user, found))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    generated = generate_dossier(found.id, DossierKind.SCOUTING, current_user)
    db.session.commit()
    return pdf_response(generated)


def _selected_ids() -> list[int]:
    seen: list[int] = []
    for raw in request.form.getlist("driver_id"):
        if raw.isdigit() and int(raw) not in seen:
            seen.append(int(raw))
    return seen


@bp.route("/batch.zip", methods=["POST"])
@roles(*SCOUTS)
def batch():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = _selected_ids()
    if not ids:
        flash("Select at least one driver to download their scouting dossiers.", "error")
        return redirect(url_for("scouting.portal"))
    if len(ids) > MAX_DRIVERS_PER_ZIP:
        flash(
            f"You selected {len(ids)} drivers; one ZIP holds at most {MAX_DRIVERS_PER_ZIP}. "
            "Narrow the filters or download in parts.",
            "error",
        )
        return redirect(url_for("scouting.portal"))
    try:
        jobs.check_quota(current_user.id, 0, utcnow())
    except jobs.QuotaExceeded as error:
        flash(str(error), "error")
        return redirect(url_for("scouting.portal"))
    # Built by a worker (a few minutes for hundreds of dossiers); the job's page shows a
    # progress bar, then the download.
    job = jobs.create("scouting_zip", current_user, {"driver_ids": ids})
    db.session.commit()
    jobs.dispatch(job)
    return redirect(url_for("jobs.show", job_id=job.id))
