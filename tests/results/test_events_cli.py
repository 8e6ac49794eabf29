"""`flask events create`: the event (and its season when missing) from the command line."""

from __future__ import annotations

from datetime import date

from academy.extensions import db
from academy.models import Circuit, Event, Season
from tests.builders import login, make_user

LE_MANS = [
    "events",
    "create",
    "--series",
    "LM24",
    "--season",
    "2023",
    "--circuit",
    "Le Mans",
    "--date",
    "2023-06-10",
    "--hours",
    "24",
]


def test_a_one_off_race_needs_no_round_and_the_id_is_the_last_line(runner, app) -> None:
    result = runner.invoke(args=LE_MANS)
    assert result.exit_code == 0, result.output
    event = db.session.get(Event, int(result.output.strip().splitlines()[-1]))
    assert event.round_number is None and event.race_number == 1
    assert event.name == "24 Hours of Le Mans 2023 (Circuit de la Sarthe)"
    assert "round" not in event.name
    assert event.starts_on == date(2023, 6, 10) and event.duration_hours == 24
    assert event.season.label == "2023" and event.season.series.code == "LM24"
    # 'Le Mans' is the real Circuit de la Sarthe, with its position for sunset and sunrise.
    circuit = event.circuit
    assert (circuit.name, circuit.country, circuit.timezone) == (
        "Circuit de la Sarthe",
        "FRA",
        "Europe/Paris",
    )
    assert round(circuit.latitude, 1) == 48.0


def test_rounds_of_a_season_share_it_and_a_round_cannot_be_created_twice(runner, app) -> None:
    args = [
        "events",
        "create",
        "--series",
        "ALMS",
        "--season",
        "2025-26",
        "--circuit",
        "Sepang",
        "--date",
        "2025-12-13",
        "--hours",
        "4",
        "--round",
        "1",
    ]
    first = runner.invoke(args=[*args, "--race", "1"])
    second = runner.invoke(args=[*args, "--race", "2"])
    assert first.exit_code == second.exit_code == 0
    events = db.session.execute(db.select(Event).order_by(Event.id)).scalars().all()
    assert [event.race_number for event in events] == [1, 2]
    assert len(db.session.execute(db.select(Season)).scalars().all()) == 1
    assert (
        events[1].name
        == "Asian Le Mans Series 2025-26, round 1 race 2 (Sepang International Circuit)"
    )
    again = runner.invoke(args=[*args, "--race", "2"])
    assert again.exit_code != 0 and "already has this round and race" in again.output


def test_an_unknown_circuit_needs_its_country(runner, app) -> None:
    args = [
        "events",
        "create",
        "--series",
        "WEC",
        "--season",
        "2030",
        "--circuit",
        "Nowhere Ring",
        "--date",
        "2030-05-01",
        "--hours",
        "6",
    ]
    refused = runner.invoke(args=args)
    assert refused.exit_code != 0 and "give its country with --country" in refused.output
    assert db.session.execute(db.select(Circuit)).first() is None
    made = runner.invoke(args=[*args, "--country", "ita"])
    assert made.exit_code == 0, made.output
    circuit = db.session.execute(db.select(Circuit)).scalar_one()
    assert (circuit.country, circuit.latitude) == ("ITA", None)


def test_a_bad_season_or_series_is_refused_by_the_option(runner, app) -> None:
    bad_season = runner.invoke(args=[*LE_MANS[:5], "23", *LE_MANS[6:]])
    assert bad_season.exit_code == 2 and "--season" in bad_season.output
    bad_series = runner.invoke(args=[LE_MANS[0], LE_MANS[1], "--series", "F1", *LE_MANS[4:]])
    assert bad_series.exit_code == 2 and "unknown series" in bad_series.output


def test_the_new_event_form_takes_a_race_without_a_round(client, app) -> None:
    coach = make_user()
    login(client, coach)
    assert "Empty for a one-off race" in client.get("/results/events/new").get_data(as_text=True)
    response = client.post(
        "/results/events/new",
        data={
            "series": "LM24",
            "season_label": "2024",
            "round_number": "",
            "race_number": "1",
            "circuit_id": "0",
            "new_circuit": "Circuit de la Sarthe",
            "new_circuit_country": "FRA",
            "starts_on": "2024-06-15",
            "duration_hours": "24",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    event = db.session.execute(db.select(Event)).scalar_one()
    assert event.round_number is None
    assert event.name == "24 Hours of Le Mans 2024 (Circuit de la Sarthe)"
    assert event.circuit.timezone == "Europe/Paris"
