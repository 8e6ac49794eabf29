from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from academy import audit
from academy.admin import accounts
from academy.admin import audit_log as audit_log_view
from academy.admin.forms import CreateUserForm, RoleForm
from academy.enums import Role, label
from academy.extensions import db
from academy.forms import ConfirmForm
from academy.jobs import service as jobs
from academy.models import User
from academy.permissions import roles
from academy.routing import database_int

bp = Blueprint("admin", __name__, url_prefix="/admin")

AUDIT_PAGE_SIZE = 50
USER_FIELDS = accounts.USER_FIELDS


@bp.route("/users")
@roles(Role.ADMIN)
def users():
    all_users = db.session.execute(db.select(User).order_by(User.role, User.display_name)).scalars()
    return render_template(
        "admin/users.html", users=list(all_users), form=ConfirmForm(), role_form=RoleForm
    )


@bp.route("/users/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def create_user():
    form = CreateUserForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.execute(db.select(User.id).filter_by(email=email)).first():
            form.email.errors.append("An account with this email already exists.")
        else:
            user = User(
                email=email,
                display_name=form.display_name.data.strip(),
                role=Role(form.role.data),
                must_change_password=True,
            )
            user.set_password(form.first_password.data)
            db.session.add(user)
            audit.record("user_created", user, after=audit.snapshot(user, USER_FIELDS))
            db.session.commit()
            flash(f"Account created for {user.display_name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles(Role.ADMIN)
def toggle_active(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot disable your own account.", "error")
        return redirect(url_for("admin.users"))
    before = audit.snapshot(user, USER_FIELDS)
    user.active = not user.active
    # Disabling ends every session and remember cookie for good: enabling again must not
    # bring them back.
    user.end_all_sessions()
    audit.record(
        "user_enabled" if user.active else "user_disabled",
        user,
        before=before,
        after=audit.snapshot(user, USER_FIELDS),
    )
    db.session.commit()
    flash(f"{user.display_name} is now {'enabled' if user.active else 'disabled'}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@roles(Role.ADMIN)
def change_role(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Choose one of the roles.", "error")
        return redirect(url_for("admin.users"))
    try:
        accounts.change_role(user, Role(form.role.data))
    except accounts.RoleRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("admin.users"))
    db.session.commit()
    flash(f"{user.display_name} is now {label(user.role).lower()}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password-reset", methods=["POST"])
@roles(Role.ADMIN)
def send_password_reset(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not user.active:
        flash(f"{user.display_name}'s account is disabled: enable it first.", "error")
        return redirect(url_for("admin.users"))
    job = accounts.send_reset_link(user, current_user)
    db.session.commit()
    jobs.dispatch(job)
    flash(
        f"A link to set a new password is on its way to {user.email}. Their password stays "
        "as it is until they use it.",
        "success",
    )
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@roles(Role.ADMIN)
def audit_log():
    filters = audit_log_view.parse_filters(request.args.get)
    per_page = request.args.get("size", AUDIT_PAGE_SIZE, type=database_int)
    if per_page not in audit_log_view.PAGE_SIZES:
        per_page = AUDIT_PAGE_SIZE
    page = audit_log_view.audit_page(
        filters, request.args.get("page", 1, type=database_int), per_page
    )
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "admin/audit.html", audit=page, filters=filters, per_page=per_page, query=query
    )
