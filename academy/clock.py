""" "Today" for the academy: the date in the academy's time zone (setting ``ACADEMY_TIMEZONE``,
an IANA name such as ``Asia/Singapore``), never the server's local date nor a UTC date. Every
page, PDF, CSV, API answer and command asks here, then hands the day to the pure code as an
argument (the engine's ``as_of``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app


def utcnow() -> datetime:
    """The present moment in UTC, naive, as the database columns keep it."""
    return datetime.now(UTC).replace(tzinfo=None)


def academy_zone(name: str) -> ZoneInfo:
    """The time zone called `name`; a ValueError that says what to write when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"ACADEMY_TIMEZONE is {name!r}, which is not a time zone: write an IANA name such "
            "as 'Asia/Singapore' or 'Europe/Paris'."
        ) from error


def today_in(zone_name: str, now: datetime | None = None) -> date:
    """The date in the zone at `now` (an aware datetime; the present moment by default)."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(academy_zone(zone_name)).date()


def academy_today() -> date:
    """Today in the academy's time zone (needs an app context)."""
    return today_in(current_app.config["ACADEMY_TIMEZONE"])
