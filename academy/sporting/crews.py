"""Crew legality under a class's crew rule, and "fits my crew" for principals. Pure.

A driver's category is the one on the race date, or None when it is not known (an external
co-driver, a driver not on the FIA list): a verdict that depends on it is UNKNOWN, never LEGAL.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from academy.enums import Categorisation
from academy.sporting import wording
from academy.sporting.rules import CategoryLimit, CrewRule, Key, SportingRules

CATEGORIES: tuple[Categorisation, ...] = tuple(Categorisation)


@dataclass(frozen=True, slots=True)
class CrewMember:
    """A driver of a crew: the caller's id, the name shown, the category on the race date."""

    driver: Key
    name: str
    category: Categorisation | None


class CrewStatus(enum.Enum):
    LEGAL = "legal"
    ILLEGAL = "illegal"
    UNKNOWN = "unknown"  # depends on a category that is not known
    NO_CREW = "no_crew"  # no drivers named
    NO_RULE = "no_rule"  # the season's rules have no crew rule for the class

    @property
    def words(self) -> str:
        return wording.crew_status_words(self)


@dataclass(frozen=True, slots=True)
class CrewVerdict:
    status: CrewStatus
    class_name: str
    size: int
    reasons: tuple[str, ...]  # in words, one per problem (or per unknown driver)
    unknown: tuple[CrewMember, ...] = ()  # drivers whose category is not known
    rule: CrewRule | None = None

    @property
    def legal(self) -> bool:
        return self.status is CrewStatus.LEGAL


def check_crew(rules: SportingRules, class_name: str, crew: Sequence[CrewMember]) -> CrewVerdict:
    """The crew of one car in one race of the season, checked against its class's rule."""
    rule = rules.crew_rule(class_name)
    if rule is None:
        return CrewVerdict(
            CrewStatus.NO_RULE,
            class_name,
            len(crew),
            (wording.no_crew_rule_words(rules.name, class_name),),
        )
    return check_crew_rule(rule, crew)


def check_crew_rule(rule: CrewRule, crew: Sequence[CrewMember]) -> CrewVerdict:
    size = len(crew)
    if size == 0:
        return CrewVerdict(
            CrewStatus.NO_CREW, rule.class_name, 0, (wording.no_crew_words(),), rule=rule
        )
    known = [member.category for member in crew if member.category is not None]
    unknown = tuple(member for member in crew if member.category is None)
    if not unknown:
        reasons = _problems(rule, _counts(known), size, crew)
        status = CrewStatus.ILLEGAL if reasons else CrewStatus.LEGAL
        return CrewVerdict(status, rule.class_name, size, tuple(reasons), rule=rule)
    # Every way the unknown categories could turn out: illegal whatever they are, or unknown.
    could_be_legal = any(
        _allowed(rule, _counts(known + list(guess)), size)
        for guess in itertools.combinations_with_replacement(CATEGORIES, len(unknown))
    )
    if not could_be_legal:
        # Only the problems that hold whatever the unknown categories are.
        reasons = _certain_problems(rule, known, len(unknown), size, crew)
        return CrewVerdict(
            CrewStatus.ILLEGAL, rule.class_name, size, tuple(reasons), unknown=unknown, rule=rule
        )
    legal_if = _legal_if(rule, known, unknown) if len(unknown) == 1 else None
    reasons = [wording.unknown_category_words(unknown, legal_if)]
    return CrewVerdict(
        CrewStatus.UNKNOWN, rule.class_name, size, tuple(reasons), unknown=unknown, rule=rule
    )


def _counts(categories: Sequence[Categorisation]) -> dict[Categorisation, int]:
    counts = dict.fromkeys(CATEGORIES, 0)
    for category in categories:
        counts[category] += 1
    return counts


def _count_in(limit: CategoryLimit, counts: dict[Categorisation, int]) -> int:
    return sum(counts[category] for category in limit.categories)


def _allowed(rule: CrewRule, counts: dict[Categorisation, int], size: int) -> bool:
    """Whether a crew of these category counts meets the rule (`_problems` without the words)."""
    if size < rule.min_drivers or size > rule.max_drivers:
        return False
    return all(limit.allows(_count_in(limit, counts)) for limit in rule.limits)


def _problems(
    rule: CrewRule,
    counts: dict[Categorisation, int],
    size: int,
    crew: Sequence[CrewMember],
) -> list[str]:
    problems: list[str] = []
    if size < rule.min_drivers or size > rule.max_drivers:
        problems.append(wording.crew_size_words(rule, size))
    for limit in rule.limits:
        count = _count_in(limit, counts)
        if not limit.allows(count):
            named = [m.name for m in crew if m.category in limit.categories]
            problems.append(wording.category_limit_words(rule, limit, count, named))
    return problems


def _certain_problems(
    rule: CrewRule,
    known: list[Categorisation],
    unknowns: int,
    size: int,
    crew: Sequence[CrewMember],
) -> list[str]:
    """The problems no category of the unknown drivers could cure, in words."""
    problems: list[str] = []
    if size < rule.min_drivers or size > rule.max_drivers:
        problems.append(wording.crew_size_words(rule, size))
    counts = _counts(known)
    for limit in rule.limits:
        count = _count_in(limit, counts)
        too_many = limit.maximum is not None and count > limit.maximum
        too_few = count + unknowns < limit.minimum
        if too_many or too_few:
            named = [m.name for m in crew if m.category in limit.categories]
            problems.append(wording.category_limit_words(rule, limit, count, named))
    if not problems:
        # Each limit could be met alone, but not all together.
        problems.append(wording.no_mix_words(rule))
    return problems


def _legal_if(
    rule: CrewRule, known: list[Categorisation], unknown: tuple[CrewMember, ...]
) -> tuple[Categorisation, ...]:
    size = len(known) + len(unknown)
    return tuple(
        category for category in CATEGORIES if _allowed(rule, _counts([*known, category]), size)
    )


class FitStatus(enum.Enum):
    LEGAL = "legal"  # with the candidate the crew is legal as it stands
    OPEN = "open"  # not legal yet, but more drivers can make it legal
    CLOSED = "closed"  # no crew with the candidate can be legal
    UNKNOWN = "unknown"  # depends on a category of the crew that is not known

    @property
    def words(self) -> str:
        return wording.fit_status_words(self)


@dataclass(frozen=True, slots=True)
class CrewFit:
    candidate: Categorisation
    status: FitStatus
    still_needed: tuple[str, ...]  # in words: "1 more Bronze driver", "1 more driver"
    reasons: tuple[str, ...] = ()  # why CLOSED or UNKNOWN, in words


def crew_fit(
    rule: CrewRule, current: Sequence[Categorisation | None], candidate: Categorisation
) -> CrewFit:
    """Whether adding a driver of `candidate` category to a principal's crew (the categories
    of the drivers they already have, None where not known) makes a legal crew, or keeps the
    way open to one, and what would still be needed."""
    known = [category for category in current if category is not None]
    unknowns = len(current) - len(known)
    with_candidate = [*known, candidate]
    if unknowns:
        statuses = {
            _fit(rule, with_candidate + list(guess))
            for guess in itertools.combinations_with_replacement(CATEGORIES, unknowns)
        }
        if len(statuses) > 1:
            return CrewFit(
                candidate,
                FitStatus.UNKNOWN,
                (),
                (wording.fit_unknown_words(unknowns),),
            )
        status = statuses.pop()
        if status is FitStatus.CLOSED:
            return CrewFit(candidate, status, (), (wording.fit_closed_words(rule, candidate),))
        return CrewFit(candidate, status, _still_needed(rule, with_candidate, unknowns))
    status = _fit(rule, with_candidate)
    if status is FitStatus.CLOSED:
        return CrewFit(candidate, status, (), (wording.fit_closed_words(rule, candidate),))
    return CrewFit(candidate, status, _still_needed(rule, with_candidate, 0))


def crew_fits(rule: CrewRule, current: Sequence[Categorisation | None]) -> tuple[CrewFit, ...]:
    """`crew_fit` for a candidate of each category, Bronze first."""
    return tuple(crew_fit(rule, current, category) for category in CATEGORIES)


def _legal(rule: CrewRule, categories: Sequence[Categorisation]) -> bool:
    return _allowed(rule, _counts(categories), len(categories))


def _fit(rule: CrewRule, categories: list[Categorisation]) -> FitStatus:
    if _legal(rule, categories):
        return FitStatus.LEGAL
    room = rule.max_drivers - len(categories)
    for extra in range(1, room + 1):
        for added in itertools.combinations_with_replacement(CATEGORIES, extra):
            if _legal(rule, [*categories, *added]):
                return FitStatus.OPEN
    return FitStatus.CLOSED


def _still_needed(
    rule: CrewRule, categories: list[Categorisation], unknowns: int
) -> tuple[str, ...]:
    """What the crew still lacks, by the limits it falls short of and its size."""
    counts = _counts(categories)
    size = len(categories) + unknowns
    needed: list[str] = []
    named_drivers = 0
    for limit in rule.limits:
        # A driver whose category is not known is not counted towards any category.
        short = limit.minimum - _count_in(limit, counts)
        if short > 0:
            needed.append(wording.more_drivers_words(short, limit.categories))
            named_drivers = max(named_drivers, short)
    more = rule.min_drivers - size - named_drivers
    if more > 0:
        needed.append(wording.more_drivers_words(more, None))
    return tuple(needed)
