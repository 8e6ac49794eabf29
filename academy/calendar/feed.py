"""The iCalendar file of a user's calendar items, written by the `icalendar` library.

Pure: plain items and zone names in, bytes out. Times:
- a race with a start time is timed in its circuit's time zone (the academy's when the circuit
  has none recorded), from the start for its duration; the file carries the VTIMEZONE;
- a race without a start time is a whole day (or two, for a race of 24 hours or more) on its
  date, which is the date at the circuit;
- a coaching session is a whole day on the day it was held (its date in the academy's zone:
  the app records no time of day for held sessions);
- a planned session is timed in the academy's zone when the coach gave a start time (to its
  end time, or a moment when none was given), otherwise a whole day; its summary says
  "Planned" until the coach records it (then the held session replaces it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from academy.calendar.queries import CalendarEvent, CalendarPlan, CalendarSession

PRODID = "-//Academy//Calendar//EN"


def event_times(event: CalendarEvent, academy_zone: str):
    """(start, end) as the feed writes them: aware datetimes, or dates for a whole day."""
    if event.start_time is not None:
        zone = ZoneInfo(event.circuit_timezone or academy_zone)
        start = datetime.combine(event.starts_on, event.start_time, tzinfo=zone)
        # Wall-clock arithmetic in the zone: a race across a change of clocks is rare and
        # calendars show the end in the zone's time anyway.
        return start, start + timedelta(hours=float(event.duration_hours))
    days = 2 if event.duration_hours >= 24 else 1
    return event.starts_on, event.starts_on + timedelta(days=days)


def calendar_ics(
    *,
    name: str,
    academy_zone: str,
    host: str,
    events: Sequence[CalendarEvent],
    sessions: Sequence[CalendarSession],
    plans: Sequence[CalendarPlan] = (),
    viewer_is_driver: bool,
    now: datetime,
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", academy_zone)
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.id}@{host}")
        item.add("dtstamp", now)
        start, end = event_times(event, academy_zone)
        item.add("dtstart", start)
        item.add("dtend", end)
        item.add("summary", event.name)
        item.add("location", event.circuit)
        zone_words = (
            f" Times are local at the circuit ({event.circuit_timezone})."
            if event.start_time is not None and event.circuit_timezone
            else ""
        )
        item.add(
            "description",
            f"{event.series} {event.season}, {event.round_words}, "
            f"{event.duration_hours.normalize():f} hours.{zone_words}",
        )
        item.add("categories", ["Race"])
        cal.add_component(item)
    for session in sessions:
        item = icalendar.Event()
        item.add("uid", f"session-{session.id}@{host}")
        item.add("dtstamp", now)
        item.add("dtstart", session.held_on)
        item.add("dtend", session.held_on + timedelta(days=1))
        with_whom = (
            f"with {session.coach_name}" if viewer_is_driver else f"with {session.driver_name}"
        )
        item.add("summary", f"Coaching: {session.title.lower()} {with_whom}")
        if session.place:
            item.add("location", session.place)
        item.add("description", f"Coach {session.coach_name}; driver {session.driver_name}.")
        item.add("categories", ["Coaching"])
        cal.add_component(item)
    for plan in plans:
        cal.add_component(_plan_item(plan, academy_zone, host, now, viewer_is_driver))
    cal.add_missing_timezones()
    return cal.to_ical()


def _plan_item(
    plan: CalendarPlan, academy_zone: str, host: str, now: datetime, viewer_is_driver: bool
) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"plan-{plan.id}@{host}")
    item.add("dtstamp", now)
    if plan.starts_at is not None:
        zone = ZoneInfo(academy_zone)
        item.add("dtstart", datetime.combine(plan.planned_on, plan.starts_at, tzinfo=zone))
        if plan.ends_at is not None:
            item.add("dtend", datetime.combine(plan.planned_on, plan.ends_at, tzinfo=zone))
    else:
        item.add("dtstart", plan.planned_on)
        item.add("dtend", plan.planned_on + timedelta(days=1))
    drivers = ", ".join(plan.driver_names)
    with_whom = f"with {plan.coach_name}" if viewer_is_driver else f"with {drivers}"
    item.add("summary", f"Planned coaching: {plan.title.lower()} {with_whom}")
    if plan.place:
        item.add("location", plan.place)
    notes = f" {plan.notes}" if plan.notes else ""
    item.add("description", f"Planned by coach {plan.coach_name}; drivers {drivers}.{notes}")
    item.add("categories", ["Coaching", "Planned"])
    return item
