"""How long a driver's statuses stay as they are when nothing new is recorded.

Time alone changes a verdict in a few ways only:
- a fact dated after the evaluation day starts to count on its day;
- what counts towards an "in the last N months" requirement leaves the window: only a met
  requirement can change that way (fewer facts never meet a requirement), and only when so
  many have left that fewer than it asks for remain;
- a licence or medical comes within its warning days, or runs out;
- a birthday comes round.
`unchanged_through` finds the first of those and answers the day before it, so the statuses of
a pathway worked out on its as_of hold on every day up to and including the answer (not the
wording of what is missing, which names the evaluation day). It may answer early, never late.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from academy.pathway.facts import DriverFacts, LicenceFact, MedicalFact
from academy.pathway.kinds import horizon_days
from academy.pathway.kinds._horizon import FOREVER, ONE_DAY
from academy.pathway.rules import months_after
from academy.pathway.verdicts import DriverPathway, RequirementVerdict

__all__ = ["FOREVER", "months_after", "unchanged_through"]


def unchanged_through(facts: DriverFacts, pathway: DriverPathway) -> date:
    """The last day on which every stage requirement's status is still what `pathway` (worked
    out from `facts`) says, if no fact is added, changed or removed (FOREVER when nothing
    ahead can change it)."""
    return min(_last_quiet_days(facts, pathway), default=FOREVER)


def _last_quiet_days(facts: DriverFacts, pathway: DriverPathway) -> Iterable[date]:
    """For each coming change, the last day before it (days on or after as_of): a fact dated
    later starts to count on its day; what else time changes, each kind says (its horizon)."""
    as_of = pathway.as_of
    for day in _fact_dates(facts):
        if day > as_of:
            yield day - ONE_DAY
    memo: dict[Any, Any] = {}  # what the kinds work out once per driver
    for stage in pathway.stages:
        for verdict in _with_parts(stage.requirements):
            yield from horizon_days(verdict, facts, as_of, memo)


def _with_parts(verdicts: Iterable[RequirementVerdict]) -> Iterable[RequirementVerdict]:
    """Every verdict, and the parts of any_of / all_of groups inside it."""
    for verdict in verdicts:
        yield verdict
        if verdict.parts:
            yield from _with_parts(verdict.parts)


def _fact_dates(facts: DriverFacts) -> Iterable[date]:
    yield from (result.event_date for result in facts.results)
    yield from (session.held_on for session in facts.sessions)
    yield from (grade.graded_on for grade in facts.grades)
    documents: Sequence[LicenceFact | MedicalFact] = (*facts.licences, *facts.medicals)
    yield from (document.issued_on for document in documents if document.issued_on)
    yield from (record.effective_on for record in facts.categorisations)
    if facts.date_of_birth is not None:
        yield facts.date_of_birth  # before it, a date of birth "in the future" is unknown
