"""The calendar page and the personal iCalendar feed.

The feed is fetched by calendar apps, which carry no session: its URL holds a secret token
(academy.calendar.tokens) in the query string, so it stays out of the request log (which logs
the path only). The feed's answer sets no cookie."""

from __future__ import annotations

import calendar as months
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from academy.calendar import feed, queries, tokens
from academy.clock import academy_today
from academy.enums import Role
from academy.extensions import db
from academy.forms import ConfirmForm
from academy.permissions import authenticated, public
from academy.public_urls import public_url

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

UPCOMING_DAYS = 365
UPCOMING_SHOWN = 12
# What the feed holds around today: calendar apps keep what they already have.
FEED_PAST_DAYS = 365
FEED_FUTURE_DAYS = 2 * 365


def _month(raw: str | None, today: date) -> date:
    """The first day of the month asked for (YYYY-MM), this month when absent or unreadable."""
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _shift(first: date, months_on: int) -> date:
    index = first.year * 12 + first.month - 1 + months_on
    return date(index // 12, index % 12 + 1, 1)


def _page(feed_url: str | None = None, status: int = 200):
    today = academy_today()
    first = _month(request.args.get("month"), today)
    last = first.replace(day=months.monthrange(first.year, first.month)[1])
    month_items = queries.items_between(current_user, first, last)
    days: dict[date, dict[str, list]] = {}

    def day(on: date) -> dict[str, list]:
        return days.setdefault(on, {"events": [], "sessions": [], "plans": []})

    for event in month_items.events:
        day(event.starts_on)["events"].append(event)
    for session in month_items.sessions:
        day(session.held_on)["sessions"].append(session)
    for plan in month_items.plans:
        day(plan.planned_on)["plans"].append(plan)
    upcoming = queries.events_between(today, today + timedelta(days=UPCOMING_DAYS))
    upcoming_plans = queries.plans_between(
        current_user, today, today + timedelta(days=UPCOMING_DAYS)
    )
    return (
        render_template(
            "calendar/index.html",
            today=today,
            first=first,
            previous=_shift(first, -1),
            following=_shift(first, 1),
            days=sorted(days.items()),
            upcoming=upcoming[:UPCOMING_SHOWN],
            upcoming_more=max(0, len(upcoming) - UPCOMING_SHOWN),
            upcoming_plans=upcoming_plans[:UPCOMING_SHOWN],
            plans_more=max(0, len(upcoming_plans) - UPCOMING_SHOWN),
            plans_sessions=current_user.role in (Role.ADMIN, Role.COACH),
            sees_sessions=current_user.role is not Role.PRINCIPAL,
            has_feed=tokens.feed_of(current_user) is not None,
            feed_url=feed_url,
            confirm=ConfirmForm(),
        ),
        status,
    )


@bp.route("")
@authenticated
def index():
    return _page()


@bp.route("/feed", methods=["POST"])
@authenticated
def new_feed():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = tokens.new_token(current_user)
    db.session.commit()
    # Shown on this answer only: the database keeps its hash, never the token.
    return _page(public_url("calendar.feed_ics", token=token))


@bp.route("/feed/revoke", methods=["POST"])
@authenticated
def revoke_feed():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if tokens.revoke(current_user):
        db.session.commit()
        flash(
            "Your calendar link is turned off: calendar apps using it get nothing more.", "success"
        )
    return redirect(url_for("calendar.index"))


@bp.route("/feed.ics")
@public
def feed_ics():
    user = tokens.user_for_token(request.args.get("token", ""))
    if user is None:
        return Response(
            "This calendar link is not valid (it may have been replaced or turned off).\n",
            status=404,
            mimetype="text/plain",
        )
    today = academy_today()
    first, last = today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_FUTURE_DAYS)
    config = current_app.config
    body = feed.calendar_ics(
        name=f"{config['ACADEMY_NAME']} · {user.display_name}",
        academy_zone=config["ACADEMY_TIMEZONE"],
        host=urlsplit(config["PUBLIC_BASE_URL"]).hostname or "academy",
        events=queries.events_between(first, last),
        sessions=queries.sessions_between(user, first, last),
        plans=queries.plans_between(user, first, last),
        viewer_is_driver=user.role is Role.DRIVER,
        now=datetime.now(UTC).replace(microsecond=0),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="academy-calendar.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
