"""Crew legality and "fits my crew": legal, illegal with reasons in words, unknown when the
verdict depends on a category nobody knows (never legal), a crew of one and no crew."""

from __future__ import annotations

from academy.enums import Categorisation
from academy.sporting import (
    CrewStatus,
    FitStatus,
    check_crew,
    check_crew_rule,
    crew_fit,
    crew_fits,
)
from tests.sporting.builders import crew, shipped

B, S, G, P = (
    Categorisation.BRONZE,
    Categorisation.SILVER,
    Categorisation.GOLD,
    Categorisation.PLATINUM,
)
ALMS = shipped("alms-2025-26")
LE_MANS = shipped("lemans-2026")
LMP3 = ALMS.crew_rule("LMP3")  # 2-3 drivers, at least one Bronze, no Platinum


def test_a_crew_with_a_bronze_is_legal():
    verdict = check_crew(ALMS, "LMP2", crew(B, S, G))
    assert verdict.status is CrewStatus.LEGAL and verdict.legal
    assert verdict.reasons == () and verdict.size == 3


def test_a_crew_without_a_bronze_is_illegal_and_says_why():
    verdict = check_crew(ALMS, "LMP2", crew(S, G, P))
    assert verdict.status is CrewStatus.ILLEGAL
    assert verdict.reasons == ("no Bronze driver; ALMS requires at least one in LMP2",)


def test_a_platinum_in_lmp3_is_illegal_naming_the_driver():
    verdict = check_crew(ALMS, "LMP3", crew(B, P))
    assert verdict.reasons == ("a Platinum driver (Driver 2); ALMS allows none in LMP3",)


def test_every_problem_is_listed():
    verdict = check_crew(ALMS, "LMP3", crew(P, G, S, G))
    assert verdict.reasons == (
        "4 drivers; ALMS LMP3 crews have at most 3",
        "no Bronze driver; ALMS requires at least one in LMP3",
        "a Platinum driver (Driver 1); ALMS allows none in LMP3",
    )


def test_a_bronze_in_a_le_mans_hypercar_is_illegal():
    verdict = check_crew(LE_MANS, "Hypercar", crew(P, G, B))
    assert verdict.status is CrewStatus.ILLEGAL
    assert verdict.reasons == (
        "a Bronze driver (Driver 3); the 24 Hours of Le Mans allows none in Hypercar",
    )


def test_a_crew_of_one_is_shown_as_such():
    verdict = check_crew(ALMS, "GT", crew(B))
    assert verdict.status is CrewStatus.ILLEGAL
    assert verdict.reasons == ("1 driver; ALMS GT crews have 2 to 3",)


def test_an_empty_crew_is_no_crew_not_a_verdict():
    verdict = check_crew(ALMS, "GT", [])
    assert verdict.status is CrewStatus.NO_CREW and not verdict.legal
    assert verdict.reasons == ("no drivers named for this car",)
    assert verdict.status.words == "no drivers named"


def test_an_unknown_category_that_decides_the_verdict_is_unknown_never_legal():
    verdict = check_crew(ALMS, "LMP3", crew(G, None))
    assert verdict.status is CrewStatus.UNKNOWN and not verdict.legal
    assert [member.name for member in verdict.unknown] == ["Driver 2"]
    assert verdict.reasons == ("the category of Driver 2 is not known: legal only if Bronze",)


def test_an_unknown_category_is_unknown_even_when_every_category_would_do():
    # LMP2 at Le Mans has no category limit, yet an uncategorised driver may not start: unknown.
    verdict = check_crew(LE_MANS, "LMP2", crew(G, None))
    assert verdict.status is CrewStatus.UNKNOWN
    assert verdict.reasons == (
        "the category of Driver 2 is not known: legal with any category once categorised",
    )


def test_a_crew_illegal_whatever_the_unknown_categories_are_is_illegal():
    verdict = check_crew(ALMS, "LMP3", crew(B, P, None))
    assert verdict.status is CrewStatus.ILLEGAL
    assert verdict.reasons == ("a Platinum driver (Driver 2); ALMS allows none in LMP3",)
    too_big = check_crew(ALMS, "LMP3", crew(B, None, None, None))
    assert too_big.status is CrewStatus.ILLEGAL
    assert too_big.reasons == ("4 drivers; ALMS LMP3 crews have at most 3",)


def test_two_unknown_drivers_are_both_named():
    verdict = check_crew(ALMS, "LMP3", crew(None, None))
    assert verdict.status is CrewStatus.UNKNOWN
    assert verdict.reasons == ("the categories of Driver 1, Driver 2 are not known",)


def test_a_class_without_a_crew_rule_says_so():
    verdict = check_crew(ALMS, "Hypercar", crew(B, S))
    assert verdict.status is CrewStatus.NO_RULE
    assert verdict.reasons == ("Asian Le Mans Series 2025-26 has no crew rule for Hypercar",)


def test_the_rule_itself_can_be_checked_without_the_season():
    assert check_crew_rule(LMP3, crew(B, S)).legal


# -- fits my crew ---------------------------------------------------------------------------


def test_a_bronze_completes_a_gold_s_lmp3_crew():
    fit = crew_fit(LMP3, [G], B)
    assert fit.status is FitStatus.LEGAL and fit.still_needed == ()
    assert fit.status.words == "makes the crew legal"


def test_a_silver_keeps_the_way_open_and_says_a_bronze_is_still_needed():
    fit = crew_fit(LMP3, [G], S)
    assert fit.status is FitStatus.OPEN
    assert fit.still_needed == ("1 more Bronze driver",)


def test_a_platinum_closes_an_lmp3_crew():
    fit = crew_fit(LMP3, [B], P)
    assert fit.status is FitStatus.CLOSED
    assert fit.reasons == (
        "no ALMS LMP3 crew of 2 to 3 drivers can be legal with this Platinum driver and the "
        "drivers already chosen",
    )


def test_a_third_non_bronze_closes_a_crew_that_has_no_bronze_and_no_room():
    assert crew_fit(LMP3, [G, S], S).status is FitStatus.CLOSED
    assert crew_fit(LMP3, [G, S], B).status is FitStatus.LEGAL


def test_an_empty_crew_needs_a_bronze_and_a_second_driver():
    fit = crew_fit(LMP3, [], G)
    assert fit.status is FitStatus.OPEN
    assert fit.still_needed == ("1 more Bronze driver",)
    first_bronze = crew_fit(LMP3, [], B)
    assert first_bronze.status is FitStatus.OPEN
    assert first_bronze.still_needed == ("1 more driver",)


def test_a_fit_that_depends_on_an_unknown_category_is_unknown():
    fit = crew_fit(LMP3, [None, G], S)
    assert fit.status is FitStatus.UNKNOWN
    assert fit.reasons == ("1 driver of the crew without a known category",)
    # Whatever the unknown driver is, a Bronze makes three drivers with a Bronze... unless the
    # unknown one is a Platinum: still unknown.
    assert crew_fit(LMP3, [None, G], B).status is FitStatus.UNKNOWN


def test_crew_fits_gives_one_answer_per_category():
    fits = crew_fits(LMP3, [G])
    assert [(fit.candidate, fit.status) for fit in fits] == [
        (B, FitStatus.LEGAL),
        (S, FitStatus.OPEN),
        (G, FitStatus.OPEN),
        (P, FitStatus.CLOSED),
    ]
