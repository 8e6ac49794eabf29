"""What a reader of the PDFs met: the Pathway check heading alone at the foot of a page above
a stage table longer than the rest of it; trend words that said "falling" beside a latest
grade above its mean; and the ELMS and Le Mans seasons of one year merged into one row."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from academy.dossiers.pdf import build_dossier
from academy.dossiers.pdf.model import GradeEntry, RequirementVerdict, StageVerdict
from academy.dossiers.pdf.sections import _trend
from academy.enums import DossierKind
from tests.dossiers.pdf.test_dossier_headings import _last_line


def _long_stage() -> StageVerdict:
    """A stage whose table runs longer than a page: the evidence of twenty races."""
    races = tuple(
        f"{day} March 2026: Asian Le Mans Series race {day}, LMP2, P{day % 9 + 1}"
        for day in range(1, 21)
    )
    return StageVerdict(
        "Le Mans rookie: simulator day and Test Day",
        True,
        tuple(
            RequirementVerdict(f"Requirement {number}", "met", races, source="ACO regulations")
            for number in range(1, 4)
        ),
    )


@pytest.mark.parametrize("results", [3, 5, 7, 9, 11])
def test_the_pathway_heading_starts_on_the_page_of_its_first_stage(make_input, pages_of, results):
    data = replace(make_input(DossierKind.INVITATION, results=results), pathway=(_long_stage(),))
    pages = pages_of(build_dossier(data))
    for number, page in enumerate(pages, start=1):
        last = _last_line(page)
        assert last != "Pathway check" and not last.startswith("Evaluated against"), (
            f"page {number} ends with the pathway heading"
        )
        if "Evaluated against the rule set" in page:
            assert "Le Mans rookie: simulator day and Test Day" in page


@pytest.mark.parametrize(
    ("scores", "words"),
    [
        ([8, 8, 7, 7, 6, 8], "rising +0.8"),  # latest 8 above the mean of the last five, 7.2
        ([7, 7, 7, 7, 7.5, 7], "steady"),  # latest 7, mean 7.1: less than a step
        ([6, 7, 8, 9, 9, 6], "falling -1.8"),
        ([7], "—"),
    ],
)
def test_the_trend_word_agrees_with_the_latest_grade_and_the_mean_beside_it(scores, words):
    assert _trend(scores) == words


def test_each_scouting_rating_trend_agrees_with_its_row(make_input, pages_of):
    grades = tuple(
        GradeEntry("Media and sponsor work", score, date(2026, month, 1))
        for month, score in zip(range(1, 8), (8, 8, 7, 7, 7, 8, 8), strict=True)
    )
    text = "\n".join(
        pages_of(build_dossier(replace(make_input(DossierKind.SCOUTING), grades=grades)))
    )
    ratings = text.split("Ratings per competency", 1)[1].split("Trend: the latest", 1)[0]
    row = ratings.split("Media and sponsor work", 1)[1].split()
    assert row[:2] == ["8.0", "7.4"] and " ".join(row[3:5]) == "rising +0.6"


def test_the_elms_and_le_mans_seasons_of_one_year_are_two_rows(make_input, pages_of):
    data = make_input(DossierKind.SCOUTING, results=4)
    elms, le_mans, *rest = data.results
    results = (
        replace(elms, series="European Le Mans Series", season="2026"),
        replace(le_mans, series="24 Hours of Le Mans", season="2026"),
        *rest,
    )
    text = "\n".join(pages_of(build_dossier(replace(data, results=results))))
    section = " ".join(text.split("Against co-drivers and class", 1)[1].split())
    assert "European Le Mans Series 2026" in section
    assert "24 Hours of Le Mans 2026" in section
