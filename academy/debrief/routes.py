"""The race debrief: one driver in one race, from the laps of its lap analysis."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from academy.championship import loader as championship_loader
from academy.championship.season import race_checks
from academy.debrief import queries
from academy.debrief.analysis import class_green_averages, debrief
from academy.debrief.chart import lap_chart
from academy.drivers.queries import lap_analysis_only_entries
from academy.enums import Role
from academy.extensions import db
from academy.models import Driver
from academy.permissions import can_view_driver, require, roles
from academy.results.queries import result_of_driver

bp = Blueprint("debrief", __name__, url_prefix="/drivers")


@bp.route("/<int:driver_id>/results/<int:result_id>/debrief")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def race(driver_id: int, result_id: int):
    driver = db.session.get(Driver, driver_id) or abort(404)
    require(can_view_driver(current_user, driver))
    result = result_of_driver(driver.id, result_id) or abort(404)
    entry = result.entry
    laps = queries.race_laps(entry)
    report = None
    if laps.car:
        class_averages = class_green_averages(laps.class_rows)
        names = {other.seat: other.name for other in entry.results}
        report = debrief(laps.car, result.seat, names, class_averages)
    facts = championship_loader.event_facts(entry.event_id)
    checks = (
        race_checks(facts, championship_loader.event_laps(entry.event_id, entry.id), entry.id)
        if facts
        else {}
    )
    car_checks = checks.get(entry.id)
    return render_template(
        "debrief/race.html",
        car_checks=car_checks,
        own_time=car_checks.times.get(result.id) if car_checks else None,
        driver=driver,
        result=result,
        entry=entry,
        event=entry.event,
        report=report,
        status_unknown=bool(lap_analysis_only_entries([entry.id])),
        chart=lap_chart(report.chart) if report else None,
    )
