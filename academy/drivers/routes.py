from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from academy import audit
from academy.clock import academy_today, utcnow
from academy.dossiers.revocation import revoke_scouting_dossiers
from academy.drivers import queries
from academy.drivers.forms import (
    ConsentForm,
    DriverForm,
    FilterForm,
    LicenceForm,
    MedicalForm,
    cohort_choices,
    user_choices,
)
from academy.drivers.history import build_timeline
from academy.enums import Categorisation, LicenceGrade, Role
from academy.extensions import db
from academy.forms import add_error
from academy.main.queries import expiry_flags
from academy.models import Driver, Licence, MedicalCertificate
from academy.page_cache import stored_html
from academy.permissions import (
    can_manage_driver,
    can_view_driver,
    is_admin,
    is_driver_themself,
    require,
    roles,
)
from academy.results.forms import ConfirmImportForm
from academy.results.pending import pending_results
from academy.validity import licence_on, medical_on

bp = Blueprint("drivers", __name__, url_prefix="/drivers")

DRIVER_FIELDS = [
    "legal_name",
    "native_name",
    "romanised_name",
    "nationality",
    "date_of_birth",
    "categorisation",
    "categorisation_review_on",
    "cohort_id",
    "coach_id",
    "user_id",
    "biography",
]
LICENCE_FIELDS = ["driver_id", "grade", "asn", "number", "issued_on", "expires_on"]
MEDICAL_FIELDS = ["driver_id", "issued_on", "expires_on", "examiner"]
CONSENT_FIELDS = ["consent_scouting", "consent_sponsor"]


def _driver_or_404(driver_id: int) -> Driver:
    return db.session.get(Driver, driver_id) or abort(404)


def _managed_driver(driver_id: int) -> Driver:
    """The driver, if the signed-in user may manage them (404 unknown id, 403 someone else's)."""
    driver = _driver_or_404(driver_id)
    require(can_manage_driver(current_user, driver))
    return driver


# --- list and search ---------------------------------------------------------------------


@bp.route("/")
@roles(Role.ADMIN, Role.COACH)
def index():
    form = FilterForm(request.args)
    cohorts = queries.cohorts()
    form.cohort.choices = [SelectChoice(0, "any")] + [SelectChoice(c.id, c.name) for c in cohorts]
    form.coach.choices = user_choices(queries.coaches(), "any")
    form.validate()
    category = form.category.data or ""
    filters = queries.DriverFilters(
        text=form.q.data or "",
        cohort_id=form.cohort.data or None,
        categorisation=Categorisation(category) if category in _values(Categorisation) else None,
        coach_id=(form.coach.data or None) if is_admin(current_user) else None,
    )
    drivers = queries.find_drivers(current_user, filters)
    today = academy_today()
    flags = expiry_flags(drivers, today)
    flagged = {}
    for flag in flags:
        flagged.setdefault(flag.driver.id, []).append(flag)
    return render_template(
        "drivers/index.html",
        form=form,
        drivers=drivers,
        flagged=flagged,
        searched=bool(form.q.data or form.cohort.data or category or form.coach.data),
        today=today,
    )


def _values(enum_class) -> set[str]:  # noqa: ANN001
    return {member.value for member in enum_class}


@bp.route("/me")
@roles(Role.DRIVER)
def my_profile():
    driver = queries.driver_of_user(current_user)
    if driver is None:
        flash("Your account is not linked to a driver profile yet.", "warning")
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("drivers.profile", driver_id=driver.id))


# --- profile ---------------------------------------------------------------------------


@bp.route("/<int:driver_id>")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def profile(driver_id: int):
    # The driver's row with their cohort's, coach's and account's names: the access check and
    # the stored content's key; the rest is read only when the content is not stored.
    row = queries.profile_content_key(driver_id) or abort(404)
    require(can_view_driver(current_user, row))
    today = academy_today()
    content = stored_html("driver", (tuple(row), today), lambda: _profile_content(driver_id, today))
    return render_template("drivers/profile.html", driver=row, content=content)


def _profile_content(driver_id: int, today: date) -> str:
    driver = queries.driver_for_profile(driver_id) or abort(404)
    return render_template(
        "drivers/_profile_content.html",
        driver=driver,
        flags=expiry_flags([driver], today),
        summary=queries.record_summary(driver.id),
        licence=licence_on(driver.licences, today),
        medical=medical_on(driver.medicals, today),
        can_manage=can_manage_driver(current_user, driver),
        is_themself=is_driver_themself(current_user, driver),
        today=today,
    )


def _prepare_driver_form(form: DriverForm, driver: Driver | None) -> None:
    form.cohort_id.choices = cohort_choices(queries.cohorts())
    if is_admin(current_user):
        form.coach_id.choices = user_choices(queries.coaches(), "no coach")
        form.user_id.choices = user_choices(queries.free_driver_accounts(driver), "no account")
    else:
        # Only the director assigns coaches and links accounts: both grant access to the driver.
        del form.coach_id
        del form.user_id


def _apply_driver_form(form: DriverForm, driver: Driver) -> None:
    driver.legal_name = " ".join(form.legal_name.data.split())
    driver.native_name = " ".join((form.native_name.data or "").split()) or None
    driver.romanised_name = " ".join((form.romanised_name.data or "").split()) or None
    driver.nationality = form.nationality.data.upper()
    driver.date_of_birth = form.date_of_birth.data
    # A change of category is dated, so that checks as of an earlier day keep the earlier one.
    driver.record_categorisation(
        Categorisation(form.categorisation.data) if form.categorisation.data else None,
        academy_today(),
    )
    driver.categorisation_review_on = form.categorisation_review_on.data
    driver.cohort_id = form.cohort_id.data or None
    if "coach_id" in form:
        driver.coach_id = form.coach_id.data or None
        driver.user_id = form.user_id.data or None
    driver.biography = (form.biography.data or "").strip()
    driver.refresh_search_text()


@bp.route("/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def create():
    form = DriverForm()
    _prepare_driver_form(form, None)
    if request.method == "GET" and "coach_id" in form:
        form.coach_id.data = 0
    if form.validate_on_submit():
        driver = Driver(legal_name="", nationality="")
        if current_user.role is Role.COACH:
            driver.coach_id = current_user.id
        _apply_driver_form(form, driver)
        db.session.add(driver)
        db.session.flush()
        audit.record("driver_created", driver, after=audit.snapshot(driver, DRIVER_FIELDS))
        db.session.commit()
        flash(f"{driver.legal_name} added to the academy.", "success")
        return redirect(url_for("drivers.profile", driver_id=driver.id))
    return render_template("drivers/driver_form.html", form=form, driver=None)


@bp.route("/<int:driver_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def edit(driver_id: int):
    driver = _managed_driver(driver_id)
    form = DriverForm()
    _prepare_driver_form(form, driver)
    if request.method == "GET":
        form.legal_name.data = driver.legal_name
        form.native_name.data = driver.native_name
        form.romanised_name.data = driver.romanised_name
        form.nationality.data = driver.nationality
        form.date_of_birth.data = driver.date_of_birth
        form.categorisation.data = driver.categorisation.value if driver.categorisation else ""
        form.categorisation_review_on.data = driver.categorisation_review_on
        form.cohort_id.data = driver.cohort_id or 0
        if "coach_id" in form:
            form.coach_id.data = driver.coach_id or 0
            form.user_id.data = driver.user_id or 0
        form.biography.data = driver.biography
    if form.validate_on_submit():
        before = audit.snapshot(driver, DRIVER_FIELDS)
        _apply_driver_form(form, driver)
        after = audit.snapshot(driver, DRIVER_FIELDS)
        if after != before:
            audit.record("driver_updated", driver, before=before, after=after)
            db.session.commit()
            flash("Profile saved.", "success")
        else:
            flash("Nothing changed.", "info")
        return redirect(url_for("drivers.profile", driver_id=driver.id))
    return render_template("drivers/driver_form.html", form=form, driver=driver)


# --- licences and medicals ----------------------------------------------------------------

DriverDocument = TypeVar("DriverDocument", Licence, MedicalCertificate)


def _document_of_managed_driver(
    driver_id: int, model: type[DriverDocument], document_id: int
) -> tuple[Driver, DriverDocument]:
    """The driver (whom the user must manage) and one of that driver's licences or medicals."""
    driver = _managed_driver(driver_id)
    document = db.session.get(model, document_id)
    if document is None or document.driver_id != driver.id:
        abort(404)
    return driver, document


def _save_new_document(
    document: Licence | MedicalCertificate, fields: list[str], action: str, message: str
) -> ResponseReturnValue:
    db.session.add(document)
    audit.record(action, document, after=audit.snapshot(document, fields))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("drivers.profile", driver_id=document.driver_id))


def _save_document_changes(
    document: Licence | MedicalCertificate,
    apply: Callable[[], None],
    fields: list[str],
    action: str,
    message: str,
) -> ResponseReturnValue:
    """Applies the form to the document; audits and commits only if something changed."""
    before = audit.snapshot(document, fields)
    apply()
    after = audit.snapshot(document, fields)
    if after != before:
        audit.record(action, document, before=before, after=after)
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("drivers.profile", driver_id=document.driver_id))


def _licence_taken(form: LicenceForm, licence_id: int | None) -> bool:
    query = db.select(Licence.id).where(
        Licence.asn == form.asn.data.strip(), Licence.number == form.number.data.strip()
    )
    if licence_id is not None:
        query = query.where(Licence.id != licence_id)
    return db.session.execute(query.limit(1)).first() is not None


def _apply_licence(form: LicenceForm, licence: Licence) -> None:
    licence.grade = LicenceGrade(form.grade.data)
    licence.asn = form.asn.data.strip()
    licence.number = form.number.data.strip()
    licence.issued_on = form.issued_on.data
    licence.expires_on = form.expires_on.data


@bp.route("/<int:driver_id>/licences/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def add_licence(driver_id: int):
    driver = _managed_driver(driver_id)
    form = LicenceForm()
    if form.validate_on_submit():
        if _licence_taken(form, None):
            add_error(form.number, "This ASN already has a licence with this number.")
        else:
            licence = Licence(driver_id=driver.id)
            _apply_licence(form, licence)
            return _save_new_document(licence, LICENCE_FIELDS, "licence_added", "Licence added.")
    return render_template("drivers/licence_form.html", form=form, driver=driver, licence=None)


@bp.route("/<int:driver_id>/licences/<int:licence_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def edit_licence(driver_id: int, licence_id: int):
    driver, licence = _document_of_managed_driver(driver_id, Licence, licence_id)
    form = LicenceForm()
    if request.method == "GET":
        form.grade.data = licence.grade.value
        form.asn.data = licence.asn
        form.number.data = licence.number
        form.issued_on.data = licence.issued_on
        form.expires_on.data = licence.expires_on
    if form.validate_on_submit():
        if _licence_taken(form, licence.id):
            add_error(form.number, "This ASN already has a licence with this number.")
        else:
            return _save_document_changes(
                licence,
                lambda: _apply_licence(form, licence),
                LICENCE_FIELDS,
                "licence_updated",
                "Licence saved.",
            )
    return render_template("drivers/licence_form.html", form=form, driver=driver, licence=licence)


def _apply_medical(form: MedicalForm, medical: MedicalCertificate) -> None:
    medical.issued_on = form.issued_on.data
    medical.expires_on = form.expires_on.data
    medical.examiner = (form.examiner.data or "").strip()


@bp.route("/<int:driver_id>/medicals/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def add_medical(driver_id: int):
    driver = _managed_driver(driver_id)
    form = MedicalForm()
    if form.validate_on_submit():
        medical = MedicalCertificate(driver_id=driver.id)
        _apply_medical(form, medical)
        return _save_new_document(
            medical, MEDICAL_FIELDS, "medical_added", "Medical certificate added."
        )
    return render_template("drivers/medical_form.html", form=form, driver=driver, medical=None)


@bp.route("/<int:driver_id>/medicals/<int:medical_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.COACH)
def edit_medical(driver_id: int, medical_id: int):
    driver, medical = _document_of_managed_driver(driver_id, MedicalCertificate, medical_id)
    form = MedicalForm()
    if request.method == "GET":
        form.issued_on.data = medical.issued_on
        form.expires_on.data = medical.expires_on
        form.examiner.data = medical.examiner
    if form.validate_on_submit():
        return _save_document_changes(
            medical,
            lambda: _apply_medical(form, medical),
            MEDICAL_FIELDS,
            "medical_updated",
            "Medical certificate saved.",
        )
    return render_template("drivers/medical_form.html", form=form, driver=driver, medical=medical)


# --- consent (the driver themself) -------------------------------------------------------------


@bp.route("/<int:driver_id>/consent", methods=["GET", "POST"])
@roles(Role.DRIVER)
def consent(driver_id: int):
    driver = _driver_or_404(driver_id)
    # Consent is the driver's own decision: not even the director sets it for them.
    require(is_driver_themself(current_user, driver))
    form = ConsentForm()
    if request.method == "GET":
        form.consent_scouting.data = driver.consent_scouting
        form.consent_sponsor.data = driver.consent_sponsor
    if form.validate_on_submit():
        before = audit.snapshot(driver, CONSENT_FIELDS)
        if form.consent_scouting.data and not driver.consent_scouting:
            driver.consent_scouting_at = utcnow()
        driver.consent_scouting = bool(form.consent_scouting.data)
        driver.consent_sponsor = bool(form.consent_sponsor.data)
        after = audit.snapshot(driver, CONSENT_FIELDS)
        if after != before:
            audit.record("consent_changed", driver, before=before, after=after)
            revoked = 0
            if before["consent_scouting"] and not driver.consent_scouting:
                revoked = revoke_scouting_dossiers(driver.id)
            db.session.commit()
            if revoked:
                flash(
                    f"Your scouting reports ({revoked}) are revoked: their verification pages "
                    "now say so.",
                    "info",
                )
        flash("Your choices are saved.", "success")
        return redirect(url_for("drivers.profile", driver_id=driver.id))
    return render_template("drivers/consent.html", form=form, driver=driver)


# --- race history and results ----------------------------------------------------------------


@bp.route("/<int:driver_id>/history")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def history(driver_id: int):
    driver = _driver_or_404(driver_id)
    require(can_view_driver(current_user, driver))
    results = queries.driver_results(driver.id)
    unknown = queries.lap_analysis_only_entries([result.entry_id for result in results])
    can_manage = can_manage_driver(current_user, driver)
    return render_template(
        "drivers/history.html",
        driver=driver,
        seasons=build_timeline(results, unknown),
        can_manage=can_manage,
        can_view_driver=can_view_driver,
        pending_results=pending_results(driver.id) if can_manage else [],
        pending_form=ConfirmImportForm(),
    )
