from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user

from academy.clock import academy_today
from academy.conditional import etag_for, not_modified
from academy.extensions import db
from academy.models import Driver
from academy.pathway.engine import evaluate
from academy.pathway.serialise import pathway_to_dict, scouting_pathway_to_dict
from academy.permissions import authenticated, can_scout_driver, can_view_driver, require
from academy.progress.dates import AsOfError, parse_as_of
from academy.progress.facts_loader import load_driver_facts
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/drivers/<int:driver_id>/pathway")
@authenticated
def driver_pathway(driver_id: int):
    """The driver's pathway verdicts as of ?as_of=YYYY-MM-DD (default today): in full for the
    director, the driver's coach and the driver themself; for principals, of drivers open to
    scouting, the stages only, as the scouting view shows them."""
    driver = db.session.get(Driver, driver_id) or abort(404)
    full = can_view_driver(current_user, driver)
    require(full or can_scout_driver(current_user, driver))
    try:
        as_of = parse_as_of(request.args.get("as_of"), academy_today())
    except AsOfError as error:
        return jsonify(error="Bad request", detail=str(error)), 400
    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        return jsonify(error="No rule set", detail=str(error)), 503
    # The answer is made of the driver's facts (facts_version: database triggers bump it on
    # every change the engine reads), the rule set's exact text, the day and the view: a
    # client holding this answer gets 304 before the facts are loaded.
    etag = etag_for("pathway", driver.id, driver.facts_version, rule_set.ref, as_of, full)
    unchanged = not_modified(etag)
    if unchanged is not None:
        return unchanged
    facts = load_driver_facts(driver.id)
    assert facts is not None
    pathway = evaluate(facts, rule_set, as_of)
    # A principal gets what the scouting view shows them, never more.
    response = jsonify(pathway_to_dict(pathway) if full else scouting_pathway_to_dict(pathway))
    response.set_etag(etag)
    return response
