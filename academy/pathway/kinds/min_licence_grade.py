"""min_licence_grade: a racing licence of at least a grade, valid on the day (a licence that
runs out within warn_days is "expiring")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from academy.enums import LicenceGrade, label
from academy.pathway import wording as words
from academy.pathway.checks import (
    Check,
    CheckContext,
    DriverView,
    Finding,
    article,
    expiry_finding,
)
from academy.pathway.facts import DriverFacts, LicenceFact
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._horizon import expiries
from academy.pathway.reading import MAX_WARN_DAYS, Reader
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import Evidence, RequirementVerdict, Status, new_evidence, new_verdict
from academy.validity import licence_on, valid_on


@dataclass(frozen=True, slots=True)
class MinLicenceGrade:
    grade: LicenceGrade
    warn_days: int


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> MinLicenceGrade | None:
    grade = None
    if raw.get("grade") is None:
        reader.problem(where, "missing field 'grade'")
    else:
        grade = reader.member(LicenceGrade, raw["grade"], "licence grade", where)
    warn = reader.integer(
        raw,
        "warn_days",
        where,
        required=False,
        maximum=MAX_WARN_DAYS,
        default=reader.default_warn_days,
    )
    if grade is None:
        return None
    return MinLicenceGrade(grade=grade, warn_days=warn or 0)


def licence_evidence(licence: LicenceFact) -> Evidence:
    detail = label(licence.grade)
    if licence.expires_on is not None:
        detail += f", valid until {words.format_date(licence.expires_on)}"
    return new_evidence("licence", licence.id, licence.issued_on, detail)


class MinLicenceGradeCheck(Check):
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
        if evidence:  # the driver's own licence in it: a verdict of its own
            return new_verdict(self.requirement, status, evidence, missing)
        return self.verdict(status, missing=missing)

    def find(self, licences: tuple[LicenceFact, ...]) -> Finding:
        as_of, wanted = self.as_of, self.params.grade
        held = [lic for lic in licences if lic.issued_on is None or lic.issued_on <= as_of]
        good_enough = [lic for lic in held if lic.grade >= wanted]
        valid = [lic for lic in good_enough if valid_on(lic, as_of)]
        if valid:
            best = max(valid, key=lambda lic: (lic.expires_on, lic.grade.rank, lic.id))
            assert best.expires_on is not None
            # Met: the evidence names the licence that counts on the day, as every page does
            # (academy.validity.licence_on); the requirement holds as long as `best` runs.
            counts = licence_on(valid, as_of)
            if (best.expires_on - as_of).days > self.params.warn_days and counts is not None:
                return Status.MET, (licence_evidence(counts),), ""
            return expiry_finding(
                best.expires_on,
                as_of,
                self.params.warn_days,
                licence_evidence(best),
                f"{label(best.grade)} licence",
            )
        undated = [lic for lic in good_enough if lic.expires_on is None]
        if undated:
            best = max(undated, key=lambda lic: (lic.grade.rank, lic.id))
            return (
                Status.UNKNOWN,
                (licence_evidence(best),),
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
            reason = f"you hold {article(label(best.grade))} {label(best.grade)} licence"
        elif held:
            reason = "your licence is no longer valid"
        else:
            reason = "no licence recorded"
        missing = (
            f"{article(self.grade_words)} {self.grade_words} licence or higher, valid on "
            f"{words.format_date(as_of)} ({reason})"
        )
        return Status.NOT_MET, (), missing


def horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    return expiries(facts.licences, verdict.requirement.params.warn_days, as_of)


register(
    Kind(
        name="min_licence_grade",
        params=MinLicenceGrade,
        fields=frozenset({"grade", "warn_days"}),
        read=read,
        check=MinLicenceGradeCheck,
        horizon=horizon,
        listed=10,
    )
)
