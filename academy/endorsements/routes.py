"""Endorsements: the driver's coach writes and signs one; coaches see where theirs went.

Each view loads, then checks access, then acts.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from academy.endorsements import service
from academy.endorsements.forms import EndorsementForm
from academy.enums import EndorsementPurpose, Role
from academy.extensions import db
from academy.models import Driver
from academy.permissions import is_coach_of, require, roles

bp = Blueprint("endorsements", __name__)

INVALID = 422


@bp.route("/drivers/<int:driver_id>/endorsements/new", methods=["GET", "POST"])
@roles(Role.COACH)
def new(driver_id: int):
    driver = db.session.get(Driver, driver_id)
    if driver is None:
        abort(404)
    require(is_coach_of(current_user, driver))
    today = date.today()
    form = EndorsementForm(coach_name=current_user.display_name, today=today)
    if not form.is_submitted():
        form.endorsed_on.data = today
        form.purpose.data = EndorsementPurpose.LE_MANS_INVITATION.value
    if form.validate_on_submit():
        service.write_endorsement(
            driver,
            current_user,
            purpose=EndorsementPurpose(form.purpose.data),
            endorsed_on=form.endorsed_on.data,
            text=form.text.data,
            signature=form.signature.data,
        )
        db.session.commit()
        flash(f"Endorsement of {driver.legal_name} signed.", "success")
        return redirect(url_for("endorsements.mine"))
    status = INVALID if form.is_submitted() else 200
    return render_template("endorsements/new.html", form=form, driver=driver), status


@bp.route("/endorsements")
@roles(Role.COACH, Role.ADMIN)
def mine():
    coach_id = current_user.id if current_user.role is Role.COACH else None
    return render_template(
        "endorsements/list.html",
        destinations=service.destinations(coach_id),
        everyone=coach_id is None,
    )
