"""One check per rule kind, and the arranged view of a driver's facts they read.

A check is built once per rule set and evaluation day (dates, filters and phrases worked out
then) and evaluated for any number of drivers. Nothing dated after as_of is ever read.

Speed matters here (a cohort board evaluates thousands of drivers at once), hence the shape:
each check that reads results or sessions registers a filter and gets a slot; a driver's
facts are sorted into every slot in one pass, with one Evidence per fact, and a check then
only bisects its slot by date.
"""

from __future__ import annotations

import abc
import dataclasses
import math
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from academy.enums import Categorisation, RaceClass, ResultStatus, SessionType, label
from academy.pathway import wording as words
from academy.pathway.facts import (
    DriverFacts,
    GradeFact,
    LicenceFact,
    MedicalFact,
    ResultFact,
)
from academy.pathway.rules import (
    KINDS,
    CategorisationIn,
    ClassifiedStarts,
    CoachGrades,
    EnduranceHours,
    Group,
    MinAge,
    MinLicenceGrade,
    NightRunning,
    PreviousStage,
    Requirement,
    SessionsCompleted,
    ValidMedical,
)
from academy.pathway.verdicts import (
    Evidence,
    Progress,
    RequirementVerdict,
    StageVerdict,
    Status,
    combined_status,
)
from academy.validity import age_on, birthday_in, licence_on, valid_on

_RESULT_ORDER = attrgetter("event_date", "id")
_SESSION_ORDER = attrgetter("held_on", "id")
_COMPETENCY = attrgetter("competency_key")
_RACE_HOURS = attrgetter("race_duration_hours")
_LAPS = attrgetter("laps")
_COMPETENCY_GRADE_ORDER = attrgetter("competency_key", "graded_on", "session_id")

# A race the driver did not start gave no driving, whatever else it says.
_STARTED = frozenset(ResultStatus) - {ResultStatus.DNS}

# What decides whether a fact can count for a check, by plain values (enum members hash in
# Python code, their values in C): series code, class, status and night flag of a result;
# type and night flag of a session.
ResultKey = tuple[str, str, str, bool]
SessionKey = tuple[str, bool, bool]


class ResultFilter:
    """Which results a check reads, apart from their dates."""

    __slots__ = ("series", "classes", "statuses", "night_only")

    def __init__(
        self,
        series: frozenset[str],
        classes: frozenset[RaceClass],
        statuses: frozenset[ResultStatus],
        night_only: bool = False,
    ) -> None:
        self.series = series
        self.classes = frozenset(member.value for member in classes)
        self.statuses = frozenset(member.value for member in statuses)
        self.night_only = night_only

    @property
    def identity(self) -> tuple[object, ...]:
        return (self.series, self.classes, self.statuses, self.night_only)

    def accepts(self, key: ResultKey) -> bool:
        series, race_class, status, night = key
        return (
            (not self.series or series.upper() in self.series)
            and (not self.classes or race_class in self.classes)
            and status in self.statuses
            and (night or not self.night_only)
        )


class SessionFilter:
    """Which coaching sessions a check reads, apart from their dates."""

    __slots__ = ("types", "night_only", "approved_only")

    def __init__(
        self,
        types: frozenset[SessionType],
        night_only: bool = False,
        approved_only: bool = False,
    ) -> None:
        self.types = frozenset(member.value for member in types)  # empty: any type
        self.night_only = night_only
        self.approved_only = approved_only

    @property
    def identity(self) -> tuple[object, ...]:
        return (self.types, self.night_only, self.approved_only)

    def accepts(self, key: SessionKey) -> bool:
        session_type, night, approved = key
        return (
            (not self.types or session_type in self.types)
            and (night or not self.night_only)
            and (approved or not self.approved_only)
        )


class FilterIndex:
    """The filters of a prepared rule set, numbered (their slots); for each key it remembers
    which slots accept it. Checks that read the same facts share a slot."""

    __slots__ = ("filters", "accepting", "earliest")

    def __init__(self) -> None:
        self.filters: list[Any] = []
        self.accepting: dict[tuple[Any, ...], tuple[int, ...]] = {}
        self.earliest = date.max  # no check reads a fact dated before this

    def register(self, fact_filter: ResultFilter | SessionFilter, start: date) -> int:
        """The slot of a filter whose check reads facts from `start` on."""
        self.earliest = min(self.earliest, start)
        for slot, known in enumerate(self.filters):
            if known.identity == fact_filter.identity:
                return slot
        self.filters.append(fact_filter)
        self.accepting.clear()
        return len(self.filters) - 1

    def slots_for(self, key: tuple[Any, ...]) -> tuple[int, ...]:
        found = self.accepting.get(key)
        if found is None:
            found = tuple(
                slot for slot, fact_filter in enumerate(self.filters) if fact_filter.accepts(key)
            )
            self.accepting[key] = found
        return found


class CheckContext:
    """What the checks of one prepared rule set share."""

    __slots__ = ("as_of", "stage_names", "results", "sessions", "milestones")

    def __init__(self, as_of: date, stage_names: dict[str, str]) -> None:
        self.as_of = as_of
        self.stage_names = stage_names
        self.results = FilterIndex()
        self.sessions = FilterIndex()
        # Results that reach stages (any date up to as_of): kept apart, so that reading the
        # whole history for them does not widen what the windowed checks sort.
        self.milestones = FilterIndex()


# What a slot holds for each fact: its date, the fact and its Evidence, oldest first.
Entry = tuple[date, Any, Evidence]
_DAY = itemgetter(0)
_EVIDENCE = itemgetter(2)


def evidence_of(entries: list[Entry]) -> tuple[Evidence, ...]:
    return tuple(map(_EVIDENCE, entries))


class DriverView:
    """The facts of one driver up to as_of, arranged so that each check reads only its own."""

    __slots__ = (
        "facts",
        "as_of",
        "stages",
        "memo",
        "_results",
        "_sessions",
        "_grades",
        "_summaries",
        "_grade_evidence",
        "_first",
    )

    def __init__(self, facts: DriverFacts, as_of: date, context: CheckContext) -> None:
        self.facts = facts
        self.as_of = as_of
        self.stages: dict[str, StageVerdict] = {}
        # What several checks find alike, keyed by (kind of finding, ...): licence and
        # medical findings, grade summaries.
        self.memo: dict[tuple[object, ...], Any] = {}
        self._grades: dict[str, list[GradeFact]] | None = None
        self._summaries: dict[tuple[str, int], GradeSummary] = {}
        self._grade_evidence: dict[tuple[str, int], tuple[Evidence, ...]] = {}

        index = context.results
        results: list[list[Entry]] = [[] for _ in index.filters]
        if index.filters:
            accepting, earliest = index.accepting, index.earliest
            in_reach = [r for r in facts.results if earliest <= r.event_date <= as_of]
            in_reach.sort(key=_RESULT_ORDER)
            for result in in_reach:
                key = (
                    result.series_code,
                    result.race_class._value_,
                    result.status._value_,
                    result.night,
                )
                slots = accepting.get(key)
                if slots is None:
                    slots = index.slots_for(key)
                if slots:
                    day = result.event_date
                    entry = (day, result, Evidence("result", result.id, day))
                    for slot in slots:
                        results[slot].append(entry)
        self._results = results

        index = context.sessions
        sessions: list[list[Entry]] = [[] for _ in index.filters]
        if index.filters:
            accepting, earliest = index.accepting, index.earliest
            in_reach = [s for s in facts.sessions if earliest <= s.held_on <= as_of]
            in_reach.sort(key=_SESSION_ORDER)
            for session in in_reach:
                key = (session.session_type._value_, session.night, session.aco_approved)
                slots = accepting.get(key)
                if slots is None:
                    slots = index.slots_for(key)
                if slots:
                    day = session.held_on
                    entry = (day, session, Evidence("session", session.id, day))
                    for slot in slots:
                        sessions[slot].append(entry)
        self._sessions = sessions

        index = context.milestones
        first: list[ResultFact | None] = [None] * len(index.filters)
        if index.filters:
            for result in facts.results:
                if result.event_date > as_of:
                    continue
                key = (
                    result.series_code,
                    result.race_class._value_,
                    result.status._value_,
                    result.night,
                )
                slots = index.accepting.get(key)
                if slots is None:
                    slots = index.slots_for(key)
                for slot in slots:
                    known = first[slot]
                    if known is None or (result.event_date, result.id) < (
                        known.event_date,
                        known.id,
                    ):
                        first[slot] = result
        self._first = first

    def select_results(self, slot: int, start: date, end: date) -> list[Entry]:
        """A slot's results dated start..end (both inclusive), oldest first."""
        entries = self._results[slot]
        low = bisect_left(entries, start, key=_DAY)
        return entries[low : bisect_right(entries, end, low, key=_DAY)]

    def first_result(self, slot: int) -> Evidence | None:
        """The oldest result of a milestone slot (on or before as_of), as evidence."""
        found = self._first[slot]
        return None if found is None else Evidence("result", found.id, found.event_date)

    def select_sessions(self, slot: int, start: date, end: date) -> list[Entry]:
        """A slot's sessions dated start..end (both inclusive), oldest first."""
        entries = self._sessions[slot]
        low = bisect_left(entries, start, key=_DAY)
        return entries[low : bisect_right(entries, end, low, key=_DAY)]

    def grades(self, competency: str) -> list[GradeFact]:
        """Grades on one competency given on or before as_of, oldest first."""
        grouped = self._grades
        if grouped is None:
            as_of = self.as_of
            in_order = sorted(
                (grade for grade in self.facts.grades if grade.graded_on <= as_of),
                key=_COMPETENCY_GRADE_ORDER,
            )
            grouped = self._grades = {
                key: list(grades) for key, grades in groupby(in_order, key=_COMPETENCY)
            }
        return grouped.get(competency, _NONE)

    def grade_summary(self, competency: str, take: int) -> GradeSummary:
        """How many grades a competency has, the mean of the last `take` (None if there are
        fewer) and those grades; shared by every check that reads them."""
        key = (competency, take)
        summary = self._summaries.get(key)
        if summary is None:
            graded = self.grades(competency)
            if len(graded) < take:
                summary = (len(graded), None, ())
            elif take == 1:
                summary = (len(graded), graded[-1].score, (graded[-1],))
            else:
                counted = tuple(graded[-take:])
                summary = (len(graded), sum(grade.score for grade in counted) / take, counted)
            self._summaries[key] = summary
        return summary

    def grade_evidence(
        self, competency: str, take: int, competency_words: str
    ) -> tuple[Evidence, ...]:
        """The grades of a summary as evidence (made once, when first needed)."""
        key = (competency, take)
        evidence = self._grade_evidence.get(key)
        if evidence is None:
            evidence = self._grade_evidence[key] = tuple(
                Evidence(
                    "grade",
                    grade.session_id,
                    grade.graded_on,
                    _graded(competency_words, grade.score),
                )
                for grade in self.grade_summary(competency, take)[2]
            )
        return evidence


_NONE: list[GradeFact] = []

# Grades on a competency: how many, the mean of the last few (None if too few), those grades.
GradeSummary = tuple[int, float | None, tuple[GradeFact, ...]]


@lru_cache(maxsize=4096)
def _graded(competency_words: str, score: float) -> str:
    """'racecraft 7': scores come from a short scale, so each is written once."""
    return f"{competency_words} {words.number(score)}"


def _more(have: int | float, amount: str) -> str:
    """'2 more' once something counts, plain '2' before anything does."""
    return f"{amount} more" if have else amount


def _article(text: str) -> str:
    return "an" if text[:1].lower() in "aeiou" else "a"


def _have(count: int, singular: str, plural: str) -> str:
    return f"{words.plural(count, singular, plural)} {'has' if count == 1 else 'have'}"


# --- checks, one class per rule kind ----------------------------------------------------------


class Check(abc.ABC):
    """One requirement, ready to be evaluated against any driver on the prepared day."""

    __slots__ = ("requirement", "as_of", "_shared")

    def __init__(self, requirement: Requirement, context: CheckContext):
        self.as_of = context.as_of
        self._shared: dict[tuple[Status, str, Progress | None], RequirementVerdict] = {}
        # The requirement as every verdict shows it: with a label, written here if the rule
        # file gave none.
        self.requirement = requirement
        if not requirement.label:
            self.requirement = dataclasses.replace(requirement, label=self.describe())

    @abc.abstractmethod
    def describe(self) -> str:
        """The requirement in plain words, for a rule file that gave no label."""

    @abc.abstractmethod
    def evaluate(self, view: DriverView) -> RequirementVerdict:
        """The verdict for one driver."""

    def verdict(
        self,
        status: Status,
        *,
        evidence: tuple[Evidence, ...] = (),
        missing: str = "",
        progress: Progress | None = None,
        notes: tuple[str, ...] = (),
    ) -> RequirementVerdict:
        if evidence or notes:
            return RequirementVerdict(self.requirement, status, evidence, missing, progress, notes)
        # A verdict with nothing of the driver's own in it is the same for every driver who
        # gets it (verdicts are immutable): made once, then shared.
        key = (status, missing, progress)
        found = self._shared.get(key)
        if found is None:
            found = RequirementVerdict(self.requirement, status, (), missing, progress, ())
            if len(self._shared) < _SHARED_LIMIT:
                self._shared[key] = found
        return found


# Enough for every plain outcome of a check; beyond it (sentences with a driver's own
# dates in them) verdicts are simply made afresh.
_SHARED_LIMIT = 256


# What a licence or medical check found for a driver: status, evidence, missing.
Finding = tuple[Status, tuple[Evidence, ...], str]


def _licence_evidence(licence: LicenceFact) -> Evidence:
    detail = label(licence.grade)
    if licence.expires_on is not None:
        detail += f", valid until {words.format_date(licence.expires_on)}"
    return Evidence("licence", licence.id, licence.issued_on, detail)


def _medical_evidence(medical: MedicalFact) -> Evidence:
    detail = f"valid until {words.format_date(medical.expires_on)}" if medical.expires_on else ""
    return Evidence("medical", medical.id, medical.issued_on, detail)


def _expiry_finding(expires_on: date, as_of: date, warn_days: int, evidence: Evidence, what: str):
    """MET, or EXPIRING when the document runs out within warn_days of as_of."""
    days_left = (expires_on - as_of).days
    if days_left <= warn_days:
        when = "today" if days_left == 0 else f"on {words.format_date(expires_on)}"
        return Status.EXPIRING, (evidence,), f"renew your {what}: it expires {when}"
    return Status.MET, (evidence,), ""


class _MinLicenceGradeCheck(Check):
    __slots__ = ("params", "grade_words", "memo_key")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, MinLicenceGrade)
        self.params = requirement.params
        self.grade_words = label(self.params.grade)
        self.memo_key = ("licence", self.params.grade.value, self.params.warn_days)
        super().__init__(requirement, context)

    def describe(self) -> str:
        return f"{self.grade_words} licence or higher, valid"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        # Stages ask for the same grade again and again: look at the licences once.
        finding = view.memo.get(self.memo_key)
        if finding is None:
            finding = view.memo[self.memo_key] = self.find(view.facts.licences)
        status, evidence, missing = finding
        return self.verdict(status, evidence=evidence, missing=missing)

    def find(self, licences: tuple[LicenceFact, ...]) -> Finding:
        as_of, wanted = self.as_of, self.params.grade
        held = [lic for lic in licences if lic.issued_on is None or lic.issued_on <= as_of]
        good_enough = [lic for lic in held if lic.grade >= wanted]
        valid = [lic for lic in good_enough if valid_on(lic, as_of)]
        if valid:
            best = max(valid, key=lambda lic: (lic.expires_on, lic.grade.rank, lic.id))
            assert best.expires_on is not None
            finding = _expiry_finding(
                best.expires_on,
                as_of,
                self.params.warn_days,
                _licence_evidence(best),
                f"{label(best.grade)} licence",
            )
            # Met: the evidence names the licence that counts on the day, as every page does
            # (academy.validity.licence_on); the requirement holds as long as `best` runs.
            counts = licence_on(valid, as_of)
            if finding[0] is Status.MET and counts is not None:
                return Status.MET, (_licence_evidence(counts),), ""
            return finding
        undated = [lic for lic in good_enough if lic.expires_on is None]
        if undated:
            best = max(undated, key=lambda lic: (lic.grade.rank, lic.id))
            return (
                Status.UNKNOWN,
                (_licence_evidence(best),),
                f"unknown: your {label(best.grade)} licence has no expiry date recorded",
            )
        lapsed = [lic for lic in good_enough if lic.expires_on is not None]
        current_lower = [lic for lic in held if valid_on(lic, as_of)]
        if lapsed:
            last = max(lapsed, key=lambda lic: (lic.expires_on, lic.id))
            assert last.expires_on is not None
            expired = words.format_date(last.expires_on)
            reason = f"your {label(last.grade)} licence expired on {expired}"
        elif current_lower:
            best = max(current_lower, key=lambda lic: (lic.grade.rank, lic.id))
            reason = f"you hold {_article(label(best.grade))} {label(best.grade)} licence"
        elif held:
            reason = "your licence is no longer valid"
        else:
            reason = "no licence recorded"
        missing = (
            f"{_article(self.grade_words)} {self.grade_words} licence or higher, valid on "
            f"{words.format_date(as_of)} ({reason})"
        )
        return Status.NOT_MET, (), missing


class _ValidMedicalCheck(Check):
    __slots__ = ("params", "memo_key")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, ValidMedical)
        self.params = requirement.params
        self.memo_key = ("medical", self.params.warn_days)
        super().__init__(requirement, context)

    def describe(self) -> str:
        return "Valid medical certificate"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        finding = view.memo.get(self.memo_key)
        if finding is None:
            finding = view.memo[self.memo_key] = self.find(view.facts.medicals)
        status, evidence, missing = finding
        return self.verdict(status, evidence=evidence, missing=missing)

    def find(self, medicals: tuple[MedicalFact, ...]) -> Finding:
        as_of = self.as_of
        issued = [m for m in medicals if m.issued_on is None or m.issued_on <= as_of]
        valid = [m for m in issued if valid_on(m, as_of)]
        if valid:
            best = max(valid, key=lambda medical: (medical.expires_on, medical.id))
            assert best.expires_on is not None
            return _expiry_finding(
                best.expires_on,
                as_of,
                self.params.warn_days,
                _medical_evidence(best),
                "medical certificate",
            )
        if any(medical.expires_on is None for medical in issued):
            return (
                Status.UNKNOWN,
                (),
                "unknown: your medical certificate has no expiry date recorded",
            )
        if issued:
            last = max(issued, key=lambda medical: (medical.expires_on, medical.id))
            assert last.expires_on is not None
            reason = f"yours expired on {words.format_date(last.expires_on)}"
        else:
            reason = "none recorded"
        missing = f"a medical certificate valid on {words.format_date(as_of)} ({reason})"
        return Status.NOT_MET, (), missing


class _MinAgeCheck(Check):
    __slots__ = ("params",)

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, MinAge)
        self.params = requirement.params
        super().__init__(requirement, context)

    def describe(self) -> str:
        years = words.plural(self.params.years, "year")
        if self.params.counted == "calendar_year":
            return f"{years} old in the calendar year (the year of the birthday counts)"
        return f"At least {years} old"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        years = self.params.years
        born = view.facts.date_of_birth
        if born is None:
            return self.verdict(Status.UNKNOWN, missing="unknown: no date of birth recorded")
        if born > self.as_of:
            return self.verdict(
                Status.UNKNOWN,
                missing=(
                    f"unknown: the date of birth recorded ({words.format_date(born)}) is after "
                    f"{words.format_date(self.as_of)}; please correct it"
                ),
            )
        by_year = self.params.counted == "calendar_year"
        age = self.as_of.year - born.year if by_year else age_on(born, self.as_of)
        progress = Progress(have=age, need=years, unit="years")
        if age >= years:
            return self.verdict(Status.MET, progress=progress)
        if by_year:
            missing = (
                f"turn {years} in the calendar year: from 1 January {born.year + years} "
                f"(you turn {years} in {born.year + years})"
            )
        else:
            turns = birthday_in(born, born.year + years)
            missing = f"be {years} years old: you turn {years} on {words.format_date(turns)}"
        return self.verdict(Status.NOT_MET, progress=progress, missing=missing)


class _CategorisationCheck(Check):
    __slots__ = ("params", "allowed_words", "answers")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, CategorisationIn)
        self.params = requirement.params
        self.allowed_words = words.either(label(item) for item in sorted(self.params.allowed))
        self.answers: dict[Categorisation | None, RequirementVerdict] = {}
        super().__init__(requirement, context)

    def describe(self) -> str:
        return f"FIA driver categorisation {self.allowed_words}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        category = view.facts.categorisation_on(self.as_of)
        # The verdict depends on the category alone: made once per category, then shared.
        answer = self.answers.get(category)
        if answer is None:
            answer = self.answers[category] = self.answer(category)
        return answer

    def answer(self, category: Categorisation | None) -> RequirementVerdict:
        if category is None:
            return self.verdict(
                Status.UNKNOWN, missing="unknown: no FIA driver categorisation recorded"
            )
        if category in self.params.allowed:
            return self.verdict(Status.MET)
        return self.verdict(
            Status.NOT_MET,
            missing=(
                f"an FIA driver categorisation of {self.allowed_words} (yours is {label(category)})"
            ),
        )


class _CountingCheck(Check):
    """A check that counts facts: 'have' of 'need', and '2 more ...' in words.

    The same counts come up for driver after driver, so each progress and each sentence
    is made once and then shared.
    """

    __slots__ = (
        "need",
        "unit",
        "start",
        "end",
        "singular",
        "plural",
        "tail",
        "window",
        "window_label",
        "_progress",
        "_missing",
    )

    def __init__(self, requirement: Requirement, context: CheckContext, need: int, unit: str):
        self.need = need
        self.unit = unit
        self._progress: dict[int, Progress] = {}
        self._missing: dict[int, str] = {}
        super().__init__(requirement, context)

    def noun(self, count: int) -> str:
        return self.singular if count == 1 else self.plural

    def describe(self) -> str:
        count = self.need
        return f"{count} {self.noun(count)}{self.tail}{self.window_label}"

    def counted(
        self, have: int, evidence: tuple[Evidence, ...], notes: tuple[str, ...] = ()
    ) -> RequirementVerdict:
        progress = self._progress.get(have)
        if progress is None:
            progress = self._progress[have] = Progress(have, self.need, self.unit)
        if not evidence and not notes:
            status = Status.MET if have >= self.need else Status.NOT_MET
            return self.verdict(status, missing=self.missing_for(have), progress=progress)
        if have >= self.need:
            return RequirementVerdict(self.requirement, Status.MET, evidence, "", progress, notes)
        return RequirementVerdict(
            self.requirement, Status.NOT_MET, evidence, self.missing_for(have), progress, notes
        )

    def counted_at_least(
        self,
        entries: list[Entry],
        value: Any,
        least: float,
        nouns: tuple[str, str],
        unrecorded: str,
        tail: str = "",
    ) -> RequirementVerdict:
        """Count the entries whose `value` (of the fact) is at least `least`; those with no
        value recorded do not count, and a note says how many of them there are."""
        enough = tuple(
            evidence
            for _day, fact, evidence in entries
            if (amount := value(fact)) is not None and amount >= least
        )
        unknown = sum(1 for _day, fact, _ in entries if value(fact) is None)
        notes: tuple[str, ...] = ()
        if unknown:
            notes = (
                f"{_have(unknown, *nouns)} {unrecorded}, so "
                f"{'it does' if unknown == 1 else 'they do'} not count{tail}",
            )
        return self.counted(len(enough), enough, notes)

    def missing_for(self, have: int) -> str:
        if have >= self.need:
            return ""
        missing = self._missing.get(have)
        if missing is None:
            short = self.need - have
            missing = f"{_more(have, str(short))} {self.noun(short)}{self.tail}{self.window}"
            self._missing[have] = missing
        return missing


class _ClassifiedStartsCheck(_CountingCheck):
    __slots__ = ("params", "slot")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, ClassifiedStarts)
        self.params = params
        self.start, self.end = params.window.bounds(context.as_of)
        self.slot = context.results.register(
            ResultFilter(params.series, params.classes, params.statuses), self.start
        )
        classes = words.classes_words(params.classes) + " " if params.classes else ""
        if params.statuses == {ResultStatus.CLASSIFIED}:
            self.singular, self.plural = f"classified {classes}start", f"classified {classes}starts"
        else:
            qualifier = f" ({words.statuses_words(params.statuses)})"
            self.singular = f"{classes}start{qualifier}"
            self.plural = f"{classes}starts{qualifier}"
        if params.top is not None:
            where = " in class" if params.position == "class" else " overall"
            self.singular = f"top-{params.top}{where} finish ({self.singular})"
            self.plural = f"top-{params.top}{where} finishes ({self.plural})"
        tail = words.series_words(params.series)
        if params.min_race_hours is not None:
            tail += f" in races of {words.hours_words(params.min_race_hours)} or more"
        self.tail = tail
        self.window = words.window_words(params.window, context.as_of)
        self.window_label = words.window_label(params.window)
        super().__init__(requirement, context, params.count, "starts")

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_results(self.slot, self.start, self.end)
        top = self.params.top
        if top is not None:
            attribute = (
                "position_in_class" if self.params.position == "class" else ("position_overall")
            )
            entries = [
                entry
                for entry in entries
                if (place := getattr(entry[1], attribute)) is not None and place <= top
            ]
        shortest = self.params.min_race_hours
        if shortest is None:
            return self.counted(len(entries), evidence_of(entries))
        return self.counted_at_least(
            entries,
            _RACE_HOURS,
            shortest,
            ("result", "results"),
            "no race length recorded",
            " here",
        )


class _NightRunningCheck(_CountingCheck):
    __slots__ = ("params", "slot", "session_slot")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, NightRunning)
        self.params = params
        self.start, self.end = params.window.bounds(context.as_of)
        self.slot = context.results.register(
            ResultFilter(params.series, frozenset(), _STARTED, night_only=True), self.start
        )
        self.session_slot = None
        if params.include_sessions:
            self.session_slot = context.sessions.register(
                SessionFilter(params.session_types, night_only=True), self.start
            )
        series = words.series_words(params.series)
        if params.include_sessions and params.session_types:
            kinds = words.session_types_words(params.session_types)
            self.singular = f"race or {kinds} session with night running"
            self.plural = f"races or {kinds} sessions with night running"
            self.tail = f" (races{series})" if series else ""
        elif params.include_sessions:
            self.singular = "race or session with night running"
            self.plural = "races or sessions with night running"
            self.tail = f" (races{series})" if series else ""
        else:
            self.singular = "race with night running"
            self.plural = "races with night running"
            self.tail = series
        self.window = words.window_words(params.window, context.as_of)
        self.window_label = words.window_label(params.window)
        super().__init__(requirement, context, params.count, "night runs")

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_results(self.slot, self.start, self.end)
        if self.session_slot is not None:
            sessions = view.select_sessions(self.session_slot, self.start, self.end)
            if sessions:
                # By date; on the same day, races before sessions (the sort is stable).
                entries = sorted(entries + sessions, key=_DAY)
        return self.counted(len(entries), evidence_of(entries))


class _SessionsCompletedCheck(_CountingCheck):
    __slots__ = ("params", "slot")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, SessionsCompleted)
        self.params = params
        self.start, self.end = params.window.bounds(context.as_of)
        self.slot = context.sessions.register(
            SessionFilter(params.session_types, approved_only=params.aco_approved), self.start
        )
        kinds = words.session_types_words(params.session_types)
        if params.aco_approved:
            kinds = f"ACO-approved {kinds}"
        laps = f" of at least {words.plural(params.min_laps, 'lap')}" if params.min_laps else ""
        if params.per_day:
            self.singular, self.plural = f"day of {kinds} running", f"days of {kinds} running"
            self.tail = f"{laps} over the day" if laps else ""
        else:
            self.singular, self.plural = f"{kinds} session", f"{kinds} sessions"
            self.tail = laps
        self.window = words.window_words(params.window, context.as_of)
        self.window_label = words.window_label(params.window)
        super().__init__(
            requirement, context, params.count, "days" if params.per_day else "sessions"
        )

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_sessions(self.slot, self.start, self.end)
        if self.params.per_day:
            return self.by_day(entries)
        fewest = self.params.min_laps
        if fewest is None:
            return self.counted(len(entries), evidence_of(entries))
        return self.counted_at_least(
            entries, _LAPS, fewest, ("session", "sessions"), "no laps recorded"
        )

    def by_day(self, entries: list[Entry]) -> RequirementVerdict:
        """Days whose sessions add up to min_laps (a Test Day logged as two sessions of 9 and 3
        laps is one day of 12 laps: the ACO counts laps over the day)."""
        fewest = self.params.min_laps or 0
        days: list[tuple[Evidence, ...]] = []
        no_laps = 0
        for _day, day_entries in groupby(entries, key=_DAY):
            sessions = list(day_entries)
            laps = 0
            for _on, session, _evidence in sessions:
                if session.laps is None:
                    no_laps += 1
                else:
                    laps += session.laps
            if laps >= fewest:
                days.append(evidence_of(sessions))
        notes: tuple[str, ...] = ()
        if no_laps and fewest:
            notes = (
                f"{_have(no_laps, 'session', 'sessions')} no laps recorded, so "
                f"{'it adds' if no_laps == 1 else 'they add'} none to its day",
            )
        evidence = tuple(item for day in days for item in day)
        return self.counted(len(days), evidence, notes)


class _EnduranceHoursCheck(Check):
    __slots__ = ("params", "slot", "start", "end", "tail", "window", "need_seconds", "phrases")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, EnduranceHours)
        self.params = params
        self.start, self.end = params.window.bounds(context.as_of)
        self.slot = context.results.register(
            ResultFilter(params.series, params.classes, _STARTED), self.start
        )
        classes = f" in {words.classes_words(params.classes)}" if params.classes else ""
        self.tail = f"{classes}{words.series_words(params.series)}"
        self.window = words.window_words(params.window, context.as_of)
        self.need_seconds = params.hours * 3600
        self.phrases: dict[tuple[int, bool], str] = {}
        super().__init__(requirement, context)

    def describe(self) -> str:
        hours = words.hours_words(self.params.hours)
        return f"{hours} of driving{self.tail}{words.window_label(self.params.window)}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        driven = 0
        untimed = 0
        counted = []
        for _day, result, evidence in view.select_results(self.slot, self.start, self.end):
            seconds = result.drive_time_seconds
            if seconds is None:
                untimed += 1
            elif seconds > 0:
                driven += seconds
                counted.append(evidence)
        notes: tuple[str, ...] = ()
        if untimed:
            notes = (
                f"{_have(untimed, 'result', 'results')} no drive time recorded, so "
                f"{'it counts' if untimed == 1 else 'they count'} as 0 hours",
            )
        # Shown rounded down, so a driver never reads "10 of 10 hours" while still short.
        progress = Progress(
            have=math.floor(driven / 360) / 10, need=self.params.hours, unit="hours"
        )
        if driven >= self.need_seconds:
            return self.verdict(Status.MET, evidence=tuple(counted), progress=progress, notes=notes)
        return self.verdict(
            Status.NOT_MET,
            evidence=tuple(counted),
            progress=progress,
            notes=notes,
            missing=self.missing(driven),
        )

    def missing(self, driven: int) -> str:
        # Shortfalls are said in whole minutes, so each sentence is written once.
        minutes = math.ceil((self.need_seconds - driven) / 60)
        phrase = self.phrases.get((minutes, driven > 0))
        if phrase is None:
            short = words.duration_words(minutes * 60)
            amount = f"{short} more driving" if driven else f"{short} of driving"
            phrase = f"{amount}{self.tail}{self.window}"
            self.phrases[(minutes, driven > 0)] = phrase
        return phrase


class _CoachGradesCheck(Check):
    __slots__ = ("params", "take", "level_words", "competencies", "phrases")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, CoachGrades)
        self.params = params
        self.take = params.n if params.mode == "average_last_n" else 1
        self.level_words = words.number(params.min_level)
        if self.take > 1:
            needs = f"needs an average of {self.level_words} or above over {params.n} grades"
        else:
            needs = f"needs {self.level_words} or above"
        # (key, words, what to say when not graded, the tail after a short count)
        self.competencies = tuple(
            (
                key,
                words.competency_words(key),
                f"{words.competency_words(key)}: not graded yet, {needs}",
                f" of the {params.n} grades needed so far, {needs}",
            )
            for key in params.competencies
        )
        # Scores come from a short scale, so each shortfall sentence is written once.
        self.phrases: dict[tuple[str, float], str] = {}
        super().__init__(requirement, context)

    def describe(self) -> str:
        params = self.params
        names = words.either((words.competency_words(key) for key in params.competencies), "and")
        if params.mode == "average_last_n":
            how = f"average of the last {words.plural(params.n, 'grade')}"
        else:
            how = "latest grade"
        return f"Coach grades: {names} at {self.level_words} or above ({how})"

    def shortfall(self, name: str, score: float) -> str:
        phrase = self.phrases.get((name, score))
        if phrase is None:
            if self.take > 1:
                now = f"average of the last {self.take} grades is {words.number(score)}"
            else:
                now = f"latest grade {words.number(score)}"
            phrase = f"{name}: {now}, needs {self.level_words} or above"
            self.phrases[(name, score)] = phrase
        return phrase

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        take, level = self.take, self.params.min_level
        shortfalls: list[str] = []
        evidence: list[Evidence] = []
        at_level = 0
        for key, name, not_graded, too_few in self.competencies:
            count, score, _counted = view.grade_summary(key, take)
            if not count:
                shortfalls.append(not_graded)
            elif score is None:
                shortfalls.append(f"{name}: {count}{too_few}")
            elif score >= level:
                at_level += 1
                evidence.extend(view.grade_evidence(key, take, name))
            else:
                shortfalls.append(self.shortfall(name, score))
        progress = Progress(have=at_level, need=len(self.competencies), unit="competencies")
        return self.verdict(
            Status.NOT_MET if shortfalls else Status.MET,
            evidence=tuple(evidence),
            progress=progress,
            missing="; ".join(shortfalls),
        )


class PreviousStageCheck(Check):
    __slots__ = ("stage_key", "stage_name", "answers")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, PreviousStage)
        self.stage_key = requirement.params.stage
        self.stage_name = context.stage_names.get(self.stage_key, self.stage_key)
        super().__init__(requirement, context)
        # The verdict depends on nothing but the earlier stage's status: made once, shared.
        name = self.stage_name
        self.answers = {
            Status.MET: self.verdict(Status.MET),
            Status.EXPIRING: self.verdict(
                Status.EXPIRING, missing=f"keep {name} valid: something there expires soon"
            ),
            Status.UNKNOWN: self.verdict(
                Status.UNKNOWN,
                missing=f"unknown: {name} cannot be checked until its missing facts are recorded",
            ),
            Status.NOT_MET: self.verdict(
                Status.NOT_MET, missing=f"first complete the previous stage, {name}"
            ),
        }

    def describe(self) -> str:
        return f"Previous stage reached: {self.stage_name}"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        stage = view.stages.get(self.stage_key)
        if stage is None:
            return self.verdict(
                Status.UNKNOWN,
                missing=f"unknown: there is no stage {self.stage_key!r} in this rule set",
            )
        if stage.reached_on is not None:
            # Reached once stays reached; what must hold there is asked again where it matters.
            return self.answers[Status.MET]
        return self.answers[stage.status]


# An any_of group takes its best part: met, then expiring, then unknown, then not met.
_BEST_FIRST = {Status.MET: 0, Status.EXPIRING: 1, Status.UNKNOWN: 2, Status.NOT_MET: 3}


class _GroupCheck(Check):
    """any_of: the best of its parts; all_of: every part. The parts' verdicts come along, so
    pages, horizon and wording see them."""

    __slots__ = ("params", "parts")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, Group)
        self.params = params
        self.parts = tuple(make_check(part, context) for part in params.parts)
        super().__init__(requirement, context)

    def describe(self) -> str:
        labels = [check.requirement.label for check in self.parts]
        if self.params.any:
            return "Either " + words.either(labels, "or")
        return words.either(labels, "and")

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        found = tuple(check.evaluate(view) for check in self.parts)
        if self.params.any:
            best = min(found, key=lambda verdict: _BEST_FIRST[verdict.status])
            status = best.status
            evidence = best.evidence
            if status.counts_as_met:
                missing = best.missing
            else:
                missing = "either " + words.either(
                    (f"{verdict.label}: {verdict.missing}" for verdict in found), "or"
                )
        else:
            status = combined_status(verdict.status for verdict in found)
            evidence = tuple(item for verdict in found for item in verdict.evidence)
            missing = "; ".join(verdict.missing for verdict in found if verdict.missing)
        return RequirementVerdict(self.requirement, status, evidence, missing, None, (), found)


CHECKS: dict[str, type[Check]] = {
    "min_licence_grade": _MinLicenceGradeCheck,
    "min_age": _MinAgeCheck,
    "valid_medical": _ValidMedicalCheck,
    "classified_starts": _ClassifiedStartsCheck,
    "endurance_hours": _EnduranceHoursCheck,
    "night_running": _NightRunningCheck,
    "coach_grades": _CoachGradesCheck,
    "categorisation_in": _CategorisationCheck,
    "sessions_completed": _SessionsCompletedCheck,
    "previous_stage": PreviousStageCheck,
    "any_of": _GroupCheck,
    "all_of": _GroupCheck,
}
assert set(CHECKS) == set(KINDS), "every rule kind needs a check"


def make_check(requirement: Requirement, context: CheckContext) -> Check:
    check_type = CHECKS.get(requirement.kind)
    if check_type is None:
        raise ValueError(f"Requirement {requirement.id!r} has an unknown kind {requirement.kind!r}")
    return check_type(requirement, context)
