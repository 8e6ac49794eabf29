"""The demo's coming weeks: sessions each coach has planned ahead (one of them today, ready
to be recorded), and a coach's formal endorsement of the rookie for the Le Mans invitation."""

from __future__ import annotations

from datetime import date, time, timedelta

from academy.endorsements.service import write_endorsement
from academy.enums import EndorsementPurpose, PlanStatus, SessionType
from academy.extensions import db
from academy.models import Circuit, Driver, PlannedSession, User

# (days from today, start, end, type, circuit key or simulator, how many of the coach's
# drivers, notes)
PLANS = (
    (0, time(9, 30), time(12, 0), SessionType.SIMULATOR, "Le Mans 24h, rFactor 2 (ACO-approved)", 2,
     "Night stint preparation: traffic management with the GT field."),
    (4, time(14, 0), time(16, 0), SessionType.FITNESS, None, 3, "Heat acclimatisation block."),
    (9, time(8, 30), time(17, 0), SessionType.TRACK, "sepang", 2,
     "Private test: long runs on used tyres, pit-stop driver changes."),
    (16, None, None, SessionType.CLASSROOM, None, 4,
     "Sporting regulations of the new season; ask your questions ahead."),
    (23, time(10, 0), time(12, 30), SessionType.SIMULATOR, "Sepang, team simulator", 1,
     "Qualifying simulation."),
)  # fmt: skip


def plan_demo_sessions(
    coaches: list[User], drivers: list[Driver], circuits: dict[str, Circuit], today: date
) -> int:
    """Each coach's plans of PLANS for their own drivers, from `today` on."""
    count = 0
    for shift, coach in enumerate(coaches):
        own = [driver for driver in drivers if driver.coach_id == coach.id]
        if not own:
            continue
        for index, (days, starts, ends, kind, place, how_many, notes) in enumerate(PLANS):
            first = (shift * 3 + index) % len(own)
            chosen = [own[(first + n) % len(own)] for n in range(min(how_many, len(own)))]
            plan = PlannedSession(
                coach_id=coach.id,
                planned_on=today + timedelta(days=days + (shift if days else 0)),
                starts_at=starts,
                ends_at=ends,
                session_type=kind,
                circuit_id=circuits[place].id if kind is SessionType.TRACK and place else None,
                simulator_title=place if kind is SessionType.SIMULATOR and place else "",
                notes=notes,
                status=PlanStatus.PLANNED,
                cancel_reason="",
            )
            plan.drivers = list(dict.fromkeys(chosen))
            db.session.add(plan)
            count += 1
    return count


ENDORSEMENT_TEXT = (
    "I have coached {name} since {pronoun_own} first season with the academy. In the Asian and "
    "European Le Mans Series {pronoun} has been the crew's most consistent driver at night and "
    "in traffic, has never been the cause of a penalty, and turns engineering feedback into lap "
    "time within a session. I endorse {name} without reservation for an invitation to the "
    "24 Hours of Le Mans."
)


def endorse_rookie(driver: Driver, endorsed_on: date) -> int:
    """The rookie's coach endorses them for the Le Mans invitation, as a coach would sign it."""
    coach = driver.coach
    assert coach is not None, "the demo's drivers all have a coach"
    write_endorsement(
        driver,
        coach,
        purpose=EndorsementPurpose.LE_MANS_INVITATION,
        endorsed_on=endorsed_on,
        text=ENDORSEMENT_TEXT.format(name=driver.legal_name, pronoun="he", pronoun_own="his"),
        signature=coach.display_name,
    )
    return 1
