from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from academy.championship import loader
from academy.championship.season import championship, held_events
from academy.enums import Role
from academy.extensions import db
from academy.models import Event, Season, Series
from academy.permissions import authenticated, can_view_driver
from academy.sporting.wording import (
    citation_words,
    points_words,
    standing_note_words,
    tie_break_order_words,
)

bp = Blueprint("championship", __name__, url_prefix="/seasons")


@bp.route("")
@authenticated
def seasons():
    rows = db.session.execute(
        db.select(Season, Series, db.func.count(Event.id))
        .join(Series, Series.id == Season.series_id)
        .outerjoin(Event, Event.season_id == Season.id)
        .group_by(Season.id, Series.id)
        .order_by(Season.starts_on.desc(), Series.code)
    ).all()
    return render_template("championship/seasons.html", rows=rows)


@bp.route("/<int:season_id>")
@authenticated
def season(season_id: int):
    facts = loader.season_facts(season_id) or abort(404)
    held = len(held_events(facts))
    # ?after=k: the standings as they stood after the k-th race held (the round selector).
    after = request.args.get("after", type=int)
    if after is not None and not 1 <= after <= held:
        abort(404)
    return render_template(
        "championship/season.html",
        champ=championship(
            facts,
            after=None if after == held else after,
            unmarked=loader.unmarked_for(current_user, set(facts.drivers)),
        ),
        can_view_driver=can_view_driver,
        driver_link=current_user.role in (Role.ADMIN, Role.COACH, Role.DRIVER),
        points_words=points_words,
        citation_words=citation_words,
        tie_break_order_words=tie_break_order_words,
        standing_note=standing_note_words,
    )
