"""What each dossier says: the sections of its kind, with the driver's data in them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from academy.dossiers.pdf import build_dossier
from academy.enums import DossierKind


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def texts(make_input, pages_of):
    """The whole text of each kind, built once for this module."""
    return {kind: "\n".join(pages_of(build_dossier(make_input(kind)))) for kind in DossierKind}


@pytest.mark.parametrize("kind", list(DossierKind))
def test_every_kind_names_the_driver_in_latin_and_native_script(texts, kind):
    assert "Kamui Kobayashi" in texts[kind]
    assert "小林 可夢偉" in texts[kind]


def test_invitation_prints_identity_licence_and_categorisation(texts):
    text = texts[DossierKind.INVITATION]
    assert "Kobayashi Kamui" in text
    assert "13 September 2003 (age 22)" in text
    assert "International B — JAF no. B-2024-0113" in text
    assert "Silver (review 30 June 2026)" in text


def test_scouting_dossier_gives_age_and_grade_but_no_birth_date_or_licence_number(texts):
    text = texts[DossierKind.SCOUTING]
    assert "Age" in text and "22" in text
    assert "13 September 2003" not in text
    assert "B-2024-0113" not in text
    assert "International B" in text


def test_invitation_race_record_lists_every_result_with_co_drivers(texts, make_input):
    text = flat(texts[DossierKind.INVITATION])
    for result in make_input().results:
        assert flat(result.event) in text
    for co_driver in ("김민수", "สมชาย", "Ødegård", "Léa Müller-Łukasz"):
        assert flat(co_driver) in text


def test_invitation_pathway_shows_every_requirement_status_and_evidence(texts, make_input):
    text = flat(texts[DossierKind.INVITATION])
    for stage in make_input().pathway:
        assert flat(stage.stage) in text
        for requirement in stage.requirements:
            assert flat(requirement.requirement) in text
            for evidence in requirement.evidence:
                assert flat(evidence) in text
            if requirement.missing:
                assert flat(requirement.missing) in text
    for verdict in ("Met", "Notmet", "Met,expiringsoon", "Eligible", "Notyeteligible"):
        assert verdict in text


def test_invitation_carries_the_coach_endorsement(texts):
    text = flat(texts[DossierKind.INVITATION])
    assert flat("Ready for a Le Mans rookie seat: calm in traffic") in text
    assert flat("— Signed by Ana Costa, coach, 1 February 2026") in text


def test_sponsor_has_story_highlights_seasons_growth_and_media(texts):
    text = texts[DossierKind.SPONSOR]
    assert "Started karting in Amagasaki" in text
    for heading in ("Highlights", "Results by season", "Growth in coach gradings", "Media work"):
        assert heading in text
    assert "Interview with Motorsport Asia, January 2026" in text


def test_scouting_has_ratings_crew_comparison_laps_and_cohort(texts):
    text = texts[DossierKind.SCOUTING]
    for heading in (
        "Ratings per competency",
        "Against co-drivers and class",
        "Lap-time progression per circuit",
        "Comparison with the cohort",
    ):
        assert heading in text
    assert "Traffic management (multi-class)" in text
    assert "Cohort 2024 intake: 9 drivers." in text
    assert "Sepang International Circuit" in text


def test_scouting_ratings_show_a_trend_per_competency(texts):
    text = texts[DossierKind.SCOUTING]
    assert "rising" in text or "falling" in text or "steady" in text


@pytest.mark.parametrize(
    ("kind", "axis_titles"),
    [
        (DossierKind.SPONSOR, ("Season", "Races", "Month graded", "Mean score (0-10)")),
        (DossierKind.SCOUTING, ("Session date", "Best lap", "Latest score (0-10)", "Competency")),
    ],
)
def test_charts_have_labelled_axes(texts, kind, axis_titles):
    for title in axis_titles:
        assert title in texts[kind]


def test_team_name_with_markup_characters_prints_as_typed(texts):
    assert flat("#20 Smith & <Sons> Racing") in flat(texts[DossierKind.INVITATION])


def test_media_item_with_markup_characters_prints_as_typed(texts):
    assert "Sponsor day for Smith & <Sons>" in texts[DossierKind.SPONSOR]


def test_note_with_a_font_tag_prints_as_typed(texts):
    assert "Press day <font name=x> with sponsor" in texts[DossierKind.SPONSOR]


def test_endorsement_with_markup_characters_prints_as_typed(make_input, pages_of):
    data = make_input()
    endorsement = replace(data.endorsement, text="Trust <b>me</b> & <font name=x>this</font>")
    text = "\n".join(pages_of(build_dossier(replace(data, endorsement=endorsement))))
    assert "Trust <b>me</b> & <font name=x>this</font>" in text


def test_dossier_without_results_says_so_in_each_results_section(make_input, pages_of):
    for kind in DossierKind:
        data = replace(make_input(kind), results=())
        text = "\n".join(pages_of(build_dossier(data)))
        assert "No race results recorded." in text


def test_dossier_of_a_new_driver_with_no_history_builds(make_input, pages_of):
    for kind in DossierKind:
        data = replace(
            make_input(kind),
            results=(),
            grades=(),
            sessions=(),
            pathway=(),
            endorsement=None,
            cohort=None,
            media_work=(),
            licence=None,
            categorisation=None,
        )
        text = "\n".join(pages_of(build_dossier(data)))
        assert "Kamui Kobayashi" in text


def test_same_input_gives_the_same_bytes(make_input):
    data = make_input(DossierKind.SCOUTING)
    assert build_dossier(data) == build_dossier(data)
