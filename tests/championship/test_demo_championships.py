"""The demo academy as a principal would believe it: drivers keep their car through a season,
no external driver sits in two cars of a race, every crew is legal under the season's sporting
rules but one, which the race page flags, and both invitation-bearing seasons have an academy
car in the race for the invitations."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from academy.championship import loader
from academy.championship.season import championship, race_checks, races_of
from academy.extensions import db
from academy.models import Event, RaceEntry, Result, Season, Series
from tests.builders import login
from tests.demo.seed import seed_demo
from tests.results.test_import_web_flow import text


@pytest.fixture
def demo(app):
    seed_demo(2026)
    db.session.commit()


def _season(code: str, label: str) -> Season:
    return db.session.execute(
        db.select(Season).join(Series).where(Series.code == code, Season.label == label)
    ).scalar_one()


def test_drivers_keep_their_car_and_no_one_drives_two_cars(demo) -> None:
    rows = db.session.execute(
        db.select(
            Event.season_id,
            Event.id,
            RaceEntry.season_entry_id,
            Result.driver_id,
            Result.external_name,
        )
        .join(RaceEntry, RaceEntry.event_id == Event.id)
        .join(Result, Result.entry_id == RaceEntry.id)
    ).all()
    cars_of: dict[tuple[int, object], set[int]] = defaultdict(set)
    per_race: Counter = Counter()
    for season_id, event_id, season_entry, driver_id, name in rows:
        person = driver_id or name
        if name != "Marco Stand-In":
            cars_of[(season_id, person)].add(season_entry)
        per_race[(event_id, person)] += 1
    assert all(len(cars) == 1 for cars in cars_of.values())
    assert max(per_race.values()) == 1
    assert all(season_entry is not None for _, _, season_entry, _, _ in rows)


def test_every_crew_is_legal_but_one(demo) -> None:
    statuses: Counter = Counter()
    for event_id in db.session.execute(db.select(Event.id)).scalars():
        facts = loader.event_facts(event_id)
        for checks in race_checks(facts, {}).values():
            statuses[checks.crew.status.value] += 1
            assert not checks.flagged_times
    assert statuses["illegal"] == 1
    assert set(statuses) == {"legal", "illegal"}


@pytest.mark.parametrize(("code", "label"), [("ALMS", "2025-26"), ("ELMS", "2026")])
def test_an_academy_car_races_for_an_invitation(demo, code, label) -> None:
    champ = championship(loader.season_facts(_season(code, label).id))
    contested = [(race, rows) for race, rows in champ.academy_invitations() if rows]
    assert contested
    race, rows = contested[0]
    assert rows[0].position <= 3


@pytest.mark.parametrize(("code", "label"), [("ALMS", "2025-26"), ("ELMS", "2026")])
def test_before_the_final_race_an_academy_car_was_still_in_the_race(demo, code, label) -> None:
    """Both seasons are over by the demo's day; the round selector shows them live: after the
    last race but one, an invitation race with an academy car in contention is not decided."""
    facts = loader.season_facts(_season(code, label).id)
    held = len(races_of(facts))
    champ = championship(facts, after=held - 1)
    live = [
        (race, rows)
        for race, rows in champ.academy_invitations()
        if not race.decided and any(race.in_contention(row.key) for row in rows)
    ]
    assert live, f"{code} {label}: every invitation race was decided before the final race"
    race, _ = live[0]
    assert race.races_left == 1 and race.points_left > 0


def test_the_race_page_flags_the_illegal_crew(client, demo) -> None:
    from academy.enums import Role
    from academy.models import User

    admin = db.session.execute(db.select(User).where(User.role == Role.ADMIN)).scalar_one()
    from tests.demo.seed import DEMO_PASSWORD

    login(client, admin, DEMO_PASSWORD)
    season = _season("ALMS", "2025-26")
    last = (
        db.session.execute(
            db.select(Event.id).where(Event.season_id == season.id).order_by(Event.starts_on.desc())
        )
        .scalars()
        .first()
    )
    page = text(client.get(f"/results/events/{last}"))
    assert "1 illegal crew" in page
    assert "no Bronze driver; ALMS requires at least one in LMP3" in page
