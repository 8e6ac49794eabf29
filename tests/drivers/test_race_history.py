"""A driver's race history: the timeline by season, manual results and corrections."""

from __future__ import annotations

import html
from datetime import date

import pytest

from academy.enums import RaceClass, ResultStatus
from academy.extensions import db
from academy.models import AuditEvent, RaceEntry, Result
from tests.builders import login, make_driver
from tests.drivers.racing import HOUR_MS, make_entry, make_event


def audit_events(action: str) -> list[AuditEvent]:
    return list(
        db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars()
    )


def counts() -> tuple[int, int]:
    return (
        len(db.session.execute(db.select(RaceEntry.id)).all()),
        len(db.session.execute(db.select(Result.id)).all()),
    )


def history(client, driver) -> str:
    return " ".join(client.get(f"/drivers/{driver.id}/history").get_data(as_text=True).split())


def test_history_shows_each_race_with_car_team_co_drivers_result_and_points(client, academy):
    event = make_event(series="ELMS", season="2026", circuit="Circuit Paul Ricard")
    make_entry(
        event,
        [academy.driver, "Laurents Hörr", academy.other_driver],
        car_number="22",
        team="Blue Dragon Racing",
        position_overall=5,
        position_in_class=2,
        laps=131,
        points="18",
        drive_times_ms=[HOUR_MS + 20 * 60_000, HOUR_MS, HOUR_MS],
    )
    login(client, academy.coach)
    page = history(client, academy.driver)
    assert "ELMS series 2026" in page
    assert "Circuit Paul Ricard" in page
    assert "#22 Blue Dragon Racing" in page
    assert "Oreca 07 - Gibson" in page
    assert "Laurents Hörr, Li Haoran" in page
    assert "P2 in class" in page and "P5 overall" in page
    assert "1h 20m" in page and "33% of car" in page
    assert '<td class="num" data-label="Points">18</td>' in page


def test_history_groups_seasons_newest_first(client, academy):
    older = make_event(series="ALMS", season="2024-25", starts_on=date(2024, 12, 7))
    newer = make_event(series="ELMS", season="2025", starts_on=date(2025, 4, 6))
    make_entry(older, [academy.driver], car_number="7")
    make_entry(newer, [academy.driver], car_number="8")
    login(client, academy.driver_user)
    page = history(client, academy.driver)
    assert page.index("ELMS series 2025") < page.index("ALMS series 2024-25")


def test_history_shows_retirements_and_season_totals(client, academy):
    event = make_event()
    second = make_event()
    make_entry(event, [academy.driver], position_overall=1, position_in_class=1, points="25")
    make_entry(
        second,
        [academy.driver],
        status=ResultStatus.DNF,
        position_overall=None,
        position_in_class=None,
        points="0",
    )
    login(client, academy.coach)
    page = history(client, academy.driver)
    assert 'badge-not-met">DNF' in page
    assert "<strong>2</strong> starts" in page
    assert "<strong>1</strong> classified" in page
    assert "<strong>25</strong> points" in page


def test_co_driver_links_only_to_drivers_the_viewer_may_see(client, academy):
    event = make_event()
    make_entry(event, [academy.driver, academy.other_driver])
    login(client, academy.coach)
    page = history(client, academy.driver)
    assert f'href="/drivers/{academy.other_driver.id}/history"' not in page
    login(client, academy.admin)
    page = history(client, academy.driver)
    assert f'href="/drivers/{academy.other_driver.id}/history"' in page


def test_driver_sees_own_history_without_correction_buttons(client, academy):
    make_entry(make_event(), [academy.driver])
    login(client, academy.driver_user)
    page = history(client, academy.driver)
    assert "P2 in class" in page
    assert "Correct" not in page and "Add a result" not in page


@pytest.mark.parametrize("races", [1, 30])
def test_history_loads_in_a_fixed_number_of_statements(client, academy, count_queries, races):
    for number in range(races):
        event = make_event(series="ALMS" if number % 2 else "ELMS", season=str(2000 + number % 5))
        make_entry(event, [academy.driver, f"Co Driver {number}", academy.other_driver])
    login(client, academy.coach)
    client.get(f"/drivers/{academy.driver.id}/history")
    with count_queries() as statements:
        client.get(f"/drivers/{academy.driver.id}/history")
    # user, driver, results with their races and co-drivers (2), lap-analysis check, imported
    # seats waiting for the coach's confirmation
    assert len(statements) == 6


# --- manual entry --------------------------------------------------------------------------

RESULT = {
    "car_number": "7",
    "team": "Phoenix Endurance",
    "car": "Oreca 07 - Gibson",
    "race_class": "LMP2",
    "status": "classified",
    "position_overall": "4",
    "position_in_class": "2",
    "laps": "118",
    "total_time": "4:01:12.345",
    "best_lap": "1:54.321",
    "points": "18",
    "seat": "1",
    "drive_time": "1:22:40",
    "driver_laps": "40",
    "night_laps": "",
    "driver_best_lap": "1:54.900",
    "co_drivers": "Nico Varga\nPaul Loup Chatin",
}


def test_coach_adds_a_result_with_its_car_and_external_co_drivers(client, academy):
    event = make_event()
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/results/new", data={**RESULT, "event_id": event.id}
    )
    assert response.headers["Location"].endswith(f"/drivers/{academy.driver.id}/history")
    entry = db.session.execute(db.select(RaceEntry)).scalar_one()
    assert (entry.car_number, entry.race_class, entry.laps) == ("7", RaceClass.LMP2, 118)
    assert entry.total_time_ms == 4 * HOUR_MS + 72_345
    assert entry.best_lap_ms == 114_321
    seats = {result.seat: (result.driver_id, result.external_name) for result in entry.results}
    assert seats == {
        1: (academy.driver.id, ""),
        2: (None, "Nico Varga"),
        3: (None, "Paul Loup Chatin"),
    }
    mine = next(result for result in entry.results if result.driver_id)
    assert mine.drive_time_ms == HOUR_MS + 22 * 60_000 + 40_000
    [added] = audit_events("result_added")
    assert added.after["entry"]["car_number"] == "7"
    assert added.after["co_drivers"] == ["Nico Varga", "Paul Loup Chatin"]


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"position_overall": "0"}, "A position is 1 or more."),
        ({"position_in_class": "-2"}, "A position is 1 or more."),
        ({"position_overall": "two"}, "Not a valid integer value."),
        ({"position_overall": "2", "position_in_class": "3"}, "cannot be behind the overall"),
        ({"status": "dnf"}, "Only a classified car has a position."),
        ({"laps": "-1"}, "Laps run 0 to 9999."),
        ({"total_time": "-4:00:00"}, "Negative time '-4:00:00': write it like"),
        ({"drive_time": "1:75:00"}, "Unreadable time '1:75:00'"),
        ({"best_lap": "0:00.000"}, "A lap time must be more than zero."),
        ({"drive_time": "5:00:00"}, "Longer than the car's race time."),
        ({"driver_laps": "200"}, "More than the car's 118 laps."),
        ({"night_laps": "41"}, "More night laps than laps."),
        ({"driver_best_lap": "1:50.000"}, "Faster than the car's best lap."),
        ({"seat": "6"}, "A car has seats 1 to 5."),
        ({"points": "-1"}, "Points run 0 to 9999."),
        ({"car_number": "#7!"}, "is not a race number"),
        ({"co_drivers": "A\nB\nC\nD\nE"}, "A car has at most 5 drivers."),
        ({"co_drivers": "Nico Varga\nnico varga"}, "A co-driver is named twice."),
    ],
)
def test_an_invalid_result_shows_the_error_at_its_field_and_saves_nothing(
    client, academy, changes, field_error
):
    event = make_event()
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/results/new",
        data={**RESULT, "event_id": event.id, **changes},
    )
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert 'class="field has-error"' in page
    assert field_error in page
    assert counts() == (0, 0)
    assert not audit_events("result_added")


def test_a_second_academy_driver_joins_a_car_already_recorded(client, academy):
    event = make_event()
    other = make_driver(legal_name="Yuki Nakamura", coach=academy.coach)
    login(client, academy.coach)
    client.post(f"/drivers/{academy.driver.id}/results/new", data={**RESULT, "event_id": event.id})
    client.post(
        f"/drivers/{other.id}/results/new",
        data={**RESULT, "event_id": event.id, "seat": "4", "co_drivers": "Nico Varga"},
    )
    entry = db.session.execute(db.select(RaceEntry)).scalar_one()
    assert sorted(result.seat for result in entry.results) == [1, 2, 3, 4]
    assert counts() == (1, 4)


def test_a_car_recorded_with_another_result_is_not_overwritten(client, academy):
    event = make_event()
    make_entry(event, ["Nico Varga"], car_number="7", laps=117)
    login(client, academy.coach)
    page = client.post(
        f"/drivers/{academy.driver.id}/results/new", data={**RESULT, "event_id": event.id}
    ).get_data(as_text=True)
    assert "Car #7 is already recorded in this race with another" in page
    assert counts() == (1, 1)


def test_a_driver_has_one_result_per_race(client, academy):
    event = make_event()
    make_entry(event, [academy.driver], car_number="9")
    login(client, academy.coach)
    page = client.post(
        f"/drivers/{academy.driver.id}/results/new", data={**RESULT, "event_id": event.id}
    ).get_data(as_text=True)
    assert "already has a result in this race (car #9)" in page
    assert counts() == (1, 1)


def test_a_taken_seat_is_refused(client, academy):
    event = make_event()
    entry = make_entry(event, ["Nico Varga"], car_number="7", laps=118, position_overall=4)
    entry.team = RESULT["team"]
    db.session.commit()
    login(client, academy.coach)
    page = client.post(
        f"/drivers/{academy.driver.id}/results/new",
        data={**RESULT, "event_id": event.id, "co_drivers": ""},
    ).get_data(as_text=True)
    assert "Seat 1 of car #7 is taken." in page
    assert counts() == (1, 1)


# --- corrections -----------------------------------------------------------------------------


def test_correcting_a_result_records_before_and_after(client, academy):
    entry = make_entry(make_event(), [academy.driver, "Nico Varga"], laps=120)
    result_id = entry.results[0].id
    login(client, academy.coach)
    form = client.get(f"/drivers/{academy.driver.id}/results/{result_id}/edit").get_data(
        as_text=True
    )
    assert 'value="Phoenix Endurance"' in form
    response = client.post(
        f"/drivers/{academy.driver.id}/results/{result_id}/edit",
        data={**RESULT, "laps": "121", "position_in_class": "1", "drive_time": "2:00:00"},
    )
    assert response.status_code == 302
    [corrected] = audit_events("result_corrected")
    assert corrected.entity_id == result_id
    assert corrected.before["entry"]["laps"] == 120
    assert corrected.after["entry"]["laps"] == 121
    assert corrected.before["entry"]["position_in_class"] == 2
    assert corrected.after["entry"]["position_in_class"] == 1
    assert corrected.before["result"]["drive_time_ms"] is None
    assert corrected.after["result"]["drive_time_ms"] == 2 * HOUR_MS
    assert corrected.actor_id == academy.coach.id


def test_a_correction_that_changes_nothing_writes_no_audit(client, academy):
    entry = make_entry(make_event(), [academy.driver])
    result = entry.results[0]
    login(client, academy.coach)
    client.post(
        f"/drivers/{academy.driver.id}/results/{result.id}/edit",
        data={
            **RESULT,
            "car_number": "7",
            "position_overall": "3",
            "position_in_class": "2",
            "laps": "120",
            "total_time": "4:00:00",
            "best_lap": "1:53.500",
            "points": "18",
            "seat": "1",
            "drive_time": "",
            "driver_laps": "120",
            "driver_best_lap": "",
        },
    )
    assert not audit_events("result_corrected")


def test_an_invalid_correction_changes_nothing(client, academy):
    entry = make_entry(make_event(), [academy.driver])
    result_id = entry.results[0].id
    login(client, academy.coach)
    page = client.post(
        f"/drivers/{academy.driver.id}/results/{result_id}/edit",
        data={**RESULT, "position_overall": "-3"},
    ).get_data(as_text=True)
    assert "A position is 1 or more." in page
    db.session.expire_all()
    assert db.session.get(RaceEntry, entry.id).position_overall == 3
    assert not audit_events("result_corrected")


def test_a_result_of_another_driver_cannot_be_corrected_through_this_driver(client, academy):
    entry = make_entry(make_event(), [academy.other_driver])
    other_result = entry.results[0].id
    login(client, academy.coach)
    path = f"/drivers/{academy.driver.id}/results/{other_result}/edit"
    assert client.get(path).status_code == 404
    assert client.post(path, data=RESULT).status_code == 404
    assert not audit_events("result_corrected")


def test_a_coach_cannot_correct_a_result_of_a_driver_they_do_not_coach(client, academy):
    entry = make_entry(make_event(), [academy.other_driver])
    path = f"/drivers/{academy.other_driver.id}/results/{entry.results[0].id}/edit"
    login(client, academy.coach)
    assert client.post(path, data=RESULT).status_code == 403
    login(client, academy.other_driver_user)
    assert client.post(path, data=RESULT).status_code == 403
    assert not audit_events("result_corrected")


def test_a_result_needs_its_race_and_class_chosen(client, academy):
    make_event()
    login(client, academy.coach)
    page = client.post(
        f"/drivers/{academy.driver.id}/results/new",
        data={**RESULT, "event_id": "0", "race_class": ""},
    ).get_data(as_text=True)
    assert "Choose the race." in page
    assert "Choose the class." in page
    assert counts() == (0, 0)
