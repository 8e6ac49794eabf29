"""load_dossier_input: what each kind carries, in a fixed number of statements."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from academy.dossiers.loader import load_dossier_input
from academy.dossiers.pdf.model import Verification
from academy.enums import ApplicationStatus, DossierKind, EndorsementPurpose, LicenceGrade
from academy.extensions import db
from academy.models import ApplicationTransition, Endorsement, Grade, LicenceApplication
from academy.progress.rule_sets import current_rule_set
from tests.builders import make_cohort
from tests.dossiers.conftest import history, make_graded_session, make_race

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def load(driver_id: int, kind: DossierKind, rule_set=None):
    return load_dossier_input(
        driver_id,
        kind,
        rule_set=rule_set or current_rule_set(),
        generated_at=NOW,
        generated_by="Test",
        academy_name="Test Academy",
        verification=Verification("7KQ2M-XW4PD", "https://example/verify/7KQ2M-XW4PD"),
    )


def test_an_unknown_driver_loads_nothing(app):
    assert load(12345, DossierKind.SCOUTING) is None


@pytest.mark.parametrize("kind", list(DossierKind))
def test_statement_count_does_not_grow_with_the_history(academy, rubric, count_queries, kind):
    cohort = make_cohort()
    for driver in (academy.driver, academy.other_driver):
        driver.cohort_id = cohort.id
    db.session.commit()
    rule_set = current_rule_set()
    history(academy.other_driver, academy.other_coach, rubric, races=1, sessions=1)
    with count_queries() as small:
        small_input = load(academy.other_driver.id, kind, rule_set)
    history(academy.driver, academy.coach, rubric, races=40, sessions=60)
    with count_queries() as large:
        large_input = load(academy.driver.id, kind, rule_set)
    assert len(large_input.results) == 40
    assert len(small_input.results) == 1
    assert len(large) == len(small)


def test_the_invitation_checks_the_le_mans_stages_only(academy):
    data = load(academy.driver.id, DossierKind.INVITATION)
    names = [stage.stage for stage in data.pathway]
    assert names and all("Le Mans" in name for name in names)
    assert all(stage.requirements for stage in data.pathway)


def test_race_evidence_names_the_race(academy, rubric):
    for index in range(8):
        make_race(
            academy.driver, on=date(2025, 1, 5 + index), name=f"Night race {index}", night=True
        )
    data = load(academy.driver.id, DossierKind.INVITATION)
    evidence = [
        line for stage in data.pathway for req in stage.requirements for line in req.evidence
    ]
    assert any("Night race 0" in line and "P2 in class" in line for line in evidence)


def _endorse(driver, coach, on, text, purpose=EndorsementPurpose.LE_MANS_INVITATION):
    endorsement = Endorsement(
        driver_id=driver.id,
        coach_id=coach.id,
        purpose=purpose,
        endorsed_on=on,
        text=text,
        signature=coach.display_name,
    )
    db.session.add(endorsement)
    db.session.commit()
    return endorsement


def test_the_invitation_prints_the_latest_le_mans_endorsement_not_a_training_note(academy, rubric):
    make_graded_session(academy.driver, academy.coach, {rubric["racecraft"]: 8}, notes="A note.")
    _endorse(academy.driver, academy.coach, date(2026, 2, 1), "Earlier words.")
    _endorse(academy.driver, academy.coach, date(2026, 3, 2), "Ready for Le Mans: calm in traffic.")
    _endorse(
        academy.driver,
        academy.coach,
        date(2026, 4, 1),
        "For the licence, not Le Mans.",
        EndorsementPurpose.LICENCE_UPGRADE,
    )
    _endorse(academy.driver, academy.coach, date(2026, 7, 1), "Dated after the dossier's day.")
    endorsement = load(academy.driver.id, DossierKind.INVITATION).endorsement
    assert endorsement.coach_name == "Coach Tanaka"
    assert endorsement.endorsed_on == date(2026, 3, 2)
    assert endorsement.text == "Ready for Le Mans: calm in traffic."


def test_a_training_note_or_licence_endorsement_is_no_le_mans_endorsement(academy, rubric):
    make_graded_session(academy.driver, academy.coach, {rubric["racecraft"]: 8}, notes="A note.")
    application = LicenceApplication(
        driver_id=academy.driver.id,
        target_grade=LicenceGrade.INTERNATIONAL_B,
        status=ApplicationStatus.ENDORSED,
        rule_set_key="alms-to-le-mans",
        created_by_id=academy.coach.id,
    )
    db.session.add(application)
    db.session.flush()
    db.session.add(
        ApplicationTransition(
            application_id=application.id,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.ENDORSED,
            actor_id=academy.coach.id,
            comment="Ready for LMP2.",
            at=datetime(2026, 3, 2, 10, 0),
        )
    )
    db.session.commit()
    assert load(academy.driver.id, DossierKind.INVITATION).endorsement is None


def test_without_endorsement_or_notes_there_is_none(academy):
    assert load(academy.driver.id, DossierKind.INVITATION).endorsement is None


def test_a_scouting_dossier_carries_no_notes_or_comments(academy, rubric):
    make_graded_session(
        academy.driver,
        academy.coach,
        {rubric["racecraft"]: 8},
        notes="Private note",
        comment="Private comment",
    )
    data = load(academy.driver.id, DossierKind.SCOUTING)
    assert data.grades and data.sessions
    assert all(g.comment == "" for g in data.grades)
    assert all(s.notes == "" for s in data.sessions)
    assert data.driver.story == ""


def test_a_sponsor_dossier_carries_the_story_and_notes(academy, rubric):
    make_graded_session(academy.driver, academy.coach, {rubric["media"]: 8}, notes="Press day")
    data = load(academy.driver.id, DossierKind.SPONSOR)
    assert [s.notes for s in data.sessions] == ["Press day"]


def test_a_corrected_grade_gives_way_to_its_revision(academy, rubric):
    session = make_graded_session(academy.driver, academy.coach, {rubric["racecraft"]: 4})
    first = session.grades[0]
    db.session.add(
        Grade(
            session_id=session.id,
            driver_id=academy.driver.id,
            competency_id=first.competency_id,
            score=8,
            revision=2,
            supersedes_id=first.id,
            graded_by_id=academy.coach.id,
            correction_reason="typo",
        )
    )
    db.session.commit()
    grades = load(academy.driver.id, DossierKind.SCOUTING).grades
    assert [g.score for g in grades] == [8.0]


def test_crew_and_class_figures_come_from_the_same_race(academy):
    make_race(academy.driver, rival_lap_ms=117_000)
    row = load(academy.driver.id, DossierKind.SCOUTING).results[0]
    assert row.co_drivers == ("Jonas Ødegård",)
    assert row.crew_drive_time_s == 4 * 3600
    assert row.co_driver_best_lap_ms == 119_400
    assert row.class_best_lap_ms == 117_000
    assert row.class_field_size == 2


def test_the_cohort_median_uses_each_members_latest_grade(academy, rubric):
    cohort = make_cohort()
    academy.driver.cohort_id = cohort.id
    academy.other_driver.cohort_id = cohort.id
    db.session.commit()
    make_graded_session(
        academy.driver, academy.coach, {rubric["racecraft"]: 4}, on=date(2026, 1, 1)
    )
    make_graded_session(
        academy.driver, academy.coach, {rubric["racecraft"]: 8}, on=date(2026, 2, 1)
    )
    make_graded_session(academy.other_driver, academy.other_coach, {rubric["racecraft"]: 6})
    comparison = load(academy.driver.id, DossierKind.SCOUTING).cohort
    assert comparison.cohort_size == 2
    assert comparison.driver_scores == {"Racecraft": 8.0}
    assert comparison.cohort_medians == {"Racecraft": 7.0}


def test_the_licence_printed_is_the_highest_valid_one(academy):
    from academy.models import Licence

    db.session.add(
        Licence(
            driver_id=academy.driver.id,
            grade=LicenceGrade.INTERNATIONAL_A,
            asn="JAF",
            number="OLD-A",
            issued_on=date(2010, 1, 1),
            expires_on=date(2011, 1, 1),
        )
    )
    db.session.commit()
    licence = load(academy.driver.id, DossierKind.INVITATION).licence
    assert licence.grade is LicenceGrade.INTERNATIONAL_C
