"""The calendar page and the personal iCalendar feed: upcoming events for everyone, coaching
sessions for the coach who ran them, the driver concerned and the director; a secret,
revocable URL per user, read by the icalendar library as a calendar app would."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import icalendar
import pytest

from academy.enums import SessionType
from academy.extensions import db
from academy.models import AuditEvent, CalendarFeed, Circuit, CoachingSession, Event
from tests.builders import academy_day, login
from tests.dossiers.conftest import season


@pytest.fixture
def dated(academy):
    """Two upcoming races (one timed at a circuit with a time zone, one without a start
    time), a past race, and a session for each of the two drivers by their own coaches."""
    today = academy_day()
    sepang = Circuit(
        name="Sepang International Circuit",
        country="MYS",
        timezone="Asia/Kuala_Lumpur",
    )
    sarthe = Circuit(name="Circuit de la Sarthe", country="FRA", timezone="Europe/Paris")
    db.session.add_all([sepang, sarthe])
    db.session.flush()
    alms = season()
    timed = Event(
        season_id=alms.id,
        circuit_id=sepang.id,
        name="4 Hours of Sepang",
        round_number=1,
        race_number=1,
        starts_on=today + timedelta(days=10),
        start_time=time(14, 30),
        duration_hours=Decimal("4"),
    )
    whole_days = Event(
        season_id=alms.id,
        circuit_id=sarthe.id,
        name="24 Hours of Le Mans",
        round_number=2,
        race_number=1,
        starts_on=today + timedelta(days=40),
        duration_hours=Decimal("24"),
    )
    past = Event(
        season_id=alms.id,
        circuit_id=sepang.id,
        name="Last Year's Race",
        round_number=3,
        race_number=1,
        starts_on=today - timedelta(days=400),
        duration_hours=Decimal("4"),
    )
    held_on = today - timedelta(days=2)
    # The other coach's session a day apart but in the same month whatever today is (the
    # calendar shows a month at a time): three days back left it in the month before on the
    # first three days of a month.
    their_day = held_on - timedelta(days=1) if held_on.day > 1 else held_on + timedelta(days=1)
    mine = CoachingSession(
        driver_id=academy.driver.id,
        coach_id=academy.coach.id,
        held_on=held_on,
        session_type=SessionType.SIMULATOR,
        simulator_title="Le Mans rig",
    )
    theirs = CoachingSession(
        driver_id=academy.other_driver.id,
        coach_id=academy.other_coach.id,
        held_on=their_day,
        session_type=SessionType.FITNESS,
    )
    db.session.add_all([timed, whole_days, past, mine, theirs])
    db.session.commit()
    academy.timed, academy.whole_days, academy.past = timed, whole_days, past
    academy.mine, academy.theirs = mine, theirs
    return academy


def feed_url_of(client, user) -> str:
    login(client, user)
    page = client.post("/calendar/feed").text
    return re.search(r'value="(http[^"]+/calendar/feed\.ics\?token=[^"]+)"', page).group(1)


def fetch(app, url: str):
    """The feed as a calendar app fetches it: a fresh client, no cookie."""
    path = url.split("://", 1)[1].split("/", 1)[1]
    return app.test_client().get("/" + path)


def parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def uids(calendar: icalendar.Calendar) -> set[str]:
    return {str(item["uid"]).split("@")[0] for item in calendar.walk("VEVENT")}


def test_the_feed_parses_and_holds_the_drivers_races_and_own_sessions_only(app, client, dated):
    url = feed_url_of(client, dated.driver_user)
    response = fetch(app, url)
    assert "Set-Cookie" not in response.headers
    calendar = parsed(response)
    assert uids(calendar) == {
        f"event-{dated.timed.id}",
        f"event-{dated.whole_days.id}",
        f"session-{dated.mine.id}",
    }
    session = next(
        item for item in calendar.walk("VEVENT") if str(item["uid"]).startswith("session-")
    )
    assert str(session["summary"]) == "Coaching: simulator session with Coach Tanaka"
    assert str(session["location"]) == "Simulator: Le Mans rig"
    assert "Li Haoran" not in response.text and "Coach Moreau" not in response.text


def test_race_times_are_in_the_circuits_time_zone_or_whole_days(app, client, dated):
    calendar = parsed(fetch(app, feed_url_of(client, dated.principal)))
    by_uid = {str(item["uid"]).split("@")[0]: item for item in calendar.walk("VEVENT")}
    timed = by_uid[f"event-{dated.timed.id}"]
    start, end = timed.decoded("dtstart"), timed.decoded("dtend")
    assert start == datetime.combine(
        dated.timed.starts_on, time(14, 30), tzinfo=ZoneInfo("Asia/Kuala_Lumpur")
    )
    assert start.utcoffset() == timedelta(hours=8)
    assert end - start == timedelta(hours=4)
    assert "TZID=Asia/Kuala_Lumpur" in timed.to_ical().decode()
    assert any(tz["tzid"] == "Asia/Kuala_Lumpur" for tz in calendar.walk("VTIMEZONE"))
    le_mans = by_uid[f"event-{dated.whole_days.id}"]
    assert le_mans.decoded("dtstart") == dated.whole_days.starts_on  # a date: a whole day
    assert le_mans.decoded("dtend") == dated.whole_days.starts_on + timedelta(days=2)


def test_a_principal_gets_the_races_and_no_coaching_sessions(app, client, dated):
    calendar = parsed(fetch(app, feed_url_of(client, dated.principal)))
    assert not any(uid.startswith("session-") for uid in uids(calendar))


def test_a_coach_gets_the_sessions_they_ran_and_the_director_all(app, client, dated):
    coach = parsed(fetch(app, feed_url_of(client, dated.coach)))
    assert {uid for uid in uids(coach) if uid.startswith("session-")} == {
        f"session-{dated.mine.id}"
    }
    director = parsed(fetch(app, feed_url_of(client, dated.admin)))
    assert {uid for uid in uids(director) if uid.startswith("session-")} == {
        f"session-{dated.mine.id}",
        f"session-{dated.theirs.id}",
    }


def test_only_the_tokens_hash_is_stored_and_a_new_token_invalidates_the_old(app, client, dated):
    first = feed_url_of(client, dated.driver_user)
    token = first.split("token=", 1)[1]
    stored = db.session.execute(db.select(CalendarFeed.token_sha256)).scalars().all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64
    second = feed_url_of(client, dated.driver_user)
    assert second != first
    assert fetch(app, first).status_code == 404
    assert fetch(app, second).status_code == 200
    assert db.session.execute(db.select(db.func.count(CalendarFeed.id))).scalar_one() == 1


def test_revoking_turns_the_link_off(app, client, dated):
    url = feed_url_of(client, dated.driver_user)
    response = client.post("/calendar/feed/revoke")
    assert response.status_code == 302
    answer = fetch(app, url)
    assert answer.status_code == 404
    assert "not valid" in answer.text
    actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert "calendar_feed_created" in actions and "calendar_feed_revoked" in actions
    assert "Make my calendar link" in client.get("/calendar").text


def test_a_wrong_or_missing_token_gets_nothing(app, dated):
    client = app.test_client()
    for query in ("", "?token=", "?token=guess", "?token=" + "x" * 500):
        response = client.get(f"/calendar/feed.ics{query}")
        assert response.status_code == 404
        assert "Sepang" not in response.text


def test_a_disabled_account_feed_stops(app, client, dated):
    url = feed_url_of(client, dated.driver_user)
    user = db.session.get(type(dated.driver_user), dated.driver_user.id)
    user.active = False
    db.session.commit()
    assert fetch(app, url).status_code == 404


def test_the_token_stays_out_of_the_request_log(app, client, dated, caplog):
    url = feed_url_of(client, dated.driver_user)
    token = url.split("token=", 1)[1]
    caplog.clear()
    fetch(app, url)
    assert token not in caplog.text
    assert all(token not in str(getattr(r, "fields", "")) for r in caplog.records)


def test_the_page_lists_upcoming_races_and_the_months_sessions_by_role(client, dated):
    login(client, dated.driver_user)
    page = client.get("/calendar").text
    assert "4 Hours of Sepang" in page and "24 Hours of Le Mans" in page
    assert "Last Year&#39;s Race" not in page and "Last Year's Race" not in page
    assert "14:30 local time (Asia/Kuala_Lumpur)" in page
    month = dated.mine.held_on.strftime("%Y-%m")
    page = client.get(f"/calendar?month={month}").text
    assert f'data-session="{dated.mine.id}"' in page
    assert f'data-session="{dated.theirs.id}"' not in page
    login(client, dated.principal)
    page = client.get(f"/calendar?month={month}").text
    assert "data-session=" not in page
    login(client, dated.admin)
    page = client.get(f"/calendar?month={month}").text
    assert f'data-session="{dated.theirs.id}"' in page


def test_an_unreadable_month_shows_this_month(client, dated):
    login(client, dated.coach)
    for month in ("2026-13", "soon", "0-0", "99999-01"):
        response = client.get(f"/calendar?month={month}")
        assert response.status_code == 200
        assert academy_day().strftime("%B %Y") in response.text


def test_the_page_and_the_feed_run_a_fixed_number_of_statements(app, client, dated, count_queries):
    url = feed_url_of(client, dated.admin)
    login(client, dated.admin)
    with count_queries() as page_small:
        client.get("/calendar")
    with count_queries() as feed_small:
        fetch(app, url)
    for index in range(20):
        db.session.add(
            CoachingSession(
                driver_id=dated.driver.id,
                coach_id=dated.coach.id,
                held_on=academy_day() - timedelta(days=index % 5),
                session_type=SessionType.TRACK,
            )
        )
        db.session.add(
            Event(
                season_id=dated.timed.season_id,
                circuit_id=dated.timed.circuit_id,
                name=f"Extra race {index}",
                round_number=10 + index,
                race_number=1,
                starts_on=academy_day() + timedelta(days=index),
                duration_hours=Decimal("4"),
            )
        )
    db.session.commit()
    with count_queries() as page_large:
        client.get("/calendar")
    with count_queries() as feed_large:
        fetch(app, url)
    assert len(page_large) == len(page_small)
    assert len(feed_large) == len(feed_small)


def test_an_event_created_with_a_start_time_keeps_it(client, academy):
    from academy.results.events import NewEvent, create_event

    circuit = Circuit(name="Yas Marina Circuit", country="ARE", timezone="Asia/Dubai")
    event = create_event(
        NewEvent(
            series_code="ALMS",
            series_name="Asian Le Mans Series",
            season_label="2026-27",
            circuit=circuit,
            starts_on=date(2027, 2, 6),
            duration_hours=Decimal("4"),
            round_number=3,
            start_time=time(17, 0),
        ),
        actor_id=None,
    )
    db.session.commit()
    assert db.session.get(Event, event.id).start_time == time(17, 0)


def test_the_link_is_shown_once(client, dated):
    login(client, dated.driver_user)
    url = feed_url_of(client, dated.driver_user)
    page = client.get("/calendar").text
    assert url not in page and url.split("token=")[1] not in page
    assert "Your link is on." in page


def test_the_events_command_takes_a_local_start_time(runner, app):
    args = ["events", "create", "--series", "LM24", "--season", "2027", "--circuit", "Le Mans"]
    args += ["--date", "2027-06-12", "--hours", "24", "--start", "16:00"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    event = db.session.get(Event, int(result.output.strip().splitlines()[-1]))
    assert event.start_time == time(16, 0)
    assert event.circuit.timezone == "Europe/Paris"
    result = runner.invoke(args=[*args[:-2], "--start", "25:00"])
    assert result.exit_code != 0 and "--start" in result.output


def test_everyone_finds_the_calendar(client, academy):
    for user in (academy.driver_user, academy.principal):
        login(client, user)
        assert 'href="/calendar"' in client.get("/dashboard").text
    for user in (academy.coach, academy.admin):
        login(client, user)
        assert 'href="/calendar"' in client.get("/results/events").text
