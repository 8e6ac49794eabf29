"""Evidence is worded once (academy.progress.evidence.EvidenceNames): the driver's progress
page and the dossier PDF name the same race, session, grade or document in the same words."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from academy.clock import utcnow
from academy.dossiers.loader import load_dossier_input
from academy.dossiers.pdf import build_dossier
from academy.dossiers.pdf.model import Verification
from academy.enums import DossierKind, SessionType
from academy.progress.rule_sets import current_rule_set
from tests.builders import academy_day, login
from tests.dossiers.conftest import flat, pdf_text
from tests.progress.builders import add_grade, add_result, add_session, make_event
from tests.progress.conftest import make_lmp3_ready

PAGE_LINE = re.compile(
    r'<li><time datetime="[^"]*">([^<]*)</time> · (?:<a [^>]*>)?([^<]*)(?:</a>)?</li>'
)


def _page_lines(client, driver_id: int) -> set[str]:
    page = client.get(f"/drivers/{driver_id}/progress", query_string={"evidence": "all"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return {f"{day}: {html.unescape(words)}" for day, words in PAGE_LINE.findall(text)}


def test_the_progress_page_and_the_dossier_word_the_same_evidence_alike(client, academy):
    today = academy_day()
    driver, coach = academy.driver, academy.coach
    make_lmp3_ready(driver, coach, today)
    night = make_event(today - timedelta(days=30), night=True, hours=24, name="Night race")
    add_result(driver, night, night_laps=40)
    session = add_session(
        driver, coach, today - timedelta(days=5), session_type=SessionType.TEST_DAY
    )
    add_grade(session, "racecraft", 8)

    login(client, academy.admin)
    page = _page_lines(client, driver.id)

    data = load_dossier_input(
        driver.id,
        DossierKind.INVITATION,
        rule_set=current_rule_set(),
        generated_at=utcnow(),
        generated_by="Test",
        academy_name="Test Academy",
        verification=Verification("7KQ2M-XW4PD", "https://example/verify/7KQ2M-XW4PD"),
    )
    in_pdf = {line for stage in data.pathway for req in stage.requirements for line in req.evidence}
    assert in_pdf <= page
    # A race, a session, a grade and a document, each in the page's words after the day.
    assert any(
        line.endswith(": Night race · LMP3 · classified · 2h 00m driven · night running")
        for line in in_pdf
    )
    assert any(line.endswith(": Test Day · 30 laps") for line in in_pdf)
    assert any(
        line.endswith(": Coach grade: racecraft 8, in a Test Day session") for line in in_pdf
    )
    assert any(": Licence: International C" in line for line in in_pdf)
    printed = flat(pdf_text(build_dossier(data)))
    for line in in_pdf:
        assert flat(line) in printed


def test_a_classified_car_with_a_class_position_is_named_by_it():
    from academy.enums import ResultStatus
    from academy.progress.evidence import place_words

    assert place_words(ResultStatus.CLASSIFIED, 2) == "P2 in class"
    assert place_words(ResultStatus.CLASSIFIED, None) == "classified"
    assert place_words(ResultStatus.DNF, 3) != "P3 in class"
