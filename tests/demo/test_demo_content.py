"""What the demo shows a visitor: laps behind a few races (imported through the importer, so
the debrief has something to say), a coach's endorsement, sessions planned in the coming
weeks, and co-drivers with names of their own."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from academy.clock import academy_today
from academy.enums import EndorsementPurpose, PlanStatus
from academy.extensions import db
from academy.models import (
    Endorsement,
    Event,
    ImportBatch,
    Lap,
    PlannedSession,
    RaceEntry,
    Result,
)
from academy.results.timing.parsed import TimingFormat
from tests.builders import login
from tests.demo.demo_laps import RACES_WITH_LAPS
from tests.demo.seed import DEMO_PASSWORD, seed_demo


def test_the_academys_cars_have_laps_imported_from_a_lap_analysis(client, app):
    from academy.models import User

    seed_demo(2026)
    db.session.commit()
    batches = db.session.execute(db.select(ImportBatch)).scalars().all()
    assert len(batches) == len(RACES_WITH_LAPS)
    assert {batch.file_format for batch in batches} == {TimingFormat.ALKAMEL_LAP_ANALYSIS.value}
    with_laps = (
        db.session.execute(db.select(RaceEntry).where(RaceEntry.id.in_(db.select(Lap.entry_id))))
        .scalars()
        .all()
    )
    assert with_laps and all(any(r.driver_id for r in entry.results) for entry in with_laps)
    # Every seat of those cars drove the laps the file gives it.
    for entry in with_laps:
        for result in entry.results:
            laps = db.session.execute(
                db.select(db.func.count(Lap.id), db.func.sum(Lap.lap_ms)).where(
                    Lap.entry_id == entry.id, Lap.seat == result.seat
                )
            ).one()
            assert laps == (result.laps, result.drive_time_ms)
    result = (
        db.session.execute(
            db.select(Result).where(
                Result.entry_id == with_laps[0].id, Result.driver_id.is_not(None)
            )
        )
        .scalars()
        .first()
    )
    director = db.session.execute(db.select(User).where(User.role == "admin")).scalar_one()
    login(client, director, DEMO_PASSWORD)
    page = client.get(f"/drivers/{result.driver_id}/results/{result.id}/debrief")
    assert page.status_code == 200
    assert "No laps are stored for this race" not in page.get_data(as_text=True)


def test_an_endorsement_plans_ahead_and_co_drivers_with_varied_names(app):
    seed_demo(2026)
    db.session.commit()
    endorsement = db.session.execute(db.select(Endorsement)).scalar_one()
    assert endorsement.purpose is EndorsementPurpose.LE_MANS_INVITATION
    assert endorsement.signature == endorsement.coach.display_name
    assert endorsement.coach_id == endorsement.driver.coach_id

    today = academy_today()
    plans = db.session.execute(db.select(PlannedSession)).scalars().all()
    assert len(plans) >= 6
    assert all(plan.status is PlanStatus.PLANNED for plan in plans)
    assert all(today <= plan.planned_on <= today + timedelta(weeks=5) for plan in plans)
    assert any(plan.planned_on == today for plan in plans)  # one to record today
    for plan in plans:
        assert plan.drivers and all(d.coach_id == plan.coach_id for d in plan.drivers)

    external = set(
        db.session.execute(db.select(Result.external_name).where(Result.driver_id.is_(None)))
        .scalars()
        .all()
    )
    surnames = Counter(name.split()[-1] for name in external)
    assert len(surnames) > 30
    assert surnames.most_common(1)[0][1] <= 6, surnames.most_common(3)
    gt_names = set(
        db.session.execute(
            db.select(Result.external_name)
            .join(RaceEntry, Result.entry_id == RaceEntry.id)
            .join(Event, RaceEntry.event_id == Event.id)
            .where(Result.driver_id.is_(None), RaceEntry.race_class.in_(["GT", "LMGT3"]))
        ).scalars()
    )
    gt_surnames = Counter(name.split()[-1] for name in gt_names)
    assert gt_surnames.most_common(1)[0][1] <= max(3, len(gt_names) // 8), gt_surnames
