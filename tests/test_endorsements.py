"""A coach's formal endorsement: written and signed by the driver's coach, printed in the
Le Mans invitation dossier, and listed with where it went."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from academy.endorsements.service import destinations
from academy.enums import DossierKind, EndorsementPurpose
from academy.extensions import db
from academy.models import AuditEvent, Dossier, Endorsement
from tests.builders import login

TEXT = "Calm in traffic at night, quick from the first lap, ready for a Le Mans rookie seat."


def _form(academy, **changes):
    data = {
        "purpose": "le_mans_invitation",
        "endorsed_on": "2026-03-02",
        "text": TEXT,
        "signature": academy.coach.display_name,
    }
    data.update(changes)
    return data


def test_the_drivers_coach_signs_an_endorsement(client, academy):
    login(client, academy.coach)
    response = client.post(f"/drivers/{academy.driver.id}/endorsements/new", data=_form(academy))
    assert response.status_code == 302
    endorsement = db.session.execute(db.select(Endorsement)).scalar_one()
    assert endorsement.driver_id == academy.driver.id
    assert endorsement.coach_id == academy.coach.id
    assert endorsement.purpose is EndorsementPurpose.LE_MANS_INVITATION
    assert endorsement.endorsed_on == date(2026, 3, 2)
    assert endorsement.signature == academy.coach.display_name
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "endorsement_signed")
    ).scalar_one()
    assert event.entity_id == endorsement.id


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"signature": "Someone Else"}, "signature", "Sign with your own name"),
        ({"signature": ""}, "signature", "Sign with your name."),
        ({"text": "  "}, "text", "Write the endorsement."),
        ({"text": "x" * 4001}, "text", "At most 4,000 characters."),
        ({"endorsed_on": "2999-01-01"}, "endorsed_on", "cannot be dated in the future"),
    ],
)
def test_an_unsigned_short_or_future_endorsement_is_refused_by_the_field(
    client, academy, changes, field, message
):
    login(client, academy.coach)
    response = client.post(
        f"/drivers/{academy.driver.id}/endorsements/new", data=_form(academy, **changes)
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    if field != "text":
        assert TEXT in page  # what was typed stays in the form
    assert db.session.execute(db.select(db.func.count(Endorsement.id))).scalar_one() == 0


def test_the_coach_sees_where_each_endorsement_went(client, academy):
    login(client, academy.coach)
    client.post(f"/drivers/{academy.driver.id}/endorsements/new", data=_form(academy))
    client.post(
        f"/drivers/{academy.driver.id}/endorsements/new",
        data=_form(academy, purpose="licence_upgrade", text=TEXT + " For the licence."),
    )
    response = client.post(f"/drivers/{academy.driver.id}/dossiers/invitation.pdf")
    assert response.status_code == 200
    code = db.session.execute(db.select(Dossier.verification_code)).scalar_one()
    page = client.get("/endorsements").get_data(as_text=True)
    assert "Printed in" in page and "Le Mans invitation dossier from now on" in page
    assert code in page
    assert "Kept on record; no dossier prints a licence upgrade endorsement." in page


def test_a_newer_endorsement_supersedes_and_takes_the_later_dossiers(app, academy):
    older = Endorsement(
        driver_id=academy.driver.id,
        coach_id=academy.coach.id,
        purpose=EndorsementPurpose.LE_MANS_INVITATION,
        endorsed_on=date(2026, 1, 1),
        text=TEXT,
        signature="x",
        signed_at=datetime(2026, 1, 1, 9, 0),
    )
    db.session.add(older)
    db.session.flush()
    first = Dossier(
        kind=DossierKind.INVITATION,
        driver_id=academy.driver.id,
        rule_set_key="k",
        sha256="0" * 64,
        verification_code="AAAAA-11111",
        generated_at=datetime(2026, 1, 2, 9, 0),
    )
    db.session.add(first)
    db.session.flush()
    newer = Endorsement(
        driver_id=academy.driver.id,
        coach_id=academy.coach.id,
        purpose=EndorsementPurpose.LE_MANS_INVITATION,
        endorsed_on=date(2026, 2, 1),
        text=TEXT,
        signature="x",
        signed_at=datetime(2026, 2, 1, 9, 0),
    )
    db.session.add(newer)
    db.session.commit()
    by_id = {d.endorsement.id: d for d in destinations(academy.coach.id)}
    assert by_id[newer.id].current and not by_id[older.id].current
    assert [d.verification_code for d in by_id[older.id].dossiers] == ["AAAAA-11111"]
    assert by_id[newer.id].dossiers == ()


def test_the_list_runs_the_same_statements_for_1_or_20_endorsements(app, academy, count_queries):
    def add(n):
        for index in range(n):
            db.session.add(
                Endorsement(
                    driver_id=academy.driver.id,
                    coach_id=academy.coach.id,
                    purpose=EndorsementPurpose.LE_MANS_INVITATION,
                    endorsed_on=date(2026, 1, 1 + index),
                    text=TEXT,
                    signature="x",
                )
            )
        db.session.commit()

    coach_id = academy.coach.id
    add(1)
    with count_queries() as small:
        destinations(coach_id)
    add(19)
    coach_id = academy.coach.id
    with count_queries() as large:
        destinations(coach_id)
    assert len(large) == len(small) <= 3


def test_a_dossier_made_the_same_second_before_the_signature_did_not_print_it(app, academy):
    made_before = Dossier(
        kind=DossierKind.INVITATION,
        driver_id=academy.driver.id,
        rule_set_key="k",
        sha256="0" * 64,
        verification_code="BBBBB-22222",
        generated_at=datetime(2026, 2, 1, 9, 0, 0, 200_000),
    )
    made_after = Dossier(
        kind=DossierKind.INVITATION,
        driver_id=academy.driver.id,
        rule_set_key="k",
        sha256="1" * 64,
        verification_code="CCCCC-33333",
        generated_at=datetime(2026, 2, 1, 9, 0, 0, 900_000),
    )
    endorsement = Endorsement(
        driver_id=academy.driver.id,
        coach_id=academy.coach.id,
        purpose=EndorsementPurpose.LE_MANS_INVITATION,
        endorsed_on=date(2026, 2, 1),
        text=TEXT,
        signature="x",
        signed_at=datetime(2026, 2, 1, 9, 0, 0, 500_000),
    )
    db.session.add_all([made_before, made_after, endorsement])
    db.session.commit()
    [destination] = destinations(academy.coach.id)
    assert [d.verification_code for d in destination.dossiers] == ["CCCCC-33333"]
