"""The invitation dossier says a Le Mans stage reached by racing at Le Mans as the progress page
does ("Reached on <day>"), not "Eligible", whatever the stage's other requirements say now."""

from __future__ import annotations

from datetime import date

from academy.enums import RaceClass
from tests.builders import login
from tests.dossiers.conftest import flat, pdf_text
from tests.progress.builders import add_result, make_event


def test_the_invitation_says_le_mans_reached_with_its_day(client, academy, rubric):
    # Raced the 24 Hours in LMGT3-class terms with the International C licence every builder
    # driver holds: "24 Hours of Le Mans" is reached; its other requirements are not met.
    add_result(
        academy.driver,
        make_event(date(2025, 6, 14), series="LM24", hours=24),
        race_class=RaceClass.GT,
    )
    login(client, academy.coach)
    response = client.post(f"/drivers/{academy.driver.id}/dossiers/invitation.pdf")
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    assert "24 Hours of Le Mans Reached on 14 June 2025" in text
    assert "24 Hours of Le Mans Eligible" not in text
