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

import calendar
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from academy.pathway.facts import DriverFacts, LicenceFact, MedicalFact
from academy.pathway.rules import (
    ClassifiedStarts,
    EnduranceHours,
    MinAge,
    MinLicenceGrade,
    NightRunning,
    SessionsCompleted,
    ValidMedical,
)
from academy.pathway.verdicts import DriverPathway, RequirementVerdict, Status
from academy.validity import birthday_in

ONE_DAY = timedelta(days=1)
_WINDOWED = (ClassifiedStarts, NightRunning, SessionsCompleted, EnduranceHours)
# The engine refuses later evaluation days, so nothing is ever needed beyond it.
FOREVER = date(2100, 12, 31)


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's end."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unchanged_through(facts: DriverFacts, pathway: DriverPathway) -> date:
    """The last day on which every stage requirement's status is still what `pathway` (worked
    out from `facts`) says, if no fact is added, changed or removed (FOREVER when nothing
    ahead can change it)."""
    return min(_last_quiet_days(facts, pathway), default=FOREVER)


def _last_quiet_days(facts: DriverFacts, pathway: DriverPathway) -> Iterable[date]:
    """For each coming change, the last day before it (days on or after as_of)."""
    as_of = pathway.as_of
    for day in _fact_dates(facts):
        if day > as_of:
            yield day - ONE_DAY
    drive_seconds: dict[int, int] = {}
    for stage in pathway.stages:
        for verdict in _with_parts(stage.requirements):
            params = verdict.requirement.params
            if isinstance(params, MinLicenceGrade):
                yield from _expiries(facts.licences, params.warn_days, as_of)
            elif isinstance(params, ValidMedical):
                yield from _expiries(facts.medicals, params.warn_days, as_of)
            elif (
                isinstance(params, MinAge)
                and facts.date_of_birth is not None
                and facts.date_of_birth.year + params.years <= FOREVER.year
            ):
                born = facts.date_of_birth
                if params.counted == "calendar_year":
                    birthday = date(born.year + params.years, 1, 1)
                else:
                    birthday = birthday_in(born, born.year + params.years)
                if birthday > as_of:
                    yield birthday - ONE_DAY
            elif verdict.status is Status.MET and isinstance(params, _WINDOWED):
                if isinstance(params, EnduranceHours) and not drive_seconds:
                    drive_seconds = {
                        result.id: result.drive_time_seconds or 0 for result in facts.results
                    }
                last_day = _last_day_still_met(verdict, drive_seconds, as_of)
                if last_day is not None:
                    yield last_day


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


def _expiries(
    documents: Sequence[LicenceFact | MedicalFact], warn_days: int, as_of: date
) -> Iterable[date]:
    """A document valid through expires_on is "expiring" from warn_days before it."""
    for document in documents:
        expires_on = document.expires_on
        if expires_on is None:
            continue
        if expires_on >= as_of:
            yield expires_on
        quiet_until = expires_on - timedelta(days=warn_days + 1)
        if quiet_until >= as_of:
            yield quiet_until


def _last_day_still_met(
    verdict: RequirementVerdict, drive_seconds: dict[int, int], as_of: date
) -> date | None:
    """For a met "in the last N months" requirement: the last day before enough of what counts
    (its evidence, oldest first) has left the window for it to be met no more."""
    params = verdict.requirement.params
    assert isinstance(params, _WINDOWED)
    window = params.window
    if window.seasons is not None:
        # A new season moves the window's start on: facts from the oldest season leave it.
        began = window.season_began(as_of)
        return max(began.replace(year=began.year + 1) - ONE_DAY, as_of)
    months = window.months
    if months is None:
        return None
    if isinstance(params, EnduranceHours):
        seconds = drive_seconds
        by_date = sorted(verdict.evidence, key=lambda evidence: evidence.on or as_of)
        remaining = sum(seconds.get(evidence.id, 0) for evidence in by_date)
        breaking = None
        for evidence in by_date:
            remaining -= seconds.get(evidence.id, 0)
            if remaining < params.hours * 3600:
                breaking = evidence.on
                break
    else:
        counted = sorted(evidence.on for evidence in verdict.evidence if evidence.on is not None)
        if isinstance(params, SessionsCompleted) and params.per_day:
            counted = sorted(set(counted))  # what counts is days, each with its sessions
        surplus = len(counted) - params.count  # how many may leave with it still met
        breaking = counted[surplus] if 0 <= surplus < len(counted) else None
    if breaking is None:
        return None
    # Inside the window through months_after(day, N) at least (the window's start is clamped
    # to month ends, so sometimes a little longer): never later than the truth, and it is
    # inside on as_of itself.
    return max(months_after(breaking, months), as_of)
