"""The principals' portal. Every view asks the database whether the driver consents, on every
request: a driver who withdraws consent is gone from the portal at once."""

from __future__ import annotations

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
from academy.dossiers.generation import generate_dossier
from academy.dossiers.loader import cohort_comparison, licence_info, race_results
from academy.dossiers.pdf import FontMissingError
from academy.dossiers.routes import cannot_generate, pdf_response
from academy.enums import Categorisation, DossierKind, LicenceGrade, RaceClass, Role
from academy.extensions import db
from academy.formatting import format_date
from academy.forms import ConfirmForm
from academy.jobs import service as jobs
from academy.models import Driver, DriverPhoto
from academy.permissions import require, roles
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set
from academy.routing import database_int
from academy.scouting import compare as comparing
from academy.scouting import crew_finder as crew_finder_queries
from academy.scouting import queries, shortlist
from academy.scouting.archive import MAX_DRIVERS_PER_ZIP
from academy.scouting.crew_finder import CrewFinderForm
from academy.scouting.forms import FilterForm
from academy.scouting.stats import race_stats
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

    def plain(field):
        return None if field.errors or field.data in (None, "") else field.data

    return queries.ScoutingFilters(
        category=value(form.category, Categorisation),
        min_licence=value(form.licence, LicenceGrade),
        race_class=value(form.race_class, RaceClass),
        stage=plain(form.stage),
        text=(form.q.data or "").strip(),
        nationality=plain(form.nationality),
        min_age=plain(form.min_age),
        max_age=plain(form.max_age),
    )


@bp.route("")
@roles(*SCOUTS)
def portal():
    rule_set = current_rule_set()
    form = FilterForm(formdata=request.args)
    form.set_stages(rule_set)
    form.set_nationalities(queries.nationalities())
    filters = _filters(form)
    sort = queries.Sort.parse(request.args.get("sort"))
    page = queries.portal_page(
        filters,
        rule_set,
        academy_today(),
        request.args.get("page", 1, type=database_int),
        sort,
    )
    kept = {
        key: value for key, value in request.args.items() if key not in ("page", "sort") and value
    }
    return render_template(
        "scouting/portal.html",
        form=form,
        result=page,
        filtered=any(kept.values()),
        kept=kept,
        sort=sort,
        sort_keys=queries.SORT_KEYS,
        shortlisted=set(shortlist.shortlisted_ids(current_user)),
        confirm=ConfirmForm(),
        max_batch=MAX_DRIVERS_PER_ZIP,
    )


@bp.route("/crew-finder")
@roles(*SCOUTS)
def crew_finder():
    form = CrewFinderForm(formdata=request.args if request.args else None)
    rule = form.chosen_rule() if request.args else None
    found = None
    fits = ()
    if rule is not None:
        current = form.current()
        fits = crew_fits(rule, current)
        found = crew_finder_queries.candidates(
            rule, current, current_rule_set(), academy_today(), form.sort.data or "licence"
        )
    return render_template(
        "scouting/crew_finder.html",
        form=form,
        rule=rule,
        fits=fits,
        legal=found.legal if found else [],
        open_=found.open_ if found else [],
        unlicensed=found.unlicensed if found else [],
        sorts=crew_finder_queries.SORTS,
        kept={k: v for k, v in request.args.items() if k != "sort"},
        today_words=format_date(academy_today()),
    )


def _scouted_driver(driver_id: int) -> Driver:
    """The driver, if the signed-in scout may see them (scouting consent); else 404 or 403."""
    found = db.session.get(Driver, driver_id) or abort(404)
    require(queries.may_scout(current_user, found))
    return found


@bp.route("/drivers/<int:driver_id>")
@roles(*SCOUTS)
def driver(driver_id: int):
    found = _scouted_driver(driver_id)
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
        stats=race_stats(records),
        recent=[record.row for record in records[-8:]][::-1],
        cohort=cohort_comparison(found),
        pathway=pathway,
        has_photo=has_photo,
        on_shortlist=shortlist.on_shortlist(current_user, found.id),
        confirm=ConfirmForm(),
    )


@bp.route("/drivers/<int:driver_id>/dossier.pdf", methods=["POST"])
@roles(*SCOUTS)
def dossier(driver_id: int):
    found = _scouted_driver(driver_id)
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


# --- shortlist and comparison ----------------------------------------------------------------


def _back(default: str) -> str:
    """Where a shortlist button was pressed (a path of this site), else `default`."""
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@bp.route("/shortlist")
@roles(*SCOUTS)
def shortlist_page():
    rule_set = current_rule_set()
    ids = shortlist.shortlisted_ids(current_user)
    rows = queries.rows_for(ids, rule_set, academy_today())
    return render_template(
        "scouting/shortlist.html",
        rows=rows,
        confirm=ConfirmForm(),
        min_compared=comparing.MIN_COMPARED,
        max_compared=comparing.MAX_COMPARED,
    )


@bp.route("/shortlist/<int:driver_id>", methods=["POST"])
@roles(*SCOUTS)
def shortlist_add(driver_id: int):
    found = _scouted_driver(driver_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        added = shortlist.add(current_user, found)
    except shortlist.ShortlistFull as error:
        flash(str(error), "error")
        return redirect(_back(url_for("scouting.shortlist_page")))
    db.session.commit()
    if added:
        flash(f"{found.legal_name} is on your shortlist.", "success")
    return redirect(_back(url_for("scouting.shortlist_page")))


@bp.route("/shortlist/<int:driver_id>/remove", methods=["POST"])
@roles(*SCOUTS)
def shortlist_remove(driver_id: int):
    found = _scouted_driver(driver_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if shortlist.remove(current_user, found.id):
        db.session.commit()
        flash(f"{found.legal_name} is off your shortlist.", "success")
    return redirect(_back(url_for("scouting.shortlist_page")))


@bp.route("/compare")
@roles(*SCOUTS)
def compare():
    try:
        ids = comparing.selection(request.args.getlist("driver_id"))
    except comparing.CompareError as error:
        return render_template("scouting/compare.html", error=str(error), comparison=None), 400
    found = comparing.drivers_in(ids)
    if len(found) != len(ids):
        abort(404)
    drivers = [found[driver_id] for driver_id in ids]
    for driver in drivers:
        require(queries.may_scout(current_user, driver))
    comparison = comparing.compare(drivers, current_rule_set(), academy_today())
    return render_template("scouting/compare.html", error=None, comparison=comparison)
