"""The calendar in a real browser: a driver finds the coming race and their session, makes
their calendar link, and a calendar app (a fresh browser context: no cookie) reads the feed;
a new link stops the old one."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import icalendar
import pytest

from academy.enums import Role, SessionType
from academy.extensions import db
from academy.models import Circuit, CoachingSession, Event
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, academy_day, make_driver, make_user
from tests.dossiers.conftest import season

pytestmark = pytest.mark.browser


@pytest.fixture
def diary(app):
    coach = make_user(Role.COACH, name="Hiroshi Tanaka")
    driver_user = make_user(Role.DRIVER, name="Ren Sato")
    driver = make_driver(legal_name="Ren Sato", coach=coach, user=driver_user)
    other = make_driver(legal_name="Li Haoran", coach=make_user(Role.COACH, name="Other Coach"))
    sepang = Circuit(
        name="Sepang International Circuit", country="MYS", timezone="Asia/Kuala_Lumpur"
    )
    db.session.add(sepang)
    db.session.flush()
    today = academy_day()
    db.session.add(
        Event(
            season_id=season().id,
            circuit_id=sepang.id,
            name="4 Hours of Sepang",
            round_number=1,
            race_number=1,
            starts_on=today + timedelta(days=12),
            start_time=time(14, 0),
            duration_hours=Decimal("4"),
        )
    )
    for who, by in ((driver, coach), (other, other.coach)):
        db.session.add(
            CoachingSession(
                driver_id=who.id,
                coach_id=by.id,
                held_on=today,
                session_type=SessionType.FITNESS,
            )
        )
    db.session.commit()
    return driver_user


def test_the_calendar_page_and_its_feed(page, browser, live_server, diary):
    sign_in(page, diary.email, PASSWORD)
    page.wait_for_url("**/dashboard")
    page.click("nav.mainnav >> text=Calendar")
    page.wait_for_url("**/calendar")
    upcoming = page.locator("#upcoming").inner_text()
    assert "4 Hours of Sepang" in upcoming and "14:00 local time" in upcoming
    month = page.locator("#month").inner_text()
    assert "Fitness session" in month and "with Hiroshi Tanaka" in month
    assert "Li Haoran" not in page.content()

    page.click("#new-feed")
    url = page.input_value("#feed-url")
    assert "/calendar/feed.ics?token=" in url
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}"

    app_context = browser.new_context(base_url=live_server)  # a calendar app: no cookie
    try:
        answer = app_context.request.get(path)
        assert answer.status == 200
        assert answer.headers["content-type"].startswith("text/calendar")
        assert "set-cookie" not in answer.headers
        calendar = icalendar.Calendar.from_ical(answer.body())
        summaries = {str(item["summary"]) for item in calendar.walk("VEVENT")}
        assert summaries == {"4 Hours of Sepang", "Coaching: fitness session with Hiroshi Tanaka"}

        page.click("#new-feed")  # a new link: the old one stops working
        assert page.input_value("#feed-url") != url
        assert app_context.request.get(path).status == 404
        page.click("#revoke-feed")
        page.wait_for_url("**/calendar")
        assert "turned off" in page.locator(".flashes").inner_text()
    finally:
        app_context.close()
