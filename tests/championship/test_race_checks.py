"""The race page: every car's crew checked with each driver's category on the race day
(external co-drivers whose category is not known make it "unknown", never "legal"), and each
driver's driving time from the laps, or from the classification without laps."""

from __future__ import annotations

from datetime import date

from academy.enums import Categorisation, RaceClass
from academy.extensions import db
from academy.models import Lap
from academy.results.queries import event_entries
from tests.builders import login, make_driver
from tests.championship.builders import categorise
from tests.drivers.racing import make_entry, make_event
from tests.results.test_import_web_flow import text

MIN = 60_000


def _lap_rows(entry, stints: list[tuple[int, int]], lap_ms: int = 2 * MIN) -> None:
    """Laps of `entry`: (seat, minutes) stint after stint, each lap `lap_ms`."""
    number = elapsed = 0
    for seat, minutes in stints:
        for _ in range(minutes * MIN // lap_ms):
            number += 1
            elapsed += lap_ms
            db.session.add(
                Lap(
                    entry_id=entry.id,
                    seat=seat,
                    lap_number=number,
                    lap_ms=lap_ms,
                    elapsed_ms=elapsed,
                )
            )
    db.session.commit()


def _event():
    return make_event(series="ALMS", season="2025-26", starts_on=date(2025, 12, 13))


def test_crews_are_checked_with_the_category_of_the_race_day(client, academy) -> None:
    event = _event()
    bronze = make_driver(legal_name="Bea Bronze", categorisation=Categorisation.BRONZE)
    # Silver on the race day, Bronze only from January: the crew was illegal then.
    late = make_driver(legal_name="Lena Late", categorisation=Categorisation.BRONZE)
    categorise(late, Categorisation.SILVER, date(2020, 1, 1))
    categorise(late, Categorisation.BRONZE, date(2026, 1, 1))
    silver = make_driver(legal_name="Sam Silver", categorisation=Categorisation.SILVER)
    legal = make_entry(event, [bronze, silver], car_number="1", race_class=RaceClass.LMP3)
    illegal = make_entry(event, [late, silver], car_number="2", race_class=RaceClass.LMP3)
    unknown = make_entry(event, [silver, "Ext ERNAL"], car_number="3", race_class=RaceClass.LMP3)
    known = make_entry(event, [silver, "Kno WN"], car_number="4", race_class=RaceClass.LMP3)
    known.results[1].external_category = Categorisation.BRONZE
    db.session.commit()
    login(client, academy.admin)
    response = client.get(f"/results/events/{event.id}")
    html = response.get_data(as_text=True)
    page = text(response)
    assert "1 illegal crew" in page
    assert html.count("crew-status-legal") == 2
    assert html.count("crew-status-illegal") == 1
    assert html.count("crew-status-unknown") == 1
    assert f'id="car-{illegal.car_number}" class="illegal-crew"' in html
    assert f'id="car-{legal.car_number}" class="illegal-crew"' not in html
    assert "Bronze" in page and "Ext ERNAL" in page
    assert unknown.id and known.id


def test_driving_time_from_the_laps_flags_a_minimum_not_met(client, academy) -> None:
    event = _event()
    bronze = make_driver(legal_name="Bea Bronze", categorisation=Categorisation.BRONZE)
    gold = make_driver(legal_name="Gil Gold", categorisation=Categorisation.GOLD)
    # LMP2, two drivers: a Bronze needs 2h15 (the ALMS 2025-26 rules, from ELMS 2018).
    entry = make_entry(event, [bronze, gold], car_number="30", race_class=RaceClass.LMP2)
    _lap_rows(entry, [(1, 60), (2, 120), (1, 60)])
    login(client, academy.admin)
    page = text(client.get(f"/results/events/{event.id}"))
    assert "Bea Bronze academy 2h 00m · minimum not met (2h 15m) · from 2 stints" in page
    assert "1 driving-time flag" in page


def test_driving_time_comes_from_the_classification_without_laps(client, academy) -> None:
    event = _event()
    bronze = make_driver(legal_name="Bea Bronze", categorisation=Categorisation.BRONZE)
    gold = make_driver(legal_name="Gil Gold", categorisation=Categorisation.GOLD)
    make_entry(
        event,
        [bronze, gold],
        car_number="30",
        race_class=RaceClass.LMP2,
        drive_times_ms=[140 * MIN, 100 * MIN],
    )
    login(client, academy.admin)
    page = text(client.get(f"/results/events/{event.id}"))
    assert "Bea Bronze academy 2h 20m · minimum met (2h 15m)" in page
    assert "driving-time flag" not in page


def test_the_race_page_loads_a_fixed_number_of_statements(client, academy, count_queries) -> None:
    event = _event()
    drivers = [make_driver(categorisation=Categorisation.BRONZE) for _ in range(6)]
    first = make_entry(event, drivers[:2], car_number="1")
    _lap_rows(first, [(1, 30), (2, 30)])
    login(client, academy.admin)
    url = f"/results/events/{event.id}"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for number in range(2, 12):
        entry = make_entry(event, [drivers[number % 6], f"Ext {number}"], car_number=str(number))
        _lap_rows(entry, [(1, 30), (2, 30)])
    with count_queries() as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_import_preview_flags_an_illegal_crew(client, academy, tmp_path) -> None:
    from tests.results.independent import REAL_DATA
    from tests.results.test_import_web_flow import upload

    client.application.config["IMPORT_UPLOAD_FOLDER"] = str(tmp_path)
    sepang = (REAL_DATA / "alms-2025-sepang-race1-classification.csv").read_bytes()
    # Two academy Silvers named as the crew of the LMP3 winner, the third seat emptied.
    make_driver(legal_name="Stephane Lemeret", categorisation=Categorisation.SILVER)
    make_driver(legal_name="Matteo Quintarelli", categorisation=Categorisation.SILVER)
    sepang = sepang.replace(b"Bence VALINT", b"")
    event = make_event(series="ALMS", season="2025-26", starts_on=date(2025, 12, 13))
    login(client, academy.admin)
    preview_url = upload(client, event, sepang, "sepang.csv").headers["Location"]
    page = text(client.get(preview_url))
    assert "Car #35 (LMP3): crew illegal." in page
    assert "cannot be checked: a co-driver's category is not known" in page


def test_the_debrief_flags_the_drivers_minimum_and_the_pathway_fact_says_so(
    client, academy
) -> None:
    from academy.progress.facts_loader import load_facts

    event = _event()
    bronze = make_driver(
        legal_name="Bea Bronze", categorisation=Categorisation.BRONZE, coach=academy.coach
    )
    gold = make_driver(legal_name="Gil Gold", categorisation=Categorisation.GOLD)
    entry = make_entry(
        event,
        [bronze, gold],
        car_number="30",
        race_class=RaceClass.LMP2,
        drive_times_ms=[120 * MIN, 120 * MIN],
    )
    _lap_rows(entry, [(1, 60), (2, 120), (1, 60)])
    login(client, academy.coach)
    page = text(client.get(f"/drivers/{bronze.id}/results/{entry.results[0].id}/debrief"))
    assert "Driving time and crew" in page
    assert "minimum not met (2h 15m)" in page and "flagged" in page
    facts = load_facts([bronze.id, gold.id]).facts
    assert facts[bronze.id].results[0].driving_time_minimum_met is False
    # No minimum for a Gold in a crew of two: met.
    assert facts[gold.id].results[0].driving_time_minimum_met is True


def test_the_pathway_fact_is_not_known_without_rules_or_time(app) -> None:
    from academy.progress.facts_loader import load_facts

    old = make_event(series="ALMS", season="2019-20", starts_on=date(2019, 12, 1))
    bronze = make_driver(categorisation=Categorisation.BRONZE)
    make_entry(old, [bronze, "Someone"], race_class=RaceClass.LMP2, drive_times_ms=[10, 10])
    event = _event()
    make_entry(event, [bronze, "Other"], car_number="9", race_class=RaceClass.LMP2)
    results = load_facts(bronze.id).facts[bronze.id].results
    assert [r.driving_time_minimum_met for r in results] == [None, None]


def test_the_import_preview_counts_the_category_the_race_page_has_on_record(
    client, academy, tmp_path
) -> None:
    """A file imported again (or its lap analysis after it) finds the external co-drivers
    already recorded in the event: the preview checks their crew with the category on record,
    as the race page does, not as "not known"."""
    from tests.results.import_db_helpers import import_bytes
    from tests.results.independent import REAL_DATA
    from tests.results.test_import_web_flow import upload

    client.application.config["IMPORT_UPLOAD_FOLDER"] = str(tmp_path)
    sepang = (REAL_DATA / "alms-2025-sepang-race1-classification.csv").read_bytes()
    event = make_event(series="ALMS", season="2025-26", starts_on=date(2025, 12, 13))
    import_bytes(sepang, event, "sepang.csv")
    # The LMP3 winner's three co-drivers are on record as Silvers: no Bronze, illegal.
    car = next(entry for entry in event_entries(event.id) if entry.car_number == "35")
    for result in car.results:
        result.external_category = Categorisation.SILVER
    db.session.commit()
    login(client, academy.admin)
    race_page = text(client.get(f"/results/events/{event.id}"))
    assert "no Bronze driver; ALMS requires at least one in LMP3" in race_page
    preview_url = upload(client, event, sepang, "sepang-again.csv").headers["Location"]
    preview = text(client.get(preview_url))
    assert "Car #35 (LMP3): crew illegal. no Bronze driver; ALMS requires at least one in LMP3" in (
        preview
    )
