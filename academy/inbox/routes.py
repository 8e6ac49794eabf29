"""The user's e-mail settings (every kind can be switched off) and a principal's "seen"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from academy.clock import utcnow
from academy.enums import Role
from academy.extensions import db
from academy.forms import ConfirmForm
from academy.inbox import mail
from academy.inbox.forms import EmailSettingsForm
from academy.permissions import authenticated, roles

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


@bp.route("/email", methods=["GET", "POST"])
@authenticated
def email_settings():
    form = EmailSettingsForm()
    wanted = mail.kinds_wanted(current_user.id)
    if not form.is_submitted():
        for kind in mail.KINDS:
            getattr(form, kind).data = kind in wanted
    if form.validate_on_submit():
        mail.set_kinds_wanted(
            current_user.id, {kind for kind in mail.KINDS if getattr(form, kind).data}
        )
        db.session.commit()
        flash("Your e-mail settings are saved.", "success")
        return redirect(url_for("inbox.email_settings"))
    return render_template("inbox/email_settings.html", form=form, address=current_user.email)


@bp.route("/scouting-seen", methods=["POST"])
@roles(Role.PRINCIPAL)
def scouting_seen():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    current_user.scouting_seen_at = utcnow()
    db.session.commit()
    return redirect(url_for("main.dashboard"))
