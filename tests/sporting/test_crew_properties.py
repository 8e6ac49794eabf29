"""Crew verdicts hold for every crew of every shipped rule: an unknown category never gives
"legal", a verdict agrees with every way the unknown categories could turn out, and "fits my
crew" agrees with the crew check."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.enums import Categorisation
from academy.sporting import (
    CrewStatus,
    FitStatus,
    check_crew_rule,
    crew_fit,
    load_all_sporting_rules,
)
from tests.sporting.builders import crew

RULES = [rule for rules in load_all_sporting_rules().values() for rule in rules.crews]
categories = st.one_of(st.none(), st.sampled_from(list(Categorisation)))


@settings(max_examples=300, deadline=None)
@given(rule=st.sampled_from(RULES), drawn=st.lists(categories, max_size=5))
def test_a_verdict_agrees_with_every_completion_of_the_unknown_categories(rule, drawn):
    verdict = check_crew_rule(rule, crew(*drawn))
    if not drawn:
        assert verdict.status is CrewStatus.NO_CREW
        return
    unknown = [index for index, category in enumerate(drawn) if category is None]
    outcomes = set()
    for guess in itertools.product(list(Categorisation), repeat=len(unknown)):
        filled = list(drawn)
        for index, category in zip(unknown, guess, strict=True):
            filled[index] = category
        outcomes.add(check_crew_rule(rule, crew(*filled)).status)
    if unknown:
        assert verdict.status is not CrewStatus.LEGAL
        if outcomes == {CrewStatus.ILLEGAL}:
            assert verdict.status is CrewStatus.ILLEGAL
        else:
            assert verdict.status is CrewStatus.UNKNOWN
    else:
        assert outcomes == {verdict.status}
    # Legal says nothing more; every other verdict says why.
    assert bool(verdict.reasons) == (verdict.status is not CrewStatus.LEGAL)


@settings(max_examples=300, deadline=None)
@given(
    rule=st.sampled_from(RULES),
    current=st.lists(st.sampled_from(list(Categorisation)), max_size=3),
    candidate=st.sampled_from(list(Categorisation)),
)
def test_fits_my_crew_agrees_with_the_crew_check(rule, current, candidate):
    fit = crew_fit(rule, current, candidate)
    legal_now = check_crew_rule(rule, crew(*current, candidate)).legal
    assert (fit.status is FitStatus.LEGAL) == legal_now
    if fit.status is FitStatus.CLOSED:
        # No addition of up to the crew's maximum makes it legal.
        room = rule.max_drivers - len(current) - 1
        for extra in range(room + 1):
            for added in itertools.combinations_with_replacement(list(Categorisation), extra):
                assert not check_crew_rule(rule, crew(*current, candidate, *added)).legal
    if fit.status is FitStatus.OPEN:
        assert fit.still_needed
