"""Issue 13: the driver's categorisation is dated (CategorisationRecord), so a check as of a
past day uses the category of that day; the facts loader reads the history, the new finishing
positions and the ACO-approved mark."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from academy.enums import Categorisation, RaceClass, SessionType
from academy.extensions import db
from academy.models import CategorisationRecord, RaceEntry
from academy.pathway.engine import evaluate
from academy.pathway.facts import CategorisationFact
from academy.progress.facts_loader import load_driver_facts
from academy.progress.rule_sets import current_rule_set
from tests.builders import academy_day, login
from tests.progress.builders import add_result, add_session, make_event


def _records(driver) -> list[tuple[Categorisation | None, date]]:
    db.session.expire_all()
    rows = db.session.execute(
        select(CategorisationRecord.category, CategorisationRecord.effective_on)
        .where(CategorisationRecord.driver_id == driver.id)
        .order_by(CategorisationRecord.effective_on)
    )
    return [tuple(row) for row in rows]


def test_the_facts_loader_reads_the_dated_history_oldest_first(academy):
    driver = academy.driver
    driver.record_categorisation(Categorisation.BRONZE, date(2026, 1, 1))
    driver.record_categorisation(Categorisation.SILVER, date(2024, 1, 1))
    db.session.commit()
    facts = load_driver_facts(driver.id)
    assert facts.categorisations == (
        CategorisationFact(Categorisation.SILVER, date(2024, 1, 1)),
        CategorisationFact(Categorisation.BRONZE, date(2026, 1, 1)),
    )
    assert facts.categorisation_on(date(2025, 6, 1)) is Categorisation.SILVER


def test_a_check_as_of_a_past_day_uses_the_category_then_on_the_progress_page(client, academy):
    driver = academy.driver
    driver.record_categorisation(Categorisation.SILVER, date(2024, 1, 1))
    driver.record_categorisation(None, date(2026, 1, 1))  # dropped from the list
    db.session.commit()
    facts = load_driver_facts(driver.id)
    rule_set = current_rule_set()
    then = evaluate(facts, rule_set, date(2025, 6, 1)).stages[0]
    now = evaluate(facts, rule_set, date(2026, 6, 1)).stages[0]
    status = {v.requirement_id: v.status.value for v in then.requirements}
    assert status["alms-lmp3.categorised"] == "met"
    status = {v.requirement_id: v.status.value for v in now.requirements}
    assert status["alms-lmp3.categorised"] == "unknown"
    login(client, academy.admin)
    page = client.get(f"/drivers/{driver.id}/progress?as_of=2026-06-01").get_data(as_text=True)
    assert "no FIA driver categorisation recorded" in page
    page = client.get(f"/drivers/{driver.id}/progress?as_of=2025-06-01").get_data(as_text=True)
    assert "no FIA driver categorisation recorded" not in page


def test_editing_the_category_dates_the_change_and_keeps_the_earlier_one(client, academy):
    driver = academy.driver
    login(client, academy.admin)
    form = client.get(f"/drivers/{driver.id}/edit")
    assert form.status_code == 200
    data = {
        "legal_name": driver.legal_name,
        "native_name": driver.native_name or "",
        "nationality": driver.nationality,
        "date_of_birth": driver.date_of_birth.isoformat(),
        "categorisation": "gold",
        "cohort_id": "0",
        "coach_id": str(driver.coach_id),
        "user_id": str(driver.user_id),
    }
    response = client.post(f"/drivers/{driver.id}/edit", data=data)
    assert response.status_code == 302
    records = _records(driver)
    assert records[-1] == (Categorisation.GOLD, academy_day())
    db.session.refresh(driver)
    assert driver.categorisation is Categorisation.GOLD


def test_recording_the_same_day_twice_keeps_one_record(academy):
    driver = academy.driver
    driver.record_categorisation(Categorisation.GOLD, date(2026, 3, 1))
    driver.record_categorisation(Categorisation.PLATINUM, date(2026, 3, 1))
    db.session.commit()
    assert _records(driver) == [(Categorisation.PLATINUM, date(2026, 3, 1))]


def test_the_loader_reads_finishing_positions_and_the_aco_approved_mark(academy):
    result = add_result(academy.driver, make_event(date(2026, 2, 1)), race_class=RaceClass.LMP2)
    entry = db.session.get(RaceEntry, result.entry_id)
    entry.position_overall, entry.position_in_class = 7, 2
    session = add_session(
        academy.driver, academy.coach, date(2026, 3, 1), session_type=SessionType.SIMULATOR
    )
    session.aco_approved = True
    db.session.commit()
    facts = load_driver_facts(academy.driver.id)
    (loaded,) = facts.results
    assert (loaded.position_overall, loaded.position_in_class) == (7, 2)
    assert [s.aco_approved for s in facts.sessions] == [True]
