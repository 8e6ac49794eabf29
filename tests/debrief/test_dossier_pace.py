"""The debrief's key figures (pace gap to co-drivers, consistency) in the sponsor and scouting
dossiers: the same numbers as the debrief page."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from academy.dossiers.pdf.builder import build_dossier
from academy.enums import DossierKind
from academy.extensions import db
from academy.models import Result
from tests.builders import make_driver, make_user
from tests.dossiers.test_loader import load
from tests.results.independent import REAL_DATA

LAP_ANALYSIS = REAL_DATA / "wec-2023-lemans-24h-lap-analysis.csv"


@pytest.mark.parametrize("kind", [DossierKind.SPONSOR, DossierKind.SCOUTING])
def test_sponsor_and_scouting_dossiers_carry_the_race_pace(runner, app, client, kind) -> None:
    coach = make_user()
    driver = make_driver(legal_name="Ryo Hirakawa", coach=coach, consent_scouting=True)
    created = runner.invoke(
        args=[
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
    )
    event_id = created.output.split()[-1]
    assert (
        runner.invoke(args=["import-results", str(LAP_ANALYSIS), "--event", event_id]).exit_code
        == 0
    )
    result = db.session.execute(db.select(Result).where(Result.driver_id == driver.id)).scalar_one()
    from tests.builders import login

    login(client, coach)
    page = client.get(f"/drivers/{driver.id}/results/{result.id}/debrief").get_data(as_text=True)
    data = load(driver.id, kind)
    row = data.results[0]
    assert row.pace_gap_to_crew_ms is not None and row.consistency_ms is not None
    shown_gap = f"{row.pace_gap_to_crew_ms / 1000:+.3f} s"
    assert shown_gap in page  # the debrief page says the same
    pdf = build_dossier(data)
    if os.environ.get("SCREENSHOT_DIR"):  # keep the PDF to look at it
        Path(os.environ["SCREENSHOT_DIR"], f"dossier-{kind.value}.pdf").write_bytes(pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Race pace from the lap analyses" in text
    assert shown_gap in text.replace("−", "-")
