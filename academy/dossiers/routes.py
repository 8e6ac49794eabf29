"""The driver's Dossiers tab, dossier downloads, the driver's photo, and public verification."""

from __future__ import annotations

import io
import logging
import os

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from academy import audit
from academy.clock import utcnow
from academy.dossiers import queries
from academy.dossiers.forms import CheckFileForm, PhotoForm, VerifyForm
from academy.dossiers.generation import GeneratedDossier, generate_dossier, parse_kind
from academy.dossiers.pdf import FontMissingError
from academy.dossiers.pdf.verification import normalise_code, sha256_hex
from academy.dossiers.photos import (
    STORED_CONTENT_TYPE,
    PhotoRejected,
    check_upload_size,
    prepare_upload,
)
from academy.dossiers.revocation import revoke_dossier
from academy.enums import DossierKind, Role
from academy.extensions import db, limiter
from academy.forms import ConfirmForm
from academy.models import Dossier, Driver, DriverPhoto
from academy.permissions import (
    can_scout_driver,
    can_view_driver,
    is_admin,
    public,
    require,
    roles,
)
from academy.progress.rule_sets import RuleSetUnavailable

bp = Blueprint("dossiers", __name__)

STAFF_AND_DRIVER = (Role.ADMIN, Role.COACH, Role.DRIVER)
KIND_WORDS = {
    DossierKind.INVITATION: (
        "Le Mans invitation",
        "For the selection committee: identity, licence, the complete race record, the Le Mans "
        "pathway check with its evidence, and the coach's endorsement.",
    ),
    DossierKind.SPONSOR: (
        "Sponsor profile",
        "For partners: the driver's story, highlights, results by season, growth in the coaches' "
        "gradings and media work.",
    ),
    DossierKind.SCOUTING: (
        "Scouting report",
        "For team principals: ratings per competency with trends, results against co-drivers "
        "and class, lap-time progression and the cohort comparison.",
    ),
}
VERIFY_RATE_LIMIT = "60 per minute"


def cannot_generate(error: Exception):
    """A dossier that cannot be built for a reason on our side (the rule set in use is
    unreadable, a font is missing) is a page that says so, never a bare 500."""
    logging.getLogger("academy").error("dossier not generated: %s", error)
    db.session.rollback()
    return (
        render_template(
            "error.html",
            code=503,
            title="Not available",
            message=f"The dossier could not be generated, and nothing was recorded: {error}",
        ),
        503,
    )


bp.register_error_handler(RuleSetUnavailable, cannot_generate)
bp.register_error_handler(FontMissingError, cannot_generate)


def pdf_response(generated: GeneratedDossier) -> Response:
    response = send_file(
        io.BytesIO(generated.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=generated.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _driver(driver_id: int) -> Driver:
    return db.session.get(Driver, driver_id) or abort(404)


def _render_tab(driver: Driver, photo_form: PhotoForm, status: int = 200):
    has_photo = (
        db.session.execute(select(DriverPhoto.id).where(DriverPhoto.driver_id == driver.id)).first()
        is not None
    )
    return (
        render_template(
            "dossiers/driver_dossiers.html",
            driver=driver,
            dossiers=queries.dossiers_of(driver.id),
            kinds=KIND_WORDS,
            photo_form=photo_form,
            confirm=ConfirmForm(),
            has_photo=has_photo,
            can_revoke=is_admin(current_user),
        ),
        status,
    )


@bp.route("/drivers/<int:driver_id>/dossiers")
@roles(*STAFF_AND_DRIVER)
def driver_dossiers(driver_id: int):
    driver = _driver(driver_id)
    require(can_view_driver(current_user, driver))
    return _render_tab(driver, PhotoForm(formdata=None))


@bp.route("/drivers/<int:driver_id>/dossiers/<kind>.pdf", methods=["POST"])
@roles(*STAFF_AND_DRIVER)
def download(driver_id: int, kind: str):
    driver = _driver(driver_id)
    dossier_kind = parse_kind(kind) or abort(404)
    require(can_view_driver(current_user, driver))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    generated = generate_dossier(driver.id, dossier_kind, current_user)
    db.session.commit()
    return pdf_response(generated)


# --- photo -----------------------------------------------------------------------------------


@bp.route("/drivers/<int:driver_id>/photo.jpg")
@roles(*STAFF_AND_DRIVER, Role.PRINCIPAL)
def photo(driver_id: int):
    driver = _driver(driver_id)
    require(can_view_driver(current_user, driver) or can_scout_driver(current_user, driver))
    stored = db.session.execute(
        select(DriverPhoto).where(DriverPhoto.driver_id == driver.id)
    ).scalar_one_or_none() or abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/drivers/<int:driver_id>/photo", methods=["POST"])
@roles(*STAFF_AND_DRIVER)
def upload_photo(driver_id: int):
    driver = _driver(driver_id)
    require(can_view_driver(current_user, driver))
    form = PhotoForm()
    if not form.validate_on_submit():
        return _render_tab(driver, form, 422)
    stream = form.photo.data.stream
    try:
        stream.seek(0, os.SEEK_END)
        check_upload_size(stream.tell())
        stream.seek(0)
        prepared = prepare_upload(stream.read())
    except PhotoRejected as error:
        form.photo.errors.append(str(error))
        return _render_tab(driver, form, 422)
    stored = db.session.execute(
        select(DriverPhoto).where(DriverPhoto.driver_id == driver.id)
    ).scalar_one_or_none()
    if stored is None:
        stored = DriverPhoto(driver_id=driver.id)
        db.session.add(stored)
    stored.content_type = STORED_CONTENT_TYPE
    stored.data = prepared.jpeg
    stored.uploaded_at = utcnow()
    audit.record(
        "driver_photo_uploaded",
        driver,
        after={
            "photo": f"{prepared.width}x{prepared.height} JPEG (uploaded as {prepared.source_format})",
            "bytes": len(prepared.jpeg),
        },
    )
    db.session.commit()
    flash("Photo saved. Dossiers generated from now on print it on the cover.", "success")
    return redirect(url_for("dossiers.driver_dossiers", driver_id=driver.id))


@bp.route("/drivers/<int:driver_id>/photo/remove", methods=["POST"])
@roles(*STAFF_AND_DRIVER)
def remove_photo(driver_id: int):
    driver = _driver(driver_id)
    require(can_view_driver(current_user, driver))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    stored = db.session.execute(
        select(DriverPhoto).where(DriverPhoto.driver_id == driver.id)
    ).scalar_one_or_none()
    if stored is not None:
        db.session.delete(stored)
        audit.record("driver_photo_removed", driver, before={"bytes": len(stored.data)})
        db.session.commit()
        flash("Photo removed.", "success")
    return redirect(url_for("dossiers.driver_dossiers", driver_id=driver.id))


# --- revocation and verification -------------------------------------------------------------


@bp.route("/dossiers/<int:dossier_id>/revoke", methods=["POST"])
@roles(Role.ADMIN)
def revoke(dossier_id: int):
    record = db.session.get(Dossier, dossier_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if revoke_dossier(record):
        db.session.commit()
        flash(
            f"Dossier {record.verification_code} is revoked: its verification page now says so.",
            "success",
        )
    return redirect(url_for("dossiers.driver_dossiers", driver_id=record.driver_id))


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(VERIFY_RATE_LIMIT, methods=["POST"])
@public
def verify_form():
    form = VerifyForm()
    if form.validate_on_submit():
        code = normalise_code(form.code.data)
        if code is not None:
            return redirect(url_for("dossiers.verify", code=code))
        form.code.errors.append(
            "That is not a verification code: a code has ten letters and digits, like 7KQ2M-XW4PD."
        )
    return render_template("dossiers/verify_form.html", form=form)


@bp.route("/verify/<code>", methods=["GET", "POST"])
@limiter.limit(VERIFY_RATE_LIMIT)
@public
def verify(code: str):
    answer = queries.verify_code(code)
    if answer is not None and answer.code != code:
        return redirect(url_for("dossiers.verify", code=answer.code))
    form = CheckFileForm()
    matches = None
    if answer is not None and form.validate_on_submit():
        matches = sha256_hex(form.document.data.read()) == answer.sha256
    return (
        render_template(
            "dossiers/verify.html",
            answer=answer,
            typed=code[:64],
            form=form,
            matches=matches,
            kinds=KIND_WORDS,
        ),
        200 if answer is not None else 404,
    )
