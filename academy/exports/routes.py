"""CSV exports of what a user may already see on the pages."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request, stream_with_context
from flask_login import current_user
from sqlalchemy.orm import selectinload

from academy.clock import academy_today
from academy.coaching import queries as coaching_queries
from academy.enums import Role, label
from academy.exports.csv_safe import csv_lines
from academy.extensions import db
from academy.main.queries import latest_results
from academy.models import Driver
from academy.permissions import can_view_driver, require, roles
from academy.routing import database_int
from academy.validity import licence_on

bp = Blueprint("exports", __name__, url_prefix="/exports")


def _csv_response(name: str, lines) -> Response:
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/drivers.csv")
@roles(Role.ADMIN, Role.COACH)
def drivers_csv():
    query = (
        db.select(Driver)
        .options(selectinload(Driver.licences), selectinload(Driver.cohort))
        .order_by(Driver.legal_name)
    )
    if current_user.role is Role.COACH:
        query = query.where(Driver.coach_id == current_user.id)
    drivers = db.session.execute(query).scalars().all()
    header = [
        "id",
        "legal name",
        "native name",
        "romanised name",
        "nationality",
        "date of birth",
        "categorisation",
        "cohort",
        "licence",
        "licence expires",
        "scouting consent",
        "sponsor consent",
    ]
    today = academy_today()
    rows = []
    for driver in drivers:
        licence = licence_on(driver.licences, today)  # "" when none is valid today
        rows.append(
            [
                driver.id,
                driver.legal_name,
                driver.native_name or "",
                driver.romanised_name or "",
                driver.nationality,
                driver.date_of_birth.isoformat() if driver.date_of_birth else "",
                label(driver.categorisation) if driver.categorisation else "",
                driver.cohort.name if driver.cohort else "",
                label(licence.grade) if licence else "",
                licence.expires_on.isoformat() if licence else "",
                "yes" if driver.consent_scouting else "no",
                "yes" if driver.consent_sponsor else "no",
            ]
        )
    return _csv_response("drivers.csv", csv_lines(header, rows))


@bp.route("/drivers/<int:driver_id>/results.csv")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def driver_results_csv(driver_id: int):
    driver = db.session.get(Driver, driver_id) or abort(404)
    require(can_view_driver(current_user, driver))
    results = list(reversed(latest_results(driver, limit=None)))
    header = [
        "date",
        "series",
        "season",
        "event",
        "circuit",
        "class",
        "car number",
        "team",
        "car",
        "status",
        "position overall",
        "position in class",
        "car laps",
        "driver laps",
        "drive time (s)",
        "points",
    ]
    rows = []
    for result in results:
        entry = result.entry
        event = entry.event
        rows.append(
            [
                event.starts_on.isoformat(),
                event.season.series.code,
                event.season.label,
                event.name,
                event.circuit.name,
                entry.class_name or label(entry.race_class),
                entry.car_number,
                entry.team,
                entry.car,
                label(entry.status),
                entry.position_overall or "",
                entry.position_in_class or "",
                entry.laps,
                result.laps or "",
                round(result.drive_time_ms / 1000) if result.drive_time_ms is not None else "",
                entry.points,
            ]
        )
    filename = f"results-driver-{driver.id}.csv"
    return _csv_response(filename, csv_lines(header, rows))


@bp.route("/cohort-grades.csv")
@roles(Role.ADMIN, Role.COACH)
def cohort_grades_csv():
    """The cohort grades page as a table: the same drivers (a coach's own, or every driver for
    the director; `?cohort=` as on the page), each one's latest grade per competency."""
    cohort_id = request.args.get("cohort", type=database_int)
    competencies, rows = coaching_queries.cohort_table(current_user, cohort_id)
    header = ["driver", "cohort", "sessions", "last session", "average"] + [
        c.name for c in competencies
    ]
    lines = []
    for row in rows:
        lines.append(
            [
                row.driver.legal_name,
                row.driver.cohort.name if row.driver.cohort else "",
                row.sessions,
                row.last_held_on.isoformat() if row.last_held_on else "",
                f"{row.average:.1f}" if row.average is not None else "",
            ]
            + [row.scores.get(c.id, "") for c in competencies]
        )
    return _csv_response("cohort-grades.csv", csv_lines(header, lines))
