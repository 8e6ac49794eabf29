from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from academy.clock import academy_today
from academy.drivers.queries import driver_of_user
from academy.enums import Role
from academy.extensions import db
from academy.main import queries
from academy.permissions import authenticated, public

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.route("/dashboard")
@authenticated
def dashboard():
    today = academy_today()
    role = current_user.role
    if role is Role.COACH:
        drivers = queries.drivers_coached_by(current_user)
        return render_template(
            "main/dashboard_coach.html",
            drivers=drivers,
            flags=queries.expiry_flags(drivers, today),
            sessions=queries.recent_sessions(current_user),
            today=today,
        )
    if role is Role.DRIVER:
        driver = driver_of_user(current_user, with_documents=True)
        return render_template(
            "main/dashboard_driver.html",
            driver=driver,
            flags=queries.expiry_flags([driver], today) if driver else [],
            results=queries.latest_results(driver) if driver else [],
            today=today,
        )
    if role is Role.PRINCIPAL:
        return render_template(
            "main/dashboard_principal.html",
            drivers=queries.scouting_drivers(),
            today=today,
        )
    drivers_due = queries.drivers_with_documents_due(today)
    return render_template(
        "main/dashboard_admin.html",
        users_by_role=queries.users_by_role(),
        driver_count=queries.driver_count(),
        flags=queries.expiry_flags(drivers_due, today),
        events=queries.recent_audit_events(),
    )


@bp.route("/healthz")
@public
def healthz():
    return jsonify(status="ok")


@bp.route("/readyz")
@public
def readyz():
    from academy.schema import migration_state

    try:
        db.session.execute(text("SELECT 1"))
        current, head = migration_state()
    except Exception as error:  # the point of this endpoint is to report it, not raise
        db.session.rollback()
        return jsonify(status="unavailable", reason=type(error).__name__), 503
    if current != head:
        return jsonify(status="migrations pending", current=current, head=head), 503
    return jsonify(status="ready", revision=current)
