from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text

from academy.admin.audit_log import audit_lines
from academy.championship.current import invitation_championships
from academy.clock import academy_today, utcnow
from academy.drivers.queries import driver_of_user
from academy.enums import Role
from academy.extensions import db
from academy.forms import ConfirmForm
from academy.inbox import queries as inbox_queries
from academy.inbox.navigation import remember_inbox_count
from academy.main import queries
from academy.permissions import authenticated, public
from academy.sporting.wording import points_words

bp = Blueprint("main", __name__)

# The director's and the coach's dashboards list this many of the documents due (the soonest;
# the coach's a page at a time), and count all.
DASHBOARD_FLAGS = 10
# The coach's and the principal's dashboards list this many drivers (by name), and count all;
# the full list is the drivers page (a coach's own) or the scouting portal.
DASHBOARD_DRIVERS = 10
# ... and this many of the academy's cars in each invitation race (the best placed).
DASHBOARD_CARS = 5


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
    now = utcnow()
    role = current_user.role
    if role is Role.COACH:
        drivers, drivers_total = queries.coached_drivers_first(current_user, DASHBOARD_DRIVERS)
        documents_page = max(request.args.get("documents", 1, type=int) or 1, 1)
        flags, flags_total = queries.documents_due(
            today,
            limit=DASHBOARD_FLAGS,
            coach_id=current_user.id,
            offset=(documents_page - 1) * DASHBOARD_FLAGS,
        )
        first_flags = (
            flags
            if documents_page == 1
            else queries.documents_due(today, limit=DASHBOARD_FLAGS, coach_id=current_user.id)[0]
        )
        inbox = inbox_queries.coach_inbox(
            current_user, first_flags, flags_total, url_for, today, now
        )
        remember_inbox_count(inbox)
        return render_template(
            "main/dashboard_coach.html",
            drivers=drivers,
            drivers_total=drivers_total,
            flags=flags,
            flags_total=flags_total,
            documents_page=documents_page,
            documents_per_page=DASHBOARD_FLAGS,
            documents_pages=max(1, -(-flags_total // DASHBOARD_FLAGS)),
            inbox=inbox,
            sessions=queries.recent_sessions(current_user),
            today=today,
        )
    if role is Role.DRIVER:
        driver = driver_of_user(current_user, with_documents=True)
        flags = queries.expiry_flags([driver], today) if driver else []
        next_stage = inbox_queries.next_stage_of(driver, today) if driver else None
        inbox = inbox_queries.driver_inbox(driver, flags, next_stage, url_for) if driver else None
        remember_inbox_count(inbox)
        return render_template(
            "main/dashboard_driver.html",
            driver=driver,
            flags=flags,
            inbox=inbox,
            next_stage=next_stage,
            results=queries.latest_results(driver) if driver else [],
            today=today,
        )
    if role is Role.PRINCIPAL:
        drivers, drivers_total = queries.scouting_drivers_first(DASHBOARD_DRIVERS)
        inbox = inbox_queries.principal_inbox(current_user, url_for)
        remember_inbox_count(inbox)
        return render_template(
            "main/dashboard_principal.html",
            drivers=drivers,
            drivers_total=drivers_total,
            inbox=inbox,
            seen_form=ConfirmForm(),
            today=today,
        )
    championships = invitation_championships(today)
    flags, flags_total = queries.documents_due(today, limit=DASHBOARD_FLAGS)
    inbox = inbox_queries.director_inbox(current_user, flags, url_for, now, flags_total)
    remember_inbox_count(inbox)
    return render_template(
        "main/dashboard_admin.html",
        users_by_role=queries.users_by_role(),
        driver_count=queries.driver_count(),
        flags=flags,
        flags_more=flags_total - len(flags),
        inbox=inbox,
        events=audit_lines(queries.recent_audit_events()),
        championships=championships,
        dashboard_cars=DASHBOARD_CARS,
        points_words=points_words,
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
